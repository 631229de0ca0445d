"""The NAV case page's «refund» section: the state, the cost lines and invoice, and the forms
to check, approve, return, except from the deadline, retry and correct (see panels/__init__.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.models import Case
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.money import format_kr
from ekspertbistand.portal.form_state import form_state
from ekspertbistand.refunds import selectors as rs


def context(request: HttpRequest, case: Case, role: Role) -> dict[str, Any]:
    if role is not Role.CASEWORKER:
        return {}
    view = rs.overview(case, timezone.localdate())
    if view is None:
        return {}
    refund = view.refund
    return {
        "case": case, "view": view, "grant": view.grant, "refund": refund,
        "lines": [{"label": line.get_kind_display(), "hours": f"{line.hours_hundredths / 100:g}",
                   "rate": line.hourly_rate_kr, "total": format_kr(line.as_domain().total_kr),
                   "hourly": line.hours_hundredths > 0} for line in refund.lines.all()]
        if refund else [],
        "payments": list(refund.payments.all()) if refund else [],
        "corrections": list(refund.corrections.all()) if refund else [],
        "total": format_kr(view.amounts.total_costs_kr),
        "refund_kr": format_kr(refund.refund_kr if refund and refund.claimed_at
                               else view.amounts.refund_kr),
        "employer_share": format_kr(view.amounts.employer_share_kr),
        "two_step": ds.is_two_step(case), "is_decider": ds.is_decider(request.user, case),  # type: ignore[arg-type]
        "checked_by_me": bool(refund and refund.checked_by_id == request.user.pk),
        "form": form_state(request, "refund"),
    }
