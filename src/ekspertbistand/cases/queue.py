"""NAV's work queues: the cases of the units one works in, by where they are in their handling.

Reads only; a list never audits each case (opening one does, ``selectors.get_case``). Every
list is paginated and loads only the columns it shows, so a page costs the same with ten or
a hundred thousand cases. No fødselsnummer here; an employee with address protection
(kode 6/7) is listed without a name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, NamedTuple
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases import list_sql, privacy
from ekspertbistand.cases.models import Case, Organisation, User
from ekspertbistand.cases.permissions import Role
from ekspertbistand.domain.case_status import STATUS_LABELS, CaseStatus
from ekspertbistand.reference.models import NavUnit

S = CaseStatus
BUCKETS: dict[str, tuple[CaseStatus, ...]] = {
    "new": (S.SUBMITTED,),
    "in_progress": (S.UNDER_ASSESSMENT,),
    "waiting": (S.WAITING_FOR_EMPLOYER,),
    "awaiting_decision": (S.AWAITING_DECISION,),
    "decided": (S.GRANTED, S.REJECTED, S.CLOSED),
    "withdrawn": (S.WITHDRAWN,),
}
OPEN = (*BUCKETS["new"], *BUCKETS["in_progress"], *BUCKETS["waiting"],
        *BUCKETS["awaiting_decision"])
FILTER_LABELS: dict[str, Any] = {
    "open": _("Åpne saker"),
    "new": _("Nye"),
    "in_progress": _("Under behandling"),
    "waiting": _("Venter på arbeidsgiver"),
    "awaiting_decision": _("Til beslutning"),
    "decided": _("Avgjort"),
    "withdrawn": _("Trukket"),
    "all": _("Alle"),
}
FILTERS: dict[str, tuple[CaseStatus, ...]] = {
    "open": OPEN, **BUCKETS, "all": tuple(s for s in CaseStatus
                                          if s not in (S.DRAFT, S.DELETED)),
}
SORTS: dict[str, tuple[str, ...]] = {
    "received": ("submitted_at", "id"),
    "-received": ("-submitted_at", "-id"),
    "start": ("period_start", "submitted_at", "id"),
    "reference": ("reference",),
}
SORT_LABELS: dict[str, Any] = {
    "received": _("Eldste først"),
    "-received": _("Nyeste først"),
    "start": _("Planlagt oppstart"),
    "reference": _("Saksnummer"),
}
# What a unit that only decides (the Arbeidslivssenter over a recommending office) lists.
FOR_DECIDING_UNIT = (S.AWAITING_DECISION, S.GRANTED, S.REJECTED, S.CLOSED)
PAGE_SIZE = 25
# Up to this many organisations matching a search are passed to the case query by id.
MAX_ORGANISATIONS = 500


@dataclass(frozen=True)
class QueueRow:
    public_id: UUID
    reference: str
    organisation: str
    employee: str
    status: str
    status_label: str
    unit: str
    assigned_to: str
    assigned_to_me: bool
    days_since_received: int
    overdue: bool
    target_days: int
    planned_start: dt.date | None
    can_take: bool


# A tab counts its cases up to this many; beyond it shows «over 1000» and pages without a
# last page, so a page costs the same however many cases a unit holds (decision 0058).
COUNT_LIMIT = 1000


def pages_for(count: int) -> int:
    """The pages ``count`` cases fill, at least one."""
    return max(1, -(-count // PAGE_SIZE))


@dataclass(frozen=True)
class QueuePage:
    """Where a page is in its tab: what the page's navigation and caption need."""

    number: int
    start_index: int
    end_index: int
    count: int  # the tab's cases, or COUNT_LIMIT when there are more
    count_over_limit: bool
    has_next: bool

    @property
    def num_pages(self) -> int | None:
        """None when the tab holds more than COUNT_LIMIT cases."""
        return None if self.count_over_limit else pages_for(self.count)

    @property
    def has_previous(self) -> bool:
        return self.number > 1


@dataclass(frozen=True)
class Queue:
    """A page of the queue. Its rows are kept as read (``raw``) and made into ``QueueRow``
    when first asked for, so a page answered from ``portal.page_memo`` never makes them."""

    raw: tuple[tuple[Any, ...], ...]
    page: QueuePage
    counts: dict[str, int]
    over_limit: frozenset[str]  # the tabs with more than COUNT_LIMIT cases
    status: str
    sort: str
    search: str
    today: dt.date
    user_id: int
    handling: frozenset[int]  # the units whose new cases may be taken from this page

    @cached_property
    def rows(self) -> list[QueueRow]:
        return [self._row(ListedCase(*values)) for values in self.raw]

    def _row(self, case: ListedCase) -> QueueRow:
        submitted = list_sql.as_datetime(case.submitted_at)
        received = timezone.localtime(submitted).date() if submitted else self.today
        days = (self.today - received).days
        target = case.unit_target_days if case.routed_unit_id else 10
        assigned = ""
        if case.assigned_to_id is not None:
            assigned = (f"{case.assigned_first_name} {case.assigned_last_name}".strip()
                        or case.assigned_username or "")
        return QueueRow(
            public_id=list_sql.as_uuid(case.public_id), reference=case.reference or "",
            organisation=case.organisation_name, employee=listed_employee_name(case),
            status=case.status, status_label=STATUS_LABELS[CaseStatus(case.status)],
            unit=case.unit_name or "", assigned_to=assigned,
            assigned_to_me=case.assigned_to_id == self.user_id,
            days_since_received=days, overdue=case.status in OPEN and days > target,
            target_days=target, planned_start=list_sql.as_date(case.period_start),
            can_take=case.status == S.SUBMITTED and case.routed_unit_id in self.handling,
        )

    def memo_key(self) -> tuple[Any, ...]:
        return (self.raw, self.page, tuple(self.counts.items()), self.over_limit, self.status,
                self.sort, self.search, self.today, self.user_id, self.handling)


