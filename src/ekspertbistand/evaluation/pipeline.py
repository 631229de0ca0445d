"""The analysis, step by step, with progress and results written as Parquet.

Each step reads what it needs from the register and from earlier steps' files in the
results folder, so every step can also run alone (``ekspertbistand-eval status`` after
``ekspertbistand-eval target-group``, and so on). Nothing here draws random numbers: the
same input gives byte-identical tables.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl
from rich.console import Console

from ekspertbistand.evaluation import background, checks, matching, outcomes, sensitivity, sequences
from ekspertbistand.evaluation.coverage import REPORT_WINDOW, Window
from ekspertbistand.evaluation.facts import Prepared
from ekspertbistand.evaluation.io import Register, day_number, read_register, write_table
from ekspertbistand.evaluation.schema import STATUS_YEARS, Status
from ekspertbistand.evaluation.spells import days_in_period
from ekspertbistand.evaluation.status import status_matrix, uncovered_sick_years, yearly_status
from ekspertbistand.evaluation.target_group import target_group


class MissingStepError(Exception):
    """A step needs the result of an earlier step that has not been run."""


STEP_LABELS = {
    "read": "Leser og kontrollerer registeruttrekket",
    "target-group": "Steg 1: målgruppen",
    "background": "Steg 1b: bakgrunn (Tabell 4 og 5)",
    "status": "Steg 2: arbeidsmarkedsstatus per år",
    "sequences": "Steg 3: fordeling og sekvenser (Figur 21)",
    "match": "Steg 4: propensity score og matching",
    "outcomes": "Steg 5: Tabell 7 og kjikvadrattest",
    "sensitivity": "Steg 6: placebotest og Rosenbaum-grenser",
    "tree": "Figur 22: regresjonstre på sekvensene",
    "report": "Steg 7: rapport (HTML og PDF)",
}
ANALYSIS_STEPS = (
    "target-group",
    "background",
    "status",
    "sequences",
    "match",
    "outcomes",
    "sensitivity",
)


@dataclass
class Context:
    data_dir: Path
    out_dir: Path
    window: Window = REPORT_WINDOW
    console: Console = field(default_factory=lambda: Console(stderr=True))
    timings: dict[str, float] = field(default_factory=dict)
    _register: Register | None = None
    _prepared: Prepared | None = None
    _frames: dict[str, pl.DataFrame] = field(default_factory=dict)

    @property
    def tables_dir(self) -> Path:
        return self.out_dir / "tables"

    @property
    def figures_dir(self) -> Path:
        return self.out_dir / "figures"

    @property
    def prepared(self) -> Prepared:
        if self._prepared is None:
            with self.step("read"):
                self._register = read_register(self.data_dir)
                self._prepared = Prepared(self._register, window=self.window, data_dir=self.data_dir)
                checks.write_provenance(self.out_dir, self.data_dir, self._prepared)
        return self._prepared

    def note(self, step: str, found: list[checks.Check]) -> None:
        """Record what the data could not carry in this step (replacing its earlier notes)."""
        checks.record(self.tables_dir / "checks.parquet", step, found)

    def save(self, name: str, frame: pl.DataFrame) -> None:
        self._frames[name] = frame
        write_table(frame, self.tables_dir / f"{name}.parquet")

    def load(self, name: str, made_by: str) -> pl.DataFrame:
        if name not in self._frames:
            path = self.tables_dir / f"{name}.parquet"
            if not path.exists():
                raise MissingStepError(
                    f"Fant ikke {path}. Kjør «ekspertbistand-eval {made_by}» først "
                    f"(eller «ekspertbistand-eval run»)."
                )
            self._frames[name] = pl.read_parquet(path)
        return self._frames[name]

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        label = STEP_LABELS[name]
        started = time.perf_counter()
        with self.console.status(f"{label} …"):
            yield
        elapsed = time.perf_counter() - started
        self.timings[name] = elapsed
        self.console.print(f"[green]✓[/green] {label} ({elapsed:.2f} s)".replace(".", ",", 1))


def run_target_group(ctx: Context) -> None:
    prepared = ctx.prepared
    with ctx.step("target-group"):
        ctx.save("target_group", target_group(prepared))
        ctx.note("target-group", checks.window_checks(prepared))


def run_background(ctx: Context) -> None:
    prepared = ctx.prepared
    members = _members(ctx)
    with ctx.step("background"):
        ctx.save("tabell4", background.employer_table(prepared, members))
        ctx.save("tabell5", background.person_table(prepared, members))


def _members(ctx: Context) -> np.ndarray:
    target = ctx.load("target_group", "target-group")
    return target["in_target_group"].to_numpy()


def run_status(ctx: Context) -> None:
    prepared = ctx.prepared
    members = _members(ctx)
    with ctx.step("status"):
        ctx.save("status", yearly_status(prepared, members))
        ctx.note("status", checks.status_checks(uncovered_sick_years(prepared)))


def run_sequences(ctx: Context) -> None:
    status = ctx.load("status", "status")
    with ctx.step("sequences"):
        matrix = status_matrix(status)
        recipient = status["recipient"].to_numpy()
        distribution = sequences.state_distribution(matrix, recipient)
        ctx.save("state_distribution", distribution)
        ctx.save("sequences", sequences.frequent_sequences(matrix, recipient))


def run_match(ctx: Context) -> None:
    prepared = ctx.prepared
    members = _members(ctx)
    with ctx.step("match"):
        started = time.perf_counter()
        frame = matching.covariates(prepared, members)
        names, left_out = matching.model_covariates(frame)
        x = matching.covariate_matrix(frame, names)
        ctx.timings["match: covariates"] = time.perf_counter() - started
        started = time.perf_counter()
        score = matching.propensity_scores(frame, x)
        ctx.timings["match: score fit"] = time.perf_counter() - started
        started = time.perf_counter()
        treated = frame["recipient"].to_numpy()
        ids = frame["person_id"].to_numpy()
        result = matching.greedy_match(score, treated, matching.CALIPER, tie_key=ids)
        ctx.timings["match: matching"] = time.perf_counter() - started
        ctx.save("propensity", frame.with_columns(pl.Series("score", score)))
        ctx.save("matches", matching.match_frame(frame, score, result))
        balance = matching.balance_table(frame, result, x)
        ctx.save("balance", balance)
        ctx.note("match", checks.covariate_checks(left_out) + checks.balance_checks(balance))


def _pair_statuses(ctx: Context) -> tuple[pl.DataFrame, np.ndarray, np.ndarray]:
    status = ctx.load("status", "status")
    matches = ctx.load("matches", "match")
    ids = status["person_id"].to_numpy()
    matrix = status_matrix(status)
    order = np.argsort(ids)
    recipient_rows = order[np.searchsorted(ids, matches["recipient_id"].to_numpy(), sorter=order)]
    control_rows = order[np.searchsorted(ids, matches["control_id"].to_numpy(), sorter=order)]
    return matches, matrix[recipient_rows], matrix[control_rows]


def run_outcomes(ctx: Context) -> None:
    _, recipients, controls = _pair_statuses(ctx)
    with ctx.step("outcomes"):
        column = {year: j for j, year in enumerate(STATUS_YEARS)}
        table, tests = outcomes.outcome_table(
            {y: controls[:, column[y]] for y in outcomes.OUTCOME_YEARS},
            {y: recipients[:, column[y]] for y in outcomes.OUTCOME_YEARS},
        )
        ctx.save("tabell7", table)
        ctx.save("chi_square", tests)


def run_sensitivity(ctx: Context) -> None:
    _, recipients, controls = _pair_statuses(ctx)
    prepared = ctx.prepared  # read before the step: it shows its own progress
    with ctx.step("sensitivity"):
        first, last = 0, len(STATUS_YEARS) - 1
        sick_known = STATUS_YEARS[first] not in uncovered_sick_years(prepared)
        ctx.save(
            "placebo",
            sensitivity.placebo_table(
                recipients[:, first], controls[:, first], long_term_sick_known=sick_known
            ),
        )
        period = pre_window_period(prepared)
        if period is None:
            (ctx.tables_dir / "placebo_sick_leave.parquet").unlink(missing_ok=True)
        else:
            matches = ctx.load("matches", "match")
            days = days_in_period(
                prepared.sick_merged, prepared.n, day_number(period[0]), day_number(period[1])
            )
            rows = np.searchsorted(prepared.person_ids, matches["recipient_id"].to_numpy())
            control_rows = np.searchsorted(prepared.person_ids, matches["control_id"].to_numpy())
            ctx.save(
                "placebo_sick_leave",
                sensitivity.sick_leave_placebo(
                    days[rows], days[control_rows], period[0].isoformat(), period[1].isoformat()
                ),
            )
        full_time = int(Status.FULL_TIME)
        ctx.save(
            "rosenbaum",
            sensitivity.rosenbaum_table(recipients[:, last] == full_time, controls[:, last] == full_time),
        )


def pre_window_period(prepared: Prepared) -> tuple[dt.date, dt.date] | None:
    """Up to 12 months just before the window that the sick-leave register covers."""
    last = prepared.window.start - dt.timedelta(days=1)
    first = max(prepared.coverage.sick_leave_from, prepared.window.start - dt.timedelta(days=365))
    return (first, last) if first <= last else None


def run_report(ctx: Context, pdf: bool = True) -> None:
    from ekspertbistand.evaluation.figures import draw_figures
    from ekspertbistand.evaluation.report import build_report

    with ctx.step("report"):
        draw_figures(ctx.out_dir)
        build_report(ctx.out_dir, pdf=pdf)


def run_tree(ctx: Context) -> None:
    """Figur 22 (timed apart from steps 1–6: it is the one heavy computation)."""
    from ekspertbistand.evaluation import sequence_tree
    from ekspertbistand.evaluation.figures import plot_tree

    status = ctx.load("status", "status")
    prepared = ctx.prepared  # read before the step: it shows its own progress
    with ctx.step("tree"):
        individuals = prepared.register.individuals
        chapter = matching.main_chapter(prepared)
        members = _members(ctx)
        matches = ctx.load("matches", "match") if (ctx.tables_dir / "matches.parquet").exists() else None
        result = sequence_tree.target_group_tree(
            status, individuals.filter(pl.Series(members)), chapter[members], matches
        )
        ctx.save("figur22_nodes", result.nodes)
        ctx.save("figur22_receipt", result.receipt)
        plot_tree(result.nodes, ctx.figures_dir / "figur22.png")


STEP_FUNCTIONS: dict[str, Callable[[Context], None]] = {
    "target-group": run_target_group,
    "background": run_background,
    "status": run_status,
    "sequences": run_sequences,
    "match": run_match,
    "outcomes": run_outcomes,
    "sensitivity": run_sensitivity,
    "tree": run_tree,
}


def run_pipeline(ctx: Context, report: bool = True, pdf: bool = True, tree: bool = True) -> dict[str, float]:
    """Steps 1–6, then Figur 22 and the report; returns the seconds each took."""
    started = time.perf_counter()
    for name in ANALYSIS_STEPS:
        STEP_FUNCTIONS[name](ctx)
    ctx.timings["analysis_total"] = time.perf_counter() - started
    _write_timings(ctx)
    if tree:
        run_tree(ctx)
        _write_timings(ctx)
    if report:
        run_report(ctx, pdf=pdf)
        _write_timings(ctx)
    return ctx.timings


def _write_timings(ctx: Context, merge: bool = False) -> None:
    """Seconds per step, beside the tables (not one of them: times vary between runs).

    ``merge`` keeps the times already there (a step run alone adds its own).
    """
    ctx.out_dir.mkdir(parents=True, exist_ok=True)
    path = ctx.out_dir / "timings.json"
    timings = json.loads(path.read_text()) if merge and path.exists() else {}
    timings.update({k: round(v, 4) for k, v in ctx.timings.items()})
    path.write_text(json.dumps(timings, indent=2) + "\n")


def run_step(ctx: Context, name: str) -> None:
    """One step alone, its time added to ``timings.json``."""
    STEP_FUNCTIONS[name](ctx)
    _write_timings(ctx, merge=True)
