"""Demo data for the expert's part: Ola Hansen's granted case with Geir's invitation waiting
for Eva Solberg, and Ingrid Berg's granted case where Eva's report waits for Ingrid.
Made through the actions."""

from __future__ import annotations

import datetime as dt

from ekspertbistand.cases.actions import assignment, decision, report
from ekspertbistand.cases.models import Case, UnitMembership, User
from ekspertbistand.domain.assessment import CONDITIONS, Verdict
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.domain.report_template import Measure, Party, ReportContent
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE


def _case(person_index: int, *statuses: str) -> Case | None:
    return Case.objects.filter(employee_national_id=DEMO_PEOPLE[person_index].national_id,
                               status__in=statuses).first()


def _grant_in_vestland(today: dt.date, case: Case) -> Case | None:
    from ekspertbistand.cases.actions import handling

    vera = User.objects.get(username="nav.vestland")
    unit = vera.unit_memberships.get().unit
    decider = User.objects.create(username="nav.vestland.beslutter", first_name="Vibeke",
                                  last_name="Beslutter", nav_ident="Z990190")
    UnitMembership.objects.create(user=decider, unit=unit, role=UnitMembership.Role.DECIDER)
    case = handling.take_case(vera, case)
    decision.save_assessment(vera, case, {c.key: (Verdict.MET, "") for c in CONDITIONS})
    decision.propose_decision(vera, case, outcome="grant", amount_kr=case.amount_applied,
                              period_start=case.period_start, period_end=case.period_end)
    decision.approve_decision(decider, case, confirm_over_budget=True, today=today)
    case.refresh_from_db()
    return case if case.status == CaseStatus.GRANTED else None


def load(today: dt.date) -> None:
    eva = User.objects.get(username="eva.ekspert")
    ola = _case(1, CaseStatus.GRANTED)
    if ola is not None:
        assignment.invite_expert(User.objects.get(username="geir.moen"), ola)
    ingrid = _case(2, CaseStatus.SUBMITTED)
    if ingrid is None:
        return
    granted = _grant_in_vestland(today, ingrid)
    if granted is None:
        return
    invited = assignment.invite_expert(User.objects.get(username="siri.vik"), granted)
    accepted = assignment.accept(eva, invited)
    assignment.save_phase(eva, accepted, kind="start_meeting", held_on=today,
                          participants="Ingrid Berg, nærmeste leder, Eva Solberg",
                          goal="Ingrid er tilbake i full stilling innen tre måneder.",
                          roles="Lederen legger om vaktene; Ingrid sier fra om det som ikke går.",
                          expectations="Ukentlig kort samtale mellom Ingrid og lederen.",
                          agreed_by=["employer", "employee", "expert"], today=today)
    due = today + dt.timedelta(days=60)
    report.submit_to_employee(eva, accepted, ReportContent(
        assignment="Målet er at Ingrid kommer tilbake i full stilling som renholder.",
        work_done="Oppstartsmøte, to samtaler, arbeidsplassvurdering og avslutningsmøte.",
        causes="Tidlige morgenvakter med tunge løft gir lite hvile mellom vaktene.",
        measures=(Measure(Party.EMPLOYEE, "Gradvis opptrapping over seks uker",
                          "Ingrid", due),
                  Measure(Party.EMPLOYER, "Lettere utstyr og færre morgenvakter",
                          "Nærmeste leder", due)),
        outcome="own_job_adapted"), {}, today=today)
