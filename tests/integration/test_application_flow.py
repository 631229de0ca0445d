"""The application's flow as issue 11 found it wanting: the intro page, a voided agreement,
«Endre» from the summary, errors on submit, what is asked and what is printed."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.actions import consent
from ekspertbistand.cases.demo import answers_for
from ekspertbistand.cases.models import AuditEvent, Case, ConsentRequest, Notice, UnitMembership, User
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.cases.selectors import application_summary, step_context
from ekspertbistand.domain.case_status import CaseStatus, ConsentStatus
from ekspertbistand.domain.retention import DRAFT_RETENTION_DAYS
from ekspertbistand.reference.selectors import worklife_centre_for
from factories import FJORDLYS, KARI, agreed_draft, filled_draft, login, make_employer

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode()).replace("\u00a0", " ")


# --- 15. The intro page; no empty drafts; stale drafts deleted ---------------------------------

def test_start_ny_soknad_shows_the_intro_and_makes_no_draft(client: Client, employer: User):
    login(client, employer, "employer")
    response = client.post("/arbeidsgiver/ny-soknad/", {"orgnr": FJORDLYS})
    assert response.status_code == 302
    page = _page(client.get(response.url))
    for part in ("Dette trenger du", "Hvem som ser søknaden", "Hvor lenge det lagres",
                 "Arbeidstakerens rett til innsyn", "Jeg vil svare så riktig",
                 "Søknaden fylles ut sammen med arbeidstakeren", f"{DRAFT_RETENTION_DAYS} dager"):
        assert part in page, part
    assert not Case.objects.exists()


def test_intro_needs_both_confirmations_and_keeps_the_ticked_one(client: Client, employer: User):
    login(client, employer, "employer")
    response = client.post("/arbeidsgiver/ny-soknad/", {"orgnr": FJORDLYS, "start": "1",
                                                        "confirm_correct": "1"})
    page = _page(response)
    assert response.status_code == 400
    assert "Kryss av for begge punktene" in page
    assert re.search(r'id="confirm_correct" value="1" checked', page)
    assert not re.search(r'id="confirm_together" value="1" checked', page)
    assert not Case.objects.exists()


def test_the_draft_is_made_when_the_first_step_is_saved(client: Client, employer: User):
    login(client, employer, "employer")
    client.post("/arbeidsgiver/ny-soknad/", {"orgnr": FJORDLYS, "start": "1",
                                             "confirm_correct": "1", "confirm_together": "1"})
    first = client.get(f"/arbeidsgiver/ny-soknad/{FJORDLYS}/")
    assert first.status_code == 200 and "Navn på kontaktperson" in first.content.decode()
    # Saving nothing says what to fill in, and still makes no draft.
    empty = client.post(f"/arbeidsgiver/ny-soknad/{FJORDLYS}/", {})
    assert empty.status_code == 400 and "Skriv inn navnet på kontaktpersonen" in empty.content.decode()
    assert not Case.objects.exists()
    response = client.post(f"/arbeidsgiver/ny-soknad/{FJORDLYS}/", answers_for(KARI, dt.date.today())[
        "kontaktperson"])
    case = Case.objects.get()
    assert response.url == f"/soknad/{case.public_id}/arbeidstaker/"
    assert case.answers["kontaktperson"]["contact_name"] == "Hanne Lunde"
    assert AuditEvent.objects.get(case=case, action="draft_created").details == {"confirmed": True}


def test_the_first_step_is_not_reached_without_the_intro(client: Client, employer: User):
    login(client, employer, "employer")
    response = client.get(f"/arbeidsgiver/ny-soknad/{FJORDLYS}/")
    assert response.status_code == 302 and response.url.startswith("/arbeidsgiver/ny-soknad/?")


def test_stale_drafts_are_deleted_once_and_the_list_says_when(client: Client, employer, today):
    old = filled_draft(employer, today, upto="kontaktperson")
    fresh = filled_draft(employer, today, upto="kontaktperson")
    last_saved = today - dt.timedelta(days=DRAFT_RETENTION_DAYS)
    Case.objects.filter(pk=old.pk).update(updated_at=timezone.make_aware(
        dt.datetime.combine(last_saved, dt.time(12))))
    Case.objects.filter(pk=fresh.pk).update(updated_at=timezone.make_aware(
        dt.datetime.combine(last_saved + dt.timedelta(days=1), dt.time(0, 1))))
    fresh.refresh_from_db()
    login(client, employer, "employer")
    listing = _page(client.get("/arbeidsgiver/"))
    assert f"Slettes {fresh.draft_deleted_on:%d.%m.%Y}" in listing

    out = StringIO()
    call_command("delete_stale_drafts", stdout=out)
    assert "Slettet 1 utkast" in out.getvalue()
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == CaseStatus.DELETED and old.answers == {}
    assert fresh.status == CaseStatus.DRAFT
    assert AuditEvent.objects.filter(case=old, action="draft_expired").count() == 1
    call_command("delete_stale_drafts", stdout=StringIO())  # idempotent
    assert AuditEvent.objects.filter(action="draft_expired").count() == 1


# --- 13. A voided agreement is said at once -------------------------------------------------

def test_a_change_the_employee_read_voids_the_agreement_visibly(client: Client, employer,
                                                                 employee, today):
    case = agreed_draft(employer, employee, today)
    old_request = case.consent_requests.get()
    login(client, employer, "employer")
    response = client.post(f"/soknad/{case.public_id}/ekspert/", {
        **case.answers["ekspert"], "expert_name": "Bjørn Rønning"}, follow=True)
    page = _page(response)
    assert "Arbeidstakeren må samtykke på nytt" in page
    assert "Du endret «Eksperten» etter at Kari Nordmann ble spurt" in page
    assert "Be Kari Nordmann om samtykke på nytt" in page
    status = _page(client.get(f"/soknad/{case.public_id}/samtykke/"))
    assert 'id="samtykke-status">Må spørres på nytt<' in status
    assert "Ikke spurt ennå" not in status

    # The employee is told, and their page shows the old request as void with the reason.
    run_pending()
    notice = Notice.objects.get(recipient_national_id=employee.national_id,
                                key=f"consent_voided:{old_request.pk}")
    assert "gjelder ikke lenger" in notice.subject
    employee_client = login(Client(), employee, "employee")
    home = _page(employee_client.get("/arbeidstaker/"))
    assert "Forespørselen fra Fjordlys Sykehjem AS gjelder ikke lenger" in home
    void = _page(employee_client.get(f"/samtykke/{old_request.pk}/"))
    assert "Forespørselen gjelder ikke lenger" in void and "endret «Eksperten»" in void
    assert "Bjørn Rønning" not in void  # what changed is named, not what was written

    # One button asks again; the employee then answers the new request.
    client.post(f"/soknad/{case.public_id}/samtykke/")
    case.refresh_from_db()
    assert case.consent_status == ConsentStatus.PENDING
    assert employee_client.get(f"/samtykke/{old_request.pk}/").status_code == 302


def test_changing_the_person_says_so_without_the_old_name(client: Client, employer, employee,
                                                          today):
    from factories import make_person
    case = agreed_draft(employer, employee, today)
    marit = make_person(6)
    login(client, employer, "employer")
    page = _page(client.post(f"/soknad/{case.public_id}/arbeidstaker/", {
        **case.answers["arbeidstaker"], "employee_national_id": marit.national_id,
        "employee_name": "Marit Lie"}, follow=True))
    assert "Du endret hvem søknaden gjelder" in page
    assert ">Be Marit Lie om samtykke<" in page
    assert "etter at Marit Lie ble spurt" not in page


def test_a_second_change_adds_to_the_reason(employer, employee, today):
    case = agreed_draft(employer, employee, today)
    app.save_step(employer, case, "ekspert", {**case.answers["ekspert"], "expert_name": "Ny"})
    case.refresh_from_db()
    app.save_step(employer, case, "periode", {**case.answers["periode"],
                                              "end_date": case.answers["periode"]["start_date"]})
    request = ConsentRequest.objects.get(case=case)
    assert request.voided_steps == ["ekspert", "periode"] and not request.active
    with pytest.raises(app.ApplicationIncomplete) as refused:
        app.submit_application(employer, case, attested=True)
    assert "Be arbeidstakeren om samtykke på nytt" in refused.value.errors["samtykke"]["__all__"][0]


# --- 14. «Endre» returns to the summary -----------------------------------------------------

def test_endre_from_the_summary_returns_to_the_summary(client: Client, employer, employee, today):
    case = agreed_draft(employer, employee, today)
    login(client, employer, "employer")
    summary = client.get(f"/soknad/{case.public_id}/oppsummering/").content.decode()
    assert f'/soknad/{case.public_id}/kostnader/?tilbake=oppsummering' in summary
    step = client.get(f"/soknad/{case.public_id}/kostnader/?tilbake=oppsummering").content.decode()
    assert 'name="tilbake" value="oppsummering"' in step
    response = client.post(f"/soknad/{case.public_id}/kostnader/",
                           {**case.answers["kostnader"], "tilbake": "oppsummering"})
    assert response.url == f"/soknad/{case.public_id}/oppsummering/"
    # Without it, saving walks on as before.
    response = client.post(f"/soknad/{case.public_id}/periode/", case.answers["periode"])
    assert response.url == f"/soknad/{case.public_id}/kostnader/"


def test_endre_from_the_eligibility_result_returns_to_the_result(client: Client):
    from ekspertbistand.domain.eligibility import QUESTIONS
    for question in QUESTIONS:
        client.post(f"/passer-det/{question.slug}/", {"answer": question.options[0].value})
    result = client.get("/passer-det/resultat/").content.decode()
    assert "/passer-det/arbeidsforhold/?tilbake=resultat" in result
    response = client.post("/passer-det/arbeidsforhold/", {"answer": "yes", "tilbake": "resultat"})
    assert response.url == "/passer-det/resultat/"


def test_eligibility_questions_have_norwegian_addresses(client: Client):
    from ekspertbistand.domain.eligibility import QUESTIONS
    assert [q.slug for q in QUESTIONS][:2] == ["sykefravaer", "arbeidsforhold"]
    assert all(re.fullmatch(r"[a-z-]+", q.slug) and "_" not in q.slug for q in QUESTIONS)
    assert client.get("/passer-det/employment/").status_code == 404


# --- 17. Errors on submit ---------------------------------------------------------------------

def test_ticked_confirmations_survive_a_failed_submit(client: Client, employer, today):
    case = filled_draft(employer, today)  # no consent yet: the submit fails
    login(client, employer, "employer")
    response = client.post(f"/soknad/{case.public_id}/oppsummering/",
                           {"attest_correct": "1", "attest_together": "1"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="feiloppsummering"' in page
    assert 'id="attest_correct" value="1" checked' in page
    assert 'id="attest_together" value="1" checked' in page


def test_focus_moves_by_a_static_script_not_an_inline_one(client: Client):
    page = client.get("/passer-det/").content.decode()
    assert re.search(r'<script src="/static/portal/error-focus\.js" defer></script>', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers


# --- 18. Fødselsnummer and follow-ups ---------------------------------------------------------

def test_national_id_is_stored_as_eleven_digits_and_shown_one_way(employer, today):
    case = filled_draft(employer, today)
    typed = case.answers["arbeidstaker"]["employee_national_id"]
    spaced = f"{typed[:6]} {typed[6:]}"
    typed_loosely = f" {typed[:6]} {typed[6:8]}.{typed[8:]} "
    app.save_step(employer, case, "arbeidstaker", {**case.answers["arbeidstaker"],
                                                   "employee_national_id": typed_loosely})
    case.refresh_from_db()
    assert case.answers["arbeidstaker"]["employee_national_id"] == typed
    assert case.employee_national_id == typed
    rows = dict(next(s for s in application_summary(step_context(case))
                     if s.slug == "arbeidstaker").rows)
    assert rows["Fødselsnummer eller D-nummer (11 siffer)"] == spaced


def test_follow_up_questions_that_do_not_apply_are_not_printed(employer, today):
    case = filled_draft(employer, today, **{
        "bht-og-nav": {"has_bht": "no", "outside_bht_reason": "Skrevet før svaret ble endret."},
        "arbeidstaker": {"on_sick_leave_now": "no", "sick_leave_percent": ""}})
    sections = {s.slug: dict(s.rows) for s in application_summary(step_context(case))}
    labels = {label for rows in sections.values() for label in rows}
    assert "Hvorfor er dette utenfor det bedriftshelsetjenesten vanligvis gir?" not in labels
    assert "Hvor mange prosent er arbeidstakeren sykmeldt?" not in labels
    assert "Hvorfor ble Oppfølging ikke brukt?" not in labels  # tried, so no reason asked
    assert sections["tiltak"]["Hvorfor ble Avklaring ikke brukt?"].startswith("Vurdert med NAV")


def test_sick_leave_extent_is_asked_when_on_sick_leave(employer, today):
    case = filled_draft(employer, today)
    errors = app.save_step(employer, case, "arbeidstaker", {
        **case.answers["arbeidstaker"], "on_sick_leave_now": "yes", "sick_leave_percent": ""})
    assert "Skriv inn hvor mange prosent" in errors["sick_leave_percent"][0]


# --- 19. Address, contact person, the employee's work ----------------------------------------

def test_business_address_and_contact_guidance_on_the_first_step(client: Client, employer, today):
    case = filled_draft(employer, today, upto="kontaktperson")
    login(client, employer, "employer")
    page = _page(client.get(f"/soknad/{case.public_id}/kontaktperson/"))
    assert "Forretningsadresse: Fjordveien 12, 4631 Kristiansand S" in page
    assert "vanligvis nærmeste leder" in page
    summary = _page(client.get(f"/soknad/{case.public_id}/oppsummering/"))
    assert "Fjordlys Sykehjem AS, organisasjonsnummer 910825526, Fjordveien 12" in summary


def test_employee_step_asks_for_work_tasks_hours_and_extent(employer, today):
    case = filled_draft(employer, today)
    errors = app.save_step(employer, case, "arbeidstaker", {
        **case.answers["arbeidstaker"], "work_tasks": "", "working_hours": ""})
    assert set(errors) == {"work_tasks", "working_hours"}
    rows = dict(next(s for s in application_summary(step_context(case))
                     if s.slug == "arbeidstaker").rows)
    assert rows["Arbeidstid"] == "Turnus, dag og kveld, hver tredje helg"
    assert rows["Hvor mange prosent er arbeidstakeren sykmeldt?"] == "50"


# --- 4. Health categories are the employee's own optional answer ----------------------------

def test_employer_is_not_asked_for_health_categories(client: Client, employer, today):
    case = filled_draft(employer, today)
    login(client, employer, "employer")
    page = client.get(f"/soknad/{case.public_id}/behov/").content.decode()
    assert "Psykiske helseplager" not in page and "Muskel- og skjelettplager" not in page
    summary = client.get(f"/soknad/{case.public_id}/oppsummering/").content.decode()
    assert "Hvilke utfordringer ligger bak?" not in summary


def test_employee_may_answer_categories_for_statistics_only(client: Client, employer, employee,
                                                            today):
    case = filled_draft(employer, today)
    request = consent.request_consent(employer, case)
    employee_client = login(Client(), employee, "employee")
    page = employee_client.get(f"/samtykke/{request.pk}/").content.decode()
    assert "Hva ligger bak fraværet? (valgfritt)" in page and "Arbeidsgiveren ser det ikke" in page
    employee_client.post(f"/samtykke/{request.pk}/", {"answer": "agree",
                                                       "challenges": ["musculoskeletal"]})
    request.refresh_from_db()
    assert request.status == ConsentStatus.AGREED and request.challenges == ["musculoskeletal"]
    employer_client = login(Client(), employer, "employer")
    for url in (f"/soknad/{case.public_id}/samtykke/", f"/soknad/{case.public_id}/oppsummering/"):
        assert "Muskel- og skjelettplager" not in employer_client.get(url).content.decode()


def test_a_declining_employee_keeps_no_categories(employer, employee, today):
    case = filled_draft(employer, today)
    request = consent.respond_to_consent(employee, consent.request_consent(employer, case),
                                         agree=False, challenges=["mental_health"])
    assert request.challenges == []


# --- 24. The test login groups people by role ----------------------------------------------

def test_login_groups_people_by_role_with_each_case_workers_unit(client: Client, employer,
                                                                 employee, today):
    worker = User.objects.create(username="aud", first_name="Aud", last_name="Saksbehandler")
    UnitMembership.objects.create(user=worker, unit=worklife_centre_for("4204", today))
    make_employer("geir")
    page = _page(client.get("/logg-inn/"))
    headings = re.findall(r'<h2 class="aksel-heading aksel-heading--large" id="rolle-(\w+)"', page)
    assert headings == ["employer", "employee", "caseworker"]
    caseworkers = page[page.index('id="rolle-caseworker"'):]
    assert "Aud Saksbehandler" in caseworkers and "Enhet: NAV Arbeidslivssenter Agder" in caseworkers


def test_pages_link_a_favicon(client: Client):
    page = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/portal/favicon.svg"' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url == "/static/portal/favicon.svg"

