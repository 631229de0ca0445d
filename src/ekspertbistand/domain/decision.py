"""A grant decision's rules (DOMAIN §3.5–§3.7), judged as of the day of the decision.

- Amount: at most what was applied for, and at most the year's maximum rate (the rate in
  force on the period's first day, decision 0004); a date before the first rate cannot be
  granted. Lowering the applied amount needs a reason.
- Several grants for the same employee and employer may be given in one year, but together
  they stay within that year's maximum rate (§3.6: several periods within the maximum).
- Period: inside one calendar year; at most 3 months when judged before 2024-04-01.
- Refund deadline: the period's end + 6 months (folketrygdloven § 22-14, §3.7).
- A rejection names the conditions not met, a reason, the legal basis and the right to
  appeal within 6 weeks (forvaltningsloven § 29).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ekspertbistand.domain.errors import NoRateConfigured, RuleViolation
from ekspertbistand.domain.money import format_kr
from ekspertbistand.domain.periods import THREE_MONTH_LIMIT_ENDS, add_months, longest_allowed_end
from ekspertbistand.domain.rates import RateTable, rate_for_period

REFUND_LIMITATION_MONTHS = 6
APPEAL_WEEKS = 6
# Non-breaking spaces keep a section sign with its number in the letters.
LEGAL_BASIS = ("forskrift 29. august 2019 nr.\u00a01105 om tilskudd til ekspertbistand "
               "§§\u00a02–6, jf. folketrygdloven §\u00a08-7\u00a0a")
APPEAL_BASIS = "forvaltningsloven §§\u00a028 og\u00a029"


@dataclass(frozen=True)
class OtherGrant:
    """A grant already given (and not cancelled) for the same employee and employer."""

    period_start: dt.date
    amount_kr: int


def refund_deadline(period_end: dt.date) -> dt.date:
    """The last day to claim the refund: 6 months after the period's end (DOMAIN §3.7)."""
    return add_months(period_end, REFUND_LIMITATION_MONTHS)


def appeal_deadline(received_on: dt.date) -> dt.date:
    """The last day to appeal a decision received on ``received_on`` (6 weeks)."""
    return received_on + dt.timedelta(weeks=APPEAL_WEEKS)


def grant_number(year: int, case_number: int, running_number: int) -> str:
    """A grant's own identity: year, case and the case's running grant number."""
    return f"{year}-{case_number:06d}-{running_number:02d}"


def check_grant_period(start: dt.date, end: dt.date, decided_on: dt.date) -> list[RuleViolation]:
    if end < start:
        return [RuleViolation("period_end", "Sluttdatoen kan ikke være før startdatoen.",
                              "end_before_start")]
    if end.year != start.year:
        return [RuleViolation(
            "period_end",
            f"Et tilsagn kan ikke gå over nyttår. Velg en sluttdato senest 31.12.{start.year}, "
            "og gi et nytt tilsagn for tiden etter nyttår.", "crosses_year")]
    latest = longest_allowed_end(start, decided_on)
    if end > latest and decided_on < THREE_MONTH_LIMIT_ENDS:
        return [RuleViolation(
            "period_end",
            "Før 1. april 2024 kunne et tilsagn gjelde i høyst 3 måneder. Velg en sluttdato "
            f"senest {latest:%d.%m.%Y}.", "longer_than_three_months")]
    return []


def check_grant(*, amount_kr: int, applied_kr: int, period_start: dt.date, period_end: dt.date,
                decided_on: dt.date, rates: RateTable, other_grants: Sequence[OtherGrant] = (),
                lowered_reason: str = "") -> list[RuleViolation]:
    """Every way a proposed grant breaks the rules, as of ``decided_on``."""
    problems = check_grant_period(period_start, period_end, decided_on)
    if amount_kr <= 0:
        problems.append(RuleViolation("amount_kr", "Skriv inn tilsagnsbeløpet i hele kroner.",
                                      "amount_missing"))
        return problems
    try:
        rate = rate_for_period(period_start, rates)
    except NoRateConfigured as error:
        problems.append(RuleViolation("period_start", str(error), "no_rate"))
        return problems
    if amount_kr > applied_kr:
        problems.append(RuleViolation(
            "amount_kr", f"Tilsagnet kan ikke være høyere enn beløpet det er søkt om "
            f"({format_kr(applied_kr)}).", "above_applied"))
    if amount_kr > rate:
        problems.append(RuleViolation(
            "amount_kr", f"Tilsagnet kan være høyst {format_kr(rate)}, den maksimale satsen "
            f"for {period_start.year}.", "above_max_rate"))
    already = sum(g.amount_kr for g in other_grants if g.period_start.year == period_start.year)
    if already and amount_kr + already > rate:
        problems.append(RuleViolation(
            "amount_kr",
            f"Arbeidstakeren har allerede tilsagn på {format_kr(already)} hos denne "
            f"arbeidsgiveren i {period_start.year}. Til sammen kan det gis høyst "
            f"{format_kr(rate)}, så dette tilsagnet kan være høyst "
            f"{format_kr(max(0, rate - already))}.", "above_yearly_maximum"))
    if amount_kr < applied_kr and not lowered_reason.strip():
        problems.append(RuleViolation(
            "lowered_reason", "Du har satt ned beløpet det er søkt om. Skriv hvorfor; "
            "begrunnelsen står i tilsagnsbrevet.", "lowered_without_reason"))
    return problems


def check_rejection(*, failed_conditions: Sequence[str], reason: str) -> list[RuleViolation]:
    problems: list[RuleViolation] = []
    if not failed_conditions:
        problems.append(RuleViolation(
            "conditions", "Et avslag må vise hvilke vilkår som ikke er oppfylt. Vurder "
            "vilkårene og merk minst ett som «Ikke oppfylt».", "no_failed_conditions"))
    if not reason.strip():
        problems.append(RuleViolation(
            "reason", "Skriv begrunnelsen for avslaget; den står i vedtaksbrevet.",
            "reason_missing"))
    return problems
