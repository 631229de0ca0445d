"""The case page's «contact» section (see panels/__init__.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    return {}
