"""Routing to the handling and the deciding unit (DOMAIN.md §3.9, §8; decisions 0002, 0025)."""

from __future__ import annotations

import datetime as dt

import pytest

from ekspertbistand.domain.routing import (
    Coverage,
    Reason,
    RerouteRefused,
    RoutingError,
    RoutingFacts,
    Unit,
    check_reroute,
    deciding_unit,
    has_contacted,
    route,
)

AGDER = Unit("1091", "NAV Arbeidslivssenter Agder", "ALS", delegated_authority=True)
NORDLAND = Unit("1891", "NAV Arbeidslivssenter Nordland", "ALS", delegated_authority=True)
OSTFOLD = Unit("3191", "NAV Arbeidslivssenter Østfold", "ALS", delegated_authority=True)
OST_VIKEN = Unit("0291", "NAV Arbeidslivssenter Øst-Viken", "ALS", delegated_authority=True)
ARENDAL = Unit("4203", "NAV Arendal", "KONTOR", delegated_authority=True, parent_number="1091")
BODO = Unit("1804", "NAV Bodø", "KONTOR", delegated_authority=True, recommends_only=True,
            parent_number="1891")
SARPSBORG = Unit("3105", "NAV Sarpsborg", "KONTOR", delegated_authority=True,
                 requires_prior_contact=True, parent_number="3191")
KRISTIANSAND = Unit("4204", "NAV Kristiansand", "KONTOR")  # no delegated authority
VIKAFOSSEN = Unit("2103", "NAV Vikafossen", "VIKAFOSSEN", delegated_authority=True)
UNITS = [AGDER, NORDLAND, OSTFOLD, OST_VIKEN, ARENDAL, BODO, SARPSBORG, KRISTIANSAND, VIKAFOSSEN]

PILOT = dt.date(2023, 4, 1)
SPLIT = dt.date(2024, 7, 1)
COVERAGE = [
    Coverage("1091", "4203", dt.date(2020, 1, 1)),
    Coverage("1091", "4204", dt.date(2020, 1, 1)),
    Coverage("4203", "4203", dt.date(2022, 1, 1)),
    Coverage("4204", "4204", dt.date(2020, 1, 1)),
    Coverage("1891", "1804", dt.date(2020, 1, 1)),
    Coverage("1804", "1804", PILOT),
    Coverage("0291", "3105", dt.date(2020, 1, 1), SPLIT - dt.timedelta(days=1)),
    Coverage("3191", "3105", SPLIT),
    Coverage("3105", "3105", PILOT),
]
TODAY = dt.date(2026, 12, 1)


def facts(employer: str, employee: str | None, on: dt.date = TODAY, protection: str = "",
          contact: str = "") -> RoutingFacts:
    return RoutingFacts(on=on, employer_municipality=employer, employee_municipality=employee,
                        address_protection=protection, nav_contact=contact)


def test_kode_6_goes_to_the_protected_unit_whatever_the_municipalities() -> None:
    """DOMAIN.md §8: even where a delegated office would otherwise take it."""
    routing = route(facts("4203", "4203", protection="6"), UNITS, COVERAGE)
    assert routing.unit == VIKAFOSSEN and routing.reason is Reason.ADDRESS_PROTECTION
    assert route(facts("9999", None, protection="6"), UNITS, COVERAGE).unit == VIKAFOSSEN


def test_kode_7_is_routed_by_municipality() -> None:
    assert route(facts("4203", "4203", protection="7"), UNITS, COVERAGE).unit == ARENDAL


def test_same_municipality_as_a_delegated_office_goes_to_the_office() -> None:
    """DOMAIN.md §3.9: employer registered in and employee living in the office's municipality."""
    routing = route(facts("4203", "4203"), UNITS, COVERAGE)
    assert routing.unit == ARENDAL and routing.reason is Reason.DELEGATED_OFFICE
    assert "NAV Arendal" in routing.text


def test_employee_in_a_neighbour_municipality_goes_to_the_worklife_centre() -> None:
    routing = route(facts("4203", "4204"), UNITS, COVERAGE)
    assert routing.unit == AGDER and routing.reason is Reason.EMPLOYEE_ELSEWHERE
    assert routing.office == ARENDAL and "4204" in routing.text


def test_unknown_residence_goes_to_the_worklife_centre() -> None:
    routing = route(facts("4203", None), UNITS, COVERAGE)
    assert routing.unit == AGDER and routing.reason is Reason.EMPLOYEE_MUNICIPALITY_UNKNOWN


