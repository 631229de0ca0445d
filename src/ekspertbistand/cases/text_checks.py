"""Checks on free text people write into a case: messages now, the expert's report later.

A check is a function from text to findings. Checks are registered here with
:func:`text_check`, and every place that takes free text asks :func:`findings_in`, so a new
check (the report's privacy check, decision 0033) runs on messages without their code
changing. Findings are warnings a person reads before sending; they never block on their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ekspertbistand.domain.health_terms import health_terms_in


@dataclass(frozen=True)
class TextFinding:
    """What a check found: a code for tests and statistics, and a Norwegian message."""

    code: str
    message: str


TextCheck = Callable[[str], list[TextFinding]]
TEXT_CHECKS: dict[str, TextCheck] = {}


def text_check(name: str) -> Callable[[TextCheck], TextCheck]:
    """Register a check under ``name`` (registering the same name again replaces it)."""
    def register(check: TextCheck) -> TextCheck:
        TEXT_CHECKS[name] = check
        return check
    return register


def findings_in(text: str) -> list[TextFinding]:
    """Every registered check's findings on ``text``, in registration order."""
    findings: list[TextFinding] = []
    for check in TEXT_CHECKS.values():
        findings.extend(check(text))
    return findings


@text_check("health_terms")
def health_terms(text: str) -> list[TextFinding]:
    words = [t.word for t in health_terms_in(text)]
    if not words:
        return []
    return [TextFinding("health_terms", _(
        "Teksten ser ut til å inneholde helseopplysninger («%(words)s»). Skriv hvordan "
        "situasjonen påvirker arbeidet, ikke om sykdom, diagnose eller behandling.")
        % {"words": "», «".join(words[:5])})]
