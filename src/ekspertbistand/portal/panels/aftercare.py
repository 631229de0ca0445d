"""The case page's «aftercare» section: the expert's assignment, the report and the
follow-up (see panels/__init__.py). The expert's working notes are never part of it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ekspertbistand.assignments import selectors as asel
from ekspertbistand.cases.actions.followup import due_on
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.case_status import CaseStatus


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    if case.status not in (CaseStatus.GRANTED, CaseStatus.CLOSED):
        return {}
    current = asel.current_assignment(case)
    report = asel.case_report(case)
    due = due_on(report) if report is not None else None
    invite_error = request.session.pop("invite_error", None) if role is Role.EMPLOYER else None
    return {
        "case": case, "employer": role is Role.EMPLOYER, "assignment": current,
        "declined": asel.declined_assignments(case),
        "phases": current.phases.all() if current is not None else [],
        "report": report, "invite_error": invite_error,
        "grant_expert": (current.grant.expert_name if current is not None else
                         case.answers.get("ekspert", {}).get("expert_name", "")),
        "follow_up_due": due,
        "follow_up_open": due is not None and timezone.localdate() >= due,
        "answered": asel.follow_ups(case).get(role.value),
        "closed": case.status == CaseStatus.CLOSED,
    }
