"""Where the statistics get their numbers: aggregate queries only (GROUP BY in the database;
no case is loaded into Python). Each function returns a list of small tuples.

The interface is what the tables need: each function returns the rows its docstring names.
The refund, report and follow-up parts read the ``refunds`` and ``assignments`` apps; a source
that returns ``None`` (no model behind it) makes its table say «Ingen data ennå», so a new
source plugs in by returning rows (``tables.pending_tables``, protected as in decision 0055).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as SqlCase
from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, ExtractYear, Mod, Substr, TruncDate, TruncMonth

from ekspertbistand.cases.models import BudgetFrame, Case, Decision, Grant
from ekspertbistand.domain.statistics import SECTORS


@dataclass(frozen=True)
class Filters:
    """The filters a NAV user can set: year, the employer's county (2024), the deciding or
    budget unit, the employer's sector."""

    year: int | None = None
    county: str = ""
    unit: str = ""
    sector: str = ""

    def as_query(self) -> str:
        parts = [f"ar={self.year}" if self.year else "", f"fylke={self.county}" if self.county else "",
                 f"enhet={self.unit}" if self.unit else "",
                 f"sektor={self.sector}" if self.sector else ""]
        return "&".join(p for p in parts if p)


def _case_filter(f: Filters, prefix: str) -> Q:
    q = Q()
    if f.county:
        q &= Q(**{f"{prefix}organisation__municipality__county__number": f.county})
    if f.sector and f.sector in SECTORS:
        code = f"{prefix}organisation__sector_code"
        if f.sector == "public":
            q &= Q(**{f"{code}__startswith": "1"}) | Q(**{f"{code}__startswith": "6"})
        elif f.sector == "nonprofit":
            q &= Q(**{f"{code}__startswith": "7"})
        elif f.sector == "private":
            q &= Q(**{f"{code}__regex": r"^[02-589]"})
        else:
            q &= Q(**{code: ""})
    return q


class DaysBetween(Func):
    """Whole calendar days from one date to another, in the database (PostgreSQL: date
    subtraction; SQLite: julianday)."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        later, earlier = (compiler.compile(e) for e in self.get_source_expressions())
        if connection.vendor == "sqlite":
            sql = f"CAST(julianday({later[0]}) - julianday({earlier[0]}) AS INTEGER)"
        else:
            sql = f"({later[0]} - {earlier[0]})"
        return sql, (*later[1], *earlier[1])


def counted_grants(f: Filters) -> QuerySet[Grant]:
    """Grants that count as commitments: the current version of each (not replaced) and not
    cancelled; an expired grant was committed in its year."""
    qs = Grant.objects.filter(state__in=[Grant.State.ACTIVE, Grant.State.EXPIRED])
    qs = qs.filter(_case_filter(f, "case__"))
    if f.year:
        qs = qs.filter(period_start__year=f.year)
    if f.unit:
        qs = qs.filter(budget_unit__number=f.unit)
    return qs


def decided(f: Filters) -> QuerySet[Decision]:
    qs = Decision.objects.filter(state=Decision.State.DECIDED).filter(_case_filter(f, "case__"))
    if f.year:
        qs = qs.filter(decided_at__year=f.year)
    if f.unit:
        qs = qs.filter(deciding_unit__number=f.unit)
    return qs


def submitted(f: Filters) -> QuerySet[Case]:
    qs = Case.objects.filter(submitted_at__isnull=False).filter(_case_filter(f, ""))
    if f.year:
        qs = qs.filter(submitted_at__year=f.year)
    if f.unit:
        qs = qs.filter(deciding_unit__number=f.unit)
    return qs


def grants_by_place(f: Filters) -> list[tuple[int, str, str, str, int, int]]:
    """(year, municipality number, 2024 county number, grant state, grants, sum kr): one
    grouped query from which Tabell 1, the county tables and the expired grants are read."""
    rows = (counted_grants(f).annotate(y=ExtractYear("period_start"))
            .values("y", "state", m=F("case__organisation__municipality__number"),
                    c=F("case__organisation__municipality__county__number"))
            .annotate(n=Count("id"), kr=Sum("amount_kr")).order_by("y", "m", "state"))
    return [(r["y"], r["m"] or "", r["c"] or "", r["state"], r["n"], r["kr"] or 0) for r in rows]


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
    """(grant year, municipality, 2024 county, refunds paid, kr paid) – Tabell 2."""
    from ekspertbistand.refunds.models import Refund

    qs = Refund.objects.filter(state__in=["paid", "corrected"], grant__in=counted_grants(f))
    rows = (qs.annotate(y=ExtractYear("grant__period_start"))
            .values("y", m=F("case__organisation__municipality__number"),
                    c=F("case__organisation__municipality__county__number"))
            .annotate(n=Count("id"), kr=Sum("paid_kr")).order_by("y", "m"))
    return [(r["y"], r["m"] or "", r["c"] or "", r["n"], r["kr"] or 0) for r in rows]


def refunds_refused_for_deadline(f: Filters) -> list[tuple[int, int]] | None:
    """(grant year, refunds that expired: the deadline passed without an accepted claim)."""
    from ekspertbistand.refunds.models import Refund

    rows = (Refund.objects.filter(state="expired", grant__in=counted_grants(f))
            .annotate(y=ExtractYear("grant__period_start")).values("y")
            .annotate(n=Count("id")).order_by("y"))
    return [(r["y"], r["n"]) for r in rows]


def reports_received(f: Filters) -> list[tuple[int, int, int]] | None:
    """(grant year, grants, grants with the expert's report released to NAV)."""
    rows = (counted_grants(f).annotate(y=ExtractYear("period_start")).values("y")
            .annotate(n=Count("id", distinct=True),
                      with_report=Count("id", distinct=True,
                                        filter=Q(assignments__report__state="released")))
            .order_by("y"))
    return [(r["y"], r["n"], r["with_report"]) for r in rows]


def days_decision_to_report(f: Filters) -> list[tuple[int, int, int]] | None:
    """(grant year, days from the decision to the report's release, reports): a histogram."""
    from ekspertbistand.assignments.models import Report

    rows = (Report.objects.filter(state="released", released_at__isnull=False,
                                  assignment__grant__in=counted_grants(f))
            .annotate(y=ExtractYear("assignment__grant__period_start"),
                      days=DaysBetween(TruncDate("released_at"),
                                       TruncDate("assignment__grant__decision__decided_at")))
            .values("y", "days").annotate(n=Count("id")).order_by("y", "days"))
    return [(r["y"], r["days"], r["n"]) for r in rows]


def days_report_to_refund(f: Filters) -> list[tuple[int, int, int]] | None:
    """(grant year, days from the report's release to the refund's approval, refunds)."""
    from ekspertbistand.assignments.models import Report

    rows = (Report.objects.filter(state="released", released_at__isnull=False,
                                  assignment__grant__in=counted_grants(f),
                                  assignment__grant__refund__approved_at__isnull=False)
            .annotate(y=ExtractYear("assignment__grant__period_start"),
                      days=DaysBetween(TruncDate("assignment__grant__refund__approved_at"),
                                       TruncDate("released_at")))
            .values("y", "days").annotate(n=Count("id")).order_by("y", "days"))
    return [(r["y"], r["days"], r["n"]) for r in rows]


def _follow_ups(f: Filters) -> QuerySet[Any]:
    from ekspertbistand.assignments.models import FollowUp

    qs = FollowUp.objects.filter(respondent="employer").filter(_case_filter(f, "case__"))
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
