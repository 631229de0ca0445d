"""The follow-up after the expert's report (DOMAIN §4, §5).

NAV did not follow up after the report and should collect which proposed measures were carried
out and whether they worked (evaluation §3.3.2, §7.3). The employer, and the employee if they
wish, answers a short follow-up a set number of months after the report was released; the
outcome uses the categories of Figur 23 (DOMAIN §5) so the statistics can reproduce it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum

DEFAULT_MONTHS_AFTER_REPORT = 3  # DOMAIN §4: «three months after the report (configurable)»

# Figur 23: the outcome for the employee after the assistance (DOMAIN §5), in the figure's order.
OUTCOME_CATEGORIES: dict[str, str] = {
    "same_position": "Tilbake i samme stilling",
    "adapted_same_place": "Tilrettelagt arbeid samme sted",
    "still_sick": "Fortsatt sykmeldt",
    "resigned": "Sluttet",
    "clarified_other_work": "Avklart mot annet arbeid",
    "adapted_elsewhere": "Tilrettelagt arbeid et annet sted",
    "education": "Utdanning",
    "dont_know": "Vet ikke",
    "other": "Annet",
}


class Helped(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    DONT_KNOW = "dont_know"


HELPED_LABELS: dict[Helped, str] = {
    Helped.YES: "Ja",
    Helped.PARTLY: "Delvis",
    Helped.NO: "Nei",
    Helped.DONT_KNOW: "Vet ikke",
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day
    (31 August + 3 months = 30 November)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_due(report_released_on: dt.date,
                  months: int = DEFAULT_MONTHS_AFTER_REPORT) -> dt.date:
    """The day the follow-up may be answered and is asked for."""
    return add_months(report_released_on, months)


def report_overdue(period_end: dt.date, today: dt.date) -> bool:
    """The report is missing once the grant's period has ended (from the day after)."""
    return today > period_end
