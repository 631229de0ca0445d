"""The employee's answer to the employer's request for consent."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.actions import consent as consent_actions
from ekspertbistand.cases.models import ConsentRequest
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.domain import categories
from ekspertbistand.portal.auth import role_required
from ekspertbistand.portal.views.application import STEP_TITLES


@role_required(Role.EMPLOYEE)
def consent(request: HttpRequest, request_id: int) -> HttpResponse:
    consent_request = selectors.consent_request_for(request.user, request_id)  # type: ignore[arg-type]
    if consent_request is None:
        raise Http404(_("Fant ikke forespørselen."))
    if not consent_request.active:
        return _no_longer_valid(request, consent_request)
    case = selectors.get_case(request.user, Role.EMPLOYEE, consent_request.case.public_id,  # type: ignore[arg-type]
                              purpose="consent")
    error = ""
    challenges = (request.POST.getlist("challenges") if request.method == "POST"
                  else consent_request.challenges)
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("agree", "decline"):
            error = _("Velg om du samtykker eller ikke.")
        else:
            try:
                consent_actions.respond_to_consent(request.user, consent_request,  # type: ignore[arg-type]
                                                   agree=answer == "agree",
                                                   challenges=challenges)
                messages.success(request, _("Takk, svaret ditt er sendt til arbeidsgiveren. ")
                                 + (_("Arbeidsgiveren kan nå sende søknaden til NAV.")
                                    if answer == "agree" else
                                    _("Søknaden kan ikke sendes uten samtykket ditt.")))
                return redirect("portal:employee_home")
            except NotAllowed as form_error:
                error = str(form_error)
    context = selectors.step_context(case)
    sections = [s for s in selectors.application_summary(context)
                if s.slug in app_actions.STEPS_SHOWN_TO_EMPLOYEE]
    return render(request, "portal/consent.html", {
        "consent_request": consent_request, "case": case, "sections": sections, "error": error,
        "challenges": [(key, label, key in challenges)
                       for key, label in categories.CHALLENGES.items()],
    }, status=400 if error else 200)


def _no_longer_valid(request: HttpRequest, consent_request: ConsentRequest) -> HttpResponse:
    """An old request: the employer changed what the employee read (void, with the reason),
    or asked again (then the new request is the one to answer)."""
    newer = selectors.active_consent_to(request.user, consent_request.case)  # type: ignore[arg-type]
    if newer is not None:
        return redirect("portal:consent", request_id=newer.pk)
    return render(request, "portal/consent_void.html", {
        "consent_request": consent_request, "organisation": consent_request.case.organisation,
        "steps": [str(STEP_TITLES.get(s, s)) for s in consent_request.voided_steps],
    })
