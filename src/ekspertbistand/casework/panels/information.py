"""The case page's «questions to the employer» section: every question and answer with its
files, and the form to ask (see panels/__init__.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ekspertbistand.cases import handling
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.portal.form_state import form_state


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    if role is not Role.CASEWORKER:
        return {}
    requests = handling.information_requests(case)
    form = form_state(request, "information")
    can_ask = handling.can_handle(request.user, case) and (  # type: ignore[arg-type]
        case.status == CaseStatus.UNDER_ASSESSMENT or bool(form["error"]))
    if not requests and not can_ask:
        return {}
    return {"case": case, "requests": requests, "can_ask": can_ask,
            "form": form}
