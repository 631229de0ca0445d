"""The application's state changes, through the same functions the pages and the API use."""

from __future__ import annotations

import datetime as dt

import pytest

from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.actions import consent
from ekspertbistand.cases.models import AuditEvent, Case, Document, Notice, OutboxTask
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.cases.permissions import NotAllowed
from ekspertbistand.domain.case_status import CaseStatus, ConsentStatus
from factories import FJORDLYS, KARI, LENA, agreed_draft, filled_draft, make_person, submitted_case

pytestmark = pytest.mark.django_db


def test_submitted_case_gets_a_reference_and_goes_to_the_employers_worklife_centre(
        employer, employee, today):
    case = submitted_case(employer, employee, today)
    assert case.status == CaseStatus.SUBMITTED
    assert case.reference == f"EB-{today.year}-{case.pk:06d}"
    # Fjordlys Sykehjem is registered in Kristiansand (4204), Agder.
    assert case.routed_unit.name == "NAV Arbeidslivssenter Agder"
    assert case.amount_applied == 22_000 and case.max_rate == 23_100
    assert case.employee_national_id == employee.national_id


def test_submitting_twice_creates_nothing_twice(employer, employee, today):
    draft = agreed_draft(employer, employee, today)
    first = app.submit_application(employer, draft, attested=True)
    second = app.submit_application(employer, draft, attested=True)
    assert first.reference == second.reference
    assert AuditEvent.objects.filter(case=draft, action="submitted").count() == 1
    assert OutboxTask.objects.filter(kind="archive_receipt").count() == 1


def test_submission_queues_the_archive_and_notices_which_run_once(employer, employee, today):
    case = submitted_case(employer, employee, today)
    assert run_pending() >= 2
    document = Document.objects.get(case=case)
    assert document.content[:5] == b"%PDF-"
    assert Notice.objects.filter(case=case, recipient=employer, subject__contains=case.reference).count() == 1
    assert Notice.objects.filter(case=case, recipient_national_id=employee.national_id,
                                 subject__contains="sendt").count() == 1
    # Running the worker again does nothing more.
    assert run_pending() == 0
    assert Document.objects.filter(case=case).count() == 1


def test_cannot_submit_without_both_confirmations(employer, employee, today):
    case = agreed_draft(employer, employee, today)
    with pytest.raises(app.ApplicationIncomplete) as raised:
        app.submit_application(employer, case, attested=False)
    assert raised.value.errors == {
        "oppsummering": {"__all__": ["Bekreft begge punktene før du sender søknaden."]}}


def test_cannot_submit_without_the_employees_agreement(employer, today):
    case = filled_draft(employer, today)
    with pytest.raises(app.ApplicationIncomplete) as raised:
        app.submit_application(employer, case, attested=True)
    assert "samtykke" in raised.value.errors
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DRAFT


def test_declined_agreement_blocks_submission(employer, employee, today):
    case = filled_draft(employer, today)
    consent.respond_to_consent(employee, consent.request_consent(employer, case), agree=False)
    with pytest.raises(app.ApplicationIncomplete) as raised:
        app.submit_application(employer, case, attested=True)
    assert "takket nei" in raised.value.errors["samtykke"]["__all__"][0]


def test_only_the_employee_concerned_can_answer(employer, today):
    case = filled_draft(employer, today)
    request = consent.request_consent(employer, case)
    stranger = make_person(3)
    with pytest.raises(NotAllowed):
        consent.respond_to_consent(stranger, request, agree=True)
    with pytest.raises(NotAllowed):
        consent.respond_to_consent(employer, request, agree=True)


def test_changing_the_employee_withdraws_the_earlier_agreement(employer, employee, today):
    case = agreed_draft(employer, employee, today)
    other = make_person(6)
    errors = app.save_step(employer, case, "arbeidstaker", {
        **case.answers["arbeidstaker"], "employee_national_id": other.national_id,
        "employee_name": "Marit Lie"})
    assert errors == {}
    case.refresh_from_db()
    assert case.consent_status == ConsentStatus.MUST_ASK_AGAIN
    assert not case.consent_requests.filter(active=True).exists()
    with pytest.raises(app.ApplicationIncomplete):
        app.submit_application(employer, case, attested=True)


@pytest.mark.parametrize("slug, change", [
    ("behov", {"need_description": "Noe helt annet enn det arbeidstakeren leste."}),
    ("ekspert", {"expert_name": "En annen ekspert"}),
])
def test_changing_what_the_employee_read_asks_for_agreement_again(employer, employee, today,
                                                                  slug, change):
    case = agreed_draft(employer, employee, today)
    assert app.save_step(employer, case, slug, {**case.answers[slug], **change}) == {}
    case.refresh_from_db()
    assert case.consent_status == ConsentStatus.MUST_ASK_AGAIN
    assert AuditEvent.objects.filter(case=case, action="consent_reset", public=True).exists()


