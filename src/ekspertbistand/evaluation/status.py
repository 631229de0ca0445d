"""Step 2: yearly labour-market status 2018–2024 (§5.1).

The report defines the states but not which wins when a person fits several in one year.
We use this precedence, first match wins:

1. Alderspensjonist — received old-age pension on any day of the period;
2. Ufør — received uføretrygd (any grade) on any day;
3. AAP/Tiltakspenger — received AAP or tiltakspenger on any day;
4. Langtidssykemeldt — at least 40 sick days in the year (at least 20 in January 2024);
5. Fulltidsarbeid — agreed weekly hours, averaged over the whole period, at least 32;
6. Sysselsatt — that average at least 1 hour, or wage or business income in the year;
7. Ukjent — none of the above.

Why this order: the benefits are the report's own exclusions ("and no benefits from NAV"
for the two work states), and the more lasting benefit wins over the more temporary one
(pension over disability over AAP). Long-term sickness comes before work because the
report's Tabell 7 counts most of the long-term sick as employed people on sick leave: with
work first, nobody with a job could be long-term sick. A period is a calendar year, except
2024, which is January only. Days without an employment relationship count as zero hours.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ekspertbistand.evaluation.facts import Prepared
from ekspertbistand.evaluation.schema import STATUS_YEARS, Status

HISTORY_YEARS = (2016, 2017)
LONG_TERM_SICK_DAYS = 40
LONG_TERM_SICK_DAYS_JANUARY = 20
FULL_TIME_HOURS = 32.0
EMPLOYED_HOURS = 1.0


def classify(
    *,
    pension: np.ndarray,
    disability: np.ndarray,
    aap_or_tiltakspenger: np.ndarray,
    sick_days: np.ndarray,
    mean_hours: np.ndarray,
    income: np.ndarray,
    january_only: bool = False,
) -> np.ndarray:
    """Status codes (``Status``) for one period, by the precedence in the module docstring."""
    sick_limit = LONG_TERM_SICK_DAYS_JANUARY if january_only else LONG_TERM_SICK_DAYS
    conditions = [
        pension,
        disability,
        aap_or_tiltakspenger,
        sick_days >= sick_limit,
        mean_hours >= FULL_TIME_HOURS,
        (mean_hours >= EMPLOYED_HOURS) | income,
    ]
    choices = [
        Status.OLD_AGE_PENSION,
        Status.DISABILITY,
        Status.AAP,
        Status.LONG_TERM_SICK,
        Status.FULL_TIME,
        Status.EMPLOYED,
    ]
    return np.select(conditions, [int(c) for c in choices], default=int(Status.UNKNOWN)).astype(np.int8)


def status_for_year(prepared: Prepared, year: int) -> np.ndarray:
    """Status in ``year``; «Langtidssykemeldt» only where the sick-leave register covers it.

    In a year before the extract's sick leave begins, sick days are unknown, not zero: the
    state cannot be given, and ``uncovered_sick_years`` names the year for the report.
    """
    covered = prepared.coverage.sick_leave_covers_year(year)
    return classify(
        pension=prepared.receives("ALDERSPENSJON", year),
        disability=prepared.receives("UFORETRYGD", year),
        aap_or_tiltakspenger=prepared.receives("AAP", year) | prepared.receives("TILTAKSPENGER", year),
        sick_days=prepared.sick_days(year) if covered else np.zeros(prepared.n, dtype=np.int64),
        mean_hours=prepared.mean_weekly_hours(year),
        income=prepared.has_income(year),
        january_only=year == 2024,
    )


def yearly_status(prepared: Prepared, members: np.ndarray) -> pl.DataFrame:
    """Status per year for the people in ``members`` (a boolean mask over the register)."""
    columns: dict[str, np.ndarray] = {
        "person_id": prepared.person_ids[members],
        "recipient": prepared.treated[members],
    }
    for year in STATUS_YEARS:
        columns[f"status_{year}"] = status_for_year(prepared, year)[members]
    return pl.DataFrame(columns)


def uncovered_sick_years(prepared: Prepared) -> tuple[int, ...]:
    """Status years in which «Langtidssykemeldt» cannot be determined from the extract."""
    return tuple(y for y in STATUS_YEARS if not prepared.coverage.sick_leave_covers_year(y))


def status_matrix(frame: pl.DataFrame) -> np.ndarray:
    """The ``status_YYYY`` columns as an (people × years) int8 matrix."""
    return np.column_stack([frame[f"status_{year}"].to_numpy() for year in STATUS_YEARS])
