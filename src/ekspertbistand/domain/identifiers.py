"""Norwegian identifiers, validated with python-stdnum (never hand-written checksums)."""

from __future__ import annotations

import re

from stdnum.exceptions import ValidationError
from stdnum.no import fodselsnummer, kontonr, orgnr

PHONE_RE = re.compile(r"^(\+47)?[2-9]\d{7}$")


def clean_national_id(value: str) -> str:
    """A fødselsnummer or D-number, 11 digits. Raises ValueError with a Norwegian message."""
    compact = re.sub(r"[\s.-]", "", value or "")
    if not compact:
        raise ValueError("Skriv inn fødselsnummeret eller D-nummeret til arbeidstakeren.")
    if not compact.isdigit() or len(compact) != 11:
        raise ValueError("Fødselsnummeret må ha 11 siffer. Sjekk at du har skrevet alle sifrene.")
    try:
        fodselsnummer.validate(compact)
        fodselsnummer.get_birth_date(compact)
    except ValidationError:
        raise ValueError(
            "Fødselsnummeret er ikke gyldig. Sjekk sifrene mot ID-kortet eller lønnssystemet."
        ) from None
    return compact


def clean_orgnr(value: str) -> str:
    compact = re.sub(r"\s", "", value or "")
    if not compact:
        raise ValueError("Skriv inn organisasjonsnummeret (9 siffer).")
    if not compact.isdigit() or len(compact) != 9:
        raise ValueError("Organisasjonsnummeret må ha 9 siffer.")
    if not orgnr.is_valid(compact):
        raise ValueError("Organisasjonsnummeret er ikke gyldig. Sjekk sifrene i Brønnøysundregistrene.")
    return compact


def clean_account_number(value: str) -> str:
    compact = re.sub(r"[\s.]", "", value or "")
    if not kontonr.is_valid(compact):
        raise ValueError("Kontonummeret er ikke gyldig. Det skal ha 11 siffer, f.eks. 1234 56 78903.")
    return compact


def clean_phone(value: str) -> str:
    compact = re.sub(r"[\s-]", "", value or "")
    if not PHONE_RE.match(compact):
        raise ValueError("Telefonnummeret må ha 8 siffer, for eksempel 912 34 567.")
    return compact.removeprefix("+47")


def format_national_id(national_id: str) -> str:
    return f"{national_id[:6]} {national_id[6:]}"

