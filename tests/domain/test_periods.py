"""DOMAIN §3.3 (apply before start) and §3.6 (no year boundary; 3 months until 2024-04-01);
the furthest start, 12 months ahead, is the service's own bound (decision 0010)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ekspertbistand.domain.periods import (
    add_months,
    check_period,
    latest_allowed_start,
    longest_allowed_end,
)

D = dt.date


def codes(start, end, judged_on):
    return {p.code for p in check_period(start, end, judged_on)}


def test_start_must_be_after_the_day_of_submission():
    assert "start_not_in_future" in codes(D(2026, 11, 23), D(2026, 12, 1), D(2026, 11, 23))
    assert codes(D(2026, 11, 24), D(2026, 12, 1), D(2026, 11, 23)) == set()


def test_start_at_most_twelve_months_ahead_decision_0010():
    judged_on = D(2026, 11, 23)
    assert latest_allowed_start(judged_on) == D(2027, 11, 23)
    assert codes(D(2027, 11, 23), D(2027, 12, 31), judged_on) == set()
    assert codes(D(2027, 11, 24), D(2027, 12, 31), judged_on) == {"start_too_far_ahead"}


def test_start_bound_over_a_leap_day_and_its_message():
    assert latest_allowed_start(D(2028, 2, 29)) == D(2029, 2, 28)
    (problem,) = check_period(D(9999, 1, 1), D(9999, 1, 31), D(2026, 11, 23))
    assert problem.field == "start_date"
    assert "12 måneder" in problem.message and "23.11.2027" in problem.message


def test_period_cannot_cross_new_year():
    assert codes(D(2026, 12, 1), D(2026, 12, 31), D(2026, 11, 23)) == set()
    assert "crosses_year" in codes(D(2026, 12, 1), D(2027, 1, 1), D(2026, 11, 23))


def test_crossing_message_names_the_last_allowed_day():
    (problem,) = check_period(D(2026, 12, 1), D(2027, 1, 15), D(2026, 11, 23))
    assert problem.field == "end_date"
    assert "31.12.2026" in problem.message


def test_end_before_start():
    assert codes(D(2026, 12, 10), D(2026, 12, 9), D(2026, 11, 23)) == {"end_before_start"}


def test_one_day_period_is_allowed():
    assert codes(D(2026, 12, 10), D(2026, 12, 10), D(2026, 11, 23)) == set()


def test_three_month_limit_applies_when_judged_the_day_before_2024_04_01():
    start = D(2024, 4, 2)
    assert longest_allowed_end(start, D(2024, 3, 31)) == D(2024, 7, 1)
    assert codes(start, D(2024, 7, 1), D(2024, 3, 31)) == set()
    assert "longer_than_three_months" in codes(start, D(2024, 7, 2), D(2024, 3, 31))


def test_three_month_limit_is_gone_when_judged_on_2024_04_01():
    start = D(2024, 4, 2)
    assert longest_allowed_end(start, D(2024, 4, 1)) == D(2024, 12, 31)
    assert codes(start, D(2024, 12, 31), D(2024, 4, 1)) == set()


def test_three_month_limit_never_passes_new_year():
    assert longest_allowed_end(D(2023, 11, 1), D(2023, 10, 1)) == D(2023, 12, 31)


def test_add_months_clamps_to_month_end():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)


dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))


@given(start=dates, length=st.integers(min_value=0, max_value=800), lead=st.integers(1, 60))
def test_any_accepted_period_stays_inside_one_calendar_year(start, length, lead):
    end = start + dt.timedelta(days=length)
    judged_on = start - dt.timedelta(days=lead)
    if not check_period(start, end, judged_on):
        assert start.year == end.year
        assert judged_on < start <= add_months(judged_on, 12)
        if judged_on < D(2024, 4, 1):
            assert end < add_months(start, 3)


@given(start=dates, lead=st.integers(1, 60))
def test_the_longest_allowed_end_is_itself_accepted(start, lead):
    judged_on = start - dt.timedelta(days=lead)
    assert check_period(start, longest_allowed_end(start, judged_on), judged_on) == []
