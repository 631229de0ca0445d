"""/api/v1 for the refund: the employer's claim and NAV's approval and export, with the same
rules and messages as the pages (DOMAIN §3.7, §8)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from factories import login, make_employer, pdf_bytes
from refund_factories import granted_case

pytestmark = pytest.mark.django_db
API = "/api/v1"
JSON = "application/json"


def test_employer_claims_nav_approves_and_exports(employer, employee, today):
    case, grant, aud, bente = granted_case(employer, employee, today)
    hanne = login(Client(), employer, "employer")
    base = f"{API}/cases/{case.public_id}/refund"
    first = hanne.get(base).json()
    assert first["state"] == "ready_to_claim"
    assert {m["code"] for m in first["missing"]} >= {"no_lines", "invoice_missing"}
    bad = hanne.put(f"{base}/lines", {"lines": [{"kind": "travel", "amount_kr": "12,5"}]},
                    content_type=JSON)
    assert bad.status_code == 422 and "line_travel" in bad.json()["errors"]["body"]
    ok = hanne.put(f"{base}/lines", {"lines": [
        {"kind": "expert_hours", "hours": "7,5", "rate_kr": "1400"},
        {"kind": "lodging", "amount_kr": "1200"}]}, content_type=JSON)
    assert ok.status_code == 200 and ok.json()["total_costs_kr"] == 11_700
    fake = hanne.post(f"{base}/invoice", {"invoice": _file("faktura.pdf", b"not a pdf at all")})
    assert fake.status_code == 422 and "ikke en PDF" in str(fake.json())
    real = hanne.post(f"{base}/invoice", {"invoice": _file("faktura.pdf", pdf_bytes())})
    assert real.status_code == 200 and real.json()["invoice_attached"]
    assert real.json()["total_costs_kr"] == 11_700  # the lines are kept
    above = hanne.post(f"{base}/send", {"requested_kr": grant.amount_kr + 1}, content_type=JSON)
    assert above.status_code == 422 and "requested_kr" in above.json()["errors"]["body"]
    sent = hanne.post(f"{base}/send", {}, content_type=JSON)
    assert sent.status_code == 200 and sent.json()["state"] == "claimed"
    assert sent.json()["account_number"] == "86011117947"
    nav = f"{API}/nav/cases/{case.public_id}/refund"
    aud_c, bente_c = login(Client(), aud, "caseworker"), login(Client(), bente, "caseworker")
    assert aud_c.post(f"{nav}/check").status_code == 200
    assert aud_c.post(f"{nav}/approve").status_code == 409  # own check
    assert bente_c.post(f"{nav}/approve").json()["state"] == "approved"
    export = bente_c.post(f"{API}/nav/payment-exports")
    assert export.status_code == 201
    body = export.json()
    payment = body["payments"][0]
    assert payment["amount_ore"] == 1_170_000 and payment["orgnr"] == case.organisation.orgnr
    assert payment["account_number"] == "86011117947" and payment["reference"] == f"{grant.number}-1"
    xml = bente_c.get(f"{API}/nav/payment-exports/{body['export_id']}/pain001")
    assert xml.status_code == 200 and b"pain.001.001.09" in xml.content and b"NOK" in xml.content
    assert bente_c.post(f"{API}/nav/payment-exports").status_code == 422  # nothing left
    paid = bente_c.post(f"{API}/nav/payments/{grant.number}-1/paid")
    assert paid.status_code == 200 and paid.json()["state"] == "paid"
    assert hanne.get(base).json()["state"] == "paid"


def test_late_claim_refused_with_the_explanation(employer, employee, today):
    case, grant, _aud, _bente = granted_case(employer, employee, today)
    hanne = login(Client(), employer, "employer")
    base = f"{API}/cases/{case.public_id}/refund"
    hanne.put(f"{base}/lines", {"lines": [{"kind": "travel", "amount_kr": "500"}]},
              content_type=JSON)
    from ekspertbistand.cases.models import Grant
    Grant.objects.filter(pk=grant.pk).update(refund_deadline=today - dt.timedelta(days=1))
    late = hanne.post(f"{base}/send", {}, content_type=JSON)
    assert late.status_code == 422
    assert "folketrygdloven § 22-14" in " ".join(late.json()["errors"]["body"]["claimed_on"])


def test_other_organisation_and_employee_get_404(employer, employee, today):
    case, _grant, _aud, _bente = granted_case(employer, employee, today)
    geir = login(Client(), make_employer("geir", "910825518"), "employer")
    assert geir.get(f"{API}/cases/{case.public_id}/refund").status_code == 404
    assert geir.post(f"{API}/cases/{case.public_id}/refund/send", {},
                     content_type=JSON).status_code == 404


def test_case_worker_cannot_export(employer, employee, today):
    _case, _grant, aud, _bente = granted_case(employer, employee, today)
    assert login(Client(), aud, "caseworker").post(
        f"{API}/nav/payment-exports").status_code == 409


def _file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")
