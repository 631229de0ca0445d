"""A seeded synthetic register shaped like the 2024 evaluation's extract.

Real register data cannot leave NAV, so the pipeline is developed and measured on this
stand-in. At ``scale=1`` it has the evaluation's size (§2.4.1): 672 197 people, 106 217
employers, 3 229 recipients and about 3.2 million sick-leave spells over 2016 – January 2024.

How it is built (all vectorised, one ``numpy.random.Generator`` from the seed):

- Recipients and non-recipients draw sex, immigrant status, age group, diagnosis group and
  centrality from their own column of Tabell 5 (§3.6), so the marginals follow the table.
- Every person has an unobserved *severity* (standard normal; recipients shifted up by
  ``SEVERITY_SHIFT``). Severity raises the rate and length of sick leave in every year,
  including the pre-period, and the chance of AAP, disability and unknown status after the
  qualifying episode. Receiving the grant itself changes nothing: any difference left after
  matching on the observed variables is selection on severity. That is deliberate: it is
  the situation the evaluation could not rule out, and lets us check that the placebo test
  and the sensitivity analysis (step 6) see it.
- Each person in the target group has one qualifying sick-leave episode (≥ 56 days within
  12 months, one spell or two with a gap) starting inside September 2019 – September 2023;
  a few people fall just short (20–55 days) so that step 1 has someone to leave out.
  Recipients are granted 2 weeks to 4 months after their episode starts.
- Like the evaluation's extract (§2.4.1), sick leave is delivered only from 1 January 2019
  (``SICK_LEAVE_FROM``): spells that end before are left out, spells running on that day
  start on it. Employment, benefits and income go back to 2016. ``sick_leave_from``
  gives a register with more (or less) sick-leave history, for comparison.
- ``extract.json`` beside the tables says it is synthetic, with the seed, the scale and
  the first day of sick leave, so the report can say what it was made from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from ekspertbistand.evaluation.coverage import write_manifest
from ekspertbistand.evaluation.io import day_number, write_table
from ekspertbistand.evaluation.schema import (
    AGE_BANDS,
    DATA_END,
    DATA_START,
    NACE_SECTIONS,
    SIZE_BANDS,
    TABLES,
    TARGET_WINDOW_END,
    TARGET_WINDOW_START,
)

SICK_LEAVE_FROM = dt.date(2019, 1, 1)
FULL_PEOPLE = 672_197
FULL_EMPLOYERS = 106_217
FULL_RECIPIENTS = 3_229
SEVERITY_SHIFT = 1.3

# Tabell 5: (non-recipients, recipients)
P_FEMALE = (0.633, 0.763)
P_IMMIGRANT = (0.193, 0.159)
AGE_GROUPS = ((15, 24), (25, 29), (30, 39), (40, 54), (55, 61), (62, 66), (67, 74))
P_AGE_GROUP = (
    (5.4, 9.9, 25.3, 35.3, 17.1, 5.6, 1.5),
    (2.7, 7.3, 25.3, 48.1, 14.6, 1.6, 0.3),
)
DIAGNOSIS_CHAPTERS = ("L", "R", "P", "N", "D", "A", "W", "*")
P_DIAGNOSIS = (
    (26.8, 22.8, 16.7, 5.9, 6.5, 6.7, 4.4, 10.3),
    (28.0, 21.0, 19.1, 9.0, 7.1, 6.4, 1.1, 8.3),
)
OTHER_CHAPTERS = tuple("BFHKSTUXYZ")
P_CENTRALITY = (
    (18.5, 25.6, 26.6, 17.0, 8.8, 3.6),
    (9.3, 22.5, 35.0, 22.6, 6.7, 3.9),
)
# Employers (shaped after Tabell 4; sections not listed there share the rest).
NACE_WEIGHTS = {"Q": 30, "P": 18, "C": 8, "F": 6, "O": 5, "G": 8, "M": 3, "H": 3, "N": 3, "I": 3}
P_SIZE_BAND = (0.25, 0.40, 0.20, 0.15)
SIZE_WEIGHT = (1.0, 2.5, 5.0, 15.0)

W0 = day_number(TARGET_WINDOW_START)
W1 = day_number(TARGET_WINDOW_END)
D0 = day_number(DATA_START)
D1 = day_number(DATA_END)
YEARS = tuple(range(2016, 2024))
OPEN = 10**7  # a day number far beyond the data: an open-ended period


@dataclass(frozen=True)
class RegisterSize:
    people: int
    employers: int
    recipients: int

    @classmethod
    def for_scale(cls, scale: float) -> RegisterSize:
        if scale <= 0:
            raise ValueError("scale må være større enn 0")
        return cls(
            people=max(int(round(FULL_PEOPLE * scale)), 50),
            employers=max(int(round(FULL_EMPLOYERS * scale)), 10),
            recipients=max(int(round(FULL_RECIPIENTS * scale)), 5),
        )


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _normalised(weights: tuple[float, ...]) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


def _draw_by_group(
    rng: np.random.Generator, treated: np.ndarray, tables: tuple[tuple[float, ...], ...]
) -> np.ndarray:
    """Category index per person from the recipients' or non-recipients' distribution."""
    out = np.empty(treated.size, dtype=np.int64)
    for group in (0, 1):
        mask = treated == bool(group)
        out[mask] = rng.choice(len(tables[group]), size=int(mask.sum()), p=_normalised(tables[group]))
    return out


def _year_start(year: int) -> int:
    return day_number(dt.date(year, 1, 1))


def _employers(rng: np.random.Generator, n: int) -> pl.DataFrame:
    weights = np.array([NACE_WEIGHTS.get(s, 1.0) for s in NACE_SECTIONS])
    nace = rng.choice(len(NACE_SECTIONS), size=n, p=weights / weights.sum())
    nace_letters = np.array(NACE_SECTIONS)[nace]
    p_public = np.where(np.isin(nace_letters, ["O", "P"]), 0.85, np.where(nace_letters == "Q", 0.7, 0.05))
    public = rng.random(n) < p_public
    size = rng.choice(len(SIZE_BANDS), size=n, p=np.asarray(P_SIZE_BAND))
    return pl.DataFrame(
        {
            "employer_id": np.arange(1, n + 1, dtype=np.int64),
            "sector": np.where(public, "offentlig", "privat"),
            "nace_section": nace_letters,
            "size_band": np.array(SIZE_BANDS)[size],
        }
    )


def _pick_employers(rng: np.random.Generator, employers: pl.DataFrame, treated: np.ndarray) -> np.ndarray:
    band_number = {band: i for i, band in enumerate(SIZE_BANDS)}
    size_index = np.array([band_number[band] for band in employers["size_band"].to_list()], dtype=np.int64)
    base = np.asarray(SIZE_WEIGHT)[size_index]
    nace = employers["nace_section"].to_numpy()
    boosted = base * np.where(nace == "Q", 2.0, 1.0) * np.where(nace == "P", 0.5, 1.0)
    boosted = boosted * np.where(size_index == 3, 2.0, 1.0)
    ids = employers["employer_id"].to_numpy()
    out = np.empty(treated.size, dtype=np.int64)
    for group, weights in ((False, base), (True, boosted)):
        mask = treated == group
        out[mask] = rng.choice(ids, size=int(mask.sum()), p=weights / weights.sum())
    return out


def generate_register(
    scale: float = 1.0, seed: int = 2024, sick_leave_from: dt.date = SICK_LEAVE_FROM
) -> dict[str, pl.DataFrame]:
    """Build the seven tables in memory. Same arguments give the same tables."""
    size = RegisterSize.for_scale(scale)
    rng = np.random.default_rng(seed)
    n = size.people

    treated = np.zeros(n, dtype=bool)
    treated[rng.choice(n, size=size.recipients, replace=False)] = True
    group = treated.astype(np.int64)

    female = rng.random(n) < np.asarray(P_FEMALE)[group]
    immigrant = rng.random(n) < np.asarray(P_IMMIGRANT)[group]
    age_group = _draw_by_group(rng, treated, P_AGE_GROUP)
    low = np.array([g[0] for g in AGE_GROUPS])[age_group]
    high = np.array([g[1] for g in AGE_GROUPS])[age_group]
    age2019 = low + np.floor(rng.random(n) * (high - low + 1)).astype(np.int64)
    age_band = np.array(AGE_BANDS)[np.clip((age2019 - 15) // 5, 0, len(AGE_BANDS) - 1)]
    centrality = (_draw_by_group(rng, treated, P_CENTRALITY) + 1).astype(np.int8)
    diagnosis = _draw_by_group(rng, treated, P_DIAGNOSIS)
    severity = rng.standard_normal(n) + SEVERITY_SHIFT * treated

    employers = _employers(rng, size.employers)
    employer1 = _pick_employers(rng, employers, treated)
    employer2 = _pick_employers(rng, employers, treated)

    # --- the qualifying episode -------------------------------------------------------------
    t0 = rng.integers(W0, W1 - 55, size=n, endpoint=True)
    short_fraction = np.where(treated, 0.08, 0.06)
    qualifies = rng.random(n) >= short_fraction
    length = np.where(
        qualifies,
        56 + np.minimum(rng.exponential(70.0 * np.exp(0.25 * severity)), 300).astype(np.int64),
        rng.integers(20, 55, size=n, endpoint=True),
    )

    # --- what happens afterwards (no effect of the grant; see module docstring) -------------
    aap = qualifies & (rng.random(n) < _sigmoid(-3.1 + 1.4 * severity))
    aap_start = t0 + rng.integers(200, 380, size=n, endpoint=True)
    length = np.where(aap, np.maximum(length, aap_start - t0), length)
    aap_end = aap_start + rng.integers(300, 1500, size=n, endpoint=True)
    disability_after_aap = aap & (rng.random(n) < 0.35)
    unknown = qualifies & ~aap & (rng.random(n) < 0.03 * np.exp(0.3 * severity))
    unknown_from = t0 + length + rng.integers(0, 500, size=n, endpoint=True)
    prior_disability = rng.random(n) < _sigmoid(-3.6 + 0.5 * severity)
    prior_aap = rng.random(n) < _sigmoid(-3.3 + 0.7 * severity)
    prior_aap_start = rng.integers(D0, day_number(dt.date(2017, 10, 1)), size=n)
    prior_aap_end = prior_aap_start + rng.integers(60, 500, size=n)
    tiltakspenger = rng.random(n) < 0.004
    tp_start = rng.integers(W0, W1, size=n)
    retire_age = rng.choice(np.arange(62, 71), size=n, p=_normalised((5, 3, 3, 3, 3, 55, 14, 8, 6)))
    pension_start = W0 + ((retire_age - age2019) * 365.25).astype(np.int64) + rng.integers(0, 365, size=n)
    pension = pension_start <= D1
    self_employed = rng.random(n) < 0.02

    exit_day = np.full(n, OPEN, dtype=np.int64)
    exit_day = np.where(unknown, np.minimum(exit_day, unknown_from), exit_day)
    exit_day = np.where(aap, np.minimum(exit_day, aap_start), exit_day)
    exit_day = np.where(pension, np.minimum(exit_day, pension_start), exit_day)
    job_ends = (unknown | (aap & (rng.random(n) < 0.5)) | disability_after_aap) | (
        pension & (rng.random(n) < 0.75)
    )
    job_end_day = np.where(
        unknown,
        unknown_from,
        np.where(
            pension & (~aap | (pension_start < aap_start)),
            pension_start,
            np.where(disability_after_aap, aap_end, aap_start),
        ),
    )

    # --- sick-leave spells ------------------------------------------------------------------
    spell_person: list[np.ndarray] = []
    spell_start: list[np.ndarray] = []
    spell_length: list[np.ndarray] = []
    split = qualifies & (rng.random(n) < 0.3) & ~aap
    first = np.where(split, (length * rng.uniform(0.3, 0.7, size=n)).astype(np.int64), length)
    first = np.maximum(first, 1)
    gap = rng.integers(5, 90, size=n, endpoint=True)
    everyone = np.arange(n)
    spell_person += [everyone, everyone[split]]
    spell_start += [t0, (t0 + first + gap)[split]]
    spell_length += [first, np.maximum(length - first, 1)[split]]

    years = (*YEARS, 2024)
    for year in years:
        start = _year_start(year)
        days = 31 if year == 2024 else (366 if year % 4 == 0 else 365)
        trend = (year - 2020) * 0.4
        rate = 0.42 * np.exp(0.35 * severity + 0.5 * trend) * (days / 365) * (3.0 if year == 2024 else 1.0)
        count = rng.poisson(rate)
        person = np.repeat(everyone, count)
        m = person.size
        starts = start + rng.integers(0, days, size=m)
        long = rng.random(m) < _sigmoid(-1.0 + 1.0 * severity[person] + trend)
        lengths = np.where(
            long,
            40 + np.minimum(rng.exponential(60.0, size=m), 250).astype(np.int64),
            1 + np.minimum(rng.geometric(0.15, size=m) - 1, 29),
        )
        keep = starts < exit_day[person]
        spell_person.append(person[keep])
        spell_start.append(starts[keep])
        spell_length.append(lengths[keep])

    person_idx = np.concatenate(spell_person)
    starts = np.concatenate(spell_start)
    ends = np.minimum(starts + np.concatenate(spell_length) - 1, D1)
    first_sick_day = max(day_number(sick_leave_from), D0)
    keep = (starts <= D1) & (ends >= first_sick_day)
    person_idx, starts, ends = person_idx[keep], np.maximum(starts[keep], first_sick_day), ends[keep]
    main = rng.random(person_idx.size) < 0.6
    drawn = _draw_by_group(rng, treated[person_idx], P_DIAGNOSIS)
    chapter_index = np.where(main, diagnosis[person_idx], drawn)
    chapters = np.array(DIAGNOSIS_CHAPTERS)[chapter_index]
    other = chapters == "*"
    chapters[other] = np.array(OTHER_CHAPTERS)[rng.integers(0, len(OTHER_CHAPTERS), other.sum())]
    pregnancy_male = (chapters == "W") & ~female[person_idx]
    chapters[pregnancy_male] = "A"

    # --- employment -------------------------------------------------------------------------
    full_time = rng.random(n) < np.where(female, 0.82, 0.92)
    hours = np.where(
        full_time,
        rng.choice(np.array([37.5, 37.5, 35.5, 40.0]), size=n),
        np.round(rng.uniform(8, 31.5, size=n) * 2) / 2,
    )
    late_start = (age2019 < 25) & (rng.random(n) < 0.5)
    job1_start = np.where(
        late_start,
        rng.integers(D0, day_number(dt.date(2019, 6, 1)), size=n),
        D0 - rng.integers(1, 3650, size=n),
    )
    change = rng.random(n) < 0.2
    change_day = rng.integers(D0 + 200, D1 - 100, size=n)
    change = change & (change_day > job1_start)
    job2_start = change_day + rng.integers(0, 60, size=n)
    job2_hours = np.where(rng.random(n) < 0.8, hours, np.round(rng.uniform(8, 40, size=n) * 2) / 2)
    final_end = np.where(job_ends, job_end_day, -1)  # -1 = ongoing
    has_job = ~self_employed
    job1_end = np.where(change, change_day - 1, final_end)
    job1_end = np.where(change & job_ends & (final_end < job1_end), final_end, job1_end)
    job2 = has_job & change & (~job_ends | (final_end >= job2_start))
    job2_end = np.where(job_ends, final_end, -1)
    emp_person = np.concatenate([everyone[has_job], everyone[job2]])
    emp_employer = np.concatenate([employer1[has_job], employer2[job2]])
    emp_start = np.concatenate([job1_start[has_job], job2_start[job2]])
    emp_end = np.concatenate([job1_end[has_job], job2_end[job2]])
    emp_hours = np.concatenate([hours[has_job], job2_hours[job2]])
    valid = (emp_end == -1) | (emp_end >= emp_start)
    emp_person, emp_employer, emp_start, emp_end, emp_hours = (
        a[valid] for a in (emp_person, emp_employer, emp_start, emp_end, emp_hours)
    )

    # --- benefits ---------------------------------------------------------------------------
    b_person: list[np.ndarray] = []
    b_kind: list[np.ndarray] = []
    b_start: list[np.ndarray] = []
    b_end: list[np.ndarray] = []
    b_grade: list[np.ndarray] = []

    def add(mask: np.ndarray, kind: str, start: np.ndarray, end: np.ndarray, grade: np.ndarray) -> None:
        mask = mask & (start <= D1)
        b_person.append(everyone[mask])
        b_kind.append(np.full(int(mask.sum()), kind))
        b_start.append(start[mask])
        b_end.append(np.where(end[mask] > D1, -1, end[mask]))
        b_grade.append(grade[mask])

    no_grade = np.full(n, -1)
    add(prior_aap, "AAP", prior_aap_start, prior_aap_end, no_grade)
    add(aap, "AAP", aap_start, aap_end, no_grade)
    add(tiltakspenger, "TILTAKSPENGER", tp_start, tp_start + rng.integers(30, 200, size=n), no_grade)
    prior_grade = rng.choice(np.array([20, 30, 40, 50, 60]), size=n)
    add(
        prior_disability,
        "UFORETRYGD",
        D0 - rng.integers(1, 2000, size=n),
        np.where(pension, pension_start - 1, OPEN),
        prior_grade,
    )
    after_grade = np.where(rng.random(n) < 0.6, 100, 50)
    add(
        disability_after_aap & ~prior_disability,
        "UFORETRYGD",
        aap_end + 1,
        np.where(pension & (pension_start > aap_end + 1), pension_start - 1, OPEN),
        after_grade,
    )
    add(pension, "ALDERSPENSJON", np.maximum(pension_start, D0 - 3000), np.full(n, OPEN), no_grade)

    ben_person = np.concatenate(b_person)
    ben_end = np.concatenate(b_end)
    ben_start = np.concatenate(b_start)
    ben_valid = (ben_end == -1) | (ben_end >= ben_start)
    ben_grade = np.concatenate(b_grade)

    # --- grants -----------------------------------------------------------------------------
    recipients = everyone[treated]
    granted = np.clip(t0[treated] + rng.integers(14, 120, size=treated.sum()), W0, W1)
    grant_employer = np.where(
        job2[treated] & (job2_start[treated] <= granted), employer2[treated], employer1[treated]
    )

    # --- income -----------------------------------------------------------------------------
    inc_person: list[np.ndarray] = []
    inc_year: list[np.ndarray] = []
    inc_wage: list[np.ndarray] = []
    inc_business: list[np.ndarray] = []
    business_level = rng.lognormal(12.8, 0.5, size=n)
    for year in YEARS:
        ys, ye = _year_start(year), _year_start(year + 1) - 1
        end_or_open = np.where(emp_end == -1, ye, emp_end)
        overlap = np.clip(np.minimum(end_or_open, ye) - np.maximum(emp_start, ys) + 1, 0, None)
        hour_days = np.bincount(emp_person, weights=overlap * emp_hours, minlength=n)
        mean_hours = hour_days / (ye - ys + 1)
        wage = mean_hours / 37.5 * 600_000 * rng.lognormal(0.0, 0.2, size=n)
        business = np.where(self_employed, business_level * rng.lognormal(0.0, 0.3, size=n), 0.0)
        keep = (wage >= 1) | (business >= 1)
        inc_person.append(everyone[keep])
        inc_year.append(np.full(int(keep.sum()), year))
        inc_wage.append(np.round(wage[keep]))
        inc_business.append(np.round(business[keep]))

    # --- ids and tables ---------------------------------------------------------------------
    person_ids = rng.permutation(n).astype(np.int64) + 1

    def ids(index: np.ndarray) -> np.ndarray:
        return person_ids[index]

    def dates(days: np.ndarray) -> pl.Series:
        series = pl.Series(days.astype(np.int32))
        return series.set(series == -1, None).cast(pl.Date) if (days == -1).any() else series.cast(pl.Date)

    individuals = pl.DataFrame(
        {
            "person_id": person_ids,
            "sex": np.where(female, "K", "M"),
            "age_band": age_band,
            "immigrant": immigrant,
            "centrality": centrality,
        }
    ).sort("person_id")
    sick_leave = pl.DataFrame(
        {
            "person_id": ids(person_idx),
            "start": dates(starts),
            "end": dates(ends),
            "icpc2_chapter": chapters,
        }
    ).sort("person_id", "start", "end", "icpc2_chapter")
    employment = pl.DataFrame(
        {
            "person_id": ids(emp_person),
            "employer_id": emp_employer,
            "start": dates(emp_start),
            "end": dates(emp_end),
            "weekly_hours": emp_hours.astype(np.float64),
        }
    ).sort("person_id", "start")
    grade_series = pl.Series(ben_grade[ben_valid].astype(np.int8))
    benefits = pl.DataFrame(
        {
            "person_id": ids(ben_person[ben_valid]),
            "benefit": np.concatenate(b_kind)[ben_valid],
            "start": dates(ben_start[ben_valid]),
            "end": dates(ben_end[ben_valid]),
            "grade": grade_series.set(grade_series == -1, None),
        }
    ).sort("person_id", "start", "benefit")
    grants = pl.DataFrame(
        {
            "person_id": ids(recipients),
            "employer_id": grant_employer.astype(np.int64),
            "granted_on": dates(granted),
        }
    ).sort("person_id")
    income = pl.DataFrame(
        {
            "person_id": ids(np.concatenate(inc_person)),
            "year": np.concatenate(inc_year).astype(np.int16),
            "wage": np.concatenate(inc_wage).astype(np.int64),
            "business_income": np.concatenate(inc_business).astype(np.int64),
        }
    ).sort("person_id", "year")
    return {
        "individuals": individuals,
        "income": income,
        "sick_leave": sick_leave,
        "employment": employment,
        "benefits": benefits,
        "grants": grants,
        "employers": employers,
    }


def manifest(scale: float, seed: int, sick_leave_from: dt.date = SICK_LEAVE_FROM) -> dict[str, object]:
    """What ``extract.json`` says about a generated register."""
    return {
        "source": "synthetic",
        "seed": seed,
        "scale": scale,
        "sick_leave_from": max(sick_leave_from, DATA_START).isoformat(),
    }


def write_register(
    tables: dict[str, pl.DataFrame], data_dir: Path, about: dict[str, object] | None = None
) -> None:
    """The tables as Parquet and, for a generated register, ``extract.json``."""
    for table in TABLES:
        write_table(tables[table.name], Path(data_dir) / table.file_name)
    if about is not None:
        write_manifest(Path(data_dir), about)
