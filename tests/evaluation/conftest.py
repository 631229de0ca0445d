"""Small registers for the evaluation tests: hand-built ones and a generated one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from ekspertbistand.evaluation.coverage import Coverage
from ekspertbistand.evaluation.facts import Prepared
from ekspertbistand.evaluation.generate import generate_register, manifest, write_register
from ekspertbistand.evaluation.io import Register
from ekspertbistand.evaluation.schema import DATA_START

D = dt.date


def tiny_register(
    people: int = 3,
    sick: list[tuple[int, dt.date, dt.date]] | None = None,
    employment: list[tuple[int, dt.date, dt.date | None, float]] | None = None,
    benefits: list[tuple[int, str, dt.date, dt.date | None, int | None]] | None = None,
    grants: list[tuple[int, dt.date]] | None = None,
    income: list[tuple[int, int, int, int]] | None = None,
) -> dict[str, pl.DataFrame]:
    """A register with ``people`` people (ids 1..n) and the rows given."""
    ids = list(range(1, people + 1))
    sick = sick or []
    employment = employment or []
    benefits = benefits or []
    grants = grants or []
    income = income or []
    return {
        "individuals": pl.DataFrame(
            {
                "person_id": ids,
                "sex": ["K"] * people,
                "age_band": ["40-44"] * people,
                "immigrant": [False] * people,
                "centrality": [3] * people,
            },
            schema_overrides={"centrality": pl.Int8},
        ),
        "income": pl.DataFrame(
            {
                "person_id": [r[0] for r in income],
                "year": [r[1] for r in income],
                "wage": [r[2] for r in income],
                "business_income": [r[3] for r in income],
            },
            schema={
                "person_id": pl.Int64,
                "year": pl.Int16,
                "wage": pl.Int64,
                "business_income": pl.Int64,
            },
        ),
        "sick_leave": pl.DataFrame(
            {
                "person_id": [r[0] for r in sick],
                "start": [r[1] for r in sick],
                "end": [r[2] for r in sick],
                "icpc2_chapter": ["L"] * len(sick),
            },
            schema={
                "person_id": pl.Int64,
                "start": pl.Date,
                "end": pl.Date,
                "icpc2_chapter": pl.String,
            },
        ),
        "employment": pl.DataFrame(
            {
                "person_id": [r[0] for r in employment],
                "employer_id": [1] * len(employment),
                "start": [r[1] for r in employment],
                "end": [r[2] for r in employment],
                "weekly_hours": [r[3] for r in employment],
            },
            schema={
                "person_id": pl.Int64,
                "employer_id": pl.Int64,
                "start": pl.Date,
                "end": pl.Date,
                "weekly_hours": pl.Float64,
            },
        ),
        "benefits": pl.DataFrame(
            {
                "person_id": [r[0] for r in benefits],
                "benefit": [r[1] for r in benefits],
                "start": [r[2] for r in benefits],
                "end": [r[3] for r in benefits],
                "grade": [r[4] for r in benefits],
            },
            schema={
                "person_id": pl.Int64,
                "benefit": pl.String,
                "start": pl.Date,
                "end": pl.Date,
                "grade": pl.Int8,
            },
        ),
        "grants": pl.DataFrame(
            {
                "person_id": [r[0] for r in grants],
                "employer_id": [1] * len(grants),
                "granted_on": [r[1] for r in grants],
            },
            schema={"person_id": pl.Int64, "employer_id": pl.Int64, "granted_on": pl.Date},
        ),
        "employers": pl.DataFrame(
            {
                "employer_id": [1],
                "sector": ["offentlig"],
                "nace_section": ["Q"],
                "size_band": ["over 100"],
            }
        ),
    }


def prepared_from(
    tables: dict[str, pl.DataFrame], sick_leave_from: dt.date = DATA_START, **options: object
) -> Prepared:
    """A register as the steps see it; its sick leave covered from ``sick_leave_from``."""
    tables = dict(tables)
    tables["individuals"] = tables["individuals"].sort("person_id")
    years = tuple(sorted(set(tables["income"]["year"].to_list())))
    coverage = Coverage(sick_leave_from, income_years=years, declared=True)
    return Prepared(Register(**tables), declared_coverage=coverage, **options)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def small_register_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated register at 1 % of the evaluation's size (6 722 people, 32 recipients)."""
    path = tmp_path_factory.mktemp("register")
    write_register(generate_register(scale=0.01, seed=7), path, manifest(0.01, 7))
    return path


@pytest.fixture
def make_register():  # noqa: ANN201 - returns the builder function
    return tiny_register


@pytest.fixture
def prepare():  # noqa: ANN201
    return prepared_from
