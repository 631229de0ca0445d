"""Step 4: matching within the caliper, no control used twice, in the documented order."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ekspertbistand.evaluation.matching import fit_logistic, greedy_match, standardised_differences


def brute_force(score: np.ndarray, treated: np.ndarray, caliper: float) -> list[tuple[int, int]]:
    """The documented rule, written the slow and obvious way."""
    key = np.arange(score.size)
    recipients = sorted(np.flatnonzero(treated), key=lambda i: (-score[i], key[i]))
    unused = set(np.flatnonzero(~treated).tolist())
    pairs = []
    for t in recipients:
        if not unused:
            break
        best = min(unused, key=lambda c: (abs(score[c] - score[t]), score[c], key[c]))
        # The rule is on decimal scores: exactly one caliper apart is inside it.
        if round(abs(score[best] - score[t]), 9) <= caliper:
            pairs.append((int(t), int(best)))
            unused.remove(best)
    return pairs


def test_scores_exactly_one_caliper_apart_are_matched():
    # 0.35 - 0.34 is 0.010000000000000009 in binary floating point (issue 16, point 6).
    score = np.array([0.35, 0.34, 0.61, 0.6, 0.2, 0.189])
    treated = np.array([True, False, True, False, True, False])
    result = greedy_match(score, treated, caliper=0.01)
    assert sorted(zip(result.treated.tolist(), result.control.tolist(), strict=True)) == [(0, 1), (2, 3)]


def test_hand_worked_example():
    #            0     1     2     3     4     5     6
    score = np.array([0.50, 0.505, 0.52, 0.30, 0.309, 0.70, 0.515])
    treated = np.array([True, False, True, True, False, True, False])
    result = greedy_match(score, treated, caliper=0.01)
    pairs = sorted(zip(result.treated.tolist(), result.control.tolist(), strict=True))
    # Order: 5 (0.70: nothing within 0.01), 2 (0.52 takes 6 at 0.515),
    # 0 (0.50 takes 1 at 0.505), 3 (0.30 takes 4 at 0.309).
    assert pairs == [(0, 1), (2, 6), (3, 4)]
    assert np.all(result.distance <= 0.01)


def test_nearest_control_goes_to_the_higher_score_first():
    score = np.array([0.100, 0.104, 0.107])
    treated = np.array([True, False, True])
    result = greedy_match(score, treated, caliper=0.01)
    # 0.107 is matched first and takes 0.104; 0.100 then has nothing left.
    assert result.treated.tolist() == [2]
    assert result.control.tolist() == [1]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 400), st.booleans()), min_size=1, max_size=60),
    st.sampled_from([0.0, 0.005, 0.01, 0.05]),
)
def test_matches_the_obvious_algorithm_and_respects_the_rules(rows, caliper):
    score = np.array([r[0] / 1000 for r in rows])  # many ties on purpose
    treated = np.array([r[1] for r in rows])
    result = greedy_match(score, treated, caliper=caliper)
    assert sorted(zip(result.treated.tolist(), result.control.tolist(), strict=True)) == sorted(
        brute_force(score, treated, caliper)
    )
    assert len(set(result.control.tolist())) == result.control.size  # no control reused
    assert len(set(result.treated.tolist())) == result.treated.size
    assert np.all(treated[result.treated]) and not np.any(treated[result.control])
    assert np.all(np.round(np.abs(score[result.treated] - score[result.control]), 9) <= caliper)


def test_generated_register_pairs_are_within_caliper_and_unique(small_register_dir, tmp_path):
    from ekspertbistand.evaluation.pipeline import Context, run_match, run_target_group

    ctx = Context(data_dir=small_register_dir, out_dir=tmp_path)
    run_target_group(ctx)
    run_match(ctx)
    matches = ctx.load("matches", "match")
    assert matches.height >= 30
    assert matches["control_id"].n_unique() == matches.height
    assert (matches["recipient_score"] - matches["control_score"]).abs().max() <= 0.01
    balance = ctx.load("balance", "match")
    assert balance["smd_after"].abs().max() < balance["smd_before"].abs().max()
    assert not (tmp_path / "figures").exists()  # the figures are the report's (step 7)


def test_logistic_regression_agrees_with_scikit_learn():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(1)
    x = rng.normal(size=(4000, 3))
    y = (rng.random(4000) < 1 / (1 + np.exp(-(x @ [0.8, -0.5, 0.2] - 2)))).astype(float)
    ours = fit_logistic(x, y)
    theirs = LogisticRegression(C=1e12, max_iter=1000, tol=1e-10).fit(x, y).predict_proba(x)[:, 1]
    assert np.max(np.abs(ours - theirs)) < 1e-5


def test_standardised_difference_by_hand():
    from ekspertbistand.evaluation.matching import MatchResult

    x = np.array([[1.0], [0.0], [1.0], [0.0]])
    treated = np.array([True, True, False, False])
    match = MatchResult(np.array([0]), np.array([2]), np.array([0.0]))
    before, after = standardised_differences(x, treated, match)
    # Means 0.5 vs 0.5 before; variances 0.5 each (ddof 1) → pooled sd sqrt(0.5).
    assert before[0] == 0.0
    assert after[0] == 0.0
