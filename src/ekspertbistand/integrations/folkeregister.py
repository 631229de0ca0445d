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
    # In the municipalities of the NAV offices with delegated authority (decision 0002), to
    # try every routing branch: same municipality as the employer, or a neighbour's.
    PersonInfo("14028123540", "Silje Andersen", "4203"),  # Arendal
    PersonInfo("02079023569", "Morten Berntsen", "4202"),  # Grimstad, neighbour of Arendal
    PersonInfo("11037523579", "Hilde Tønnessen", "4206"),  # Farsund (NAV Lister)
    PersonInfo("25088623595", "Knut Reiersen", "4216"),  # Birkenes
    PersonInfo("07076923528", "Camilla Olsen", "3105"),  # Sarpsborg
    PersonInfo("19099323526", "Jan Eriksen", "3105"),  # Sarpsborg
    PersonInfo("30018423509", "Turid Halvorsen", "3107"),  # Fredrikstad, neighbour of Sarpsborg
    PersonInfo("08057723573", "Lars Kristiansen", "3216"),  # Vestby
    PersonInfo("16128823593", "Anne Moe", "3224"),  # Rælingen
    PersonInfo("04047123521", "Ahmed Hassan", "3205"),  # Lillestrøm
    PersonInfo("22109523503", "Ida Solheim", "3222"),  # Lørenskog, neighbour of Lillestrøm
    PersonInfo("13068323503", "Mona Pedersen", "1841"),  # Fauske, neighbour of Bodø
)


class FakeFolkeregister:
    def __init__(self, people: tuple[PersonInfo, ...] = DEMO_PEOPLE) -> None:
        self._by_id = {p.national_id: p for p in people}

    def lookup(self, national_id: str) -> PersonInfo | None:
        return self._by_id.get(national_id)
