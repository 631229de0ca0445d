"""NAV's view of the cases routed to the units one works in. Case handling (assessment,
decisions, letters) builds on these pages; for now they list and show submitted cases.

Staff see only their units' cases, and every case read is audit-logged. Employees with
address protection (kode 6/7) are shown without name and identity number in lists."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions.application import step_context
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.portal.auth import role_required


@role_required(Role.CASEWORKER)
def inbox(request: HttpRequest) -> HttpResponse:
    units = [m.unit for m in request.user.unit_memberships.select_related("unit")]  # type: ignore[union-attr]
    cases = (Case.objects.filter(routed_unit__in=units)
             .exclude(status__in=(CaseStatus.DRAFT, CaseStatus.DELETED))
             .select_related("organisation", "routed_unit").order_by("submitted_at"))
    return render(request, "casework/inbox.html", {"units": units, "cases": cases})


@role_required(Role.CASEWORKER)
def case_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = selectors.get_case(request.user, Role.CASEWORKER, public_id)  # type: ignore[arg-type]
    sections = list(selectors.application_summary(
        step_context(case, case.submitted_at.date() if case.submitted_at else None)))
    return render(request, "casework/case_detail.html", {
        "case": case, "sections": sections, "timeline": selectors.timeline(case),
    })
