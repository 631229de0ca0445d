"""The acting role of a logged-in person, and the view decorator that requires it.

A person may hold several roles (a leader is also an employee somewhere); the role they act
in is chosen at login and kept in the session, like choosing whom to act for on nav.no.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ekspertbistand.cases.permissions import Role, roles_of

SESSION_ROLE = "role"


def roles_for(request: HttpRequest) -> set[Role]:
    """The roles of the person making ``request``, worked out once per request (the view's
    check, the page's header and the API all ask)."""
    key = request.user.pk
    cached: tuple[Any, set[Role]] | None = getattr(request, "_eb_roles", None)
    if cached is None or cached[0] != key:  # a login within the request changes the person
        cached = (key, roles_of(request.user))  # type: ignore[arg-type]
        request._eb_roles = cached  # type: ignore[attr-defined]
    return cached[1]


def current_role(request: HttpRequest) -> Role | None:
    value = request.session.get(SESSION_ROLE)
    if not request.user.is_authenticated or value is None:
        return None
    try:
        role = Role(value)
    except ValueError:
        return None
    return role if role in roles_for(request) else None


def role_required(*roles: Role) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            role = current_role(request)
            if role is None:
                messages.info(request, "Logg inn for å fortsette.")
                return redirect(f"/logg-inn/?next={request.path}")
            if role not in roles:
                messages.error(request, "Siden er ikke tilgjengelig i rollen du er logget inn "
                                        "med. Logg inn med en annen rolle.")
                return redirect("portal:home")
            request.role = role  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)
        return wrapped
    return decorate
