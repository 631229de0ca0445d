"""The synthetic register: valid, seeded, sized by --scale, with Tabell 5's marginals."""

from __future__ import annotations

import polars as pl
import pytest

from ekspertbistand.evaluation.generate import RegisterSize, generate_register
from ekspertbistand.evaluation.validate import validate_frames


@pytest.fixture(scope="module")
def tables():
    return generate_register(scale=0.02, seed=11)


def test_sizes_follow_the_scale(tables):
    size = RegisterSize.for_scale(0.02)
    assert tables["individuals"].height == size.people == 13_444
    assert tables["grants"].height == size.recipients == 65
    assert tables["employers"].height == size.employers == 2_124
    assert RegisterSize.for_scale(1.0) == RegisterSize(672_197, 106_217, 3_229)
    spells_per_person = tables["sick_leave"].height / tables["individuals"].height
    assert 4.0 < spells_per_person < 5.5  # the report: 3 197 456 / 672 197 = 4.76


def test_generated_register_passes_the_validator(tables):
    assert validate_frames(tables) == []


def test_same_seed_same_tables_other_seed_other_tables(tables):
    again = generate_register(scale=0.02, seed=11)
    assert all(tables[name].equals(again[name]) for name in tables)
    other = generate_register(scale=0.02, seed=12)
    assert not tables["sick_leave"].equals(other["sick_leave"])


def test_marginals_follow_tabell_5(tables):
    people = (
        tables["individuals"]
        .join(
            tables["grants"].select("person_id", pl.lit(True).alias("recipient")),
            on="person_id",
            how="left",
        )
        .with_columns(pl.col("recipient").fill_null(False))
    )
    controls = people.filter(~pl.col("recipient"))
    assert (controls["sex"] == "K").mean() == pytest.approx(0.633, abs=0.02)
    assert controls["immigrant"].mean() == pytest.approx(0.193, abs=0.02)
    assert (controls["centrality"] == 1).mean() == pytest.approx(0.185, abs=0.02)
    big = generate_register(scale=0.2, seed=3)
    grants = big["grants"].select("person_id")
    recipients = big["individuals"].join(grants, on="person_id")
    assert (recipients["sex"] == "K").mean() == pytest.approx(0.763, abs=0.04)
    assert (recipients["centrality"] == 3).mean() == pytest.approx(0.35, abs=0.05)
