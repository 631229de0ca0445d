"""Step 1: the target group (§2.4.1).

A person is in the target group when, counting only sick days between 1 September 2019 and
30 September 2023 (both included), they have

- at least 8 weeks (56 days) of sick leave in total within some window of 12 months
  (365 consecutive days), or
- at least 8 weeks (56 days) of sick leave in a row,

or when they received the grant in that period. A person whose only grants are dated
outside the period is left out altogether (neither recipient nor control) and counted.
Overlapping spells count each day once, and spells that touch (one starts the day after
the other ends) are one unbroken absence. A spell that crosses the edge of the period counts
only with its days inside it. The second
rule is implied by the first (56 days in a row always fit in 365 days); both are reported.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ekspertbistand.evaluation.facts import Prepared
from ekspertbistand.evaluation.io import day_number
from ekspertbistand.evaluation.spells import clip_intervals, longest_interval, max_days_in_window

MIN_DAYS = 56
WINDOW_DAYS = 365


def target_group(prepared: Prepared) -> pl.DataFrame:
    """One row per person in the register with the rule results and ``in_target_group``."""
    inside = clip_intervals(
        prepared.sick_merged, day_number(prepared.window.start), day_number(prepared.window.end)
    )
    most_in_window = max_days_in_window(inside, prepared.n, WINDOW_DAYS)
    longest = longest_interval(inside, prepared.n)
    by_total = most_in_window >= MIN_DAYS
    in_a_row = longest >= MIN_DAYS
    return pl.DataFrame(
        {
            "person_id": prepared.person_ids,
            "recipient": prepared.treated,
            "max_sick_days_12_months": most_in_window.astype(np.int32),
            "longest_sick_run_days": longest.astype(np.int32),
            "rule_8_weeks_in_12_months": by_total,
            "rule_8_weeks_in_a_row": in_a_row,
            "grant_outside_window": prepared.excluded,
            "in_target_group": (by_total | in_a_row | prepared.treated) & ~prepared.excluded,
        }
    )
