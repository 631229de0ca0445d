"""Checks a register extract before anything runs on it.

Every problem is reported with the table, the column and the rows (counted from 1, as in a
spreadsheet without its header), in Norwegian, and the pipeline stops: a malformed extract is
never analysed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ekspertbistand.evaluation.schema import TABLES, Column, Table

KIND_NAMES = {
    "int": "heltall",
    "float": "desimaltall",
    "str": "tekst",
    "bool": "sann/usann",
    "date": "dato",
}
MAX_ROWS_SHOWN = 5


@dataclass(frozen=True)
class ValidationIssue:
    table: str
    column: str | None
    rows: tuple[int, ...]
    row_count: int
    problem: str

    def message(self) -> str:
        where = f"Tabell «{self.table}»"
        if self.column:
            where += f", kolonne «{self.column}»"
        if self.rows:
            shown = ", ".join(str(row) for row in self.rows)
            label = "rad" if len(self.rows) == 1 else "rader"
            where += f", {label} {shown}"
            if self.row_count > len(self.rows):
                where += f" (og {self.row_count - len(self.rows)} til, {self.row_count} i alt)"
        return f"{where}: {self.problem}"


class RegisterValidationError(Exception):
    """The extract is malformed; ``issues`` says where."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        self.issues = issues
        lines = [issue.message() for issue in issues]
        super().__init__(
            f"Registeruttrekket har {len(issues)} feil og blir ikke analysert:\n"
            + "\n".join(f"- {line}" for line in lines)
        )


def _kind_matches(dtype: pl.DataType, kind: str) -> bool:
    if kind == "int":
        return dtype.is_integer()
    if kind == "float":
        return dtype.is_float() or dtype.is_integer()
    if kind == "str":
        return dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum)
    if kind == "bool":
        return dtype == pl.Boolean
    if kind == "date":
        return dtype == pl.Date
    raise ValueError(kind)


def _rows(frame: pl.DataFrame, condition: pl.Expr) -> tuple[tuple[int, ...], int]:
    hits = frame.select(pl.int_range(1, pl.len() + 1).alias("_row"), condition.alias("_bad"))
    bad = hits.filter(pl.col("_bad").fill_null(False))["_row"]
    return tuple(bad.head(MAX_ROWS_SHOWN).to_list()), bad.len()


def _unparseable_rows(series: pl.Series, kind: str) -> tuple[tuple[int, ...], int]:
    if series.dtype != pl.String:
        return (), 0
    if kind == "date":
        parsed = series.str.to_date("%Y-%m-%d", strict=False)
    elif kind == "int":
        parsed = series.cast(pl.Int64, strict=False)
    elif kind == "float":
        parsed = series.cast(pl.Float64, strict=False)
    else:
        return (), 0
    frame = pl.DataFrame({"value": series, "parsed": parsed})
    return _rows(frame, pl.col("value").is_not_null() & pl.col("parsed").is_null())


def _check_columns(table: Table, frame: pl.DataFrame) -> tuple[list[ValidationIssue], bool]:
    issues: list[ValidationIssue] = []
    usable = True
    for column in table.columns:
        if column.name not in frame.columns:
            issues.append(ValidationIssue(table.name, column.name, (), 0, "kolonnen mangler."))
            usable = False
            continue
        dtype = frame.schema[column.name]
        if not _kind_matches(dtype, column.kind):
            rows, count = _unparseable_rows(frame[column.name], column.kind)
            problem = f"har typen {dtype}, men skal være {KIND_NAMES[column.kind]}."
            if rows:
                problem += " Verdiene i de nevnte radene kan heller ikke leses som det."
            issues.append(ValidationIssue(table.name, column.name, rows, count, problem))
            usable = False
    return issues, usable


# A check: the condition that marks a bad row, and how to describe the rows it marks.
Check = tuple[pl.Expr, Callable[[tuple[int, ...], int], ValidationIssue]]


def _issues(frame: pl.DataFrame, checks: list[Check]) -> list[ValidationIssue]:
    """The issues of the checks that mark any row, in the order given.

    All conditions are counted in one pass over the frame; only a check that marks rows
    goes back for their numbers.
    """
    if not checks:
        return []
    counts = frame.select(
        [condition.fill_null(False).sum().alias(f"_{i}") for i, (condition, _) in enumerate(checks)]
    ).row(0)
    issues = []
    for (condition, describe), count in zip(checks, counts, strict=True):
        if count:
            issues.append(describe(*_rows(frame, condition)))
    return issues


