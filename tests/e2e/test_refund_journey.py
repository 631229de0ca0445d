"""The refund in the browser: the employer claims with cost lines and the expert's invoice,
NAV checks and a decider approves, the payment export holds it. Refused, each with its
message: a non-PDF renamed «.pdf», a claim above the grant, a claim before the report under
the default policy, a claim one day after the deadline (DOMAIN §3.7, §8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from ekspertbistand.cases.models import Grant
from ekspertbistand.refunds.models import Payment, PaymentExport
from factories import make_person, pdf_bytes
from refund_factories import granted_case, released_report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_claim_approve_and_export_with_each_refusal(browser: Any, people: Any) -> None:
    today = timezone.localdate()
    # Case A: the report reached NAV; the unit keeps the default «report first» policy.
    case, grant, _aud, _bente = granted_case(people.hanne, people.kari, today, report_first=True)
    released_report(case, people.hanne, people.kari, today)
    # Case B: no report yet. Case C: its deadline was yesterday.
    no_report, _g, _a, _b = granted_case(people.hanne, make_person(1), today,
                                         report_first=True, person=1)
    late, late_grant, _a, _b = granted_case(people.hanne, make_person(2), today,
                                            report_first=True, person=2)
    Grant.objects.filter(pk=late_grant.pk).update(refund_deadline=today - dt.timedelta(days=1))
    over = grant.amount_kr + 1

    def fill(page: Any) -> None:
        page.get_by_label("Ekspertens timer: timer").fill("7,5")
        page.get_by_label("Ekspertens timer: timepris (kr)").fill("1400")
        page.get_by_label("Reise (kr)").fill("850")

    def employer(b: Any) -> None:
        page = b.new_page()
        b.log_in(page, "Hanne Lunde", "Arbeidsgiver")
        page.goto(f"/saker/{case.public_id}/refusjon/")
        assert "Klar til å søke" in b.text(page.locator("#refusjon-status"))
        assert "8601" in b.text(page.locator("#konto")).replace(".", "")
        b.check(page, "refusjon-klar")
        # A text file renamed .pdf is refused by its content; the lines stay.
        fill(page)
        page.get_by_label("Ekspertens faktura (PDF, PNG eller JPEG)").set_input_files(
            {"name": "faktura.pdf", "mimeType": "application/pdf", "buffer": b"bare tekst"})
        page.get_by_role("button", name="Send kravet til NAV").click()
        page.get_by_role("alert").filter(has_text="ikke en PDF").wait_for()
        assert page.get_by_label("Reise (kr)").input_value() == "850"
        b.check(page, "refusjon-ikke-pdf")
        # Above the grant.
        page.get_by_label("Ekspertens faktura (PDF, PNG eller JPEG)").set_input_files(
            {"name": "faktura.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()})
        page.get_by_label("Beløp dere krever refundert (kr, valgfritt)").fill(str(over))
        page.get_by_role("button", name="Send kravet til NAV").click()
        page.get_by_role("alert").filter(has_text="høyst").wait_for()
        b.check(page, "refusjon-over-tilsagn")
        page.get_by_label("Beløp dere krever refundert (kr, valgfritt)").fill("")
        page.get_by_role("button", name="Send kravet til NAV").click()
        page.locator("#refusjon-status").filter(has_text="Sendt til NAV").wait_for()
        assert "11 350" in b.text(page.locator("#refusjon-belop"))
        b.check(page, "refusjon-sendt")
        # Before the report, under the default policy.
        page.goto(f"/saker/{no_report.public_id}/refusjon/")
        assert "NAV må ha fått rapporten" in b.text(page.locator("#mangler"))
        fill(page)
        page.get_by_label("Ekspertens faktura (PDF, PNG eller JPEG)").set_input_files(
            {"name": "faktura.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()})
        page.get_by_role("button", name="Send kravet til NAV").click()
        page.get_by_role("alert").filter(has_text="NAV må ha fått rapporten").wait_for()
        b.check(page, "refusjon-uten-rapport")
        # One day after the deadline.
        page.goto(f"/saker/{late.public_id}/refusjon/")
        fill(page)
        page.get_by_role("button", name="Send kravet til NAV").click()
        page.get_by_role("alert").filter(has_text="folketrygdloven § 22-14").wait_for()
        b.check(page, "refusjon-for-sent")

    def nav(b: Any) -> None:
        aud = b.new_page()
        b.log_in(aud, "Aud NAV", "NAV-saksbehandler")
        aud.goto(f"/nav/saker/{case.public_id}/")
        aud.get_by_role("button", name="Kravet er kontrollert").click()
        aud.get_by_text("Kravet er kontrollert. En beslutter").wait_for()
        b.check(aud, "nav-refusjon-kontrollert")
        bente = b.new_page()
        b.log_in(bente, "Bente Beslutter", "NAV-saksbehandler")
        bente.goto(f"/nav/saker/{case.public_id}/")
        bente.get_by_role("button", name="Godkjenn utbetalingen").click()
        bente.get_by_text("Utbetalingen er godkjent").wait_for()
        bente.goto("/nav/utbetalinger/")
        b.check(bente, "nav-utbetalinger")
        bente.get_by_role("button", name="Lag uttrekk til banken").click()
        bente.get_by_text("er laget").wait_for()
        b.check(bente, "nav-uttrekk")

    browser.run(employer)
    browser.run(nav)
    payment = Payment.objects.get(refund__grant=grant)
    export = PaymentExport.objects.get()
    assert payment.export == export and payment.amount_kr == 11_350
    assert [p["reference"] for p in export.json["payments"]] == [payment.reference]
    assert not Payment.objects.exclude(refund__grant=grant).exists()
