"""Reading and writing the register and the results as Parquet, deterministically."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from ekspertbistand.evaluation.schema import TABLES

EPOCH = dt.date(1970, 1, 1)
DEFAULT_DATA_DIR = Path("var/eval/register")
DEFAULT_OUT_DIR = Path("var/eval/results")


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01, the integer form dates take in the numeric code."""
    return (day - EPOCH).days


def write_table(frame: pl.DataFrame, path: Path) -> None:
    """Write a table so that the same frame always gives the same bytes.

    One row group, zstd at a fixed level, no wall-clock metadata: Polars writes none, and
    we keep ``statistics`` on because they are a function of the data alone.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    frame.write_parquet(tmp, compression="zstd", compression_level=3, row_group_size=1 << 22)
    tmp.replace(path)


@dataclass
class Register:
    """The seven register tables, as read (validated beforehand)."""

    individuals: pl.DataFrame
    income: pl.DataFrame
    sick_leave: pl.DataFrame
    employment: pl.DataFrame
    benefits: pl.DataFrame
    grants: pl.DataFrame
    employers: pl.DataFrame

    def person_index(self, person_ids: pl.Series | np.ndarray) -> np.ndarray:
        """Row positions in ``individuals`` (sorted by person_id) for the given ids."""
        ids = self.individuals["person_id"].to_numpy()
        values = person_ids.to_numpy() if isinstance(person_ids, pl.Series) else person_ids
        return np.searchsorted(ids, values)


def read_register(data_dir: Path, validate: bool = True) -> Register:
    """Read every table, check it (unless told not to) and sort the two keyed tables.

    Raises :class:`~ekspertbistand.evaluation.validate.RegisterValidationError` before
    anything is computed if the extract is malformed.
    """
    from ekspertbistand.evaluation.validate import ensure_valid

    frames: dict[str, pl.DataFrame | None] = {}
    for table in TABLES:
        path = Path(data_dir) / table.file_name
        frames[table.name] = pl.read_parquet(path) if path.exists() else None
    if validate:
        ensure_valid(frames)
    frames["individuals"] = frames["individuals"].sort("person_id")
    frames["employers"] = frames["employers"].sort("employer_id")
    return Register(**frames)


def dates_to_days(series: pl.Series, fill: int | None = None) -> np.ndarray:
    """Date column as int32 days since 1970-01-01; nulls become ``fill``."""
    days = series.cast(pl.Int32)
    if fill is not None:
        days = days.fill_null(fill)
    return days.to_numpy()
