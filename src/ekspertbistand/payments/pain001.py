"""Approved refunds exported for payment: an ISO 20022 pain.001.001.09 file (customer credit
transfer initiation) in NOK, and the same export as JSON.

Built from plain records, so it knows nothing of the database. Every record is checked first
(organisasjonsnummer and kontonummer with python-stdnum, a positive amount in øre, a unique
reference of at most 35 characters), and the XML is validated against the pain.001.001.09 schema
that the ``sepaxml`` package ships (the ISO 20022 message definition, unchanged), so a file that
leaves the service is one the bank accepts by schema.

Each payment belongs to exactly one export: :func:`build_export` refuses a record already
stamped with an export id and returns the records stamped with the new one. The caller stores
that stamp in the same transaction as the export (decision 0037).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from xml.etree import ElementTree as ET

from stdnum.no import kontonr, orgnr

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
CURRENCY = "NOK"
# How the creditor's organisasjonsnummer is named in <OrgId><Othr>: the ISO external code list's
# tax identification number (the orgnr is the Norwegian VAT and tax number). One constant, so a
# bank's implementation guide that wants another code changes one line.
ORGNR_SCHEME = "TXID"
ACCOUNT_SCHEME = "BBAN"  # a Norwegian kontonummer is the BBAN
_REFERENCE_RE = re.compile(r"^[A-Za-z0-9/\-?:().,'+ ]{1,35}$")


class PaymentExportError(ValueError):
    """The records cannot be exported; ``problems`` names each one in Norwegian."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class PaymentRecord:
    """One approved refund to pay: to the employer's registered account."""

    reference: str  # unique, e.g. the grant number and the refund's running number
    amount_ore: int
    orgnr: str
    name: str
    account_number: str
    remittance_information: str = ""  # shown to the receiver, at most 140 characters
    export_id: str | None = None

    @classmethod
    def in_kroner(cls, reference: str, amount_kr: int, orgnr: str, name: str, account_number: str,
                  remittance_information: str = "") -> PaymentRecord:
        return cls(reference, amount_kr * 100, orgnr, name, account_number, remittance_information)


@dataclass(frozen=True)
class Debtor:
    """The paying NAV account."""

    name: str
    orgnr: str
    account_number: str


@dataclass(frozen=True)
class PaymentExport:
    export_id: str
    created_at: dt.datetime
    execution_date: dt.date
    debtor: Debtor
    payments: tuple[PaymentRecord, ...]

    @property
    def total_ore(self) -> int:
        return sum(p.amount_ore for p in self.payments)


def _compact(value: str) -> str:
    return re.sub(r"[\s.]", "", value)


def _check(record: PaymentRecord, seen: set[str]) -> list[str]:
    who = f"Betaling {record.reference or '(uten referanse)'}"
    problems: list[str] = []
    if not _REFERENCE_RE.match(record.reference):
        problems.append(f"{who}: referansen må ha 1–35 tegn (bokstaver a–z, siffer og enkle tegn).")
    elif record.reference in seen:
        problems.append(f"{who}: referansen er brukt av en annen betaling i samme uttrekk.")
    seen.add(record.reference)
    if record.export_id is not None:
        problems.append(f"{who}: betalingen er allerede med i uttrekk {record.export_id}.")
    if record.amount_ore <= 0:
        problems.append(f"{who}: beløpet må være større enn 0.")
    if not orgnr.is_valid(_compact(record.orgnr)):
        problems.append(f"{who}: organisasjonsnummeret er ikke gyldig.")
    if not kontonr.is_valid(_compact(record.account_number)):
        problems.append(f"{who}: kontonummeret er ikke gyldig. Sjekk kontoregisteret før utbetaling.")
    if not record.name.strip():
        problems.append(f"{who}: mottakerens navn mangler.")
    if len(record.remittance_information) > 140:
        problems.append(f"{who}: meldingen til mottakeren kan ha høyst 140 tegn.")
    return problems


def build_export(export_id: str, payments: Sequence[PaymentRecord], *, debtor: Debtor,
                 created_at: dt.datetime, execution_date: dt.date) -> PaymentExport:
    """Check every record and stamp each with ``export_id``. Raises PaymentExportError."""
    problems: list[str] = []
    if not _REFERENCE_RE.match(export_id):
        problems.append("Uttrekket må ha en id på 1–35 tegn.")
    if not payments:
        problems.append("Det er ingen godkjente betalinger å ta ut.")
    if not kontonr.is_valid(_compact(debtor.account_number)):
        problems.append("NAVs konto for utbetaling er ikke et gyldig kontonummer.")
    seen: set[str] = set()
    for record in payments:
        problems += _check(record, seen)
    if problems:
        raise PaymentExportError(problems)
    stamped = tuple(dataclasses.replace(
        p, orgnr=_compact(p.orgnr), account_number=_compact(p.account_number), export_id=export_id)
        for p in payments)
    return PaymentExport(export_id, created_at, execution_date, debtor, stamped)


