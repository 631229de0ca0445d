"""The public expert list ranks nobody (DOMAIN §4: NAV may not recommend a particular expert)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ekspertbistand.domain.neutral_order import neutral_order

DAY = dt.date(2026, 12, 1)


def test_the_same_order_all_day_whatever_order_the_ids_come_in() -> None:
    ids = list(range(1, 40))
    assert neutral_order(ids, DAY) == neutral_order(reversed(ids), DAY)
    assert sorted(neutral_order(ids, DAY)) == ids


def test_a_new_order_the_next_day_and_not_by_id() -> None:
    ids = list(range(1, 40))
    assert neutral_order(ids, DAY) != neutral_order(ids, DAY + dt.timedelta(days=1))
    assert neutral_order(ids, DAY) != ids


def test_over_a_year_everyone_is_at_the_top_about_equally_often() -> None:
    ids = list(range(1, 6))
    tops = Counter(neutral_order(ids, DAY + dt.timedelta(days=n))[0] for n in range(365))
    assert set(tops) == set(ids)
    assert max(tops.values()) < 2 * min(tops.values())
