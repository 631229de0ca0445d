"""Questions asked of the reference data: which NAV unit covers a municipality on a date, rates.

Routing goes by municipality and date, never by a county name (DOMAIN.md §2). Cases for an
employee with a strictly confidential address (kode 6) go to NAV Vikafossen instead, which covers
no municipality (DOMAIN.md §8): see :func:`address_protection_unit`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from .models import MaxRate, Municipality, NavUnit, UnitCoverage


class NoCoveringUnit(LookupError):
    """No NAV unit of the asked kind covers the municipality on the date."""


class AmbiguousCoverage(LookupError):
    """More than one worklife centre covers the municipality on the date (a data error)."""


def _active_on(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def _municipality(municipality_number: str) -> Municipality:
    try:
        return Municipality.objects.get(number=municipality_number)
    except Municipality.DoesNotExist:
        raise NoCoveringUnit(
            f"Kommunenummer {municipality_number} finnes ikke i referansedataene.") from None


def _coverage_on(municipality: Municipality, on: dt.date) -> QuerySet[UnitCoverage]:
    return (UnitCoverage.objects.filter(_active_on(on), municipality=municipality)
            .select_related("unit", "unit__parent"))


def worklife_centre_for(municipality_number: str, on: dt.date) -> NavUnit:
    """The NAV Arbeidslivssenter (kind ALS) covering the municipality on the date.

    Raises :class:`NoCoveringUnit` (a ``LookupError``) with a Norwegian message when none does,
    and :class:`AmbiguousCoverage` (also a ``LookupError``) when more than one does.
    """
    municipality = _municipality(municipality_number)
    units = [c.unit for c in _coverage_on(municipality, on)
             if c.unit.kind == NavUnit.Kind.WORKLIFE_CENTRE]
    if not units:
        raise NoCoveringUnit(
            f"Ingen NAV Arbeidslivssenter dekker kommune {municipality.number} {municipality.name} "
            f"per {on:%d.%m.%Y}.")
    if len({u.pk for u in units}) > 1:
        names = ", ".join(sorted(str(u) for u in units))
        raise AmbiguousCoverage(
            f"Flere NAV Arbeidslivssentre dekker kommune {municipality.number} {municipality.name} "
            f"per {on:%d.%m.%Y}: {names}. Rett dekningsområdene i referansedataene.")
    return units[0]


def covering_units(municipality_number: str, on: dt.date) -> list[NavUnit]:
    """All NAV units covering the municipality on the date: worklife centre first, then offices.

    Empty when none does (an unknown municipality number raises :class:`NoCoveringUnit`).
    """
    municipality = _municipality(municipality_number)
    units = {c.unit.pk: c.unit for c in _coverage_on(municipality, on)}
    return sorted(units.values(),
                  key=lambda u: (u.kind != NavUnit.Kind.WORKLIFE_CENTRE, u.number))


def address_protection_unit() -> NavUnit:
    """NAV's unit for employees with a strictly confidential address (kode 6): NAV Vikafossen."""
    unit = NavUnit.objects.filter(kind=NavUnit.Kind.ADDRESS_PROTECTION).order_by("number").first()
    if unit is None:
        raise NoCoveringUnit(
            "Ingen NAV-enhet for personer med strengt fortrolig adresse er registrert.")
    return unit


def rate_table() -> list[tuple[dt.date, int]]:
    """The maximum rates as ``(effective_from, amount_kr)``, sorted by ``effective_from``."""
    return [(r.effective_from, r.amount_kr)
            for r in MaxRate.objects.order_by("effective_from")]
