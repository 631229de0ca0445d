"""The grant period (DOMAIN §3.3, §3.6).

- The application is made before the assistance starts: the start is after the day the
  application is submitted (forskrift § 6).
- A grant cannot cross a year boundary.
- Until 2024-04-01 the rundskriv limited a grant to 3 months; judged from that day on, there
  is no such limit. The rule depends on the day it is judged at, not on the period's dates.
- The service's own bound (decision 0010): the start is at most 12 months after the day it is
  judged at. An application describes planned assistance; a start further ahead is a typing
  error (9999) or a plan NAV cannot assess yet.
"""

from __future__ import annotations

import calendar
import datetime as dt

from ekspertbistand.domain.errors import RuleViolation

THREE_MONTH_LIMIT_ENDS = dt.date(2024, 4, 1)
LATEST_START_MONTHS = 12


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def longest_allowed_end(start: dt.date, judged_on: dt.date) -> dt.date:
    """The last allowed end date for a period starting ``start``, judged on ``judged_on``."""
    end_of_year = dt.date(start.year, 12, 31)
    if judged_on < THREE_MONTH_LIMIT_ENDS:
        return min(end_of_year, add_months(start, 3) - dt.timedelta(days=1))
    return end_of_year


def latest_allowed_start(judged_on: dt.date) -> dt.date:
    """The furthest start the service accepts, judged on ``judged_on`` (decision 0010)."""
    return add_months(judged_on, LATEST_START_MONTHS)


def check_period(start: dt.date, end: dt.date, judged_on: dt.date) -> list[RuleViolation]:
    """Every way the period breaks the rules, judged on ``judged_on`` (the day of submission)."""
    problems: list[RuleViolation] = []
    if start <= judged_on:
        problems.append(RuleViolation(
            "start_date",
            "Oppstartsdatoen må være etter dagens dato. Det må søkes før ekspertbistanden "
            "starter, så velg en dato fra og med i morgen.",
            "start_not_in_future",
        ))
    elif start > latest_allowed_start(judged_on):
        problems.append(RuleViolation(
            "start_date",
            f"Oppstartsdatoen kan være høyst {LATEST_START_MONTHS} måneder fram i tid, senest "
            f"{latest_allowed_start(judged_on):%d.%m.%Y}. Sjekk årstallet, eller søk nærmere "
            "oppstarten.",
            "start_too_far_ahead",
        ))
    if end < start:
        problems.append(RuleViolation(
            "end_date", "Sluttdatoen kan ikke være før oppstartsdatoen.", "end_before_start"
        ))
        return problems
    if end.year != start.year:
        problems.append(RuleViolation(
            "end_date",
            f"Perioden kan ikke gå over nyttår. Velg en sluttdato senest 31.12.{start.year}, "
            "og søk på nytt for tiden etter nyttår.",
            "crosses_year",
        ))
    elif end > longest_allowed_end(start, judged_on):
        problems.append(RuleViolation(
            "end_date",
            "Før 1. april 2024 kunne et tilsagn gjelde i høyst 3 måneder. Velg en sluttdato "
            f"senest {longest_allowed_end(start, judged_on):%d.%m.%Y}.",
            "longer_than_three_months",
        ))
    return problems