def test_an_office_without_delegated_authority_is_not_a_destination() -> None:
    routing = route(facts("4204", "4204"), UNITS, COVERAGE)
    assert routing.unit == AGDER and routing.reason is Reason.NO_DELEGATED_OFFICE


def test_office_coverage_counts_from_its_first_day() -> None:
    """UnitCoverage validity: NAV Bodø from 2023-04-01 (decision 0002), day before and day of."""
    before = route(facts("1804", "1804", on=PILOT - dt.timedelta(days=1)), UNITS, COVERAGE)
    assert before.unit == NORDLAND and before.reason is Reason.NO_DELEGATED_OFFICE
    assert route(facts("1804", "1804", on=PILOT), UNITS, COVERAGE).unit == BODO


def test_prior_contact_required_and_given() -> None:
    """DOMAIN.md §3.9: one county requires that the employer has been in contact with the office."""
    routing = route(facts("3105", "3105", contact="Kari Li, NAV Sarpsborg"), UNITS, COVERAGE)
    assert routing.unit == SARPSBORG and routing.reason is Reason.DELEGATED_OFFICE


def test_prior_contact_required_and_missing_goes_to_the_worklife_centre_of_the_date() -> None:
    """Øst-Viken until 2024-06-30, Østfold from 2024-07-01 (decision 0002)."""
    last_day = SPLIT - dt.timedelta(days=1)
    routing = route(facts("3105", "3105", on=last_day, contact="Aud, NAV Arbeidslivssenter"),
                    UNITS, COVERAGE)
    assert routing.unit == OST_VIKEN and routing.reason is Reason.NO_PRIOR_CONTACT
    assert route(facts("3105", "3105", on=SPLIT), UNITS, COVERAGE).unit == OSTFOLD


@pytest.mark.parametrize(("said", "contacted"), [
    ("NAV Sarpsborg", True), ("sarpsborg", True), ("SARPSBORG v/ Ola", True),
    ("Ola Nordmann (Nav Sarpsborg), 12.03", True), ("NAV Arbeidslivssenter Østfold", False),
    ("Sarpsborgveien 2", False), ("", False),
])
def test_what_counts_as_contact_with_the_office(said: str, contacted: bool) -> None:
    assert has_contacted(SARPSBORG, said) is contacted


def test_recommending_office_prepares_and_its_worklife_centre_decides() -> None:
    """DOMAIN.md §3.9: two-step decisions: the office writes the recommendation."""
    routing = route(facts("1804", "1804"), UNITS, COVERAGE)
    assert routing.unit == BODO and "innstilling" in routing.text
    assert deciding_unit(BODO, "1804", TODAY, UNITS, COVERAGE) == NORDLAND
    assert deciding_unit(ARENDAL, "4203", TODAY, UNITS, COVERAGE) == ARENDAL
    assert deciding_unit(NORDLAND, "1804", TODAY, UNITS, COVERAGE) == NORDLAND


def test_recommending_office_falls_back_to_its_parent() -> None:
    assert deciding_unit(BODO, "9999", TODAY, UNITS, COVERAGE) == NORDLAND


def test_no_worklife_centre_is_an_error_naming_the_municipality_and_date() -> None:
    with pytest.raises(RoutingError, match=r"kommune 4203 per 31\.12\.2019"):
        route(facts("4203", "4203", on=dt.date(2019, 12, 31)), UNITS, COVERAGE)


def test_two_worklife_centres_is_a_data_error() -> None:
    doubled = [*COVERAGE, Coverage("1891", "4204", dt.date(2020, 1, 1))]
    with pytest.raises(RoutingError, match="Flere"):
        route(facts("4204", "4204"), UNITS, doubled)


@pytest.mark.parametrize(("protection", "current", "target", "reason", "message"), [
    ("", AGDER, AGDER, "feil", "allerede"),
    ("", AGDER, ARENDAL, "  ", "Skriv hvorfor"),
    ("6", VIKAFOSSEN, AGDER, "feil", "strengt fortrolig"),
    ("", AGDER, VIKAFOSSEN, "feil", "kode 6"),
    ("", AGDER, KRISTIANSAND, "feil", "ikke delegert"),
])
def test_reroute_refusals(protection: str, current: Unit, target: Unit, reason: str,
                          message: str) -> None:
    with pytest.raises(RerouteRefused, match=message):
        check_reroute(protection, current, target, reason)


def test_reroute_allowed() -> None:
    check_reroute("", AGDER, ARENDAL, "Arbeidstakeren har flyttet til Arendal.")
    check_reroute("7", ARENDAL, AGDER, "Kontoret er inhabilt.")
