"""Starting an application: the intro page (what you need, who sees it, how long it is kept,
the employee's right of access, the two confirmations), then the first step. The draft is
made when the first step is saved, so «Start ny søknad» leaves nothing behind on its own."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.application import STEPS, ContactForm, raw_answers
from ekspertbistand.cases.models import Organisation
from ekspertbistand.cases.permissions import NotAllowed, Role, organisations_of
from ekspertbistand.domain.retention import DRAFT_RETENTION_DAYS
from ekspertbistand.integrations.enhetsregisteret import RegisterUnavailable
from ekspertbistand.portal import contact_views
from ekspertbistand.portal.auth import role_required
from ekspertbistand.portal.views.application import ALL_STEP_SLUGS, STEP_TITLES

# Organisation numbers whose intro the employer has confirmed in this session.
INTRO_SESSION = "application_intro"
CONFIRMATIONS = {
    "confirm_correct": _("Jeg vil svare så riktig og fullstendig som jeg kan."),
    "confirm_together": _("Søknaden fylles ut sammen med arbeidstakeren, og vi er enige om at "
                          "ekspertbistand er riktig."),
}
CONFIRM_MISSING = _("Kryss av for begge punktene før du starter søknaden.")
ORG_MISSING = _("Velg virksomheten dere søker for.")
REGISTER_DOWN = _("Enhetsregisteret svarer ikke akkurat nå. Prøv igjen om litt; ingenting er "
                  "lagret ennå.")


def _own_organisation(request: HttpRequest, orgnr: str) -> Organisation | None:
    return next((o for o in organisations_of(request.user)  # type: ignore[arg-type]
                 if o.orgnr == orgnr), None)


@role_required(Role.EMPLOYER)
def new_application(request: HttpRequest) -> HttpResponse:
    """GET: the intro page. POST from «Mine saker» (only the organisation): the intro page
    for it. POST from the intro page: both confirmations, then the first step."""
    organisations = organisations_of(request.user)  # type: ignore[arg-type]
    data = request.POST if request.method == "POST" else request.GET
    chosen = data.get("orgnr", "") or (organisations[0].orgnr if len(organisations) == 1 else "")
    errors: dict[str, str] = {}
    if request.method == "POST" and "start" not in request.POST:
        return redirect(f"{reverse('portal:new_application')}?orgnr={chosen}")
    if request.method == "POST":
        organisation = _own_organisation(request, chosen)
        if organisation is None:
            errors["orgnr"] = str(ORG_MISSING)
        if not all(request.POST.get(name) for name in CONFIRMATIONS):
            errors["confirm_correct"] = str(CONFIRM_MISSING)
        if not errors and organisation is not None:
            confirmed = set(request.session.get(INTRO_SESSION, []))
            request.session[INTRO_SESSION] = sorted(confirmed | {organisation.orgnr})
            return redirect("portal:new_application_step", orgnr=organisation.orgnr)
    return render(request, "portal/application_intro.html", {
        "organisations": organisations, "chosen": chosen, "errors": errors,
        "confirmations": [(name, label, bool(request.POST.get(name)))
                          for name, label in CONFIRMATIONS.items()],
        "retention_days": DRAFT_RETENTION_DAYS,
    }, status=400 if errors else 200)


@role_required(Role.EMPLOYER)
def new_application_step(request: HttpRequest, orgnr: str) -> HttpResponse:
    """The first step before a draft exists. Saving it makes the draft."""
    organisation = _own_organisation(request, orgnr)
    if organisation is None or orgnr not in request.session.get(INTRO_SESSION, []):
        return redirect(f"{reverse('portal:new_application')}?orgnr={orgnr}")
    step = STEPS[0]
    form = ContactForm()
    if request.method == "POST":
        typed = raw_answers(ContactForm, request.POST)
        if any(typed.values()):
            try:
                organisation = app_actions.organisation_from_register(orgnr)
                case, errors = app_actions.start_application(
                    request.user, organisation, request.POST)  # type: ignore[arg-type]
            except (NotAllowed, RegisterUnavailable) as error:
                # Nothing is stored, but what was typed is shown again with the reason.
                form = ContactForm(typed)
                form.add_error(None, str(error) if isinstance(error, NotAllowed)
                               else str(REGISTER_DOWN))
            else:
                contact_views.link_talk_to_new_draft(request, case)  # decision 0030
                request.session[INTRO_SESSION] = [
                    o for o in request.session.get(INTRO_SESSION, []) if o != orgnr]
                if request.POST.get("action") == "later":
                    messages.success(request, _("Utkastet er lagret. Du finner det under "
                                                "«Mine saker»."))
                    return redirect("portal:employer_home")
                return redirect("portal:application_step", public_id=case.public_id,
                                slug=step.slug if errors else ALL_STEP_SLUGS[1])
        else:
            form = ContactForm(typed)  # nothing typed: the errors say what to fill in
    return render(request, "portal/application_step.html", {
        "case": None, "organisation": organisation, "form": form, "step": step,
        "nav": _first_step_nav(), "retention_days": DRAFT_RETENTION_DAYS,
    }, status=400 if form.is_bound and form.errors else 200)


def _first_step_nav() -> dict[str, Any]:
    return {"steps": [(s, STEP_TITLES[s], False) for s in ALL_STEP_SLUGS],
            "current": STEPS[0].slug, "number": 1, "total": len(ALL_STEP_SLUGS),
            "previous": None, "next": ALL_STEP_SLUGS[1], "step_title": STEP_TITLES[STEPS[0].slug]}
