"""The expert's report: draft, privacy check, the employee reads it first, then it is released
to the employer with a copy to NAV's case (DOMAIN §3.8, §4; decision 0045)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.assignments.content import from_json, replace_text, to_json
from ekspertbistand.assignments.models import Assignment, Report
from ekspertbistand.cases import audit, outbox
from ekspertbistand.cases.actions.assignment import require_expert_of
from ekspertbistand.cases.models import Case, User
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.domain.report_privacy import Flag, FlagResolution, apply_resolutions
from ekspertbistand.domain.report_template import ReportContent, check_report, privacy_flags


class ReportInvalid(ValueError):
    """What stops the report from leaving the expert: the template's missing parts (per field)
    and the privacy flags still open (per text, with why each is a risk)."""

    def __init__(self, errors: dict[str, list[str]], flags: dict[str, list[Flag]]) -> None:
        super().__init__(_("Rapporten kan ikke sendes ennå. Rett det som er markert."))
        self.errors = errors
        self.flags = flags


def allowed_names(case: Case, assignment: Assignment) -> list[str]:
    """The case's participants, whose names the privacy check does not flag."""
    names = [case.employee_name, case.organisation.name, assignment.grant.expert_name,
             assignment.grant.expert_company]
    contact = case.answers.get("kontaktperson", {})
    if isinstance(contact, dict):
        names.append(str(contact.get("contact_name", "")))
    if assignment.expert is not None:
        names += [assignment.expert.name, assignment.expert.company]
    return [n for n in names if n]


def _editable(actor: User, assignment: Assignment) -> Report:
    require_expert_of(actor, assignment)
    if assignment.state != Assignment.State.ACCEPTED:
        raise NotAllowed(_("Du må akseptere oppdraget før du skriver rapporten."))
    report, _created = Report.objects.select_for_update().get_or_create(assignment=assignment)
    if report.state != Report.State.DRAFT:
        raise NotAllowed(_("Rapporten er sendt til arbeidstakeren og kan ikke endres."))
    return report


def save_draft(actor: User, assignment: Assignment, content: ReportContent) -> Report:
    """Keep what the expert wrote, finished or not."""
    with transaction.atomic():
        report = _editable(actor, assignment)
        report.content, report.updated_at = to_json(content), timezone.now()
        report.save(update_fields=["content", "updated_at"])
        audit.record("report_draft_saved", actor=actor, role=Role.EXPERT, case=assignment.case)
    return report


def submit_to_employee(actor: User, assignment: Assignment, content: ReportContent,
                       resolutions: Mapping[str, Sequence[FlagResolution]],
                       *, today: dt.date | None = None) -> Report:
    """Send the report to the employee once the template is complete and every privacy flag
    is removed or kept with a reason. ``resolutions`` are per text (``ReportContent.texts``)."""
    today = today or timezone.localdate()
    names = allowed_names(assignment.case, assignment)
    errors: dict[str, list[str]] = {}
    for problem in check_report(content, today):
        errors.setdefault(problem.field, []).append(problem.message)
    open_flags: dict[str, list[Flag]] = {}
    kept: list[dict[str, str]] = []
    cleaned = content
    for where in privacy_flags(content, names):
        text = dict(content.texts())[where]
        outcome = apply_resolutions(text, resolutions.get(where, ()), allowed_names=names)
        for problem in outcome.problems:
            errors.setdefault(f"{where}|{problem.field}", []).append(problem.message)
        if outcome.unresolved:
            open_flags[where] = list(outcome.unresolved)
        kept += [{"where": where, "kind": k.flag.kind.value, "text": k.flag.text,
                  "reason": k.reason} for k in outcome.kept]
        cleaned = replace_text(cleaned, where, outcome.text)
    with transaction.atomic():
        report = _editable(actor, assignment)
        report.content, report.updated_at = to_json(content), timezone.now()
        if errors or open_flags:
            # What was typed is kept; the refusal is raised after the commit.
            report.save(update_fields=["content", "updated_at"])
            raise_after: ReportInvalid | None = ReportInvalid(errors, open_flags)
        else:
            report.content = to_json(cleaned)
            report.kept_flags = kept
            report.state, report.submitted_at = Report.State.WITH_EMPLOYEE, timezone.now()
            report.save()
            audit.record("report_sent_to_employee", actor=actor, role=Role.EXPERT,
                         case=assignment.case, public=True, kept_flags=len(kept))
            outbox.enqueue("notify_report_waiting", str(report.pk), report_id=report.pk)
            raise_after = None
    if raise_after is not None:
        raise raise_after
    return report


def require_employee_of(actor: User, report: Report) -> Case:
    case = report.assignment.case
    if not actor.national_id or actor.national_id != case.employee_national_id:
        raise NotAllowed(_("Bare arbeidstakeren i saken kan godkjenne rapporten."))
    return case


def employee_answer(actor: User, report: Report, *, answer: str, comments: str = "") -> Report:
    """The employee approves the report or comments; either way it is then released to the
    employer with a copy to NAV's case, the comments with it."""
    case = require_employee_of(actor, report)
    if answer not in ("approve", "comment"):
        raise ReportInvalid({"answer": [_("Velg om du godkjenner rapporten eller vil "
                                          "kommentere den.")]}, {})
    if answer == "comment" and not comments.strip():
        raise ReportInvalid({"comments": [_("Skriv kommentarene dine, eller velg å godkjenne "
                                            "rapporten.")]}, {})
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.state != Report.State.WITH_EMPLOYEE:
            raise NotAllowed(_("Rapporten er allerede besvart."))
        content = from_json(report.content)
        data = to_json(content)
        data["employee_comments"] = comments.strip() if answer == "comment" else ""
        now = timezone.now()
        report.content = data
        report.employee_answer, report.employee_answered_at = answer, now
        report.state, report.released_at = Report.State.RELEASED, now
        report.save()
        audit.record("report_employee_answered", actor=actor, role=Role.EMPLOYEE, case=case,
                     answer=answer)
        audit.record("report_released", actor=None, case=case, public=True)
        outbox.enqueue("archive_report", str(report.pk), report_id=report.pk)
        outbox.enqueue("notify_report_released", str(report.pk), report_id=report.pk)
    return report
