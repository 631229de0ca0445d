"""A protected employee's case across every channel at once — pages, PDFs, API answers and
notices — from the employer's side, the employee's and NAV's (issue 11 point 1,
decision 0015). Nothing outside NAV may name NAV Vikafossen, which would tell that the
employee has a strictly confidential address (kode 6)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from ekspertbistand.cases.models import Document, Notice
from ekspertbistand.cases.outbox import run_pending
from factories import LENA, login, make_person, submitted_case

pytestmark = pytest.mark.django_db

ANDERS = 7  # kode 7 in DEMO_PEOPLE


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def everything_seen(client: Client, case, role: str) -> dict[str, str]:
    """What one role sees of a case: its pages, the receipt PDF, the API and its notices."""
    seen = {
        "case page": client.get(f"/saker/{case.public_id}/").content.decode(),
        "receipt PDF": pdf_text(client.get(f"/saker/{case.public_id}/kvittering.pdf").content),
        "API case": client.get(f"/api/v1/cases/{case.public_id}").content.decode(),
        "API list": client.get("/api/v1/cases").content.decode(),
        "notices page": client.get("/varsler/").content.decode(),
    }
    if role == "employer":
        seen["receipt page"] = client.get(f"/saker/{case.public_id}/kvittering/").content.decode()
        seen["Mine saker"] = client.get("/arbeidsgiver/").content.decode()
    else:
        seen["Mine saker"] = client.get("/arbeidstaker/").content.decode()
    return seen


@pytest.fixture
def lena(db):
    return make_person(LENA)


@pytest.fixture
def kode6(employer, lena, today):
    case = submitted_case(employer, lena, today, person=LENA)
    run_pending()  # the archived receipt and the notices
    return case


def test_kode6_employer_side_names_nav_and_its_employer_line_never_vikafossen(client, employer,
                                                                               kode6):
    login(client, employer, "employer")
    seen = everything_seen(client, kode6, "employer")
    assert Notice.objects.filter(recipient=employer, case=kode6).exists()
    for channel, text in seen.items():
        assert "Vikafossen" not in text, channel
        assert "2103" not in text, channel  # nor the unit's number
    assert "55 55 33 36" in seen["case page"] and "55 55 33 36" in seen["receipt page"]
    assert "55 55 33 36" in seen["receipt PDF"] and '"routed_unit": "NAV"' in seen["API case"]
    # The employer sees what it typed, as for any case: no «Skjermet» to give it away.
    for channel in ("case page", "receipt PDF", "Mine saker"):
        assert "Lena Strand" in seen[channel] and "Skjermet" not in seen[channel], channel


def test_kode6_employee_side_names_nav_and_the_contact_centre(client, lena, kode6):
    login(client, lena, "employee")
    seen = everything_seen(client, kode6, "employee")
    assert Notice.objects.filter(recipient_national_id=lena.national_id, case=kode6).exists()
    for channel, text in seen.items():
        assert "Vikafossen" not in text, channel
    assert "55 55 33 33" in seen["case page"] and "55 55 33 33" in seen["receipt PDF"]


def test_kode6_nav_side_names_the_unit_and_keeps_identity_out_of_lists_and_archive(
        client, kode6, lena, caseworker_vikafossen):
    login(client, caseworker_vikafossen, "caseworker")
    page = client.get(f"/nav/saker/{kode6.public_id}/").content.decode()
    assert "NAV Vikafossen" in page and "Lena Strand" in page
    inbox = client.get("/nav/").content.decode()
    assert kode6.reference in inbox and "Lena" not in inbox
    archived = pdf_text(Document.objects.get(case=kode6).content)
    assert "NAV Vikafossen" in archived and "Skjermet" in archived
    assert "Lena" not in archived and lena.national_id[:6] not in archived.replace(" ", "")


def test_kode7_employer_receipt_names_the_employee_like_any_case(client, employer, today):
    anders = make_person(ANDERS)
    case = submitted_case(employer, anders, today, person=ANDERS)
    login(client, employer, "employer")
    text = pdf_text(client.get(f"/saker/{case.public_id}/kvittering.pdf").content)
    assert "Anders Nilsen" in text and "Skjermet" not in text
    assert case.routed_unit.name in text


def test_notices_name_the_case_and_the_first_name_never_the_national_id(employer, employee,
                                                                        today):
    case = submitted_case(employer, employee, today)
    run_pending()
    notices = list(Notice.objects.filter(case=case, key__startswith="submitted"))
    assert {n.recipient_id or "employee" for n in notices} == {employer.pk, "employee"}
    for notice in notices:
        text = f"{notice.subject} {notice.body}"
        assert case.reference in text and "Kari" in text, text
        assert employee.national_id not in text and "Nordmann" not in text
    consent = Notice.objects.filter(key__startswith="consent_requested").get()
    assert "Kari" in consent.body and "Fjordlys" in consent.subject
    answered = Notice.objects.filter(key__startswith="consent_answered").get()
    assert answered.subject == "Kari har samtykket" and "Fjordlys" in answered.body


def test_kode7_is_named_on_the_employer_side_and_unnamed_in_navs_lists(
        client, employer, caseworker_agder, today):
    """Kode 7 is routed like any case: the employer's pages, PDF, API and «Mine saker» show
    the name it typed; NAV's work queue (page and API) lists the case without it, and the
    case page, where the work is done, shows it."""
    anders = make_person(ANDERS)
    case = submitted_case(employer, anders, today, person=ANDERS)
    run_pending()
    assert case.address_protection == "7"
    login(client, employer, "employer")
    seen = everything_seen(client, case, "employer")
    for channel in ("case page", "receipt PDF", "API list", "Mine saker"):
        assert "Anders Nilsen" in seen[channel] and "Skjermet" not in seen[channel], channel
    nav = Client()
    login(nav, caseworker_agder, "caseworker")
    for _ in range(2):  # the second answer comes from the kept page: the same rule holds
        queue = nav.get("/nav/").content.decode()
        assert case.reference in queue and "Skjermet" in queue and "Anders" not in queue
        row = next(r for r in nav.get("/api/v1/nav/queue").json()["items"]
                   if r["reference"] == case.reference)
        assert row["employee"] == "Skjermet"
    page = nav.get(f"/nav/saker/{case.public_id}/").content.decode()
    assert "Anders Nilsen" in page
    assert anders.national_id not in queue and anders.national_id not in str(row)
