from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleViolation:
    """A broken rule, with the field it concerns and a Norwegian message saying what to do."""

    field: str
    message: str
    code: str


class NoRateConfigured(LookupError):
    """No maximum rate is configured for the date: never guess one (DOMAIN §3.5)."""
