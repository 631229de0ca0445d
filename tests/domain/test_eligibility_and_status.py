"""DOMAIN §3.1–§3.3: the guided check, and the case's state machine."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekspertbistand.domain.case_status import (
    NEXT_STEP,
    STATUS_LABELS,
    TRANSITIONS,
    CaseStatus,
    InvalidTransition,
    check_transition,
)
from ekspertbistand.domain.eligibility import QUESTIONS, Outcome, assess

ALL_FIT = {q.key: next(o.value for o in q.options if o.outcome is Outcome.CAN_APPLY)
           for q in QUESTIONS}


def test_all_conditions_met_means_can_apply():
    assert assess(ALL_FIT).outcome is Outcome.CAN_APPLY


def test_treatment_is_not_covered():
    result = assess({**ALL_FIT, "not_treatment": "treatment"})
    assert result.outcome is Outcome.NOT_ELIGIBLE
    assert "behandling" in result.findings[0].option.advice


def test_no_employment_relationship_is_not_eligible():
    assert assess({**ALL_FIT, "employment": "no"}).outcome is Outcome.NOT_ELIGIBLE


def test_nav_not_contacted_means_contact_nav_first():
    result = assess({**ALL_FIT, "nav_contacted": "no"})
    assert result.outcome is Outcome.DO_FIRST
    assert "NAV" in result.findings[0].option.advice


def test_not_eligible_wins_over_do_first():
    answers = {**ALL_FIT, "nav_contacted": "no", "outside_bht": "yes"}
    assert assess(answers).outcome is Outcome.NOT_ELIGIBLE


def test_unanswered_questions_are_never_assumed():
    result = assess({"sick_leave_history": "long"})
    assert result.outcome is Outcome.DO_FIRST
    assert len(result.unanswered) == len(QUESTIONS) - 1


def test_every_question_explains_itself_and_every_refusal_says_what_to_do():
    for question in QUESTIONS:
        assert question.explanation
        for option in question.options:
            assert option.outcome is Outcome.CAN_APPLY or option.advice


@given(st.dictionaries(st.sampled_from([q.key for q in QUESTIONS]),
                       st.sampled_from(["yes", "no", "long", "treatment", "x", ""])))
def test_can_apply_only_when_every_answer_fits(answers):
    result = assess(answers)
    fits = all(q.option(answers.get(q.key, "")) is not None
               and q.option(answers[q.key]).outcome is Outcome.CAN_APPLY for q in QUESTIONS)
    assert (result.outcome is Outcome.CAN_APPLY) == fits


def test_every_status_has_a_label_a_next_step_and_transitions():
    for status in CaseStatus:
        assert status in STATUS_LABELS and status in NEXT_STEP and status in TRANSITIONS


def test_submitted_case_cannot_go_back_to_draft():
    with pytest.raises(InvalidTransition, match="Sendt til NAV"):
        check_transition(CaseStatus.SUBMITTED, CaseStatus.DRAFT)


def test_draft_can_be_submitted_or_deleted_only():
    assert TRANSITIONS[CaseStatus.DRAFT] == {CaseStatus.SUBMITTED, CaseStatus.DELETED}
