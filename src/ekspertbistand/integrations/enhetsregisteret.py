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
    )


# Demo organisations: synthetic but valid organisation numbers, real municipalities.
DEMO_ORGANISATIONS: tuple[OrganisationInfo, ...] = (
    OrganisationInfo("910825526", "Fjordlys Sykehjem AS", "4204", "2100", "87.101", 64),
    OrganisationInfo("910825518", "Nordlys Transport AS", "1804", "2100", "49.410", 38),
    OrganisationInfo("910825496", "Bergen Kommunale Renhold", "4601", "6500", "81.210", 140),
    OrganisationInfo("910825488", "Mjøsa Trevare AS", "3405", "2100", "16.230", 17),
    OrganisationInfo("910825461", "Trondheim Regnskapskontor AS", "5001", "2100", "69.201", 12),
    OrganisationInfo("910825453", "Oslo Barnehagedrift AS", "0301", "2100", "88.911", 85),
    # In the municipalities of the NAV offices with delegated authority (decision 0002).
    OrganisationInfo("910825402", "Arendal Havnelogistikk AS", "4203", "2100", "52.240", 45),
    OrganisationInfo("910825410", "Lister Fiskeindustri AS", "4206", "2100", "10.200", 72),
    OrganisationInfo("910825429", "Birkeland Bygg AS", "4216", "2100", "41.200", 23),
    OrganisationInfo("910825534", "Sarpsborg Mekaniske AS", "3105", "2100", "25.620", 110),
    OrganisationInfo("910825542", "Vestby Lager AS", "3216", "2100", "52.100", 58),
    OrganisationInfo("910825550", "Rælingen Omsorg AS", "3224", "2100", "87.301", 34),
    OrganisationInfo("910825569", "Lillestrøm Elektro AS", "3205", "2100", "43.210", 19),
)


class FakeEnhetsregisteret:
    def __init__(self, organisations: tuple[OrganisationInfo, ...] = DEMO_ORGANISATIONS) -> None:
        self._by_orgnr = {o.orgnr: o for o in organisations}

    def lookup(self, orgnr: str) -> OrganisationInfo | None:
        return self._by_orgnr.get(orgnr)
