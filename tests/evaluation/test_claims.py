"""The report claims only what the data it was given can carry (issue 16, points 1–7)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from ekspertbistand.evaluation.checks import balance_checks, window_checks
from ekspertbistand.evaluation.cli import main
from ekspertbistand.evaluation.coverage import Window, infer_sick_leave_from
from ekspertbistand.evaluation.generate import generate_register
from ekspertbistand.evaluation.matching import model_covariates
from ekspertbistand.evaluation.reading import main_reading, p_number, p_text, placebo_reading
from ekspertbistand.evaluation.schema import STATUS_LABELS, Status
from ekspertbistand.evaluation.status import status_for_year
from ekspertbistand.evaluation.target_group import target_group

D = dt.date


@pytest.fixture(scope="module")
def runs(small_register_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The whole CLI run, twice, in two folders, with what it printed."""
    out = {}
    for name in ("a", "b"):
        folder = tmp_path_factory.mktemp(f"results_{name}")
        printed = io.StringIO()
        with contextlib.redirect_stderr(printed):
            code = main(["run", "--data", str(small_register_dir), "--out", str(folder)])
        out[name] = (code, folder, printed.getvalue())
    return out


# --- point 1: what the extract covers ---------------------------------------------------------


def test_the_generator_makes_the_reports_extract_shape_by_default():
    default = generate_register(scale=0.003, seed=2)["sick_leave"]
    assert default["start"].min() == D(2019, 1, 1)  # §2.4.1: sick leave from January 2019
    longer = generate_register(scale=0.003, seed=2, sick_leave_from=D(2016, 1, 1))["sick_leave"]
    assert longer["start"].min() < D(2016, 3, 1)


def test_the_first_covered_year_is_inferred_from_the_spells():
    rng = np.random.default_rng(1)
    covered = [D(2019, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 5 * 365, 2000)]
    running_into_2019 = [D(2018, 12, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 30, 40)]
    assert infer_sick_leave_from(pl.Series("start", covered + running_into_2019)) == D(2019, 1, 1)
    whole = [D(2016, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 8 * 365, 3000)]
    assert infer_sick_leave_from(pl.Series("start", whole)) == D(2016, 1, 1)


def test_a_run_on_the_reports_extract_shape_says_what_it_cannot_check(runs):
    code, folder, printed = runs["a"]
    assert code == 0
    balance = pl.read_parquet(folder / "tables" / "balance.parquet")
    assert "sick_days_2016_2017" not in balance["variable"].to_list()
    placebo = pl.read_parquet(folder / "tables" / "placebo.parquet")
    assert "Langtidssykemeldt" not in placebo["status"].to_list()
    assert not placebo["long_term_sick_known"].any()
    sick_placebo = pl.read_parquet(folder / "tables" / "placebo_sick_leave.parquet")
    assert (sick_placebo["first_day"][0], sick_placebo["last_day"][0]) == ("2019-01-01", "2019-08-31")
    flat = " ".join(printed.split())
    assert "Advarsel: Uttrekket har ikke sykefravær for 2018" in flat
    assert "«Sykedager 2016–2017» er utelatt fra propensity-modellen" in flat
    report = (folder / "report.html").read_text(encoding="utf-8")
    assert "Uttrekket har ikke sykefravær for 2018" in report
    assert "«Langtidssykemeldt» er ikke med" in report


def test_the_status_of_an_uncovered_year_cannot_be_long_term_sick(make_register, prepare):
    tables = make_register(people=1, sick=[(1, D(2018, 2, 1), D(2018, 5, 1))])
    assert status_for_year(prepare(tables), 2018)[0] == Status.LONG_TERM_SICK
    assert status_for_year(prepare(tables, sick_leave_from=D(2019, 1, 1)), 2018)[0] != Status.LONG_TERM_SICK


def test_a_covariate_that_is_the_same_for_everyone_is_not_fed_to_the_model():
    frame = pl.DataFrame({"female": [1.0, 0.0, 1.0], "immigrant": [0.0, 0.0, 0.0], "age": [40.0, 42.0, 30.0]})
    used, left_out = model_covariates(frame)
    assert "immigrant" not in used and left_out["immigrant"] == "constant"
    assert left_out["sick_days_2016_2017"] == "uncovered"
    assert {"female", "age"} <= set(used)


# --- point 2: the reading is written from the results ------------------------------------------


