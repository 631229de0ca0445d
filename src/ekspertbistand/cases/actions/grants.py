"""Grants (tilsagn): made by a decision, changed or cancelled with a reason, expired when
the refund deadline passes (decision 0028). Each change writes a new letter and adjusts the
budget: a change makes a new grant that replaces the old one, so the case keeps every grant
it ever had and the budget counts only the active ones."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ekspertbistand.cases import audit, outbox
from ekspertbistand.cases import decision_selectors as ds
from ekspertbistand.cases.models import Case, Decision, Grant, User
from ekspertbistand.cases.permissions import NotAllowed, Role
from ekspertbistand.domain.decision import check_grant, grant_number, refund_deadline
from ekspertbistand.integrations import account_register
from ekspertbistand.integrations.enhetsregisteret import RegisterUnavailable
from ekspertbistand.reference.selectors import rate_table

ACCOUNT_REGISTER_DOWN = ("Kontoregisteret svarer ikke akkurat nå, så vi kan ikke hente "
                         "kontonummeret. Prøv igjen om litt; ingenting er endret.")


def registered_account(case: Case) -> str | None:
    """The employer's account from the account register; a register that does not answer
    stops the decision with a message (nothing is changed)."""
    try:
        return account_register().account_for(case.organisation.orgnr)
    except RegisterUnavailable as error:
        raise NotAllowed(_(ACCOUNT_REGISTER_DOWN)) from error


def _account(case: Case) -> str:
    account = registered_account(case)
    if account is None:
        raise NotAllowed(_("%(name)s har ikke registrert kontonummer hos NAV. Tilsagnet kan ikke "
                           "gis før arbeidsgiveren har registrert kontonummer i Altinn.")
                         % {"name": case.organisation.name})
    return account


def _next_running_number(case: Case) -> int:
    return (case.grants.aggregate(n=Max("running_number"))["n"] or 0) + 1


def _letter(case: Case, grant: Grant, kind: str) -> None:
    outbox.enqueue("archive_letter", f"{kind}:{grant.number}", case_id=case.pk, letter=kind,
                   grant_id=grant.pk, letter_key=grant.number)


def create_grant(case: Case, decision: Decision, *, today: dt.date) -> Grant:
    """The grant a decision makes. Called inside the decision's transaction."""
    assert decision.amount_kr and decision.period_start and decision.period_end
    assert decision.decided_by is not None
    expert = case.answers.get("ekspert", {})
    running = _next_running_number(case)
    grant = Grant.objects.create(
        case=case, decision=decision, running_number=running,
        number=grant_number(today.year, case.pk, running),
        amount_kr=decision.amount_kr, period_start=decision.period_start,
        period_end=decision.period_end, refund_deadline=refund_deadline(decision.period_end),
        account_number=_account(case), expert_name=expert.get("expert_name", ""),
        expert_company=expert.get("expert_company", ""), expert_orgnr=case.expert_orgnr,
        caseworker=ds.caseworker_of(case, decision), decider=decision.decided_by,
        budget_unit=ds.budget_unit_for(decision.deciding_unit))
    audit.record("grant_created", actor=decision.decided_by, role=Role.CASEWORKER, case=case,
                 grant=grant.number, amount_kr=grant.amount_kr)
    _letter(case, grant, "grant_letter")
    return grant


class GrantInvalid(ValueError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("Tilsagnet kan ikke endres slik. Rett feilene under."))
        self.errors = errors


def _lock_active(actor: User, grant: Grant) -> tuple[Case, Grant]:
    case = Case.objects.select_for_update(of=("self",)).select_related(
        "organisation", "routed_unit__parent").get(pk=grant.case_id)
    if not ds.is_decider(actor, case):
        raise NotAllowed(_("Bare en beslutter i %(unit)s kan endre eller annullere tilsagnet.")
                         % {"unit": ds.deciding_unit(case).name})
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.state != Grant.State.ACTIVE:
        raise NotAllowed(_("Tilsagnet %(number)s er %(state)s og kan ikke endres. Siden viser "
                           "tilsagnene slik de er nå.")
                         % {"number": grant.number, "state": grant.get_state_display().lower()})
    return case, grant


