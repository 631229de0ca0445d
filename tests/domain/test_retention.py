"""How long a draft is kept (decision 0021; NAV keeps drafts short-lived, DOMAIN.md §8)."""

from __future__ import annotations

import datetime as dt

from ekspertbistand.domain.retention import (
    DRAFT_RETENTION_DAYS,
    draft_deleted_on,
    last_kept_save_day,
)


def test_a_draft_is_deleted_sixty_days_after_its_last_save():
    assert DRAFT_RETENTION_DAYS == 60
    assert draft_deleted_on(dt.date(2026, 12, 1)) == dt.date(2027, 1, 30)  # across new year


def test_the_day_before_the_deletion_day_keeps_the_draft():
    today = dt.date(2027, 1, 30)
    saved = dt.date(2026, 12, 1)
    assert draft_deleted_on(saved) == today and saved < last_kept_save_day(today)
    assert draft_deleted_on(saved + dt.timedelta(days=1)) > today
    assert saved + dt.timedelta(days=1) == last_kept_save_day(today)


def test_leap_day_is_counted():
    assert draft_deleted_on(dt.date(2028, 1, 31)) == dt.date(2028, 3, 31)
