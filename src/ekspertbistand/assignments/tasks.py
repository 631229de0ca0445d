"""Outbox handlers for assignments and reports. Each is idempotent (keyed notices, one
archived report). Notices hold no health details, and name the employee only as
``cases.privacy`` lets the recipient see it."""

from __future__ import annotations

import hashlib
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.assignments.models import Assignment, Report
from ekspertbistand.cases import audit, privacy
from ekspertbistand.cases.models import Case, Document
from ekspertbistand.cases.outbox import handler
from ekspertbistand.cases.permissions import Role
from ekspertbistand.cases.tasks import notify


def expert_recipient(assignment: Assignment) -> tuple[Any, str]:
    """(user, e-mail) of the invited expert; no user until an unregistered expert registers."""
    if assignment.expert is not None and assignment.expert.user is not None:
        return assignment.expert.user, assignment.expert.user.email
    return None, assignment.invited_email


def notify_employer(case: Case, key: str, *, subject: str, body: str, link: str) -> None:
    contact_email = case.answers.get("kontaktperson", {}).get("contact_email", "")
    for access in case.organisation.access.select_related("user"):
        notify(f"{key}:employer:{access.user_id}", recipient=access.user, case=case,
               subject=subject, body=body, link=link,
               email=contact_email if access.user_id == case.created_by_id else "")


@handler("notify_expert_invited")
def notify_expert_invited(payload: dict[str, Any]) -> None:
    assignment = Assignment.objects.select_related("case__organisation", "expert__user").get(
        pk=payload["assignment_id"])
    user, email = expert_recipient(assignment)
    link = reverse("portal:expert_home")
    body = _("%(org)s inviterer deg til å være ekspert i en innvilget sak om ekspertbistand. "
             "Logg inn som ekspert og svar på invitasjonen under «Mine oppdrag».") % {
        "org": assignment.case.organisation.name}
    if user is None:
        body += " " + _("Er du ikke registrert ennå, registrerer du deg først med denne "
                        "e-postadressen.")
    notify(f"expert_invited:{assignment.pk}", recipient=user, case=assignment.case,
           subject=_("Du er invitert til et oppdrag"), body=body, link=link, email=email)


@handler("notify_report_waiting")
def notify_report_waiting(payload: dict[str, Any]) -> None:
    report = Report.objects.select_related("assignment__case").get(pk=payload["report_id"])
    case = report.assignment.case
    notify(f"report_waiting:{report.pk}", national_id=case.employee_national_id, case=case,
           subject=_("Rapporten fra eksperten venter på deg"),
           body=_("Eksperten har skrevet rapporten. Du leser den først: godkjenn den eller skriv "
                  "kommentarer, så sendes den til arbeidsgiveren og NAV."),
           link=reverse("portal:report_read", args=[case.public_id]))


@handler("notify_report_released")
def notify_report_released(payload: dict[str, Any]) -> None:
    report = Report.objects.select_related("assignment__case__organisation").get(
        pk=payload["report_id"])
    case = report.assignment.case
    name = privacy.employee_first_name(case, Role.EMPLOYER) or _("arbeidstakeren")
    notify_employer(case, f"report_released:{report.pk}",
                    subject=_("Rapporten fra eksperten er klar"),
                    body=_("Rapporten for %(name)s i sak %(reference)s er klar. Les de "
                           "foreslåtte tiltakene og følg opp dem som gjelder dere. NAV har fått "
                           "en kopi.") % {"name": name, "reference": case.reference},
                    link=reverse("portal:report_read", args=[case.public_id]))


def report_document(report: Report, *, archived: bool, role: Role) -> Any:
    from ekspertbistand.assignments.content import from_json
    from ekspertbistand.documents.report import ReportDocument

    assignment = report.assignment
    case = assignment.case
    return ReportDocument(
        case_reference=case.reference or "", grant_number=assignment.grant.number,
        employer_name=case.organisation.name, employer_orgnr=case.organisation.orgnr,
        employee_name=privacy.employee_name(case, role, archived=archived),
        expert_name=assignment.expert.name if assignment.expert else assignment.grant.expert_name,
        provider_name=assignment.grant.expert_company,
        written_on=timezone.localtime(report.submitted_at or timezone.now()).date(),
        content=from_json(report.content),
        employee_approved_on=(timezone.localtime(report.employee_answered_at).date()
                              if report.employee_answered_at else None),
        archived=archived)


@handler("archive_report")
def archive_report(payload: dict[str, Any]) -> None:
    """NAV's copy: PDF/A, the employee's identity left out for kode 6/7. Stored once."""
    from ekspertbistand.documents.report import render_report_pdf

    report = Report.objects.select_related("assignment__case__organisation", "assignment__grant",
                                           "assignment__expert").get(pk=payload["report_id"])
    case = report.assignment.case
    if Document.objects.filter(case=case, kind=Document.Kind.EXPERT_REPORT,
                               key=str(report.pk)).exists():
        return
    pdf = render_report_pdf(report_document(report, archived=True, role=Role.CASEWORKER))
    Document.objects.create(case=case, kind=Document.Kind.EXPERT_REPORT, key=str(report.pk),
                            content=pdf, sha256=hashlib.sha256(pdf).hexdigest())
    audit.record("report_archived", actor=None, case=case, public=True)


@handler("notify_case_closed")
def notify_case_closed(payload: dict[str, Any]) -> None:
    case = Case.objects.select_related("organisation").get(pk=payload["case_id"])
    notify_employer(case, f"case_closed:{case.pk}", subject=_("Saken er avsluttet"),
                    body=_("Takk for svarene på oppfølgingen. Sak %(reference)s er avsluttet.")
                    % {"reference": case.reference},
                    link=reverse("portal:case_detail", args=[case.public_id]))
