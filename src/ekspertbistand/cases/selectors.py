"""Read queries. Pages and the API read cases only through these, so access checks and the
audit of reads are never forgotten."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property
from typing import Any, NamedTuple

from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases import audit, list_sql
from ekspertbistand.cases.application import STEPS, StepContext, bind_step
from ekspertbistand.cases.audit import TIMELINE_TEXT
from ekspertbistand.cases.models import (
    AuditEvent,
    Case,
    ConsentRequest,
    EmployerAccess,
    Organisation,
    UnitMembership,
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



class CasePage:
    """A page of a list: its rows, whether more follow, and where the next page starts. The
    rows are kept as read and converted when first asked for, so a page answered from
    ``portal.page_memo`` never converts them (``memo_key``)."""

    def __init__(self, raw: tuple[tuple[Any, ...], ...], has_next: bool, field: str) -> None:
        self.raw, self.has_next, self.field = raw, has_next, field

    @cached_property
    def rows(self) -> list[CaseRow]:
        return [CaseRow(*list_sql.case_row(values)) for values in self.raw]

    @property
    def next_position(self) -> Position | None:
        """The sort value and pk of the last row, when another page follows."""
        if not self.has_next:
            return None
        last = self.rows[-1]
        return getattr(last, self.field), last.pk

    def memo_key(self) -> tuple[Any, ...]:
        return self.raw, self.has_next

    def __iter__(self) -> Iterator[CaseRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.raw)


NO_CASES = CasePage((), False, "updated_at")


def _newest_first(parts: list[tuple[str, list[Any]]], field: str, *, size: int,
                  offset: int = 0, after: Position | None = None) -> CasePage:
    """Rows of ``parts`` (each a condition on the case ``c`` with its parameters, walking its
    own index in order) merged newest first by ``field`` then pk: ``size`` of them after
    ``offset`` rows, or after the row at ``after``. Asks for one row more than needed, never
    for a count. One statement, written out (``list_sql``, decision 0058)."""
    if not parts:
        return NO_CASES
    since: list[Any] = []
    if after is not None:
        value = list_sql.db_datetime(after[0])
        since = [value, value, after[1]]
    if len(parts) == 1:
        params = [*parts[0][1], *since, size + 1, offset]
    else:
        params = [p for _where, part_params in parts
                  for p in (*part_params, *since, offset + size + 1)] + [size + 1, offset]
    sql = _newest_first_sql(tuple(where for where, _params in parts), field, after is not None)
    rows = list_sql.fetch(sql, params)
    return CasePage(tuple(rows[:size]), len(rows) > size, field)


@cache
def _newest_first_sql(wheres: tuple[str, ...], field: str, after: bool) -> str:
    """The statement of ``_newest_first``, made once per shape."""
    column, pk_column = f"c.{list_sql.q(Case, field)}", f"c.{list_sql.q(Case, 'id')}"
    since = f" AND ({column} < %s OR ({column} = %s AND {pk_column} < %s))" if after else ""
    order = f" ORDER BY {column} DESC, {pk_column} DESC"
    select = list_sql.case_row_select()
    if len(wheres) == 1:
        return f"{select} WHERE {wheres[0]}{since}{order} LIMIT %s OFFSET %s"
    # each part its first rows through its own index, then merged
    sort = list_sql.CASE_ROW_ALIASES[ROW_SORT_POSITION[field]]
    merged = " UNION ALL ".join(
        f"SELECT * FROM ({select} WHERE {where}{since}{order} LIMIT %s) part{i}"  # noqa: S608
        for i, where in enumerate(wheres))
    return f"{merged} ORDER BY {sort} DESC, {list_sql.CASE_ROW_ALIASES[0]} DESC LIMIT %s OFFSET %s"


ROW_SORT_POSITION = {"updated_at": 7, "submitted_at": 8}  # in CaseRow's fields


class OrganisationChoice(NamedTuple):
    """An organisation one may act for, as «Mine saker» lists them to start an application."""

    pk: int
    orgnr: str
    name: str


def organisation_choices(user: User) -> list[OrganisationChoice]:
    """The organisations ``user`` may act for, by name: their number and name only (the same
    as ``permissions.organisations_of``, read on every load of «Mine saker»)."""
    org, access = Organisation, EmployerAccess
    return [OrganisationChoice(*row) for row in list_sql.fetch(
        f"SELECT o.{list_sql.q(org, 'id')}, o.{list_sql.q(org, 'orgnr')}, "  # noqa: S608
        f"o.{list_sql.q(org, 'name')} FROM {list_sql.q(org)} o JOIN {list_sql.q(access)} a ON "
        f"a.{list_sql.q(access, 'organisation')} = o.{list_sql.q(org, 'id')} WHERE "
        f"a.{list_sql.q(access, 'user')} = %s ORDER BY o.{list_sql.q(org, 'name')}", [user.pk])]


def _organisation_ids(user: User, organisations: Iterable[Any] | None) -> list[int]:
    """The organisations ``user`` may act for: those already read with
    ``permissions.organisations_of(user)``, or read now."""
    if organisations is not None:
        return sorted(o.pk for o in organisations)
    return sorted(i for (i,) in list_sql.fetch(
        f"SELECT {list_sql.q(EmployerAccess, 'organisation')} FROM "  # noqa: S608 - names
        f"{list_sql.q(EmployerAccess)} WHERE {list_sql.q(EmployerAccess, 'user')} = %s",
        [user.pk]))


def _per_organisation(user: User, organisations: Iterable[Any] | None, *,
                      drafts: bool | None) -> list[tuple[str, list[Any]]]:
    """One condition per organisation ``user`` may act for: its drafts (``drafts`` True), its
    sent cases (False) or both (None); never a deleted one."""
    where = _organisation_condition(drafts)
    extra = [CaseStatus.DRAFT.value] if drafts is not None else []
    return [(where, [org, *(s.value for s in HIDDEN_STATUSES), *extra])
            for org in _organisation_ids(user, organisations)]


@cache
def _organisation_condition(drafts: bool | None) -> str:
    organisation, status = list_sql.q(Case, "organisation"), list_sql.q(Case, "status")
    hidden = list_sql.placeholders(len(HIDDEN_STATUSES))
    where = f"c.{organisation} = %s AND c.{status} NOT IN ({hidden})"
    if drafts is not None:
        where += f" AND c.{status} {'=' if drafts else '<>'} %s"
    return where


def employer_cases(user: User, *, size: int, after: Position | None = None) -> CasePage:
    """Every case and draft of the organisations ``user`` may act for, newest change first
    (``GET /api/v1/cases``)."""
    return _newest_first(_per_organisation(user, None, drafts=None), "updated_at", size=size,
                         after=after)


def employer_sent_cases(user: User, page: int = 1, size: int = PAGE_SIZE, *,
                        organisations: Iterable[Any] | None = None) -> CasePage:
    """«Mine saker», sent applications: page ``page`` (from 1), newest change first."""
    return _newest_first(_per_organisation(user, organisations, drafts=False), "updated_at",
                         size=size, offset=(page - 1) * size)


def employer_drafts(user: User, page: int = 1, size: int = PAGE_SIZE, *,
                    organisations: Iterable[Any] | None = None) -> CasePage:
    """«Mine saker», drafts, with how far each has come (``steps_done``, ``resume_step``)."""
    return _newest_first(_per_organisation(user, organisations, drafts=True), "updated_at",
                         size=size, offset=(page - 1) * size)


def employee_cases(user: User, *, page: int = 1, size: int = PAGE_SIZE,
                   after: Position | None = None) -> CasePage:
    """The applications about ``user`` sent to NAV, newest first."""
    if not user.national_id:
        return NO_CASES
    left_out = (CaseStatus.DRAFT, *HIDDEN_STATUSES)
    where = (f"c.{list_sql.q(Case, 'employee_national_id')} = %s AND "
             f"c.{list_sql.q(Case, 'status')} NOT IN ({list_sql.placeholders(len(left_out))})")
    return _newest_first([(where, [user.national_id, *(s.value for s in left_out)])],
                         "submitted_at", size=size, offset=(page - 1) * size, after=after)


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
    unnamed = str(_("Uten navn ennå"))
    described = str(_("utkast for %(organisation)s, sist lagret %(saved)s"))
    zone = timezone.get_current_timezone()
    for case in drafts:
        title = case.employee_name or unnamed
        context = described % {
            "organisation": case.organisation_name,
            "saved": case.updated_at.astimezone(zone).strftime("%d.%m.%Y kl. %H:%M")}
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
    """The units ``user`` works in (once per membership). Written out: NAV's work queue asks
    on every load (decision 0058)."""
    membership = list_sql.q(UnitMembership)
    return list_sql.instances(
        NavUnit, f"JOIN {membership} m ON m.{list_sql.q(UnitMembership, 'unit')} = "
        f"t.{list_sql.q(NavUnit, 'id')} WHERE m.{list_sql.q(UnitMembership, 'user')} = %s "
        f"ORDER BY m.{list_sql.q(UnitMembership, 'id')}", [user.pk])


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
