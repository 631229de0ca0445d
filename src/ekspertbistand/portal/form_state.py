"""A refused form's error and typed values, kept on the request while the case page is shown
again, so each panel can put them back in its own form (nothing typed is lost)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

FORM_STATE = "eb_form"


def remember(request: HttpRequest, form: str, error: str, values: dict[str, str]) -> None:
    setattr(request, FORM_STATE, {"form": form, "error": error, "values": values})


def form_state(request: HttpRequest, form: str) -> dict[str, Any]:
    """The error and typed values for ``form`` if the page is shown again after a refusal."""
    state = getattr(request, FORM_STATE, None) or {}
    if state.get("form") != form:
        return {"error": "", "values": {}}
    return {"error": state["error"], "values": state["values"]}
