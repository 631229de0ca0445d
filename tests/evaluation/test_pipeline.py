"""The whole run: every step alone, byte-identical tables, the report, the CLI."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ekspertbistand.evaluation.cli import main
from ekspertbistand.evaluation.pipeline import (
    ANALYSIS_STEPS,
    Context,
    MissingStepError,
    run_outcomes,
    run_pipeline,
)

EXPECTED_TABLES = {
    "target_group",
    "status",
    "state_distribution",
    "sequences",
    "propensity",
    "matches",
    "balance",
    "tabell7",
    "chi_square",
    "placebo",
    "rosenbaum",
    "tabell4",
    "tabell5",
    "checks",
    "figur22_nodes",
    "figur22_receipt",
    "placebo_sick_leave",
}


def test_generate_and_run_from_the_command_line(tmp_path: Path):
    data, out = tmp_path / "register", tmp_path / "results"
    assert main(["generate", "--scale", "0.005", "--seed", "5", "--data", str(data)]) == 0
    assert main(["validate", "--data", str(data)]) == 0
    assert main(["run", "--data", str(data), "--out", str(out)]) == 0
    names = {p.stem for p in (out / "tables").glob("*.parquet")}
    assert names == EXPECTED_TABLES
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Tabell 7" in html and "Rosenbaum" in html and "placebo" in html.lower()
    assert (out / "report.pdf").read_bytes()[:5] == b"%PDF-"
    for figure in ("figur21.png", "felles_stotte.png"):
        assert (out / "figures" / figure).stat().st_size > 10_000


def test_same_input_gives_byte_identical_tables(small_register_dir: Path, tmp_path: Path):
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        run_pipeline(Context(data_dir=small_register_dir, out_dir=out), report=False)
        outputs.append({p.name: p.read_bytes() for p in sorted((out / "tables").glob("*"))})
    assert set(outputs[0]) == {f"{name}.parquet" for name in EXPECTED_TABLES}
    assert outputs[0] == outputs[1]


def test_every_step_runs_alone_from_the_files_of_the_one_before(small_register_dir: Path, tmp_path: Path):
    for step in ANALYSIS_STEPS:
        code = main([step, "--data", str(small_register_dir), "--out", str(tmp_path)])
        assert code == 0, step
    tabell7 = pl.read_parquet(tmp_path / "tables" / "tabell7.parquet")
    assert tabell7["year"].unique().sort().to_list() == [2023, 2024]
    pairs = pl.read_parquet(tmp_path / "tables" / "matches.parquet").height
    assert tabell7.group_by("year").agg(pl.col("recipient_n").sum())["recipient_n"].to_list() == [
        pairs,
        pairs,
    ]


def test_a_step_without_its_input_says_what_to_run(small_register_dir: Path, tmp_path: Path):
    with pytest.raises(MissingStepError, match="ekspertbistand-eval status"):
        run_outcomes(Context(data_dir=small_register_dir, out_dir=tmp_path))
    assert main(["outcomes", "--data", str(small_register_dir), "--out", str(tmp_path)]) == 2
