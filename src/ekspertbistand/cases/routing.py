"""The routing rules of ``domain/routing.py`` over the reference data in the database, and the
one place that says which unit prepares and which decides a case.

``preparing_unit(case)`` is the unit that handles the case (takes it, assesses it, writes the
proposal); ``deciding_unit(case)`` is the unit whose decider makes the decision. They differ
only where the handling office ``recommends_only`` (DOMAIN §3.9, two-step decisions).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from ekspertbistand.cases.models import Case
from ekspertbistand.domain import routing as rules
from ekspertbistand.reference.models import NavUnit, UnitCoverage


def as_rule_unit(unit: NavUnit) -> rules.Unit:
    return rules.Unit(number=unit.number, name=unit.name, kind=unit.kind,
                      delegated_authority=unit.delegated_authority,
                      recommends_only=unit.recommends_only,
                      requires_prior_contact=unit.requires_prior_contact,
                      parent_number=unit.parent.number if unit.parent_id and unit.parent else None)


def _facts_for(municipalities: set[str], on: dt.date
               ) -> tuple[list[rules.Unit], list[rules.Coverage], dict[str, NavUnit]]:
    """The units and coverage rows the rules need: those of the given municipalities on the
    date, and the unit for protected persons. A few rows, whatever the size of the data."""
    rows = list(UnitCoverage.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on,
        municipality__number__in=municipalities,
    ).select_related("unit__parent", "municipality"))
    units = {r.unit.number: r.unit for r in rows}
    for unit in NavUnit.objects.filter(kind=NavUnit.Kind.ADDRESS_PROTECTION).select_related(
            "parent"):
        units[unit.number] = unit
    coverage = [rules.Coverage(r.unit.number, r.municipality.number, r.valid_from, r.valid_to)
                for r in rows]
    for unit in list(units.values()):  # a recommending office's parent, for the fallback
        if unit.parent is not None:
            units.setdefault(unit.parent.number, unit.parent)
    return [as_rule_unit(u) for u in units.values()], coverage, units


def route(facts: rules.RoutingFacts) -> tuple[NavUnit, NavUnit, rules.Routing]:
    """(handling unit, deciding unit, the rule's answer with its reason) for ``facts``."""
    municipalities = {facts.employer_municipality}
    if facts.employee_municipality:
        municipalities.add(facts.employee_municipality)
    units, coverage, by_number = _facts_for(municipalities, facts.on)
    routing = rules.route(facts, units, coverage)
    deciding = rules.deciding_unit(routing.unit, facts.employer_municipality, facts.on, units,
                                   coverage)
    return by_number[routing.unit.number], by_number[deciding.number], routing


def deciding_unit_for(unit: NavUnit, case: Case) -> NavUnit:
    """Who decides when ``unit`` handles ``case`` (used when a case worker re-routes)."""
    municipality = case.organisation.municipality
    on = (timezone.localtime(case.submitted_at).date() if case.submitted_at
          else timezone.localdate())
    if not unit.recommends_only:
        return unit
    units, coverage, by_number = _facts_for({municipality.number} if municipality else set(), on)
    rule_unit = as_rule_unit(unit)
    if unit.parent is not None:
        by_number.setdefault(unit.parent.number, unit.parent)
        units.append(as_rule_unit(unit.parent))
    deciding = rules.deciding_unit(rule_unit, municipality.number if municipality else "", on,
                                   units, coverage)
    return by_number[deciding.number]


def preparing_unit(case: Case) -> NavUnit | None:
    """The unit that handles the case: takes it, assesses it and proposes the decision."""
    return case.routed_unit


def deciding_unit(case: Case) -> NavUnit | None:
    """The unit whose decider decides the case: the handling unit, or, where that office only
    recommends, the Arbeidslivssenter fixed when the case was routed."""
    return case.deciding_unit or case.routed_unit
