"""The follow-up's dates and categories (DOMAIN §4, §5 Figur 23)."""

from __future__ import annotations

import datetime as dt

from ekspertbistand.domain.followup import (
    OUTCOME_CATEGORIES,
    add_months,
    follow_up_due,
    report_overdue,
)


def test_due_three_months_after_the_report_by_default():  # DOMAIN §4
    assert follow_up_due(dt.date(2026, 3, 10)) == dt.date(2026, 6, 10)


def test_due_across_the_year_boundary():
    assert follow_up_due(dt.date(2026, 11, 15)) == dt.date(2027, 2, 15)


def test_a_month_without_the_day_gives_its_last_day():
    assert add_months(dt.date(2026, 8, 31), 3) == dt.date(2026, 11, 30)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)  # leap year


def test_months_back_for_the_reminder_cutoff():
    assert add_months(dt.date(2027, 1, 31), -3) == dt.date(2026, 10, 31)


def test_configurable_months():
    assert follow_up_due(dt.date(2026, 3, 10), 6) == dt.date(2026, 9, 10)


def test_report_missing_from_the_day_after_the_period():
    end = dt.date(2026, 6, 30)
    assert not report_overdue(end, end)
    assert report_overdue(end, end + dt.timedelta(days=1))


def test_figur_23_categories_in_the_figures_order():  # DOMAIN §5
    assert list(OUTCOME_CATEGORIES.values()) == [
        "Tilbake i samme stilling", "Tilrettelagt arbeid samme sted", "Fortsatt sykmeldt",
        "Sluttet", "Avklart mot annet arbeid", "Tilrettelagt arbeid et annet sted", "Utdanning",
        "Vet ikke", "Annet"]
