"""One pass over the rows several tables share (decision 0057): the counted grants per place
with their refunds, and the released reports with their day differences. Each is one grouped
query; inside ``one_pass()`` it runs once for the same filters, so a section of the page asks
for each only once. Nothing is kept after the block: every page is counted live."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.db import connections
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, TruncDate

from ekspertbistand.cases.models import Grant
from ekspertbistand.reference.models import Municipality
from ekspertbistand.statistics.filters import DaysBetween, Filters, counted, counted_grants

_T = TypeVar("_T")

_pass: ContextVar[dict[tuple[str, Filters], Any] | None] = ContextVar("statistics_pass",
                                                                      default=None)


@contextmanager
def one_pass() -> Iterator[None]:
    """Within the block, the sources that are read from the same grouped query (the grants per
    place with their refunds; the released reports) run it once for the same filters. Outside
    a block every call asks the database again: nothing is kept between requests."""
    token = _pass.set({})
    try:
        yield
    finally:
        _pass.reset(token)


def _once(name: str, f: Filters, compute: Callable[[], _T]) -> _T:
    memo = _pass.get()
    if memo is None:
        return compute()
    if (name, f) not in memo:
        memo[(name, f)] = compute()
    return cast(_T, memo[(name, f)])


@dataclass
class Place:
    """Counted grants of one year, municipality and state, with their refunds."""

    grants: int = 0
    grants_kr: int = 0
    paid: int = 0  # refunds paid or corrected
    paid_kr: int = 0
    expired: int = 0  # refunds whose deadline passed without an accepted claim


PAID_STATES = ("paid", "corrected")


def places(f: Filters) -> dict[tuple[int, str, str, str], Place]:
    """{(grant year, municipality number, 2024 county number, grant state): Place}: one
    grouped query over the counted grants and their refund (at most one per grant, so the
    grants are not multiplied). Grouped by the municipality's id, which the planner can count
    (decision 0057); the numbers and counties are looked up in the 357 municipalities."""

    def compute() -> dict[tuple[int, str, str, str], Place]:
        rows = places_query(f)
        names = {pk: (number, county or "") for pk, number, county in
                 Municipality.objects.values_list("id", "number", "county__number")}
        result: dict[tuple[int, str, str, str], Place] = {}
        for r in rows:
            m, c = names.get(r["municipality"], ("", ""))
            p = result.setdefault((int(r["y"]), m, c, r["state"]), Place())
            p.grants += r["n"]
            p.grants_kr += r["kr"] or 0
            p.paid += r["paid_n"]
            p.paid_kr += r["paid_kr"] or 0
            p.expired += r["expired_n"]
        return result

    return _once("places", f, compute)


def places_query(f: Filters) -> QuerySet[Grant, dict[str, Any]]:
    """The grouped query behind ``places`` (also explained by ``make bench``)."""
    paid = Q(refund__state__in=PAID_STATES)
    return (counted_grants(f).annotate(y=ExtractYear("period_start"))
            .values("y", "state", municipality=F("case__organisation__municipality_id"))
            .annotate(n=Count("id"), kr=Sum("amount_kr"),
                      paid_n=Count("refund", filter=paid),
                      paid_kr=Sum("refund__paid_kr", filter=paid),
                      expired_n=Count("refund", filter=Q(refund__state="expired")))
            .order_by())


@dataclass
class Reports:
    """The released reports of counted grants, read in one pass."""

    with_report: dict[int, int]  # grant year → grants with a released report
    decision_to_report: list[tuple[int, int, int]]  # (grant year, days, reports)
    report_to_refund: list[tuple[int, int, int]]


def reports(f: Filters) -> Reports:
    """One scan of the released reports joined once to assignment, grant, decision and
    refund, grouped three ways in the database: the two day histograms and the grants with a
    report (distinct, since a grant may have had more than one assignment)."""

    def compute() -> Reports:
        db, sql, params = reports_sql(f)
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            result = cursor.fetchall()
        days: dict[int, list[tuple[int, int, int]]] = {1: [], 2: []}
        with_report: dict[int, int] = {}
        for kind, year, d, n in result:
            if kind == 3:
                with_report[int(year)] = n
            else:
                days[kind].append((int(year), d, n))
        return Reports(with_report, sorted(days[1], key=_by_year_and_days),
                       sorted(days[2], key=_by_year_and_days))

    return _once("reports", f, compute)


def reports_sql(f: Filters) -> tuple[str, str, Sequence[Any]]:
    """(database alias, SQL, parameters) of the one pass over the released reports."""
    from ekspertbistand.assignments.models import Report

    g = "assignment__grant__"
    rows = (Report.objects.filter(counted(f, g), state="released")
            .annotate(y=ExtractYear(f"{g}period_start"), grant_ref=F(f"{g}id"),
                      released=F("released_at"),
                      to_report=DaysBetween(TruncDate("released_at"),
                                            TruncDate(f"{g}decision__decided_at")),
                      to_refund=DaysBetween(TruncDate(f"{g}refund__approved_at"),
                                            TruncDate("released_at")))
            .values("y", "grant_ref", "released", "to_report", "to_refund").order_by())
    # The three groupings over the same joined rows: a common table expression, read by
    # three GROUP BYs (PostgreSQL and SQLite alike). Only column names are put into the
    # text; every value stays a parameter of Django's compiled inner query.
    inner, params = rows.query.get_compiler(using=rows.db).as_sql()
    q = connections[rows.db].ops.quote_name
    y, grant, released, d1, d2 = (q(n) for n in ("y", "grant_ref", "released",
                                                 "to_report", "to_refund"))
    sql = (
        f"WITH r AS ({inner}) "  # noqa: S608 - names only, the values are parameters
        f"SELECT 1, {y}, {d1}, COUNT(*) FROM r WHERE {released} IS NOT NULL "
        f"GROUP BY {y}, {d1} "
        f"UNION ALL SELECT 2, {y}, {d2}, COUNT(*) FROM r "
        f"WHERE {released} IS NOT NULL AND {d2} IS NOT NULL GROUP BY {y}, {d2} "
        f"UNION ALL SELECT 3, {y}, NULL, COUNT(DISTINCT {grant}) FROM r GROUP BY {y}")
    return rows.db, sql, params


def _by_year_and_days(row: tuple[int, int, int]) -> tuple[int, bool, int]:
    return row[0], row[1] is None, row[1] or 0
