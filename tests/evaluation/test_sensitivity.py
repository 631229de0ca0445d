"""Step 6: Rosenbaum bounds on a hand-worked example, and the placebo table."""

from __future__ import annotations

import numpy as np
import pytest

from ekspertbistand.evaluation.schema import Status
from ekspertbistand.evaluation.sensitivity import (
    critical_gamma,
    discordant_pairs,
    placebo_table,
    rosenbaum_p_value,
    rosenbaum_table,
)


def test_hand_worked_bounds():
    # 10 discordant pairs, 9 in the observed direction.
    # Γ = 1: P(X ≥ 9), X ~ Bin(10, 1/2) = (10 + 1) / 1024.
    assert rosenbaum_p_value(9, 10, 1.0) == pytest.approx(11 / 1024)
    # Γ = 2: p+ = 2/3; P(X ≥ 9) = 10 (2/3)^9 (1/3) + (2/3)^10 = 4 (2/3)^9 = 2048 / 19683.
    assert rosenbaum_p_value(9, 10, 2.0) == pytest.approx(2048 / 19683)
    # Γ* solves 10 q^9 (1 - q) + q^10 = 0.05 with q = Γ / (1 + Γ).
    gamma = critical_gamma(9, 10)
    q = gamma / (1 + gamma)
    assert 10 * q**9 * (1 - q) + q**10 == pytest.approx(0.05, abs=1e-9)
    assert 1.0 < gamma < 2.0


def test_not_significant_without_bias_gives_gamma_one():
    assert critical_gamma(6, 10) == 1.0
    assert rosenbaum_p_value(0, 0, 3.0) == 1.0


def test_discordant_pairs_in_the_observed_direction():
    recipient = np.array([0, 0, 0, 1, 1, 0], dtype=bool)
    control = np.array([1, 1, 0, 0, 1, 1], dtype=bool)
    pairs = discordant_pairs(recipient, control)
    assert (pairs.control_only, pairs.recipient_only, pairs.total, pairs.observed) == (3, 1, 4, 3)
    table = rosenbaum_table(recipient, control)
    assert table.filter("critical").height == 1
    assert table["p_upper"].is_sorted()


def test_placebo_table_flags_a_difference_before_any_grant():
    control = np.array([Status.FULL_TIME] * 90 + [Status.LONG_TERM_SICK] * 10)
    recipients = np.array([Status.FULL_TIME] * 60 + [Status.LONG_TERM_SICK] * 40)
    table = placebo_table(recipients, control)
    assert table["p_value"][0] < 0.001
    sick = table.filter(table["status_code"] == int(Status.LONG_TERM_SICK)).row(0, named=True)
    assert sick["difference"] == pytest.approx(0.30)
