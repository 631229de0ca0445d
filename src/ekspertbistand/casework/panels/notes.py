"""The case page's «notes» section: notes only NAV sees (see panels/__init__.py)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest

from ekspertbistand.cases import handling
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.portal.form_state import form_state


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    if role is not Role.CASEWORKER:
        return {}
    return {"case": case, "notes": list(handling.notes(request.user, case)[:50]),  # type: ignore[arg-type]
            "key": uuid.uuid4(), "form": form_state(request, "note")}
