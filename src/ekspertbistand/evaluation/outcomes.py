"""Step 5: Tabell 7 — status at the end of the period for recipients and matched controls."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.special import chdtrc

from ekspertbistand.evaluation.schema import STATUS_LABELS, Status

OUTCOME_YEARS = (2023, 2024)


def chi2_sf(statistic: float, dof: int) -> float:
    """Upper tail of the chi-square distribution, as ``scipy.stats.chi2.sf`` computes it.

    The same special function ``scipy.stats`` calls, without importing ``scipy.stats``
    (over a second of start-up for two p-values).
    """
    if dof <= 0 or np.isnan(statistic):
        return float("nan")
    if statistic <= 0:
        return 1.0
    return float(chdtrc(dof, statistic))


YATES = "Yates"
NO_CORRECTION = "ingen"


@dataclass(frozen=True)
class ChiSquare:
    statistic: float
    dof: int
    p_value: float
    correction: str = NO_CORRECTION  # the continuity correction applied, if any


def chi_square(table: np.ndarray) -> ChiSquare:
    """Pearson's chi-square test of independence, as ``scipy.stats.chi2_contingency``.

    Columns (or rows) that are empty in every row are dropped first, as they carry no
    information and would make an expected count zero. With one degree of freedom (a
    2 × 2 table, after that) Yates' continuity correction is applied, SciPy's default;
    with more, there is none. ``correction`` says which, for the report.
    """
    table = np.asarray(table, dtype=np.float64)
    table = table[:, table.sum(axis=0) > 0]
    table = table[table.sum(axis=1) > 0]
    if table.shape[0] < 2 or table.shape[1] < 2:
        return ChiSquare(0.0, 0, 1.0)
    expected = table.sum(axis=1, keepdims=True) @ table.sum(axis=0, keepdims=True) / table.sum()
    dof = (table.shape[0] - 1) * (table.shape[1] - 1)
    correction = NO_CORRECTION
    if dof == 1:
        difference = expected - table
        table = table + np.sign(difference) * np.minimum(0.5, np.abs(difference))
        correction = YATES
    statistic = float(((table - expected) ** 2 / expected).sum())
    return ChiSquare(statistic, dof, chi2_sf(statistic, dof), correction)


def status_counts(statuses: np.ndarray) -> np.ndarray:
    return np.bincount(statuses.astype(np.int64), minlength=len(Status))


def outcome_table(
    control_status: dict[int, np.ndarray], recipient_status: dict[int, np.ndarray]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Tabell 7 and its chi-square tests, from the statuses of the matched pairs per year."""
    rows = []
    tests = []
    for year in sorted(control_status):
        control = status_counts(control_status[year])
        recipients = status_counts(recipient_status[year])
        n_control, n_recipients = control.sum(), recipients.sum()
        for status in Status:
            share_c = control[status] / n_control if n_control else 0.0
            share_r = recipients[status] / n_recipients if n_recipients else 0.0
            rows.append(
                {
                    "year": year,
                    "status": STATUS_LABELS[status],
                    "status_code": int(status),
                    "control_n": int(control[status]),
                    "recipient_n": int(recipients[status]),
                    "control_share": float(share_c),
                    "recipient_share": float(share_r),
                    "difference": float(share_r - share_c),
                }
            )
        test = chi_square(np.vstack([control, recipients]))
        tests.append(
            {
                "year": year,
                "chi_square": test.statistic,
                "dof": test.dof,
                "p_value": test.p_value,
                "correction": test.correction,
                "n_pairs": int(n_recipients),
            }
        )
    table = pl.DataFrame(rows, schema_overrides={"year": pl.Int16, "status_code": pl.Int8})
    return table, pl.DataFrame(tests, schema_overrides={"year": pl.Int16, "dof": pl.Int16})
