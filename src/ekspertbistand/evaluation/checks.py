"""What the given data can carry: notes each step records, and where the data came from.

Every step that meets a limit of the extract (a register that starts too late, a covariate
that is the same for everyone, grants outside the period, balance the rule cannot accept)
records a :class:`Check`. The CLI prints them when the run ends and the report prints them
beside the result they limit, so no number is shown without the caveat it needs.

``provenance.json`` says what was analysed: a synthetic register (generator, seed, scale) or
an extract (its checksum), the dates each register covers, the window and the package
versions. It has no clock time in it, so the same input gives the same report, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from ekspertbistand.evaluation.coverage import REPORT_WINDOW, checksum, read_manifest

if TYPE_CHECKING:
    from ekspertbistand.evaluation.facts import Prepared

SMD_LIMIT = 0.1
WARNING = "advarsel"
INFO = "merknad"
PACKAGES = ("ekspertbistand", "numpy", "polars", "scipy", "matplotlib", "weasyprint")


@dataclass(frozen=True)
class Check:
    code: str
    severity: str  # WARNING or INFO
    message: str


def record(path: Path, step: str, found: list[Check]) -> None:
    """Replace ``step``'s rows in the checks table with ``found``."""
    from ekspertbistand.evaluation.io import write_table

    rows = pl.DataFrame(
        {
            "step": [step] * len(found),
            "code": [c.code for c in found],
            "severity": [c.severity for c in found],
            "message": [c.message for c in found],
        },
        schema={"step": pl.String, "code": pl.String, "severity": pl.String, "message": pl.String},
    )
    if path.exists():
        rows = pl.concat([pl.read_parquet(path).filter(pl.col("step") != step), rows])
    order = {name: i for i, name in enumerate(STEP_ORDER)}
    rows = rows.with_columns(pl.col("step").replace_strict(order, default=99).alias("_o"))
    write_table(rows.sort("_o", "code", maintain_order=True).drop("_o"), path)


STEP_ORDER = ("target-group", "background", "status", "sequences", "match", "outcomes", "sensitivity")


def read_checks(tables_dir: Path) -> pl.DataFrame:
    path = tables_dir / "checks.parquet"
    if not path.exists():
        return pl.DataFrame(
            schema={"step": pl.String, "code": pl.String, "severity": pl.String, "message": pl.String}
        )
    return pl.read_parquet(path)


def _date(day: dt.date) -> str:
    months = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
              "september", "oktober", "november", "desember")  # fmt: skip
    return f"{day.day}. {months[day.month - 1]} {day.year}"


def window_checks(prepared: Prepared) -> list[Check]:
    outside = prepared.grants_outside_window
    if not outside:
        return []
    people = int(prepared.excluded.sum())
    return [
        Check(
            "grants_outside_window",
            INFO,
            f"{outside} tilsagn er datert utenfor perioden {_date(prepared.window.start)}–"
            f"{_date(prepared.window.end)}. De {people} personene som bare har slike tilsagn, "
            "er holdt utenfor analysen: de er verken mottakere eller mulige kontroller.",
        )
    ]


def status_checks(uncovered: tuple[int, ...]) -> list[Check]:
    if not uncovered:
        return []
    years = ", ".join(str(y) for y in uncovered)
    return [
        Check(
            "long_term_sick_unknown",
            WARNING,
            f"Uttrekket har ikke sykefravær for {years}. «Langtidssykemeldt» kan ikke bestemmes "
            "for de årene: de som var det, står under arbeid eller ukjent.",
        )
    ]


def covariate_checks(left_out: dict[str, str]) -> list[Check]:
    from ekspertbistand.evaluation.matching import COVARIATES

    found = []
    for name, why in left_out.items():
        label = COVARIATES[name]
        if why == "uncovered":
            text = f"«{label}» er utelatt fra propensity-modellen: uttrekket dekker ikke perioden."
        else:
            text = f"«{label}» er utelatt fra propensity-modellen: den er lik for alle i målgruppen."
        found.append(Check(f"covariate_{why}_{name}", WARNING, text))
    return found


def balance_checks(balance: pl.DataFrame) -> list[Check]:
    over = balance.filter(pl.col("smd_after").abs() > SMD_LIMIT)
    if over.is_empty():
        return []
    names = "; ".join(
        f"{row['label']}: {abs(row['smd_after']):.3f}".replace(".", ",") for row in over.iter_rows(named=True)
    )
    return [
        Check(
            "balance",
            WARNING,
            f"Balansen etter matching er ikke god nok: |SMD| over {str(SMD_LIMIT).replace('.', ',')} for "
            f"{names}. Sammenligningen i Tabell 7 er ikke troverdig før modellen er rettet.",
        )
    ]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "ukjent"


def write_provenance(out_dir: Path, data_dir: Path, prepared: Prepared) -> None:
    manifest = read_manifest(data_dir)
    coverage = prepared.coverage
    register = prepared.register
    sick = register.sick_leave
    provenance = {
        "source": "synthetic" if manifest.get("source") == "synthetic" else "extract",
        "seed": manifest.get("seed"),
        "scale": manifest.get("scale"),
        "checksum_sha256": checksum(data_dir),
        "sick_leave_from": coverage.sick_leave_from.isoformat(),
        "sick_leave_from_declared": coverage.declared,
        "sick_leave_last_day": sick["end"].max().isoformat() if sick.height else None,  # type: ignore[union-attr]
        "history_from": coverage.history_from.isoformat(),
        "data_end": coverage.data_end.isoformat(),
        "income_years": list(coverage.income_years),
        "window": prepared.window.text(),
        "window_is_the_reports": prepared.window == REPORT_WINDOW,
        "packages": {name: _version(name) for name in PACKAGES},
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "provenance.json").write_text(
        json.dumps(provenance, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def read_provenance(out_dir: Path) -> dict[str, object]:
    path = out_dir / "provenance.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}
