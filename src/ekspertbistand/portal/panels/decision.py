"""The case page's «decision» section: the outcome, the grants and the letters for the
employer; for the employee, that a decision was made and its outcome (see panels/__init__.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.models import Case, Grant
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.money import format_kr


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    final = ds.final_decision(case)
    if final is None:
        return {}
    granted = final.outcome == final.Outcome.GRANT
    base = {"case": case, "granted": granted, "decided_at": final.decided_at,
            "employer": role is Role.EMPLOYER}
    if role is not Role.EMPLOYER:
        return base
    return {**base,
            "grants": [{"grant": g, "amount": format_kr(g.amount_kr),
                        "active": g.state == Grant.State.ACTIVE} for g in ds.grants_of(case)],
            "letters": ds.letters_of(case)}
