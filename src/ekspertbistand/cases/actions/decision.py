"""Assessment and decisions (vedtak): the checklist, the case worker's proposal, the
decider's approval or return, and one-step decisions (DOMAIN §3.2–§3.9).

Two people acting on one case at once: every function locks the case row first and checks
its status after the lock, so exactly one succeeds and the other is told what happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit, outbox
from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.actions import grants as grant_actions
from ekspertbistand.cases.models import Case, ConditionAssessment, Decision, User
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.domain.assessment import CONDITIONS_BY_KEY, Verdict, all_met, not_met
from ekspertbistand.domain.case_status import STATUS_LABELS, CaseStatus, check_transition
from ekspertbistand.domain.decision import check_grant, check_rejection
from ekspertbistand.domain.errors import RuleViolation
from ekspertbistand.reference.selectors import rate_table


class DecisionInvalid(ValueError):
    """What must be fixed before the proposal or decision can be made, per field."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("Vedtaket kan ikke fattes ennå. Rett feilene under."))
        self.errors = errors


class OverBudget(NotAllowed):
    """The decision would pass a budget frame; the decider must confirm."""

    def __init__(self, passed: list[tuple[str, object]]) -> None:
        names = ", ".join(name for name, _use in passed)
        super().__init__(_("Vedtaket gjør at budsjettrammen for %(names)s overskrides. Kryss av "
                           "for at du vil fatte vedtaket likevel.") % {"names": names})
        self.passed = passed


class CaseChanged(NotAllowed):
    """Someone else acted on the case first; the page shows it as it is now."""


