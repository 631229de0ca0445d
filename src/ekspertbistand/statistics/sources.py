"""Where the statistics get their numbers: aggregate queries only (GROUP BY in the database;
no case is loaded into Python). Each function returns a list of small tuples.

The interface is what the tables need: each function returns the rows its docstring names.
The refund, report and follow-up parts read the ``refunds`` and ``assignments`` apps; a source
that returns ``None`` (no model behind it) makes its table say «Ingen data ennå», so a new
source plugs in by returning rows (``tables.pending_tables``, protected as in decision 0055).
Sources that share their rows read them from ``passes`` (one query each, decision 0057).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Case as SqlCase
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, ExtractYear, Mod, Substr, TruncDate, TruncMonth

from ekspertbistand.cases.models import BudgetFrame
from ekspertbistand.statistics.filters import (
    DaysBetween,
    Filters,
    case_filter,
    counted_grants,
    decided,
    submitted,
)
from ekspertbistand.statistics.passes import one_pass, places, reports

__all__ = ["DaysBetween", "Filters", "counted_grants", "decided", "one_pass", "submitted"]


def grants_by_place(f: Filters) -> list[tuple[int, str, str, str, int, int]]:
    """(year, municipality number, 2024 county number, grant state, grants, sum kr), from
    which Tabell 1, the county tables, the expired grants and Tabell 2's committed grants are
    read."""
    return [(y, m, c, state, p.grants, p.grants_kr)
            for (y, m, c, state), p in sorted(places(f).items())]


def grants_by_year(f: Filters) -> list[tuple[int, int, int]]:
    """(year, number of grants, sum kr) – Tabell 1."""
    rows = (counted_grants(f).annotate(y=ExtractYear("period_start")).values("y")
            .annotate(n=Count("id"), kr=Sum("amount_kr")).order_by("y"))
    return [(r["y"], r["n"], r["kr"] or 0) for r in rows]


def decisions_by_unit(f: Filters) -> list[tuple[str, str, str, str, int]]:
    """(unit number, unit name, unit kind, outcome, decisions) – Tabell 8."""
    rows = (decided(f).values("outcome", number=F("deciding_unit__number"),
                              name=F("deciding_unit__name"), kind=F("deciding_unit__kind"))
            .annotate(n=Count("id")).order_by("number", "outcome"))
    return [(r["number"], r["name"], r["kind"], r["outcome"], r["n"]) for r in rows]


def employers_by_kind(f: Filters) -> list[tuple[str, str, int | None, int]]:
    """(sector code, NACE division, employees, employers with a counted grant). An employer
    has one combination, so the groups add up to the number of employers (Tabell 3)."""
    rows = (counted_grants(f).annotate(division=Substr("case__organisation__nace_code", 1, 2))
            .values("division", code=F("case__organisation__sector_code"),
                    size=F("case__organisation__employee_count"))
            .annotate(n=Count("case__organisation", distinct=True)).order_by())
    return [(r["code"] or "", r["division"] or "", r["size"], r["n"]) for r in rows]


def employees_by_age_and_sex(f: Filters) -> list[tuple[int | None, int | None, int]]:
    """(age in the year of application, sex digit parity 1 = man / 0 = woman, cases).

    The age is the application year minus the birth year, both from the fødselsnummer in the
    database: 19yy, or 20yy when the individual number is 500 or more and yy is below 40
    (Skatteetaten's rule for people born 1940–2039)."""
    nid = "employee_national_id"
    birth_year = SqlCase(When(Q(yy__lt=40) & Q(ind__gte=5), then=Value(2000) + F("yy")),
                      default=Value(1900) + F("yy"), output_field=IntegerField())
    rows = (submitted(f).filter(employee_national_id__regex=r"^[0-9]{11}$")
            .annotate(yy=Cast(Substr(nid, 5, 2), IntegerField()),
                      ind=Cast(Substr(nid, 7, 1), IntegerField()))
            .annotate(age=ExtractYear("submitted_at") - birth_year,
                      sex=Mod(Cast(Substr(nid, 9, 1), IntegerField()), 2))
            .values("age", "sex").annotate(n=Count("id")).order_by("age", "sex"))
    return [(r["age"], r["sex"], r["n"]) for r in rows]


def sick_leave_at_application(f: Filters) -> list[tuple[str, int]]:
    rows = (submitted(f).annotate(v=KT("answers__arbeidstaker__on_sick_leave_now"))
            .values("v").annotate(n=Count("id")).order_by("v"))
    return [(r["v"] or "", r["n"]) for r in rows]


def processing_days(f: Filters) -> list[tuple[str, str, int, dt.date, int, int]]:
    """(unit number, unit name, unit target days, month of decision, days received → decision,
    decisions): a histogram per unit and month, from which the median and the 90th percentile
    are read without loading the cases."""
    rows = (decided(f).filter(case__submitted_at__isnull=False)
            .annotate(month=TruncMonth("decided_at"),
                      days=DaysBetween(TruncDate("decided_at"), TruncDate("case__submitted_at")))
            .values("month", "days", number=F("deciding_unit__number"),
                    name=F("deciding_unit__name"), target=F("deciding_unit__target_days"))
            .annotate(n=Count("id")).order_by("number", "month", "days"))
    result = []
    for r in rows:
        month = r["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        result.append((r["number"], r["name"], r["target"], month, r["days"], r["n"]))
    return result


def rejections_by_conditions(f: Filters) -> list[tuple[Sequence[str], int]]:
    """(the failed conditions of a rejection, rejections with exactly that list)."""
    rows = (decided(f).filter(outcome="rejected").values("failed_conditions")
            .annotate(n=Count("id")).order_by())
    return [(list(r["failed_conditions"] or []), r["n"]) for r in rows]


def budget_use(f: Filters) -> tuple[list[tuple[int, str | None, int]],
                                    list[tuple[int, str, str, int, int]]]:
    """Frames (year, unit number or None for the country, kr) and commitments (year, unit
    number, unit name, grants, kr) per budget unit."""
    frames = BudgetFrame.objects.all()
    if f.year:
        frames = frames.filter(year=f.year)
    if f.unit:
        frames = frames.filter(Q(unit__number=f.unit) | Q(unit=None))
    frame_rows = [(r["year"], r["unit__number"], r["amount_kr"])
                  for r in frames.values("year", "unit__number", "amount_kr").order_by("year")]
    committed = (counted_grants(f).annotate(y=ExtractYear("period_start"))
                 .values("y", unit_number=F("budget_unit__number"),
                         unit_name=F("budget_unit__name"))
                 .annotate(n=Count("id"), kr=Sum("amount_kr")).order_by("y", "unit_number"))
    return frame_rows, [(r["y"], r["unit_number"], r["unit_name"], r["n"], r["kr"] or 0)
                        for r in committed]


# --- Refund, report and follow-up (apps refunds and assignments) ------------------------------

def refunds_by_county(f: Filters) -> list[tuple[int, str, str, int, int]] | None:
    """(grant year, municipality, 2024 county, refunds paid, kr paid) – Tabell 2. The place
    is the grant's case's (a refund belongs to the grant's case, ``actions.refunds``)."""
    paid: dict[tuple[int, str, str], list[int]] = {}
    for (y, m, c, _state), p in places(f).items():
        if p.paid:
            n_kr = paid.setdefault((y, m, c), [0, 0])
            n_kr[0] += p.paid
            n_kr[1] += p.paid_kr
    return [(y, m, c, n, kr) for (y, m, c), (n, kr) in sorted(paid.items())]


def refunds_refused_for_deadline(f: Filters) -> list[tuple[int, int]] | None:
    """(grant year, refunds that expired: the deadline passed without an accepted claim)."""
    per_year: dict[int, int] = defaultdict(int)
    for (y, _m, _c, _state), p in places(f).items():
        if p.expired:
            per_year[y] += p.expired
    return sorted(per_year.items())


def reports_received(f: Filters) -> list[tuple[int, int, int]] | None:
    """(grant year, grants, grants with the expert's report released to NAV)."""
    grants: dict[int, int] = defaultdict(int)
    for (y, _m, _c, _state), p in places(f).items():
        grants[y] += p.grants
    with_report = reports(f).with_report
    return [(y, n, with_report.get(y, 0)) for y, n in sorted(grants.items())]


def days_decision_to_report(f: Filters) -> list[tuple[int, int, int]] | None:
    """(grant year, days from the decision to the report's release, reports): a histogram."""
    return reports(f).decision_to_report


def days_report_to_refund(f: Filters) -> list[tuple[int, int, int]] | None:
    """(grant year, days from the report's release to the refund's approval, refunds)."""
    return reports(f).report_to_refund


def _follow_ups(f: Filters) -> QuerySet[Any]:
    from ekspertbistand.assignments.models import FollowUp

    qs = FollowUp.objects.filter(respondent="employer").filter(case_filter(f, "case__"))
    if f.year:
        qs = qs.filter(answered_at__year=f.year)
    if f.unit:
        qs = qs.filter(case__deciding_unit__number=f.unit)
    return qs


def follow_up_outcomes(f: Filters) -> list[tuple[str, int]] | None:
    """(outcome category of Figur 23, the employers' follow-ups), in the figure's order."""
    from ekspertbistand.domain.followup import OUTCOME_CATEGORIES

    counts = {r["outcome"]: r["n"] for r in
              _follow_ups(f).values("outcome").annotate(n=Count("id")).order_by()}
    return [(label, counts.get(key, 0)) for key, label in OUTCOME_CATEGORIES.items()]


def measures_carried_out(f: Filters) -> list[tuple[str, int]] | None:
    """(how many of the report's measures were carried out, the employers' follow-ups)."""
    buckets = {"0": 0, "1": 0, "2": 0, "3+": 0}
    for r in _follow_ups(f).values("measures_done").annotate(n=Count("id")).order_by():
        done = len(r["measures_done"] or [])
        buckets["3+" if done >= 3 else str(done)] += r["n"]
    labels = {"0": "Ingen tiltak gjennomført", "1": "Ett tiltak", "2": "To tiltak",
              "3+": "Tre eller flere tiltak"}
    return [(labels[k], n) for k, n in buckets.items()]
