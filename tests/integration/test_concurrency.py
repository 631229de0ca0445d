"""Two submits of one draft at the same moment (two tabs, two colleagues) give one case."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from ekspertbistand.cases.actions import application as app
from ekspertbistand.cases.models import AuditEvent, OutboxTask
from factories import agreed_draft


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
