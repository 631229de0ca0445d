"""The register as NumPy arrays indexed by person, and the yearly facts the steps share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import polars as pl

from ekspertbistand.evaluation.coverage import REPORT_WINDOW, Coverage, Window, coverage_of
from ekspertbistand.evaluation.io import Register, dates_to_days, day_number
from ekspertbistand.evaluation.spells import (
    Intervals,
    any_in_period,
    days_in_period,
    merge_intervals,
    weighted_days_in_period,
)

OPEN_END = day_number(dt.date(2100, 1, 1))


def period_of(year: int) -> tuple[int, int]:
    """First and last day of a status year; 2024 is January only (§5.1)."""
    first = day_number(dt.date(year, 1, 1))
    if year == 2024:
        return first, day_number(dt.date(2024, 1, 31))
    return first, day_number(dt.date(year, 12, 31))


@dataclass
class Prepared:
    """Arrays over the register, people numbered by their row in ``individuals``.

    A recipient is a person with a grant dated inside ``window`` (§2.4.1: «i perioden
    september 2019 til og med september 2023»). A person whose only grants fall outside it
    is neither a recipient nor a possible control: ``excluded``, counted and reported.
    """

    register: Register
    window: Window = REPORT_WINDOW
    data_dir: Path | None = None
    declared_coverage: Coverage | None = None
    person_ids: np.ndarray = field(init=False)
    treated: np.ndarray = field(init=False)
    excluded: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.person_ids = self.register.individuals["person_id"].to_numpy()
        grants = self.register.grants
        days = dates_to_days(grants["granted_on"]).astype(np.int64)
        inside = (days >= day_number(self.window.start)) & (days <= day_number(self.window.end))
        rows = self.index(grants["person_id"])
        self.treated = np.zeros(self.n, dtype=bool)
        self.treated[rows[inside]] = True
        self.excluded = np.zeros(self.n, dtype=bool)
        self.excluded[rows[~inside]] = True
        self.excluded &= ~self.treated

    @cached_property
    def coverage(self) -> Coverage:
        if self.declared_coverage is not None:
            return self.declared_coverage
        return coverage_of(self.data_dir, self.register.sick_leave["start"], self.register.income["year"])

    @property
    def grants_outside_window(self) -> int:
        """Grants dated outside the window (rows, not people)."""
        days = dates_to_days(self.register.grants["granted_on"]).astype(np.int64)
        inside = (days >= day_number(self.window.start)) & (days <= day_number(self.window.end))
        return int((~inside).sum())

    @property
    def n(self) -> int:
        return int(self.person_ids.size)

    def index(self, ids: pl.Series) -> np.ndarray:
        """Row in ``individuals`` of each id (the register tables come sorted by person)."""
        values = ids.to_numpy()
        if values.size > 1 and np.all(values[1:] >= values[:-1]):
            # Sorted ids come in runs: look up the first of each run and repeat it.
            new = np.empty(values.size, dtype=bool)
            new[0] = True
            np.not_equal(values[1:], values[:-1], out=new[1:])
            heads = np.flatnonzero(new)
            rows = np.searchsorted(self.person_ids, values[heads])
            return np.repeat(rows, np.diff(np.append(heads, values.size)))
        return np.searchsorted(self.person_ids, values)

    @cached_property
    def sick(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        table = self.register.sick_leave
        return (
            self.index(table["person_id"]),
            dates_to_days(table["start"]).astype(np.int64),
            dates_to_days(table["end"]).astype(np.int64),
        )

    @cached_property
    def sick_merged(self) -> Intervals:
        return merge_intervals(*self.sick)

    @cached_property
    def employment(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        table = self.register.employment
        return (
            self.index(table["person_id"]),
            dates_to_days(table["start"]).astype(np.int64),
            dates_to_days(table["end"], fill=OPEN_END).astype(np.int64),
            table["weekly_hours"].cast(pl.Float64).to_numpy(),
        )

    @cached_property
    def benefits(self) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        table = self.register.benefits
        person = self.index(table["person_id"])
        start = dates_to_days(table["start"]).astype(np.int64)
        end = dates_to_days(table["end"], fill=OPEN_END).astype(np.int64)
        kind = table["benefit"].cast(pl.String).to_numpy()
        out = {}
        for name in ("AAP", "TILTAKSPENGER", "UFORETRYGD", "ALDERSPENSJON"):
            mask = kind == name
            out[name] = (person[mask], start[mask], end[mask])
        return out

    def sick_days(self, year: int) -> np.ndarray:
        return days_in_period(self.sick_merged, self.n, *period_of(year))

    def mean_weekly_hours(self, year: int) -> np.ndarray:
        """Agreed weekly hours averaged over the whole period (days without work count 0)."""
        first, last = period_of(year)
        person, start, end, hours = self.employment
        total = weighted_days_in_period(person, start, end, hours, self.n, first, last)
        return total / (last - first + 1)

    def receives(self, benefit: str, year: int) -> np.ndarray:
        person, start, end = self.benefits[benefit]
        return any_in_period(person, start, end, self.n, *period_of(year))

    @cached_property
    def positive_income(self) -> tuple[np.ndarray, np.ndarray]:
        """Person and year of each income row with wage plus business income above zero."""
        positive = self.register.income.filter((pl.col("wage") + pl.col("business_income")) > 0)
        return self.index(positive["person_id"]), positive["year"].to_numpy()

    def income_year_for(self, year: int) -> int:
        """The income year that speaks for a status period (see ``has_income``)."""
        if year == 2024 and not self.coverage.has_income_for(2024):
            return 2023
        return year

    def has_income(self, year: int) -> np.ndarray:
        """Wage or business income that counts for the status period ``year``.

        Income is annual. For January 2024, when the extract has no income for 2024, the
        2023 income stands in: a person whose only sign of work in 2023 was income (a
        self-employed person, say) does not turn «Ukjent» in January only because the
        extract ends before the year's income is known. With 2024 income in the extract,
        that is used instead.
        """
        person, years = self.positive_income
        out = np.zeros(self.n, dtype=bool)
        out[person[years == self.income_year_for(year)]] = True
        return out

    def wage(self, year: int) -> np.ndarray:
        table = self.register.income.filter(pl.col("year") == year)
        out = np.zeros(self.n, dtype=np.float64)
        out[self.index(table["person_id"])] = table["wage"].cast(pl.Float64).to_numpy()
        return out
