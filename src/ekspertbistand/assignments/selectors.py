"""Reads of assignments, phases, reports and follow-ups, each for the role that may see it.

The expert's working notes are read only by ``expert_notes`` for the expert themselves."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from ekspertbistand.assignments.models import (
    Assignment,
    ExpertNote,
    FollowUp,
    NavFollowUpTask,
    Phase,
    Report,
)
from ekspertbistand.cases import audit
from ekspertbistand.cases.models import Case, Expert, User
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.refunds import RefundState

# Refund states in which nothing more will happen to the money (DOMAIN §8).
REFUND_SETTLED = frozenset({RefundState.PAID, RefundState.EXPIRED, RefundState.CANCELLED,
                            RefundState.CORRECTED})


def _mine(user: User) -> Q:
    expert = Expert.objects.filter(user=user).first()
    mine = Q(expert=expert) if expert is not None else Q(pk__in=[])
    if user.email:
        mine |= Q(expert__isnull=True, invited_email__iexact=user.email)
    return mine


def expert_assignments(user: User) -> QuerySet[Assignment]:
    """«Mine oppdrag»: invitations and assignments, newest first."""
    return (Assignment.objects.filter(_mine(user)).select_related("case", "case__organisation",
                                                                   "grant"))


def expert_assignment(user: User, assignment_id: int) -> Assignment:
    """The expert's own assignment, or 404 (another expert's looks missing)."""
    assignment = expert_assignments(user).filter(pk=assignment_id).first()
    if assignment is None:
        raise Http404("Fant ikke oppdraget.")
    audit.record("viewed", actor=user, role=Role.EXPERT, case=assignment.case,
                 purpose="assignment")
    return assignment


def expert_notes(user: User, assignment: Assignment) -> QuerySet[ExpertNote]:
    """The expert's own working notes; nobody else's page calls this."""
    if assignment not in expert_assignments(user):
        raise Http404("Fant ikke oppdraget.")
    return assignment.notes.all()


def current_assignment(case: Case) -> Assignment | None:
    """The invitation still open, or the accepted assignment."""
    return (case.assignments.exclude(state=Assignment.State.DECLINED)
            .select_related("grant", "expert").first())


def declined_assignments(case: Case) -> list[Assignment]:
    return list(case.assignments.filter(state=Assignment.State.DECLINED))


def phases(assignment: Assignment) -> dict[str, Phase]:
    return {p.kind: p for p in assignment.phases.all()}


def report_of(assignment: Assignment) -> Report | None:
    return Report.objects.filter(assignment=assignment).first()


def case_report(case: Case) -> Report | None:
    return Report.objects.filter(assignment__case=case).select_related("assignment").first()


def released_report(case: Case) -> Report | None:
    return (Report.objects.filter(assignment__case=case, state=Report.State.RELEASED)
            .select_related("assignment", "assignment__grant").first())


def follow_ups(case: Case) -> dict[str, FollowUp]:
    return {f.respondent: f for f in case.follow_ups.all()}


def nav_task(case: Case) -> NavFollowUpTask | None:
    return NavFollowUpTask.objects.filter(case=case).first()


def open_nav_tasks(unit_ids: list[int]) -> QuerySet[NavFollowUpTask]:
    return NavFollowUpTask.objects.filter(done_at__isnull=True).filter(
        Q(case__deciding_unit_id__in=unit_ids)
        | Q(case__deciding_unit__isnull=True, case__routed_unit_id__in=unit_ids))


def refund_state_of(case: Case) -> RefundState | None:
    """The refund's state for the case's grant; None while the service keeps no refund for it.

    The one place closing asks about the refund (``refunds.selectors``)."""
    from ekspertbistand.refunds.selectors import refund_state

    return refund_state(case)


def refund_allows_closing(case: Case) -> bool:
    state = refund_state_of(case)
    return state is None or state in REFUND_SETTLED


# --- For the daily reminders ----------------------------------------------------------------

def reports_missing(today: dt.date) -> QuerySet[Assignment]:
    """Accepted assignments whose grant period has ended without a report sent on."""
    return (Assignment.objects.filter(state=Assignment.State.ACCEPTED, grant__period_end__lt=today,
                                      case__status="granted")
            .exclude(report__state__in=[Report.State.WITH_EMPLOYEE, Report.State.RELEASED])
            .select_related("case", "case__organisation", "expert", "grant"))


def released_reports_without_follow_up(released_before: dt.datetime) -> QuerySet[Report]:
    return (Report.objects.filter(state=Report.State.RELEASED, released_at__lt=released_before,
                                  assignment__case__status="granted")
            .exclude(assignment__case__follow_ups__respondent=FollowUp.Respondent.EMPLOYER)
            .select_related("assignment__case", "assignment__case__organisation"))


def cases_ready_to_close() -> QuerySet[Case]:
    return Case.objects.filter(status="granted",
                               follow_ups__respondent=FollowUp.Respondent.EMPLOYER)
