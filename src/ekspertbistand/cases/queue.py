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
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases import privacy
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
COLUMNS = ("id", "public_id", "reference", "status", "submitted_at", "period_start",
           "address_protection", "employee_name", "routed_unit_id", "deciding_unit_id",
           "assigned_to_id", "organisation__name", "organisation__orgnr",
           "routed_unit__name", "routed_unit__target_days",
           "assigned_to__first_name", "assigned_to__last_name", "assigned_to__username")


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


@dataclass(frozen=True)
class Queue:
    rows: list[QueueRow]
    page: Page[Any]
    counts: dict[str, int]
    status: str
    sort: str
    search: str


def listed_employee_name(case: Case) -> str:
    """The employee as NAV's lists show them: ``cases.privacy`` decides (kode 6/7 unnamed)."""
    return privacy.employee_name(case, Role.CASEWORKER, in_list=True)


def cases_for_queue(units: Iterable[NavUnit]) -> QuerySet[Case]:
    """The units' own cases, and those they decide for an office that only recommends.
    ``deciding_unit`` is set only for the latter, so the common case is one indexed filter."""
    unit_ids = [u.pk for u in units]
    # The statuses named (not «all but drafts») so the indexes can be searched by status.
    cases = Case.objects.filter(status__in=FILTERS["all"])
    if Case.objects.filter(deciding_unit_id__in=unit_ids).exists():
        return cases.filter(Q(routed_unit_id__in=unit_ids)
                            | Q(deciding_unit_id__in=unit_ids, status__in=FOR_DECIDING_UNIT))
    return cases.filter(routed_unit_id__in=unit_ids)


def search(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """By case number (or part of it), organisation number, or organisation name. Names are
    matched casefolded against a stored casefolded column, so «ørret» finds «Ørret AS» on
    SQLite as on PostgreSQL."""
    text = " ".join(text.split())
    if not text:
        return cases
    folded = text.casefold()
    # Organisations first (a small table, casefolded names), then the cases of those ids, so
    # the case table is searched through the (organisation, unit, status, date) index.
    matching = Organisation.objects.filter(name_folded__contains=folded).values_list(
        "id", flat=True)
    organisation_ids = list(matching[:MAX_ORGANISATIONS + 1])
    # A very broad word: the same answer through a subquery, without a list of ids in the SQL.
    query = Q(organisation_id__in=organisation_ids if len(organisation_ids) <= MAX_ORGANISATIONS
              else matching)
    if any(c.isdigit() for c in text):
        query |= Q(reference__icontains=text)
    if text.isdigit() and len(text) == 9:
        query |= Q(organisation__orgnr=text)
    return cases.filter(query)


def work_queue(user: User, units: list[NavUnit], *, status: str = "open", sort: str = "received",
               text: str = "", page: Any = 1, today: dt.date | None = None) -> Queue:
    """One page of the queue of ``units`` (each of which ``user`` works in)."""
    today = today or timezone.localdate()
    status = status if status in FILTERS else "open"
    sort = sort if sort in SORTS else "received"
    base = search(cases_for_queue(units), text)
    by_status = dict(base.order_by().values_list("status").annotate(n=Count("id")))
    counts = {name: sum(by_status.get(s.value, 0) for s in statuses)
              for name, statuses in FILTERS.items()}
    # Page over ids first (answered from the work-queue index, without reading the rows), then
    # load only the shown columns of those 25 cases.
    ids = base.filter(status__in=FILTERS[status]).order_by(*SORTS[sort]).values_list(
        "id", flat=True)
    current = Paginator(ids, PAGE_SIZE).get_page(page)
    page_ids = list(current.object_list)
    loaded = (Case.objects.filter(id__in=page_ids)
              .select_related("organisation", "routed_unit", "assigned_to").only(*COLUMNS)
              .in_bulk())
    handling = {u.pk for u in units}
    rows = []
    for case in (loaded[i] for i in page_ids):
        received = timezone.localtime(case.submitted_at).date() if case.submitted_at else today
        days = (today - received).days
        target = case.routed_unit.target_days if case.routed_unit else 10
        assigned = case.assigned_to
        rows.append(QueueRow(
            public_id=case.public_id, reference=case.reference or "",
            organisation=case.organisation.name, employee=listed_employee_name(case),
            status=case.status, status_label=STATUS_LABELS[case.status_enum],
            unit=case.routed_unit.name if case.routed_unit else "",
            assigned_to=assigned.display_name() if assigned else "",
            assigned_to_me=case.assigned_to_id == user.pk,
            days_since_received=days, overdue=case.status in OPEN and days > target,
            target_days=target, planned_start=case.period_start,
            can_take=case.status == S.SUBMITTED and case.routed_unit_id in handling,
        ))
    return Queue(rows=rows, page=current, counts=counts, status=status, sort=sort, search=text)
