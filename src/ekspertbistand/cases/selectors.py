"""Read queries. Pages and the API read cases only through these, so access checks and the
audit of reads are never forgotten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from ekspertbistand.cases import audit
from ekspertbistand.cases.application import STEPS, StepContext, bind_step
from ekspertbistand.cases.audit import TIMELINE_TEXT
from ekspertbistand.cases.models import AuditEvent, Case, ConsentRequest, User
from ekspertbistand.cases.permissions import CaseNotFound, Role, can_see_case
from ekspertbistand.domain.case_status import NEXT_STEP, CaseStatus, ConsentStatus
from ekspertbistand.domain.identifiers import format_national_id
from ekspertbistand.domain.money import format_kr
from ekspertbistand.reference.models import NavUnit
from ekspertbistand.reference.selectors import rate_table

HIDDEN_STATUSES = (CaseStatus.DELETED,)


def cases_for_employer(user: User) -> QuerySet[Case]:
    return (Case.objects.filter(organisation__access__user=user)
            .exclude(status__in=HIDDEN_STATUSES)
            .select_related("organisation").order_by("-updated_at"))


def cases_for_employee(user: User) -> QuerySet[Case]:
    if not user.national_id:
        return Case.objects.none()
    return (Case.objects.filter(employee_national_id=user.national_id)
            .exclude(status__in=(CaseStatus.DRAFT, *HIDDEN_STATUSES))
            .select_related("organisation").order_by("-submitted_at"))


def pending_consents_for(user: User) -> QuerySet[ConsentRequest]:
    if not user.national_id:
        return ConsentRequest.objects.none()
    return (ConsentRequest.objects.filter(employee_national_id=user.national_id, active=True,
                                          case__status=CaseStatus.DRAFT)
            .select_related("case", "case__organisation"))


def active_consent(case: Case) -> ConsentRequest | None:
    """The current request for the employee's agreement, if any."""
    return case.consent_requests.filter(active=True).first()


def consent_request_for(user: User, request_id: int) -> ConsentRequest | None:
    """A request to ``user`` (by their fødselsnummer), current or not; None for anyone else."""
    if not user.national_id:
        return None
    return (ConsentRequest.objects.select_related("case", "case__organisation")
            .filter(pk=request_id, employee_national_id=user.national_id).first())


def active_consent_to(user: User, case: Case) -> ConsentRequest | None:
    """The current request to ``user`` on ``case``, if the employer has asked again."""
    return case.consent_requests.filter(active=True,
                                        employee_national_id=user.national_id or "-").first()


def voided_consent(case: Case) -> ConsentRequest | None:
    """The request a saved change made void, while the employee has not been asked again."""
    if case.consent_status != ConsentStatus.MUST_ASK_AGAIN:
        return None
    return case.consent_requests.exclude(voided_at=None).order_by("-voided_at").first()


def voided_consents_for(user: User) -> list[ConsentRequest]:
    """Requests to ``user`` that a change by the employer made void, while the application
    is still a draft and ``user`` has not been asked again: the employee's page says why.
    The latest per case."""
    if not user.national_id:
        return []
    asked_again = ConsentRequest.objects.filter(
        case=OuterRef("case"), active=True, employee_national_id=user.national_id)
    latest: dict[int, ConsentRequest] = {}
    for request in (ConsentRequest.objects.filter(employee_national_id=user.national_id,
                                                  case__status=CaseStatus.DRAFT)
                    .exclude(voided_at=None).exclude(Exists(asked_again))
                    .select_related("case", "case__organisation").order_by("-voided_at")):
        latest.setdefault(request.case_id, request)
    return list(latest.values())


def cases_for_units(units: Iterable[NavUnit]) -> QuerySet[Case]:
    """The submitted cases routed to ``units`` (NAV's inbox), oldest first."""
    return (Case.objects.filter(routed_unit__in=list(units))
            .exclude(status__in=(CaseStatus.DRAFT, *HIDDEN_STATUSES))
            .select_related("organisation", "routed_unit").order_by("submitted_at"))


