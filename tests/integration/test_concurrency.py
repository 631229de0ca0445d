"""Two submits of one draft at the same moment (two tabs, two colleagues) give one case."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from ekspertbistand.cases import selectors
from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.models import AuditEvent, OutboxTask
from factories import agreed_draft, login


# serialized_rollback: the reference data from the migrations is put back after the flush,
# as in the browser tests (mixing both kinds on PostgreSQL duplicates content types).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_submits_leave_exactly_one_result(employer, employee, today):
    draft = agreed_draft(employer, employee, today)
    barrier = threading.Barrier(2)
    references: list[str] = []
    failures: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait()
            references.append(app.submit_application(employer, draft, attested=True).reference)
        except BaseException as error:  # noqa: BLE001  (reported below)
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(references) == 2 and references[0] == references[1]
    assert AuditEvent.objects.filter(case=draft, action="submitted").count() == 1
    assert OutboxTask.objects.filter(kind="archive_receipt").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_api_submits_answer_one_201_and_otherwise_200(employer, employee, today,
                                                                   monkeypatch):
    """docs/api.md: 201 the first time, 200 for a repeat. Both requests read the draft before
    either sends it (the barrier holds them there), as two clients at the same moment do."""
    draft = agreed_draft(employer, employee, today)
    clients = [login(Client(), employer, "employer") for _ in range(3)]
    barrier = threading.Barrier(len(clients), timeout=30)
    get_case = selectors.get_case

    def get_case_then_wait(*args, **kwargs):
        case = get_case(*args, **kwargs)
        barrier.wait()
        return case

    monkeypatch.setattr(selectors, "get_case", get_case_then_wait)
    statuses: list[int] = []
    references: set[str] = set()
    failures: list[BaseException] = []

    def submit(client: Client) -> None:
        try:
            response = client.post(f"/api/v1/drafts/{draft.public_id}/submit",
                                   {"attest_correct": True, "attest_together": True},
                                   content_type="application/json")
            statuses.append(response.status_code)
            references.add(response.json()["reference"])
        except BaseException as error:  # noqa: BLE001  (reported below)
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(statuses) == [200, 200, 201]
    assert len(references) == 1
    assert AuditEvent.objects.filter(case=draft, action="submitted").count() == 1


def _at_once(*calls):  # type: ignore[no-untyped-def]
    """Run the calls in threads released together; (results, failures)."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    failures: list[BaseException] = []

    def run(call) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            results.append(call())
        except BaseException as error:  # noqa: BLE001  (reported to the test)
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, failures


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_case_workers_taking_one_case_leave_one_owner(today):
    from ekspertbistand.cases.actions.handling import AlreadyTaken, take_case
    from factories import ARENDAL_ORG, SILJE, make_employer, make_person, make_staff, submitted_case

    case = submitted_case(make_employer("lise", ARENDAL_ORG), make_person(SILJE), today, SILJE)
    arne, anna = make_staff("arne", "4203"), make_staff("anna", "4203")
    results, failures = _at_once(lambda: take_case(arne, case), lambda: take_case(anna, case))
    assert len(results) == 1 and len(failures) == 1
    assert isinstance(failures[0], AlreadyTaken)
    case.refresh_from_db()
    assert case.assigned_to_id == results[0].assigned_to_id  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(case=case, action="taken").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_answer_sent_twice_at_once_is_stored_once(today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ekspertbistand.cases.actions.handling import take_case
    from ekspertbistand.cases.actions.information import answer_information, request_information
    from factories import (
        ARENDAL_ORG,
        SILJE,
        make_employer,
        make_person,
        make_staff,
        pdf_bytes,
        submitted_case,
    )

    lise = make_employer("lise", ARENDAL_ORG)
    case = submitted_case(lise, make_person(SILJE), today, SILJE)
    arne = make_staff("arne", "4203")
    take_case(arne, case)
    question = request_information(arne, case, "Timer?")
    pdf = pdf_bytes()
    results, failures = _at_once(
        *(lambda: answer_information(lise, question, "20 timer",
                                     [SimpleUploadedFile("plan.pdf", pdf)]) for _ in range(2)))
    assert failures == [] and len(results) == 2
    question.refresh_from_db()
    assert question.attachments.count() == 1
    assert AuditEvent.objects.filter(case=case, action="information_answered").count() == 1
