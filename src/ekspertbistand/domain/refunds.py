"""The refund (refusjon) of a grant: its states, the claim's amount and the checks of a claim.

- The employer pays the expert and claims a refund of the actual costs; the refund is never
  more than the grant, costs above it are the employer's (DOMAIN §3.7, forskrift § 5).
- The claim is subject to a 6-month limitation period from the grant's end date
  (folketrygdloven § 22-14 third paragraph, DOMAIN §3.7): a claim on the deadline day is in
  time, a claim the day after is refused, unless NAV records an exception with a reason.
- By default a claim can be sent only once the report has reached NAV (DOMAIN §4: NAV struggles
  to get the report in); NAV can switch this off per unit (:class:`RefundPolicy`).
- The refund's life follows NAV's refund service for other employer grants (DOMAIN §8).

All amounts are whole kroner. The deadline is given (the grant stores it), never recomputed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ekspertbistand.domain.errors import RuleViolation
from ekspertbistand.domain.money import format_kr

LIMITATION_BASIS = "folketrygdloven § 22-14 tredje ledd"
MIN_REASON = 10  # characters in a reason NAV or the employer must give


class RefundState(StrEnum):
    NOT_YET_CLAIMABLE = "not_yet_claimable"
    READY_TO_CLAIM = "ready_to_claim"
    CLAIMED = "claimed"
    APPROVED = "approved"
    PAID = "paid"
    PAYMENT_FAILED = "payment_failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    CORRECTED = "corrected"


REFUND_STATE_LABELS: dict[RefundState, str] = {
    RefundState.NOT_YET_CLAIMABLE: "Kan ikke søkes ennå",
    RefundState.READY_TO_CLAIM: "Klar til å søke",
    RefundState.CLAIMED: "Sendt til NAV",
    RefundState.APPROVED: "Godkjent for utbetaling",
    RefundState.PAID: "Utbetalt",
    RefundState.PAYMENT_FAILED: "Utbetalingen feilet",
    RefundState.EXPIRED: "Utløpt",
    RefundState.CANCELLED: "Annullert",
    RefundState.CORRECTED: "Korrigert",
}

# What the employer sees as the next step in each state.
REFUND_NEXT_STEP: dict[RefundState, str] = {
    RefundState.NOT_YET_CLAIMABLE: "Du kan søke om refusjon når perioden i tilsagnet er slutt.",
    RefundState.READY_TO_CLAIM: "Søk om refusjon med ekspertens faktura før fristen.",
    RefundState.CLAIMED: "NAV behandler kravet. Du får beskjed når det er godkjent.",
    RefundState.APPROVED: "Pengene blir utbetalt til kontonummeret som er registrert for virksomheten.",
    RefundState.PAID: "Refusjonen er utbetalt.",
    RefundState.PAYMENT_FAILED: "Utbetalingen gikk ikke gjennom. NAV tar kontakt; sjekk kontonummeret "
                                "i Altinn.",
    RefundState.EXPIRED: "Fristen for å søke gikk ut, og tilsagnet er trukket tilbake.",
    RefundState.CANCELLED: "Refusjonen er annullert.",
    RefundState.CORRECTED: "Refusjonen er korrigert etter utbetaling. Se begrunnelsen.",
}

TRANSITIONS: dict[RefundState, frozenset[RefundState]] = {
    RefundState.NOT_YET_CLAIMABLE: frozenset({RefundState.READY_TO_CLAIM, RefundState.EXPIRED,
                                              RefundState.CANCELLED}),
    RefundState.READY_TO_CLAIM: frozenset({RefundState.CLAIMED, RefundState.EXPIRED,
                                           RefundState.CANCELLED}),
    # NAV may send a claim back for changes (it is ready to claim again) or approve it.
    RefundState.CLAIMED: frozenset({RefundState.APPROVED, RefundState.READY_TO_CLAIM,
                                    RefundState.CANCELLED}),
    RefundState.APPROVED: frozenset({RefundState.PAID, RefundState.PAYMENT_FAILED,
                                     RefundState.CANCELLED}),
    # A failed payment is approved again once the account is fixed, and exported anew.
    RefundState.PAYMENT_FAILED: frozenset({RefundState.APPROVED, RefundState.CANCELLED}),
    RefundState.PAID: frozenset({RefundState.CORRECTED}),
    RefundState.CORRECTED: frozenset({RefundState.CORRECTED}),
    # Only with NAV's recorded exception to the limitation period.
    RefundState.EXPIRED: frozenset({RefundState.READY_TO_CLAIM}),
    RefundState.CANCELLED: frozenset(),
}


class InvalidRefundTransition(ValueError):
    """The change is not one the refund's life allows; the message is Norwegian."""


def check_transition(current: RefundState, new: RefundState) -> None:
    if new not in TRANSITIONS[current]:
        raise InvalidRefundTransition(
            f"Refusjonen kan ikke gå fra «{REFUND_STATE_LABELS[current]}» til "
            f"«{REFUND_STATE_LABELS[new]}»."
        )


