"""The maximum grant per year (DOMAIN §3.5).

A rate applies from its effective date until the next rate takes over; it is data NAV edits.
A date before the first configured rate has no rate, and cannot be granted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ekspertbistand.domain.errors import NoRateConfigured

RateTable = Sequence[tuple[dt.date, int]]


def rate_on(day: dt.date, table: RateTable) -> int:
    """The maximum amount (kr per year) in force on ``day``."""
    in_force = [amount for effective_from, amount in sorted(table) if effective_from <= day]
    if not in_force:
        raise NoRateConfigured(
            f"Det finnes ingen maksimal sats for {day:%d.%m.%Y}. NAV må legge inn satsen for "
            f"{day.year} før det kan søkes om tilskudd for perioden."
        )
    return in_force[-1]


def rate_for_period(start: dt.date, table: RateTable) -> int:
    """The rate that limits a grant period: the one in force on the period's first day."""
    return rate_on(start, table)
