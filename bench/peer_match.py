"""Run a peer library's matching on given scores (runs in .bench-venv, not the service's venv).

Usage: peer_match.py {causalml|psmpy} INPUT.npz OUTPUT.npz

INPUT holds ``score`` (float64) and ``treated`` (bool), one entry per person. OUTPUT gets
the positions of the matched recipients and controls and the seconds the matching call
alone took (model fitting is not included: every method matches the same scores).
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

CALIPER = 0.01


def causalml_match(score: np.ndarray, treated: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    from causalml.match import NearestNeighborMatch

    frame = pd.DataFrame({"score": score, "treated": treated.astype(int)})
    # causalml's caliper is in standard deviations of the score.
    matcher = NearestNeighborMatch(replace=False, ratio=1, caliper=CALIPER / score.std(), random_state=42)
    started = time.perf_counter()
    matched = matcher.match(data=frame, treatment_col="treated", score_cols=["score"])
    seconds = time.perf_counter() - started
    rows = matched.index.to_numpy()
    is_treated = matched["treated"].to_numpy() == 1
    return rows[is_treated], rows[~is_treated], seconds


def psmpy_match(score: np.ndarray, treated: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    from psmpy import PsmPy

    frame = pd.DataFrame({"person": np.arange(score.size), "treated": treated.astype(int), "x": score})
    psm = PsmPy(frame, treatment="treated", indx="person", exclude=[])
    # Use the given scores instead of psmpy's own logistic regression.
    predicted = frame[["person", "treated"]].copy()
    predicted["propensity_score"] = score
    predicted["propensity_logit"] = np.log(score / (1 - score))
    psm.predicted_data = predicted
    started = time.perf_counter()
    psm.kdtree_matched(matcher="propensity_score", replacement=False, caliper=CALIPER)
    seconds = time.perf_counter() - started
    matched = psm.df_matched
    rows = matched["person"].to_numpy()
    is_treated = matched["treated"].to_numpy() == 1
    return rows[is_treated], rows[~is_treated], seconds


def main() -> None:
    method, source, target = sys.argv[1:4]
    data = np.load(source)
    score, treated = data["score"], data["treated"]
    run = {"causalml": causalml_match, "psmpy": psmpy_match}[method]
    treated_rows, control_rows, seconds = run(score, treated)
    np.savez(target, treated=treated_rows, control=control_rows, seconds=seconds)


if __name__ == "__main__":
    main()
