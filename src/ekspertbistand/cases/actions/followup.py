"""The follow-up after the report, and closing the case (DOMAIN §4).

A set number of months after the report was released (``FOLLOW_UP_MONTHS_AFTER_REPORT``) the
employer, and the employee if they wish, answers which proposed measures were carried out,
the outcome for the employee (Figur 23) and whether the assistance helped. When the report
proposed a measure for NAV the deciding unit gets a task. The case closes once the employer
has answered and the refund is settled or expired (decision 0046).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.assignments import selectors
from ekspertbistand.assignments.content import from_json
from ekspertbistand.assignments.models import FollowUp, NavFollowUpTask, Report
from ekspertbistand.cases import audit, outbox
from ekspertbistand.cases.models import Case, User
from ekspertbistand.cases.permissions import NotAllowed, Role, can_see_case
from ekspertbistand.domain.case_status import CaseStatus, check_transition
from ekspertbistand.domain.followup import HELPED_LABELS, OUTCOME_CATEGORIES, follow_up_due
from ekspertbistand.domain.report_template import Party


class FollowUpInvalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def due_on(report: Report) -> dt.date | None:
    if report.released_at is None:
        return None
    return follow_up_due(timezone.localtime(report.released_at).date(),
                         settings.FOLLOW_UP_MONTHS_AFTER_REPORT)


def answer(actor: User, role: Role, case: Case, *, measures_done: Sequence[int], outcome: str,
           helped: str, comment: str = "", today: dt.date | None = None) -> FollowUp:
    """Store the employer's (or the employee's) follow-up answer, once each."""
    if role not in (Role.EMPLOYER, Role.EMPLOYEE) or not can_see_case(actor, role, case):
        raise NotAllowed(_("Bare arbeidsgiveren og arbeidstakeren i saken kan svare på "
                           "oppfølgingen."))
    today = today or timezone.localdate()
    report = selectors.released_report(case)
    if report is None:
        raise NotAllowed(_("Oppfølgingen kommer når rapporten er sendt."))
    due = due_on(report)
    assert due is not None
    if today < due:
        raise NotAllowed(_("Oppfølgingen åpner %(day)s, %(months)d måneder etter rapporten.")
                         % {"day": due.strftime("%d.%m.%Y"),
                            "months": settings.FOLLOW_UP_MONTHS_AFTER_REPORT})
    measures = from_json(report.content).measures
    errors: dict[str, str] = {}
    done = sorted(set(measures_done))
    if any(i < 0 or i >= len(measures) for i in done):
        errors["measures_done"] = _("Tiltak: velg blant tiltakene i rapporten.")
    if outcome not in OUTCOME_CATEGORIES:
        errors["outcome"] = _("Resultat: velg hvordan det gikk med arbeidstakeren.")
    if helped not in {h.value for h in HELPED_LABELS}:
        errors["helped"] = _("Hjalp det: velg om ekspertbistanden hjalp.")
    if errors:
        raise FollowUpInvalid(errors)
    respondent = FollowUp.Respondent.EMPLOYER if role is Role.EMPLOYER else FollowUp.Respondent.EMPLOYEE
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if FollowUp.objects.filter(case=case, respondent=respondent).exists():
            raise NotAllowed(_("Oppfølgingen er allerede besvart."))
        follow_up = FollowUp.objects.create(
            case=case, respondent=respondent, answered_by=actor, measures_done=done,
            outcome=outcome, helped=helped, comment=comment.strip())
        audit.record("follow_up_answered", actor=actor, role=role, case=case, public=True,
                     respondent=respondent)
        if any(m.party is Party.NAV for m in measures):
            _task, created = NavFollowUpTask.objects.get_or_create(case=case)
            if created:
                audit.record("nav_follow_up_task", actor=None, case=case)
        if respondent == FollowUp.Respondent.EMPLOYER:
            _close(case)
    return follow_up


def complete_nav_task(actor: User, case: Case) -> NavFollowUpTask:
    if not can_see_case(actor, Role.CASEWORKER, case):
        raise NotAllowed(_("Bare NAV-enheten som har saken, kan fullføre oppgaven."))
    with transaction.atomic():
        task = NavFollowUpTask.objects.select_for_update().get(case=case)
        if task.done_at is None:
            task.done_at, task.done_by = timezone.now(), actor
            task.save(update_fields=["done_at", "done_by"])
            audit.record("nav_follow_up_task_done", actor=actor, role=Role.CASEWORKER, case=case)
    return task


def _close(case: Case) -> bool:
    """Close a locked case when the follow-up is answered and the refund allows it."""
    if case.status != CaseStatus.GRANTED:
        return False
    if not FollowUp.objects.filter(case=case, respondent=FollowUp.Respondent.EMPLOYER).exists():
        return False
    if not selectors.refund_allows_closing(case):
        return False
    check_transition(case.status_enum, CaseStatus.CLOSED)
    case.status = CaseStatus.CLOSED
    case.status_changed_at = case.updated_at = timezone.now()
    case.save(update_fields=["status", "status_changed_at", "updated_at"])
    audit.record("case_closed", actor=None, case=case, public=True)
    outbox.enqueue("notify_case_closed", str(case.pk), case_id=case.pk)
    return True


def close_if_done(case: Case) -> bool:
    """Close the case if everything is done (the daily job, and the refund when it settles)."""
    with transaction.atomic():
        return _close(Case.objects.select_for_update().get(pk=case.pk))
