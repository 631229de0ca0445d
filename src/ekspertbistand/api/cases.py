"""Cases (saker): the employer's and the employee's lists, one case, and withdrawal."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router

from ekspertbistand.api.auth import acting
from ekspertbistand.api.errors import state_conflicts
from ekspertbistand.api.schemas import CaseOut, CaseSummaryOut, ErrorOut
from ekspertbistand.cases import privacy, selectors
from ekspertbistand.cases.actions import application as app_actions
from ekspertbistand.cases.models import Case, Organisation
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.case_status import CONSENT_LABELS

router = Router(tags=["Saker"])

REFUSALS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def organisation_out(organisation: Organisation) -> dict[str, Any]:
    return {"orgnr": organisation.orgnr, "name": organisation.name,
            "municipality": organisation.municipality.name if organisation.municipality else None}


def case_summary_out(case: Case) -> dict[str, Any]:
    return {"id": case.public_id, "reference": case.reference, "status": case.status,
            "status_label": case.status_label, "organisation": organisation_out(case.organisation),
            "employee_name": case.employee_name, "updated_at": case.updated_at,
            "submitted_at": case.submitted_at}


def case_out(case: Case, role: Role = Role.EMPLOYER) -> dict[str, Any]:
    """One case as ``role`` may see it; the unit's name and phone as ``cases.privacy`` says."""
    unit = privacy.unit_contact(case, role)
    return {
        **case_summary_out(case),
        "consent_status": case.consent_status,
        "consent_status_label": CONSENT_LABELS[case.consent_enum],
        "period_start": case.period_start, "period_end": case.period_end,
        "amount_applied_kr": case.amount_applied, "max_rate_kr": case.max_rate,
        "routed_unit": unit.name if unit else None,
        "routed_unit_phone": (unit.phone or None) if unit else None,
        "timeline": [{"at": e.at, "text": e.text} for e in selectors.timeline(case)],
        "next_step": selectors.next_step(case),
    }


@router.get("/cases", response={200: list[CaseSummaryOut], **REFUSALS}, summary="Mine saker")
def list_cases(request: HttpRequest) -> list[dict[str, Any]]:
    """As employer: every case and draft of the organisations you may act for, newest change
    first. As employee: the applications about you that have been sent to NAV."""
    user, role = acting(request, Role.EMPLOYER, Role.EMPLOYEE)
    cases = (selectors.cases_for_employer(user) if role is Role.EMPLOYER
             else selectors.cases_for_employee(user))
    return [case_summary_out(c) for c in cases.select_related("organisation__municipality")]


@router.get("/cases/{case_id}", response={200: CaseOut, **REFUSALS}, summary="Én sak")
def get_case(request: HttpRequest, case_id: UUID) -> dict[str, Any]:
    """Status, reference, period, amounts, the NAV unit handling it, the timeline and what
    happens next. A case you may not see answers 404, as if it did not exist."""
    user, role = acting(request, Role.EMPLOYER, Role.EMPLOYEE)
    return case_out(selectors.get_case(user, role, case_id), role)


@router.post("/cases/{case_id}/withdraw", response={200: CaseOut, 409: ErrorOut, **REFUSALS},
             summary="Trekk søknaden")
def withdraw(request: HttpRequest, case_id: UUID) -> dict[str, Any]:
    """Withdraw a sent application. Withdrawing twice changes nothing; a case past the point
    where it can be withdrawn answers 409."""
    user, _ = acting(request, Role.EMPLOYER)
    case = selectors.get_case(user, Role.EMPLOYER, case_id, purpose="withdraw")
    with state_conflicts():
        case = app_actions.withdraw_application(user, case)
    return case_out(case)
