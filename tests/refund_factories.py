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
                 report_first: bool = False, two_step: bool = True,
                 person: int = 0):  # type: ignore[no-untyped-def]
    """(case, grant, caseworker, decider): granted, its period ended ``ended_days_ago`` days
    before ``today``, the deciding unit's report-first policy as given."""
    agder = worklife_centre_for("4204", today)
    agder.refund_report_first = report_first
    agder.two_step_decisions = two_step
    agder.save()
    aud = make_nav("aud", agder)
    bente = make_nav("bente", agder, "decider", first_name="Bente", last_name="Beslutter")
    case = taken_case(employer, employee, today, aud, person)
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


def released_report(case, employer, employee, today: dt.date):  # type: ignore[no-untyped-def]
    """The expert's report, approved by the employee, so it has reached NAV."""
    from ekspertbistand.cases.actions import assignment as assignments
    from ekspertbistand.cases.actions import report
    from ekspertbistand.domain.report_template import Measure, Party, ReportContent
    from factories import make_expert

    eva = make_expert(f"eva.{case.pk}")
    assignment = assignments.accept(eva, assignments.invite_expert(employer, case))
    sent = report.submit_to_employee(eva, assignment, ReportContent(
        assignment="Målet er at arbeidstakeren kommer tilbake i egen stilling.",
        work_done="Oppstartsmøte, tre samtaler, arbeidsplassvurdering og avslutningsmøte.",
        causes="Tunge løft og skiftende vakter gir lite hvile.",
        measures=(Measure(Party.EMPLOYEE, "Gradvis opptrapping til full stilling",
                          "Arbeidstakeren", today + dt.timedelta(days=30)),
                  Measure(Party.EMPLOYER, "Faste vakter i tre måneder", "Nærmeste leder",
                          today + dt.timedelta(days=30))),
        outcome="own_job_adapted"), {}, today=today)
    return report.employee_answer(employee, sent, answer="approve")
