"""Reads for assessment, decisions, grants and the budget. Pages, the API and the decision
actions read through these; access to the case itself is checked by ``selectors.get_case``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum

from ekspertbistand.cases import privacy, routing
from ekspertbistand.cases.application import STEPS_BY_SLUG, bind_step
from ekspertbistand.cases.models import (
    BudgetFrame,
    Case,
    Decision,
    Document,
    Grant,
    UnitMembership,
    User,
)
from ekspertbistand.cases.permissions import Role
from ekspertbistand.cases.selectors import _display, submitted_context
from ekspertbistand.domain.assessment import CONDITIONS, VERDICT_LABELS, Verdict
from ekspertbistand.domain.budget import BudgetUse, forecast
from ekspertbistand.domain.decision import OtherGrant
from ekspertbistand.reference.models import NavUnit

# --- Who decides --------------------------------------------------------------------------


def deciding_unit(case: Case) -> NavUnit:
    """The unit whose deciders decide the case, as routing fixed it (``cases.routing``): the
    handling unit, or the Arbeidslivssenter where the handling office only recommends."""
    unit = routing.deciding_unit(case)
    if unit is None:
        raise LookupError("Saken er ikke rutet til en NAV-enhet.")
    return unit


def caseworker_of(case: Case, decision: Decision) -> User:
    """The case worker named in the letter: the one who took the case, else the proposer."""
    return case.assigned_to or decision.proposed_by


def is_two_step(case: Case) -> bool:
    unit = deciding_unit(case)
    return unit.two_step_decisions or unit != case.routed_unit


def handles(user: User, case: Case) -> bool:
    """Whether ``user`` works in a unit that handles or decides the case."""
    units = {case.routed_unit_id, deciding_unit(case).pk}
    return UnitMembership.objects.filter(user=user, unit_id__in=units).exists()


def is_decider(user: User, case: Case) -> bool:
    return UnitMembership.objects.filter(user=user, unit=deciding_unit(case),
                                         role=UnitMembership.Role.DECIDER).exists()


# --- Assessment ---------------------------------------------------------------------------


def verdicts(case: Case) -> dict[str, Verdict]:
    return {a.condition: Verdict(a.verdict) for a in case.assessments.all()}


@dataclass(frozen=True)
class ConditionRow:
    key: str
    text: str
    source: str
    answers: list[tuple[str, str]]
    verdict: str
    verdict_label: str
    comment: str


def assessment_rows(case: Case) -> list[ConditionRow]:
    """Each condition with the application's answers beside the case worker's assessment."""
    context = submitted_context(case)
    forms = {}
    stored = {a.condition: a for a in case.assessments.all()}
    rows = []
    for condition in CONDITIONS:
        answers: list[tuple[str, str]] = []
        for slug, name in condition.answers:
            if slug not in forms:
                form = bind_step(STEPS_BY_SLUG[slug], context)
                if form.is_bound:
                    form.is_valid()
                forms[slug] = form
            form = forms[slug]
            if name not in form.fields:
                continue
            field = form.fields[name]
            data = getattr(form, "cleaned_data", {})
            value = data.get(name) if name in data else (form.data.get(name) if form.is_bound else None)
            answers.append((str(field.label), _display(name, field, value)))
        if condition.key == "agreement":
            answers.append(("Arbeidstakerens samtykke", str(case.get_consent_status_display())))
        if condition.key == "applied_before_start" and case.submitted_at:
            answers.append(("Søknaden sendt", f"{case.submitted_at:%d.%m.%Y}"))
        assessment = stored.get(condition.key)
        verdict = Verdict(assessment.verdict) if assessment else Verdict.NOT_ASSESSED
        rows.append(ConditionRow(condition.key, condition.text, condition.source, answers,
                                 verdict.value, VERDICT_LABELS[verdict],
                                 assessment.comment if assessment else ""))
    return rows


# --- Decisions and grants -----------------------------------------------------------------


def open_proposal(case: Case) -> Decision | None:
    return case.decisions.filter(state=Decision.State.PROPOSED).select_related(
        "proposed_by").first()


def final_decision(case: Case) -> Decision | None:
    return case.decisions.filter(state=Decision.State.DECIDED).select_related(
        "proposed_by", "decided_by").first()


def returned_proposals(case: Case) -> list[Decision]:
    return list(case.decisions.filter(state=Decision.State.RETURNED).order_by("-decided_at"))


def grants_of(case: Case) -> list[Grant]:
    return list(case.grants.select_related("caseworker", "decider").order_by("running_number"))


def other_grants(case: Case, *, excluding: Grant | None = None) -> list[OtherGrant]:
    """Active grants for the same employee at the same employer (DOMAIN §3.6's yearly sum)."""
    grants = Grant.objects.filter(
        state=Grant.State.ACTIVE, case__organisation=case.organisation,
        case__employee_national_id=case.employee_national_id)
    if excluding is not None:
        grants = grants.exclude(pk=excluding.pk)
    return [OtherGrant(g.period_start, g.amount_kr) for g in grants.only("period_start", "amount_kr")]


def grant_by_number(case: Case, number: str) -> Grant:
    grant = case.grants.filter(number=number).first()
    if grant is None:
        from ekspertbistand.cases.permissions import CaseNotFound

        raise CaseNotFound("Fant ikke tilsagnet.")
    return grant


def archived_letter(case: Case, kind: str, key: str) -> bytes | None:
    document = Document.objects.filter(case=case, kind=kind, key=key).only("content").first()
    return bytes(document.content) if document else None


def letters_of(case: Case) -> list[dict[str, Any]]:
    """Every decision and grant letter of the case (kind, key, title, date), oldest first."""
    letters = []
    for decision in case.decisions.filter(state=Decision.State.DECIDED,
                                          outcome=Decision.Outcome.REJECT):
        letters.append({"kind": Document.Kind.REJECTION_LETTER, "key": str(decision.pk),
                        "title": str(Document.Kind.REJECTION_LETTER.label), "at": decision.decided_at})
    for grant in case.grants.all():
        kind = Document.Kind.GRANT_CHANGE_LETTER if grant.replaces_id else Document.Kind.GRANT_LETTER
        letters.append({"kind": kind, "key": grant.number, "at": grant.created_at,
                        "title": f"{kind.label} {grant.number}"})
        if grant.state == Grant.State.CANCELLED:
            letters.append({"kind": Document.Kind.GRANT_CANCEL_LETTER, "key": grant.number,
                            "at": grant.ended_at,
                            "title": f"{Document.Kind.GRANT_CANCEL_LETTER.label} {grant.number}"})
    return sorted(letters, key=lambda letter: letter["at"])


# --- Privacy (kode 6/7) in letters and on the employer's page -----------------------------


@dataclass(frozen=True)
class LetterPrivacy:
    show_employee: bool  # name in the letter
    unit_name: str  # the NAV unit named as sender


def letter_privacy(case: Case, audience: str) -> LetterPrivacy:
    """What a letter shows of a protected employee (DOMAIN §8), as ``cases.privacy``
    decides: the archived copy leaves the employee's identity out for kode 6 and 7; the
    employer's copy names the employee they already know and reveals no protection (a kode 6
    case is signed «NAV», not by the protection unit). Both copies name the sender the same."""
    archived = audience == "archive"
    return LetterPrivacy(
        show_employee=privacy.shows_employee_identity(case, Role.EMPLOYER, archived=archived),
        unit_name=privacy.unit_label(case, Role.EMPLOYER) or "NAV")


# --- Budget --------------------------------------------------------------------------------


def budget_unit_for(unit: NavUnit) -> NavUnit:
    """The NAV county unit whose budget a unit's decisions use: an office's worklife centre."""
    return unit.parent if unit.kind == NavUnit.Kind.NAV_OFFICE and unit.parent else unit


def budget_units() -> list[NavUnit]:
    return list(NavUnit.objects.exclude(kind=NavUnit.Kind.NAV_OFFICE).order_by("number"))


def spent_kr(year: int, unit: NavUnit | None) -> int:
    """Refunds paid for the year's grants (``refunds.selectors.spent_kr``)."""
    from ekspertbistand.refunds.selectors import spent_kr as refunds_spent

    return refunds_spent(year, unit)


def committing_grants(year: int) -> QuerySet[Grant]:
    """Active grants of the year whose refund is not yet paid: a paid refund spends, and the
    rest of its grant is released (decision 0050)."""
    from ekspertbistand.refunds.selectors import SETTLED

    return Grant.objects.filter(state=Grant.State.ACTIVE, period_start__year=year).exclude(
        refund__state__in=SETTLED)


def budget_use(year: int, unit: NavUnit | None) -> BudgetUse:
    """Frame, committed and spent for a year, for one county unit or (None) the country."""
    frames = BudgetFrame.objects.filter(year=year, unit=unit)
    frame = frames.first()
    grants = committing_grants(year)
    if unit is not None:
        grants = grants.filter(budget_unit=unit)
    committed = grants.aggregate(total=Sum("amount_kr"))["total"] or 0
    spent = spent_kr(year, unit)
    return BudgetUse(frame.amount_kr if frame else None, committed, spent)


@dataclass(frozen=True)
class BudgetLine:
    unit: NavUnit | None
    use: BudgetUse
    forecast_kr: int
    frame: BudgetFrame | None

    @property
    def over_forecast(self) -> bool:
        return self.use.frame_kr is not None and self.forecast_kr > self.use.frame_kr


def budget_overview(year: int, today: dt.date) -> list[BudgetLine]:
    """The country and every county unit, from two queries whatever the number of grants."""
    frames = {f.unit_id: f for f in BudgetFrame.objects.filter(year=year)}
    committed = dict(committing_grants(year)
                     .values_list("budget_unit").annotate(total=Sum("amount_kr")))
    lines = []
    for unit in [None, *budget_units()]:
        key = unit.pk if unit else None
        spent = spent_kr(year, unit)
        total = sum(committed.values()) if unit is None else committed.get(key, 0)
        frame = frames.get(key)
        use = BudgetUse(frame.amount_kr if frame else None, total, spent)
        lines.append(BudgetLine(unit, use, forecast(use.used_kr, year, today), frame))
    return lines


def frames_exceeded(year: int, unit: NavUnit, extra_kr: int) -> list[tuple[str, Any]]:
    """The frames (the unit's and the national) that ``extra_kr`` more would pass."""
    passed = []
    for scope, name in ((unit, unit.name), (None, "hele landet")):
        use = budget_use(year, scope)
        if use.would_exceed(extra_kr):
            passed.append((name, use))
    return passed