def _value_checks(table: Table, column: Column, frame: pl.DataFrame) -> list[Check]:
    checks: list[Check] = []
    col = pl.col(column.name)
    name = column.name
    if not column.nullable:
        checks.append(
            (
                col.is_null(),
                lambda rows, count: ValidationIssue(table.name, name, rows, count, "verdi mangler (tom)."),
            )
        )
    if column.allowed is not None:
        allowed_values = column.allowed

        def unknown(rows: tuple[int, ...], count: int) -> ValidationIssue:
            examples = frame[name].gather([r - 1 for r in rows]).cast(pl.String).to_list()
            allowed = ", ".join(allowed_values)
            return ValidationIssue(
                table.name,
                name,
                rows,
                count,
                f"ukjent verdi ({', '.join(map(repr, examples))}); lovlige verdier: {allowed}.",
            )

        checks.append((col.is_not_null() & ~col.cast(pl.String).is_in(allowed_values), unknown))
    if column.minimum is not None:
        minimum = column.minimum
        checks.append(
            (
                col < minimum,
                lambda rows, count: ValidationIssue(
                    table.name, name, rows, count, f"verdien er under {minimum:g}."
                ),
            )
        )
    if column.maximum is not None:
        maximum = column.maximum
        checks.append(
            (
                col > maximum,
                lambda rows, count: ValidationIssue(
                    table.name, name, rows, count, f"verdien er over {maximum:g}."
                ),
            )
        )
    return checks


def _table_checks(table: Table, frame: pl.DataFrame) -> list[Check]:
    """Every check on one table's values, in the order its issues are reported."""
    checks: list[Check] = []
    for column in table.columns:
        checks.extend(_value_checks(table, column, frame))
    if table.key is not None:
        key = table.key
        checks.append(
            (
                pl.col(key).is_duplicated(),
                lambda rows, count: ValidationIssue(
                    table.name, key, rows, count, "id-en forekommer flere ganger."
                ),
            )
        )
    if table.start_end is not None:
        start, end = table.start_end
        checks.append(
            (
                pl.col(end) < pl.col(start),
                lambda rows, count: ValidationIssue(
                    table.name, end, rows, count, f"sluttdato er før startdato («{start}»)."
                ),
            )
        )
    if "grade_for_disability" in table.extra_rules:
        checks.append(
            (
                (pl.col("benefit") == "UFORETRYGD") & pl.col("grade").is_null(),
                lambda rows, count: ValidationIssue(
                    table.name, "grade", rows, count, "uføregrad mangler for UFORETRYGD."
                ),
            )
        )
    return checks


def _reference_check(table: Table, column: str, known: pl.Series, target: str) -> Check:
    return (
        pl.col(column).is_not_null() & ~pl.col(column).is_in(known.implode()),
        lambda rows, count: ValidationIssue(
            table.name, column, rows, count, f"id-en finnes ikke i tabellen «{target}»."
        ),
    )


def validate_frames(frames: dict[str, pl.DataFrame | None]) -> list[ValidationIssue]:
    """All problems in the given tables (None = the file is missing)."""
    issues: list[ValidationIssue] = []
    usable: dict[str, pl.DataFrame] = {}
    for table in TABLES:
        frame = frames.get(table.name)
        if frame is None:
            issues.append(ValidationIssue(table.name, None, (), 0, f"filen {table.file_name} mangler."))
            continue
        column_issues, ok = _check_columns(table, frame)
        issues.extend(column_issues)
        if not ok:
            continue
        issues.extend(_issues(frame, _table_checks(table, frame)))
        usable[table.name] = frame

    people = usable.get("individuals")
    employers = usable.get("employers")
    for table in TABLES:
        frame = usable.get(table.name)
        if frame is None:
            continue
        checks: list[Check] = []
        if table.person_ref and people is not None:
            checks.append(_reference_check(table, "person_id", people["person_id"], "individuals"))
        if table.employer_ref and employers is not None:
            checks.append(_reference_check(table, "employer_id", employers["employer_id"], "employers"))
        issues.extend(_issues(frame, checks))
    return issues


def validate_register(data_dir: Path) -> list[ValidationIssue]:
    """Read the extract in ``data_dir`` and return every problem found (empty = valid)."""
    frames: dict[str, pl.DataFrame | None] = {}
    for table in TABLES:
        path = Path(data_dir) / table.file_name
        frames[table.name] = pl.read_parquet(path) if path.exists() else None
    return validate_frames(frames)


def ensure_valid(frames: dict[str, pl.DataFrame | None]) -> None:
    """Raise :class:`RegisterValidationError` if anything is wrong."""
    issues = validate_frames(frames)
    if issues:
        raise RegisterValidationError(issues)