def units_of(user: User) -> list[NavUnit]:
    return [m.unit for m in user.unit_memberships.select_related("unit")]


def step_context(case: Case, today: dt.date | None = None) -> StepContext:
    """The application's answers with the rules' inputs as of ``today`` (default: now)."""
    return StepContext(answers=case.answers, today=today or timezone.localdate(),
                       rate_table=tuple(rate_table()))


def submitted_context(case: Case) -> StepContext:
    """The answers judged as of the day the case was sent (or today for a draft)."""
    return step_context(case, case.submitted_at.date() if case.submitted_at else None)


def get_case(user: User, role: Role, public_id: Any, *, purpose: str = "view") -> Case:
    """The case if ``user`` in ``role`` may see it, else 404. Every read is audit-logged."""
    case = (Case.objects.select_related("organisation", "routed_unit")
            .exclude(status__in=HIDDEN_STATUSES).filter(public_id=public_id).first())
    if case is None or not can_see_case(user, role, case):
        raise CaseNotFound("Fant ikke saken.")
    audit.record("viewed", actor=user, role=role, case=case, purpose=purpose)
    return case


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    text: str


def timeline(case: Case) -> list[TimelineEntry]:
    events: Iterable[AuditEvent] = case.events.filter(public=True).order_by("at", "id")
    return [TimelineEntry(e.at, str(TIMELINE_TEXT.get(e.action, e.action))) for e in events]


def next_step(case: Case) -> str:
    return NEXT_STEP[case.status_enum]


@dataclass(frozen=True)
class SummarySection:
    slug: str
    title: str
    rows: list[tuple[str, str]]
    complete: bool


KRONER_FIELDS = ("expert_hourly_rate", "preparation_hourly_rate", "report_hourly_rate",
                 "travel_kr", "food_and_lodging_kr", "amount_applied")


def _display(name: str, field: forms.Field, value: Any) -> str:
    if value in (None, "", []):
        return "–"
    if isinstance(value, int) and name in KRONER_FIELDS:
        return format_kr(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(field, forms.MultipleChoiceField):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if choices:
        return str(choices.get(value, value))
    if isinstance(field, forms.DateField) and isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def application_summary(context: StepContext, *, protect_identity: bool = False
                        ) -> Iterator[SummarySection]:
    """Every step's answers as label/value rows, for check-your-answers, receipts and the
    employee's consent page. ``protect_identity`` leaves out the employee's name and number
    (address protection, DOMAIN §8)."""
    for step in STEPS:
        form = bind_step(step, context)
        valid = form.is_bound and form.is_valid()
        rows: list[tuple[str, str]] = []
        given = form.cleaned_data if valid else (form.data if form.is_bound else {})
        for name, field in form.fields.items():
            if not form.applies(name, given):
                continue
            if protect_identity and name in ("employee_national_id", "employee_name"):
                rows.append((str(field.label), "Skjermet"))
                continue
            value = form.cleaned_data.get(name) if valid else (
                form.data.get(name) if form.is_bound else None)
            if name == "employee_national_id" and valid:
                value = format_national_id(value)
            rows.append((str(field.label), _display(name, field, value)))
        if valid and "total_cost" in form.cleaned_data:
            rows.insert(len(rows) - 1, ("Sum kostnader", format_kr(form.cleaned_data["total_cost"])))
        yield SummarySection(step.slug, str(step.title), rows, valid)


def grant_rows() -> Iterator[dict[str, Any]]:
    """Granted cases for the outcome evaluation's treatment table (``export-grants``)."""
    for case in (Case.objects.filter(status__in=(CaseStatus.GRANTED, CaseStatus.CLOSED))
                 .exclude(submitted_at=None).select_related("organisation")):
        granted = case.events.filter(action="granted").order_by("at").first()
        yield {
            "national_id": case.employee_national_id,
            "employer_orgnr": case.organisation.orgnr,
            "granted_on": (granted.at if granted else case.status_changed_at).date(),
        }
