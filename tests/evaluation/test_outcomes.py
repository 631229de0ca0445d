"""Step 5: Tabell 7 and the chi-square test, checked against SciPy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import chi2_contingency

from ekspertbistand.evaluation.outcomes import chi_square, outcome_table
from ekspertbistand.evaluation.schema import Status


def test_chi_square_equals_scipy_on_the_reports_own_table():
    # Tabell 7, 2024, control vs recipients (the report's own counts).
    table = np.array([[1777, 259, 63, 190, 331, 465, 144], [1362, 240, 36, 202, 745, 551, 93]])
    ours = chi_square(table)
    statistic, p_value, dof, _ = chi2_contingency(table, correction=False)
    assert ours.statistic == pytest.approx(statistic, rel=1e-12)
    assert ours.p_value == pytest.approx(p_value, rel=1e-9)
    assert ours.dof == dof == 6
    assert ours.p_value < 0.01  # the report: "far below the 1 % level"


def test_empty_status_columns_are_dropped_like_scipy_would_need():
    table = np.array([[10, 0, 5], [4, 0, 9]])
    ours = chi_square(table)
    statistic, p_value, dof, _ = chi2_contingency(table[:, [0, 2]])
    assert (ours.statistic, ours.dof) == (pytest.approx(statistic), dof)


def test_a_two_by_two_table_follows_scipys_default_and_says_so():
    # Issue 16, point 6: with one degree of freedom SciPy applies Yates' correction.
    table = np.array([[30, 12], [18, 25]])
    ours = chi_square(table)
    statistic, p_value, dof, _ = chi2_contingency(table)
    assert ours.statistic == pytest.approx(statistic, rel=1e-12)
    assert ours.p_value == pytest.approx(p_value, rel=1e-9)
    assert ours.correction == "Yates"
    assert chi_square(np.array([[1777, 259, 63], [1362, 240, 36]])).correction == "ingen"


def test_outcome_table_counts_shares_and_differences():
    control = np.array([Status.FULL_TIME] * 3 + [Status.AAP])
    recipients = np.array([Status.FULL_TIME] + [Status.AAP] * 3)
    table, tests = outcome_table({2024: control}, {2024: recipients})
    full_time = table.filter(table["status_code"] == int(Status.FULL_TIME)).row(0, named=True)
    assert (full_time["control_n"], full_time["recipient_n"]) == (3, 1)
    assert full_time["control_share"] == 0.75
    assert full_time["difference"] == pytest.approx(-0.5)
    assert table.height == len(Status)
    assert tests["n_pairs"].to_list() == [4]
