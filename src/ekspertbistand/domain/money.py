"""Estimated costs and the amount applied for (DOMAIN §3.5). Money is whole kroner (int)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from ekspertbistand.domain.errors import RuleViolation


class CostKind(StrEnum):
    EXPERT_HOURS = "expert_hours"
    PREPARATION = "preparation"
    REPORT = "report"
    TRAVEL = "travel"
    FOOD_AND_LODGING = "food_and_lodging"


COST_KIND_LABELS: dict[CostKind, str] = {
    CostKind.EXPERT_HOURS: "Ekspertens timer",
    CostKind.PREPARATION: "Forberedelse",
    CostKind.REPORT: "Skriving av rapport",
    CostKind.TRAVEL: "Reise",
    CostKind.FOOD_AND_LODGING: "Kost og losji",
}


@dataclass(frozen=True)
class CostLine:
    """One line of the estimate: ``hours`` × ``hourly_rate_kr`` (hours in quarter hours are
    entered as hundredths, e.g. 7.5 h = 750), or a fixed ``amount_kr`` for travel etc."""

    kind: CostKind
    hours_hundredths: int = 0
    hourly_rate_kr: int = 0
    amount_kr: int = 0

    @property
    def total_kr(self) -> int:
        if self.hours_hundredths:
            # Round half up to whole kroner, in integer arithmetic.
            return (self.hours_hundredths * self.hourly_rate_kr + 50) // 100
        return self.amount_kr


def total_cost(lines: Iterable[CostLine]) -> int:
    return sum(line.total_kr for line in lines)


def employer_share(total_kr: int, max_rate_kr: int) -> int:
    """What the employer pays themself: the costs above the maximum rate."""
    return max(0, total_kr - max_rate_kr)


def check_amount(applied_kr: int, total_kr: int, max_rate_kr: int) -> list[RuleViolation]:
    problems: list[RuleViolation] = []
    if applied_kr <= 0:
        problems.append(RuleViolation(
            "amount_applied", "Skriv inn beløpet dere søker om, i hele kroner.", "amount_missing"
        ))
    if applied_kr > max_rate_kr:
        problems.append(RuleViolation(
            "amount_applied",
            f"Dere kan søke om høyst {format_kr(max_rate_kr)} for dette året. Kostnader over "
            "satsen må arbeidsgiveren dekke selv.",
            "above_max_rate",
        ))
    if applied_kr > total_kr:
        problems.append(RuleViolation(
            "amount_applied",
            f"Beløpet dere søker om kan ikke være høyere enn de beregnede kostnadene "
            f"({format_kr(total_kr)}).",
            "above_costs",
        ))
    return problems


def format_kr(amount: int) -> str:
    """Norwegian format: 23 100 kr (non-breaking thin spaces as thousands separator)."""
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0kr"
