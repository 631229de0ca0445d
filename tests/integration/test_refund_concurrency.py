"""Two payment exports at the same moment: each approved payment lands in exactly one export
(decision 0051: the rows are locked and stamped in one transaction)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from ekspertbistand.cases.actions import refunds
from ekspertbistand.refunds.models import Payment, PaymentExport
from factories import make_employer, make_person, pdf_bytes
from refund_factories import granted_case


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_exports_at_once_carry_each_payment_once(today):
    from django.core.files.uploadedfile import SimpleUploadedFile

    employer = make_employer("hanne", "910825526")
    case, grant, aud, bente = granted_case(employer, make_person(0), today)
    refunds.save_claim(employer, grant, [refunds.LineInput("travel", amount_kr="900")],
                       SimpleUploadedFile("f.pdf", pdf_bytes()), today=today)
    refunds.send_claim(employer, grant, today=today)
    refunds.check_refund(aud, grant, today=today)
    refunds.approve_refund(bente, grant, today=today)
    barrier = threading.Barrier(2)
    made: list[str] = []
    refused: list[str] = []
    failures: list[BaseException] = []

    def export() -> None:
        try:
            barrier.wait()
            made.append(refunds.export_payments(bente, today=today).export_id)
        except refunds.RefundInvalid as error:
            refused.append(str(error.errors))
        except BaseException as error:  # noqa: BLE001  (reported below)
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=export) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(made) == 1 and len(refused) == 1
    assert "ingen godkjente" in refused[0]
    assert PaymentExport.objects.count() == 1
    payment = Payment.objects.get()
    assert payment.export.export_id == made[0]
    exported = PaymentExport.objects.get().json["payments"]
    assert [p["reference"] for p in exported] == [payment.reference]
