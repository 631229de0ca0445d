"""The sections of the NAV case page, one module per capability. Each module's
``context(request, case, role)`` returns what its template ``casework/panels/<name>.html`` needs
(an empty dict hides the section). Thin: reads through selectors only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role

from . import aftercare, assessment, contact, decision, information, notes, refund, routing

PANELS = {
    "routing": routing,
    "information": information,
    "assessment": assessment,
    "decision": decision,
    "refund": refund,
    "contact": contact,
    "aftercare": aftercare,
    "notes": notes,
}


def panels_for(request: HttpRequest, case: Case, role: Role) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) for every section that has something to show, in page order."""
    shown: list[tuple[str, dict[str, Any]]] = []
    for name, module in PANELS.items():
        context = module.context(request, case, role)
        if context:
            shown.append((f"casework/panels/{name}.html", context))
    return shown
