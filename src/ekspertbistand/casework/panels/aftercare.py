"""The NAV case page's «aftercare» section: the expert's assignment, the released report
(NAV's copy), the follow-up answers and NAV's task (see panels/__init__.py). The expert's
working notes are never part of it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ekspertbistand.assignments import selectors as asel
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.domain.followup import HELPED_LABELS, OUTCOME_CATEGORIES, Helped


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    if role is not Role.CASEWORKER or case.status not in (CaseStatus.GRANTED, CaseStatus.CLOSED):
        return {}
    report = asel.case_report(case)
    answers = [{"who": f.get_respondent_display(), "at": f.answered_at,
                "outcome": OUTCOME_CATEGORIES.get(f.outcome, f.outcome),
                "helped": HELPED_LABELS.get(Helped(f.helped), f.helped) if f.helped in
                {h.value for h in Helped} else f.helped,
                "measures_done": len(f.measures_done), "comment": f.comment}
               for f in asel.follow_ups(case).values()]
    return {"case": case, "assignment": asel.current_assignment(case), "report": report,
            "follow_ups": answers, "task": asel.nav_task(case)}
