"""Demo data for case handling's second half: deciders, budget frames, a proposal waiting
for approval (Kari Nordmann's case) and a granted case with its letter (Ola Hansen's). Made
through the actions."""

from __future__ import annotations

import datetime as dt

from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.actions import budget, decision, handling
from ekspertbistand.cases.models import Case, UnitMembership, User
from ekspertbistand.domain.assessment import CONDITIONS, Verdict
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE

DECIDERS = [
    # username, first, last, the demo person whose case they decide
    ("nav.beslutter.1", "Berit", "Beslutter", 0),  # Kari Nordmann's case
    ("nav.beslutter.2", "Nora", "Beslutter", 1),  # Ola Hansen's case
]


def _propose(caseworker: User, case: Case) -> None:
    decision.save_assessment(caseworker, case, {c.key: (Verdict.MET, "") for c in CONDITIONS})
    decision.propose_decision(caseworker, case, outcome="grant",
                              amount_kr=case.amount_applied, period_start=case.period_start,
                              period_end=case.period_end)


def load(today: dt.date) -> None:
    admin = User.objects.get(username="nav.admin")
    budget.set_frame(admin, today.year, None, 50_000_000)
    for number, (username, first, last, person_index) in enumerate(DECIDERS):
        case = Case.objects.get(employee_national_id=DEMO_PEOPLE[person_index].national_id,
                                status=CaseStatus.SUBMITTED)
        unit = ds.deciding_unit(case)
        decider = User.objects.create(username=username, first_name=first, last_name=last,
                                      nav_ident=f"Z{990100 + number}")
        UnitMembership.objects.create(user=decider, unit=unit, role=UnitMembership.Role.DECIDER)
        budget.set_frame(admin, today.year, ds.budget_unit_for(unit), 2_000_000)
        caseworker = (User.objects.filter(unit_memberships__unit=case.routed_unit,
                                          unit_memberships__role=UnitMembership.Role.CASEWORKER)
                      .order_by("username").first())
        if caseworker is None:
            continue
        case = handling.take_case(caseworker, case)
        _propose(caseworker, case)
        if person_index == 1:  # Ola Hansen's case is granted, with its letter
            decision.approve_decision(decider, case)
