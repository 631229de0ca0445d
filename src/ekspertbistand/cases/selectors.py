"""Read queries. Pages and the API read cases only through these, so access checks and the
audit of reads are never forgotten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases import audit
from ekspertbistand.cases.application import STEPS, StepContext, bind_step
from ekspertbistand.cases.audit import TIMELINE_TEXT
from ekspertbistand.cases.models import (
    AuditEvent,
    Case,
    ConsentRequest,
    EmployerAccess,
    Organisation,
    User,
)
from ekspertbistand.cases.permissions import CaseNotFound, Role, can_see_case
from ekspertbistand.domain.case_status import (
    CONSENT_LABELS,
    NEXT_STEP,
    STATUS_LABELS,
    CaseStatus,
    ConsentStatus,
)
from ekspertbistand.domain.identifiers import format_national_id
from ekspertbistand.domain.money import format_kr
from ekspertbistand.domain.retention import draft_deleted_on
from ekspertbistand.reference.models import NavUnit
from ekspertbistand.reference.selectors import rate_table

HIDDEN_STATUSES = (CaseStatus.DELETED,)


# Lists load only the columns they show (never ``answers``), a page at a time, newest first,
# through an index per owner, without counting: a page's cost must not grow with the number of
# cases (decision 0017).
PAGE_SIZE = 25
Position = tuple[dt.datetime, int]  # the sort value and pk of the last row of a page


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A case as a list shows it: plain values read with ``values_list``, no model instance."""

    pk: int
    public_id: Any
    reference: str | None
    status: str
    employee_name: str
    address_protection: str
    consent_status: str
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    organisation_name: str
    organisation_orgnr: str
    municipality_name: str | None
    steps_done: int | None
    resume_step: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[CaseStatus(self.status)])

    @property
    def consent_label(self) -> str:
        return str(CONSENT_LABELS[ConsentStatus(self.consent_status)])

    @property
    def draft_deleted_on(self) -> dt.date:
        """The day a draft is deleted unless saved before (``domain.retention``)."""
        return draft_deleted_on(timezone.localtime(self.updated_at).date())


ROW_COLUMNS = ("pk", "public_id", "reference", "status", "employee_name", "address_protection",
               "consent_status", "updated_at", "submitted_at", "organisation__name",
               "organisation__orgnr", "organisation__municipality__name", "steps_done",
               "resume_step")


@dataclass(frozen=True)
class CasePage:
    """A page of a list: its rows, whether more follow, and where the next page starts."""

    rows: list[CaseRow]
    has_next: bool
    next_position: Position | None


