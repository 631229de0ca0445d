"""Case pages shared by employer and employee: the case, the receipt, withdrawal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases import privacy, selectors
from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.portal.auth import role_required
from ekspertbistand.portal.panels import panels_for
from ekspertbistand.portal.views._common import _employer_case

# The statuses in which the employer may withdraw (the case page shows «Trekk søknaden»).
WITHDRAWABLE = (CaseStatus.SUBMITTED, CaseStatus.UNDER_ASSESSMENT,
                CaseStatus.WAITING_FOR_EMPLOYER)


@role_required(Role.EMPLOYER)
def withdraw(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Withdraw, with an optional reason NAV sees (issue 11 point 21)."""
    case = _employer_case(request, public_id)
    context = {"case": case, "back": reverse("portal:case_detail", args=[case.public_id]),
               "title": _("Vil du trekke søknaden %(reference)s?") % {"reference": case.reference},
               "reason": request.POST.get("reason", ""), "error": ""}
    if request.method != "POST":
        return render(request, "portal/withdraw.html", context)
    try:
        app_actions.withdraw_application(request.user, case, context["reason"])  # type: ignore[arg-type]
        messages.success(request, _("Søknaden %(reference)s er trukket.") % {"reference": case.reference})
    except NotAllowed as error:
        return render(request, "portal/withdraw.html", {**context, "error": str(error)},
                      status=400)
    except ValueError as error:
        messages.error(request, str(error))
    return redirect("portal:case_detail", public_id=case.public_id)


def case_page(request: HttpRequest, case: Any, role: Role, status: int = 200) -> HttpResponse:
    """The case page of a sent case for the employer side or the employee."""
    return render(request, "portal/case_detail.html", {
        "case": case, "timeline": selectors.timeline(case),
        "unit": privacy.unit_contact(case, role),
        "next_step": selectors.next_step(case),
        "can_withdraw": role == Role.EMPLOYER and case.status in WITHDRAWABLE,
        "panels": panels_for(request, case, role),
    }, status=status)


# --- Case pages shared by employer and employee --------------------------------------------

@role_required(Role.EMPLOYER, Role.EMPLOYEE)
def case_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    role = request.role  # type: ignore[attr-defined]
    case = selectors.get_case(request.user, role, public_id)  # type: ignore[arg-type]
    if case.status == CaseStatus.DRAFT:
        if role == Role.EMPLOYER:
            return redirect("portal:application_step", public_id=case.public_id,
                            slug="oppsummering")
        request_obj = case.consent_requests.filter(active=True).first()
        return redirect("portal:consent", request_id=request_obj.pk)  # type: ignore[union-attr]
    return case_page(request, case, role)


@role_required(Role.EMPLOYER)
def receipt(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = selectors.get_case(request.user, Role.EMPLOYER, public_id)  # type: ignore[arg-type]
    if case.status == CaseStatus.DRAFT:
        return redirect("portal:application_step", public_id=case.public_id, slug="oppsummering")
    return render(request, "portal/receipt.html", {
        "case": case, "unit": privacy.unit_contact(case, Role.EMPLOYER)})


@role_required(Role.EMPLOYER, Role.EMPLOYEE)
def receipt_pdf(request: HttpRequest, public_id: Any) -> HttpResponse:
    from ekspertbistand.documents.rendering import render_receipt_pdf

    role = request.role  # type: ignore[attr-defined]
    case = selectors.get_case(request.user, role, public_id, purpose="pdf")  # type: ignore[arg-type]
    if case.status == CaseStatus.DRAFT:
        raise Http404(_("Søknaden er ikke sendt ennå."))
    response = HttpResponse(render_receipt_pdf(case, role=role), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kvittering-{case.reference}.pdf"'
    return response
