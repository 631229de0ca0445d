"""The case page's «NAV asks for more» section: the employer sees NAV's question and
answers with text and files; earlier questions and answers stay listed (see
panels/__init__.py). The employee sees nothing here: the question is to the employer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ekspertbistand.cases import handling
from ekspertbistand.cases.actions.information import MAX_FILES
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.portal.form_state import form_state


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    if role is not Role.EMPLOYER:
        return {}
    requests = handling.information_requests(case)
    if not requests:
        return {}
    open_request = next((r for r in requests if r.is_open), None)
    return {"case": case, "requests": requests,
            "open_request": open_request
            if case.status == CaseStatus.WAITING_FOR_EMPLOYER else None,
            "max_files": MAX_FILES, "form": form_state(request, "answer")}
