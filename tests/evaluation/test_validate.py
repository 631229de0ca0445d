"""The validator: malformed input is named by table, column and row, and nothing runs on it."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from ekspertbistand.evaluation.generate import write_register
from ekspertbistand.evaluation.io import read_register
from ekspertbistand.evaluation.validate import RegisterValidationError, validate_frames

D = dt.date


def messages(tables) -> list[str]:
    return [issue.message() for issue in validate_frames(tables)]


def test_a_valid_register_has_no_issues(make_register):
    tables = make_register(
        sick=[(1, D(2020, 1, 1), D(2020, 3, 1))],
        employment=[(1, D(2015, 1, 1), None, 37.5)],
        benefits=[(2, "UFORETRYGD", D(2019, 1, 1), None, 50)],
        grants=[(1, D(2020, 2, 1))],
    )
    assert messages(tables) == []


def test_end_before_start_names_table_column_and_row(make_register):
    tables = make_register(
        sick=[
            (1, D(2020, 1, 1), D(2020, 3, 1)),
            (2, D(2020, 5, 2), D(2020, 5, 1)),
        ]
    )
    assert messages(tables) == [
        "Tabell «sick_leave», kolonne «end», rad 2: sluttdato er før startdato («start»)."
    ]


def test_unknown_person_and_employer(make_register):
    tables = make_register(employment=[(1, D(2015, 1, 1), None, 37.5), (9, D(2015, 1, 1), None, 20)])
    tables["grants"] = pl.DataFrame({"person_id": [1], "employer_id": [77], "granted_on": [D(2020, 1, 1)]})
    assert messages(tables) == [
        "Tabell «employment», kolonne «person_id», rad 2: id-en finnes ikke i tabellen «individuals».",
        "Tabell «grants», kolonne «employer_id», rad 1: id-en finnes ikke i tabellen «employers».",
    ]


def test_wrong_type_and_unparseable_rows(make_register):
    tables = make_register(sick=[(1, D(2020, 1, 1), D(2020, 3, 1))])
    tables["sick_leave"] = tables["sick_leave"].with_columns(
        pl.Series("start", ["2020-01-01"]).alias("start")
    )
    tables["employers"] = tables["employers"].with_columns(pl.lit("2020-13-01").alias("dummy"))
    tables["grants"] = pl.DataFrame(
        {"person_id": [1, 2], "employer_id": [1, 1], "granted_on": ["2020-01-01", "2020-02-30"]}
    )
    found = messages(tables)
    assert found == [
        "Tabell «sick_leave», kolonne «start»: har typen String, men skal være dato.",
        "Tabell «grants», kolonne «granted_on», rad 2: har typen String, men skal være dato. "
        "Verdiene i de nevnte radene kan heller ikke leses som det.",
    ]


def test_missing_column_missing_table_and_bad_values(make_register):
    tables = make_register(people=3)
    tables["individuals"] = (
        tables["individuals"]
        .drop("immigrant")
        .with_columns(
            pl.Series("sex", ["K", "X", "M"]),
            pl.Series("centrality", [1, 7, 3], dtype=pl.Int8),
        )
    )
    tables["benefits"] = None
    found = messages(tables)
    assert "Tabell «individuals», kolonne «immigrant»: kolonnen mangler." in found
    assert "Tabell «benefits»: filen benefits.parquet mangler." in found


def test_bad_values_and_many_rows(make_register):
    tables = make_register(people=8)
    tables["individuals"] = tables["individuals"].with_columns(
        pl.Series("sex", ["K", "X", "M", "X", "X", "X", "X", "X"]),
        pl.Series("centrality", [1, 7, 3, 3, 3, 3, 3, 3], dtype=pl.Int8),
    )
    found = messages(tables)
    assert found == [
        "Tabell «individuals», kolonne «sex», rader 2, 4, 5, 6, 7 (og 1 til, 6 i alt): ukjent "
        "verdi ('X', 'X', 'X', 'X', 'X'); lovlige verdier: K, M.",
        "Tabell «individuals», kolonne «centrality», rad 2: verdien er over 6.",
    ]


def test_disability_needs_a_grade_and_keys_are_unique(make_register):
    tables = make_register(benefits=[(1, "UFORETRYGD", D(2019, 1, 1), None, None)])
    tables["individuals"] = pl.concat([tables["individuals"], tables["individuals"].head(1)])
    assert messages(tables) == [
        "Tabell «individuals», kolonne «person_id», rader 1, 4: id-en forekommer flere ganger.",
        "Tabell «benefits», kolonne «grade», rad 1: uføregrad mangler for UFORETRYGD.",
    ]


def test_pipeline_refuses_to_run_on_a_malformed_extract(make_register, tmp_path):
    from ekspertbistand.evaluation.cli import main

    tables = make_register(sick=[(1, D(2020, 5, 2), D(2020, 5, 1))])
    write_register(tables, tmp_path / "register")
    with pytest.raises(RegisterValidationError) as caught:
        read_register(tmp_path / "register")
    assert "sick_leave" in str(caught.value)
    code = main(["run", "--data", str(tmp_path / "register"), "--out", str(tmp_path / "out")])
    assert code == 2
    assert not (tmp_path / "out" / "tables").exists()
    assert main(["validate", "--data", str(tmp_path / "register")]) == 2
