"""What the extract covers, and so which checks it can carry.

The 2024 evaluation's extract has sick leave only from January 2019 (§2.4.1: «Legemeldt
sykefravær (jan-des 2019 til og med januar 2024)»), but employment and benefits from 2016.
Sick days in 2016–2018 are then not zero, they are unknown, and every step that would use
them must know it: the propensity model leaves the covariate out, the status of a year the
sick-leave register does not cover cannot be «Langtidssykemeldt», and the placebo test says
which states it compares.

Where the extract says what it covers (``extract.json`` beside the tables, written by the
generator and by anyone delivering an extract), that wins. Otherwise the first covered year
is inferred from the spells: the earliest calendar year in which at least half as many
spells start as in the median year. Spells still running when the register starts are few
compared with a whole year's, so a year with only those is not counted as covered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from ekspertbistand.evaluation.schema import (
    DATA_END,
    DATA_START,
    TABLES,
    TARGET_WINDOW_END,
    TARGET_WINDOW_START,
)

MANIFEST = "extract.json"


@dataclass(frozen=True)
class Window:
    """The period a grant must be dated in, and the 8-week rules are counted in (§2.4.1)."""

    start: dt.date
    end: dt.date

    @classmethod
    def parse(cls, text: str) -> Window:
        """``2024-01-01:2025-12-31`` (both days included)."""
        try:
            first, last = (dt.date.fromisoformat(part.strip()) for part in text.split(":"))
        except ValueError as error:
            raise ValueError(
                f"--window «{text}»: skriv to datoer som ÅÅÅÅ-MM-DD:ÅÅÅÅ-MM-DD, "
                "for eksempel 2019-09-01:2023-09-30."
            ) from error
        if last < first:
            raise ValueError(f"--window «{text}»: sluttdatoen er før startdatoen.")
        return cls(first, last)

    def text(self) -> str:
        return f"{self.start.isoformat()}:{self.end.isoformat()}"


REPORT_WINDOW = Window(TARGET_WINDOW_START, TARGET_WINDOW_END)


@dataclass(frozen=True)
class Coverage:
    """The dates the extract's registers cover."""

    sick_leave_from: dt.date
    history_from: dt.date = DATA_START
    data_end: dt.date = DATA_END
    income_years: tuple[int, ...] = ()
    declared: bool = False  # stated in extract.json rather than inferred

    def sick_leave_covers(self, first: dt.date) -> bool:
        """Does the sick-leave register cover a period that starts on ``first``?"""
        return self.sick_leave_from <= first

    def sick_leave_covers_year(self, year: int) -> bool:
        return self.sick_leave_covers(dt.date(year, 1, 1))

    def has_income_for(self, year: int) -> bool:
        return year in self.income_years


def read_manifest(data_dir: Path) -> dict[str, object]:
    path = Path(data_dir) / MANIFEST
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8")))


def write_manifest(data_dir: Path, manifest: dict[str, object]) -> None:
    path = Path(data_dir) / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def infer_sick_leave_from(starts: pl.Series) -> dt.date:
    """First day of the earliest year with at least half the median year's spell starts."""
    if starts.len() == 0:
        return DATA_START
    values, tallies = np.unique(starts.dt.year().to_numpy(), return_counts=True)
    counts = dict(zip(values.tolist(), tallies.tolist(), strict=True))
    full_years = [y for y in counts if dt.date(y, 12, 31) <= DATA_END] or list(counts)
    median = float(np.median([counts[y] for y in full_years]))
    for year in sorted(counts):
        if counts[year] >= median / 2:
            return max(dt.date(year, 1, 1), DATA_START)
    return DATA_START


def coverage_of(data_dir: Path | None, sick_starts: pl.Series, income_years: pl.Series) -> Coverage:
    manifest = read_manifest(data_dir) if data_dir is not None else {}
    years = tuple(sorted(int(y) for y in income_years.unique().to_list()))
    declared = manifest.get("sick_leave_from")
    if isinstance(declared, str):
        return Coverage(dt.date.fromisoformat(declared), income_years=years, declared=True)
    return Coverage(infer_sick_leave_from(sick_starts), income_years=years)


def checksum(data_dir: Path) -> str:
    """SHA-256 over the extract's table files, in the schema's order (names and bytes)."""
    digest = hashlib.sha256()
    for table in TABLES:
        path = Path(data_dir) / table.file_name
        digest.update(table.file_name.encode())
        if path.exists():
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()
