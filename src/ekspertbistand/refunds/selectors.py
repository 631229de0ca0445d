"""Reads for the refund: its state as the employer and NAV see it, what a claim still lacks,
the payments waiting for an export, and what paid refunds have spent of the budget."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from ekspertbistand.cases.models import Case, Grant
from ekspertbistand.domain import refunds as rules
from ekspertbistand.domain.refunds import RefundState
from ekspertbistand.reference.models import NavUnit
from ekspertbistand.refunds.models import Payment, PaymentExport, Refund

# States in which a grant's money is settled: spent by the payment, the rest released.
SETTLED = (RefundState.PAID.value, RefundState.CORRECTED.value)
# States in which the employer has claimed: the deadline no longer makes the grant expire.
CLAIMED_OR_LATER = (RefundState.CLAIMED.value, RefundState.APPROVED.value,
                    RefundState.PAID.value, RefundState.PAYMENT_FAILED.value,
                    RefundState.CORRECTED.value)


def report_received(case: Case) -> bool:
    """Whether the expert's report has reached NAV (the refund waits for it by default).

    Answered by the report capability's ``assignments.Report``: a report is with NAV once it
    is released (state «released»), which happens after the employee read it, when the copy
    reaches NAV's case. Units that do not wait for the report switch
    ``NavUnit.refund_report_first`` off."""
    from ekspertbistand.assignments.selectors import released_report

    return released_report(case) is not None


def claim_grant(case: Case) -> Grant | None:
    """The grant a refund is claimed for: the newest grant that is not replaced."""
    return (Grant.objects.filter(case=case).exclude(state=Grant.State.REPLACED)
            .select_related("case__organisation", "budget_unit").order_by("-running_number")
            .first())


def refund_of(grant: Grant) -> Refund | None:
    return Refund.objects.filter(grant=grant).first()


def refund_unit(case: Case) -> NavUnit | None:
    """The unit whose settings (report first, two-step) the refund follows: the deciding unit."""
    from ekspertbistand.cases import decision_selectors as ds

    return ds.deciding_unit(case) if case.routed_unit_id else None


def policy_for(case: Case) -> rules.RefundPolicy:
    unit = refund_unit(case)
    return rules.RefundPolicy(report_required_first=unit.refund_report_first if unit else True)


def state_of(grant: Grant, refund: Refund | None, today: dt.date) -> RefundState:
    """The refund's state as shown: the stored state once claimed, else from the dates."""
    if grant.state == Grant.State.CANCELLED:
        return RefundState.CANCELLED
    if refund is not None and refund.state in CLAIMED_OR_LATER:
        return refund.state_enum
    if grant.state == Grant.State.EXPIRED and not (refund and refund.exception_reason):
        return RefundState.EXPIRED
    if refund is not None and refund.exception_reason:
        return RefundState.READY_TO_CLAIM
    return rules.state_on(today, grant.period_end, grant.refund_deadline)


def claim_facts(grant: Grant, refund: Refund | None, today: dt.date) -> rules.ClaimFacts:
    lines = tuple(line.as_domain() for line in refund.lines.all()) if refund else ()
    exception = (rules.LimitationException(refund.exception_reason, refund.exception_on or today)
                 if refund and refund.exception_reason else None)
    state = state_of(grant, refund, today)
    return rules.ClaimFacts(
        claimed_on=today, state=state, period_end=grant.period_end,
        refund_deadline=grant.refund_deadline, grant_max_kr=grant.amount_kr, lines=lines,
        invoice_attached=bool(refund and refund.invoice_id),
        report_received=report_received(grant.case), exception=exception)


@dataclass(frozen=True)
class RefundOverview:
    grant: Grant
    refund: Refund | None
    state: RefundState
    label: str
    next_step: str
    amounts: rules.ClaimAmounts
    missing: list[rules.RuleViolation]  # what stops the claim now (empty once claimed)
    report_first: bool


def overview(case: Case, today: dt.date) -> RefundOverview | None:
    grant = claim_grant(case)
    if grant is None:
        return None
    refund = refund_of(grant)
    facts = claim_facts(grant, refund, today)
    state = facts.state
    policy = policy_for(case)
    missing = (rules.check_claim(facts, policy)
               if state in (RefundState.NOT_YET_CLAIMABLE, RefundState.READY_TO_CLAIM,
                            RefundState.EXPIRED) else [])
    return RefundOverview(grant, refund, state, rules.REFUND_STATE_LABELS[state],
                          rules.REFUND_NEXT_STEP[state],
                          rules.claim_amounts(facts.lines, grant.amount_kr), missing,
                          policy.report_required_first)


def refund_state(case: Case, today: dt.date | None = None) -> RefundState | None:
    """The refund's state for the case's grant as shown; None while the service keeps no
    refund for it (no grant, or the employer has not begun a claim and no reminder went out)."""
    from django.utils import timezone

    grant = claim_grant(case)
    refund = refund_of(grant) if grant else None
    if grant is None or refund is None:
        return None
    return state_of(grant, refund, today or timezone.localdate())


def claims_waiting(unit_ids: list[int]) -> list[Refund]:
    """Claims sent to NAV (to check or approve) in the given deciding units."""
    return list(Refund.objects.filter(state=RefundState.CLAIMED.value,
                                      case__deciding_unit_id__in=unit_ids)
                .select_related("grant", "case").order_by("claimed_at"))


def payments_to_export() -> list[Payment]:
    return list(Payment.objects.filter(state=Payment.State.APPROVED, export__isnull=True)
                .select_related("refund__grant", "refund__case__organisation").order_by("id"))


def exports() -> list[PaymentExport]:
    return list(PaymentExport.objects.all()[:50])


def export_by_id(export_id: str) -> PaymentExport | None:
    return PaymentExport.objects.filter(export_id=export_id).first()


def spent_kr(year: int, unit: NavUnit | None) -> int:
    """What paid refunds (after corrections) spent of the year's grants."""
    refunds = Refund.objects.filter(state__in=SETTLED, grant__period_start__year=year)
    if unit is not None:
        refunds = refunds.filter(grant__budget_unit=unit)
    return int(refunds.aggregate(total=Sum("paid_kr"))["total"] or 0)