def format_amount(amount_ore: int) -> str:
    """Øre as the decimal kroner the XML expects: 2310050 → "23100.50"."""
    return f"{amount_ore // 100}.{amount_ore % 100:02d}"


# --- pain.001.001.09 ---------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _path(parent: ET.Element, *tags: str, text: str) -> None:
    for tag in tags:
        parent = _sub(parent, tag)
    parent.text = text


def _organisation_id(parent: ET.Element, number: str, scheme: str) -> None:
    other = _sub(_sub(_sub(parent, "Id"), "OrgId"), "Othr")
    _sub(other, "Id", number)
    _path(other, "SchmeNm", "Cd", text=scheme)


def _account(parent: ET.Element, tag: str, number: str, with_currency: bool = False) -> None:
    account = _sub(parent, tag)
    other = _sub(_sub(account, "Id"), "Othr")
    _sub(other, "Id", number)
    _path(other, "SchmeNm", "Cd", text=ACCOUNT_SCHEME)
    if with_currency:
        _sub(account, "Ccy", CURRENCY)


def to_pain001(export: PaymentExport) -> bytes:
    """The export as a pain.001.001.09 document (UTF-8), validated against the schema."""
    ET.register_namespace("", NAMESPACE)
    document = ET.Element(f"{{{NAMESPACE}}}Document")
    initiation = _sub(document, "CstmrCdtTrfInitn")
    count, total = str(len(export.payments)), format_amount(export.total_ore)

    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", export.export_id)
    _sub(header, "CreDtTm", export.created_at.replace(microsecond=0).isoformat())
    _sub(header, "NbOfTxs", count)
    _sub(header, "CtrlSum", total)
    party = _sub(header, "InitgPty")
    _sub(party, "Nm", export.debtor.name[:140])
    _organisation_id(party, export.debtor.orgnr, "CUST")

    info = _sub(initiation, "PmtInf")
    _sub(info, "PmtInfId", export.export_id)
    _sub(info, "PmtMtd", "TRF")
    _sub(info, "NbOfTxs", count)
    _sub(info, "CtrlSum", total)
    _path(info, "ReqdExctnDt", "Dt", text=export.execution_date.isoformat())
    debtor = _sub(info, "Dbtr")
    _sub(debtor, "Nm", export.debtor.name[:140])
    _account(info, "DbtrAcct", _compact(export.debtor.account_number), with_currency=True)
    _path(info, "DbtrAgt", "FinInstnId", "Othr", "Id", text="NOTPROVIDED")

    for payment in export.payments:
        transaction = _sub(info, "CdtTrfTxInf")
        ids = _sub(transaction, "PmtId")
        _sub(ids, "InstrId", payment.reference)
        _sub(ids, "EndToEndId", payment.reference)
        _sub(_sub(transaction, "Amt"), "InstdAmt", format_amount(payment.amount_ore), Ccy=CURRENCY)
        creditor = _sub(transaction, "Cdtr")
        _sub(creditor, "Nm", payment.name[:140])
        _organisation_id(creditor, payment.orgnr, ORGNR_SCHEME)
        _account(transaction, "CdtrAcct", payment.account_number)
        if payment.remittance_information:
            _path(transaction, "RmtInf", "Ustrd", text=payment.remittance_information)

    content = ET.tostring(document, encoding="utf-8", xml_declaration=True)
    validate_pain001(content)
    return content


@cache
def _schema() -> Any:
    import xmlschema  # imported when first needed: it is slow to import and to build

    path = resources.files("sepaxml").joinpath("schemas/pain.001.001.09.xsd")
    return xmlschema.XMLSchema(str(path))


def validate_pain001(content: bytes) -> None:
    """Raise PaymentExportError when ``content`` is not a valid pain.001.001.09 document."""
    errors = [str(error.reason or error.message) for error in _schema().iter_errors(content.decode())]
    if errors:
        raise PaymentExportError([f"Betalingsfilen følger ikke pain.001.001.09: {e}" for e in errors])


# --- JSON --------------------------------------------------------------------------------


def to_json(export: PaymentExport) -> dict[str, Any]:
    """The same export for the JSON endpoint (amounts both in øre and as decimal kroner)."""
    return {
        "export_id": export.export_id,
        "created_at": export.created_at.isoformat(),
        "execution_date": export.execution_date.isoformat(),
        "currency": CURRENCY,
        "number_of_payments": len(export.payments),
        "total_ore": export.total_ore,
        "total": format_amount(export.total_ore),
        "payments": [{
            "reference": p.reference,
            "amount_ore": p.amount_ore,
            "amount": format_amount(p.amount_ore),
            "orgnr": p.orgnr,
            "name": p.name,
            "account_number": p.account_number,
            "remittance_information": p.remittance_information,
            "export_id": p.export_id,
        } for p in export.payments],
    }
