"""What the statistics count, and for whom: the filters a NAV user sets and the querysets of
counted grants, decided decisions and submitted applications every source starts from."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Func, IntegerField, Q, QuerySet

from ekspertbistand.cases.models import Case, Decision, Grant
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


def case_filter(f: Filters, prefix: str) -> Q:
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


def counted(f: Filters, prefix: str = "") -> Q:
    """The grants that count, as a condition on the grant at ``prefix`` (so a query that
    starts from a report or a refund filters its own join, without a second scan of grants)."""
    q = Q(**{f"{prefix}state__in": [Grant.State.ACTIVE, Grant.State.EXPIRED]})
    q &= case_filter(f, f"{prefix}case__")
    if f.year:
        q &= Q(**{f"{prefix}period_start__year": f.year})
    if f.unit:
        q &= Q(**{f"{prefix}budget_unit__number": f.unit})
    return q


def counted_grants(f: Filters) -> QuerySet[Grant]:
    """Grants that count as commitments: the current version of each (not replaced) and not
    cancelled; an expired grant was committed in its year."""
    return Grant.objects.filter(counted(f))


def decided(f: Filters) -> QuerySet[Decision]:
    qs = Decision.objects.filter(state=Decision.State.DECIDED).filter(case_filter(f, "case__"))
    if f.year:
        qs = qs.filter(decided_at__year=f.year)
    if f.unit:
        qs = qs.filter(deciding_unit__number=f.unit)
    return qs


def submitted(f: Filters) -> QuerySet[Case]:
    qs = Case.objects.filter(submitted_at__isnull=False).filter(case_filter(f, ""))
    if f.year:
        qs = qs.filter(submitted_at__year=f.year)
    if f.unit:
        qs = qs.filter(deciding_unit__number=f.unit)
    return qs