def test_saving_unchanged_or_unseen_steps_keeps_the_agreement(employer, employee, today):
    case = agreed_draft(employer, employee, today)
    app.save_step(employer, case, "behov", case.answers["behov"])
    app.save_step(employer, case, "kontaktperson",
                  {**case.answers["kontaktperson"], "contact_phone": "99887766"})
    case.refresh_from_db()
    assert case.consent_status == ConsentStatus.AGREED


def test_invalid_answers_are_kept_with_their_errors(employer, today):
    case = filled_draft(employer, today)
    errors = app.save_step(employer, case, "arbeidstaker", {
        **case.answers["arbeidstaker"], "employee_national_id": "12345678901"})
    assert "ikke gyldig" in errors["employee_national_id"][0]
    case.refresh_from_db()
    assert case.answers["arbeidstaker"]["employee_national_id"] == "12345678901"
    assert case.answers["arbeidstaker"]["position_title"] == "Helsefagarbeider"


def test_period_across_new_year_is_refused(employer, today):
    case = filled_draft(employer, today)
    errors = app.save_step(employer, case, "periode", {
        "start_date": dt.date(today.year, 12, 28).isoformat(),
        "end_date": dt.date(today.year + 1, 1, 10).isoformat()})
    assert "over nyttår" in errors["end_date"][0]


def test_amount_above_the_rate_is_refused(employer, today):
    case = filled_draft(employer, today)
    errors = app.save_step(employer, case, "kostnader", {
        **case.answers["kostnader"], "expert_hours": "20", "amount_applied": "23101"})
    assert "høyst 23\u00a0100\u00a0kr" in errors["amount_applied"][0]
    errors = app.save_step(employer, case, "kostnader", {
        **case.answers["kostnader"], "expert_hours": "20", "amount_applied": "23100"})
    assert errors == {}


def test_rules_are_judged_again_on_the_day_of_submission(employer, employee, today):
    """A start date valid when typed can have passed when the draft is finally sent."""
    case = agreed_draft(employer, employee, today)
    start = dt.date.fromisoformat(case.answers["periode"]["start_date"])
    with pytest.raises(app.ApplicationIncomplete) as raised:
        app.submit_application(employer, case, today=start, attested=True)
    assert "start_date" in raised.value.errors["periode"]


def test_strictly_confidential_address_routes_to_vikafossen_and_hides_identity(employer, today):
    lena = make_person(LENA)
    case = submitted_case(employer, lena, today, person=LENA)
    assert case.routed_unit.number == "2103"
    assert case.address_protection == "6"
    from ekspertbistand.documents.rendering import receipt_html
    html = receipt_html(case, archived=True)
    assert lena.national_id not in html and "Lena Strand" not in html
    assert "Skjermet" in html


def test_other_employer_cannot_touch_the_draft(employer, other_employer, today):
    case = filled_draft(employer, today)
    for attempt in (lambda: app.save_step(other_employer, case, "kontaktperson", {}),
                    lambda: app.submit_application(other_employer, case, attested=True),
                    lambda: consent.request_consent(other_employer, case),
                    lambda: app.delete_draft(other_employer, case)):
        with pytest.raises(NotAllowed, match="Altinn"):
            attempt()


def test_submitted_application_cannot_be_edited(employer, employee, today):
    case = submitted_case(employer, employee, today)
    with pytest.raises(NotAllowed, match="kan ikke endres"):
        app.save_step(employer, case, "kontaktperson", {})


def test_withdrawal_after_submission(employer, employee, today):
    case = submitted_case(employer, employee, today)
    case = app.withdraw_application(employer, case)
    assert case.status == CaseStatus.WITHDRAWN
    assert AuditEvent.objects.filter(case=case, action="withdrawn", public=True).exists()


def test_deleted_draft_keeps_no_answers(employer, today):
    case = filled_draft(employer, today)
    app.delete_draft(employer, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.DELETED
    assert case.answers == {} and case.employee_national_id == ""


def test_audit_log_is_append_only(employer, today):
    event = AuditEvent.objects.filter(case=filled_draft(employer, today)).first()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_the_database_guards_the_audit_log_where_it_can(employer, today):
    """PostgreSQL refuses even bulk changes (a trigger); SQLite relies on the model."""
    from django.db import DatabaseError, connection, transaction
    event = AuditEvent.objects.filter(case=filled_draft(employer, today)).first()
    refused = False
    try:
        with transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(action="endret")
    except DatabaseError:
        refused = True
    assert refused == (connection.vendor == "postgresql")
    assert AuditEvent.objects.get(pk=event.pk).action == (
        "draft_created" if refused else "endret")


def test_organisation_is_looked_up_in_the_register(db):
    organisation = app.organisation_from_register(FJORDLYS)
    assert organisation.name == "Fjordlys Sykehjem AS"
    assert organisation.municipality.number == "4204"
    with pytest.raises(NotAllowed, match="Enhetsregisteret"):
        app.organisation_from_register("974760673")


def test_kari_index_matches_demo_people():
    from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE
    assert DEMO_PEOPLE[KARI].name == "Kari Nordmann"
    assert DEMO_PEOPLE[LENA].address_protection == "6"
