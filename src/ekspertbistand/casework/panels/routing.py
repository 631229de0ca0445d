"""The case page's «routing» section: where the case is, why it went there (reason and
history), who prepares and who decides, and the re-route form (see panels/__init__.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ekspertbistand.cases import handling
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.portal.form_state import form_state


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    if role is not Role.CASEWORKER or case.routed_unit is None:
        return {}
    history = handling.routing_history(case)
    preparing, deciding = handling.preparing_unit(case), handling.deciding_unit(case)
    can_handle = handling.can_handle(request.user, case)  # type: ignore[arg-type]
    return {
        "case": case,
        "current": history[-1] if history else None,
        "history": [(r, handling.reason_label(r.reason)) for r in history],
        "reason_label": handling.reason_label(case.routing_reason),
        "preparing": preparing, "deciding": deciding,
        "two_step": preparing is not None and deciding is not None and preparing != deciding,
        "can_reroute": can_handle and case.status in ("submitted", "under_assessment"),
        "targets": handling.reroute_targets(case) if can_handle else [],
        "form": form_state(request, "reroute"),
    }
