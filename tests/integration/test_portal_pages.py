"""The pages as a user meets them: Norwegian messages, nothing lost, no peeking."""

from __future__ import annotations

import pytest
from django.test import Client

from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.models import AuditEvent, Case
from ekspertbistand.domain.case_status import CaseStatus
from factories import KARI, agreed_draft, filled_draft, login, make_employer, make_person, submitted_case

pytestmark = pytest.mark.django_db


def test_eligibility_check_walks_one_question_a_page_to_a_result(client: Client):
    from ekspertbistand.domain.eligibility import QUESTIONS, Outcome
    response = client.get("/passer-det/")
    assert "Passer ekspertbistand for oss?" in response.content.decode()
    for question in QUESTIONS:
        page = client.get(f"/passer-det/{question.slug}/")
        assert question.text in page.content.decode()
        fitting = next(o for o in question.options if o.outcome is Outcome.CAN_APPLY)
        response = client.post(f"/passer-det/{question.slug}/", {"answer": fitting.value})
        assert response.status_code == 302
    result = client.get("/passer-det/resultat/").content.decode()
    assert "Dere kan søke om ekspertbistand" in result


def test_eligibility_without_an_answer_asks_again(client: Client):
    response = client.post("/passer-det/arbeidsforhold/", {})
    assert response.status_code == 400
    assert "Velg ett av svarene" in response.content.decode()


def test_eligibility_says_what_to_do_first(client: Client):
    client.post("/passer-det/kontakt-med-nav/", {"answer": "no"})
    page = client.get("/passer-det/resultat/").content.decode()
    assert "Gjør dette før dere søker" in page
    assert "Kontakt NAV Arbeidslivssenter" in page


