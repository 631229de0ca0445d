"""Each role's own page: «Mine saker» for employer and employee, the expert's assignments.

The lists come a page at a time with only their columns (decision 0017)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ekspertbistand.cases import selectors
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.retention import DRAFT_RETENTION_DAYS
from ekspertbistand.portal import page_memo
from ekspertbistand.portal.auth import role_required
from ekspertbistand.portal.pagination import page_nav, page_number


@role_required(Role.EMPLOYER)
def employer_home(request: HttpRequest) -> HttpResponse:
    """«Mine saker»: drafts and sent applications, each a page at a time."""
    user = request.user
    organisations = selectors.organisation_choices(user)  # type: ignore[arg-type]
    drafts_page, sent_page = page_number(request, "utkast"), page_number(request, "side")
    drafts = selectors.employer_drafts(user, drafts_page,  # type: ignore[arg-type]
                                       organisations=organisations)
    cases = selectors.employer_sent_cases(user, sent_page,  # type: ignore[arg-type]
                                          organisations=organisations)
    return page_memo.render(request, "portal/employer_home.html", {
        "drafts": drafts,
        "drafts_nav": page_nav(request, "utkast", drafts_page, drafts.has_next),
        "cases": cases, "cases_nav": page_nav(request, "side", sent_page, cases.has_next),
        "organisations": organisations,
        "draft_retention_days": DRAFT_RETENTION_DAYS,
    })


@role_required(Role.EMPLOYEE)
def employee_home(request: HttpRequest) -> HttpResponse:
    number = page_number(request, "side")
    cases = selectors.employee_cases(request.user, page=number)  # type: ignore[arg-type]
    return render(request, "portal/employee_home.html", {
        "requests": selectors.pending_consents_for(request.user),  # type: ignore[arg-type]
        "voided_requests": selectors.voided_consents_for(request.user),  # type: ignore[arg-type]
        "cases": cases.rows, "cases_nav": page_nav(request, "side", number, cases.has_next),
    })


@role_required(Role.EXPERT)
def expert_home(request: HttpRequest) -> HttpResponse:
    from ekspertbistand.assignments.selectors import expert_assignments

    return render(request, "portal/expert_home.html", {
        "expert": request.user.expert,  # type: ignore[union-attr]
        "assignments": expert_assignments(request.user)})  # type: ignore[arg-type]
