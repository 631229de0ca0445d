"""The expert's assignment, workspace, report and follow-up, through the actions
(DOMAIN §3.8, §4, §7)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.http import Http404

from ekspertbistand.assignments import selectors
from ekspertbistand.assignments.models import Assignment, NavFollowUpTask, Report
from ekspertbistand.cases.actions import assignment as assignments
from ekspertbistand.cases.actions import followup, report
from ekspertbistand.cases.models import Document, Notice
from ekspertbistand.cases.outbox import run_pending
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.domain.report_privacy import FlagResolution, Resolution
from ekspertbistand.domain.report_template import Measure, Party, ReportContent
from factories import granted_case, make_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(employer, employee, today):
    return granted_case(employer, employee, today)


@pytest.fixture
def eva(db):
    return make_expert("eva")


def content(today: dt.date, causes: str, nav_measure: bool = False) -> ReportContent:
    measures = [Measure(Party.EMPLOYEE, "Gradvis opptrapping til full stilling", "Arbeidstakeren",
                        today + dt.timedelta(days=30)),
                Measure(Party.EMPLOYER, "Faste vakter i tre måneder", "Nærmeste leder",
                        today + dt.timedelta(days=30))]
    if nav_measure:
        measures.append(Measure(Party.NAV, "Vurdere arbeidsrettet oppfølging", "NAV-veileder",
                                today + dt.timedelta(days=60)))
    return ReportContent(
        assignment="Målet er at arbeidstakeren kommer tilbake i egen stilling.",
        work_done="Oppstartsmøte, tre samtaler, arbeidsplassvurdering og avslutningsmøte.",
        causes=causes, measures=tuple(measures), outcome="own_job_adapted")


def accepted(case, employer, eva):
    invitation = assignments.invite_expert(employer, case)
    return assignments.accept(eva, invitation)


def released(case, employer, employee, eva, today, nav_measure=False):
    assignment = accepted(case, employer, eva)
    sent = report.submit_to_employee(
        eva, assignment, content(today, "Tunge løft og skiftende vakter gir lite hvile.",
                                 nav_measure), {}, today=today)
    return report.employee_answer(employee, sent, answer="approve")


def test_invite_matches_the_registered_expert_who_accepts(case, employer, eva):
    invitation = assignments.invite_expert(employer, case)
    assert invitation.expert.user == eva
    run_pending()
    assert Notice.objects.filter(recipient=eva, subject="Du er invitert til et oppdrag").exists()
    assert list(selectors.expert_assignments(eva)) == [invitation]
    assert assignments.accept(eva, invitation).state == Assignment.State.ACCEPTED


def test_unregistered_expert_invited_by_email_sees_it_after_registering(case, employer):
    with pytest.raises(assignments.AssignmentInvalid) as refused:
        assignments.invite_expert(employer, case)
    assert "Eva Solberg er ikke registrert" in refused.value.errors["email"]
    invitation = assignments.invite_expert(employer, case, email="Eva@Arbeidshelse.example")
    eva = make_expert("eva2", orgnr="910825446")  # registers later, with the invited e-mail
    assert list(selectors.expert_assignments(eva)) == [invitation]
    assert assignments.accept(eva, invitation).expert.user == eva


def test_decline_needs_a_reason_and_the_employer_may_invite_again(case, employer, eva):
    invitation = assignments.invite_expert(employer, case)
    with pytest.raises(assignments.AssignmentInvalid):
        assignments.decline(eva, invitation, reason="nei")
    assignments.decline(eva, invitation, reason="Jeg har ikke kapasitet før i mars.")
    assert selectors.current_assignment(case) is None
    assert assignments.invite_expert(employer, case).state == Assignment.State.INVITED


def test_another_expert_cannot_open_or_act_on_the_assignment(case, employer, eva):
    invitation = assignments.invite_expert(employer, case)
    other = make_expert("ola", name="Ola Hansen", orgnr="910825446", email="ola@x.example")
    with pytest.raises(Http404):
        selectors.expert_assignment(other, invitation.pk)
    with pytest.raises(NotAllowed):
        assignments.accept(other, invitation)


def test_start_meeting_records_what_all_three_agreed(case, employer, eva, today):
    assignment = accepted(case, employer, eva)
    with pytest.raises(assignments.AssignmentInvalid) as refused:
        assignments.save_phase(eva, assignment, kind="start_meeting", held_on=today,
                               participants="Arbeidstaker, leder, ekspert", goal="Tilbake i jobb",
                               roles="", expectations="Ærlighet", agreed_by=["employer"])
    assert set(refused.value.errors) == {"roles", "agreed_by"}
    phase = assignments.save_phase(
        eva, assignment, kind="start_meeting", held_on=today,
        participants="Arbeidstaker, leder, ekspert", goal="Tilbake i jobb",
        roles="Leder tilrettelegger", expectations="Åpenhet",
        agreed_by=["employer", "employee", "expert"])
    assert selectors.phases(assignment)["start_meeting"] == phase


def test_the_privacy_check_stops_a_diagnosis_until_removed(case, employer, employee, eva, today):
    assignment = accepted(case, employer, eva)
    draft = content(today, "Arbeidstakeren har depresjon (F32) og trenger faste vakter.")
    with pytest.raises(report.ReportInvalid) as refused:
        report.submit_to_employee(eva, assignment, draft, {}, today=today)
    flags = refused.value.flags["causes"]
    assert {f.text for f in flags} >= {"depresjon", "F32"}
    assert all(f.reason for f in flags)
    assert selectors.report_of(assignment).state == Report.State.DRAFT  # kept as typed
    removed = [FlagResolution(f.key, Resolution.REMOVED) for f in flags]
    sent = report.submit_to_employee(eva, assignment, draft, {"causes": removed}, today=today)
    assert "depresjon" not in sent.content["causes"] and "F32" not in sent.content["causes"]
    assert sent.state == Report.State.WITH_EMPLOYEE
    run_pending()
    assert Notice.objects.filter(recipient_national_id=employee.national_id,
                                 subject="Rapporten fra eksperten venter på deg").exists()


def test_employee_first_then_released_with_nav_copy_archived_once(case, employer, employee, eva,
                                                                 today):
    assignment = accepted(case, employer, eva)
    sent = report.submit_to_employee(eva, assignment, content(today, "Tunge løft og vakter."
                                                              " gir lite hvile mellom økter."),
                                     {}, today=today)
    assert selectors.released_report(case) is None  # the employer does not see it yet
    with pytest.raises(NotAllowed):
        report.employee_answer(employer, sent, answer="approve")
    with pytest.raises(report.ReportInvalid):
        report.employee_answer(employee, sent, answer="comment", comments=" ")
    report.employee_answer(employee, sent, answer="comment", comments="Jeg kjenner meg igjen.")
    run_pending()
    run_pending()
    assert selectors.released_report(case).content["employee_comments"] == "Jeg kjenner meg igjen."
    assert Document.objects.filter(case=case, kind="expert_report").count() == 1
    assert Notice.objects.filter(recipient=employer, subject="Rapporten fra eksperten er klar")


def test_follow_up_after_three_months_gives_nav_a_task_and_closes(case, employer, employee, eva,
                                                                 today):
    released(case, employer, employee, eva, today, nav_measure=True)
    with pytest.raises(NotAllowed) as early:
        followup.answer(employer, Role.EMPLOYER, case, measures_done=[0], outcome="same_position",
                        helped="yes", today=today + dt.timedelta(days=80))
    assert "Oppfølgingen åpner" in str(early.value)
    later = today + dt.timedelta(days=95)
    with pytest.raises(followup.FollowUpInvalid):
        followup.answer(employer, Role.EMPLOYER, case, measures_done=[7], outcome="x",
                        helped="yes", today=later)
    followup.answer(employee, Role.EMPLOYEE, case, measures_done=[0], outcome="same_position",
                    helped="partly", today=later)
    case.refresh_from_db()
    assert case.status == CaseStatus.GRANTED  # the employee's answer alone does not close it
    followup.answer(employer, Role.EMPLOYER, case, measures_done=[0, 1], outcome="same_position",
                    helped="yes", today=later)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert NavFollowUpTask.objects.filter(case=case, done_at__isnull=True).exists()


def test_reminders_sent_once_when_run_twice_on_one_day(case, employer, employee, eva, today):
    assignment = accepted(case, employer, eva)
    after_period = assignment.grant.period_end + dt.timedelta(days=1)
    call_command("send_reminders", today=after_period)
    call_command("send_reminders", today=after_period)
    missing = Notice.objects.filter(key__startswith=f"report_missing:{assignment.pk}")
    assert missing.filter(recipient=eva).count() == 1
    assert missing.filter(recipient=employer).count() == 1
    sent = report.submit_to_employee(eva, assignment, content(today, "Tunge løft og skiftende "
                                                              "vakter gir lite hvile."), {},
                                     today=today)
    report.employee_answer(employee, sent, answer="approve")
    due = today + dt.timedelta(days=93)
    call_command("send_reminders", today=due)
    call_command("send_reminders", today=due)
    follow = Notice.objects.filter(key__startswith=f"follow_up_due:{case.pk}")
    assert follow.filter(recipient=employer).count() == 1
    assert follow.filter(recipient_national_id=employee.national_id).count() == 1
