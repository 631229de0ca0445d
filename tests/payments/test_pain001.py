"""The payment export (issue 13: approved payments exported as an ISO 20022 pain.001 file in NOK
and as JSON; account number validated by python-stdnum; each payment in exactly one export)."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

import pytest

from ekspertbistand.payments.pain001 import (
    NAMESPACE,
    Debtor,
    PaymentExportError,
    PaymentRecord,
    build_export,
    format_amount,
    to_json,
    to_pain001,
    validate_pain001,
)

NAV = Debtor("Arbeids- og velferdsetaten", "889640782", "7694 10 00009")
NS = {"p": NAMESPACE}


def records() -> list[PaymentRecord]:
    return [
        PaymentRecord.in_kroner("2026-000001-01-R1", 23_100, "910825526", "Fjordlys Sykehjem AS",
                                "1503.10.00006", "Refusjon ekspertbistand 2026-000001-01"),
        PaymentRecord("2026-000004-01-R1", 1_875_050, "910825518", "Nordlys Transport AS",
                      "86011000004"),
    ]


def export(payments: list[PaymentRecord] | None = None, export_id: str = "EB-UTB-2026-0001"):  # type: ignore[no-untyped-def]
    return build_export(export_id, records() if payments is None else payments, debtor=NAV,
                        created_at=dt.datetime(2026, 12, 1, 10, 15, 30, 123),
                        execution_date=dt.date(2026, 12, 2))


def test_the_file_is_valid_pain001_and_holds_every_payment_in_nok() -> None:
    content = to_pain001(export())
    root = ET.fromstring(content)  # noqa: S314 (our own output, not untrusted input)
    assert root.tag == f"{{{NAMESPACE}}}Document"
    assert root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", namespaces=NS) == "2"
    assert root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=NS) == "41850.50"
    amounts = root.findall(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)
    assert [(a.text, a.get("Ccy")) for a in amounts] == [("23100.00", "NOK"), ("18750.50", "NOK")]
    assert [e.text for e in root.findall(".//p:CdtrAcct/p:Id/p:Othr/p:Id", NS)] == [
        "15031000006", "86011000004"]
    assert [e.text for e in root.findall(".//p:Cdtr/p:Id/p:OrgId/p:Othr/p:Id", NS)] == [
        "910825526", "910825518"]
    assert root.findtext(".//p:EndToEndId", namespaces=NS) == "2026-000001-01-R1"


def test_the_schema_check_catches_a_broken_file() -> None:
    content = to_pain001(export()).replace(b"<PmtMtd>TRF</PmtMtd>", b"<PmtMtd>XXX</PmtMtd>")
    with pytest.raises(PaymentExportError, match="pain.001.001.09"):
        validate_pain001(content)


def test_each_record_is_stamped_with_the_export_id_and_cannot_be_exported_again() -> None:
    first = export()
    assert {p.export_id for p in first.payments} == {"EB-UTB-2026-0001"}
    with pytest.raises(PaymentExportError, match="allerede med i uttrekk EB-UTB-2026-0001"):
        export(list(first.payments), export_id="EB-UTB-2026-0002")


@pytest.mark.parametrize(("change", "message"), [
    ({"account_number": "15031000007"}, "kontonummeret er ikke gyldig"),
    ({"orgnr": "910825527"}, "organisasjonsnummeret er ikke gyldig"),
    ({"amount_ore": 0}, "større enn 0"),
    ({"reference": "x" * 36}, "1–35 tegn"),
    ({"name": " "}, "navn mangler"),
    ({"remittance_information": "x" * 141}, "140 tegn"),
])
def test_bad_records_are_refused_with_what_is_wrong(change: dict[str, object], message: str) -> None:
    import dataclasses

    bad = dataclasses.replace(records()[0], **change)  # type: ignore[arg-type]
    with pytest.raises(PaymentExportError, match=message) as error:
        export([bad])
    assert len(error.value.problems) == 1


def test_duplicate_references_and_an_empty_export_are_refused() -> None:
    one = records()[0]
    with pytest.raises(PaymentExportError, match="brukt av en annen betaling"):
        export([one, one])
    with pytest.raises(PaymentExportError, match="ingen godkjente betalinger"):
        export([])


def test_the_json_shape_matches_the_file() -> None:
    data = to_json(export())
    assert data["export_id"] == "EB-UTB-2026-0001" and data["currency"] == "NOK"
    assert (data["number_of_payments"], data["total_ore"], data["total"]) == (2, 4_185_050, "41850.50")
    assert data["payments"][0] == {
        "reference": "2026-000001-01-R1", "amount_ore": 2_310_000, "amount": "23100.00",
        "orgnr": "910825526", "name": "Fjordlys Sykehjem AS", "account_number": "15031000006",
        "remittance_information": "Refusjon ekspertbistand 2026-000001-01",
        "export_id": "EB-UTB-2026-0001",
    }


@pytest.mark.parametrize(("ore", "text"), [(1, "0.01"), (100, "1.00"), (2_310_000, "23100.00")])
def test_amount_format(ore: int, text: str) -> None:
    assert format_amount(ore) == text
