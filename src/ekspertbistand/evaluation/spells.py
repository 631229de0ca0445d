"""Interval arithmetic on sick-leave spells and periods, vectorised with NumPy.

People are numbered 0..n-1 (their row in ``individuals``); days are integers (days since
1970-01-01); every interval includes both its first and last day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

KEY = 1 << 20  # > any day number we meet (2100-01-01 is day 47 482)


@dataclass(frozen=True)
class Intervals:
    """Non-overlapping intervals sorted by person, then start."""

    person: np.ndarray
    start: np.ndarray
    end: np.ndarray


def merge_intervals(person: np.ndarray, start: np.ndarray, end: np.ndarray) -> Intervals:
    """Union of each person's intervals; overlapping and touching intervals become one.

    Touching means the next starts the day after the previous ends: two such spells are one
    unbroken absence ("in a row"), and days shared by overlapping spells count once.
    """
    if person.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Intervals(empty, empty, empty)
    key = person.astype(np.int64) * KEY + start
    if np.all(key[1:] >= key[:-1]):
        # Already in order (extracts usually come sorted): skip the sort. Spells with the
        # same person and start may then come in another order than a sort would leave
        # them in, which changes nothing below (only their largest end matters).
        p = person.astype(np.int64)
        key_start = key
        key_end = p * KEY + end
    else:
        order = np.argsort(key)
        p = person[order].astype(np.int64)
        key_start = key[order]
        key_end = p * KEY + end[order]
    running_end = np.maximum.accumulate(key_end)
    new = np.ones(p.size, dtype=bool)
    new[1:] = key_start[1:] > running_end[:-1] + 1
    first = np.flatnonzero(new)
    last = np.append(first[1:] - 1, p.size - 1)
    merged_person = p[first]
    return Intervals(
        merged_person,
        key_start[first] - merged_person * KEY,
        running_end[last] - merged_person * KEY,
    )


def clip_intervals(intervals: Intervals, first_day: int, last_day: int) -> Intervals:
    start = np.maximum(intervals.start, first_day)
    end = np.minimum(intervals.end, last_day)
    keep = end >= start
    return Intervals(intervals.person[keep], start[keep], end[keep])


def max_days_in_window(intervals: Intervals, n_people: int, window_days: int) -> np.ndarray:
    """For each person, the most days covered by any window of ``window_days`` days.

    The maximum is reached by a window that starts on the first day of one of the
    intervals, so only those windows are tried. ``intervals`` must be merged.
    """
    out = np.zeros(n_people, dtype=np.int64)
    if intervals.person.size == 0:
        return out
    p, s, e = intervals.person, intervals.start, intervals.end
    key_start = p * KEY + s
    lengths = e - s + 1
    cumulative = np.concatenate(([0], np.cumsum(lengths)))
    window_end = s + window_days - 1
    i = np.arange(p.size)
    k = np.searchsorted(key_start, p * KEY + window_end, side="right") - 1
    covered = cumulative[k] - cumulative[i] + (np.minimum(e[k], window_end) - s[k] + 1)
    np.maximum.at(out, p, covered)
    return out


def longest_interval(intervals: Intervals, n_people: int) -> np.ndarray:
    out = np.zeros(n_people, dtype=np.int64)
    if intervals.person.size:
        np.maximum.at(out, intervals.person, intervals.end - intervals.start + 1)
    return out


def days_in_period(intervals: Intervals, n_people: int, first_day: int, last_day: int) -> np.ndarray:
    """Days each person's (merged) intervals cover between two days, both included."""
    overlap = np.clip(
        np.minimum(intervals.end, last_day) - np.maximum(intervals.start, first_day) + 1, 0, None
    )
    return np.bincount(intervals.person, weights=overlap, minlength=n_people).astype(np.int64)


def weighted_days_in_period(
    person: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    weight: np.ndarray,
    n_people: int,
    first_day: int,
    last_day: int,
) -> np.ndarray:
    """Sum over each person's rows of (days of the row in the period) × weight."""
    overlap = np.clip(np.minimum(end, last_day) - np.maximum(start, first_day) + 1, 0, None)
    return np.bincount(person, weights=overlap * weight, minlength=n_people)


def any_in_period(
    person: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    n_people: int,
    first_day: int,
    last_day: int,
) -> np.ndarray:
    hit = (start <= last_day) & (end >= first_day)
    out = np.zeros(n_people, dtype=bool)
    out[person[hit]] = True
    return out
