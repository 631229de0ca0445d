"""The employer's application once a draft exists: its steps, the consent step, the summary
and sending; deleting a draft. Starting one (the intro page) is in ``new_application``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.actions import consent as consent_actions
from ekspertbistand.cases.application import STEPS, STEPS_BY_SLUG, bind_step
from ekspertbistand.cases.permissions import (
    NotAllowed,
    Role,
)
from ekspertbistand.domain.case_status import CONSENT_LABELS, CaseStatus, ConsentStatus
from ekspertbistand.domain.money import employer_share, format_kr
from ekspertbistand.domain.rates import rate_for_period
from ekspertbistand.portal.auth import role_required
from ekspertbistand.portal.views._common import _confirm, _employer_case

ALL_STEP_SLUGS = [s.slug for s in STEPS] + ["samtykke", "oppsummering"]
STEP_TITLES = {s.slug: s.title for s in STEPS} | {
    "samtykke": _("Arbeidstakerens samtykke"), "oppsummering": _("Oppsummering")}
# «Endre» on the summary adds ?tilbake=oppsummering: saving the step returns there.
RETURN_TO_SUMMARY = "oppsummering"


def _consent_voided(case: Any) -> dict[str, Any]:
    """When a saved change made the employee's agreement void: what changed, for the banner
    with the one button that asks again (on every page of the draft until asked)."""
    voided = selectors.voided_consent(case)
    if voided is None:
        return {}
    return {"voided": voided,
            "voided_titles": [str(STEP_TITLES.get(s, s)) for s in voided.voided_steps],
            # The employer put another person in «Arbeidstakeren»: the old request was theirs.
            "voided_other_person": voided.employee_national_id != case.employee_national_id}


def _step_nav(case: Any, slug: str) -> dict[str, Any]:
    index = ALL_STEP_SLUGS.index(slug)
    context = selectors.step_context(case)
    done = {s.slug for s in STEPS if (f := bind_step(s, context)).is_bound and f.is_valid()}
    if case.consent_status == ConsentStatus.AGREED:
        done.add("samtykke")
    return {
        "steps": [(s, STEP_TITLES[s], s in done) for s in ALL_STEP_SLUGS],
        "current": slug, "number": index + 1, "total": len(ALL_STEP_SLUGS),
        "previous": ALL_STEP_SLUGS[index - 1] if index > 0 else None,
        "next": ALL_STEP_SLUGS[index + 1] if index + 1 < len(ALL_STEP_SLUGS) else None,
        "step_title": STEP_TITLES[slug],
    }


@role_required(Role.EMPLOYER)
def application_step(request: HttpRequest, public_id: Any, slug: str) -> HttpResponse:
    case = _employer_case(request, public_id)
    if case.status != CaseStatus.DRAFT:
        return redirect("portal:case_detail", public_id=case.public_id)
    if slug == "samtykke":
        return _consent_step(request, case)
    if slug == "oppsummering":
        return _summary_step(request, case)
    step = STEPS_BY_SLUG.get(slug)
    if step is None:
        raise Http404(_("Fant ikke steget."))
    nav = _step_nav(case, slug)
    back_to_summary = (request.POST if request.method == "POST" else request.GET).get(
        "tilbake") == RETURN_TO_SUMMARY
    status = 200
    if request.method == "POST":
        errors = app_actions.save_step(request.user, case, slug, request.POST)  # type: ignore[arg-type]
        case.refresh_from_db()
        if request.POST.get("action") == "later":
            messages.success(request, _("Utkastet er lagret. Du finner det under «Mine saker»."))
            return redirect("portal:employer_home")
        if not errors:
            return redirect("portal:application_step", public_id=case.public_id,
                            slug=RETURN_TO_SUMMARY if back_to_summary else nav["next"])
        status = 400
    context = selectors.step_context(case)
    form = bind_step(step, context)  # a saved step shows its errors again on return
    extra: dict[str, Any] = {}
    if slug == "kostnader":
        extra = _rate_info(context)
        total = form.cleaned_data.get("total_cost") if form.is_bound and form.is_valid() else None
        if total is not None and "max_rate_kr" in extra and total > extra["max_rate_kr"]:
            extra["employer_share"] = format_kr(employer_share(total, extra["max_rate_kr"]))
    return render(request, "portal/application_step.html", {
        "case": case, "organisation": case.organisation, "form": form, "nav": nav,
        "step": step, **extra, **_consent_voided(case), "back_to_summary": back_to_summary,
        "shown_to_employee": slug in app_actions.STEPS_SHOWN_TO_EMPLOYEE,
    }, status=status)


def _rate_info(context: Any) -> dict[str, Any]:
    period = bind_step(STEPS_BY_SLUG["periode"], context)
    if not period.is_bound or not period.is_valid():
        return {"rate_missing": True}
    rate = rate_for_period(period.cleaned_data["start_date"], context.rate_table)
    return {"max_rate": format_kr(rate), "max_rate_kr": rate,
            "rate_year": period.cleaned_data["start_date"].year}


def _consent_step(request: HttpRequest, case: Any) -> HttpResponse:
    if request.method == "POST":
        try:
            consent_actions.request_consent(request.user, case)  # type: ignore[arg-type]
            messages.success(request, _("Vi har bedt %(employee_name)s om å samtykke. Du får "
                                      "beskjed når hen har svart.") % {"employee_name": case.employee_name})
        except NotAllowed as error:
            messages.error(request, str(error))
        return redirect("portal:application_step", public_id=case.public_id, slug="samtykke")
    return render(request, "portal/application_consent.html", {
        "case": case, "nav": _step_nav(case, "samtykke"),
        "consent_label": CONSENT_LABELS[case.consent_enum],
        "request_obj": selectors.active_consent(case), **_consent_voided(case),
    })


def _summary_step(request: HttpRequest, case: Any) -> HttpResponse:
    errors: dict[str, dict[str, list[str]]] = {}
    attest_error = ""
    if request.method == "POST":
        try:
            case = app_actions.submit_application(
                request.user, case,  # type: ignore[arg-type]
                attested=bool(request.POST.get("attest_correct")
                              and request.POST.get("attest_together")))
            return redirect("portal:receipt", public_id=case.public_id)
        except app_actions.ApplicationIncomplete as incomplete:
            errors = incomplete.errors
            attest_error = errors.pop("oppsummering", {}).get("__all__", [""])[0]
        except NotAllowed as error:
            messages.error(request, str(error))
    context = selectors.step_context(case)
    return render(request, "portal/application_summary.html", {
        "case": case, "nav": _step_nav(case, "oppsummering"),
        "sections": list(selectors.application_summary(context)),
        "errors": errors, "attest_error": attest_error,
        # Ticked confirmations stay ticked when something else stops the submit.
        "attest_correct": bool(request.POST.get("attest_correct")),
        "attest_together": bool(request.POST.get("attest_together")),
        "step_titles": STEP_TITLES, **_consent_voided(case),
        "consent_label": CONSENT_LABELS[case.consent_enum],
    }, status=400 if (errors or attest_error) else 200)


@role_required(Role.EMPLOYER)
def delete_draft(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _employer_case(request, public_id)
    if request.method != "POST":
        return _confirm(request, case, title=_("Vil du slette utkastet?"),
                        text=_("Alt som er fylt ut i utkastet blir slettet, og kan ikke hentes "
                             "tilbake. Har arbeidstakeren fått en forespørsel om samtykke, "
                             "forsvinner den også."),
                        button=_("Ja, slett utkastet"),
                        back=reverse("portal:application_step", args=[case.public_id,
                                                                      "kontaktperson"]))
    try:
        app_actions.delete_draft(request.user, case)  # type: ignore[arg-type]
        messages.success(request, _("Utkastet er slettet."))
    except NotAllowed as error:
        messages.error(request, str(error))
    return redirect("portal:employer_home")
