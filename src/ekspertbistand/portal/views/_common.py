"""What the employer's pages share: the case they may edit, the confirmation page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ekspertbistand.cases import selectors
from ekspertbistand.cases.permissions import Role


def _employer_case(request: HttpRequest, public_id: Any) -> Any:
    return selectors.get_case(request.user, Role.EMPLOYER, public_id,  # type: ignore[arg-type]
                              purpose="edit")


def _confirm(request: HttpRequest, case: Any, *, title: str, text: str, button: str,
             back: str) -> HttpResponse:
    return render(request, "portal/confirm.html", {
        "case": case, "title": title, "text": text, "button": button, "back": back})