def _status_table(shares_r: dict[Status, float], shares_c: dict[Status, float]) -> pl.DataFrame:
    rows = [
        {
            "status": STATUS_LABELS[s],
            "status_code": int(s),
            "recipient_share": shares_r.get(s, 0.0),
            "control_share": shares_c.get(s, 0.0),
            "difference": shares_r.get(s, 0.0) - shares_c.get(s, 0.0),
            "chi_square": 11.4,
            "dof": 5,
            "p_value": 0.022,
            "long_term_sick_known": False,
            "year": 2024,
        }
        for s in Status
    ]
    return pl.DataFrame(rows)


def test_the_placebo_sentence_names_the_statuses_that_actually_differ():
    same = {Status.FULL_TIME: 0.74, Status.LONG_TERM_SICK: 0.0, Status.EMPLOYED: 0.1}
    recipients = {**same, Status.AAP: 0.06, Status.DISABILITY: 0.05, Status.EMPLOYED: 0.05}
    controls = {**same, Status.AAP: 0.02, Status.DISABILITY: 0.02, Status.EMPLOYED: 0.12}
    text = placebo_reading(_status_table(recipients, controls))
    assert "skilte de matchede gruppene seg" in text and "p = 0,0220" in text
    assert "flere av mottakerne i «AAP/Tiltakspenger» (6\u00a0% mot 2\u00a0%" in text
    assert "færre av mottakerne i «Sysselsatt»" in text
    # Not the statuses that were equal (the old sentence cited «0 % vs 0 %» and «74 % vs 74 %»).
    assert "Fulltidsarbeid" not in text and "74\u00a0%" not in text and "0\u00a0% mot 0\u00a0%" not in text
    assert "«Langtidssykemeldt» er ikke med" in text  # 2018 has no sick leave in this extract


def test_the_main_finding_follows_the_largest_differences_of_each_year():
    table = pl.concat(
        [
            _status_table(
                {Status.AAP: 0.3, Status.FULL_TIME: 0.4}, {Status.AAP: 0.1, Status.FULL_TIME: 0.45}
            ),
            _status_table({Status.UNKNOWN: 0.2}, {Status.UNKNOWN: 0.05}).with_columns(
                pl.lit(2023, dtype=pl.Int64).alias("year")
            ),
        ]
    )
    chi = pl.DataFrame({"year": [2023, 2024], "chi_square": [3.0, 40.0], "p_value": [0.3, 1e-6]})
    text = main_reading(table, chi, pairs=100, balanced=True)
    assert "I 2023 var det flere av mottakerne i «Ukjent»" in text
    assert "I januar 2024 var det flere av mottakerne i «AAP/Tiltakspenger»" in text
    assert "p &lt; 0,0001: forskjellen er neppe tilfeldig" in text  # «<» escaped in HTML
    assert "p = 0,3000: forskjellen er ikke sikker nok" in text


# --- point 3: grants outside the period ---------------------------------------------------------


def test_a_grant_outside_the_period_makes_no_recipient_and_is_counted(make_register, prepare):
    grants = [(1, D(2019, 8, 31)), (2, D(2019, 9, 1)), (3, D(2023, 9, 30)), (4, D(2023, 10, 1))]
    prepared = prepare(make_register(people=4, grants=grants))
    frame = target_group(prepared)
    assert frame["recipient"].to_list() == [False, True, True, False]
    assert frame["in_target_group"].to_list() == [False, True, True, False]
    assert frame["grant_outside_window"].to_list() == [True, False, False, True]
    (check,) = window_checks(prepared)
    assert "2 tilsagn er datert utenfor perioden 1. september 2019–30. september 2023" in check.message


def test_a_person_with_sick_leave_and_only_an_early_grant_is_no_control(make_register, prepare):
    sick = [(1, D(2020, 3, 1), D(2020, 6, 1))]
    frame = target_group(prepare(make_register(people=1, sick=sick, grants=[(1, D(2019, 3, 1))])))
    assert frame["in_target_group"].to_list() == [False]


def test_a_run_on_the_services_own_grants_sets_its_window(make_register, prepare):
    grants = [(1, D(2024, 3, 1)), (2, D(2019, 10, 1))]
    window = Window.parse("2024-01-01:2025-12-31")
    frame = target_group(prepare(make_register(people=2, grants=grants), window=window))
    assert frame["recipient"].to_list() == [True, False]
    with pytest.raises(ValueError, match="ÅÅÅÅ-MM-DD"):
        Window.parse("2024-01-01")
    with pytest.raises(SystemExit):
        main(["run", "--window", "2025-01-01:2024-01-01"])


# --- point 4: balance outside the rule ----------------------------------------------------------


