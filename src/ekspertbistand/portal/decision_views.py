"""The employer's copy of a decision or grant letter, from «Mine saker»."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from ekspertbistand.cases import selectors
from ekspertbistand.cases.permissions import Role
from ekspertbistand.portal.auth import role_required


@role_required(Role.EMPLOYER)
def letter(request: HttpRequest, public_id: Any, kind: str, key: str) -> HttpResponse:
    from ekspertbistand.casework.views.decision import letter_response

    case = selectors.get_case(request.user, Role.EMPLOYER, public_id,  # type: ignore[arg-type]
                              purpose="letter")
    return letter_response(case, kind, key, "employer")
