"""A list page asked for again with the same values is answered with the markup already made.

Rendering «Mine saker» or NAV's work queue through the template engine cost more than all the
rest of the request (decision 0058). The lists are still read from the database on every
request; what is kept is the markup made *from* those values: each page is stored under the
exact values it was rendered from (the rows as read, the person, their role, the header's
count, the address with its query string, the language), so an entry can only be used for a
page that would come out the same. Nothing of one person's page is used for another's
request: the person and their session are part of the key. The CSRF token is put in as a
placeholder and each answer gets its own. A request with messages to show is rendered as
usual. At most ``SIZE`` pages are kept per process, the least recently used dropped first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.messages import get_messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import get_language

from ekspertbistand.portal.context import service_context

SIZE = 256
_PLACEHOLDER = f"csrf{secrets.token_hex(16)}"
_PLAIN = (str, int, float, type(None), dt.date, dt.datetime, uuid.UUID, Decimal)
_pages: OrderedDict[_Key, Any] = OrderedDict()
_lock = threading.Lock()


def freeze(value: Any) -> Any:
    """``value`` as a hashable key that is equal only for values that render the same: model
    instances by every stored field, containers element by element, a bool apart from 1, and
    1, 1.0 and ``Decimal("1.00")`` apart (equal numbers that are written differently)."""
    if type(value) is bool:
        return ("bool", value)
    if isinstance(value, float | Decimal):  # equal to 1 as 1.0 and 1.00 are, shown apart
        return (type(value), str(value))
    if isinstance(value, _PLAIN):
        return value
    memo_key = getattr(value, "memo_key", None)
    if memo_key is not None:  # a list page as read (``selectors.CasePage``)
        return (type(value), memo_key())
    if isinstance(value, Model):
        return (value._meta.label, tuple(getattr(value, f.attname)
                                         for f in value._meta.concrete_fields))
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return ("dict", tuple((freeze(k), freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    if isinstance(value, set | frozenset):
        return frozenset(freeze(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        try:  # a frozen row of plain values (a list's row): itself, compared field by field
            hash(value)
        except TypeError:
            pass
        else:
            return (type(value), value)
        return (type(value), tuple(freeze(getattr(value, f.name))
                                   for f in dataclasses.fields(value)))
    raise TypeError(f"a page cannot be kept under a {type(value).__name__}")


class _Key(tuple[Any, ...]):
    """A key whose hash is worked out once (a page's key holds every row it shows)."""

    _hash: int

    def __new__(cls, values: tuple[Any, ...]) -> _Key:
        key = super().__new__(cls, values)
        key._hash = tuple.__hash__(key)
        return key

    def __hash__(self) -> int:
        return self._hash


def _kept(values: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    key = _Key(values)
    with _lock:
        value = _pages.get(key)
        if value is not None:
            _pages.move_to_end(key)
            return value
    value = make()
    with _lock:
        _pages[key] = value
        while len(_pages) > SIZE:
            _pages.popitem(last=False)
    return value


def _person(request: HttpRequest) -> tuple[Any, ...]:
    user = getattr(request.user, "_wrapped", request.user)  # past the lazy wrapper, if any
    return (request.session.session_key, freeze(user), request.get_full_path(), get_language())


def render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """``django.shortcuts.render``, answered from the kept pages when the same person asks for
    the same page made from the same values."""
    if len(get_messages(request)):
        from django.shortcuts import render as render_now

        return render_now(request, template, context)

    def make() -> tuple[bytes, ...]:
        page = render_to_string(template, {**context, "csrf_token": _PLACEHOLDER},
                                request=request)
        return tuple(page.encode().split(_PLACEHOLDER.encode()))

    parts = _kept((template, *_person(request), freeze(service_context(request)),
                   freeze(context)), make)
    return HttpResponse(get_token(request).encode().join(parts))


def answer(request: HttpRequest, values: Any, make: Callable[[], HttpResponse]) -> HttpResponse:
    """An API answer made by ``make`` from ``values``, kept like a page (an answer carries no
    CSRF token)."""

    def kept() -> tuple[int, str, bytes]:
        response = make()
        return response.status_code, response["Content-Type"], response.content

    status, content_type, content = _kept(("answer", *_person(request), freeze(values)), kept)
    return HttpResponse(content, status=status, content_type=content_type)


def forget() -> None:
    """Drop every kept page (tests)."""
    with _lock:
        _pages.clear()
