"""Demo data for case handling's second half: deciders, budget frames, a proposal waiting
for approval (Agder) and a granted case with its letter (Nordland). Made through the actions."""

from __future__ import annotations

import datetime as dt

from ekspertbistand.cases.actions import budget, decision
from ekspertbistand.cases.models import BudgetFrame, Case, UnitMembership, User
from ekspertbistand.domain.assessment import CONDITIONS, Verdict
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE

DECIDERS = [
    # username, first, last, username of a case worker in the same unit
    ("nav.agder.beslutter", "Berit", "Beslutter", "nav.agder"),
    ("nav.nordland.beslutter", "Nora", "Beslutter", "nav.nordland"),
]


def _take(caseworker: User, case: Case) -> Case | None:
    """«Ta saken» through the work queue's action, where that capability is installed."""
    try:
        from ekspertbistand.cases.actions import handling  # type: ignore[attr-defined]
    except ImportError:
        return None
    taken: Case = handling.take_case(caseworker, case)
    return taken


def _propose(caseworker: User, case: Case) -> None:
    decision.save_assessment(caseworker, case, {c.key: (Verdict.MET, "") for c in CONDITIONS})
    decision.propose_decision(caseworker, case, outcome="grant",
                              amount_kr=case.amount_applied, period_start=case.period_start,
                              period_end=case.period_end)


def load(today: dt.date) -> None:
    admin = User.objects.get(username="nav.admin")
    deciders = {}
    for username, first, last, colleague in DECIDERS:
        unit = UnitMembership.objects.get(user__username=colleague).unit
        user = User.objects.create(username=username, first_name=first, last_name=last,
                                   nav_ident=f"Z{990100 + len(deciders)}")
        UnitMembership.objects.create(user=user, unit=unit, role=UnitMembership.Role.DECIDER)
        deciders[colleague] = user
    budget.set_frame(admin, today.year, None, 50_000_000)
    agder = UnitMembership.objects.get(user__username="nav.agder").unit
    budget.set_frame(admin, today.year, agder, 2_000_000)
    assert BudgetFrame.objects.filter(year=today.year).count() == 2

    def submitted_for(person_index: int) -> Case:
        return Case.objects.get(employee_national_id=DEMO_PEOPLE[person_index].national_id,
                                status=CaseStatus.SUBMITTED)

    aud = User.objects.get(username="nav.agder")
    nils = User.objects.get(username="nav.nordland")
    kari = _take(aud, submitted_for(0))
    if kari is None:
        return
    _propose(aud, kari)  # waits for Berit
    ola = _take(nils, submitted_for(1))
    assert ola is not None
    _propose(nils, ola)
    decision.approve_decision(deciders["nav.nordland"], ola)  # granted, letter archived
