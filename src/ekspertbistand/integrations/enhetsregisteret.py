"""Enhetsregisteret (Brønnøysund): look up an organisation by its number.

The HTTP client follows the public API: ``GET {base}/underenheter/{orgnr}`` for a sub-unit
(where employees work), falling back to ``GET {base}/enheter/{orgnr}``; 404 means unknown.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class OrganisationInfo:
    orgnr: str
    name: str
    municipality_number: str  # of the business address (forretningsadresse / beliggenhet)
    sector_code: str = ""
    nace_code: str = ""
    employee_count: int | None = None
    business_address: str = ""  # one line: street, postcode and place


def format_address(address: dict[str, object]) -> str:
    """The register's address object as one line: «Fjordveien 12, 4631 Kristiansand S».
    ``adresse`` is a list of lines; postcode and place follow; a missing part is left out."""
    lines = address.get("adresse")
    street = ", ".join(str(line) for line in lines if line) if isinstance(lines, list) else ""
    place = " ".join(str(part) for part in (address.get("postnummer"), address.get("poststed"))
                     if part)
    return ", ".join(part for part in (street, place) if part)


class RegisterUnavailable(RuntimeError):
    """The register did not answer; the user should try again later (nothing is lost)."""


class OrganisationRegister(Protocol):
    def lookup(self, orgnr: str) -> OrganisationInfo | None: ...


class HttpEnhetsregisteret:
    def __init__(self, base_url: str, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _get(self, path: str) -> dict[str, object] | None:
        request = urllib.request.Request(  # noqa: S310 (fixed https base from settings)
            f"{self.base_url}/{path}", headers={"Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.load(response)  # type: ignore[no-any-return]
        except urllib.error.HTTPError as error:
            if error.code in (404, 410):
                return None
            raise RegisterUnavailable(str(error)) from error
        except (urllib.error.URLError, TimeoutError) as error:
            raise RegisterUnavailable(str(error)) from error

    def lookup(self, orgnr: str) -> OrganisationInfo | None:
        data = self._get(f"underenheter/{orgnr}") or self._get(f"enheter/{orgnr}")
        if data is None:
            return None
        return parse_unit(data)


def parse_unit(data: dict[str, object]) -> OrganisationInfo:
    """Map the register's JSON (enhet or underenhet) to what the service needs."""

    def section(name: str) -> dict[str, object]:
        value = data.get(name)
        return value if isinstance(value, dict) else {}

    address = section("beliggenhetsadresse") or section("forretningsadresse")
    employees = data.get("antallAnsatte")
    return OrganisationInfo(
        orgnr=str(data["organisasjonsnummer"]),
        name=str(data.get("navn", "")),
        municipality_number=str(address.get("kommunenummer", "")),
        sector_code=str(section("institusjonellSektorkode").get("kode", "")),
        nace_code=str(section("naeringskode1").get("kode", "")),
        employee_count=employees if isinstance(employees, int) else None,
        business_address=format_address(address),
    )


# Demo organisations: synthetic but valid organisation numbers, real municipalities.
DEMO_ORGANISATIONS: tuple[OrganisationInfo, ...] = (
    OrganisationInfo("910825526", "Fjordlys Sykehjem AS", "4204", "2100", "87.101", 64,
                     "Fjordveien 12, 4631 Kristiansand S"),
    OrganisationInfo("910825518", "Nordlys Transport AS", "1804", "2100", "49.410", 38,
                     "Havnegata 3, 8006 Bodø"),
    OrganisationInfo("910825496", "Bergen Kommunale Renhold", "4601", "6500", "81.210", 140,
                     "Kalfarveien 31, 5018 Bergen"),
    OrganisationInfo("910825488", "Mjøsa Trevare AS", "3405", "2100", "16.230", 17,
                     "Industrivegen 8, 2609 Lillehammer"),
    OrganisationInfo("910825461", "Trondheim Regnskapskontor AS", "5001", "2100", "69.201", 12,
                     "Kongens gate 14, 7011 Trondheim"),
    OrganisationInfo("910825453", "Oslo Barnehagedrift AS", "0301", "2100", "88.911", 85,
                     "Thorvald Meyers gate 40, 0555 Oslo"),
    # In the municipalities of the NAV offices with delegated authority (decision 0002).
    OrganisationInfo("910825402", "Arendal Havnelogistikk AS", "4203", "2100", "52.240", 45,
                     "Havnegata 5, 4836 Arendal"),
    OrganisationInfo("910825410", "Lister Fiskeindustri AS", "4206", "2100", "10.200", 72,
                     "Brygga 2, 4550 Farsund"),
    OrganisationInfo("910825429", "Birkeland Bygg AS", "4216", "2100", "41.200", 23,
                     "Birkelandsveien 20, 4760 Birkeland"),
    OrganisationInfo("910825534", "Sarpsborg Mekaniske AS", "3105", "2100", "25.620", 110,
                     "Industriveien 30, 1710 Sarpsborg"),
    OrganisationInfo("910825542", "Vestby Lager AS", "3216", "2100", "52.100", 58,
                     "Lagerveien 4, 1540 Vestby"),
    OrganisationInfo("910825550", "Rælingen Omsorg AS", "3224", "2100", "87.301", 34,
                     "Fjerdingby senter 1, 2008 Fjerdingby"),
    OrganisationInfo("910825569", "Lillestrøm Elektro AS", "3205", "2100", "43.210", 19,
                     "Storgata 15, 2000 Lillestrøm"),
)


# Demo expert providers (the experts register): occupational health services and consultancies.
DEMO_PROVIDERS: tuple[OrganisationInfo, ...] = (
    OrganisationInfo("910825445", "Arbeidshelse Sør AS", "4204", "2100", "86.909", 14),
    OrganisationInfo("910825437", "Ergo Nord AS", "1804", "2100", "86.950", 6),
    OrganisationInfo("910825429", "Vestland Arbeidsmiljø AS", "4601", "2100", "86.909", 22),
    OrganisationInfo("910825410", "Mjøs Karriere og Avklaring", "3405", "8200", "70.220", 1),
)


class FakeEnhetsregisteret:
    def __init__(self, organisations: tuple[OrganisationInfo, ...] = DEMO_ORGANISATIONS
                 + DEMO_PROVIDERS) -> None:
        self._by_orgnr = {o.orgnr: o for o in organisations}

    def lookup(self, orgnr: str) -> OrganisationInfo | None:
        return self._by_orgnr.get(orgnr)