class ListedCase(NamedTuple):
    """A case of a queue page as read, before its values are converted (what ``privacy``
    needs of it included)."""

    id: int
    public_id: Any  # a UUID, or its text on SQLite
    reference: str | None
    status: str
    submitted_at: Any  # a datetime, or its text on SQLite
    period_start: Any
    address_protection: str
    employee_name: str
    routed_unit_id: int | None
    assigned_to_id: int | None
    organisation_name: str
    unit_name: str | None
    unit_target_days: int | None
    assigned_first_name: str | None
    assigned_last_name: str | None
    assigned_username: str | None


def listed_employee_name(case: Any) -> str:
    """The employee as NAV's lists show them: ``cases.privacy`` decides (kode 6/7 unnamed)."""
    return privacy.employee_name(case, Role.CASEWORKER, in_list=True)


def _c(field: str) -> str:
    return f"c.{list_sql.q(Case, field)}"


def _in(values: Iterable[Any]) -> tuple[str, list[Any]]:
    values = list(values)
    return f"({list_sql.placeholders(len(values))})", values


def _units_condition(unit_ids: list[int]) -> tuple[str, list[Any]]:
    """The units' own cases, and those they decide for an office that only recommends.
    ``deciding_unit`` is set only for the latter, so the common case is one indexed filter."""
    units, unit_params = _in(unit_ids)
    deciding = list_sql.fetch(
        f"SELECT 1 FROM {list_sql.q(Case)} WHERE "  # noqa: S608 - names only
        f"{list_sql.q(Case, 'deciding_unit')} IN {units} LIMIT 1", unit_params)
    if not deciding:
        return f"{_c('routed_unit')} IN {units}", unit_params
    statuses, status_params = _in(s.value for s in FOR_DECIDING_UNIT)
    return (f"({_c('routed_unit')} IN {units} OR ({_c('deciding_unit')} IN {units} "
            f"AND {_c('status')} IN {statuses}))", [*unit_params, *unit_params, *status_params])


