"""The refund's daily rules (``manage.py send_reminders``): ready to claim when the period
ends, 30 and 7 days before the refund deadline, and the expiry of unclaimed grants. Each
reminder is queued under a key, so a second run on the same day sends nothing twice; the
expiry changes a grant once, so the budget is released once."""

from __future__ import annotations

import datetime as dt

from ekspertbistand.cases import outbox
from ekspertbistand.cases.actions.grants import expire_overdue_grants
from ekspertbistand.cases.models import Grant, OutboxTask
from ekspertbistand.domain import refunds as rules
from ekspertbistand.domain.refunds import RefundState
from ekspertbistand.notifications.reminders import reminder
from ekspertbistand.refunds import selectors as rs


def _unclaimed(today: dt.date):  # type: ignore[no-untyped-def]
    return (Grant.objects.filter(state=Grant.State.ACTIVE, period_end__lt=today,
                                 refund_deadline__gte=today)
            .exclude(refund__state__in=rs.CLAIMED_OR_LATER).select_related("case"))


def _queue(grant: Grant, event: str) -> int:
    from ekspertbistand.refunds.models import Refund

    refund, _created = Refund.objects.get_or_create(grant=grant, defaults={"case": grant.case})
    if refund.state == RefundState.NOT_YET_CLAIMABLE.value:
        Refund.objects.filter(pk=refund.pk).update(state=RefundState.READY_TO_CLAIM.value)
    key = f"refund_{event}:{grant.number}"
    before = OutboxTask.objects.filter(key=f"notify_refund:{key}").exists()
    outbox.enqueue("notify_refund", key, refund_id=refund.pk, event=event, notice_key=key)
    return 0 if before else 1


@reminder("refund_ready")
def refund_ready(today: dt.date) -> int:
    """The day after the period ends (or the first run after), the employer may claim."""
    return sum(_queue(grant, "ready") for grant in _unclaimed(today))


@reminder("refund_deadline")
def refund_deadline(today: dt.date) -> int:
    """30 and 7 days before the deadline, while the refund is unclaimed."""
    sent = 0
    for grant in _unclaimed(today):
        for key in rules.deadline_reminders_due(today, grant.refund_deadline,
                                                RefundState.READY_TO_CLAIM):
            sent += _queue(grant, key)
    return sent


@reminder("refund_expiry")
def refund_expiry(today: dt.date) -> int:
    """Unclaimed grants past the deadline expire; their commitment goes back to the budget."""
    return expire_overdue_grants(today)
