"""``{% application_talk case %}``: on the application's NAV-contact step, the recorded talk
the step is filled from (with «Oppgi en annen kontakt»), or the organisation's recorded talks
to fill it from. Kept here so the step's own template changes by one line."""

from __future__ import annotations

from typing import Any

from django import template

from ekspertbistand.cases.models import Case
from ekspertbistand.contact import selectors

register = template.Library()


@register.inclusion_tag("contact/_application_talk.html", takes_context=True)
def application_talk(context: dict[str, Any], case: Case) -> dict[str, Any]:
    linked = selectors.linked_talk(case)
    return {
        "case": case, "linked": linked, "csrf_token": context.get("csrf_token"),
        "talks": [t for t in selectors.recorded_talks_for_draft(case) if t != linked],
    }
