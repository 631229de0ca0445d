"""Step 6: how far to trust the difference in Tabell 7.

Two checks the 2024 evaluation did not make:

*Placebo test.* The grant cannot have changed anything in 2018: the first grants in the
data are from September 2019. If matched recipients and controls already differ in their
2018 status, the matching has not made them comparable, and the same unobserved
difference may explain the gap in 2023–2024. The test is a chi-square on the 2018 statuses
of the matched pairs (and the pre-period difference in each status).

*Rosenbaum bounds.* For "full-time work in January 2024" on the matched pairs, only the
discordant pairs carry information: pairs where exactly one of the two is in full-time
work. Without hidden bias each such pair is a fair coin; a hidden factor that makes one
person in a pair up to Γ times as likely to receive the grant as the other tilts the coin
to at most Γ/(1+Γ). The bound on the one-sided p-value is the binomial upper tail
P(X ≥ T) with X ~ Bin(D, Γ/(1+Γ)), T the pairs in the observed direction and D all
discordant pairs. Γ* is the smallest Γ at which that bound reaches 0.05: a hidden factor
of that strength would be enough to explain the whole difference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.special._ufuncs import _binom_sf

from ekspertbistand.evaluation.outcomes import chi_square, status_counts
from ekspertbistand.evaluation.schema import STATUS_LABELS, Status

ALPHA = 0.05
GAMMAS = (1.0, 1.1, 1.2, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0)
GAMMA_MAX = 1000.0


def rosenbaum_p_value(t: int, d: int, gamma: float) -> float:
    """Upper bound on the one-sided p-value with T = t of D = d discordant pairs."""
    if d == 0:
        return 1.0
    return binom_sf(t - 1, d, gamma / (1.0 + gamma))


def binom_sf(k: int, n: int, p: float) -> float:
    """P(X > k) for X ~ Bin(n, p), as ``scipy.stats.binom.sf`` computes it.

    The same special function ``scipy.stats`` calls, without importing ``scipy.stats``
    (over a second of start-up); the support edges are handled as it does.
    """
    if n < 0 or not 0.0 <= p <= 1.0:
        return float("nan")
    if k < 0:
        return 1.0
    if k >= n:
        return 0.0
    return float(np.clip(_binom_sf(np.floor(k), n, p), 0.0, 1.0))


def critical_gamma(t: int, d: int, alpha: float = ALPHA) -> float:
    """Smallest Γ ≥ 1 with bound ≥ alpha (1.0 if not significant even without bias).

    The bound grows with Γ, so bisection on log Γ finds it; GAMMA_MAX means "beyond 1000".
    """
    if rosenbaum_p_value(t, d, 1.0) >= alpha:
        return 1.0
    if rosenbaum_p_value(t, d, GAMMA_MAX) < alpha:
        return GAMMA_MAX
    low, high = 0.0, float(np.log(GAMMA_MAX))
    for _ in range(100):
        middle = (low + high) / 2
        if rosenbaum_p_value(t, d, float(np.exp(middle))) >= alpha:
            high = middle
        else:
            low = middle
    return float(np.exp(high))


@dataclass(frozen=True)
class Discordant:
    control_only: int  # pairs where only the control has the outcome
    recipient_only: int  # pairs where only the recipient has it

    @property
    def total(self) -> int:
        return self.control_only + self.recipient_only

    @property
    def observed(self) -> int:
        """Pairs in the direction of the observed difference."""
        return max(self.control_only, self.recipient_only)


def discordant_pairs(recipient_outcome: np.ndarray, control_outcome: np.ndarray) -> Discordant:
    r = recipient_outcome.astype(bool)
    c = control_outcome.astype(bool)
    return Discordant(int((c & ~r).sum()), int((r & ~c).sum()))


def rosenbaum_table(recipient_outcome: np.ndarray, control_outcome: np.ndarray) -> pl.DataFrame:
    pairs = discordant_pairs(recipient_outcome, control_outcome)
    gammas = list(GAMMAS)
    star = critical_gamma(pairs.observed, pairs.total)
    rows = [
        {
            "gamma": g,
            "p_upper": rosenbaum_p_value(pairs.observed, pairs.total, g),
            "critical": False,
        }
        for g in gammas
    ]
    rows.append(
        {
            "gamma": star,
            "p_upper": rosenbaum_p_value(pairs.observed, pairs.total, star),
            "critical": True,
        }
    )
    frame = pl.DataFrame(rows).sort("gamma", "critical")
    return frame.with_columns(
        pl.lit(pairs.control_only).alias("pairs_control_only"),
        pl.lit(pairs.recipient_only).alias("pairs_recipient_only"),
        pl.lit(int(recipient_outcome.size)).alias("pairs"),
    )


def placebo_table(
    recipient_status: np.ndarray, control_status: np.ndarray, long_term_sick_known: bool = True
) -> pl.DataFrame:
    """2018 status of matched recipients and controls, with the chi-square test.

    The test compares only what the extract covers in 2018. Without sick leave for 2018
    («long_term_sick_known» false) «Langtidssykemeldt» is not one of the states compared:
    its row is left out, and ``states_compared`` says so in every row.
    """
    control = status_counts(control_status)
    recipients = status_counts(recipient_status)
    states = [s for s in Status if long_term_sick_known or s != Status.LONG_TERM_SICK]
    test = chi_square(np.vstack([control, recipients]))
    n = max(int(recipients.sum()), 1)
    rows = [
        {
            "year": 2018,
            "status": STATUS_LABELS[s],
            "status_code": int(s),
            "control_n": int(control[s]),
            "recipient_n": int(recipients[s]),
            "control_share": float(control[s] / n),
            "recipient_share": float(recipients[s] / n),
            "difference": float((recipients[s] - control[s]) / n),
            "chi_square": test.statistic,
            "dof": test.dof,
            "p_value": test.p_value,
            "correction": test.correction,
            "long_term_sick_known": long_term_sick_known,
        }
        for s in states
    ]
    return pl.DataFrame(rows, schema_overrides={"year": pl.Int16, "status_code": pl.Int8})


SICK_BANDS = (
    (0, 0, "0 dager"),
    (1, 13, "1–13 dager"),
    (14, 55, "14–55 dager"),
    (56, 10**6, "56 dager eller mer"),
)


def sick_leave_placebo(
    recipient_days: np.ndarray, control_days: np.ndarray, first: str, last: str
) -> pl.DataFrame:
    """Sick days of matched recipients and controls in the months just before the window.

    No one can have had a grant then, and the extract covers sick leave then even when it
    does not cover 2018: the placebo built from what the extract really has. Days are
    grouped in bands and compared with a chi-square test.
    """

    def bands(days: np.ndarray) -> np.ndarray:
        return np.array([((days >= lo) & (days <= hi)).sum() for lo, hi, _ in SICK_BANDS], dtype=np.int64)

    control, recipients = bands(control_days), bands(recipient_days)
    test = chi_square(np.vstack([control, recipients]))
    n = max(int(recipient_days.size), 1)
    return pl.DataFrame(
        [
            {
                "band": label,
                "band_code": i,
                "first_day": first,
                "last_day": last,
                "control_n": int(control[i]),
                "recipient_n": int(recipients[i]),
                "control_share": float(control[i] / n),
                "recipient_share": float(recipients[i] / n),
                "difference": float((recipients[i] - control[i]) / n),
                "control_mean_days": float(control_days.mean()) if control_days.size else 0.0,
                "recipient_mean_days": float(recipient_days.mean()) if recipient_days.size else 0.0,
                "chi_square": test.statistic,
                "dof": test.dof,
                "p_value": test.p_value,
                "correction": test.correction,
            }
            for i, (_, _, label) in enumerate(SICK_BANDS)
        ],
        schema_overrides={"band_code": pl.Int8},
    )
