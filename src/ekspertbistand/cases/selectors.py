"""Read queries. Pages and the API read cases only through these, so access checks and the
audit of reads are never forgotten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


# Lists load only the columns they show (never ``answers``), a page at a time: a page's cost
# must not grow with the number of cases (decision 0017).
PAGE_SIZE = 25
LIST_FIELDS = ("public_id", "reference", "status", "employee_name", "address_protection",
               "consent_status", "updated_at", "submitted_at", "organisation__name",
               "organisation__orgnr", "organisation__municipality__name")


def _employer_cases(user: User) -> QuerySet[Case]:
    return (Case.objects.filter(organisation__access__user=user)
            .exclude(status__in=HIDDEN_STATUSES)
            .select_related("organisation__municipality"))


def cases_for_employer(user: User) -> QuerySet[Case]:
    """Every case and draft of the organisations ``user`` may act for, newest change first,
    with only the list's columns."""
    return _employer_cases(user).only(*LIST_FIELDS).order_by("-updated_at", "-pk")


def sent_cases_for_employer(user: User) -> QuerySet[Case]:
    return cases_for_employer(user).exclude(status=CaseStatus.DRAFT)


def drafts_for_employer(user: User) -> QuerySet[Case]:
    """The drafts, with their answers: the list shows how far each has come."""
    return (_employer_cases(user).filter(status=CaseStatus.DRAFT)
            .only(*LIST_FIELDS, "answers", "created_at").order_by("-updated_at", "-pk"))


def cases_for_employee(user: User) -> QuerySet[Case]:
    if not user.national_id:
        return Case.objects.none()
    return (Case.objects.filter(employee_national_id=user.national_id)
            .exclude(status__in=(CaseStatus.DRAFT, *HIDDEN_STATUSES))
            .select_related("organisation__municipality").only(*LIST_FIELDS)
            .order_by("-submitted_at", "-pk"))


def keyset_page(cases: QuerySet[Case], field: str, after: tuple[dt.datetime, int] | None,
                size: int) -> tuple[list[Case], tuple[dt.datetime, int] | None]:
    """One page of ``cases`` ordered by ``-field, -pk``, after the row ``after`` (its field's
    value and pk), and the position to continue from (``None`` on the last page). Unlike an
    offset, the cost does not grow with how far one has paged, and a new case does not shift
    the pages."""
    if after is not None:
        value, pk = after
        cases = cases.filter(Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": pk}))
    rows = list(cases.order_by(f"-{field}", "-pk")[:size + 1])
    if len(rows) <= size:
        return rows, None
    last = rows[size - 1]
    return rows[:size], (getattr(last, field), last.pk)


@dataclass(frozen=True)
class DraftRow:
    """A draft as «Mine saker» lists it: named by its employee, with its progress."""

    case: Case
    title: str  # the employee's name, or «Uten navn ennå»
    context: str  # what tells two drafts apart for a screen reader: organisation, last saved
    done: int
    total: int
    first_unfinished: str  # the step slug the draft opens at


def draft_progress(case: Case, table: tuple[tuple[dt.date, int], ...] | None = None,
                   today: dt.date | None = None) -> tuple[int, int, str]:
    """(steps done, steps in all, the first unfinished step's slug). The consent counts as a
    step; with everything done the draft opens at the summary."""
    context = StepContext(answers=case.answers, today=today or timezone.localdate(),
                          rate_table=table if table is not None else tuple(rate_table()))
    done = [s.slug for s in STEPS if (f := bind_step(s, context)).is_bound and f.is_valid()]
    agreed = case.consent_status == ConsentStatus.AGREED
    first = next((s.slug for s in STEPS if s.slug not in done), None)
    if first is None:
        first = "oppsummering" if agreed else "samtykke"
    return len(done) + int(agreed), len(STEPS) + 1, first


def draft_rows(drafts: Iterable[Case]) -> list[DraftRow]:
    """The drafts of one page as rows whose link texts all differ."""
    table = tuple(rate_table())
    today = timezone.localdate()
    rows: list[DraftRow] = []
    seen: dict[str, int] = {}
    for case in drafts:
        title = case.employee_name or str(_("Uten navn ennå"))
        context = str(_("utkast for %(organisation)s, sist lagret %(saved)s")) % {
            "organisation": case.organisation.name,
            "saved": timezone.localtime(case.updated_at).strftime("%d.%m.%Y kl. %H:%M")}
        seen[title + context] = seen.get(title + context, 0) + 1
        if seen[title + context] > 1:
            context = f"{context} ({seen[title + context]})"
        done, total, first = draft_progress(case, table, today)
        rows.append(DraftRow(case, title, context, done, total, first))
    return rows


def pending_consents_for(user: User) -> QuerySet[ConsentRequest]:
    if not user.national_id:
        return ConsentRequest.objects.none()
    return (ConsentRequest.objects.filter(employee_national_id=user.national_id, active=True,
                                          case__status=CaseStatus.DRAFT)
            .select_related("case", "case__organisation"))


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
        for name, field in form.fields.items():
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
