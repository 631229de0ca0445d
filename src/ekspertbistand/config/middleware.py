"""Requests carrying text that cannot be stored are refused before any view sees them.

NUL (PostgreSQL refuses it in text and JSON) and lone UTF-16 surrogates (``"\\ud800"`` in
JSON: not Unicode text, so nothing can write them as UTF-8) would otherwise reach the
database or a page and end in a 500. A form post on the pages cannot carry a surrogate
(Django decodes broken UTF-8 as U+FFFD), and the application's steps clean a NUL where the
answers are taken in (``cases.application.raw_answers``), keeping the rest of what was typed.
What is left is guarded here: every JSON body (the API) and every query string are refused,
naming the field; in a form post on the pages (any form, not only the application's steps)
the characters are replaced by U+FFFD before the view reads them, so nothing typed is lost
and nothing broken reaches the database.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict

from ekspertbistand.api.errors import INVALID_REQUEST
from ekspertbistand.cases.application import REPLACEMENT, UNUSABLE_CHARACTERS


def field_message(field: str) -> str:
    return (f"Feltet «{field}» inneholder et tegn som ikke kan lagres (NUL-tegn eller en "
            "ufullstendig UTF-16-surrogat). Fjern tegnet og send på nytt.")


def _unusable(value: str) -> bool:
    return UNUSABLE_CHARACTERS.search(value) is not None


def _shown(name: str) -> str:
    return UNUSABLE_CHARACTERS.sub(REPLACEMENT, name)


def unusable_paths(value: Any, path: str = "") -> Iterator[str]:
    """The dotted paths (``answers.contact_name``, ``items.0``) of strings that cannot be
    stored; a key that cannot be stored is named with its characters replaced."""
    if isinstance(value, str):
        if _unusable(value):
            yield path or "__all__"
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{_shown(str(key))}" if path else _shown(str(key))
            if _unusable(str(key)):
                yield child
            else:
                yield from unusable_paths(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unusable_paths(item, f"{path}.{index}" if path else str(index))


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _clean_form_post(request: HttpRequest) -> None:
    if not any(_unusable(key) or any(_unusable(v) for v in values)
               for key, values in request.POST.lists()):
        return
    cleaned = QueryDict(mutable=True)
    for key, values in request.POST.lists():
        cleaned.setlist(_shown(key), [_shown(v) for v in values])
    cleaned._mutable = False
    request.POST = cleaned


def _is_json(request: HttpRequest) -> bool:
    content_type = (request.content_type or "").lower()
    return content_type == "application/json" or content_type.endswith("+json")


class UnusableTextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        errors: dict[str, dict[str, list[str]]] = {}
        query = sorted({_shown(key) for key, values in request.GET.lists()
                        if _unusable(key) or any(_unusable(v) for v in values)})
        if query:
            errors["query"] = {name: [field_message(name)] for name in query}
        if request.method == "POST" and (request.content_type or "").lower() in FORM_TYPES:
            _clean_form_post(request)
        if request.method in ("POST", "PUT", "PATCH") and _is_json(request):
            try:
                body = json.loads(request.body)
            except ValueError:
                body = None  # the view answers an unreadable body itself
            paths = sorted(set(unusable_paths(body)))
            if paths:
                errors["body"] = {path: [field_message(path)] for path in paths}
        if not errors:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": INVALID_REQUEST, "errors": errors}, status=422,
                                json_dumps_params={"ensure_ascii": False})
        fields = ", ".join(f"«{name}»" for part in errors.values() for name in part)
        return HttpResponse(
            f"Adressen eller skjemaet inneholder et tegn som ikke kan brukes ({fields}). "
            "Fjern tegnet og prøv igjen.", status=400, content_type="text/plain; charset=utf-8")


def permissions_policy(get_response: Callable[[HttpRequest], HttpResponse]
                       ) -> Callable[[HttpRequest], HttpResponse]:
    """The Permissions-Policy header (``settings.PERMISSIONS_POLICY``) on every response;
    Django's SecurityMiddleware sets the other security headers."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware
