"""Pure classifications the statistics use (DOMAIN §5: Tabell 3, 5; evaluation §2.4).

NACE (SN2007) division → section letter, the institutional sector code → sector, the number of
employees → the report's size bands, the fødselsnummer → sex and age band, and percentiles from
a histogram of whole days (so the database counts and Python only reads the counts).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from stdnum.exceptions import ValidationError
from stdnum.no import fodselsnummer

# SN2007 sections (Statistisk sentralbyrå): the first two digits of the NACE code.
NACE_SECTIONS: tuple[tuple[str, int, int, str], ...] = (
    ("A", 1, 3, "Jordbruk, skogbruk og fiske"),
    ("B", 5, 9, "Bergverksdrift og utvinning"),
    ("C", 10, 33, "Industri"),
    ("D", 35, 35, "Elektrisitets-, gass-, damp- og varmtvannsforsyning"),
    ("E", 36, 39, "Vannforsyning, avløps- og renovasjonsvirksomhet"),
    ("F", 41, 43, "Bygge- og anleggsvirksomhet"),
    ("G", 45, 47, "Varehandel, reparasjon av motorvogner"),
    ("H", 49, 53, "Transport og lagring"),
    ("I", 55, 56, "Overnattings- og serveringsvirksomhet"),
    ("J", 58, 63, "Informasjon og kommunikasjon"),
    ("K", 64, 66, "Finansierings- og forsikringsvirksomhet"),
    ("L", 68, 68, "Omsetning og drift av fast eiendom"),
    ("M", 69, 75, "Faglig, vitenskapelig og teknisk tjenesteyting"),
    ("N", 77, 82, "Forretningsmessig tjenesteyting"),
    ("O", 84, 84, "Offentlig administrasjon og forsvar, og trygdeordninger"),
    ("P", 85, 85, "Undervisning"),
    ("Q", 86, 88, "Helse- og sosialtjenester"),
    ("R", 90, 93, "Kulturell virksomhet, underholdning og fritidsaktiviteter"),
    ("S", 94, 96, "Annen tjenesteyting"),
    ("T", 97, 98, "Lønnet arbeid i private husholdninger"),
    ("U", 99, 99, "Internasjonale organisasjoner og organer"),
)
SECTION_NAMES: dict[str, str] = {letter: name for letter, _lo, _hi, name in NACE_SECTIONS}
UNKNOWN = "?"


def nace_section(code: str) -> str:
    """«86.211» → «Q». An empty or unknown code gives «?»."""
    digits = (code or "").replace(".", "")[:2]
    if len(digits) != 2 or not digits.isdigit():
        return UNKNOWN
    division = int(digits)
    for letter, low, high, _name in NACE_SECTIONS:
        if low <= division <= high:
            return letter
    return UNKNOWN


SECTORS: dict[str, str] = {
    "public": "Offentlig sektor",
    "private": "Privat sektor",
    "nonprofit": "Ideell sektor",
    UNKNOWN: "Ukjent sektor",
}


def sector(code: str) -> str:
    """SSB's institutional sector code (Enhetsregisteret) → public, private or non-profit.

    1xxx (general government, state and municipal enterprises) and the older 6xxx codes are
    public, 7xxx non-profit institutions, every other code private."""
    code = (code or "").strip()
    if not code.isdigit():
        return UNKNOWN
    if code[0] in {"1", "6"}:
        return "public"
    if code[0] == "7":
        return "nonprofit"
    return "private"


# The report's size bands (Tabell 3), with the employers below ten employees as their own band.
SIZE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("1–9", 0, 9),
    ("10–20", 10, 20),
    ("21–50", 21, 50),
    ("51–100", 51, 100),
    ("over 100", 101, None),
)


def size_band(employees: int | None) -> str:
    if employees is None:
        return UNKNOWN
    for label, low, high in SIZE_BANDS:
        if employees >= low and (high is None or employees <= high):
            return label
    return UNKNOWN


AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("under 30", 0, 29),
    ("30–39", 30, 39),
    ("40–49", 40, 49),
    ("50–59", 50, 59),
    ("60 og over", 60, None),
)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(age: int) -> str:
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return UNKNOWN


def person_from_national_id(national_id: str, day: dt.date) -> tuple[str, str]:
    """(sex, age band) on ``day`` from a fødselsnummer or D-number: «K»/«M» and the band.

    An identifier that does not parse gives («?», «?»)."""
    try:
        birth = fodselsnummer.get_birth_date(national_id)
        gender = fodselsnummer.get_gender(national_id)
    except (ValidationError, ValueError):
        return UNKNOWN, UNKNOWN
    return ("M" if gender == "M" else "K"), age_band(age_on(birth, day))


def percentile(histogram: Mapping[int, int], share: float) -> int | None:
    """The nearest-rank percentile (0 < share ≤ 1) of whole days counted per value.

    The median of 1, 2, 3, 4 days is 2 (the smallest value with at least half at or below it)."""
    if not 0 < share <= 1:
        raise ValueError("share must be in (0, 1]")
    total = sum(histogram.values())
    if total == 0:
        return None
    rank = max(1, math.ceil(share * total))
    running = 0
    for value in sorted(histogram):
        running += histogram[value]
        if running >= rank:
            return value
    return max(histogram)


# NAV's twelve county units as the evaluation's Tabell 2 and Tabell 8 use them (DOMAIN §2),
# from the 2024 county of the employer's municipality. Asker and Bærum belonged to NAV
# Vest-Viken although they are in Akershus.
NAV_COUNTY_UNITS: dict[str, str] = {
    "02": "NAV Øst-Viken", "03": "NAV Oslo", "04": "NAV Innlandet", "06": "NAV Vest-Viken",
    "08": "NAV Vestfold og Telemark", "10": "NAV Agder", "11": "NAV Rogaland",
    "12": "NAV Vestland", "15": "NAV Møre og Romsdal", "18": "NAV Nordland",
    "19": "NAV Troms og Finnmark", "50": "NAV Trøndelag",
}
_COUNTY_TO_NAV_UNIT = {"03": "03", "11": "11", "15": "15", "18": "18", "31": "02", "32": "02",
                       "33": "06", "34": "04", "39": "08", "40": "08", "42": "10", "46": "12",
                       "50": "50", "55": "19", "56": "19"}
_MUNICIPALITY_TO_NAV_UNIT = {"3201": "06", "3203": "06"}  # Bærum, Asker


def nav_county_unit(municipality_number: str) -> str:
    """The NAV county unit (of the twelve) an employer's municipality belonged to, or «?»."""
    if municipality_number in _MUNICIPALITY_TO_NAV_UNIT:
        return _MUNICIPALITY_TO_NAV_UNIT[municipality_number]
    return _COUNTY_TO_NAV_UNIT.get((municipality_number or "")[:2], UNKNOWN)
