"""NAV's view of the cases routed to the units one works in. Case handling (assessment,
decisions, letters) builds on these pages; for now they list and show submitted cases.

Staff see only their units' cases, and every case read is audit-logged. Employees with
address protection (kode 6/7) are shown without name and identity number in lists."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ekspertbistand.cases import selectors
from ekspertbistand.cases.permissions import Role
from ekspertbistand.casework.panels import panels_for
from ekspertbistand.portal.auth import role_required


@role_required(Role.CASEWORKER)
def inbox(request: HttpRequest) -> HttpResponse:
    units = selectors.units_of(request.user)  # type: ignore[arg-type]
    return render(request, "casework/inbox.html",
                  {"units": units, "cases": selectors.cases_for_units(units)})


@role_required(Role.CASEWORKER)
def case_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = selectors.get_case(request.user, Role.CASEWORKER, public_id)  # type: ignore[arg-type]
    sections = list(selectors.application_summary(selectors.submitted_context(case)))
    return render(request, "casework/case_detail.html", {
        "case": case, "sections": sections, "timeline": selectors.timeline(case),
        "panels": panels_for(request, case, Role.CASEWORKER),
    })
