"""Talking to NAV inside the service (issue 15): the talk before the application, the
application's NAV-contact step filled from it, and the message threads on a case."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ekspertbistand.cases import outbox
from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.actions import contact
from ekspertbistand.cases.actions import messages as message_actions
from ekspertbistand.cases.demo import answers_for
from ekspertbistand.cases.models import AuditEvent, Notice, Organisation
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.contact.models import Message, TalkRequest, Thread
from ekspertbistand.reference.models import Municipality
from factories import LENA, agreed_draft, login, make_employer, make_person, submitted_case

pytestmark = pytest.mark.django_db

RECORD = {"talk_date": "", "nav_participant": "Aud Arbeidsliv",
          "employer_participants": "Hanne Lunde (HR)", "outcome": "relevant", "outcome_note": ""}


def _talk(employer, today) -> TalkRequest:
    organisation = employer.employer_access.first().organisation
    return contact.request_talk(employer, organisation, description="En ansatt har vært mye "
                                "borte; vi lurer på om ekspertbistand passer.",
                                availability="Tirsdager etter kl. 12", today=today)


def _recorded(employer, caseworker, today) -> TalkRequest:
    talk = _talk(employer, today)
    return contact.record_talk(caseworker, talk, {
        **RECORD, "talk_date": today - dt.timedelta(days=1)})


# --- Where a talk request goes (decision 0030) -------------------------------------------------

def _organisation_in(number: str) -> Organisation:
    return Organisation.objects.create(orgnr=f"9{number}0000"[:9], name=f"Virksomhet {number}",
                                       municipality=Municipality.objects.get(number=number))


@pytest.mark.parametrize(("municipality", "unit"), [
    ("4204", "NAV Arbeidslivssenter Agder"),     # Kristiansand: no delegated office
    ("4203", "NAV Arendal"),                     # Agder's delegated office decides itself
    ("1804", "NAV Arbeidslivssenter Nordland"),  # NAV Bodø only recommends: the centre talks
])
def test_a_talk_goes_to_the_unit_covering_the_employers_municipality(today, municipality, unit):
    assert contact.talk_unit_for(_organisation_in(municipality), today).name == unit


def test_the_employer_asks_for_a_talk_and_the_covering_centre_sees_it(
        client: Client, employer, caseworker_agder, caseworker_nordland):
    login(client, employer, "employer")
    page = client.get("/arbeidsgiver/samtaler/ny/").content.decode()
    assert "Ikke skriv helseopplysninger" in page
    response = client.post("/arbeidsgiver/samtaler/ny/", {
        "organisation": "910825526", "description": "", "availability": "Mandag"})
    assert response.status_code == 400
    assert "Skriv kort hva dere vil snakke med NAV om." in response.content.decode()
    assert 'value="Mandag"' in response.content.decode()  # nothing typed is lost
    response = client.post("/arbeidsgiver/samtaler/ny/", {
        "organisation": "910825526", "description": "Lang sykmelding, usikre på vilkårene.",
        "availability": "Mandag formiddag"})
    talk = TalkRequest.objects.get()
    assert response.url == f"/arbeidsgiver/samtaler/{talk.public_id}/"
    assert talk.unit.name == "NAV Arbeidslivssenter Agder" and talk.status == "new"

    nav = login(Client(), caseworker_agder, "caseworker")
    assert "Fjordlys Sykehjem AS" in nav.get("/nav/samtaler/").content.decode()
    other = login(Client(), caseworker_nordland, "caseworker")
    assert "Fjordlys Sykehjem AS" not in other.get("/nav/samtaler/").content.decode()
    assert other.get(f"/nav/samtaler/{talk.public_id}/").status_code == 404


def test_nav_takes_answers_and_records_the_talk_which_the_employer_sees(
        client: Client, employer, caseworker_agder, today):
    talk = _talk(employer, today)
    nav = login(Client(), caseworker_agder, "caseworker")
    assert nav.post(f"/nav/samtaler/{talk.public_id}/ta/").status_code == 302
    nav.post(f"/nav/samtaler/{talk.public_id}/svar/", {"body": "Passer torsdag kl. 10?"})
    future = nav.post(f"/nav/samtaler/{talk.public_id}/skriv-ned/", {
        **RECORD, "talk_date": (today + dt.timedelta(days=1)).isoformat()})
    assert future.status_code == 400
    assert "kan ikke være fram i tid" in future.content.decode()
    try_first = nav.post(f"/nav/samtaler/{talk.public_id}/skriv-ned/", {
        **RECORD, "talk_date": today.isoformat(), "outcome": "try_first"})
    assert "Skriv hva arbeidsgiveren bør prøve først." in try_first.content.decode()
    nav.post(f"/nav/samtaler/{talk.public_id}/skriv-ned/", {
        **RECORD, "talk_date": today.isoformat(), "outcome": "try_first",
        "outcome_note": "Prøv Oppfølging med NAV-veileder først."})
    talk.refresh_from_db()
    assert talk.status == "recorded" and talk.assigned_to == caseworker_agder

    outbox.run_pending()
    login(client, employer, "employer")
    page = client.get(f"/arbeidsgiver/samtaler/{talk.public_id}/").content.decode()
    assert "Prøv dette først" in page and "Prøv Oppfølging med NAV-veileder først." in page
    assert "Passer torsdag kl. 10?" in page
    assert "Aud" in page or "aud" in page  # NAV answers with the case worker's name
    subjects = set(Notice.objects.filter(recipient=employer).values_list("subject", flat=True))
    assert subjects == {"NAV har svart på forespørselen om samtale",
                        "NAV har skrevet ned samtalen med dere"}


def test_two_case_workers_taking_the_same_request_leave_one_owner(
        employer, caseworker_agder, today):
    from ekspertbistand.cases.models import UnitMembership, User
    colleague = User.objects.create(username="kollega", first_name="Kari", last_name="Kollega")
    UnitMembership.objects.create(user=colleague, unit=caseworker_agder.unit_memberships
                                  .first().unit)
    talk = _talk(employer, today)
    contact.take_talk(caseworker_agder, talk)
    with pytest.raises(NotAllowed, match="har allerede tatt"):
        contact.take_talk(colleague, talk)
    talk.refresh_from_db()
    assert talk.assigned_to == caseworker_agder


# --- The application's NAV-contact step, filled from the talk ---------------------------------

def test_an_application_started_from_the_talk_has_its_nav_contact_filled_and_linked(
        client: Client, employer, employee, caseworker_agder, today):
    talk = _recorded(employer, caseworker_agder, today)
    login(client, employer, "employer")
    response = client.post(f"/arbeidsgiver/samtaler/{talk.public_id}/start-soknad/")
    # The ordinary start: the intro page's confirmations, and the draft made at the first save.
    assert response.url == "/arbeidsgiver/ny-soknad/?orgnr=910825526"
    client.post("/arbeidsgiver/ny-soknad/", {"start": "1", "orgnr": "910825526",
                                             "confirm_correct": "1", "confirm_together": "1"})
    contact_person = answers_for(0, today)["kontaktperson"]
    response = client.post("/arbeidsgiver/ny-soknad/910825526/", contact_person)
    talk.refresh_from_db()
    case = talk.case
    assert case is not None and response.url == f"/soknad/{case.public_id}/arbeidstaker/"
    page = client.get(f"/soknad/{case.public_id}/bht-og-nav/").content.decode()
    assert 'value="Aud Arbeidsliv, NAV Arbeidslivssenter Agder"' in page
    assert f'value="{(today - dt.timedelta(days=1)).isoformat()}"' in page
    assert "Oppgi en annen kontakt i NAV" in page
    assert "Du må rette dette" not in page  # a prefilled step is not an error

    # The employer can name another contact instead; what was typed stays theirs.
    client.post(f"/soknad/{case.public_id}/samtale-med-nav/velg/", {"talk": ""})
    talk.refresh_from_db()
    assert talk.case is None
    page = client.get(f"/soknad/{case.public_id}/bht-og-nav/").content.decode()
    assert "Bruk samtalen" in page
    client.post(f"/soknad/{case.public_id}/samtale-med-nav/velg/", {"talk": talk.public_id})
    talk.refresh_from_db()
    assert talk.case == case


def test_the_case_worker_assessing_the_application_sees_the_linked_talk(
        client: Client, employer, employee, caseworker_agder, today):
    talk = _recorded(employer, caseworker_agder, today)
    unlinked = submitted_case(employer, employee, today)
    nav = login(client, caseworker_agder, "caseworker")
    page = nav.get(f"/nav/saker/{unlinked.public_id}/").content.decode()
    assert "Søknaden viser ikke til en samtale skrevet ned i tjenesten" in page

    linked = agreed_draft(employer, employee, today)
    contact.link_talk(employer, linked, talk)
    linked = app.submit_application(employer, linked, attested=True)
    page = nav.get(f"/nav/saker/{linked.public_id}/").content.decode()
    assert "Søknaden viser til en samtale NAV har skrevet ned." in page
    assert "Aud Arbeidsliv, NAV Arbeidslivssenter Agder" in page


def test_a_talk_of_another_organisation_cannot_be_linked(employer, other_employer,
                                                         caseworker_nordland, today):
    talk = _recorded(other_employer, caseworker_nordland, today)
    draft = app.create_draft(employer, employer.employer_access.first().organisation)
    with pytest.raises(NotAllowed):
        contact.link_talk(employer, draft, talk)


# --- Threads on a case -------------------------------------------------------------------------

def test_employer_and_nav_exchange_messages_with_read_status_and_a_notice(
        client: Client, employer, employee, caseworker_agder, today):
    case = submitted_case(employer, employee, today)
    login(client, employer, "employer")
    page = client.get(f"/saker/{case.public_id}/").content.decode()
    assert "Meldinger med NAV" in page and "Ikke skriv diagnoser" in page
    pdf = SimpleUploadedFile("timeplan.pdf", _pdf(), content_type="application/pdf")
    client.post(f"/saker/{case.public_id}/meldinger/", {"body": "Når kommer svaret?",
                                                        "attachment": pdf})
    assert "Ikke lest ennå" in client.get(f"/saker/{case.public_id}/").content.decode()

    nav = login(Client(), caseworker_agder, "caseworker")
    page = nav.get(f"/nav/saker/{case.public_id}/").content.decode()
    assert "Når kommer svaret?" in page and "timeplan.pdf" in page
    message = Message.objects.get()
    assert message.read_at is not None
    download = nav.get(f"/nav/saker/{case.public_id}/meldinger/{message.pk}/vedlegg/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    nav.post(f"/nav/saker/{case.public_id}/meldinger/employer/",
             {"body": "Vi svarer innen ti dager."})
    outbox.run_pending()
    notice = Notice.objects.get(recipient=employer, subject__startswith="Ny melding fra NAV")
    assert "Vi svarer" not in notice.body  # a notice tells, it does not quote
    page = client.get(f"/saker/{case.public_id}/").content.decode()
    assert "Vi svarer innen ti dager." in page
    assert "Lest " in page  # NAV read the employer's message
    assert "NAV Arbeidslivssenter Agder" in page


def test_the_employees_thread_with_nav_is_never_seen_by_the_employer(
        client: Client, employer, employee, caseworker_agder, today):
    case = submitted_case(employer, employee, today)
    kari = login(Client(), employee, "employee")
    page = kari.get(f"/saker/{case.public_id}/").content.decode()
    assert "Arbeidsgiveren din ser ikke disse meldingene." in page
    kari.post(f"/saker/{case.public_id}/meldinger/", {"body": "Jeg vil snakke med NAV alene."})
    nav = login(Client(), caseworker_agder, "caseworker")
    assert "Jeg vil snakke med NAV alene." in nav.get(f"/nav/saker/{case.public_id}/").content.decode()
    nav.post(f"/nav/saker/{case.public_id}/meldinger/employee/", {"body": "Vi ringer deg."})

    login(client, employer, "employer")
    page = client.get(f"/saker/{case.public_id}/").content.decode()
    assert "Jeg vil snakke med NAV alene." not in page and "Vi ringer deg." not in page
    api = client.get(f"/api/v1/cases/{case.public_id}/messages").json()
    assert all("alene" not in m["body"] and "ringer" not in m["body"] for m in api["messages"])
    # The employer cannot write into or read the employee's thread by any address.
    assert client.post(f"/nav/saker/{case.public_id}/meldinger/employee/",
                       {"body": "x"}).status_code == 302  # not a case worker: sent away
    assert Message.objects.filter(thread__kind=Thread.Kind.EMPLOYEE).count() == 2
    outbox.run_pending()
    assert Notice.objects.filter(recipient_national_id=employee.national_id,
                                 subject="Ny melding fra NAV om saken din").exists()


def test_a_message_with_health_details_is_sent_back_with_the_warning_and_kept(
        client: Client, employer, employee, today):
    case = submitted_case(employer, employee, today)
    login(client, employer, "employer")
    text = "Hun har depresjon og går til psykolog."
    client.post(f"/saker/{case.public_id}/meldinger/", {"body": text})
    assert not Message.objects.exists()
    page = client.get(f"/saker/{case.public_id}/").content.decode()
    assert "«depresjon»" in page and "«psykolog»" in page  # the words found are named
    assert text in page and "Send likevel" in page
    client.post(f"/saker/{case.public_id}/meldinger/", {"body": text, "confirm_health": "on"})
    assert Message.objects.get().body == text


def test_an_upload_that_is_not_a_pdf_or_image_is_refused_and_the_text_kept(
        client: Client, employer, employee, today):
    case = submitted_case(employer, employee, today)
    login(client, employer, "employer")
    fake = SimpleUploadedFile("faktura.pdf", b"MZ not a pdf", content_type="application/pdf")
    client.post(f"/saker/{case.public_id}/meldinger/", {"body": "Se vedlegg", "attachment": fake})
    assert not Message.objects.exists()
    page = client.get(f"/saker/{case.public_id}/").content.decode()
    assert "er ikke en PDF, PNG eller JPEG" in page and "Se vedlegg" in page


def test_every_message_read_by_nav_is_audit_logged(client: Client, employer, employee,
                                                   caseworker_agder, today):
    case = submitted_case(employer, employee, today)
    message_actions.send_case_message(employer, Role.EMPLOYER, case, "employer", "Hei")
    message_actions.send_case_message(employee, Role.EMPLOYEE, case, "employee", "Hei")
    login(client, caseworker_agder, "caseworker").get(f"/nav/saker/{case.public_id}/")
    reads = AuditEvent.objects.filter(action="messages_viewed", actor=caseworker_agder, case=case)
    assert {e.details["thread"] for e in reads} == {"employer", "employee"}
    assert all("Hei" not in str(e.details) for e in reads)


def test_kode_6_messages_and_notices_never_name_the_unit_to_the_employer(
        client: Client, caseworker_vikafossen, today):
    trond = make_employer("trond", "910825453")
    lena = make_person(LENA)
    case = submitted_case(trond, lena, today, person=LENA)
    assert case.routed_unit.name == "NAV Vikafossen"
    message_actions.send_case_message(caseworker_vikafossen, Role.CASEWORKER, case, "employer",
                                      "Vi har mottatt søknaden.")
    message_actions.send_case_message(caseworker_vikafossen, Role.CASEWORKER, case, "employee",
                                      "Vi har mottatt søknaden.")
    outbox.run_pending()
    login(client, trond, "employer")
    page = client.get(f"/saker/{case.public_id}/").content.decode()
    assert "Vi har mottatt søknaden." in page
    assert "Vikafossen" not in _messages_section(page)
    assert caseworker_vikafossen.display_name() not in _messages_section(page)
    api = client.get(f"/api/v1/cases/{case.public_id}/messages").json()
    assert "Vikafossen" not in str(api)
    for notice in Notice.objects.filter(case=case):
        assert "Vikafossen" not in notice.subject + notice.body + notice.link


def _messages_section(page: str) -> str:
    return page[page.index('id="meldinger"'):page.index('id="tidslinje"')]


def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_message_needs_text(employer, employee, today):
    case = submitted_case(employer, employee, today)
    with pytest.raises(NotAllowed, match="skriv meldingen"):
        message_actions.send_case_message(employer, Role.EMPLOYER, case, "employer", "  ")


# --- «Noe stemmer ikke» on the consent page (decision 0034) -------------------------------------

def test_the_employee_answers_that_something_is_wrong_and_the_employer_reads_it(
        client: Client, employer, employee, today):
    from ekspertbistand.cases.actions import consent
    from factories import filled_draft
    case = filled_draft(employer, today)
    request = consent.request_consent(employer, case)
    kari = login(Client(), employee, "employee")
    page = kari.get(f"/samtykke/{request.pk}/").content.decode()
    assert "Noe stemmer ikke?" in page
    empty = kari.post(f"/samtykke/{request.pk}/noe-stemmer-ikke/", {"body": " "})
    assert empty.url == f"/samtykke/{request.pk}/#noe-stemmer-ikke"
    assert "skriv meldingen" in kari.get(f"/samtykke/{request.pk}/").content.decode().lower()
    kari.post(f"/samtykke/{request.pk}/noe-stemmer-ikke/",
              {"body": "Stillingsprosenten er 60, ikke 80."})
    page = kari.get(f"/samtykke/{request.pk}/").content.decode()
    assert "Du skrev" in page and "Stillingsprosenten er 60, ikke 80." in page
    request.refresh_from_db()
    assert request.status == "pending"  # neither agreed nor declined: still the employee's call

    outbox.run_pending()
    assert Notice.objects.filter(recipient=employer,
                                 subject="Arbeidstakeren mener noe i søknaden ikke stemmer").exists()
    login(client, employer, "employer")
    page = client.get(f"/soknad/{case.public_id}/samtykke/").content.decode()
    assert "Arbeidstakeren mener noe ikke stemmer" in page
    assert "Stillingsprosenten er 60, ikke 80." in page
    # Another person cannot comment on Kari's request.
    per = login(Client(), make_person(3), "employee")
    assert per.post(f"/samtykke/{request.pk}/noe-stemmer-ikke/",
                    {"body": "x"}).status_code == 404


def test_a_talk_used_by_a_sent_application_cannot_be_used_again(employer, employee,
                                                                caseworker_agder, today):
    talk = _recorded(employer, caseworker_agder, today)
    sent = agreed_draft(employer, employee, today)
    contact.link_talk(employer, sent, talk)
    app.submit_application(employer, sent, attested=True)
    with pytest.raises(NotAllowed, match="allerede brukt"):
        contact.link_talk(employer, app.create_draft(employer, sent.organisation), talk)


def test_a_withdrawn_case_takes_no_new_messages_from_the_employer(client: Client, employer,
                                                                  employee, today):
    case = submitted_case(employer, employee, today)
    app.withdraw_application(employer, case)
    login(client, employer, "employer")
    assert "Saken er avsluttet" in client.get(f"/saker/{case.public_id}/").content.decode()
    with pytest.raises(NotAllowed, match="avsluttet"):
        message_actions.send_case_message(employer, Role.EMPLOYER, case, "employer", "Hei")


def test_the_talk_queue_and_a_thread_cost_the_same_queries_however_many_there_are(
        client: Client, employer, employee, caseworker_agder, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    nav = login(client, caseworker_agder, "caseworker")
    case = submitted_case(employer, employee, today)

    def cost() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queue:
            assert nav.get("/nav/samtaler/").status_code == 200
        with CaptureQueriesContext(connection) as page:
            assert nav.get(f"/nav/saker/{case.public_id}/").status_code == 200
        return len(queue), len(page)

    _talk(employer, today)
    message_actions.send_case_message(employer, Role.EMPLOYER, case, "employer", "Hei")
    few = cost()
    for _ in range(5):
        _talk(employer, today)
        message_actions.send_case_message(employer, Role.EMPLOYER, case, "employer", "Hei igjen")
    assert cost() == few


def test_a_nul_character_is_refused_in_norwegian_and_nothing_is_stored(client: Client,
                                                                       employer, employee, today):
    case = submitted_case(employer, employee, today)
    login(client, employer, "employer")
    client.post(f"/saker/{case.public_id}/meldinger/", {"body": "Hei\x00 der"})
    assert not Message.objects.exists()
    page = client.get(f"/saker/{case.public_id}/").content.decode()
    assert "inneholder et tegn som ikke kan brukes" in page
    response = client.post("/arbeidsgiver/samtaler/ny/", {
        "organisation": "910825526", "description": "Hei\x00", "availability": "Mandag"})
    assert response.status_code == 400
    assert "«Hva vil dere snakke med NAV om?» inneholder et tegn" in response.content.decode()
    with pytest.raises(NotAllowed, match="tegn som ikke kan brukes"):
        message_actions.send_case_message(employer, Role.EMPLOYER, case, "employer", "a\x00b")


def test_a_deleted_draft_frees_its_talk_for_a_new_application(client: Client, employer,
                                                              caseworker_agder, today):
    talk = _recorded(employer, caseworker_agder, today)
    draft = app.create_draft(employer, employer.employer_access.first().organisation)
    contact.link_talk(employer, draft, talk)
    app.delete_draft(employer, draft)
    login(client, employer, "employer")
    page = client.get(f"/arbeidsgiver/samtaler/{talk.public_id}/").content.decode()
    assert "Start søknad fra samtalen" in page
    contact.link_talk(employer, app.create_draft(employer, draft.organisation), talk)


def test_the_reports_privacy_check_runs_on_messages(employer, employee, today):
    """Decision 0033: the report's check (decision 0035) is registered for every free text."""
    from ekspertbistand.cases.text_checks import findings_in
    case = submitted_case(employer, employee, today)
    with pytest.raises(message_actions.HealthDetailsSuspected) as refused:
        message_actions.send_case_message(employer, Role.EMPLOYER, case, "employer",
                                          "Legen har satt F32.1 på sykmeldingen.")
    text = str(refused.value)
    assert "Diagnosekode («F32.1»)" in text
    assert "«F32»" not in text  # the same code is not warned about twice
    assert findings_in("Hei Geir, takk for praten i dag.") == []  # names are not flagged here
