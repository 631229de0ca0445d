"""The employee's answer to the employer's request for consent."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.actions import consent as consent_actions
from ekspertbistand.cases.models import ConsentRequest
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.portal.auth import role_required


@role_required(Role.EMPLOYEE)
def consent(request: HttpRequest, request_id: int) -> HttpResponse:
    consent_request = get_object_or_404(
        ConsentRequest.objects.select_related("case", "case__organisation"),
        pk=request_id, employee_national_id=request.user.national_id or "-")  # type: ignore[union-attr]
    case = selectors.get_case(request.user, Role.EMPLOYEE, consent_request.case.public_id,  # type: ignore[arg-type]
                              purpose="consent")
    error = ""
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("agree", "decline"):
            error = _("Velg om du samtykker eller ikke.")
        else:
            try:
                consent_actions.respond_to_consent(request.user, consent_request,  # type: ignore[arg-type]
                                                   agree=answer == "agree")
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
    }, status=400 if error else 200)