def test_balance_over_the_rule_is_said_beside_it_and_stops_the_reading(runs):
    balance = pl.DataFrame({"label": ["Innvandrer", "Kvinne"], "smd_after": [0.155, -0.02]})
    (check,) = balance_checks(balance)
    assert "Innvandrer: 0,155" in check.message and "ikke troverdig" in check.message
    assert balance_checks(balance.with_columns(pl.lit(0.1).alias("smd_after"))) == []
    # The 1 % register's model leaves |SMD| over 0.1: the run says so everywhere.
    code, folder, printed = runs["a"]
    assert "Advarsel: Balansen etter matching er ikke god nok" in " ".join(printed.split())
    report = (folder / "report.html").read_text(encoding="utf-8")
    matching = report[report.index("<h2>Matching</h2>") :]
    assert "over grensen" in matching[: matching.index("</p>")]
    summary = report[report.index("Hovedfunn") : report.index('<div class="caution">')]
    assert "ikke troverdig før modellen er rettet" in summary


# --- point 5: provenance, no clock time, p-values, headings with their tables -----------------------


def test_the_report_says_what_it_was_made_from_and_is_the_same_byte_for_byte(runs, small_register_dir):
    (_, a, _), (_, b, _) = runs["a"], runs["b"]
    report = (a / "report.html").read_text(encoding="utf-8")
    assert "Syntetisk register" in report and "frø 7" in report
    assert "Sykefravær</td><td>fra 1. januar 2019" in report
    assert re.search(r"<code>[0-9a-f]{64}</code>", report)
    assert "sekunder" not in report
    assert (a / "report.html").read_bytes() == (b / "report.html").read_bytes()
    assert (a / "report.pdf").read_bytes() == (b / "report.pdf").read_bytes()
    for repository_path in ("docs/", "src/", ".md", str(small_register_dir)):
        assert repository_path not in report


def test_every_table_sits_with_its_heading(runs):
    report = (runs["a"][1] / "report.html").read_text(encoding="utf-8")
    body = report[report.index("<body>") :]
    for match in re.finditer("<table>", body):
        before = body[: match.start()]
        opened = before.rfind('<section class="keep">')
        assert opened > before.rfind("</section>"), body[max(0, match.start() - 200) : match.start()]
        assert re.match(r'<section class="keep"><h[23]>', body[opened:])


def test_tiny_p_values_are_printed_as_under_a_limit_not_as_zero(runs):
    assert p_number(0.00004) == "< 0,0001" and p_text(0.00004) == "p < 0,0001"
    assert p_number(0.00012) == "0,0001" and p_text(0.0312) == "p = 0,0312"
    report = (runs["a"][1] / "report.html").read_text(encoding="utf-8")
    assert "0,0000" not in report
    assert "< 0" not in report  # escaped: the HTML parses without error


# --- point 7: income and January 2024 ------------------------------------------------------------


def test_income_only_work_does_not_turn_unknown_in_january_2024(make_register, prepare):
    # Person 1 has only income (no hours) in 2023; person 2 only in 2022.
    income = [(1, 2023, 250_000, 0), (2, 2022, 250_000, 0)]
    prepared = prepare(make_register(people=2, income=income))
    assert status_for_year(prepared, 2023).tolist() == [Status.EMPLOYED, Status.UNKNOWN]
    assert status_for_year(prepared, 2024).tolist() == [Status.EMPLOYED, Status.UNKNOWN]


def test_with_income_for_2024_in_the_extract_january_uses_it(make_register, prepare):
    income = [(1, 2023, 250_000, 0), (2, 2023, 250_000, 0), (2, 2024, 20_000, 0)]
    prepared = prepare(make_register(people=2, income=income))
    assert status_for_year(prepared, 2024).tolist() == [Status.UNKNOWN, Status.EMPLOYED]


def test_in_the_pdf_every_heading_is_on_the_page_of_its_table_or_figure(runs):
    from weasyprint import HTML

    folder = runs["a"][1]
    document = HTML(
        string=(folder / "report.html").read_text(encoding="utf-8"), base_url=str(folder)
    ).render()
    first_page = {}
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            if getattr(box, "element_tag", "") in {"h2", "h3", "table", "figure"}:
                first_page.setdefault(box.element, number)
    root = document.pages[0]._page_box.children[0].element
    checked = 0
    for section in root.iter("section"):
        heading = list(section)[0]
        shown = next((e for e in section.iter() if e.tag in {"table", "figure"}), None)
        if shown is None:
            continue
        assert first_page[heading] == first_page[shown], "".join(heading.itertext())
        checked += 1
    assert checked >= 10
