"""DOMAIN §3.5: maximum rate per year, dated; costs above it are the employer's."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekspertbistand.domain.errors import NoRateConfigured
from ekspertbistand.domain.money import (
    CostKind,
    CostLine,
    check_amount,
    employer_share,
    format_kr,
    total_cost,
)
from ekspertbistand.domain.rates import rate_for_period, rate_on

D = dt.date
TABLE = [(D(2022, 1, 1), 21_200), (D(2023, 1, 1), 22_300), (D(2024, 5, 24), 23_100)]


def test_rate_changes_on_its_effective_date():
    assert rate_on(D(2024, 5, 23), TABLE) == 22_300
    assert rate_on(D(2024, 5, 24), TABLE) == 23_100


def test_year_boundary_between_rates():
    assert rate_on(D(2022, 12, 31), TABLE) == 21_200
    assert rate_on(D(2023, 1, 1), TABLE) == 22_300


def test_latest_rate_applies_until_a_new_one_is_configured():
    assert rate_for_period(D(2026, 12, 1), TABLE) == 23_100


def test_no_rate_before_the_first_is_a_clear_error_not_a_guess():
    with pytest.raises(NoRateConfigured, match="2021"):
        rate_on(D(2021, 12, 31), TABLE)


def test_order_of_the_table_does_not_matter():
    assert rate_on(D(2023, 6, 1), list(reversed(TABLE))) == 22_300


def test_cost_lines_add_up_in_whole_kroner():
    lines = [
        CostLine(CostKind.EXPERT_HOURS, hours_hundredths=750, hourly_rate_kr=1_333),  # 9 997.5
        CostLine(CostKind.TRAVEL, amount_kr=1_200),
    ]
    assert total_cost(lines) == 9_998 + 1_200


def test_amount_at_the_rate_is_allowed_one_krone_above_is_not():
    assert check_amount(23_100, 30_000, 23_100) == []
    (problem,) = check_amount(23_101, 30_000, 23_100)
    assert problem.code == "above_max_rate"
    assert format_kr(23_100) in problem.message


def test_amount_cannot_exceed_the_estimated_costs():
    assert {p.code for p in check_amount(15_001, 15_000, 23_100)} == {"above_costs"}


def test_zero_amount_is_refused():
    assert {p.code for p in check_amount(0, 15_000, 23_100)} == {"amount_missing"}


@given(total=st.integers(0, 200_000), rate=st.integers(1, 50_000))
def test_grant_plus_employer_share_covers_the_costs(total, rate):
    granted = min(total, rate)
    assert granted + employer_share(total, rate) == total
    if granted > 0:
        assert check_amount(granted, total, rate) == []


def test_format_kr_uses_norwegian_thousands_separator():
    assert format_kr(23_100) == "23\u00a0100\u00a0kr"
