"""Step 2: yearly status by the report's definitions (§5.1) and our precedence."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ekspertbistand.evaluation.schema import Status
from ekspertbistand.evaluation.status import classify, status_for_year

D = dt.date


def one(**overrides) -> int:
    values = {
        "pension": np.array([False]),
        "disability": np.array([False]),
        "aap_or_tiltakspenger": np.array([False]),
        "sick_days": np.array([0]),
        "mean_hours": np.array([0.0]),
        "income": np.array([False]),
    }
    january_only = overrides.pop("january_only", False)
    values.update({k: np.array([v]) for k, v in overrides.items()})
    return int(classify(**values, january_only=january_only)[0])


def test_precedence_first_match_wins():
    everything = dict(
        pension=True,
        disability=True,
        aap_or_tiltakspenger=True,
        sick_days=200,
        mean_hours=37.5,
        income=True,
    )
    assert one(**everything) == Status.OLD_AGE_PENSION
    everything["pension"] = False
    assert one(**everything) == Status.DISABILITY
    everything["disability"] = False
    assert one(**everything) == Status.AAP
    everything["aap_or_tiltakspenger"] = False
    assert one(**everything) == Status.LONG_TERM_SICK
    everything["sick_days"] = 39
    assert one(**everything) == Status.FULL_TIME
    everything["mean_hours"] = 31.99
    assert one(**everything) == Status.EMPLOYED
    everything["mean_hours"] = 0.5
    assert one(**everything) == Status.EMPLOYED  # income alone
    everything["income"] = False
    assert one(**everything) == Status.UNKNOWN


def test_thresholds_at_their_edges():
    assert one(sick_days=40, mean_hours=37.5) == Status.LONG_TERM_SICK
    assert one(sick_days=39, mean_hours=37.5) == Status.FULL_TIME
    assert one(sick_days=20, mean_hours=37.5, january_only=True) == Status.LONG_TERM_SICK
    assert one(sick_days=19, mean_hours=37.5, january_only=True) == Status.FULL_TIME
    assert one(mean_hours=32.0) == Status.FULL_TIME
    assert one(mean_hours=1.0) == Status.EMPLOYED
    assert one(mean_hours=0.99) == Status.UNKNOWN


def test_status_from_register_rows(make_register, prepare):
    tables = make_register(
        people=5,
        employment=[
            (1, D(2015, 1, 1), None, 37.5),  # full time all year
            (2, D(2015, 1, 1), D(2023, 6, 30), 37.5),  # half the year: 18.6 h on average
            (3, D(2015, 1, 1), None, 37.5),
            (4, D(2015, 1, 1), None, 20.0),
            (4, D(2015, 1, 1), None, 15.0),  # two part-time jobs add up to 35 h
            (5, D(2015, 1, 1), None, 37.5),
        ],
        sick=[
            (3, D(2023, 3, 1), D(2023, 4, 9)),  # 40 days
            (5, D(2023, 12, 20), D(2024, 1, 19)),  # 19 days in January 2024
        ],
        benefits=[(3, "AAP", D(2023, 12, 31), None, None)],
    )
    prepared = prepare(tables)
    assert status_for_year(prepared, 2023).tolist() == [
        Status.FULL_TIME,
        Status.EMPLOYED,
        Status.AAP,  # AAP on one day of the year outranks long-term sickness
        Status.FULL_TIME,
        Status.FULL_TIME,
    ]
    assert status_for_year(prepared, 2024).tolist() == [
        Status.FULL_TIME,
        Status.UNKNOWN,
        Status.AAP,
        Status.FULL_TIME,
        Status.FULL_TIME,  # 19 sick days in January is below the 20-day mark
    ]
