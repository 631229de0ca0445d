"""Grant decisions (DOMAIN §3.5 amount, §3.6 period, §3.7 refund deadline), the assessment
checklist (DOMAIN §3.1–§3.4) and the budget's forecast."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ekspertbistand.domain.assessment import CONDITIONS, Verdict, all_met, not_met, unassessed
from ekspertbistand.domain.budget import BudgetUse, forecast
from ekspertbistand.domain.decision import (
    OtherGrant,
    appeal_deadline,
    check_grant,
    check_grant_period,
    check_rejection,
    grant_number,
    refund_deadline,
)

D = dt.date
TABLE = [(D(2022, 1, 1), 21_200), (D(2023, 1, 1), 22_300), (D(2024, 5, 24), 23_100)]


def codes(problems):
    return {p.code for p in problems}


def grant(**kw):
    args = {"amount_kr": 20_000, "applied_kr": 20_000, "period_start": D(2025, 3, 1),
            "period_end": D(2025, 5, 31), "decided_on": D(2025, 2, 20), "rates": TABLE}
    return codes(check_grant(**{**args, **kw}))


# --- DOMAIN §3.5: amount ≤ applied ≤ the year's rate ---------------------------------------

def test_amount_up_to_the_rate_in_force_on_the_start_is_allowed():
    assert grant(amount_kr=23_100, applied_kr=23_100, period_start=D(2024, 5, 24),
                 period_end=D(2024, 8, 1), decided_on=D(2024, 5, 20)) == set()


def test_rate_change_day_before_and_day_of_dOMAIN_3_5():
    common = {"amount_kr": 23_100, "applied_kr": 23_100, "period_end": D(2024, 9, 1),
              "decided_on": D(2024, 5, 1)}
    assert grant(period_start=D(2024, 5, 23), **common) == {"above_max_rate"}
    assert grant(period_start=D(2024, 5, 24), **common) == set()


def test_one_krone_above_the_rate_is_refused():
    assert "above_max_rate" in grant(amount_kr=22_301, applied_kr=22_301,
                                     period_start=D(2023, 12, 1), period_end=D(2023, 12, 31),
                                     decided_on=D(2023, 11, 1))


def test_amount_above_applied_is_refused():
    assert grant(amount_kr=20_001) == {"above_applied"}


def test_lowering_the_applied_amount_needs_a_reason():
    assert grant(amount_kr=15_000) == {"lowered_without_reason"}
    assert grant(amount_kr=15_000, lowered_reason="Timeprisen er høyere enn vanlig.") == set()


def test_a_date_before_the_first_rate_is_a_clear_error_decision_0004():
    problems = check_grant(amount_kr=10_000, applied_kr=10_000, period_start=D(2021, 12, 1),
                           period_end=D(2021, 12, 31), decided_on=D(2021, 11, 1), rates=TABLE)
    assert codes(problems) == {"no_rate"}
    assert "01.12.2021" in problems[0].message


# --- DOMAIN §3.6: the yearly sum across grants -----------------------------------------------

def test_several_grants_in_a_year_within_the_maximum_are_allowed():
    assert grant(amount_kr=10_000, applied_kr=10_000,
                 other_grants=[OtherGrant(D(2025, 1, 10), 13_100)]) == set()


def test_several_grants_in_a_year_above_the_maximum_are_refused():
    problems = check_grant(amount_kr=10_001, applied_kr=10_001, period_start=D(2025, 3, 1),
                           period_end=D(2025, 5, 31), decided_on=D(2025, 2, 20), rates=TABLE,
                           other_grants=[OtherGrant(D(2025, 1, 10), 13_100)])
    assert codes(problems) == {"above_yearly_maximum"}
    assert "10\u00a0000\u00a0kr" in problems[0].message


def test_a_grant_the_year_before_does_not_count():
    assert grant(amount_kr=23_100, applied_kr=23_100,
                 other_grants=[OtherGrant(D(2024, 12, 1), 23_100)]) == set()


# --- DOMAIN §3.6: the period -----------------------------------------------------------------

def test_period_may_not_cross_new_year():
    assert codes(check_grant_period(D(2025, 12, 1), D(2026, 1, 1), D(2025, 11, 1))) == {
        "crosses_year"}
    assert check_grant_period(D(2025, 12, 1), D(2025, 12, 31), D(2025, 11, 1)) == []


def test_three_month_limit_judged_the_day_before_2024_04_01():
    start = D(2024, 4, 10)
    assert codes(check_grant_period(start, D(2024, 7, 10), D(2024, 3, 31))) == {
        "longer_than_three_months"}
    assert check_grant_period(start, D(2024, 7, 9), D(2024, 3, 31)) == []


def test_no_three_month_limit_judged_on_2024_04_01():
    assert check_grant_period(D(2024, 4, 10), D(2024, 12, 31), D(2024, 4, 1)) == []


def test_end_before_start_is_refused():
    assert codes(check_grant_period(D(2025, 5, 1), D(2025, 4, 30), D(2025, 1, 1))) == {
        "end_before_start"}


# --- DOMAIN §3.7: refund deadline, and the appeal deadline --------------------------------

def test_refund_deadline_is_six_months_after_the_period_end():
    assert refund_deadline(D(2025, 6, 30)) == D(2025, 12, 30)
    assert refund_deadline(D(2025, 8, 31)) == D(2026, 2, 28)  # clamped to the month's end
    assert refund_deadline(D(2023, 8, 31)) == D(2024, 2, 29)  # leap year


def test_appeal_deadline_is_six_weeks():
    assert appeal_deadline(D(2025, 12, 1)) == D(2026, 1, 12)


def test_grant_number_holds_year_case_and_running_number():
    assert grant_number(2025, 123, 2) == "2025-000123-02"


@given(st.integers(1, 23_100), st.integers(0, 23_100))
def test_yearly_sum_never_passes_the_rate(amount, already):
    problems = check_grant(amount_kr=amount, applied_kr=23_100, lowered_reason="x",
                           period_start=D(2025, 3, 1), period_end=D(2025, 5, 31),
                           decided_on=D(2025, 2, 1), rates=TABLE,
                           other_grants=[OtherGrant(D(2025, 1, 1), already)] if already else [])
    assert (problems == []) == (amount + already <= 23_100)


# --- Rejection --------------------------------------------------------------------------------

def test_rejection_needs_a_failed_condition_and_a_reason():
    assert codes(check_rejection(failed_conditions=[], reason="")) == {
        "no_failed_conditions", "reason_missing"}
    assert check_rejection(failed_conditions=["not_treatment"], reason="Behandling.") == []


# --- DOMAIN §3.1–§3.4: the checklist ----------------------------------------------------------

def test_checklist_has_every_condition_of_forskrift_4():
    keys = {c.key for c in CONDITIONS}
    assert {"target_group", "employment", "in_company_measures", "public_schemes", "agreement",
            "individual_case", "not_treatment", "outside_bht", "applied_before_start",
            "expert_qualified"} == keys


def test_checklist_verdicts():
    verdicts = {c.key: Verdict.MET for c in CONDITIONS}
    assert all_met(verdicts) and not_met(verdicts) == [] and unassessed(verdicts) == []
    verdicts["not_treatment"] = Verdict.NOT_MET
    del verdicts["employment"]
    assert not all_met(verdicts)
    assert [c.key for c in not_met(verdicts)] == ["not_treatment"]
    assert [c.key for c in unassessed(verdicts)] == ["employment"]


# --- Budget -----------------------------------------------------------------------------------

def test_budget_warns_only_past_the_frame():
    use = BudgetUse(frame_kr=100_000, committed_kr=70_000, spent_kr=10_000)
    assert use.remaining_kr == 20_000
    assert not use.would_exceed(20_000)
    assert use.would_exceed(20_001)
    assert not BudgetUse(None, 10**9, 0).would_exceed(1)


def test_forecast_from_this_years_pace():
    assert forecast(10_000, 2025, D(2025, 1, 1)) == 3_650_000
    assert forecast(183_000, 2025, D(2025, 7, 2)) == 365_000  # day 183 of 365
    assert forecast(50_000, 2025, D(2025, 12, 31)) == 50_000
    assert forecast(50_000, 2025, D(2024, 12, 31)) == 0


# --- The decision transitions of the case (DOMAIN §3.9: two-step decisions) ----------------

def test_decision_transitions():
    import pytest

    from ekspertbistand.domain.case_status import CaseStatus as S
    from ekspertbistand.domain.case_status import InvalidTransition, check_transition

    for current, target in ((S.UNDER_ASSESSMENT, S.AWAITING_DECISION),
                            (S.UNDER_ASSESSMENT, S.GRANTED), (S.UNDER_ASSESSMENT, S.REJECTED),
                            (S.AWAITING_DECISION, S.GRANTED), (S.AWAITING_DECISION, S.REJECTED),
                            (S.AWAITING_DECISION, S.UNDER_ASSESSMENT)):
        check_transition(current, target)
    for current, target in ((S.SUBMITTED, S.GRANTED), (S.GRANTED, S.REJECTED),
                            (S.REJECTED, S.GRANTED), (S.GRANTED, S.UNDER_ASSESSMENT),
                            (S.AWAITING_DECISION, S.AWAITING_DECISION)):
        with pytest.raises(InvalidTransition):
            check_transition(current, target)
