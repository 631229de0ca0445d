"""Who is calling: the same login session and acting role as the pages.

Machine clients (HR and expert systems) will later present Maskinporten tokens; a second
auth class will then sit beside this one, and the endpoints stay the same.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf

from ekspertbistand.cases.models import User
from ekspertbistand.cases.permissions import Role
from ekspertbistand.portal.auth import current_role

NOT_LOGGED_IN = "Du er ikke logget inn. Logg inn og velg rolle før du bruker API-et."
CSRF_FAILED = ("CSRF-kontrollen feilet. Hent et token fra GET /api/v1/csrf og send det i "
               "headeren X-CSRFToken sammen med cookien csrftoken.")
WRONG_ROLE = ("Dette er ikke tilgjengelig i rollen du er logget inn med. Logg inn med en annen "
              "rolle.")


class SessionRoleAuth(APIKeyCookie):
    """The Django session, with an acting role chosen at login, and CSRF on unsafe methods.

    Unlike ninja's ``django_auth`` the login is checked before CSRF, so a caller who is not
    logged in gets 401 rather than a CSRF refusal.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        role = current_role(request)
        if role is None:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, CSRF_FAILED)
        request.role = role  # type: ignore[attr-defined]
        return request.user


session_auth = SessionRoleAuth()


def acting(request: HttpRequest, *allowed: Role) -> tuple[User, Role]:
    """The caller and their role, or 403 when the role may not use the endpoint."""
    role: Role = request.role  # type: ignore[attr-defined]
    if role not in allowed:
        raise HttpError(403, WRONG_ROLE)
    return request.user, role  # type: ignore[return-value]