def _newest_first(parts: list[QuerySet[Case]], field: str, *, size: int, offset: int = 0,
                  after: Position | None = None) -> CasePage:
    """Rows of ``parts`` (one query per organisation, each walking its own index in order)
    merged newest first by ``field`` then pk: ``size`` of them after ``offset`` rows, or after
    the row at ``after``. Asks each part for one row more than needed, never for a count."""
    want = offset + size + 1
    rows: list[CaseRow] = []
    for part in parts:
        if after is not None:
            value, pk = after
            part = part.filter(Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": pk}))
        part = part.order_by(f"-{field}", "-pk")
        values = part.values_list(*ROW_COLUMNS)
        rows += [CaseRow(*v) for v in (values[offset:want] if len(parts) == 1 else values[:want])]
    if len(parts) > 1:
        rows.sort(key=lambda row: (getattr(row, field), row.pk), reverse=True)
        rows = rows[offset:want]
    shown = rows[:size]
    has_next = len(rows) > size
    position = (getattr(shown[-1], field), shown[-1].pk) if has_next else None
    return CasePage(shown, has_next, position)


def _per_organisation(user: User, organisations: Iterable[Organisation] | None,
                      **filters: Any) -> list[QuerySet[Case]]:
    """One query per organisation ``user`` may act for. ``organisations``: those already read
    with ``permissions.organisations_of(user)``, to save reading them again."""
    ids = ([o.pk for o in organisations] if organisations is not None else
           EmployerAccess.objects.filter(user=user).values_list("organisation_id", flat=True))
    base = Case.objects.exclude(status__in=HIDDEN_STATUSES).filter(**filters)
    return [base.filter(organisation_id=org) for org in sorted(ids)]


def employer_cases(user: User, *, size: int, after: Position | None = None) -> CasePage:
    """Every case and draft of the organisations ``user`` may act for, newest change first
    (``GET /api/v1/cases``)."""
    return _newest_first(_per_organisation(user, None), "updated_at", size=size, after=after)


def employer_sent_cases(user: User, page: int = 1, size: int = PAGE_SIZE, *,
                        organisations: Iterable[Organisation] | None = None) -> CasePage:
    """«Mine saker», sent applications: page ``page`` (from 1), newest change first."""
    parts = [p.exclude(status=CaseStatus.DRAFT) for p in _per_organisation(user, organisations)]
    return _newest_first(parts, "updated_at", size=size, offset=(page - 1) * size)


def employer_drafts(user: User, page: int = 1, size: int = PAGE_SIZE, *,
                    organisations: Iterable[Organisation] | None = None) -> CasePage:
    """«Mine saker», drafts, with how far each has come (``steps_done``, ``resume_step``)."""
    parts = _per_organisation(user, organisations, status=CaseStatus.DRAFT)
    return _newest_first(parts, "updated_at", size=size, offset=(page - 1) * size)


def employee_cases(user: User, *, page: int = 1, size: int = PAGE_SIZE,
                   after: Position | None = None) -> CasePage:
    """The applications about ``user`` sent to NAV, newest first."""
    if not user.national_id:
        return CasePage([], False, None)
    part = (Case.objects.filter(employee_national_id=user.national_id)
            .exclude(status__in=(CaseStatus.DRAFT, *HIDDEN_STATUSES)))
    return _newest_first([part], "submitted_at", size=size, offset=(page - 1) * size,
                         after=after)


@dataclass(frozen=True)
class DraftRow:
    """A draft as «Mine saker» lists it: named by its employee, with its progress."""

    case: CaseRow
    title: str  # the employee's name, or «Uten navn ennå»
    context: str  # what tells two drafts apart for a screen reader: organisation, last saved
    done: int
    total: int
    first_unfinished: str  # the step slug the draft opens at


def form_progress(case: Case, table: tuple[tuple[dt.date, int], ...] | None = None,
                  today: dt.date | None = None) -> tuple[int, str]:
    """(form steps whose answers are valid, the first step that is not or ""): written on
    every save (``Case.steps_done``, ``Case.resume_step``) so lists need not validate."""
    context = StepContext(answers=case.answers, today=today or timezone.localdate(),
                          rate_table=table if table is not None else tuple(rate_table()))
    done = [s.slug for s in STEPS if (f := bind_step(s, context)).is_bound and f.is_valid()]
    return len(done), next((s.slug for s in STEPS if s.slug not in done), "")


def draft_progress(case: CaseRow) -> tuple[int, int, str]:
    """(steps done, steps in all, the slug the draft opens at), as of the draft's last save.
    The consent counts as a step; with everything done the draft opens at the summary."""
    if case.steps_done is None:  # saved before progress was kept: work it out
        steps_done, resume_step = form_progress(Case.objects.only("answers").get(pk=case.pk))
    else:
        steps_done, resume_step = case.steps_done, case.resume_step
    agreed = case.consent_status == ConsentStatus.AGREED
    if resume_step:
        first = resume_step
    elif steps_done < len(STEPS):  # a new draft, never saved
        first = STEPS[0].slug
    else:
        first = "oppsummering" if agreed else "samtykke"
    return steps_done + int(agreed), len(STEPS) + 1, first


def draft_rows(drafts: Iterable[CaseRow]) -> list[DraftRow]:
    """The drafts of one page as rows whose link texts all differ."""
    rows: list[DraftRow] = []
    seen: dict[str, int] = {}
    for case in drafts:
        title = case.employee_name or str(_("Uten navn ennå"))
        context = str(_("utkast for %(organisation)s, sist lagret %(saved)s")) % {
            "organisation": case.organisation_name,
            "saved": timezone.localtime(case.updated_at).strftime("%d.%m.%Y kl. %H:%M")}
        seen[title + context] = seen.get(title + context, 0) + 1
        if seen[title + context] > 1:
            context = f"{context} ({seen[title + context]})"
        done, total, first = draft_progress(case)
        rows.append(DraftRow(case, title, context, done, total, first))
    return rows


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
