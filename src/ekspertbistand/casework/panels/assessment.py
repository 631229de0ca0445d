"""The case page's «assessment» section: the conditions of forskrift § 4 with the
application's answer beside each and the case worker's assessment (see panels/__init__.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.assessment import VERDICT_LABELS
from ekspertbistand.domain.case_status import CaseStatus

# From «Ta saken» on, including any status case handling adds (waiting for the employer).
SHOWN = tuple(s for s in CaseStatus if s not in (
    CaseStatus.DRAFT, CaseStatus.DELETED, CaseStatus.SUBMITTED, CaseStatus.WITHDRAWN))


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    if role is not Role.CASEWORKER or case.status_enum not in SHOWN:
        return {}
    from ekspertbistand.casework.views.decision import take_kept

    kept = take_kept(request, case)
    rows = ds.assessment_rows(case)
    errors: dict[str, list[str]] = {}
    if kept and kept["form"] == "assessment":
        errors = kept["errors"]
        data = kept["data"]
        rows = [row.__class__(**{**row.__dict__,
                                 "verdict": data.get(f"verdict_{row.key}", row.verdict),
                                 "comment": data.get(f"comment_{row.key}", row.comment)})
                for row in rows]
    return {
        "case": case, "rows": [{"row": row, "errors": errors.get(row.key, [])} for row in rows],
        "errors": errors, "editable": case.status_enum == CaseStatus.UNDER_ASSESSMENT,
        "verdicts": [(v.value, label) for v, label in VERDICT_LABELS.items()],
    }
