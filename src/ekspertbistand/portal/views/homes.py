"""Each role's own page: «Mine saker» for employer and employee, the expert's assignments."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ekspertbistand.cases import selectors
from ekspertbistand.cases.permissions import Role, organisations_of
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.domain.retention import DRAFT_RETENTION_DAYS
from ekspertbistand.portal.auth import role_required


@role_required(Role.EMPLOYER)
def employer_home(request: HttpRequest) -> HttpResponse:
    cases = list(selectors.cases_for_employer(request.user))  # type: ignore[arg-type]
    return render(request, "portal/employer_home.html", {
        "drafts": [c for c in cases if c.status == CaseStatus.DRAFT],
        "cases": [c for c in cases if c.status != CaseStatus.DRAFT],
        "organisations": organisations_of(request.user),  # type: ignore[arg-type]
        "draft_retention_days": DRAFT_RETENTION_DAYS,
    })


@role_required(Role.EMPLOYEE)
def employee_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/employee_home.html", {
        "requests": selectors.pending_consents_for(request.user),  # type: ignore[arg-type]
        "voided_requests": selectors.voided_consents_for(request.user),  # type: ignore[arg-type]
        "cases": selectors.cases_for_employee(request.user),  # type: ignore[arg-type]
    })



@role_required(Role.EXPERT)
def expert_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/expert_home.html", {"expert": request.user.expert})  # type: ignore[union-attr]