def _errors(problems: list[RuleViolation]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(problem.message)
    return errors


def require_handler(actor: User, case: Case) -> None:
    if not ds.handles(actor, case):
        raise NotAllowed(_("Du jobber ikke i en NAV-enhet som behandler denne saken."))


def require_decider(actor: User, case: Case) -> None:
    if not ds.is_decider(actor, case):
        raise NotAllowed(_("Bare en beslutter i %(unit)s kan fatte vedtak i saken.")
                         % {"unit": ds.deciding_unit(case).name})


def _lock(case: Case, expected: CaseStatus, *, action: str) -> Case:
    locked = Case.objects.select_for_update(of=("self",)).select_related(
        "organisation", "routed_unit__parent").get(pk=case.pk)
    if locked.status != expected:
        raise CaseChanged(_("Saken har status «%(status)s» nå, så du kan ikke %(action)s. Noen "
                            "andre kan ha behandlet den samtidig; siden viser saken slik den er.")
                          % {"status": STATUS_LABELS[locked.status_enum], "action": action})
    return locked


# --- Assessment ---------------------------------------------------------------------------

def save_assessment(actor: User, case: Case,
                    entries: Mapping[str, tuple[Verdict, str]]) -> dict[str, list[str]]:
    """Store the case worker's assessment of the conditions given; returns the errors (a
    condition not met needs a comment). Valid entries are stored even when others are not,
    so nothing typed is lost."""
    require_handler(actor, case)
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        case = _lock(case, CaseStatus.UNDER_ASSESSMENT, action=_("endre vurderingen"))
        stored = 0
        for key, (verdict, comment) in entries.items():
            if key not in CONDITIONS_BY_KEY:
                continue
            if verdict == Verdict.NOT_MET and not comment.strip():
                errors[key] = [_("Skriv hvorfor vilkåret ikke er oppfylt; det står i "
                                 "begrunnelsen for avslaget.")]
            ConditionAssessment.objects.update_or_create(
                case=case, condition=key, defaults={
                    "verdict": verdict, "comment": comment.strip(), "assessed_by": actor,
                    "assessed_at": timezone.now()})
            stored += 1
        audit.record("assessment_saved", actor=actor, role=Role.CASEWORKER, case=case,
                     conditions=stored, valid=not errors)
    return errors


# --- Proposal, approval, return, one-step decision ------------------------------------------

def _validate(case: Case, *, outcome: str, amount_kr: int | None, period_start: dt.date | None,
              period_end: dt.date | None, lowered_reason: str, reason: str, today: dt.date
              ) -> list[str]:
    """The failed conditions (for a rejection) or raise DecisionInvalid."""
    verdicts = ds.verdicts(case)
    if outcome == Decision.Outcome.REJECT:
        failed = [c.key for c in not_met(verdicts)]
        problems = check_rejection(failed_conditions=failed, reason=reason)
        if problems:
            raise DecisionInvalid(_errors(problems))
        return failed
    errors: dict[str, list[str]] = {}
    if not all_met(verdicts):
        errors["conditions"] = [_("Alle vilkårene må være vurdert som oppfylt før søknaden kan "
                                  "innvilges. Fullfør vurderingen over.")]
    if amount_kr is None:
        errors["amount_kr"] = [_("Skriv inn tilsagnsbeløpet i hele kroner.")]
    if period_start is None:
        errors["period_start"] = [_("Skriv inn startdatoen (dd.mm.åååå).")]
    if period_end is None:
        errors["period_end"] = [_("Skriv inn sluttdatoen (dd.mm.åååå).")]
    if amount_kr is not None and period_start and period_end:
        for field, messages in _errors(check_grant(
                amount_kr=amount_kr, applied_kr=case.amount_applied or 0,
                period_start=period_start, period_end=period_end, decided_on=today,
                rates=rate_table(), other_grants=ds.other_grants(case),
                lowered_reason=lowered_reason)).items():
            errors.setdefault(field, []).extend(messages)
    if grant_actions.registered_account(case) is None:
        errors["account"] = [_("%(name)s har ikke registrert kontonummer hos NAV. Tilsagnet kan "
                               "ikke gis før arbeidsgiveren har registrert kontonummer i Altinn "
                               "(«Bankkontonummer for refusjoner fra NAV til arbeidsgiver»).")
                             % {"name": case.organisation.name}]
    if errors:
        raise DecisionInvalid(errors)
    return []


def propose_decision(actor: User, case: Case, *, outcome: str, amount_kr: int | None = None,
                     period_start: dt.date | None = None, period_end: dt.date | None = None,
                     lowered_reason: str = "", reason: str = "",
                     today: dt.date | None = None) -> Decision:
    """The case worker proposes a grant or a rejection; a decider approves it."""
    require_handler(actor, case)
    today = today or timezone.localdate()
    with transaction.atomic():
        case = _lock(case, CaseStatus.UNDER_ASSESSMENT, action=_("foreslå vedtak"))
        check_transition(case.status_enum, CaseStatus.AWAITING_DECISION)
        failed = _validate(case, outcome=outcome, amount_kr=amount_kr, period_start=period_start,
                           period_end=period_end, lowered_reason=lowered_reason, reason=reason,
                           today=today)
        decision = Decision.objects.create(
            case=case, outcome=outcome, amount_kr=amount_kr if outcome == "grant" else None,
            period_start=period_start if outcome == "grant" else None,
            period_end=period_end if outcome == "grant" else None,
            lowered_reason=lowered_reason.strip(), reason=reason.strip(),
            failed_conditions=failed, proposed_by=actor, deciding_unit=ds.deciding_unit(case))
        case.status = CaseStatus.AWAITING_DECISION
        case.status_changed_at = case.updated_at = timezone.now()
        case.save()
        audit.record("decision_proposed", actor=actor, role=Role.CASEWORKER, case=case,
                     outcome=outcome, decision=decision.pk)
    return decision


def approve_decision(actor: User, case: Case, *, confirm_over_budget: bool = False,
                     today: dt.date | None = None) -> Decision:
    """A decider in the deciding unit approves the open proposal; never their own."""
    require_handler(actor, case)
    today = today or timezone.localdate()
    with transaction.atomic():
        case = _lock(case, CaseStatus.AWAITING_DECISION, action=_("godkjenne forslaget"))
        require_decider(actor, case)
        decision = Decision.objects.select_for_update().get(case=case,
                                                            state=Decision.State.PROPOSED)
        if decision.proposed_by_id == actor.pk:
            raise NotAllowed(_("Du kan ikke godkjenne ditt eget forslag. En annen beslutter må "
                               "godkjenne det."))
        # Judged again as of the day of the decision: the rules, the rate and other grants
        # may have changed since the proposal.
        _validate(case, outcome=decision.outcome, amount_kr=decision.amount_kr,
                  period_start=decision.period_start, period_end=decision.period_end,
                  lowered_reason=decision.lowered_reason, reason=decision.reason, today=today)
        return _finalise(actor, case, decision, confirm_over_budget=confirm_over_budget,
                         today=today)


def return_proposal(actor: User, case: Case, *, comment: str) -> Decision:
    """The decider sends the proposal back to the case worker with a comment."""
    require_handler(actor, case)
    if not comment.strip():
        raise DecisionInvalid({"comment": [_("Skriv hva saksbehandleren skal se på igjen.")]})
    with transaction.atomic():
        case = _lock(case, CaseStatus.AWAITING_DECISION, action=_("sende forslaget tilbake"))
        require_decider(actor, case)
        decision = Decision.objects.select_for_update().get(case=case,
                                                            state=Decision.State.PROPOSED)
        decision.state = Decision.State.RETURNED
        decision.return_comment = comment.strip()
        decision.decided_by = actor
        decision.decided_at = timezone.now()
        decision.save()
        check_transition(case.status_enum, CaseStatus.UNDER_ASSESSMENT)
        case.status = CaseStatus.UNDER_ASSESSMENT
        case.status_changed_at = case.updated_at = timezone.now()
        case.save()
        audit.record("decision_returned", actor=actor, role=Role.CASEWORKER, case=case,
                     decision=decision.pk)
    return decision


def decide(actor: User, case: Case, *, outcome: str, amount_kr: int | None = None,
           period_start: dt.date | None = None, period_end: dt.date | None = None,
           lowered_reason: str = "", reason: str = "", confirm_over_budget: bool = False,
           today: dt.date | None = None) -> Decision:
    """A decider decides directly, in a unit configured for one-step decisions."""
    require_handler(actor, case)
    today = today or timezone.localdate()
    with transaction.atomic():
        case = _lock(case, CaseStatus.UNDER_ASSESSMENT, action=_("fatte vedtak"))
        require_decider(actor, case)
        if ds.is_two_step(case):
            raise NotAllowed(_("I %(unit)s fattes vedtak i to trinn: saksbehandleren foreslår, og "
                               "en annen beslutter godkjenner.")
                             % {"unit": ds.deciding_unit(case).name})
        failed = _validate(case, outcome=outcome, amount_kr=amount_kr, period_start=period_start,
                           period_end=period_end, lowered_reason=lowered_reason, reason=reason,
                           today=today)
        decision = Decision.objects.create(
            case=case, outcome=outcome, amount_kr=amount_kr if outcome == "grant" else None,
            period_start=period_start if outcome == "grant" else None,
            period_end=period_end if outcome == "grant" else None,
            lowered_reason=lowered_reason.strip(), reason=reason.strip(),
            failed_conditions=failed, proposed_by=actor, deciding_unit=ds.deciding_unit(case))
        return _finalise(actor, case, decision, confirm_over_budget=confirm_over_budget,
                         today=today)


def _finalise(actor: User, case: Case, decision: Decision, *, confirm_over_budget: bool,
              today: dt.date) -> Decision:
    granted = decision.outcome == Decision.Outcome.GRANT
    target = CaseStatus.GRANTED if granted else CaseStatus.REJECTED
    check_transition(case.status_enum, target)
    if granted:
        assert decision.amount_kr is not None and decision.period_start is not None
        budget_unit = ds.budget_unit_for(decision.deciding_unit)
        passed = ds.frames_exceeded(decision.period_start.year, budget_unit, decision.amount_kr)
        if passed and not confirm_over_budget:
            raise OverBudget(passed)
        decision.over_budget_confirmed = bool(passed)
    decision.state = Decision.State.DECIDED
    decision.decided_by = actor
    decision.decided_at = timezone.now()
    decision.save()
    case.status = target
    case.status_changed_at = case.updated_at = timezone.now()
    case.save()
    audit.record("granted" if granted else "rejected", actor=actor, role=Role.CASEWORKER,
                 case=case, public=True, decision=decision.pk,
                 over_budget=decision.over_budget_confirmed)
    if granted:
        grant_actions.create_grant(case, decision, today=today)
    else:
        outbox.enqueue("archive_letter", f"rejection:{decision.pk}", case_id=case.pk,
                       letter="rejection_letter", decision_id=decision.pk, letter_key=str(decision.pk))
    outbox.enqueue("notify_decided", f"{decision.pk}", case_id=case.pk, decision_id=decision.pk)
    return decision
