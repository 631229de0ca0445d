"""What follows a synthetic grant (manage.py fill_statistics_data): the expert's assignment and
report, the refund with its cost lines, payments and corrections, and the follow-up of closed
cases. Written with ``bulk_create`` batch by batch, beside ``synthetic.write``.

Shares and dates follow the grant: a report is released near the period's end, a refund is
claimed after the report and before the deadline (six months after the period, DOMAIN §3.7),
the refund never exceeds the grant, and a closed case's follow-up comes about three months after
the report with the outcome shares of Figur 23 (DOMAIN §5).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from ekspertbistand.assignments.models import Assignment, FollowUp, Report
from ekspertbistand.cases.models import Grant, User
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.domain.followup import OUTCOME_CATEGORIES, Helped
from ekspertbistand.domain.refunds import ClaimCostKind, RefundState
from ekspertbistand.refunds.models import CostLine, Payment, Refund, RefundCorrection

OSLO = dt.timezone(dt.timedelta(hours=1))
BATCH = 2000

# Figur 23 (DOMAIN §5), in per cent: the employer's answer on the employee's outcome.
OUTCOME_WEIGHTS = {"same_position": 40, "adapted_same_place": 9, "still_sick": 10,
                   "resigned": 15, "clarified_other_work": 10, "adapted_elsewhere": 2,
                   "education": 0, "dont_know": 3, "other": 11}
assert set(OUTCOME_WEIGHTS) == set(OUTCOME_CATEGORIES)
HELPED_WEIGHTS = ((Helped.YES, 55), (Helped.PARTLY, 28), (Helped.NO, 10),
                  (Helped.DONT_KNOW, 7))
MEASURES = ("Gradert arbeid i tre måneder", "Faste samtaler med leder hver fjortende dag",
            "Justerte arbeidsoppgaver", "Dialogmøte med fastlegen og NAV")


@dataclass
class Planned:
    grant: Grant
    status: str
    released: dt.datetime | None = None
    measures: int = 0
    refund: Refund | None = None


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8 + rng.randrange(8), rng.randrange(60)),
                               tzinfo=OSLO)


def _report_state(rng: random.Random, p: Planned, today: dt.date) -> str:
    """A released report for most ended grants; a draft or nothing while the work runs."""
    g = p.grant
    if g.state == Grant.State.CANCELLED:
        return ""
    if g.period_end > today:
        return rng.choices(("", Report.State.DRAFT), (60, 40))[0]
    r = rng.random()
    released_share = 0.92 if p.status == CaseStatus.CLOSED else 0.78
    if r < released_share:
        return Report.State.RELEASED
    return rng.choices(("", Report.State.DRAFT, Report.State.WITH_EMPLOYEE), (60, 25, 15))[0]


def _refund_state(rng: random.Random, p: Planned, today: dt.date) -> RefundState:
    g = p.grant
    if g.state == Grant.State.CANCELLED:
        return RefundState.CANCELLED
    if g.state == Grant.State.EXPIRED:
        return RefundState.EXPIRED
    if g.period_end > today:
        return RefundState.NOT_YET_CLAIMABLE
    if g.refund_deadline >= today:  # the claim window is open
        return rng.choices(
            (RefundState.READY_TO_CLAIM, RefundState.CLAIMED, RefundState.APPROVED,
             RefundState.PAID, RefundState.PAYMENT_FAILED),
            (25, 22, 13, 33, 7))[0]
    return rng.choices((RefundState.PAID, RefundState.CORRECTED, RefundState.EXPIRED),
                       (86, 4, 10))[0]


CLAIMED_STATES = {RefundState.CLAIMED, RefundState.APPROVED, RefundState.PAID,
                  RefundState.PAYMENT_FAILED, RefundState.CORRECTED}
APPROVED_STATES = {RefundState.APPROVED, RefundState.PAID, RefundState.PAYMENT_FAILED,
                   RefundState.CORRECTED}


def _lines(rng: random.Random, grant_kr: int) -> list[CostLine]:
    """The expert's invoice: hours, a report, sometimes travel; near the grant, sometimes over
    it (then the refund is capped at the grant)."""
    rate = rng.randrange(1000, 1700, 50)
    target = int(grant_kr * rng.uniform(0.65, 1.12))
    report_h = rng.choice((300, 400, 500))
    lines = [CostLine(kind=ClaimCostKind.REPORT, hours_hundredths=report_h, hourly_rate_kr=rate,
                      amount_kr=(report_h * rate + 50) // 100)]
    if rng.random() < 0.35:
        lines.append(CostLine(kind=ClaimCostKind.TRAVEL, amount_kr=rng.randrange(400, 2500, 10)))
    rest = max(target - sum(line.amount_kr for line in lines), rate)
    hours = max(100, rest * 100 // rate // 25 * 25)
    lines.insert(0, CostLine(kind=ClaimCostKind.EXPERT_HOURS, hours_hundredths=hours,
                             hourly_rate_kr=rate, amount_kr=(hours * rate + 50) // 100))
    return lines


def write_aftermath(rng: random.Random, grants: list[Grant], statuses: dict[int, str],
                    user: User, today: dt.date | None = None) -> None:
    """Assignments, reports, refunds (with lines, payments, corrections) and follow-ups for
    ``grants`` (saved, with their case ids); ``statuses`` maps case id to the case's status."""
    today = today or timezone.localdate()
    now = timezone.now()
    planned = [Planned(g, statuses[g.case_id]) for g in grants]

    # The expert's assignment and report.
    assignments, reports, with_report = [], [], []
    for p in planned:
        g = p.grant
        state = _report_state(rng, p, today)
        if not state and g.state == Grant.State.CANCELLED:
            continue
        invited = _at(g.period_start - dt.timedelta(days=rng.randrange(0, 5)), rng)
        assignments.append(Assignment(
            case_id=g.case_id, grant=g, invited_email=f"ekspert{g.pk}@eksempel.no",
            state=Assignment.State.ACCEPTED, invited_by=user, invited_at=invited,
            answered_at=invited + dt.timedelta(hours=rng.randrange(2, 72))))
        with_report.append((p, state))
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    if _needs_ids():
        ids = dict(Assignment.objects.filter(grant__in=[a.grant for a in assignments])
                   .values_list("grant_id", "id"))
        for a in assignments:
            a.pk = ids[a.grant.pk]
    for a, (p, state) in zip(assignments, with_report, strict=True):
        if not state:
            continue
        g = p.grant
        measures = [{"party": "employer", "description": d, "responsible": "Leder", "due": None}
                    for d in rng.sample(MEASURES, rng.randrange(1, 5))]
        p.measures = len(measures)
        report = Report(assignment=a, state=state, content={"measures": measures},
                        updated_at=_at(g.period_end, rng))
        if state in (Report.State.WITH_EMPLOYEE, Report.State.RELEASED):
            released_day = min(g.period_end + dt.timedelta(days=int(rng.gammavariate(2, 6))),
                               today)
            released_day = max(released_day, g.period_start + dt.timedelta(days=14))
            report.submitted_at = _at(released_day - dt.timedelta(days=3), rng)
            if state == Report.State.RELEASED:
                report.employee_answer = "approved"
                report.employee_answered_at = report.submitted_at + dt.timedelta(days=2)
                report.released_at = report.submitted_at + dt.timedelta(days=3)
                p.released = report.released_at
            report.updated_at = report.submitted_at
        reports.append(report)
    Report.objects.bulk_create(reports, batch_size=BATCH)

    # The refund, its cost lines, payments and corrections.
    refunds: list[Refund] = []
    lines_of: list[list[CostLine]] = []
    for p in planned:
        g = p.grant
        state = _refund_state(rng, p, today)
        refund = Refund(grant=g, case_id=g.case_id, state=state.value,
                        updated_at=_at(min(g.period_end, today), rng))
        lines: list[CostLine] = []
        if state in CLAIMED_STATES:
            lines = _lines(rng, g.amount_kr)
            total = sum(line.amount_kr for line in lines)
            refund.total_costs_kr = total
            refund.refund_kr = min(total, g.amount_kr)
            refund.employer_share_kr = total - refund.refund_kr
            refund.account_number = g.account_number
            start = max(g.period_end, (p.released or _at(g.period_end, rng)).date())
            latest = min(g.refund_deadline, today)
            claimed_day = min(start + dt.timedelta(days=int(rng.gammavariate(2, 12))), latest)
            refund.claimed_at, refund.claimed_by = _at(claimed_day, rng), user
            refund.updated_at = refund.claimed_at
            if state in APPROVED_STATES:
                refund.checked_at = refund.claimed_at + dt.timedelta(
                    days=int(rng.gammavariate(2, 4)))
                refund.approved_at = refund.checked_at + dt.timedelta(hours=rng.randrange(1, 48))
                refund.checked_by = refund.approved_by = user
                refund.updated_at = refund.approved_at
            if state in (RefundState.PAID, RefundState.CORRECTED):
                refund.paid_kr = refund.refund_kr
        p.refund = refund
        refunds.append(refund)
        lines_of.append(lines)
    Refund.objects.bulk_create(refunds, batch_size=BATCH)
    if _needs_ids():
        ids = dict(Refund.objects.filter(grant__in=[r.grant for r in refunds])
                   .values_list("grant_id", "id"))
        for r in refunds:
            r.pk = ids[r.grant.pk]
    cost_lines, payments, corrections = [], [], []
    for refund, lines in zip(refunds, lines_of, strict=True):
        for line in lines:
            line.refund = refund
            cost_lines.append(line)
        state = RefundState(refund.state)
        if state not in APPROVED_STATES or refund.approved_at is None:
            continue
        pay_state = {RefundState.APPROVED: Payment.State.APPROVED,
                     RefundState.PAYMENT_FAILED: Payment.State.FAILED}.get(state,
                                                                           Payment.State.PAID)
        payments.append(Payment(
            refund=refund, reference=f"SYN-{refund.pk}", amount_kr=refund.refund_kr,
            account_number=refund.account_number, state=pay_state, created_at=refund.approved_at,
            failure_reason="Kontoen er avsluttet." if pay_state == Payment.State.FAILED else ""))
        if state == RefundState.CORRECTED:
            room = refund.grant.amount_kr - refund.paid_kr
            if room >= 500 and rng.random() < 0.5:
                kind, amount = "extra_payment", rng.randrange(100, room + 1)
                refund.paid_kr += amount
            else:
                kind, amount = "recovery", rng.randrange(100, max(200, refund.paid_kr // 5))
                refund.paid_kr -= amount
            corrections.append(RefundCorrection(
                refund=refund, kind=kind, amount_kr=amount, reason="Feil timetall i fakturaen.",
                made_by=user, made_at=refund.approved_at + dt.timedelta(days=30)))
    CostLine.objects.bulk_create(cost_lines, batch_size=BATCH)
    Payment.objects.bulk_create(payments, batch_size=BATCH)
    RefundCorrection.objects.bulk_create(corrections, batch_size=BATCH)
    corrected = [r for r in refunds if r.state == RefundState.CORRECTED.value]
    Refund.objects.bulk_update(corrected, ["paid_kr"], batch_size=BATCH)

    # The follow-up of closed cases, about three months after the report.
    outcomes, weights = zip(*OUTCOME_WEIGHTS.items(), strict=True)
    helped, helped_w = zip(*HELPED_WEIGHTS, strict=True)
    follow_ups = []
    for p, _state in with_report:
        if p.status != CaseStatus.CLOSED or p.released is None:
            continue
        answered = p.released + dt.timedelta(days=90 + rng.randrange(0, 30))
        if answered > now or rng.random() < 0.15:  # not yet due, or never answered
            continue
        n_measures = p.measures
        for respondent in (FollowUp.Respondent.EMPLOYER, FollowUp.Respondent.EMPLOYEE):
            if respondent == FollowUp.Respondent.EMPLOYEE and rng.random() < 0.7:
                continue
            done = sorted(rng.sample(range(n_measures), rng.randrange(0, n_measures + 1)))
            follow_ups.append(FollowUp(
                case_id=p.grant.case_id, respondent=respondent, answered_by=user,
                answered_at=answered, measures_done=done,
                outcome=rng.choices(outcomes, weights)[0],
                helped=rng.choices(helped, helped_w)[0].value))
    FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)


def _needs_ids() -> bool:
    from django.db import connection

    return not connection.features.can_return_rows_from_bulk_insert