def test_employer_starts_and_fills_a_step_with_an_error_that_is_kept(client, employer):
    login(client, employer, "employer")
    client.post("/arbeidsgiver/ny-soknad/", {"orgnr": "910825526", "start": "1",
                                             "confirm_correct": "1", "confirm_together": "1"})
    response = client.post("/arbeidsgiver/ny-soknad/910825526/", {"contact_name": "Hanne"})
    case = Case.objects.get(created_by=employer)
    assert response.url == f"/soknad/{case.public_id}/kontaktperson/"
    response = client.post(f"/soknad/{case.public_id}/arbeidstaker/", {
        "employee_national_id": "12345678901", "employee_name": "Kari Nordmann"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Du må rette dette før du går videre" in page
    assert "Fødselsnummeret er ikke gyldig" in page
    assert 'value="Kari Nordmann"' in page
    # After a reload (or a new login) what was typed is still there, with the error.
    client.logout()
    login(client, employer, "employer")
    page = client.get(f"/soknad/{case.public_id}/arbeidstaker/").content.decode()
    assert 'value="12345678901"' in page and "Fødselsnummeret er ikke gyldig" in page


def test_costs_step_shows_the_years_maximum_rate(client, employer, today):
    case = filled_draft(employer, today)
    login(client, employer, "employer")
    page = client.get(f"/soknad/{case.public_id}/kostnader/").content.decode()
    assert "23\u00a0100\u00a0kr" in page
    assert "Kostnader over satsen må arbeidsgiveren dekke selv" in page


def test_submit_from_summary_requires_both_confirmations(client, employer, employee, today):
    case = agreed_draft(employer, employee, today)
    login(client, employer, "employer")
    response = client.post(f"/soknad/{case.public_id}/oppsummering/", {"attest_correct": "1"})
    assert response.status_code == 400
    assert "Bekreft begge punktene" in response.content.decode()
    response = client.post(f"/soknad/{case.public_id}/oppsummering/",
                           {"attest_correct": "1", "attest_together": "1"})
    assert response.url == f"/saker/{case.public_id}/kvittering/"
    receipt = client.get(response.url).content.decode()
    case.refresh_from_db()
    assert case.reference in receipt and "NAV Arbeidslivssenter Agder" in receipt
    pdf = client.get(f"/saker/{case.public_id}/kvittering.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"


def test_summary_lists_what_is_missing(client, employer, today):
    case = filled_draft(employer, today)
    login(client, employer, "employer")
    response = client.post(f"/soknad/{case.public_id}/oppsummering/",
                           {"attest_correct": "1", "attest_together": "1"})
    assert response.status_code == 400
    assert "Arbeidstakeren må samtykke" in response.content.decode()


def test_employee_reads_and_agrees(client, employer, employee, today):
    from ekspertbistand.cases.actions import consent
    case = filled_draft(employer, today)
    request = consent.request_consent(employer, case)
    login(client, employee, "employee")
    home = client.get("/arbeidstaker/").content.decode()
    assert "Fjordlys Sykehjem AS vil søke om tilskudd" in home
    page = client.get(f"/samtykke/{request.pk}/").content.decode()
    for words in ("Du kan si nei", "Hvem som ser rapporten", "Det er ikke behandling"):
        assert words in page
    response = client.post(f"/samtykke/{request.pk}/", {"answer": "agree"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.consent_status == "agreed"


def test_mine_saker_shows_status_and_timeline(client, employer, employee, today):
    case = submitted_case(employer, employee, today)
    for user, role in ((employer, "employer"), (employee, "employee")):
        login(client, user, role)
        page = client.get(f"/saker/{case.public_id}/").content.decode()
        assert "Sendt til NAV" in page
        assert "Søknaden ble sendt til NAV" in page
        assert "Arbeidstakeren samtykket" in page
        assert "NAV behandler søknaden" in page  # what comes next


def test_refusals_look_like_missing_cases(client, employer, employee, other_employer,
                                          caseworker_agder, caseworker_nordland, today):
    case = submitted_case(employer, employee, today)
    login(client, other_employer, "employer")
    assert client.get(f"/saker/{case.public_id}/").status_code == 404
    assert client.get(f"/saker/{case.public_id}/kvittering.pdf").status_code == 404
    assert client.get(f"/soknad/{case.public_id}/kontaktperson/").status_code == 404
    login(client, make_person(3), "employee")
    assert client.get(f"/saker/{case.public_id}/").status_code == 404
    login(client, caseworker_nordland, "caseworker")
    assert client.get(f"/nav/saker/{case.public_id}/").status_code == 404
    assert case.reference not in client.get("/nav/").content.decode()
    login(client, caseworker_agder, "caseworker")
    assert client.get(f"/nav/saker/{case.public_id}/").status_code == 200
    assert case.reference in client.get("/nav/").content.decode()


def test_every_read_by_nav_staff_is_audit_logged(client, employer, employee,
                                                 caseworker_agder, today):
    case = submitted_case(employer, employee, today)
    login(client, caseworker_agder, "caseworker")
    client.get(f"/nav/saker/{case.public_id}/")
    event = AuditEvent.objects.get(case=case, action="viewed", actor=caseworker_agder)
    assert event.actor_role == "caseworker"


def test_address_protected_employee_is_hidden_in_nav_lists(client, employer, today,
                                                           caseworker_vikafossen):
    from factories import LENA
    lena = make_person(LENA)
    case = submitted_case(employer, lena, today, person=LENA)
    login(client, caseworker_vikafossen, "caseworker")
    inbox = client.get("/nav/").content.decode()
    assert case.reference in inbox and "Skjermet" in inbox and "Lena" not in inbox


def test_a_role_the_user_does_not_hold_is_refused(client, employee):
    login(client, employee, "employer")
    response = client.get("/arbeidsgiver/")
    assert response.status_code == 302 and "logg-inn" in response.url


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/arbeidsgiver/")
    assert response.status_code == 302 and response.url.startswith("/logg-inn/")


def test_test_login_lists_people_by_role_and_logs_in(client, employer):
    page = client.get("/logg-inn/").content.decode()
    assert "Logg inn som Arbeidsgiver" in page
    response = client.post("/logg-inn/", {"username": employer.username, "role": "employer"})
    assert response.url == "/arbeidsgiver/"
    response = client.post("/logg-inn/", {"username": employer.username, "role": "caseworker"})
    assert response.url == "/logg-inn/"


def test_double_submit_from_two_tabs_gives_one_case(client, employer, employee, today):
    case = agreed_draft(employer, employee, today)
    login(client, employer, "employer")
    data = {"attest_correct": "1", "attest_together": "1"}
    first = client.post(f"/soknad/{case.public_id}/oppsummering/", data)
    second = client.post(f"/soknad/{case.public_id}/oppsummering/", data)
    assert first.status_code == 302
    assert second.url == f"/saker/{case.public_id}/"  # the second tab lands on the case
    assert AuditEvent.objects.filter(case=case, action="submitted").count() == 1
    assert Case.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED


def test_draft_visible_to_everyone_with_the_organisations_right(client, employer, today):
    case = filled_draft(employer, today)
    colleague = make_employer("kollega", "910825526")
    login(client, colleague, "employer")
    assert client.get(f"/soknad/{case.public_id}/kontaktperson/").status_code == 200


def test_kari_is_demo_person_zero():
    assert KARI == 0


def test_costs_above_the_rate_say_what_the_employer_pays(client, employer, today):
    case = filled_draft(employer, today)
    app.save_step(employer, case, "kostnader", {**case.answers["kostnader"], "expert_hours": "20"})
    login(client, employer, "employer")
    page = client.get(f"/soknad/{case.public_id}/kostnader/").content.decode()
    # 20 + 2 + 3 hours at 1 400 kr and 1 200 kr travel = 36 200 kr; the rate is 23 100 kr.
    assert "36\u00a0200\u00a0kr" in page
    assert "Arbeidsgiveren dekker selv minst <strong>13\u00a0100\u00a0kr</strong>" in page


def test_deleting_a_draft_and_withdrawing_ask_first(client, employer, employee, today):
    draft = filled_draft(employer, today)
    login(client, employer, "employer")
    page = client.get(f"/soknad/{draft.public_id}/slett/").content.decode()
    assert "Vil du slette utkastet?" in page
    assert Case.objects.get(pk=draft.pk).status == CaseStatus.DRAFT
    client.post(f"/soknad/{draft.public_id}/slett/")
    assert Case.objects.get(pk=draft.pk).status == CaseStatus.DELETED
    case = submitted_case(employer, employee, today)
    assert "Vil du trekke søknaden" in client.get(f"/saker/{case.public_id}/trekk/").content.decode()
    client.post(f"/saker/{case.public_id}/trekk/")
    page = client.get(f"/saker/{case.public_id}/").content.decode()
    assert "Trukket" in page and "Søknaden ble trukket" in page


def test_summary_shows_hours_and_kroner_the_norwegian_way(client, employer, today):
    case = filled_draft(employer, today)
    errors = app.save_step(employer, case, "kostnader",
                           {**case.answers["kostnader"], "expert_hours": "12,5"})
    assert errors == {}
    login(client, employer, "employer")
    page = client.get(f"/soknad/{case.public_id}/oppsummering/").content.decode()
    assert "<dd>12,5</dd>" in page
    assert "<dd>1\u00a0400\u00a0kr</dd>" in page


def test_employee_opening_a_draft_case_is_sent_to_the_consent_page(client, employer, employee,
                                                                   today):
    from ekspertbistand.cases.actions import consent
    case = filled_draft(employer, today)
    request = consent.request_consent(employer, case)
    login(client, employee, "employee")
    response = client.get(f"/saker/{case.public_id}/")
    assert response.url == f"/samtykke/{request.pk}/"


def test_missing_pages_are_norwegian(client):
    response = client.get("/saker/00000000-0000-0000-0000-000000000000/")
    assert response.status_code in (302, 404)
    page = client.get("/finnes-ikke/")
    assert page.status_code == 404 and 'lang="nb"' in page.content.decode()
