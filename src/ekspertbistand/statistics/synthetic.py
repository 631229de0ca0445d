"""Synthetic cases for the statistics: rows built in memory and written with ``bulk_create``
(manage.py fill_statistics_data, the benchmark and the tests' known case sets). Never used on
production data: every organisation number starts with 8 (not a real register range here) and
every case's reference starts with «SYN-».
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ekspertbistand.cases.models import Case, Decision, Grant, Organisation, User
from ekspertbistand.domain.assessment import CONDITIONS
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.reference.models import Municipality, NavUnit

OSLO = dt.timezone(dt.timedelta(hours=1))


def national_id(birth: dt.date, individual: int, female: bool) -> str:
    """A fødselsnummer with valid control digits (for synthetic people)."""
    individual = individual - (individual % 2) + (0 if female else 1)
    base = f"{birth:%d%m}{birth:%y}{individual:03d}"
    w1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    w2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    for bump in range(0, 200, 2):
        digits = f"{birth:%d%m}{birth:%y}{(individual + bump) % 1000:03d}"
        k1 = 11 - sum(int(d) * w for d, w in zip(digits, w1, strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        k2 = 11 - sum(int(d) * w for d, w in zip(digits + str(k1), w2, strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return f"{digits}{k1}{k2}"
    raise ValueError(base)


@dataclass
class Spec:
    """One synthetic case, as the tests write it."""

    organisation: Organisation
    unit: NavUnit
    submitted: dt.datetime | None
    status: str = CaseStatus.SUBMITTED
    outcome: str = ""  # "granted" / "rejected": a decided decision
    decided: dt.datetime | None = None
    amount_kr: int = 20000
    grant_state: str = Grant.State.ACTIVE
    failed: tuple[str, ...] = ()
    nid: str = ""
    sick_now: str = "yes"
    budget_unit: NavUnit | None = None


def system_user() -> User:
    return User.objects.get_or_create(username="statistikk-syntetisk",
                                      defaults={"first_name": "Syntetisk"})[0]


_counter = iter(range(1, 10**9))


def write(specs: list[Spec], user: User | None = None) -> list[Grant]:
    """Write the cases, their decisions and grants with three bulk inserts; the grants, saved."""
    user = user or system_user()
    cases, decisions, grants = [], [], []
    for spec in specs:
        n = next(_counter)
        case = Case(reference=f"SYN-{n}", status=spec.status, organisation=spec.organisation,
                    created_by=user, submitted_at=spec.submitted, routed_unit=spec.unit,
                    deciding_unit=spec.unit, employee_national_id=spec.nid,
                    answers={"arbeidstaker": {"on_sick_leave_now": spec.sick_now}},
                    amount_applied=spec.amount_kr)
        cases.append(case)
    Case.objects.bulk_create(cases, batch_size=2000)
    if connection_needs_ids():
        refs = {c.reference: c.pk for c in Case.objects.filter(
            reference__in=[c.reference for c in cases]).only("id", "reference")}
        for c in cases:
            c.pk = refs[c.reference]
    for spec, case in zip(specs, cases, strict=True):
        if not spec.outcome:
            continue
        decisions.append(Decision(
            case=case, outcome=spec.outcome, state=Decision.State.DECIDED,
            amount_kr=spec.amount_kr if spec.outcome == "granted" else None,
            failed_conditions=list(spec.failed), proposed_by=user, decided_by=user,
            decided_at=spec.decided, deciding_unit=spec.unit))
    Decision.objects.bulk_create(decisions, batch_size=2000)
    if connection_needs_ids():
        ids = dict(Decision.objects.filter(case__in=[d.case for d in decisions])
                   .values_list("case_id", "id"))
        for d in decisions:
            d.pk = ids[d.case.pk]
    by_case = {d.case.pk: d for d in decisions}
    for spec, case in zip(specs, cases, strict=True):
        if spec.outcome != "granted":
            continue
        day = (spec.decided or timezone.now()).date()
        start = day + dt.timedelta(days=7)
        if start.year != day.year:
            start = day
        end = min(start + dt.timedelta(days=60), dt.date(start.year, 12, 31))
        grants.append(Grant(
            case=case, decision=by_case[case.pk], number=f"S{case.pk}", running_number=1,
            state=spec.grant_state, amount_kr=spec.amount_kr, period_start=start,
            period_end=end, refund_deadline=end + dt.timedelta(days=182),
            account_number="86011117947", expert_name="Ekspert", expert_company="Firma",
            expert_orgnr="910825496", caseworker=user, decider=user,
            budget_unit=spec.budget_unit or (spec.unit.parent or spec.unit)))
    Grant.objects.bulk_create(grants, batch_size=2000)
    if connection_needs_ids():
        ids = dict(Grant.objects.filter(case__in=[g.case for g in grants])
                   .values_list("case_id", "id"))
        for g in grants:
            g.pk = ids[g.case.pk]
    return grants


def connection_needs_ids() -> bool:
    from django.db import connection

    return not connection.features.can_return_rows_from_bulk_insert


# --- The big fill (manage.py fill_statistics_data) ------------------------------------------

STATE_WEIGHTS = ((CaseStatus.GRANTED, 62), (CaseStatus.REJECTED, 12), (CaseStatus.CLOSED, 8),
                 (CaseStatus.SUBMITTED, 4), (CaseStatus.UNDER_ASSESSMENT, 4),
                 (CaseStatus.WAITING_FOR_EMPLOYER, 2), (CaseStatus.AWAITING_DECISION, 2),
                 (CaseStatus.WITHDRAWN, 3), (CaseStatus.DRAFT, 3))
NACE = ("86.211", "87.301", "47.111", "41.200", "49.410", "85.201", "84.110", "10.110",
        "62.010", "56.101", "88.991", "43.221", "52.100", "68.209", "70.220")
SECTOR_CODES = ("2100", "2100", "2100", "6500", "6100", "7000", "2300")


def organisations(rng: random.Random, count: int) -> list[Organisation]:
    municipalities = list(Municipality.objects.values_list("id", flat=True))
    existing = Organisation.objects.filter(orgnr__startswith="8").count()
    orgs = [Organisation(orgnr=f"8{existing + i:08d}", name=f"Syntetisk virksomhet {existing + i}",
                         municipality_id=rng.choice(municipalities),
                         sector_code=rng.choice(SECTOR_CODES), nace_code=rng.choice(NACE),
                         employee_count=int(rng.paretovariate(1.1) * 8))
            for i in range(count)]
    Organisation.objects.bulk_create(orgs, batch_size=2000)
    return list(Organisation.objects.filter(orgnr__startswith="8").select_related(
        "municipality"))


def specs(rng: random.Random, total: int, first_year: int = 2019,
          last_year: int = 2026) -> Iterator[Spec]:
    orgs = organisations(rng, max(50, total // 6))
    units = list(NavUnit.objects.exclude(kind=NavUnit.Kind.ADDRESS_PROTECTION)
                 .select_related("parent"))
    states, weights = zip(*STATE_WEIGHTS, strict=True)
    span = (dt.date(last_year, 11, 30) - dt.date(first_year, 1, 1)).days
    keys = [c.key for c in CONDITIONS]
    for _ in range(total):
        org = rng.choice(orgs)
        unit = rng.choice(units)
        day = dt.date(first_year, 1, 1) + dt.timedelta(days=rng.randrange(span))
        submitted = dt.datetime.combine(day, dt.time(9 + rng.randrange(7)), tzinfo=OSLO)
        status = rng.choices(states, weights)[0]
        birth = dt.date(1960 + rng.randrange(45), 1 + rng.randrange(12), 1 + rng.randrange(28))
        individual = rng.randrange(0, 500) if birth.year < 2000 else rng.randrange(500, 1000)
        spec = Spec(organisation=org, unit=unit, submitted=submitted, status=status,
                    nid=national_id(birth, individual, rng.random() < 0.6),
                    sick_now="yes" if rng.random() < 0.7 else "no",
                    amount_kr=rng.randrange(8000, 23100, 100))
        if status == CaseStatus.DRAFT:
            spec.submitted = None
        if status in (CaseStatus.GRANTED, CaseStatus.REJECTED, CaseStatus.CLOSED):
            spec.outcome = "rejected" if status == CaseStatus.REJECTED else "granted"
            spec.decided = submitted + dt.timedelta(days=int(rng.gammavariate(2.0, 6.0)) + 1)
            if spec.outcome == "rejected":
                spec.failed = tuple(rng.sample(keys, 1 + int(rng.random() < 0.3)))
            spec.grant_state = (Grant.State.EXPIRED if rng.random() < 0.07 else
                                Grant.State.CANCELLED if rng.random() < 0.02 else
                                Grant.State.ACTIVE)
        yield spec


def fill(total: int, *, seed: int = 2024, batch: int = 5000,
         progress: Callable[[int], None] | None = None) -> None:
    """``total`` cases; each granted one also gets its report, refund and (closed) follow-up."""
    from ekspertbistand.statistics.synthetic_aftermath import write_aftermath

    rng = random.Random(seed)
    user = system_user()
    buffer: list[Spec] = []

    def flush() -> None:
        with transaction.atomic():
            grants = write(buffer, user)
            statuses = {g.case_id: g.case.status for g in grants}
            write_aftermath(rng, grants, statuses, user)
        if progress:
            progress(len(buffer))

    for spec in specs(rng, total):
        buffer.append(spec)
        if len(buffer) >= batch:
            flush()
            buffer = []
    if buffer:
        flush()
