"""Which NAV unit handles a case, and which unit decides it (DOMAIN.md §3.9, §8).

1. Kode 6 (strictly confidential address) first: the unit for protected persons, whatever the
   municipalities, so no local unit learns where the person lives.
2. A NAV office with delegated authority, when it covers the employer's municipality on the
   date **and** the employee lives in that same municipality, and, where the office requires
   it (``requires_prior_contact``), the employer has been in contact with that office.
3. Otherwise the NAV Arbeidslivssenter covering the employer's municipality on the date.

Where an office only recommends (``recommends_only``), it prepares the proposal and the
Arbeidslivssenter covering the employer's municipality decides (two-step decision).

Plain data in, plain data out: the caller loads the units and the coverage rows of the
municipalities concerned. Every answer carries a reason code (what a translation keys on,
decision 0007) and a Norwegian text saying why, for the case's history.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

WORKLIFE_CENTRE = "ALS"
NAV_OFFICE = "KONTOR"
ADDRESS_PROTECTION = "VIKAFOSSEN"
STRICTLY_CONFIDENTIAL = "6"


@dataclass(frozen=True)
class Unit:
    number: str
    name: str
    kind: str
    delegated_authority: bool = False
    recommends_only: bool = False
    requires_prior_contact: bool = False
    parent_number: str | None = None


@dataclass(frozen=True)
class Coverage:
    """A unit covers a municipality from ``valid_from`` to ``valid_to``, both inclusive."""

    unit_number: str
    municipality_number: str
    valid_from: dt.date
    valid_to: dt.date | None = None

    def active_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class RoutingFacts:
    """What routing looks at, as of ``on`` (the day the application is received)."""

    on: dt.date
    employer_municipality: str
    employee_municipality: str | None  # None: the population register does not know it
    address_protection: str = ""  # "", "6" or "7"
    # What the application says about the employer's contact with NAV (the NAV-contact step's
    # «Hvem i NAV har dere snakket med?»); see :func:`has_contacted`.
    nav_contact: str = ""


class Reason(StrEnum):
    ADDRESS_PROTECTION = "address_protection"
    DELEGATED_OFFICE = "delegated_office"
    NO_DELEGATED_OFFICE = "no_delegated_office"
    EMPLOYEE_ELSEWHERE = "employee_elsewhere"
    EMPLOYEE_MUNICIPALITY_UNKNOWN = "employee_municipality_unknown"
    NO_PRIOR_CONTACT = "no_prior_contact"
    REROUTED = "rerouted"


REASON_LABELS: dict[Reason, str] = {
    Reason.ADDRESS_PROTECTION: "Strengt fortrolig adresse",
    Reason.DELEGATED_OFFICE: "NAV-kontor med delegert myndighet",
    Reason.NO_DELEGATED_OFFICE: "Ingen delegert NAV-kontor i kommunen",
    Reason.EMPLOYEE_ELSEWHERE: "Arbeidstakeren bor i en annen kommune",
    Reason.EMPLOYEE_MUNICIPALITY_UNKNOWN: "Arbeidstakerens bostedskommune er ukjent",
    Reason.NO_PRIOR_CONTACT: "Ikke kontakt med NAV-kontoret på forhånd",
    Reason.REROUTED: "Flyttet av saksbehandler",
}


@dataclass(frozen=True)
class Routing:
    unit: Unit
    reason: Reason
    text: str
    office: Unit | None = None  # the delegated office considered, if any


class RoutingError(LookupError):
    """No unit (or more than one Arbeidslivssenter) covers the municipality on the date."""


def _covering(municipality: str, on: dt.date, units: dict[str, Unit],
              coverage: Iterable[Coverage]) -> list[Unit]:
    numbers = {c.unit_number for c in coverage
               if c.municipality_number == municipality and c.active_on(on)}
    return sorted((units[n] for n in numbers if n in units), key=lambda u: u.number)


def worklife_centre(municipality: str, on: dt.date, units: Sequence[Unit],
                    coverage: Iterable[Coverage]) -> Unit:
    """The one Arbeidslivssenter covering ``municipality`` on ``on``."""
    by_number = {u.number: u for u in units}
    centres = [u for u in _covering(municipality, on, by_number, coverage)
               if u.kind == WORKLIFE_CENTRE]
    if not centres:
        raise RoutingError(f"Ingen NAV Arbeidslivssenter dekker kommune {municipality} "
                           f"per {on:%d.%m.%Y}.")
    if len(centres) > 1:
        raise RoutingError(f"Flere NAV Arbeidslivssentre dekker kommune {municipality} "
                           f"per {on:%d.%m.%Y}. Rett dekningsområdene i referansedataene.")
    return centres[0]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def has_contacted(office: Unit, nav_contact: str) -> bool:
    """Whether the employer says they spoke with ``office``: the application's answer to
    «Hvem i NAV har dere snakket med?» names the office, i.e. contains the words of its name
    after «NAV» in order (casefolded), e.g. «Kari Li, NAV Sarpsborg» or «sarpsborg» for NAV
    Sarpsborg. Decision 0025 explains this reading."""
    name = [w for w in _words(office.name) if w != "nav"]
    said = _words(nav_contact)
    if not name:
        return False
    return any(said[i:i + len(name)] == name for i in range(len(said) - len(name) + 1))


def route(facts: RoutingFacts, units: Sequence[Unit], coverage: Sequence[Coverage]) -> Routing:
    """Where a case goes, and why (see the module's docstring for the order of the rules)."""
    if facts.address_protection == STRICTLY_CONFIDENTIAL:
        protected = sorted((u for u in units if u.kind == ADDRESS_PROTECTION),
                           key=lambda u: u.number)
        if not protected:
            raise RoutingError("Ingen NAV-enhet for personer med strengt fortrolig adresse er "
                               "registrert.")
        return Routing(protected[0], Reason.ADDRESS_PROTECTION,
                       "Arbeidstakeren har strengt fortrolig adresse (kode 6). Saken går til "
                       f"{protected[0].name} uansett kommune.")
    centre = worklife_centre(facts.employer_municipality, facts.on, units, coverage)
    by_number = {u.number: u for u in units}
    offices = [u for u in _covering(facts.employer_municipality, facts.on, by_number, coverage)
               if u.kind == NAV_OFFICE and u.delegated_authority]
    if not offices:
        return Routing(centre, Reason.NO_DELEGATED_OFFICE,
                       f"Ingen NAV-kontor med delegert myndighet dekker kommune "
                       f"{facts.employer_municipality}, der virksomheten er registrert. Saken "
                       f"går til {centre.name}.")
    office = offices[0]
    if facts.employee_municipality is None:
        return Routing(centre, Reason.EMPLOYEE_MUNICIPALITY_UNKNOWN,
                       f"Folkeregisteret oppgir ingen bostedskommune for arbeidstakeren, så "
                       f"saken kan ikke gå til {office.name}. Den går til {centre.name}.",
                       office)
    if facts.employee_municipality != facts.employer_municipality:
        return Routing(centre, Reason.EMPLOYEE_ELSEWHERE,
                       f"Virksomheten er registrert i kommune {facts.employer_municipality}, "
                       f"som {office.name} dekker, men arbeidstakeren bor i kommune "
                       f"{facts.employee_municipality}. Saken går til {centre.name}.", office)
    if office.requires_prior_contact and not has_contacted(office, facts.nav_contact):
        return Routing(centre, Reason.NO_PRIOR_CONTACT,
                       f"{office.name} tar saker bare når arbeidsgiveren har vært i kontakt med "
                       f"kontoret, og søknaden nevner ikke kontakt med {office.name}. Saken går "
                       f"til {centre.name}.", office)
    text = (f"Virksomheten er registrert i og arbeidstakeren bor i kommune "
            f"{facts.employer_municipality}, som {office.name} dekker med delegert myndighet.")
    if office.requires_prior_contact:
        text += f" Arbeidsgiveren har vært i kontakt med {office.name}."
    if office.recommends_only:
        text += f" Kontoret skriver innstilling; {centre.name} fatter vedtaket."
    return Routing(office, Reason.DELEGATED_OFFICE, text, office)


def deciding_unit(handling: Unit, employer_municipality: str, on: dt.date,
                  units: Sequence[Unit], coverage: Sequence[Coverage]) -> Unit:
    """The unit that decides a case handled by ``handling``: itself, unless it only
    recommends; then the Arbeidslivssenter covering the employer's municipality on ``on``
    (decision 0002: the office's parent link has no dates), or its parent if none does."""
    if not handling.recommends_only:
        return handling
    try:
        return worklife_centre(employer_municipality, on, units, coverage)
    except RoutingError:
        parent = next((u for u in units if u.number == handling.parent_number), None)
        if parent is None:
            raise
        return parent


class RerouteRefused(ValueError):
    """A re-route the rules do not allow; the message says why, in Norwegian."""


def check_reroute(address_protection: str, current: Unit, target: Unit, reason: str) -> None:
    """A case worker may move a case to another unit with a reason. A kode 6 case stays with
    the unit for protected persons (DOMAIN §8); no other case goes there by hand."""
    if not reason.strip():
        raise RerouteRefused("Skriv hvorfor saken flyttes. Begrunnelsen lagres i historikken.")
    if target.number == current.number:
        raise RerouteRefused(f"Saken behandles allerede av {current.name}. Velg en annen enhet.")
    if address_protection == STRICTLY_CONFIDENTIAL and target.kind != ADDRESS_PROTECTION:
        raise RerouteRefused("Arbeidstakeren har strengt fortrolig adresse. Saken kan bare "
                             "behandles av enheten for personer med strengt fortrolig adresse.")
    if address_protection != STRICTLY_CONFIDENTIAL and target.kind == ADDRESS_PROTECTION:
        raise RerouteRefused("Bare saker der arbeidstakeren har strengt fortrolig adresse "
                             "(kode 6) går til denne enheten.")
    if target.kind == NAV_OFFICE and not target.delegated_authority:
        raise RerouteRefused(f"{target.name} har ikke delegert myndighet for ekspertbistand. "
                             "Velg et arbeidslivssenter eller et kontor med delegert myndighet.")
