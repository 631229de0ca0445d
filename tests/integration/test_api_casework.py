"""/api/v1 case handling: the same actions and refusals as the pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ekspertbistand.cases.models import CaseNote, InformationRequest
from factories import ARENDAL_ORG, SILJE, login, make_person, pdf_bytes, submitted_case
from factories import make_staff as staff

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def case(today):
    from factories import make_employer

    return submitted_case(make_employer("lise", ARENDAL_ORG), make_person(SILJE), today, SILJE)


def client_for(user, role: str) -> Client:
    return login(Client(), user, role)


def test_queue_case_take_ask_answer_notes_and_reroute(case, caseworker_agder):
    arne = client_for(staff("arne", "4203"), "caseworker")
    queue = arne.get(f"{API}/nav/queue").json()
    assert queue["count"] == 1 and queue["counts"]["new"] == 1 and queue["page_size"] == 25
    row = queue["items"][0]
    assert row["reference"] == case.reference and row["employee"] == "Silje Andersen"
    assert "14028123540" not in str(queue)
    assert arne.get(f"{API}/nav/queue", {"q": "havnelogistikk"}).json()["count"] == 1
    assert arne.get(f"{API}/nav/queue", {"status": "withdrawn"}).json()["count"] == 0

    detail = arne.get(f"{API}/nav/cases/{case.public_id}").json()
    assert detail["routing"][0]["reason"] == "delegated_office"
    assert detail["preparing_unit"] == detail["deciding_unit"] == "NAV Arendal"

    early = arne.post(f"{API}/nav/cases/{case.public_id}/information-requests",
                      {"question": "Timer?"}, content_type="application/json")
    assert early.status_code == 409 and "Ta saken" in early.json()["detail"]
    taken = arne.post(f"{API}/nav/cases/{case.public_id}/take")
    assert taken.status_code == 200 and taken.json()["assigned_to"] == "Arne Saksbehandler"
    assert arne.post(f"{API}/nav/cases/{case.public_id}/take").status_code == 200
    other = client_for(staff("anna", "4203"), "caseworker")
    assert other.post(f"{API}/nav/cases/{case.public_id}/take").status_code == 409
    asked = arne.post(f"{API}/nav/cases/{case.public_id}/information-requests",
                      {"question": "Timer?"}, content_type="application/json")
    assert asked.status_code == 201
    request_id = asked.json()["id"]

    employer = client_for(case.organisation.access.get().user, "employer")
    questions = employer.get(f"{API}/cases/{case.public_id}/information-requests").json()
    assert questions[0]["question"] == "Timer?"
    refused = employer.post(
        f"{API}/cases/{case.public_id}/information-requests/{request_id}/answer",
        {"answer": "x", "files": [SimpleUploadedFile("plan.pdf", b"GIF89a not a pdf")]})
    assert refused.status_code == 422
    assert "ikke en PDF" in refused.json()["errors"]["body"]["files"][0]
    answered = employer.post(
        f"{API}/cases/{case.public_id}/information-requests/{request_id}/answer",
        {"answer": "20 timer", "files": [SimpleUploadedFile("plan.pdf", pdf_bytes())]})
    assert answered.status_code == 200, answered.content
    assert answered.json()["attachments"] == ["plan.pdf"]
    assert InformationRequest.objects.get(pk=request_id).answer == "20 timer"

    note = {"text": "Ringte.", "key": "1b4e28ba-2fa1-11d2-883f-0016d3cca427"}
    for _ in range(2):
        assert arne.post(f"{API}/nav/cases/{case.public_id}/notes", note,
                         content_type="application/json").status_code == 201
    assert CaseNote.objects.count() == 1
    assert [n["text"] for n in arne.get(f"{API}/nav/cases/{case.public_id}/notes").json()] == [
        "Ringte."]
    bad = arne.post(f"{API}/nav/cases/{case.public_id}/notes", {"text": "a\u0000b"},
                    content_type="application/json")
    assert bad.status_code == 422 and "text" in bad.json()["errors"]["body"]
    empty = arne.post(f"{API}/nav/cases/{case.public_id}/notes", {"text": "   "},
                      content_type="application/json")
    assert empty.status_code == 422
    assert empty.json()["errors"]["body"]["text"] == ["Notat: skriv en tekst."]

    # Outside the handling unit: 404 for the case, its notes and every action.
    aud = client_for(caseworker_agder, "caseworker")
    for method, path in (("get", ""), ("get", "/notes"), ("post", "/take")):
        assert getattr(aud, method)(f"{API}/nav/cases/{case.public_id}{path}").status_code == 404
    assert employer.get(f"{API}/nav/queue").status_code == 403

    moved = arne.post(f"{API}/nav/cases/{case.public_id}/reroute",
                      {"unit_number": "1091", "reason": "Inhabil."},
                      content_type="application/json")
    assert moved.status_code == 200
    assert [r["unit_number"] for r in moved.json()["routing"]] == ["4203", "1091"]
    assert moved.json()["status"] == "submitted" and moved.json()["assigned_to"] is None
    assert aud.get(f"{API}/nav/cases/{case.public_id}").status_code == 200
    assert arne.get(f"{API}/nav/cases/{case.public_id}").status_code == 404


def test_reroute_refusals(case):
    arne = client_for(staff("arne", "4203"), "caseworker")
    unknown = arne.post(f"{API}/nav/cases/{case.public_id}/reroute",
                        {"unit_number": "0000", "reason": "x"}, content_type="application/json")
    assert unknown.status_code == 422 and "unit_number" in unknown.json()["errors"]["body"]
    vikafossen = arne.post(f"{API}/nav/cases/{case.public_id}/reroute",
                           {"unit_number": "2103", "reason": "x"},
                           content_type="application/json")
    assert vikafossen.status_code == 409 and "kode 6" in vikafossen.json()["detail"]


def test_withdraw_through_the_api_with_and_without_a_reason(case, today):
    employer = client_for(case.organisation.access.get().user, "employer")
    with_reason = employer.post(f"{API}/cases/{case.public_id}/withdraw",
                                {"reason": "Tilbake i jobb."}, content_type="application/json")
    assert with_reason.status_code == 200
    case.refresh_from_db()
    assert case.withdrawal_reason == "Tilbake i jobb."
    arne = client_for(staff("arne", "4203"), "caseworker")
    assert arne.get(f"{API}/nav/cases/{case.public_id}").json()["withdrawal_reason"] == (
        "Tilbake i jobb.")
    other = submitted_case(case.organisation.access.get().user, make_person(SILJE), today, SILJE)
    assert employer.post(f"{API}/cases/{other.public_id}/withdraw").status_code == 200


def test_protected_employees_are_unnamed_in_nav_lists(today, caseworker_vikafossen):
    from factories import LENA, make_employer

    kode6 = submitted_case(make_employer("trond", "910825453"), make_person(LENA), today, LENA)
    vidar = client_for(caseworker_vikafossen, "caseworker")
    row = vidar.get(f"{API}/nav/queue").json()["items"][0]
    assert row["reference"] == kode6.reference and row["employee"] == "Skjermet"
    page = vidar.get("/nav/").content.decode()
    assert "Skjermet" in page and "Lena" not in page and "03037723427" not in page
    # The routing text on the case page is for NAV; it never reaches the employer's page.
    employer = client_for(kode6.organisation.access.get().user, "employer")
    employer_page = employer.get(f"/saker/{kode6.public_id}/").content.decode()
    assert "Vikafossen" not in employer_page and "fortrolig" not in employer_page
