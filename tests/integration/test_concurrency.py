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
