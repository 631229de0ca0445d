"""Two deciders approving one proposal at the same moment: exactly one decision, one letter,
one archive entry; the other is told what happened (DOMAIN §3.9, QUALITY «two case workers
acting at once»)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from ekspertbistand.cases.actions import decision
from ekspertbistand.cases.models import AuditEvent, Decision, Document, Grant, OutboxTask
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.cases.permissions import NotAllowed
from ekspertbistand.reference.selectors import worklife_centre_for
from factories import assess_all_met, make_nav, taken_case


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_approvals_leave_exactly_one_decision(employer, employee, today):
    agder = worklife_centre_for("4204", today)
    caseworker = make_nav("aud", agder)
    deciders = [make_nav("bente", agder, "decider"), make_nav("berit", agder, "decider")]
    case = taken_case(employer, employee, today, caseworker)
    assess_all_met(caseworker, case)
    decision.propose_decision(caseworker, case, outcome="grant", amount_kr=case.amount_applied,
                              period_start=case.period_start, period_end=case.period_end)
    barrier = threading.Barrier(2)
    done: list[str] = []
    refused: list[str] = []
    failures: list[BaseException] = []

    def approve(decider) -> None:
        try:
            barrier.wait()
            decision.approve_decision(decider, case)
            done.append(decider.username)
        except NotAllowed as error:
            refused.append(str(error))
        except BaseException as error:  # noqa: BLE001  (reported below)
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(d,)) for d in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(done) == 1 and len(refused) == 1
    assert "Innvilget" in refused[0] and "siden viser saken slik den er" in refused[0]
    assert Decision.objects.filter(case=case, state=Decision.State.DECIDED).count() == 1
    assert Grant.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.filter(case=case, action="granted").count() == 1
    run_pending()
    assert OutboxTask.objects.filter(kind="archive_letter").count() == 1
    assert Document.objects.filter(case=case, kind="grant_letter").count() == 1
