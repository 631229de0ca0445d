"""The case page's «messages» section (see panels/__init__.py): the employer's thread with the
unit handling the case, or the employee's own thread with NAV, which the employer never sees.
Opening the page reads the thread (audit-logged) and marks NAV's messages read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from ekspertbistand.cases.actions.messages import CLOSED_STATUSES
from ekspertbistand.cases.application import HEALTH_WARNING
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.contact import selectors
from ekspertbistand.contact.forms import MessageForm
from ekspertbistand.contact.permissions import THREAD_OF_ROLE, can_use_case_thread
from ekspertbistand.portal.contact_views import draft_key, pop_draft


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    kind = THREAD_OF_ROLE.get(role)
    if kind is None or not can_use_case_thread(request.user, role, case, kind):  # type: ignore[arg-type]
        return {}
    return {
        "role": role,
        "case": case,
        "thread": selectors.open_case_thread(request.user, role, case, kind),  # type: ignore[arg-type]
        "draft": pop_draft(request, draft_key(kind, case.public_id)),
        "form": MessageForm(),
        "action": reverse("portal:case_message", args=[case.public_id]),
        "health_warning": HEALTH_WARNING,
        "attachment_url": "portal:case_attachment",
        "closed": case.status in CLOSED_STATUSES,
    }
