"""The order of the public expert list: one that ranks nobody (DOMAIN §4, decision 0038).

NAV may not recommend a particular expert, so the list has no «best first». Alphabetical order
would favour whoever is called Aa…; the order of registration would favour the oldest. Instead
the list is shuffled with the day as seed: the same order all day (a page reload, a link shared
with the employee and paging all agree), a new order tomorrow, and over time every expert is
equally often at the top. The shuffle is a hash of the day and the expert's id, so it needs no
stored state and every server replica computes the same order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable


def neutral_key(day: dt.date, item_id: int) -> str:
    return hashlib.sha256(f"{day.isoformat()}:{item_id}".encode()).hexdigest()


def neutral_order(item_ids: Iterable[int], day: dt.date) -> list[int]:
    """``item_ids`` in the day's order: stable for the day, unrelated to names or age."""
    return sorted(item_ids, key=lambda item_id: neutral_key(day, item_id))
