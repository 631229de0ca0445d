"""Demo data for the refund, made through the actions: a grant whose period has ended, ready
to claim (Siri Vik, Bergen Kommunale Renhold), and a claim waiting for NAV (Geir Moen, Nordlys
Transport), in units where the demo switches «Rapport før refusjon» off so both can be tried
without an expert's report."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.actions import decision
from ekspertbistand.cases.actions import refunds as refund_actions
from ekspertbistand.cases.models import Case, Grant, UnitMembership, User
from ekspertbistand.domain.assessment import CONDITIONS, Verdict
from ekspertbistand.domain.case_status import CaseStatus
from ekspertbistand.domain.decision import refund_deadline
from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE


def _invoice() -> SimpleUploadedFile:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile("faktura-ergo-nord.pdf", out.getvalue(),
                              content_type="application/pdf")


def _ended(grant: Grant, today: dt.date, days_ago: int) -> Grant:
    end = today - dt.timedelta(days=days_ago)
    start = max(dt.date(end.year, 1, 1), end - dt.timedelta(days=40))
    Grant.objects.filter(pk=grant.pk).update(period_start=start, period_end=end,
                                             refund_deadline=refund_deadline(end))
    grant.refresh_from_db()
    unit = ds.deciding_unit(grant.case)
    unit.refund_report_first = False
    unit.save(update_fields=["refund_report_first"])
    return grant


def _grant_ingrid(today: dt.date) -> Grant | None:
    """Ingrid Berg's case at NAV Arbeidslivssenter Vestland, taken, assessed and granted (where
the expert's demo has not granted it already)."""
    from ekspertbistand.cases.actions import handling

    ingrid = next(p for p in DEMO_PEOPLE if p.name == "Ingrid Berg")
    case = Case.objects.filter(employee_national_id=ingrid.national_id,
                               status=CaseStatus.SUBMITTED).first()
    if case is None or case.routed_unit is None:
        return None
    member = UnitMembership.objects.filter(unit=case.routed_unit,
                                           role=UnitMembership.Role.CASEWORKER).first()
    if member is None:
        return None
    taken = handling.take_case(member.user, case)
    unit = ds.deciding_unit(taken)
    decider = UnitMembership.objects.filter(unit=unit, role=UnitMembership.Role.DECIDER).first()
    decider_user = decider.user if decider else User.objects.create(
        username=f"nav.{unit.number}.beslutter", first_name="Vegar", last_name="Beslutter")
    if decider is None:
        UnitMembership.objects.create(user=decider_user, unit=unit,
                                      role=UnitMembership.Role.DECIDER)
    decision.save_assessment(member.user, taken, {c.key: (Verdict.MET, "") for c in CONDITIONS})
    args = {"outcome": "grant", "amount_kr": taken.amount_applied,
            "period_start": taken.period_start, "period_end": taken.period_end}
    decision.propose_decision(member.user, taken, **args)
    decision.approve_decision(decider_user, taken, confirm_over_budget=True)
    return Grant.objects.filter(case=taken).first()


def load(today: dt.date) -> None:
    ingrid = next(p for p in DEMO_PEOPLE if p.name == "Ingrid Berg")
    ready = (Grant.objects.filter(state=Grant.State.ACTIVE,
                                  case__employee_national_id=ingrid.national_id).first()
             or _grant_ingrid(today))
    if ready is not None:
        _ended(ready, today, days_ago=3)
    others = Grant.objects.filter(state=Grant.State.ACTIVE)
    if ready is not None:
        others = others.exclude(pk=ready.pk)
    claimed = others.select_related("case__organisation").order_by("id").first()
    if claimed is None:
        return
    claimed = _ended(claimed, today, days_ago=20)
    employer = claimed.case.organisation.access.select_related("user").first()
    if employer is None:
        return
    refund_actions.save_claim(employer.user, claimed, [
        refund_actions.LineInput("expert_hours", hours="12", rate_kr="1350"),
        refund_actions.LineInput("report", hours="3", rate_kr="1350"),
        refund_actions.LineInput("travel", amount_kr="1240")], _invoice(), today=today)
    refund_actions.send_claim(employer.user, claimed, today=today)
