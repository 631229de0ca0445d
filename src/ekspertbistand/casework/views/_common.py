"""What the casework views share: opening the case for NAV, and showing the case page again
with a form's error and what was typed (nothing typed is lost)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ekspertbistand.cases import handling, selectors
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.casework.panels import panels_for
from ekspertbistand.portal.form_state import remember


def open_case(request: HttpRequest, public_id: Any, purpose: str = "view") -> Case:
    return selectors.get_case(request.user, Role.CASEWORKER, public_id,  # type: ignore[arg-type]
                              purpose=purpose)


def case_page(request: HttpRequest, case: Case, *, form: str = "", error: str = "",
              values: dict[str, str] | None = None, status: int = 200) -> HttpResponse:
    """The case page; ``form``/``error``/``values`` show one form's refusal beside it."""
    remember(request, form, error, values or {})
    can_handle = handling.can_handle(request.user, case)  # type: ignore[arg-type]
    if error and not can_handle:
        # The panels show their forms only to the handling unit; say the refusal at the top.
        messages.error(request, error)
    sections = list(selectors.application_summary(selectors.submitted_context(case)))
    return render(request, "casework/case_detail.html", {
        "case": case, "sections": sections, "timeline": selectors.timeline(case),
        "panels": panels_for(request, case, Role.CASEWORKER),
        "can_handle": can_handle,
    }, status=status)
