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


@register.inclusion_tag("contact/_consent_comment_form.html", takes_context=True)
def consent_comment_form(context: dict[str, Any], consent_request: Any) -> dict[str, Any]:
    """On the employee's consent page: «Noe stemmer ikke», a comment back to the employer."""
    from ekspertbistand.portal.contact_views import draft_key, pop_draft

    request = context["request"]
    return {"consent_request": consent_request, "csrf_token": context.get("csrf_token"),
            "draft": pop_draft(request, draft_key("consent", consent_request.pk)),
            "sent": [c for c in selectors.consent_comments(consent_request.case)
                     if c.consent_request_id == consent_request.pk]}


@register.inclusion_tag("contact/_consent_comments.html")
def consent_comments(case: Case) -> dict[str, Any]:
    """On the employer's consent step: what the employee said does not add up."""
    return {"comments": selectors.consent_comments(case)}
