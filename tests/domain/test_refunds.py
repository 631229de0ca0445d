"""Refund rules: DOMAIN §3.7 (at most the grant; 6-month limitation, folketrygdloven § 22-14),
§4 (report before refund), §8 (the refund's life in NAV's refund service)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ekspertbistand.domain.refunds import (
    TRANSITIONS,
    ClaimCostKind,
    ClaimFacts,
    ClaimLine,
    Correction,
    CorrectionKind,
    InvalidRefundTransition,
    LimitationException,
    RefundPolicy,
    RefundState,
    check_claim,
    check_correction,
    check_limitation,
    check_lines,
    check_transition,
    claim_amounts,
    deadline_reminders_due,
    paid_after,
    state_on,
)

PERIOD_END = dt.date(2026, 8, 31)
DEADLINE = dt.date(2027, 2, 28)  # period end + 6 months, clamped to February's last day
LINES = (
    ClaimLine(ClaimCostKind.EXPERT_HOURS, hours_hundredths=1500, hourly_rate_kr=1250),  # 18 750
    ClaimLine(ClaimCostKind.PREPARATION, hours_hundredths=200, hourly_rate_kr=1250),  # 2 500
    ClaimLine(ClaimCostKind.REPORT, hours_hundredths=300, hourly_rate_kr=1250),  # 3 750
    ClaimLine(ClaimCostKind.TRAVEL, amount_kr=1480),
    ClaimLine(ClaimCostKind.FOOD, amount_kr=420),
    ClaimLine(ClaimCostKind.LODGING, amount_kr=1290),
)


def facts(**changes: object) -> ClaimFacts:
    base = ClaimFacts(claimed_on=dt.date(2026, 9, 15), state=RefundState.READY_TO_CLAIM,
                      period_end=PERIOD_END, refund_deadline=DEADLINE, grant_max_kr=23_100,
                      lines=LINES, invoice_attached=True, report_received=True)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def codes(problems: list[object]) -> list[str]:
    return [p.code for p in problems]  # type: ignore[attr-defined]


class TestStates:
    def test_every_state_has_its_transitions_and_cancelled_is_final(self) -> None:
        assert set(TRANSITIONS) == set(RefundState)
        assert TRANSITIONS[RefundState.CANCELLED] == frozenset()

    @pytest.mark.parametrize(("current", "new"), [
        (RefundState.READY_TO_CLAIM, RefundState.CLAIMED),
        (RefundState.CLAIMED, RefundState.APPROVED),
        (RefundState.APPROVED, RefundState.PAID),
        (RefundState.APPROVED, RefundState.PAYMENT_FAILED),
        (RefundState.PAYMENT_FAILED, RefundState.APPROVED),
        (RefundState.PAID, RefundState.CORRECTED),
        (RefundState.EXPIRED, RefundState.READY_TO_CLAIM),
    ])
    def test_allowed(self, current: RefundState, new: RefundState) -> None:
        check_transition(current, new)

    @pytest.mark.parametrize(("current", "new"), [
        (RefundState.NOT_YET_CLAIMABLE, RefundState.CLAIMED),
        (RefundState.CLAIMED, RefundState.PAID),  # never paid without approval
        (RefundState.PAID, RefundState.CANCELLED),  # corrected, not cancelled, after payment
        (RefundState.CANCELLED, RefundState.READY_TO_CLAIM),
        (RefundState.EXPIRED, RefundState.CLAIMED),
    ])
    def test_refused_with_a_norwegian_message(self, current: RefundState, new: RefundState) -> None:
        with pytest.raises(InvalidRefundTransition, match="kan ikke gå fra"):
            check_transition(current, new)

    def test_state_by_day_at_the_edges(self) -> None:
        assert state_on(PERIOD_END, PERIOD_END, DEADLINE) is RefundState.NOT_YET_CLAIMABLE
        assert state_on(dt.date(2026, 9, 1), PERIOD_END, DEADLINE) is RefundState.READY_TO_CLAIM
        assert state_on(DEADLINE, PERIOD_END, DEADLINE) is RefundState.READY_TO_CLAIM
        assert state_on(dt.date(2027, 3, 1), PERIOD_END, DEADLINE) is RefundState.EXPIRED


class TestAmounts:
    def test_hours_times_rate_and_expenses(self) -> None:
        amounts = claim_amounts(LINES, 30_000)
        assert (amounts.total_costs_kr, amounts.refund_kr, amounts.employer_share_kr) == (
            28_190, 28_190, 0)
        assert not amounts.capped

    def test_at_most_the_grant_and_the_rest_is_the_employers(self) -> None:
        amounts = claim_amounts(LINES, 23_100)
        assert (amounts.refund_kr, amounts.employer_share_kr) == (23_100, 5_090)
        assert amounts.capped

    def test_exactly_the_grant_is_not_capped(self) -> None:
        assert not claim_amounts([ClaimLine(ClaimCostKind.TRAVEL, amount_kr=23_100)], 23_100).capped

    def test_quarter_hours_round_half_up_to_whole_kroner(self) -> None:
        assert ClaimLine(ClaimCostKind.REPORT, hours_hundredths=25, hourly_rate_kr=1002).total_kr == 251

    def test_lines_need_hours_and_rate_or_an_amount(self) -> None:
        problems = check_lines([ClaimLine(ClaimCostKind.EXPERT_HOURS, hours_hundredths=100),
                                ClaimLine(ClaimCostKind.LODGING)])
        assert codes(problems) == ["hours_or_rate_missing", "amount_missing"]
        assert problems[1].field == "lines.1" and "Losji" in problems[1].message


class TestLimitation:
    def test_the_deadline_day_is_in_time_and_the_day_after_is_refused(self) -> None:
        assert check_limitation(DEADLINE, DEADLINE) == []
        [problem] = check_limitation(DEADLINE + dt.timedelta(days=1), DEADLINE)
        assert problem.code == "claim_after_deadline"
        assert "28.02.2027" in problem.message and "§ 22-14" in problem.message

    def test_a_leap_year_deadline(self) -> None:
        # Period ending 31.08.2027 → deadline 29.02.2028.
        assert check_limitation(dt.date(2028, 2, 29), dt.date(2028, 2, 29)) == []

    def test_nav_exception_needs_a_reason(self) -> None:
        late = DEADLINE + dt.timedelta(days=10)
        assert check_limitation(late, DEADLINE, LimitationException("Ok", late)) != []
        reason = "Arbeidsgiveren var forhindret av brann i lokalene."
        assert check_limitation(late, DEADLINE, LimitationException(reason, late)) == []


class TestClaim:
    def test_a_good_claim_passes(self) -> None:
        assert check_claim(facts()) == []

    def test_before_the_period_ended(self) -> None:
        problems = check_claim(facts(claimed_on=PERIOD_END, state=RefundState.NOT_YET_CLAIMABLE))
        assert codes(problems) == ["period_not_ended"]
        assert "01.09.2026" in problems[0].message

    def test_one_day_after_the_deadline(self) -> None:
        problems = check_claim(facts(claimed_on=dt.date(2027, 3, 1), state=RefundState.EXPIRED))
        assert codes(problems) == ["claim_after_deadline"]

    def test_report_first_by_default_and_switchable_per_unit(self) -> None:
        assert codes(check_claim(facts(report_received=False))) == ["report_missing"]
        assert check_claim(facts(report_received=False),
                           RefundPolicy(report_required_first=False)) == []

    def test_above_the_grant_and_without_invoice(self) -> None:
        problems = check_claim(facts(requested_kr=23_101, invoice_attached=False))
        assert codes(problems) == ["invoice_missing", "above_grant"]
        assert check_claim(facts(requested_kr=23_100)) == []

    def test_an_already_claimed_refund_cannot_be_claimed_again(self) -> None:
        assert codes(check_claim(facts(state=RefundState.CLAIMED))) == ["not_claimable"]


class TestCorrections:
    def test_extra_payment_up_to_the_grant(self) -> None:
        ok = Correction(CorrectionKind.EXTRA_PAYMENT, 1_100, "Reiseregning kom etter utbetalingen.")
        assert check_correction(22_000, 23_100, ok) == []
        too_much = dataclasses.replace(ok, amount_kr=1_101)
        assert codes(check_correction(22_000, 23_100, too_much)) == ["above_grant"]

    def test_recovery_at_most_what_was_paid_and_reason_required(self) -> None:
        recovery = Correction(CorrectionKind.RECOVERY, 22_001, "")
        assert codes(check_correction(22_000, 23_100, recovery)) == ["above_paid", "reason_missing"]
        assert paid_after(22_000, [Correction(CorrectionKind.RECOVERY, 2_000, "x" * 10),
                                   Correction(CorrectionKind.EXTRA_PAYMENT, 500, "x" * 10)]) == 20_500


class TestReminders:
    def test_thirty_and_seven_days_before(self) -> None:
        ready = RefundState.READY_TO_CLAIM
        assert deadline_reminders_due(DEADLINE - dt.timedelta(days=31), DEADLINE, ready) == []
        assert deadline_reminders_due(DEADLINE - dt.timedelta(days=30), DEADLINE, ready) == [
            "deadline_30"]
        assert deadline_reminders_due(DEADLINE - dt.timedelta(days=7), DEADLINE, ready) == [
            "deadline_30", "deadline_7"]
        assert deadline_reminders_due(DEADLINE + dt.timedelta(days=1), DEADLINE, ready) == []

    def test_none_once_claimed(self) -> None:
        assert deadline_reminders_due(DEADLINE, DEADLINE, RefundState.CLAIMED) == []