def state_on(day: dt.date, period_end: dt.date, refund_deadline: dt.date) -> RefundState:
    """The state of an unclaimed refund on ``day``: claimable from the day after the period,
    through the deadline day; expired from the day after the deadline."""
    if day > refund_deadline:
        return RefundState.EXPIRED
    if day > period_end:
        return RefundState.READY_TO_CLAIM
    return RefundState.NOT_YET_CLAIMABLE


# --- Cost lines and the amount ----------------------------------------------------------


class ClaimCostKind(StrEnum):
    EXPERT_HOURS = "expert_hours"
    PREPARATION = "preparation"
    REPORT = "report"
    TRAVEL = "travel"
    FOOD = "food"
    LODGING = "lodging"


CLAIM_COST_KIND_LABELS: dict[ClaimCostKind, str] = {
    ClaimCostKind.EXPERT_HOURS: "Ekspertens timer",
    ClaimCostKind.PREPARATION: "Forberedelse",
    ClaimCostKind.REPORT: "Skriving av rapport",
    ClaimCostKind.TRAVEL: "Reise",
    ClaimCostKind.FOOD: "Kost",
    ClaimCostKind.LODGING: "Losji",
}

HOURLY_KINDS = frozenset({ClaimCostKind.EXPERT_HOURS, ClaimCostKind.PREPARATION,
                          ClaimCostKind.REPORT})


@dataclass(frozen=True)
class ClaimLine:
    """One line of the expert's invoice: hours × rate for work (hours in hundredths, 7.5 h =
    750), a fixed amount for travel, food and lodging."""

    kind: ClaimCostKind
    hours_hundredths: int = 0
    hourly_rate_kr: int = 0
    amount_kr: int = 0

    @property
    def total_kr(self) -> int:
        if self.kind in HOURLY_KINDS:
            return (self.hours_hundredths * self.hourly_rate_kr + 50) // 100  # half up
        return self.amount_kr


def check_lines(lines: Sequence[ClaimLine]) -> list[RuleViolation]:
    problems: list[RuleViolation] = []
    if not lines:
        problems.append(RuleViolation("lines", "Legg inn minst én kostnad fra ekspertens faktura.",
                                      "no_lines"))
    for index, line in enumerate(lines):
        label = CLAIM_COST_KIND_LABELS[line.kind]
        if line.kind in HOURLY_KINDS:
            if line.hours_hundredths <= 0 or line.hourly_rate_kr <= 0:
                problems.append(RuleViolation(
                    f"lines.{index}", f"{label}: skriv inn både antall timer og timepris.",
                    "hours_or_rate_missing"))
        elif line.amount_kr <= 0:
            problems.append(RuleViolation(
                f"lines.{index}", f"{label}: skriv inn beløpet i hele kroner.", "amount_missing"))
    return problems


@dataclass(frozen=True)
class ClaimAmounts:
    total_costs_kr: int
    refund_kr: int  # what NAV pays: the costs, at most the grant
    employer_share_kr: int  # the costs above the grant

    @property
    def capped(self) -> bool:
        return self.employer_share_kr > 0


def claim_amounts(lines: Iterable[ClaimLine], grant_max_kr: int) -> ClaimAmounts:
    total = sum(line.total_kr for line in lines)
    refund = min(total, grant_max_kr)
    return ClaimAmounts(total, refund, total - refund)


# --- The limitation period and the claim ------------------------------------------------


@dataclass(frozen=True)
class LimitationException:
    """NAV's recorded exception to the limitation period, with its reason."""

    reason: str
    recorded_on: dt.date


@dataclass(frozen=True)
class RefundPolicy:
    """Per NAV unit. ``report_required_first``: a claim waits until the report reached NAV."""

    report_required_first: bool = True


def check_limitation(claimed_on: dt.date, refund_deadline: dt.date,
                     exception: LimitationException | None = None) -> list[RuleViolation]:
    """In time through the deadline day; from the day after refused unless NAV recorded an
    exception with a reason (DOMAIN §3.7)."""
    if claimed_on <= refund_deadline:
        return []
    if exception is not None and len(exception.reason.strip()) >= MIN_REASON:
        return []
    return [RuleViolation(
        "claimed_on",
        f"Fristen for å søke om refusjon var {refund_deadline:%d.%m.%Y}. Et krav må komme senest "
        f"seks måneder etter at perioden i tilsagnet sluttet ({LIMITATION_BASIS}), og et krav "
        "som kommer for sent, kan ikke betales ut. Har du en særlig grunn til at kravet kom for "
        "sent, kontakt NAV: NAV kan i noen tilfeller gjøre unntak.",
        "claim_after_deadline",
    )]


def check_exception(reason: str) -> list[RuleViolation]:
    if len(reason.strip()) < MIN_REASON:
        return [RuleViolation("reason", "Skriv begrunnelsen for unntaket fra fristen "
                              f"(minst {MIN_REASON} tegn).", "exception_reason_missing")]
    return []


