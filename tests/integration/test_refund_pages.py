"""The refund pages: the employer's claim in «Mine saker» and NAV's section on the case page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ekspertbistand.refunds.models import Payment
from factories import login, pdf_bytes
from refund_factories import granted_case

pytestmark = pytest.mark.django_db


def test_claim_page_keeps_what_was_typed_and_sends(employer, employee, today):
    case, grant, aud, bente = granted_case(employer, employee, today)
    hanne = login(Client(), employer, "employer")
    url = f"/saker/{case.public_id}/refusjon/"
    page = hanne.get(url).content.decode()
    assert "Klar til å søke" in page and "8601" in page.replace(".", "")
    assert "Legg ved ekspertens faktura" in page  # what is missing
    refused = hanne.post(url, {"expert_hours_hours": "6", "expert_hours_rate": "1300",
                               "travel_amount": "tolv", "action": "send"})
    text = refused.content.decode()
    assert "Reise: skriv beløpet i hele kroner" in text
    assert 'value="1300"' in text and 'value="tolv"' in text  # nothing typed is lost
    invoice = SimpleUploadedFile("faktura.pdf", pdf_bytes(), content_type="application/pdf")
    sent = hanne.post(url, {"expert_hours_hours": "6", "expert_hours_rate": "1300",
                            "travel_amount": "400", "invoice": invoice, "action": "send"})
    assert sent.status_code == 302
    assert "Sendt til NAV" in hanne.get(url).content.decode()
    nav_page = login(Client(), aud, "caseworker").get(f"/nav/saker/{case.public_id}/")
    assert "Kravet er kontrollert" in nav_page.content.decode()
    aud_c = login(Client(), aud, "caseworker")
    aud_c.post(f"/nav/saker/{case.public_id}/refusjon/kontroller/")
    own = aud_c.post(f"/nav/saker/{case.public_id}/refusjon/godkjenn/")
    assert own.status_code == 400 and "selv har kontrollert" in own.content.decode()
    bente_c = login(Client(), bente, "caseworker")
    bente_c.post(f"/nav/saker/{case.public_id}/refusjon/godkjenn/")
    bente_c.post("/nav/utbetalinger/")
    payment = Payment.objects.get()
    assert payment.export is not None
    listing = bente_c.get("/nav/utbetalinger/").content.decode()
    assert payment.export.export_id in listing
    assert bente_c.get(f"/nav/utbetalinger/{payment.export.export_id}.json").json()[
        "payments"][0]["amount_ore"] == 820_000
    bente_c.post(f"/nav/utbetalinger/betaling/{payment.pk}/", {"result": "paid"})
    receipt = hanne.get(f"/saker/{case.public_id}/refusjon/kvittering/")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF-")
    assert grant.number in hanne.get(f"/saker/{case.public_id}/").content.decode()


def test_invoice_renamed_pdf_refused_on_the_page(employer, employee, today):
    case, _grant, _aud, _bente = granted_case(employer, employee, today)
    hanne = login(Client(), employer, "employer")
    fake = SimpleUploadedFile("faktura.pdf", b"hello", content_type="application/pdf")
    response = hanne.post(f"/saker/{case.public_id}/refusjon/",
                          {"travel_amount": "400", "invoice": fake, "action": "save"})
    assert "ikke en PDF" in response.content.decode()
    assert 'value="400"' in response.content.decode()
