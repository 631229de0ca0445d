"""NAV's case handling through the pages and the API: routing at submit, the work queue,
«Ta saken», questions to the employer with answers and files, reminders, notes and re-routing.
Each action's refusal for someone outside the handling unit, and what a double click leaves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ekspertbistand.cases.actions import handling as handling_actions
from ekspertbistand.cases.actions import information as information_actions
from ekspertbistand.cases.actions.application import withdraw_application
from ekspertbistand.cases.models import (
    AuditEvent,
    Case,
    CaseNote,
    CaseRouting,
    InformationRequest,
    Notice,
    User,
)
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.cases.permissions import NotAllowed
from ekspertbistand.reference.models import NavUnit
from factories import (
    ARENDAL_ORG,
    MORTEN,
    SILJE,
    login,
    make_employer,
    make_person,
    pdf_bytes,
    submitted_case,
)
from factories import make_staff as staff

pytestmark = pytest.mark.django_db

RAELINGEN_ORG = "910825550"  # Rælingen Omsorg AS (NAV Rælingen requires prior contact)


@pytest.fixture
def lise(db) -> User:
    return make_employer("lise", ARENDAL_ORG)


@pytest.fixture
def arne(db) -> User:
    return staff("arne", "4203")  # NAV Arendal


@pytest.fixture
def arendal_case(lise, today) -> Case:
    return submitted_case(lise, make_person(SILJE), today, SILJE)


def nav(user: User) -> Client:
    return login(Client(), user, "caseworker")


def test_same_municipality_goes_to_the_delegated_office_with_the_reason(arendal_case, arne):
    assert arendal_case.routed_unit.name == "NAV Arendal"
    from ekspertbistand.cases.routing import deciding_unit
    assert deciding_unit(arendal_case).name == "NAV Arendal"
    assert arendal_case.deciding_unit is None  # stored only when another unit decides
    assert arendal_case.routing_reason == "delegated_office"
    routing = CaseRouting.objects.get(case=arendal_case)
    assert routing.routed_by is None and "4203" in routing.text
    assert AuditEvent.objects.filter(case=arendal_case, action="routed",
                                     details__reason="delegated_office").exists()
    page = nav(arne).get(f"/nav/saker/{arendal_case.public_id}/").content.decode()
    assert "Hvorfor saken er her" in page and "NAV-kontor med delegert myndighet" in page


def test_neighbour_municipality_goes_to_the_worklife_centre(lise, today, caseworker_agder):
    case = submitted_case(lise, make_person(MORTEN), today, MORTEN)
    assert case.routed_unit.name == "NAV Arbeidslivssenter Agder"
    assert case.routing_reason == "employee_elsewhere"
    page = nav(caseworker_agder).get(f"/nav/saker/{case.public_id}/").content.decode()
    assert "Arbeidstakeren bor i en annen kommune" in page and "NAV Arendal" in page


def test_prior_contact_is_read_from_the_nav_contact_step(today):
    """Decision 0025: the office is named in «Hvem i NAV har dere snakket med?»."""
    from ekspertbistand.cases.actions.application import save_step, submit_application
    from factories import agreed_draft

    kjetil = make_employer("kjetil", RAELINGEN_ORG)
    anne = make_person(20)
    without = submit_application(kjetil, agreed_draft(kjetil, anne, today, 20), attested=True)
    assert without.routing_reason == "no_prior_contact"
    assert without.routed_unit.name == "NAV Arbeidslivssenter Akershus"
    draft = agreed_draft(kjetil, anne, today, 20)
    save_step(kjetil, draft, "bht-og-nav", {**draft.answers["bht-og-nav"],
                                             "nav_contact_name": "Rune, NAV Rælingen"})
    draft.refresh_from_db()
    assert submit_application(kjetil, draft, attested=True).routed_unit.name == "NAV Rælingen"


def test_recommending_office_prepares_and_its_worklife_centre_decides(today, caseworker_nordland):
    geir = make_employer("geir", "910825518")  # Nordlys Transport AS, Bodø
    case = submitted_case(geir, make_person(1), today, 1)  # Ola Hansen lives in Bodø
    from ekspertbistand.cases.routing import deciding_unit, preparing_unit
    assert preparing_unit(case).name == "NAV Bodø"
    assert deciding_unit(case).name == "NAV Arbeidslivssenter Nordland"
    # The deciding unit may open the case, but it is not in its «new» list, nor can it take it.
    client = nav(caseworker_nordland)
    assert client.get(f"/nav/saker/{case.public_id}/").status_code == 200
    assert case.reference not in client.get("/nav/").content.decode()
    with pytest.raises(NotAllowed):
        handling_actions.take_case(caseworker_nordland, case)


def test_queue_buckets_filters_search_and_withdrawn_with_reason(lise, arne, today):
    open_case = submitted_case(lise, make_person(SILJE), today, SILJE)
    gone = submitted_case(lise, make_person(SILJE), today, SILJE)
    withdraw_application(lise, gone, "Arbeidstakeren er tilbake i jobb.")
    client = nav(arne)
    page = client.get("/nav/").content.decode()
    assert open_case.reference in page and gone.reference not in page
    assert "12037823560" not in page and "14028123540" not in page  # no fødselsnummer
    withdrawn = client.get("/nav/?status=withdrawn").content.decode()
    assert gone.reference in withdrawn and open_case.reference not in withdrawn
    detail = client.get(f"/nav/saker/{gone.public_id}/").content.decode()
    assert "Arbeidstakeren er tilbake i jobb." in detail
    # Search: casefolded organisation name, part of the case number, both databases alike.
    assert open_case.reference in client.get("/nav/?sok=HAVNELOGISTIKK").content.decode()
    assert open_case.reference in client.get(
        f"/nav/?sok={open_case.reference[-6:]}").content.decode()
    assert open_case.reference not in client.get("/nav/?sok=fjordlys").content.decode()


def test_search_folds_non_ascii_names(today):
    kjetil = make_employer("kjetil", RAELINGEN_ORG)
    case = submitted_case(kjetil, make_person(20), today, 20)
    worker = staff("als", "3291")
    assert case.reference in nav(worker).get("/nav/?sok=RÆLINGEN omsorg").content.decode()


def test_days_since_received_past_the_units_target_are_highlighted(arendal_case, arne):
    Case.objects.filter(pk=arendal_case.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=11))
    page = nav(arne).get("/nav/").content.decode()
    assert "over målet på 10" in page
    NavUnit.objects.filter(number="4203").update(target_days=12)
    assert "over målet" not in nav(arne).get("/nav/").content.decode()


def test_queue_is_paginated(lise, arne, arendal_case):
    Case.objects.filter(pk=arendal_case.pk).update(reference="EB-2026-999999")
    for _ in range(25):
        arendal_case.pk = None
        arendal_case.public_id = __import__("uuid").uuid4()
        arendal_case.reference = f"EB-2026-{Case.objects.count():06d}"
        arendal_case.save()
    first = nav(arne).get("/nav/").content.decode()
    assert "Side 1 av 2" in first and "Neste side" in first
    assert "EB-2026-999999" in first
    assert "EB-2026-999999" not in nav(arne).get("/nav/?side=2").content.decode()


def test_take_the_case_once_and_refusals(arendal_case, arne, caseworker_agder):
    other = staff("anna", "4203")
    assert nav(caseworker_agder).post(f"/nav/saker/{arendal_case.public_id}/ta/").status_code == 404
    client = nav(arne)
    client.post(f"/nav/saker/{arendal_case.public_id}/ta/")
    client.post(f"/nav/saker/{arendal_case.public_id}/ta/")  # double click
    arendal_case.refresh_from_db()
    assert arendal_case.status == "under_assessment" and arendal_case.assigned_to == arne
    assert AuditEvent.objects.filter(case=arendal_case, action="taken").count() == 1
    response = nav(other).post(f"/nav/saker/{arendal_case.public_id}/ta/", follow=True)
    assert "Arne Saksbehandler har allerede tatt saken." in response.content.decode()
    assert "Arne Saksbehandler" in nav(other).get("/nav/?status=in_progress").content.decode()


def test_ask_the_employer_answer_with_a_pdf_and_back_to_the_queue(arendal_case, arne, lise,
                                                                   other_employer):
    client = nav(arne)
    case_url = f"/nav/saker/{arendal_case.public_id}/"
    refused = client.post(f"{case_url}sporsmal/", {"question": "Hva gjør hun nå?"})
    assert refused.status_code == 400 and "Ta saken før" in refused.content.decode()
    assert "Hva gjør hun nå?" in refused.content.decode()  # nothing typed is lost
    client.post(f"{case_url}ta/")
    client.post(f"{case_url}sporsmal/", {"question": "Hva gjør hun nå?"})
    client.post(f"{case_url}sporsmal/", {"question": "Hva gjør hun nå?"})  # double click
    arendal_case.refresh_from_db()
    assert arendal_case.status == "waiting_for_employer"
    assert InformationRequest.objects.filter(case=arendal_case).count() == 1
    run_pending()
    notice = Notice.objects.get(recipient=lise, key__startswith="information_requested")
    assert arendal_case.reference in notice.subject and "14028123540" not in notice.body
    assert "Venter på svar fra arbeidsgiver" in client.get(
        "/nav/?status=waiting").content.decode()

    employer = login(Client(), lise, "employer")
    page = employer.get(f"/saker/{arendal_case.public_id}/").content.decode()
    assert "Hva gjør hun nå?" in page and "Send svaret til NAV" in page
    question = InformationRequest.objects.get(case=arendal_case)
    answer_url = f"/saker/{arendal_case.public_id}/svar/{question.pk}/"
    bad = employer.post(answer_url, {"answer": "Se vedlegg",
                                     "files": SimpleUploadedFile("plan.pdf", b"not a pdf")})
    assert bad.status_code == 400 and "ikke en PDF" in bad.content.decode()
    assert "Se vedlegg" in bad.content.decode()
    assert login(Client(), other_employer, "employer").post(
        answer_url, {"answer": "x"}).status_code == 404
    for _ in range(2):  # double click: one answer, one file
        employer.post(answer_url, {"answer": "Se vedlegg",
                                   "files": SimpleUploadedFile("plan.pdf", pdf_bytes())})
    question.refresh_from_db()
    arendal_case.refresh_from_db()
    assert question.answer == "Se vedlegg" and question.attachments.count() == 1
    assert arendal_case.status == "under_assessment" and arendal_case.assigned_to == arne
    attachment = question.attachments.get()
    nav_file = client.get(f"{case_url}vedlegg/{attachment.pk}/")
    assert nav_file.status_code == 200 and b"".join(nav_file.streaming_content).startswith(b"%PDF")
    assert nav(staff("ola", "1091")).get(f"{case_url}vedlegg/{attachment.pk}/").status_code == 404
    employer_file = f"/saker/{arendal_case.public_id}/vedlegg/{attachment.pk}/"
    assert employer.get(employer_file).status_code == 200
    assert login(Client(), other_employer, "employer").get(employer_file).status_code == 404
    assert login(Client(), make_person(SILJE), "employee").get(employer_file).status_code == 404


def test_one_reminder_after_the_units_limit(arendal_case, arne, lise):
    handling_actions.take_case(arne, arendal_case)
    request = information_actions.request_information(arne, arendal_case, "Hvor mange timer?")
    InformationRequest.objects.filter(pk=request.pk).update(
        asked_at=timezone.now() - dt.timedelta(days=13, hours=23))
    call_command("send_information_reminders")
    assert not Notice.objects.filter(key__startswith="information_reminder").exists()
    InformationRequest.objects.filter(pk=request.pk).update(
        asked_at=timezone.now() - dt.timedelta(days=14, minutes=1))
    call_command("send_information_reminders")
    call_command("send_information_reminders")
    assert Notice.objects.filter(key__startswith="information_reminder", recipient=lise).count() == 1
    request.refresh_from_db()
    assert request.reminder_sent_at is not None


def test_notes_are_for_nav_only_and_a_double_submit_stores_one(arendal_case, arne, lise):
    client = nav(arne)
    url = f"/nav/saker/{arendal_case.public_id}/notater/"
    key = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
    client.post(url, {"text": "Ringte arbeidsgiver.", "key": key})
    client.post(url, {"text": "Ringte arbeidsgiver.", "key": key})
    assert CaseNote.objects.filter(case=arendal_case).count() == 1
    assert "Ringte arbeidsgiver." in client.get(f"/nav/saker/{arendal_case.public_id}/").content.decode()
    empty = client.post(url, {"text": "  "})
    assert empty.status_code == 400 and "Notat: skriv en tekst." in empty.content.decode()
    broken = client.post(url, {"text": "a\x00b"})
    assert broken.status_code == 400
    employer_page = login(Client(), lise, "employer").get(
        f"/saker/{arendal_case.public_id}/").content.decode()
    assert "Ringte arbeidsgiver." not in employer_page
    assert nav(staff("ola", "1091")).post(url, {"text": "x"}).status_code == 404


def test_reroute_with_a_reason_keeps_the_history(arendal_case, arne, caseworker_agder):
    client = nav(arne)
    url = f"/nav/saker/{arendal_case.public_id}/flytt/"
    agder = NavUnit.objects.get(number="1091")
    missing = client.post(url, {"unit": agder.number, "reason": ""})
    assert missing.status_code == 400 and "Begrunnelse: skriv en tekst." in missing.content.decode()
    assert nav(caseworker_agder).post(url, {"unit": "4203", "reason": "x"}).status_code == 404
    client.post(f"/nav/saker/{arendal_case.public_id}/ta/")
    client.post(url, {"unit": agder.number, "reason": "Kontoret er inhabilt."})
    again = client.post(url, {"unit": agder.number, "reason": "Kontoret er inhabilt."})
    assert again.status_code == 302  # a double click lands on the queue
    arendal_case.refresh_from_db()
    assert arendal_case.routed_unit == agder and arendal_case.routing_reason == "rerouted"
    assert arendal_case.status == "submitted" and arendal_case.assigned_to is None
    assert [r.unit.number for r in arendal_case.routings.all()] == ["4203", "1091"]
    assert client.get(f"/nav/saker/{arendal_case.public_id}/").status_code == 404
    page = nav(caseworker_agder).get(f"/nav/saker/{arendal_case.public_id}/").content.decode()
    assert "Kontoret er inhabilt." in page and "Tidligere ruting" in page


def test_kode_6_case_cannot_be_moved_to_an_ordinary_unit(employer, today, caseworker_vikafossen):
    lena = make_person(8)
    case = submitted_case(employer, lena, today, 8)
    assert case.routing_reason == "address_protection"
    from ekspertbistand.cases.actions.routing import reroute_case
    with pytest.raises(NotAllowed, match="strengt fortrolig"):
        reroute_case(caseworker_vikafossen, case, NavUnit.objects.get(number="1091"), "feil")


def test_employer_withdraws_with_a_reason_from_the_page(arendal_case, lise, arne):
    employer = login(Client(), lise, "employer")
    url = f"/saker/{arendal_case.public_id}/trekk/"
    assert "Hvorfor trekker dere søknaden?" in employer.get(url).content.decode()
    employer.post(url, {"reason": "Eksperten kan ikke likevel."})
    arendal_case.refresh_from_db()
    assert arendal_case.status == "withdrawn"
    assert "Eksperten kan ikke likevel." in nav(arne).get(
        f"/nav/saker/{arendal_case.public_id}/").content.decode()


def test_only_the_handling_unit_acts_the_deciding_unit_reads(today, caseworker_nordland,
                                                             caseworker_agder):
    """NAV Bodø prepares, NAV Arbeidslivssenter Nordland decides (decision 0025): Nordland may
    open the case and write notes, but not take, ask, or move it; Agder may do nothing."""
    geir = make_employer("geir", "910825518")
    case = submitted_case(geir, make_person(1), today, 1)
    url = f"/nav/saker/{case.public_id}/"
    nina = nav(caseworker_nordland)
    page = nina.get(url).content.decode()
    assert "Ta saken" not in page and "Flytt saken" not in page
    for action, data in (("sporsmal/", {"question": "Hvor mange timer?"}),
                         ("flytt/", {"unit": "1891", "reason": "Vi tar den."})):
        refused = nina.post(url + action, data)
        assert refused.status_code == 400 and "Bare ansatte i NAV Bodø" in refused.content.decode()
    assert nina.post(url + "notater/", {"text": "Følger med."}).status_code == 302
    agder = nav(caseworker_agder)
    for action in ("", "ta/", "sporsmal/", "flytt/", "notater/"):
        response = agder.get(url) if not action else agder.post(url + action, {"text": "x"})
        assert response.status_code == 404, action
    case.refresh_from_db()
    assert case.status == "submitted" and case.routed_unit.name == "NAV Bodø"
    assert not InformationRequest.objects.filter(case=case).exists()


def test_the_daily_reminder_job_sends_the_question_reminder_once(arendal_case, arne, lise):
    from ekspertbistand.notifications.reminders import run_all

    handling_actions.take_case(arne, arendal_case)
    request = information_actions.request_information(arne, arendal_case, "Hvor mange timer?")
    InformationRequest.objects.filter(pk=request.pk).update(
        asked_at=timezone.now() - dt.timedelta(days=15))
    assert run_all(timezone.localdate())["information_requests"] == 1
    assert run_all(timezone.localdate())["information_requests"] == 0
    run_pending()
    assert Notice.objects.filter(key__startswith="information_reminder", recipient=lise).count() == 1
