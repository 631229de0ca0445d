"""The case page's «refund» section for the employer: the state, the deadline, the link to the
claim (see panels/__init__.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.refunds import selectors as rs


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    if role is not Role.EMPLOYER:
        return {}
    view = rs.overview(case, timezone.localdate())
    if view is None:
        return {}
    return {"case": case, "view": view}
