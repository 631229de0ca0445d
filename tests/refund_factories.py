"""A granted case whose refund can be claimed: the grant of the decision capability, its
period moved into the past so the refund is ready to claim."""

from __future__ import annotations

import datetime as dt

from ekspertbistand.cases.actions import decision
from ekspertbistand.cases.models import Grant
from ekspertbistand.domain.decision import refund_deadline
from ekspertbistand.reference.selectors import worklife_centre_for
from factories import assess_all_met, make_nav, taken_case


def granted_case(employer, employee, today: dt.date, *, ended_days_ago: int = 10,
                 report_first: bool = False, two_step: bool = True):  # type: ignore[no-untyped-def]
    """(case, grant, caseworker, decider): granted, its period ended ``ended_days_ago`` days
    before ``today``, the deciding unit's report-first policy as given."""
    agder = worklife_centre_for("4204", today)
    agder.refund_report_first = report_first
    agder.two_step_decisions = two_step
    agder.save()
    aud = make_nav("aud", agder)
    bente = make_nav("bente", agder, "decider", first_name="Bente", last_name="Beslutter")
    case = taken_case(employer, employee, today, aud)
    assess_all_met(aud, case)
    args = {"outcome": "grant", "amount_kr": case.amount_applied,
            "period_start": case.period_start, "period_end": case.period_end}
    if two_step:
        decision.propose_decision(aud, case, **args)
        decision.approve_decision(bente, case)
    else:
        decision.decide(bente, case, **args)
    grant = Grant.objects.get(case=case)
    end = today - dt.timedelta(days=ended_days_ago)
    start = max(dt.date(end.year, 1, 1), end - dt.timedelta(days=30))
    Grant.objects.filter(pk=grant.pk).update(period_start=start, period_end=end,
                                             refund_deadline=refund_deadline(end))
    grant.refresh_from_db()
    return case, grant, aud, bente
