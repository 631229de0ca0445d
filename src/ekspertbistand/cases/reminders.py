"""The daily reminder job's rules for case handling (``manage.py send_reminders``, see
``notifications/reminders.py``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ekspertbistand.cases.actions.information import send_reminders
from ekspertbistand.notifications.reminders import reminder


@reminder("information_requests")
def unanswered_questions(today: dt.date) -> int:
    """One reminder per question from NAV unanswered past the unit's limit, judged as of the
    end of ``today`` (or now, if that is earlier). Idempotent: ``reminder_sent_at`` is claimed
    once per question."""
    end_of_day = timezone.make_aware(dt.datetime.combine(today, dt.time(23, 59, 59)))
    return send_reminders(min(end_of_day, timezone.now()))
