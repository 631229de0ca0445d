"""export-grants: the service's grants as a pseudonymised treatment table (no database)."""

from __future__ import annotations

import datetime as dt
import sys
import types
from pathlib import Path

import polars as pl
import pytest

from ekspertbistand.evaluation.export_grants import export_grants, pseudonymise

ROWS = [
    {"national_id": "15076500565", "employer_orgnr": "974760673", "granted_on": dt.date(2024, 3, 1)},
    {"national_id": "01010150068", "employer_orgnr": "889640782", "granted_on": dt.date(2024, 5, 2)},
]


@pytest.fixture
def fake_selectors(monkeypatch):
    module = types.ModuleType("ekspertbistand.cases.selectors")
    module.grant_rows = lambda: iter(ROWS)
    monkeypatch.setitem(sys.modules, "ekspertbistand.cases.selectors", module)
    import ekspertbistand.cases as cases

    monkeypatch.setattr(cases, "selectors", module, raising=False)
    return module


def test_export_pseudonymises_and_keeps_the_grant_dates(fake_selectors, settings, tmp_path: Path):
    settings.PSEUDONYM_KEY = "test-key"
    output = tmp_path / "grants.parquet"
    assert export_grants(output) == 2
    frame = pl.read_parquet(output)
    assert frame.columns == ["person_id", "employer_id", "granted_on"]
    assert frame.schema["person_id"] == pl.Int64
    key = b"test-key"
    assert set(frame["person_id"].to_list()) == {pseudonymise(r["national_id"], key) for r in ROWS}
    assert sorted(frame["granted_on"].to_list()) == [dt.date(2024, 3, 1), dt.date(2024, 5, 2)]
    raw = output.read_bytes()
    for row in ROWS:
        assert row["national_id"].encode() not in raw
        assert row["employer_orgnr"].encode() not in raw
        assert str(int(row["national_id"])).encode() not in raw


def test_pseudonyms_depend_on_the_key_and_fit_int64():
    a = pseudonymise("15076500565", b"one")
    assert a == pseudonymise("15076500565", b"one")
    assert a != pseudonymise("15076500565", b"two")
    assert 0 <= a < 2**63


def test_export_refuses_without_a_key(fake_selectors, settings, tmp_path: Path):
    settings.PSEUDONYM_KEY = ""
    with pytest.raises(ValueError, match="PSEUDONYM_KEY"):
        export_grants(tmp_path / "grants.parquet")
