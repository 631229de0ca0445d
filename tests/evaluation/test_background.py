"""Tabell 4 and 5: employers and persons in the target group, in the report's layout (§3.5, §3.6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from ekspertbistand.evaluation.background import employer_table, person_table

D = dt.date
SICK = (D(2020, 3, 1), D(2020, 6, 1))  # 93 days: in the target group


@pytest.fixture
def register(make_register):
    tables = make_register(
        people=4,
        sick=[(p, *SICK) for p in (1, 2, 3, 4)] + [(1, D(2021, 1, 1), D(2021, 1, 10))],
        employment=[
            (1, D(2015, 1, 1), None, 37.5),
            (2, D(2015, 1, 1), None, 37.5),
            (3, D(2015, 1, 1), None, 20.0),
            (4, D(2015, 1, 1), D(2018, 12, 31), 37.5),
        ],  # fmt: skip
        grants=[(1, D(2020, 4, 1))],
    )
    tables["employment"] = tables["employment"].with_columns(pl.Series("employer_id", [10, 11, 10, 12]))
    tables["grants"] = tables["grants"].with_columns(pl.Series("employer_id", [10]))
    tables["employers"] = pl.DataFrame(
        {
            "employer_id": [10, 11, 12],
            "sector": ["offentlig", "privat", "privat"],
            "nace_section": ["Q", "P", "A"],
            "size_band": ["over 100", "10-20", "21-50"],
        }
    )
    individuals = tables["individuals"]
    tables["individuals"] = individuals.with_columns(
        pl.Series("sex", ["K", "M", "K", "K"]),
        pl.Series("age_band", ["40-44", "55-59", "20-24", "60-64"]),
        pl.Series("immigrant", [False, True, False, False]),
        pl.Series("centrality", [1, 3, 3, 6], dtype=pl.Int8),
    )
    return tables


def _row(frame: pl.DataFrame, variable: str, value: str) -> dict[str, object]:
    return frame.filter((pl.col("variable") == variable) & (pl.col("value") == value)).row(0, named=True)


def test_tabell_4_counts_recipient_and_other_employers_apart(register, prepare):
    prepared = prepare(register)
    table = employer_table(prepared, np.ones(4, dtype=bool))
    # Employer 10 has the grant; 11 employs a non-recipient in the period; 12's job ended in 2018,
    # and 10 is not counted again among the non-recipients though person 3 works there.
    public = _row(table, "Sektor", "Offentlig")
    assert (public["nonrecipient_n"], public["recipient_n"]) == (0, 1)
    private = _row(table, "Sektor", "Privat")
    assert (private["nonrecipient_n"], private["recipient_n"]) == (1, 0)
    assert private["difference"] == pytest.approx(1.0)  # non-recipients minus recipients, as the report
    assert _row(table, "Hovednæring", "Helse- og sosialtjenester")["recipient_n"] == 1
    assert _row(table, "Hovednæring", "Undervisning")["nonrecipient_n"] == 1
    assert _row(table, "Ansatte", "Over 100")["recipient_n"] == 1
    assert table["variable"].unique(maintain_order=True).to_list() == ["Sektor", "Hovednæring", "Ansatte"]


def test_tabell_5_counts_persons_and_diagnoses_per_spell(register, prepare):
    table = person_table(prepare(register), np.ones(4, dtype=bool))
    women = _row(table, "Kjønn", "Kvinne")
    assert (women["nonrecipient_n"], women["recipient_n"]) == (2, 1)
    assert women["nonrecipient_share"] == pytest.approx(2 / 3)
    assert _row(table, "Aldersgruppe", "15-24 år")["nonrecipient_n"] == 1
    assert _row(table, "Aldersgruppe", "40-54 år")["recipient_n"] == 1
    assert _row(table, "Aldersgruppe", "60-64 år")["nonrecipient_n"] == 1
    # Person 1 (the recipient) has two spells in the period: diagnoses count spells.
    muscles = _row(table, "Diagnosekategori (sykefraværstilfeller)", "Muskel og skjelettsystemet")
    assert (muscles["nonrecipient_n"], muscles["recipient_n"]) == (3, 2)
    assert _row(table, "Sentralitet", "Minst sentrale kommuner")["nonrecipient_n"] == 1
    assert _row(table, "Innvandringsstatus", "Innvandrer")["nonrecipient_n"] == 1


def test_the_report_shows_tabell_4_and_5_in_the_reports_layout(small_register_dir: Path, tmp_path: Path):
    from ekspertbistand.evaluation.pipeline import Context, run_pipeline

    run_pipeline(Context(data_dir=small_register_dir, out_dir=tmp_path), report=True, pdf=False, tree=False)
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    for heading in ("Tabell 4: Virksomheter i målgruppen", "Tabell 5: Personer i målgruppen"):
        assert heading in report
    tabell5 = report[report.index("Tabell 5:") :]
    assert "<th>Ikke-mottakere (n = " in tabell5 and "<th>Differanse</th>" in tabell5
    assert '<tr class="year"><td colspan="6">Kjønn</td></tr>' in tabell5
