"""The refund: the claim, NAV's approval, the export, payment and the budget (DOMAIN §3.7, §8)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.actions import refunds
from ekspertbistand.cases.models import AuditEvent, Document, Grant, Notice
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.cases.permissions import NotAllowed
from ekspertbistand.domain.refunds import RefundState
from ekspertbistand.refunds import selectors as rs
from ekspertbistand.refunds.models import Payment
from factories import make_employer, pdf_bytes
from refund_factories import granted_case

pytestmark = pytest.mark.django_db

L = refunds.LineInput


def invoice(name="faktura.pdf", content=None):
    return SimpleUploadedFile(name, content if content is not None else pdf_bytes(),
                              content_type="application/pdf")


def claim(employer, grant, today, hours="10", rate="1500", travel="800"):
    refund, errors = refunds.save_claim(employer, grant, [
        L("expert_hours", hours=hours, rate_kr=rate), L("travel", amount_kr=travel)],
        invoice(), today=today)
    assert errors == {}
    return refunds.send_claim(employer, grant, today=today)


@pytest.fixture
def granted(employer, employee, today):
    return granted_case(employer, employee, today)


def test_claim_approve_export_pay_spends_and_releases_the_rest(granted, employer, today):
    case, grant, aud, bente = granted
    year = grant.period_start.year
    before = ds.budget_use(year, grant.budget_unit)
    assert before.committed_kr == grant.amount_kr
    refund = claim(employer, grant, today, hours="5", rate="1200", travel="500")
    assert refund.state == RefundState.CLAIMED and refund.refund_kr == 6500
    assert refund.account_number == "86011117947"  # from the account register, not typed
    with pytest.raises(NotAllowed, match="kontrolleres"):
        refunds.approve_refund(bente, grant, today=today)
    refunds.check_refund(aud, grant, today=today)
    with pytest.raises(NotAllowed, match="selv har kontrollert"):
        refunds.approve_refund(aud, grant, today=today)
    refunds.approve_refund(bente, grant, today=today)
    export = refunds.export_payments(bente, today=today)
    assert [p["reference"] for p in export.json["payments"]] == [f"{grant.number}-1"]
    assert export.json["payments"][0]["amount_ore"] == 650_000
    assert b"<Ccy>NOK</Ccy>" in bytes(export.pain001) or b'Ccy="NOK"' in bytes(export.pain001)
    with pytest.raises(refunds.RefundInvalid):  # nothing left: the payment is in one export
        refunds.export_payments(bente, today=today)
    payment = Payment.objects.get()
    refunds.mark_paid(bente, payment)
    after = ds.budget_use(year, grant.budget_unit)
    assert after.spent_kr == 6500 and after.committed_kr == 0  # the rest is released
    run_pending()
    run_pending()
    receipt = Document.objects.get(case=case, kind="refund_receipt")
    assert bytes(receipt.content).startswith(b"%PDF-")
    assert Notice.objects.filter(recipient=employer, subject__contains="utbetalt").count() == 1


def test_claim_above_grant_pays_the_grant_and_shows_the_employers_share(granted, employer, today):
    _case, grant, _aud, _bente = granted
    refunds.save_claim(employer, grant, [L("expert_hours", hours="100", rate_kr="2000"),
                                         L("travel", amount_kr="1000")], invoice(), today=today)
    with pytest.raises(refunds.RefundInvalid) as raised:
        refunds.send_claim(employer, grant, requested_kr=grant.amount_kr + 1, today=today)
    assert "høyst" in raised.value.errors["requested_kr"][0]
    refund = refunds.send_claim(employer, grant, today=today)
    assert refund.refund_kr == grant.amount_kr
    assert refund.employer_share_kr == 201_000 - grant.amount_kr
    with pytest.raises(refunds.RefundInvalid):  # a claim is sent once
        refunds.send_claim(employer, grant, today=today)


def test_claim_on_deadline_day_accepted_day_after_refused_until_nav_excepts(
        granted, employer, today):
    _case, grant, aud, _bente = granted
    refunds.save_claim(employer, grant, [L("report", hours="2", rate_kr="1000")], invoice(),
                       today=today)
    day_after = grant.refund_deadline + dt.timedelta(days=1)
    with pytest.raises(refunds.RefundInvalid) as raised:
        refunds.send_claim(employer, grant, today=day_after)
    assert "folketrygdloven § 22-14" in " ".join(raised.value.errors["claimed_on"])
    with pytest.raises(refunds.RefundInvalid):
        refunds.record_exception(aud, grant, reason="kort")
    refunds.record_exception(aud, grant, reason="Arbeidsgiveren var syk i hele perioden.",
                             today=day_after)
    assert refunds.send_claim(employer, grant, today=day_after).state == RefundState.CLAIMED


def test_claim_on_the_deadline_day_is_in_time(granted, employer):
    _case, grant, _aud, _bente = granted
    assert claim(employer, grant, grant.refund_deadline).state == RefundState.CLAIMED


def test_report_first_policy_stops_the_claim(employer, employee, today):
    _case, grant, _aud, _bente = granted_case(employer, employee, today, report_first=True)
    refunds.save_claim(employer, grant, [L("travel", amount_kr="100")], invoice(), today=today)
    with pytest.raises(refunds.RefundInvalid) as raised:
        refunds.send_claim(employer, grant, today=today)
    assert "rapporten" in " ".join(raised.value.errors["report"])


def test_before_the_period_ends_not_yet_claimable(employer, employee, today):
    case, grant, _aud, _bente = granted_case(employer, employee, today, ended_days_ago=-5)
    assert rs.overview(case, today).state == RefundState.NOT_YET_CLAIMABLE


def test_non_pdf_renamed_pdf_refused_and_lines_kept(granted, employer, today):
    _case, grant, _aud, _bente = granted
    refund, errors = refunds.save_claim(
        employer, grant, [L("travel", amount_kr="900")],
        invoice("faktura.pdf", b"Dette er ikke en PDF, bare tekst."), today=today)
    assert "ikke en PDF" in " ".join(errors["invoice"])
    assert refund.invoice_id is None and refund.lines.get().amount_kr == 900


def test_missing_account_is_a_clear_stop(granted, employer, today, monkeypatch):
    _case, grant, _aud, _bente = granted
    refunds.save_claim(employer, grant, [L("travel", amount_kr="900")], invoice(), today=today)
    monkeypatch.setattr(refunds, "registered_account", lambda case: None)
    with pytest.raises(refunds.RefundInvalid) as raised:
        refunds.send_claim(employer, grant, today=today)
    assert "Altinn" in raised.value.errors["account"][0]


def test_another_organisation_cannot_claim(granted, today):
    _case, grant, _aud, _bente = granted
    with pytest.raises(NotAllowed):
        refunds.save_claim(make_employer("geir", "910825518"), grant,
                           [L("travel", amount_kr="1")], today=today)


def test_failed_payment_retried_in_a_new_export_and_correction(granted, employer, today):
    _case, grant, aud, bente = granted
    claim(employer, grant, today)
    refunds.check_refund(aud, grant, today=today)
    refunds.approve_refund(bente, grant, today=today)
    first = refunds.export_payments(bente, today=today)
    refunds.mark_failed(bente, Payment.objects.get(), reason="Ukjent konto")
    assert rs.refund_of(grant).state == RefundState.PAYMENT_FAILED
    refunds.retry_payment(aud, grant)
    second = refunds.export_payments(bente, today=today)
    assert first.export_id != second.export_id
    refunds.mark_paid(bente, Payment.objects.get(export=second))
    with pytest.raises(refunds.RefundInvalid):
        refunds.correct_refund(aud, grant, kind="recovery", amount_kr=100, reason="")
    refunds.correct_refund(aud, grant, kind="recovery", amount_kr=1000,
                           reason="Reisen var dobbelt ført på fakturaen.")
    refund = rs.refund_of(grant)
    assert refund.state == RefundState.CORRECTED and refund.paid_kr == 15_800 - 1000
    assert AuditEvent.objects.filter(action="refund_corrected").count() == 1


def test_send_reminders_twice_sends_each_once_and_expires_once(granted, employer, today):
    from django.core.management import call_command

    case, grant, _aud, _bente = granted
    year = grant.period_start.year
    for day in (today, grant.refund_deadline - dt.timedelta(days=30),
                grant.refund_deadline - dt.timedelta(days=7)):
        call_command("send_reminders", "--today", day.isoformat())
        call_command("send_reminders", "--today", day.isoformat())
        run_pending()
    subjects = list(Notice.objects.filter(recipient=employer).values_list("subject", flat=True))
    assert sum("kan nå søke" in s for s in subjects) == 1
    assert sum("30 dager" in s for s in subjects) == 1
    assert sum("7 dager" in s for s in subjects) == 1
    day_after = (grant.refund_deadline + dt.timedelta(days=1)).isoformat()
    call_command("send_reminders", "--today", day_after)
    call_command("send_reminders", "--today", day_after)
    grant.refresh_from_db()
    assert grant.state == Grant.State.EXPIRED
    assert ds.budget_use(year, grant.budget_unit).committed_kr == 0
    assert AuditEvent.objects.filter(case=case, action="grant_expired").count() == 1
    assert rs.refund_of(grant).state == RefundState.EXPIRED


def test_a_claimed_refund_does_not_expire(granted, employer, today):
    _case, grant, _aud, _bente = granted
    claim(employer, grant, today)
    from ekspertbistand.cases.actions.grants import expire_overdue_grants

    assert expire_overdue_grants(grant.refund_deadline + dt.timedelta(days=1)) == 0


def test_report_first_claim_allowed_once_the_report_reached_nav(employer, employee, today):
    from ekspertbistand.cases.actions import assignment as assignments
    from ekspertbistand.cases.actions import report
    from ekspertbistand.domain.report_template import Measure, Party, ReportContent
    from factories import make_expert

    case, grant, _aud, _bente = granted_case(employer, employee, today, report_first=True)
    refunds.save_claim(employer, grant, [L("travel", amount_kr="100")], invoice(), today=today)
    with pytest.raises(refunds.RefundInvalid):
        refunds.send_claim(employer, grant, today=today)
    eva = make_expert("eva")
    assignment = assignments.accept(eva, assignments.invite_expert(employer, case))
    sent = report.submit_to_employee(eva, assignment, ReportContent(
        assignment="Målet er at arbeidstakeren kommer tilbake i egen stilling.",
        work_done="Oppstartsmøte, tre samtaler, arbeidsplassvurdering og avslutningsmøte.",
        causes="Tunge løft og skiftende vakter gir lite hvile.",
        measures=(Measure(Party.EMPLOYEE, "Gradvis opptrapping til full stilling",
                          "Arbeidstakeren", today + dt.timedelta(days=30)),
                  Measure(Party.EMPLOYER, "Faste vakter i tre måneder", "Nærmeste leder",
                          today + dt.timedelta(days=30))),
        outcome="own_job_adapted"), {}, today=today)
    assert not rs.report_received(case)  # with the employee, not yet with NAV
    report.employee_answer(employee, sent, answer="approve")
    assert rs.report_received(case)
    assert refunds.send_claim(employer, grant, today=today).state == RefundState.CLAIMED


def test_demo_claim_waits_for_nav(granted, today):
    from ekspertbistand.refunds import demo

    _case, grant, _aud, _bente = granted
    demo.load(today)
    refund = rs.refund_of(grant)
    assert refund.state == RefundState.CLAIMED and refund.total_costs_kr == 21_490
