"""Step 1: the 8-week rules at their edges (evaluation report §2.4.1)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from ekspertbistand.evaluation.target_group import target_group

D = dt.date


def in_group(make_register, prepare, sick, grants=None, people=1) -> np.ndarray:
    frame = target_group(prepare(make_register(people=people, sick=sick, grants=grants)))
    return frame["in_target_group"].to_numpy()


def test_56_days_in_a_row_qualifies_55_does_not(make_register, prepare):
    sick = [
        (1, D(2020, 3, 1), D(2020, 3, 1) + dt.timedelta(days=55)),  # 56 days
        (2, D(2020, 3, 1), D(2020, 3, 1) + dt.timedelta(days=54)),  # 55 days
    ]
    frame = target_group(prepare(make_register(people=2, sick=sick)))
    assert frame["longest_sick_run_days"].to_list() == [56, 55]
    assert frame["in_target_group"].to_list() == [True, False]


def test_total_within_12_months_counts_separate_spells(make_register, prepare):
    # 28 + 28 days, the second ending 364 days after the first starts: one 365-day window.
    first = D(2021, 1, 1)
    second_end = first + dt.timedelta(days=364)
    sick = [
        (1, first, first + dt.timedelta(days=27)),
        (1, second_end - dt.timedelta(days=27), second_end),
        # Same, one day further apart: no 365-day window holds both.
        (2, first, first + dt.timedelta(days=27)),
        (2, second_end - dt.timedelta(days=26), second_end + dt.timedelta(days=1)),
    ]
    frame = target_group(prepare(make_register(people=2, sick=sick)))
    assert frame["max_sick_days_12_months"].to_list() == [56, 55]
    assert frame["in_target_group"].to_list() == [True, False]


def test_overlapping_spells_count_each_day_once(make_register, prepare):
    sick = [
        (1, D(2021, 5, 1), D(2021, 5, 30)),  # 30 days
        (1, D(2021, 5, 20), D(2021, 6, 14)),  # overlaps by 11 days: union is 45 days
        (1, D(2021, 5, 5), D(2021, 5, 10)),  # inside the first: adds nothing
    ]
    frame = target_group(prepare(make_register(sick=sick)))
    assert frame["max_sick_days_12_months"][0] == 45
    assert not frame["in_target_group"][0]


def test_touching_spells_are_one_run(make_register, prepare):
    sick = [(1, D(2021, 5, 1), D(2021, 5, 28)), (1, D(2021, 5, 29), D(2021, 6, 25))]
    frame = target_group(prepare(make_register(sick=sick)))
    assert frame["longest_sick_run_days"][0] == 56
    assert frame["rule_8_weeks_in_a_row"][0]


def test_only_days_inside_the_period_count(make_register, prepare):
    sick = [
        # 61 days, of which 30 in September 2019: not enough.
        (1, D(2019, 8, 1), D(2019, 9, 30)),
        # 56 days ending 30 September 2023: all inside.
        (2, D(2023, 9, 30) - dt.timedelta(days=55), D(2023, 9, 30)),
        # 56 days ending 1 October 2023: only 55 inside.
        (3, D(2023, 10, 1) - dt.timedelta(days=55), D(2023, 10, 1)),
    ]
    assert in_group(make_register, prepare, sick, people=3).tolist() == [False, True, False]


def test_recipients_are_always_in_the_target_group(make_register, prepare):
    sick = [(1, D(2021, 1, 1), D(2021, 1, 10))]
    grants = [(1, D(2021, 2, 1))]
    assert in_group(make_register, prepare, sick, grants).tolist() == [True]
