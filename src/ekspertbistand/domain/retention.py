"""How long a draft is kept (decision 0021).

A draft nobody has saved for ``DRAFT_RETENTION_DAYS`` days is deleted by the daily command
``manage.py delete_stale_drafts``. NAV's own service keeps drafts short-lived too (DOMAIN
§8, «Retention»); sixty days leave room for a summer holiday and for the employee's answer,
and every save (or answer from the employee) starts the count again.
"""

from __future__ import annotations

import datetime as dt

DRAFT_RETENTION_DAYS = 60


def draft_deleted_on(last_saved: dt.date) -> dt.date:
    """The day the daily command deletes a draft last saved on ``last_saved``."""
    return last_saved + dt.timedelta(days=DRAFT_RETENTION_DAYS)


def last_kept_save_day(today: dt.date) -> dt.date:
    """The earliest day of last save that keeps a draft alive on ``today``: drafts saved
    before it are due for deletion."""
    return today - dt.timedelta(days=DRAFT_RETENTION_DAYS - 1)
