"""NUL bytes and lone surrogates in text (issue 11.5) and the furthest start (11.6, decision
0010): a Norwegian error naming the field, nothing broken stored, never a 500, on SQLite and
PostgreSQL alike; a draft that holds such a value from before can be opened and repaired."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client

from ekspertbistand.cases.models import Case
from factories import filled_draft, login

pytestmark = pytest.mark.django_db

NUL, SURROGATE, FFFD = "\x00", "\ud800", "\ufffd"
API = "/api/v1"
CONTACT = {"contact_name": "Hanne Lunde", "contact_phone": "91234567",
           "contact_email": "hanne.lunde@example.no"}


@pytest.fixture
def page(employer) -> Client:
    return login(Client(raise_request_exception=False), employer, "employer")


@pytest.fixture
def draft(employer, today) -> Case:
    return filled_draft(employer, today, upto="kontaktperson")


def step_url(case: Case, slug: str) -> str:
    return f"/soknad/{case.public_id}/{slug}/"


def stored(case: Case, slug: str) -> dict:
    case.refresh_from_db()
    return case.answers[slug]


@pytest.mark.parametrize("bad", [NUL, f"Hanne{NUL}Lunde"])
def test_page_step_with_nul_keeps_what_was_typed_and_names_the_field(page, draft, bad):
    response = page.post(step_url(draft, "kontaktperson"), {**CONTACT, "contact_name": bad})
    assert response.status_code == 400
    text = response.content.decode()
    assert "«Navn på kontaktperson» inneholder et tegn som ikke kan brukes" in text
    answers = stored(draft, "kontaktperson")
    assert NUL not in answers["contact_name"] and FFFD in answers["contact_name"]
    assert answers["contact_email"] == CONTACT["contact_email"]  # nothing else typed is lost


def test_page_step_with_nul_in_a_long_text_and_a_choice(page, employer, today):
    case = filled_draft(employer, today, upto="behov")
    response = page.post(step_url(case, "behov"), {
        "goals": ["clarify_work_capacity", f"x{NUL}"], "challenges": ["musculoskeletal"],
        "need_description": f"Plan{NUL} for retur"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "«Beskriv behovet og hva eksperten skal hjelpe med» inneholder et tegn" in text
    assert "«Hva er målet med ekspertbistanden?» inneholder et tegn" in text
    assert NUL not in str(stored(case, "behov"))


@pytest.mark.parametrize("bad", [NUL, SURROGATE, f"Hanne {SURROGATE}"])
def test_api_step_with_unusable_text_is_refused_naming_the_field(employer, draft, bad):
    client = login(Client(raise_request_exception=False), employer, "employer")
    before = stored(draft, "kontaktperson")
    response = client.put(f"{API}/drafts/{draft.public_id}/steps/kontaktperson",
                          {**CONTACT, "contact_name": bad}, content_type="application/json")
    assert response.status_code == 422
    message, = response.json()["errors"]["body"]["contact_name"]
    assert message.startswith("Feltet «contact_name» inneholder et tegn som ikke kan lagres")
    assert stored(draft, "kontaktperson") == before


@pytest.mark.parametrize(("url", "body", "field"), [
    (f"{API}/drafts", {"orgnr": f"910825526{NUL}"}, "orgnr"),
    (f"{API}/eligibility/assessment", {"answers": {"employment": SURROGATE}}, "answers.employment"),
    (f"{API}/eligibility/assessment", {"answers": {f"k{NUL}": "yes"}}, f"answers.k{FFFD}"),
])
def test_every_api_body_is_guarded(employer, url, body, field):
    client = login(Client(raise_request_exception=False), employer, "employer")
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["errors"]["body"]


def test_query_strings_are_guarded(employer):
    client = login(Client(raise_request_exception=False), employer, "employer")
    api = client.get(f"{API}/cases", {"q": f"Lunde{NUL}"})
    assert api.status_code == 422 and "q" in api.json()["errors"]["query"]
    page = client.get("/arbeidsgiver/", {"q": NUL})
    assert page.status_code == 400 and "«q»" in page.content.decode()


@pytest.mark.skipif(connection.vendor != "sqlite",
                    reason="only SQLite ever stored a lone surrogate; PostgreSQL refused it")
def test_a_draft_stored_with_a_surrogate_before_the_fix_can_be_opened_and_repaired(
        page, employer, draft):
    Case.objects.filter(pk=draft.pk).update(
        answers={**draft.answers, "kontaktperson": {**CONTACT, "contact_name": f"Hanne{SURROGATE}"}})
    step = page.get(step_url(draft, "kontaktperson"))
    assert step.status_code == 200
    assert "«Navn på kontaktperson» inneholder et tegn som ikke kan brukes" in step.content.decode()
    assert page.get(step_url(draft, "oppsummering")).status_code == 200
    api = login(Client(raise_request_exception=False), employer, "employer")
    answers = api.get(f"{API}/drafts/{draft.public_id}")
    assert answers.status_code == 200
    assert answers.json()["steps"][0]["answers"]["contact_name"] == f"Hanne{FFFD}"

    migration = importlib.import_module(
        "ekspertbistand.cases.migrations.0040_clean_unusable_characters")
    migration.clean_cases(django_apps, None)
    draft.refresh_from_db()
    assert draft.answers["kontaktperson"]["contact_name"] == f"Hanne{FFFD}"
    assert page.get("/arbeidsgiver/").status_code == 200

    repaired = page.post(step_url(draft, "kontaktperson"), CONTACT)
    assert repaired.status_code == 302
    assert stored(draft, "kontaktperson")["contact_name"] == "Hanne Lunde"


def test_a_start_in_9999_is_refused_on_the_page_and_the_api(page, employer, today):
    case = filled_draft(employer, today, upto="ekspert")
    response = page.post(step_url(case, "periode"),
                         {"start_date": "9999-01-01", "end_date": "9999-01-31"})
    assert response.status_code == 400
    assert "Oppstartsdatoen kan være høyst 12 måneder fram i tid" in response.content.decode()
    api = login(Client(), employer, "employer")
    result = api.put(f"{API}/drafts/{case.public_id}/steps/periode",
                     {"start_date": "01.01.9999", "end_date": "31.01.9999"},
                     content_type="application/json").json()
    assert result["valid"] is False
    assert "12 måneder" in result["errors"]["start_date"][0]


def test_a_date_before_1900_is_refused_naming_the_field(page, employer, today):
    case = filled_draft(employer, today, upto="kontaktperson")
    response = page.post(step_url(case, "arbeidstaker"), {
        "employee_national_id": "", "employee_name": "Kari", "employed_since": "0001-01-01"})
    assert "Sjekk årstallet: «Ansatt fra» kan ikke være før 01.01.1900." in response.content.decode()


def test_a_nul_in_any_page_form_is_no_500(employer):
    """Forms other than the steps (here the test login) never see a NUL either."""
    client = Client(raise_request_exception=False)
    response = client.post("/logg-inn/", {"username": f"hanne{NUL}", "role": "employer"})
    assert response.status_code < 500
