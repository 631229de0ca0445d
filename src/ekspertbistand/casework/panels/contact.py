"""The NAV case page's «contact» section (see panels/__init__.py): the talk the application
names as its contact with NAV, and the case's two threads (with the employer, and with the
employee). Opening the page reads both threads: the read is audit-logged, and the other
side sees its messages as read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases.application import HEALTH_WARNING
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.contact import selectors
from ekspertbistand.contact.models import Thread
from ekspertbistand.contact.permissions import can_use_case_thread
from ekspertbistand.portal.contact_views import draft_key, pop_draft


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    if role is not Role.CASEWORKER:
        return {}
    user = request.user
    threads = []
    for kind, title, intro in (
            (Thread.Kind.EMPLOYER, _("Meldinger med arbeidsgiveren"),
             _("Arbeidsgiveren ser svaret ditt med navnet ditt og enheten.")),
            (Thread.Kind.EMPLOYEE, _("Meldinger med arbeidstakeren"),
             _("Arbeidsgiveren ser ikke denne tråden."))):
        if not can_use_case_thread(user, role, case, kind):  # type: ignore[arg-type]
            continue
        threads.append({
            "kind": kind, "title": title, "intro": intro,
            "messages": selectors.open_case_thread(user, role, case, kind),  # type: ignore[arg-type]
            "draft": pop_draft(request, draft_key(kind, case.public_id)),
            "action": reverse("casework:case_message", args=[case.public_id, kind]),
        })
    return {"case": case, "talk": selectors.linked_talk(case), "threads": threads,
            "typed_contact": (case.answers.get("bht-og-nav") or {}),
            "health_warning": HEALTH_WARNING}