def change_grant(actor: User, grant: Grant, *, period_start: dt.date, period_end: dt.date,
                 amount_kr: int, reason: str, expert_name: str | None = None,
                 expert_company: str | None = None, expert_orgnr: str | None = None,
                 confirm_over_budget: bool = False, today: dt.date | None = None) -> Grant:
    """A new period in the same year, another expert or a lower amount. The old grant is
    replaced by a new one with the next running number and a new letter."""
    today = today or timezone.localdate()
    with transaction.atomic():
        case, old = _lock_active(actor, grant)
        errors: dict[str, list[str]] = {}
        if not reason.strip():
            errors["reason"] = [_("Skriv hvorfor tilsagnet endres; det står i brevet.")]
        if period_start.year != old.period_start.year:
            errors["period_start"] = [_("Et endret tilsagn må gjelde samme år (%(year)s). For et "
                                        "nytt år trengs en ny søknad.") % {"year": old.period_start.year}]
        if amount_kr > old.amount_kr:
            errors["amount_kr"] = [_("Beløpet kan ikke økes ved endring (nå %(amount)s kr). Et "
                                     "høyere beløp krever ny søknad.") % {"amount": old.amount_kr}]
        for problem in check_grant(amount_kr=amount_kr, applied_kr=old.amount_kr,
                                   period_start=period_start, period_end=period_end,
                                   decided_on=today, rates=rate_table(),
                                   other_grants=ds.other_grants(case, excluding=old),
                                   lowered_reason=reason):
            if problem.code != "above_applied":
                errors.setdefault(problem.field, []).append(problem.message)
        if errors:
            raise GrantInvalid(errors)
        old.state = Grant.State.REPLACED
        old.ended_at = timezone.now()
        old.save()
        running = _next_running_number(case)
        new = Grant.objects.create(
            case=case, decision=old.decision, running_number=running,
            number=grant_number(today.year, case.pk, running), amount_kr=amount_kr,
            period_start=period_start, period_end=period_end,
            refund_deadline=refund_deadline(period_end), account_number=_account(case),
            expert_name=expert_name or old.expert_name,
            expert_company=expert_company or old.expert_company,
            expert_orgnr=expert_orgnr or old.expert_orgnr,
            caseworker=old.caseworker, decider=actor, budget_unit=old.budget_unit,
            replaces=old, change_reason=reason.strip())
        audit.record("grant_changed", actor=actor, role=Role.CASEWORKER, case=case, public=True,
                     grant=new.number, replaces=old.number, amount_kr=amount_kr)
        _letter(case, new, "grant_change_letter")
        outbox.enqueue("notify_grant_changed", new.number, case_id=case.pk, grant_id=new.pk)
    return new


def cancel_grant(actor: User, grant: Grant, *, reason: str) -> Grant:
    """Cancel an active grant; its money is released from the budget."""
    if not reason.strip():
        raise GrantInvalid({"reason": [_("Skriv hvorfor tilsagnet annulleres; det står i brevet.")]})
    with transaction.atomic():
        case, grant = _lock_active(actor, grant)
        grant.state = Grant.State.CANCELLED
        grant.cancel_reason = reason.strip()
        grant.ended_at = timezone.now()
        grant.save()
        audit.record("grant_cancelled", actor=actor, role=Role.CASEWORKER, case=case, public=True,
                     grant=grant.number)
        _letter(case, grant, "grant_cancel_letter")
        outbox.enqueue("notify_grant_changed", f"{grant.number}:cancelled", case_id=case.pk,
                       grant_id=grant.pk)
    return grant


def expire_overdue_grants(today: dt.date | None = None) -> int:
    """Grants whose refund deadline has passed without a claim expire and release their
    money (DOMAIN §3.7). Idempotent; run daily by the scheduler (``send_reminders`` and
    ``expire_grants``). A grant whose refund was claimed, or whose late claim NAV excepted
    from the deadline, does not expire; an unclaimed refund expires with its grant."""
    from ekspertbistand.domain.refunds import RefundState
    from ekspertbistand.refunds.models import Refund
    from ekspertbistand.refunds.selectors import CLAIMED_OR_LATER

    today = today or timezone.localdate()
    expired = 0
    overdue = (Grant.objects.filter(state=Grant.State.ACTIVE, refund_deadline__lt=today)
               .exclude(refund__state__in=CLAIMED_OR_LATER)
               .exclude(refund__exception_reason__gt=""))
    for grant in overdue:
        with transaction.atomic():
            locked = Grant.objects.select_for_update().get(pk=grant.pk)
            if locked.state != Grant.State.ACTIVE:
                continue
            locked.state = Grant.State.EXPIRED
            locked.ended_at = timezone.now()
            locked.save()
            Refund.objects.filter(grant=locked).exclude(state__in=CLAIMED_OR_LATER).update(
                state=RefundState.EXPIRED.value, updated_at=timezone.now())
            audit.record("grant_expired", actor=None, case=locked.case, public=True,
                         grant=locked.number)
            expired += 1
    return expired
