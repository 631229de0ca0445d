"""The population register (Folkeregisteret, through NAV's PDL): a person's name, home
municipality and address protection (adressebeskyttelse).

Address protection decides routing and what staff may see (DOMAIN §8): kode 6
(STRENGT_FORTROLIG) sends the case to NAV Vikafossen; kode 6 and 7 (FORTROLIG) keep name,
identity number and address out of archived letters and ordinary lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

STRICTLY_CONFIDENTIAL = "6"
CONFIDENTIAL = "7"


@dataclass(frozen=True)
class PersonInfo:
    national_id: str
    name: str
    municipality_number: str
    address_protection: str = ""  # "", "6" or "7"


class PersonRegister(Protocol):
    def lookup(self, national_id: str) -> PersonInfo | None: ...


# Synthetic people with valid check digits. Nobody real.
DEMO_PEOPLE: tuple[PersonInfo, ...] = (
    PersonInfo("12037823560", "Kari Nordmann", "4204"),
    PersonInfo("05088523441", "Ola Hansen", "1804"),
    PersonInfo("23079123560", "Ingrid Berg", "4601"),
    PersonInfo("01126623468", "Per Johansen", "3405"),
    PersonInfo("17059423428", "Sara Ahmed", "5001"),
    PersonInfo("29048223417", "Jonas Olsen", "0301"),
    PersonInfo("08086923476", "Marit Lie", "4204"),
    PersonInfo("21068823681", "Anders Nilsen", "1804", CONFIDENTIAL),
    PersonInfo("03037723427", "Lena Strand", "0301", STRICTLY_CONFIDENTIAL),
    PersonInfo("15119023464", "Erik Dahl", "4601"),
    PersonInfo("26127323460", "Nora Haugen", "5001"),
    PersonInfo("41038530001", "Tomasz Nowak", "4601"),  # D-number
)


class FakeFolkeregister:
    def __init__(self, people: tuple[PersonInfo, ...] = DEMO_PEOPLE) -> None:
        self._by_id = {p.national_id: p for p in people}

    def lookup(self, national_id: str) -> PersonInfo | None:
        return self._by_id.get(national_id)
