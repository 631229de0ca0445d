"""The shortcuts the pipeline takes give exactly what the plain computation gives."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from scipy import stats

from ekspertbistand.evaluation.facts import Prepared
from ekspertbistand.evaluation.io import day_number
from ekspertbistand.evaluation.matching import _age_midpoints, main_chapter, main_chapter_code
from ekspertbistand.evaluation.outcomes import chi2_sf
from ekspertbistand.evaluation.schema import ICPC2_CHAPTERS, TARGET_WINDOW_END, TARGET_WINDOW_START
from ekspertbistand.evaluation.sensitivity import GAMMAS, binom_sf
from ekspertbistand.evaluation.spells import merge_intervals


@pytest.mark.parametrize("statistic", [0.0, 1e-9, 0.5, 3.2, 17.77, 100.0, 1e3, np.inf])
def test_chi_square_tail_is_scipy_stats(statistic):
    for dof in range(1, 13):
        assert chi2_sf(statistic, dof) == float(stats.chi2.sf(statistic, dof))


def test_binomial_tail_is_scipy_stats():
    rng = np.random.default_rng(3)
    for n in [*range(40), 100, 557, 1000, 3229]:
        ks = {-1, 0, 1, n // 2, n - 1, n, n + 1, *rng.integers(-1, n + 2, 5).tolist()}
        ps = [0.5, 0.1, 0.9, 0.999, 1e-4, *(g / (1 + g) for g in GAMMAS), *rng.random(3)]
        for k in ks:
            for p in ps:
                assert binom_sf(k, n, p) == float(stats.binom.sf(k, n, p)), (k, n, p)


def _random_spells(rng: np.random.Generator, rows: int, people: int):
    person = np.sort(rng.integers(0, people, rows))
    start = rng.integers(day_number(dt.date(2015, 1, 1)), day_number(dt.date(2025, 1, 1)), rows)
    start[rng.random(rows) < 0.2] = start[0]  # many equal starts
    end = start + rng.integers(0, 120, rows)
    order = np.lexsort((start, person))
    return person[order], start[order], end[order]


def test_merging_sorted_spells_skips_the_sort_with_the_same_result():
    rng = np.random.default_rng(5)
    person, start, end = _random_spells(rng, 3000, 200)
    shuffled = rng.permutation(person.size)
    sorted_result = merge_intervals(person, start, end)
    shuffled_result = merge_intervals(person[shuffled], start[shuffled], end[shuffled])
    for field in ("person", "start", "end"):
        np.testing.assert_array_equal(getattr(sorted_result, field), getattr(shuffled_result, field))


def _prepared(rng: np.random.Generator, people: int, rows: int, sort: bool) -> Prepared:
    ids = np.sort(rng.choice(10 * people, people, replace=False)) + 1
    person, start, end = _random_spells(rng, rows, people)
    chapter = rng.choice(np.array(ICPC2_CHAPTERS), rows)
    sick = pl.DataFrame(
        {
            "person_id": ids[person],
            "start": pl.Series(start.astype(np.int32)).cast(pl.Date),
            "end": pl.Series(end.astype(np.int32)).cast(pl.Date),
            "icpc2_chapter": chapter,
        }
    )
    if not sort:
        sick = sick.sample(fraction=1.0, shuffle=True, seed=1)
    register = type("R", (), {})()
    register.individuals = pl.DataFrame({"person_id": ids})
    register.grants = pl.DataFrame({"person_id": ids[:3], "granted_on": [dt.date(2020, 1, 1)] * 3})
    register.sick_leave = sick
    return Prepared(register)


@pytest.mark.parametrize("sort", [True, False])
def test_person_index_is_a_binary_search(sort):
    prepared = _prepared(np.random.default_rng(11), 300, 5000, sort)
    ids = prepared.register.sick_leave["person_id"]
    np.testing.assert_array_equal(prepared.index(ids), np.searchsorted(prepared.person_ids, ids.to_numpy()))


@pytest.mark.parametrize("sort", [True, False])
def test_main_chapter_is_the_first_row_by_days_start_and_chapter(sort):
    prepared = _prepared(np.random.default_rng(13), 300, 1500, sort)
    person, start, end = prepared.sick
    code = (
        prepared.register.sick_leave["icpc2_chapter"].cast(pl.Enum(ICPC2_CHAPTERS)).to_physical().to_numpy()
    ).astype(np.int64)
    first, last = day_number(TARGET_WINDOW_START), day_number(TARGET_WINDOW_END)
    days = np.clip(np.minimum(end, last) - np.maximum(start, first) + 1, 0, None)
    expected = np.zeros(prepared.n, dtype=np.int64)
    for row in np.lexsort((code, start, -days, person))[::-1]:
        expected[person[row]] = code[row] + 1 if days[row] > 0 else 0
    has_rows = np.zeros(prepared.n, dtype=bool)
    has_rows[person] = True
    assert (expected > 0).any() and (has_rows & (expected == 0)).any()
    np.testing.assert_array_equal(main_chapter_code(prepared), expected)
    chapters = np.array(("", *ICPC2_CHAPTERS), dtype=object)
    np.testing.assert_array_equal(main_chapter(prepared), chapters[expected])


def test_age_midpoints_parse_each_band():
    bands = pl.Series(["15-19", "40-44", "70-74", "40-44", "15-19"])
    expected = bands.str.split("-").list.first().cast(pl.Float64).to_numpy() + 2.0
    np.testing.assert_array_equal(_age_midpoints(bands), expected)