def _like(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere, its wildcards taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


LIKE_ESCAPE = " ESCAPE '\\'"


def _of_organisations(condition: str) -> str:
    """Cases of the organisations meeting ``condition``."""
    return (f"{_c('organisation')} IN (SELECT {list_sql.q(Organisation, 'id')} "  # noqa: S608
            f"FROM {list_sql.q(Organisation)} WHERE {condition})")


def search_condition(text: str) -> tuple[str, list[Any]]:
    """By case number (or part of it), organisation number, or organisation name; ("", [])
    for no search. Names are matched casefolded against a stored casefolded column, so «ørret»
    finds «Ørret AS» on SQLite as on PostgreSQL. The organisations are looked up first (a
    small table), so the cases are searched through the (organisation, unit, status, date)
    index (decision 0026)."""
    text = " ".join(text.split())
    if not text:
        return "", []
    organisation_ids = [i for (i,) in list_sql.fetch(
        f"SELECT {list_sql.q(Organisation, 'id')} FROM {list_sql.q(Organisation)} "  # noqa: S608
        f"WHERE {list_sql.q(Organisation, 'name_folded')} LIKE %s{LIKE_ESCAPE} LIMIT %s",
        [_like(text.casefold()), MAX_ORGANISATIONS + 1])]
    parts, params = [], []
    if len(organisation_ids) <= MAX_ORGANISATIONS:
        if organisation_ids:
            ids, id_params = _in(organisation_ids)
            parts.append(f"{_c('organisation')} IN {ids}")
            params += id_params
    else:  # a very broad word: the same answer through a subquery, without a list of ids
        parts.append(_of_organisations(f"{list_sql.q(Organisation, 'name_folded')} LIKE %s"
                                       f"{LIKE_ESCAPE}"))
        params.append(_like(text.casefold()))
    if any(c.isdigit() for c in text):
        parts.append(f"UPPER({_c('reference')}) LIKE UPPER(%s){LIKE_ESCAPE}")
        params.append(_like(text))
    if text.isdigit() and len(text) == 9:
        parts.append(_of_organisations(f"{list_sql.q(Organisation, 'orgnr')} = %s"))
        params.append(text)
    return f"({' OR '.join(parts) or '1 = 0'})", params


def _order(sort: str) -> str:
    return ", ".join(f"{_c(f.lstrip('-'))} {'DESC' if f.startswith('-') else 'ASC'}"
                     for f in SORTS[sort])


def _counts(where: str, params: list[Any]) -> dict[str, int]:
    """The cases of each status under ``where``, each counted up to COUNT_LIMIT + 1 through
    the work-queue index: one statement, one scalar subquery a status."""
    statuses = FILTERS["all"]
    counted = ", ".join(
        f"(SELECT COUNT(*) FROM (SELECT 1 FROM {list_sql.q(Case)} c WHERE {where} "  # noqa: S608
        f"AND {_c('status')} = %s LIMIT %s) n{i})" for i in range(len(statuses)))
    values = list_sql.fetch(f"SELECT {counted}", [
        p for s in statuses for p in (*params, s.value, COUNT_LIMIT + 1)])[0]
    return {s.value: int(n) for s, n in zip(statuses, values, strict=True)}


@cache
def _rows_select() -> str:
    """The columns of ``ListedCase``, in its order, of the cases whose ids follow."""
    q, org, unit = list_sql.q, Organisation, NavUnit
    case_columns = ", ".join(_c(f) for f in (
        "id", "public_id", "reference", "status", "submitted_at", "period_start",
        "address_protection", "employee_name", "routed_unit", "assigned_to"))
    return (f"SELECT {case_columns}, o.{q(org, 'name')}, u.{q(unit, 'name')}, "  # noqa: S608
            f"u.{q(unit, 'target_days')}, a.{q(User, 'first_name')}, a.{q(User, 'last_name')}, "
            f"a.{q(User, 'username')} FROM {q(Case)} c "
            f"JOIN {q(org)} o ON o.{q(org, 'id')} = {_c('organisation')} "
            f"LEFT JOIN {q(unit)} u ON u.{q(unit, 'id')} = {_c('routed_unit')} "
            f"LEFT JOIN {q(User)} a ON a.{q(User, 'id')} = {_c('assigned_to')} "
            f"WHERE {_c('id')} IN ")


def _page_number(page: Any) -> int:
    try:
        return max(1, int(page))
    except (TypeError, ValueError):
        return 1


def work_queue(user: User, units: list[NavUnit], *, status: str = "open", sort: str = "received",
               text: str = "", page: Any = 1, today: dt.date | None = None) -> Queue:
    """One page of the queue of ``units`` (each of which ``user`` works in)."""
    today = today or timezone.localdate()
    status = status if status in FILTERS else "open"
    sort = sort if sort in SORTS else "received"
    where, params = _units_condition([u.pk for u in units])
    searched, search_params = search_condition(text)
    if searched:
        where, params = f"{where} AND {searched}", [*params, *search_params]
    by_status = _counts(where, params)
    counts: dict[str, int] = {}
    over_limit: set[str] = set()
    for name, statuses in FILTERS.items():
        total = sum(by_status.get(s.value, 0) for s in statuses)
        if total > COUNT_LIMIT:
            over_limit.add(name)
        counts[name] = min(total, COUNT_LIMIT)
    # Page over ids first (answered from the work-queue index, without reading the rows), then
    # load only the shown columns of those 25 cases.
    count = counts[status]
    number = _page_number(page)
    if status not in over_limit:
        number = min(number, pages_for(count))
    tab, tab_params = _in(s.value for s in FILTERS[status])
    page_ids = [i for (i,) in list_sql.fetch(
        f"SELECT {_c('id')} FROM {list_sql.q(Case)} c WHERE {where} "  # noqa: S608
        f"AND {_c('status')} IN {tab} ORDER BY {_order(sort)} LIMIT %s OFFSET %s",
        [*params, *tab_params, PAGE_SIZE + 1, (number - 1) * PAGE_SIZE])]
    has_next, page_ids = len(page_ids) > PAGE_SIZE, page_ids[:PAGE_SIZE]
    loaded: dict[int, tuple[Any, ...]] = {}
    if page_ids:
        ids, id_params = _in(page_ids)
        loaded = {values[0]: values for values in list_sql.fetch(_rows_select() + ids,
                                                                 id_params)}
    raw = tuple(loaded[i] for i in page_ids)
    start = (number - 1) * PAGE_SIZE + 1 if raw else 0
    current = QueuePage(number=number, start_index=start, end_index=start + len(raw) - 1
                        if raw else 0, count=count, count_over_limit=status in over_limit,
                        has_next=has_next)
    return Queue(raw=raw, page=current, counts=counts, over_limit=frozenset(over_limit),
                 status=status, sort=sort, search=text, today=today, user_id=user.pk,
                 handling=frozenset(u.pk for u in units))
