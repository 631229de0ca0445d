"""/api/v1: the application flow, the same rules and messages as the pages, and refusals."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from ekspertbistand.api.auth import CSRF_FAILED, NOT_LOGGED_IN, WRONG_ROLE
from ekspertbistand.cases.actions.application import organisation_from_register
from ekspertbistand.cases.application import STEPS, EmployeeForm, StepContext
from ekspertbistand.cases.demo import answers_for
from ekspertbistand.cases.models import Case, EmployerAccess, OutboxTask, User
from ekspertbistand.domain import eligibility
from ekspertbistand.domain.money import format_kr
from ekspertbistand.domain.periods import check_period
from ekspertbistand.domain.rates import rate_for_period
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE
from ekspertbistand.reference.selectors import rate_table

pytestmark = pytest.mark.django_db

API = "/api/v1"
ORGNR = "910825526"  # Fjordlys Sykehjem AS, Kristiansand (Agder)
OTHER_ORGNR = "910825518"  # Nordlys Transport AS, Bodø
KARI, OLA = DEMO_PEOPLE[0], DEMO_PEOPLE[1]
ATTESTED = {"attest_correct": True, "attest_together": True}
CONSENT_MISSING = "Arbeidstakeren må samtykke før dere kan sende søknaden."


def employer_for(username: str, orgnr: str) -> User:
    user = User.objects.create(username=username)
    EmployerAccess.objects.create(user=user, organisation=organisation_from_register(orgnr))
    return user


def employee(person: Any) -> User:
    return User.objects.create(username=person.name.lower().replace(" ", "."),
                               national_id=person.national_id)


def logged_in(user: User, role: str, **client_options: Any) -> Client:
    client = Client(**client_options)
    client.force_login(user)
    session = client.session
    session["role"] = role
    session.save()
    return client


@pytest.fixture
def hanne() -> Client:
    """Hanne Lunde, logged in as employer for Fjordlys Sykehjem AS."""
    return logged_in(employer_for("hanne.lunde", ORGNR), "employer")


@pytest.fixture
def kari() -> Client:
    """Kari Nordmann, the employee the demo application is about, logged in as employee."""
    return logged_in(employee(KARI), "employee")


def new_draft(client: Client) -> str:
    response = client.post(f"{API}/drafts", {"orgnr": ORGNR}, content_type="application/json")
    assert response.status_code == 201, response.content
    return str(response.json()["id"])


def save(client: Client, draft_id: str, slug: str, answers: dict[str, Any]) -> Any:
    return client.put(f"{API}/drafts/{draft_id}/steps/{slug}", answers,
                      content_type="application/json")


def filled_draft(client: Client, today: dt.date, **overrides: Any) -> str:
    draft_id = new_draft(client)
    for slug, answers in answers_for(0, today, **overrides).items():
        response = save(client, draft_id, slug, answers)
        assert response.json() == {"valid": True, "errors": {}}, (slug, response.json())
    return draft_id


def agreed_draft(hanne: Client, kari: Client, today: dt.date) -> str:
    draft_id = filled_draft(hanne, today)
    request_id = hanne.post(f"{API}/drafts/{draft_id}/consent-request").json()["id"]
    kari.post(f"{API}/consent-requests/{request_id}", {"agree": True},
              content_type="application/json")
    return draft_id


# --- The whole flow ------------------------------------------------------------------------

def test_full_application_flow_through_the_api(hanne: Client, kari: Client,
                                                today: dt.date) -> None:
    organisations = hanne.get(f"{API}/organisations").json()
    assert organisations == [{"orgnr": ORGNR, "name": "Fjordlys Sykehjem AS",
                              "municipality": "Kristiansand"}]

    draft_id = new_draft(hanne)
    for slug, answers in answers_for(0, today).items():
        response = save(hanne, draft_id, slug, answers)
        assert response.status_code == 200
        assert response.json() == {"valid": True, "errors": {}}, slug

    draft = hanne.get(f"{API}/drafts/{draft_id}").json()
    assert [s["slug"] for s in draft["steps"]] == [s.slug for s in STEPS]
    assert all(s["saved"] and s["valid"] and not s["errors"] for s in draft["steps"])
    assert draft["consent_status"] == "not_requested"
    assert draft["max_rate_kr"] == 23100
    assert draft["ready_to_submit"] is False

    # Kari sees nothing about the draft until she is asked.
    assert kari.get(f"{API}/consent-requests").json() == []
    assert kari.get(f"{API}/cases/{draft_id}").status_code == 404

    asked = hanne.post(f"{API}/drafts/{draft_id}/consent-request")
    assert asked.status_code == 201
    assert asked.json()["status"] == "pending"

    pending = kari.get(f"{API}/consent-requests").json()
    assert [(p["id"], str(p["case_id"]), p["status"]) for p in pending] == [
        (asked.json()["id"], draft_id, "pending")]
    detail = kari.get(f"{API}/consent-requests/{asked.json()['id']}").json()
    assert [s["slug"] for s in detail["application"]] == ["arbeidstaker", "behov", "ekspert",
                                                          "periode"]
    answered = kari.post(f"{API}/consent-requests/{asked.json()['id']}", {"agree": True},
                         content_type="application/json")
    assert answered.status_code == 200
    assert answered.json()["status"] == "agreed"
    assert hanne.get(f"{API}/drafts/{draft_id}").json()["ready_to_submit"] is True

    submitted = hanne.post(f"{API}/drafts/{draft_id}/submit", ATTESTED,
                              content_type="application/json")
    assert submitted.status_code == 201, submitted.content
    case = submitted.json()
    assert re.fullmatch(rf"EB-{today.year}-\d{{6}}", case["reference"])
    assert case["status"] == "submitted"
    assert case["status_label"] == "Sendt til NAV"
    assert case["routed_unit"] == "NAV Arbeidslivssenter Agder"
    assert case["amount_applied_kr"] == 22000
    assert case["max_rate_kr"] == 23100
    assert case["period_start"] == (today + dt.timedelta(days=7)).isoformat()
    assert "Søknaden ble sendt til NAV" in [e["text"] for e in case["timeline"]]
    assert case["next_step"].startswith("NAV behandler søknaden")

    again = hanne.post(f"{API}/drafts/{draft_id}/submit", ATTESTED,
                          content_type="application/json")
    assert again.status_code == 200
    assert again.json()["reference"] == case["reference"]
    assert Case.objects.count() == 1
    assert OutboxTask.objects.filter(kind="archive_receipt").count() == 1

    assert [c["reference"] for c in hanne.get(f"{API}/cases").json()["items"]] == [case["reference"]]
    assert [c["reference"] for c in kari.get(f"{API}/cases").json()["items"]] == [case["reference"]]
    assert kari.get(f"{API}/cases/{draft_id}").json()["reference"] == case["reference"]
    assert hanne.get(f"{API}/drafts/{draft_id}").status_code == 404
    changed = save(hanne, draft_id, "kontaktperson", {"contact_name": "Ny"})
    assert changed.status_code == 409
    assert changed.json()["detail"] == (f"Søknaden er sendt ({case['reference']}) og kan ikke "
                                        "endres.")


def test_withdraw_a_sent_application(hanne: Client, kari: Client, today: dt.date) -> None:
    draft_id = agreed_draft(hanne, kari, today)
    hanne.post(f"{API}/drafts/{draft_id}/submit", ATTESTED, content_type="application/json")

    assert kari.post(f"{API}/cases/{draft_id}/withdraw").status_code == 403
    withdrawn = hanne.post(f"{API}/cases/{draft_id}/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status_label"] == "Trukket"
    assert "Søknaden ble trukket" in [e["text"] for e in withdrawn.json()["timeline"]]
    assert hanne.post(f"{API}/cases/{draft_id}/withdraw").status_code == 200
    resubmitted = hanne.post(f"{API}/drafts/{draft_id}/submit", ATTESTED,
                                content_type="application/json")
    # A late retry of the submit does not revive the case: it answers with the case as it is.
    assert resubmitted.status_code == 200
    assert resubmitted.json()["status_label"] == "Trukket"


def test_a_draft_cannot_be_withdrawn_but_can_be_deleted(hanne: Client) -> None:
    draft_id = new_draft(hanne)
    refused = hanne.post(f"{API}/cases/{draft_id}/withdraw")
    assert refused.status_code == 409
    assert refused.json()["detail"] == ("Saken har status «Utkast» og kan ikke endres til "
                                        "«Trukket».")
    assert hanne.delete(f"{API}/drafts/{draft_id}").status_code == 204
    assert hanne.get(f"{API}/drafts/{draft_id}").status_code == 404
    assert hanne.get(f"{API}/cases").json()["items"] == []


# --- The same rules and messages as the pages -----------------------------------------------

def test_invalid_national_id_gets_the_page_forms_message_and_is_kept(
        hanne: Client, today: dt.date) -> None:
    draft_id = new_draft(hanne)
    answers = answers_for(0, today, arbeidstaker={"employee_national_id": "12037823561"})
    typed = answers["arbeidstaker"]

    response = save(hanne, draft_id, "arbeidstaker", typed)

    form = EmployeeForm(typed, context=StepContext(answers={}, today=today))
    assert not form.is_valid()
    expected = form.errors["employee_national_id"]
    assert expected == ["Fødselsnummeret er ikke gyldig. Sjekk sifrene mot ID-kortet eller "
                        "lønnssystemet."]
    assert response.status_code == 200
    assert response.json() == {"valid": False, "errors": {"employee_national_id": expected}}
    page = hanne.post(f"/soknad/{draft_id}/arbeidstaker/", typed)
    assert expected[0] in page.content.decode()
    stored = hanne.get(f"{API}/drafts/{draft_id}").json()["steps"][1]
    assert stored["answers"]["employee_national_id"] == "12037823561"
    assert stored["errors"] == {"employee_national_id": expected}


def test_period_across_new_year_is_refused_with_the_domain_message(
        hanne: Client, today: dt.date) -> None:
    year = today.year if today < dt.date(today.year, 12, 28) else today.year + 1
    start, end = dt.date(year, 12, 28), dt.date(year + 1, 1, 15)
    draft_id = new_draft(hanne)

    response = save(hanne, draft_id, "periode",
                    {"start_date": start.isoformat(), "end_date": end.strftime("%d.%m.%Y")})

    crosses = [p.message for p in check_period(start, end, today) if p.code == "crosses_year"]
    assert crosses == [f"Perioden kan ikke gå over nyttår. Velg en sluttdato senest 31.12.{year}, "
                       "og søk på nytt for tiden etter nyttår."]
    assert response.json()["valid"] is False
    assert response.json()["errors"]["end_date"] == crosses


def test_amount_above_the_rate_is_refused(hanne: Client, today: dt.date) -> None:
    draft_id = filled_draft(hanne, today)
    rate = rate_for_period(today + dt.timedelta(days=7), tuple(rate_table()))

    response = save(hanne, draft_id, "kostnader", {
        "expert_hours": "30", "expert_hourly_rate": "1400", "amount_applied": str(rate + 1)})

    assert response.json() == {"valid": False, "errors": {"amount_applied": [
        f"Dere kan søke om høyst {format_kr(rate)} for dette året. Kostnader over satsen må "
        "arbeidsgiveren dekke selv."]}}
    costs = hanne.get(f"{API}/drafts/{draft_id}").json()["steps"][-1]
    assert costs["answers"]["amount_applied"] == str(rate + 1)


def test_submit_without_consent_lists_the_consent_error(hanne: Client,
                                                        today: dt.date) -> None:
    draft_id = filled_draft(hanne, today)

    unconfirmed = hanne.post(f"{API}/drafts/{draft_id}/submit", {"attest_correct": True},
                                content_type="application/json")
    assert unconfirmed.status_code == 422
    # Every problem at once: the confirmations and the missing agreement.
    assert unconfirmed.json()["errors"] == {
        "oppsummering": {"__all__": ["Bekreft begge punktene før du sender søknaden."]},
        "samtykke": {"__all__": [CONSENT_MISSING]}}

    response = hanne.post(f"{API}/drafts/{draft_id}/submit", ATTESTED,
                             content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"detail": "Søknaden er ikke ferdig utfylt.",
                               "errors": {"samtykke": {"__all__": [CONSENT_MISSING]}}}
    assert Case.objects.get().status == "draft"


def test_submit_of_an_empty_draft_lists_every_step(hanne: Client) -> None:
    draft_id = new_draft(hanne)
    response = hanne.post(f"{API}/drafts/{draft_id}/submit", ATTESTED,
                             content_type="application/json")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {s.slug for s in STEPS} | {"samtykke"}
    assert response.json()["errors"]["periode"] == {"__all__": ["Steget «Periode» er ikke fylt ut."]}


def test_consent_cannot_be_requested_before_the_employee_step(hanne: Client) -> None:
    draft_id = new_draft(hanne)
    response = hanne.post(f"{API}/drafts/{draft_id}/consent-request")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Fyll ut steget «Arbeidstakeren» først")


def test_declined_consent_blocks_submit_until_the_employee_changes_her_mind(
        hanne: Client, kari: Client, today: dt.date) -> None:
    draft_id = filled_draft(hanne, today)
    request_id = hanne.post(f"{API}/drafts/{draft_id}/consent-request").json()["id"]
    kari.post(f"{API}/consent-requests/{request_id}", {"agree": False},
              content_type="application/json")

    refused = hanne.post(f"{API}/drafts/{draft_id}/submit", ATTESTED,
                            content_type="application/json")
    assert refused.json()["errors"]["samtykke"] == {"__all__": [
        "Arbeidstakeren har takket nei. Søknaden kan ikke sendes uten samtykke."]}

    kari.post(f"{API}/consent-requests/{request_id}", {"agree": True},
              content_type="application/json")
    assert hanne.post(f"{API}/drafts/{draft_id}/submit", ATTESTED,
                         content_type="application/json").status_code == 201
    late = kari.post(f"{API}/consent-requests/{request_id}", {"agree": False},
                     content_type="application/json")
    assert late.status_code == 409
    assert late.json()["detail"].startswith("Forespørselen gjelder ikke lenger.")


def test_badly_formed_requests_get_norwegian_messages(hanne: Client) -> None:
    response = hanne.post(f"{API}/drafts", {"orgnr": "12345"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"detail": "Forespørselen har feil. Se «errors» for hva som må "
                                         "rettes.",
                               "errors": {"body": {"orgnr": ["Organisasjonsnummeret må ha 9 siffer."]}}}
    missing = hanne.post(f"{API}/drafts", {}, content_type="application/json")
    assert missing.json()["errors"] == {"body": {"orgnr": ["Feltet må være med."]}}
    assert hanne.get(f"{API}/drafts/not-a-uuid").status_code == 404
    draft_id = new_draft(hanne)
    unknown_step = save(hanne, draft_id, "finnes-ikke", {})
    assert unknown_step.status_code == 404
    assert unknown_step.json() == {"detail": "Fant ikke steget."}
    not_json = hanne.post(f"{API}/drafts/{draft_id}/submit", "{ja", content_type="application/json")
    assert not_json.status_code == 400
    assert not_json.json()["detail"].startswith("Innholdet kunne ikke leses.")
    empty = hanne.generic("POST", f"{API}/drafts", b"", content_type="application/json")
    assert empty.json()["errors"] == {"body": {"__all__": [
        "Forespørselen mangler innhold. Send et JSON-objekt."]}}
    a_list = save(hanne, draft_id, "kontaktperson", ["Hanne"])
    assert a_list.json()["errors"] == {"body": {"__all__": ["Verdien må være et JSON-objekt."]}}


# --- Eligibility ----------------------------------------------------------------------------

FITTING = {q.key: q.options[0].value for q in eligibility.QUESTIONS} | {"outside_bht": "no"}


def test_eligibility_questions_need_no_login() -> None:
    questions = Client().get(f"{API}/eligibility/questions").json()
    assert [q["key"] for q in questions] == [q.key for q in eligibility.QUESTIONS]
    assert questions[1]["options"] == [{"value": "yes", "label": "Ja"},
                                       {"value": "no", "label": "Nei"}]


@pytest.mark.parametrize(("changes", "outcome", "findings", "unanswered"), [
    ({}, "can_apply", [], []),
    ({"nav_contacted": "no"}, "do_first", ["nav_contacted"], []),
    ({"nav_contacted": "no", "not_treatment": "treatment"}, "not_eligible",
     ["nav_contacted", "not_treatment"], []),
    ({"employment": "maybe"}, "do_first", [], ["employment"]),
])
def test_eligibility_assessment(changes: dict[str, str], outcome: str, findings: list[str],
                                unanswered: list[str]) -> None:
    response = Client().post(f"{API}/eligibility/assessment",
                             {"answers": FITTING | changes}, content_type="application/json")
    assert response.status_code == 200
    result = response.json()
    assert result["outcome"] == outcome
    assert [f["question"] for f in result["findings"]] == findings
    assert result["unanswered"] == unanswered
    expected = eligibility.assess(FITTING | changes)
    assert [f["advice"] for f in result["findings"]] == [f.option.advice for f in expected.findings]


def test_eligibility_assessment_without_answers_lists_every_question() -> None:
    result = Client().post(f"{API}/eligibility/assessment", {"answers": {}},
                           content_type="application/json").json()
    assert result["outcome"] == "do_first"
    assert result["unanswered"] == [q.key for q in eligibility.QUESTIONS]


# --- Refusals -------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path"), [
    ("get", "/cases"), ("get", "/organisations"), ("post", "/drafts"),
    ("get", "/consent-requests"), ("post", "/consent-requests/1"),
])
def test_not_logged_in_is_401(method: str, path: str) -> None:
    response = getattr(Client(enforce_csrf_checks=True), method)(
        f"{API}{path}", {"orgnr": ORGNR}, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"detail": NOT_LOGGED_IN}


def test_logged_in_without_a_role_is_401() -> None:
    client = Client()
    client.force_login(employer_for("uten.rolle", ORGNR))
    assert client.get(f"{API}/cases").status_code == 401


def test_other_employer_sees_404(hanne: Client, today: dt.date) -> None:
    draft_id = filled_draft(hanne, today)
    other = logged_in(employer_for("geir.moen", OTHER_ORGNR), "employer")

    for response in (other.get(f"{API}/cases/{draft_id}"), other.get(f"{API}/drafts/{draft_id}"),
                     save(other, draft_id, "kontaktperson", {"contact_name": "Geir"}),
                     other.post(f"{API}/drafts/{draft_id}/submit", ATTESTED,
                                content_type="application/json"),
                     other.delete(f"{API}/drafts/{draft_id}")):
        assert response.status_code == 404
        assert response.json() == {"detail": "Fant ikke saken."}
    assert other.get(f"{API}/cases").json()["items"] == []
    refused = other.post(f"{API}/drafts", {"orgnr": ORGNR}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("Du har ikke tilgang til å søke for Fjordlys "
                                               "Sykehjem AS.")
    assert Case.objects.get().answers["kontaktperson"]["contact_name"] == "Hanne Lunde"


def test_employee_sees_404_on_someone_elses_case(hanne: Client, kari: Client,
                                                 today: dt.date) -> None:
    draft_id = agreed_draft(hanne, kari, today)
    hanne.post(f"{API}/drafts/{draft_id}/submit", ATTESTED, content_type="application/json")
    request_id = Case.objects.get().consent_requests.get().pk
    ola = logged_in(employee(OLA), "employee")

    assert ola.get(f"{API}/cases/{draft_id}").status_code == 404
    assert ola.get(f"{API}/cases").json()["items"] == []
    assert ola.get(f"{API}/consent-requests/{request_id}").json() == {
        "detail": "Fant ikke forespørselen om samtykke."}


def test_roles_may_only_use_their_endpoints(hanne: Client, kari: Client,
                                            today: dt.date) -> None:
    draft_id = filled_draft(hanne, today)
    request_id = hanne.post(f"{API}/drafts/{draft_id}/consent-request").json()["id"]

    answered_by_employer = hanne.post(f"{API}/consent-requests/{request_id}", {"agree": True},
                                         content_type="application/json")
    assert answered_by_employer.status_code == 403
    assert answered_by_employer.json() == {"detail": WRONG_ROLE}
    assert hanne.get(f"{API}/consent-requests").status_code == 403
    for response in (kari.get(f"{API}/organisations"), kari.get(f"{API}/drafts/{draft_id}"),
                     kari.post(f"{API}/drafts", {"orgnr": ORGNR}, content_type="application/json"),
                     kari.post(f"{API}/drafts/{draft_id}/submit", ATTESTED,
                               content_type="application/json")):
        assert response.status_code == 403
    assert Case.objects.get().consent_status == "pending"


def test_unsafe_methods_need_the_csrf_token() -> None:
    client = logged_in(employer_for("hanne.lunde", ORGNR), "employer", enforce_csrf_checks=True)

    refused = client.post(f"{API}/drafts", {"orgnr": ORGNR}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json() == {"detail": CSRF_FAILED}
    assert client.get(f"{API}/cases").status_code == 200  # reading needs no token

    token = client.get(f"{API}/csrf").json()["csrf_token"]
    created = client.post(f"{API}/drafts", {"orgnr": ORGNR}, content_type="application/json",
                          HTTP_X_CSRFTOKEN=token)
    assert created.status_code == 201


# --- The OpenAPI document -------------------------------------------------------------------

ENDPOINTS = {
    ("get", "/api/v1/csrf"),
    ("get", "/api/v1/eligibility/questions"), ("post", "/api/v1/eligibility/assessment"),
    ("get", "/api/v1/organisations"), ("get", "/api/v1/application-steps"),
    ("post", "/api/v1/drafts"), ("get", "/api/v1/drafts/{draft_id}"),
    ("delete", "/api/v1/drafts/{draft_id}"), ("put", "/api/v1/drafts/{draft_id}/steps/{slug}"),
    ("post", "/api/v1/drafts/{draft_id}/consent-request"),
    ("post", "/api/v1/drafts/{draft_id}/submit"),
    ("get", "/api/v1/cases"), ("get", "/api/v1/cases/{case_id}"),
    ("post", "/api/v1/cases/{case_id}/withdraw"),
    ("get", "/api/v1/consent-requests"), ("get", "/api/v1/consent-requests/{request_id}"),
    ("post", "/api/v1/consent-requests/{request_id}"),
    ("get", "/api/v1/experts"),
    ("get", "/api/v1/cases/{case_id}/information-requests"),
    ("post", "/api/v1/cases/{case_id}/information-requests/{request_id}/answer"),
    ("get", "/api/v1/nav/queue"), ("get", "/api/v1/nav/cases/{case_id}"),
    ("post", "/api/v1/nav/cases/{case_id}/take"),
    ("post", "/api/v1/nav/cases/{case_id}/information-requests"),
    ("get", "/api/v1/nav/cases/{case_id}/notes"), ("post", "/api/v1/nav/cases/{case_id}/notes"),
    ("post", "/api/v1/nav/cases/{case_id}/reroute"),
    # Talking to NAV (api/contact.py)
    ("get", "/api/v1/talks"), ("post", "/api/v1/talks"), ("get", "/api/v1/talks/{talk_id}"),
    ("post", "/api/v1/talks/{talk_id}/messages"), ("post", "/api/v1/talks/{talk_id}/take"),
    ("post", "/api/v1/talks/{talk_id}/record"), ("put", "/api/v1/drafts/{draft_id}/nav-talk"),
    ("get", "/api/v1/cases/{case_id}/messages"), ("post", "/api/v1/cases/{case_id}/messages"),
    ("post", "/api/v1/consent-requests/{request_id}/comments"),
}
# NAV's assessment, decisions, grants, letters and budget (api/decisions.py).
ENDPOINTS |= {
    ("get", "/api/v1/nav/cases/{case_id}/assessment"),
    ("put", "/api/v1/nav/cases/{case_id}/assessment"),
    ("get", "/api/v1/nav/cases/{case_id}/decisions"),
    ("post", "/api/v1/nav/cases/{case_id}/proposal"),
    ("post", "/api/v1/nav/cases/{case_id}/proposal/approve"),
    ("post", "/api/v1/nav/cases/{case_id}/proposal/return"),
    ("post", "/api/v1/nav/cases/{case_id}/decision"),
    ("get", "/api/v1/nav/cases/{case_id}/grants"),
    ("post", "/api/v1/nav/cases/{case_id}/grants/{number}/change"),
    ("post", "/api/v1/nav/cases/{case_id}/grants/{number}/cancel"),
    ("get", "/api/v1/nav/cases/{case_id}/letters/{kind}/{key}"),
    ("get", "/api/v1/cases/{case_id}/letters/{kind}/{key}"),
    ("get", "/api/v1/nav/budget/{year}"), ("put", "/api/v1/nav/budget/{year}"),
}
# The expert's assignment, the report and the follow-up (api/assignments.py).
ENDPOINTS |= {
    ("post", "/api/v1/cases/{case_id}/expert-invitation"),
    ("get", "/api/v1/expert/assignments"),
    ("post", "/api/v1/expert/assignments/{assignment_id}/accept"),
    ("post", "/api/v1/expert/assignments/{assignment_id}/decline"),
    ("put", "/api/v1/expert/assignments/{assignment_id}/phases/{kind}"),
    ("get", "/api/v1/expert/assignments/{assignment_id}/report"),
    ("put", "/api/v1/expert/assignments/{assignment_id}/report"),
    ("post", "/api/v1/expert/assignments/{assignment_id}/report/submit"),
    ("get", "/api/v1/cases/{case_id}/report"),
    ("post", "/api/v1/cases/{case_id}/report/answer"),
    ("get", "/api/v1/nav/cases/{case_id}/report"),
    ("post", "/api/v1/cases/{case_id}/follow-up"),
}
# The refund and the payments (api/refunds.py).
ENDPOINTS |= {
    ("get", "/api/v1/cases/{case_id}/refund"),
    ("put", "/api/v1/cases/{case_id}/refund/lines"),
    ("post", "/api/v1/cases/{case_id}/refund/invoice"),
    ("post", "/api/v1/cases/{case_id}/refund/send"),
    ("get", "/api/v1/nav/cases/{case_id}/refund"),
    ("post", "/api/v1/nav/cases/{case_id}/refund/check"),
    ("post", "/api/v1/nav/cases/{case_id}/refund/approve"),
    ("post", "/api/v1/nav/cases/{case_id}/refund/return"),
    ("post", "/api/v1/nav/cases/{case_id}/refund/exception"),
    ("post", "/api/v1/nav/cases/{case_id}/refund/correction"),
    ("post", "/api/v1/nav/cases/{case_id}/refund/retry"),
    ("post", "/api/v1/nav/payment-exports"),
    ("get", "/api/v1/nav/payment-exports/{export_id}"),
    ("get", "/api/v1/nav/payment-exports/{export_id}/pain001"),
    ("post", "/api/v1/nav/payments/{reference}/paid"),
    ("post", "/api/v1/nav/payments/{reference}/failed"),
}


def test_openapi_document_lists_every_endpoint() -> None:
    document = Client().get(f"{API}/openapi.json").json()
    assert document["info"]["title"] == "Ekspertbistand API"
    assert document["info"]["version"] == "1"
    listed = {(method, path) for path, operations in document["paths"].items()
              for method in operations}
    assert listed == ENDPOINTS
    submit = document["paths"]["/api/v1/drafts/{draft_id}/submit"]["post"]
    assert {"200", "201", "409", "422", "401", "403", "404"} <= set(submit["responses"])
    assert document["components"]["schemas"]["CaseOut"]["properties"]["reference"]["description"]


def test_application_steps_describe_the_page_forms() -> None:
    steps = Client().get(f"{API}/application-steps").json()
    assert [s["slug"] for s in steps] == [s.slug for s in STEPS]
    employee_fields = {f["name"]: f for f in steps[1]["fields"]}
    assert employee_fields["employee_national_id"]["label"] == (
        "Fødselsnummer eller D-nummer (11 siffer)")
    assert employee_fields["employed_since"]["type"] == "date"
    assert employee_fields["on_sick_leave_now"]["choices"] == [
        {"value": "yes", "label": "Ja"}, {"value": "no", "label": "Nei"}]


def test_docs_page_works_without_a_cdn() -> None:
    page = Client().get(f"{API}/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html
    assert f"{API}/openapi.json" in html
    asset = Client().get(f"{API}/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200
    assert asset["Content-Type"] == "text/javascript"
    assert Client().get(f"{API}/docs/assets/settings.py").status_code == 404