@dataclass(frozen=True)
class ClaimFacts:
    """What a claim is judged on, as plain data."""

    claimed_on: dt.date
    state: RefundState
    period_end: dt.date
    refund_deadline: dt.date
    grant_max_kr: int
    lines: tuple[ClaimLine, ...]
    invoice_attached: bool
    report_received: bool
    requested_kr: int | None = None  # an amount the employer typed, if the form asks for one
    exception: LimitationException | None = None


def check_claim(facts: ClaimFacts, policy: RefundPolicy = RefundPolicy()) -> list[RuleViolation]:
    """Every reason the claim cannot be sent now, each saying what to do."""
    problems: list[RuleViolation] = []
    if facts.claimed_on <= facts.period_end:
        problems.append(RuleViolation(
            "claimed_on",
            f"Du kan søke om refusjon fra {facts.period_end + dt.timedelta(days=1):%d.%m.%Y}, "
            "dagen etter at perioden i tilsagnet er slutt.",
            "period_not_ended",
        ))
    elif facts.state not in (RefundState.READY_TO_CLAIM, RefundState.EXPIRED):
        problems.append(RuleViolation(
            "state", f"Refusjonen er «{REFUND_STATE_LABELS[facts.state]}» og kan ikke søkes nå.",
            "not_claimable"))
    problems += check_limitation(facts.claimed_on, facts.refund_deadline, facts.exception)
    if policy.report_required_first and not facts.report_received:
        problems.append(RuleViolation(
            "report",
            "NAV må ha fått rapporten fra eksperten før du kan søke om refusjon. Be eksperten "
            "sende rapporten i tjenesten; når arbeidstakeren har lest den, får NAV en kopi.",
            "report_missing",
        ))
    problems += check_lines(facts.lines)
    if not facts.invoice_attached:
        problems.append(RuleViolation(
            "invoice", "Legg ved ekspertens faktura (PDF eller bilde) som viser de faktiske "
            "kostnadene.", "invoice_missing"))
    if facts.requested_kr is not None and facts.requested_kr > facts.grant_max_kr:
        problems.append(RuleViolation(
            "requested_kr",
            f"Du kan få refundert høyst {format_kr(facts.grant_max_kr)}, som er beløpet i "
            "tilsagnet. Kostnader over det må arbeidsgiveren dekke selv.",
            "above_grant",
        ))
    return problems


# --- Corrections after payment ----------------------------------------------------------


class CorrectionKind(StrEnum):
    EXTRA_PAYMENT = "extra_payment"
    RECOVERY = "recovery"


@dataclass(frozen=True)
class Correction:
    kind: CorrectionKind
    amount_kr: int
    reason: str


def check_correction(paid_kr: int, grant_max_kr: int, correction: Correction) -> list[RuleViolation]:
    """An extra payment keeps the total within the grant; a recovery is at most what was paid;
    both need a reason."""
    problems: list[RuleViolation] = []
    if correction.amount_kr <= 0:
        problems.append(RuleViolation("amount_kr", "Skriv inn beløpet i hele kroner.",
                                      "amount_missing"))
    elif correction.kind is CorrectionKind.EXTRA_PAYMENT and paid_kr + correction.amount_kr > grant_max_kr:
        problems.append(RuleViolation(
            "amount_kr", f"Etterbetalingen kan være høyst {format_kr(grant_max_kr - paid_kr)}, så "
            "refusjonen ikke blir høyere enn tilsagnet.", "above_grant"))
    elif correction.kind is CorrectionKind.RECOVERY and correction.amount_kr > paid_kr:
        problems.append(RuleViolation(
            "amount_kr", f"Tilbakekrevingen kan være høyst det som er utbetalt ({format_kr(paid_kr)}).",
            "above_paid"))
    if len(correction.reason.strip()) < MIN_REASON:
        problems.append(RuleViolation("reason", "Skriv begrunnelsen for korrigeringen "
                                      f"(minst {MIN_REASON} tegn).", "reason_missing"))
    return problems


def paid_after(paid_kr: int, corrections: Iterable[Correction]) -> int:
    total = paid_kr
    for correction in corrections:
        sign = 1 if correction.kind is CorrectionKind.EXTRA_PAYMENT else -1
        total += sign * correction.amount_kr
    return total


# --- Reminders --------------------------------------------------------------------------

DEADLINE_REMINDER_DAYS = (30, 7)


def deadline_reminders_due(today: dt.date, refund_deadline: dt.date, state: RefundState) -> list[str]:
    """Keys of the deadline reminders due on ``today`` (``deadline_30``, ``deadline_7``): each
    from its day until the deadline, while the refund is still unclaimed. The caller stores the
    keys it sent, so a job run twice sends each once."""
    if state is not RefundState.READY_TO_CLAIM or today > refund_deadline:
        return []
    days_left = (refund_deadline - today).days
    return [f"deadline_{days}" for days in DEADLINE_REMINDER_DAYS if days_left <= days]
