"""The year's budget frame and its use (DOMAIN §4: delegation needs overview of use against
the budget). Grants commit money, refunds spend it, cancellations and expiries release it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class BudgetUse:
    frame_kr: int | None  # None: no frame set
    committed_kr: int  # active grants not yet refunded
    spent_kr: int  # refunds paid

    @property
    def used_kr(self) -> int:
        return self.committed_kr + self.spent_kr

    @property
    def remaining_kr(self) -> int | None:
        return None if self.frame_kr is None else self.frame_kr - self.used_kr

    def would_exceed(self, extra_kr: int) -> bool:
        """Whether committing ``extra_kr`` more passes the frame (no frame: never)."""
        return self.frame_kr is not None and self.used_kr + extra_kr > self.frame_kr


def forecast(used_kr: int, year: int, on: dt.date) -> int:
    """The year's use if this year's pace so far continues to 31 December.

    Before the year: 0; after it: what was used. Days are counted inclusive of ``on``.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if on < start:
        return 0
    if on >= end:
        return used_kr
    elapsed = (on - start).days + 1
    total = (end - start).days + 1
    return (used_kr * total + elapsed // 2) // elapsed
