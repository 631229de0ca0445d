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

from ekspertbistand.domain import report_privacy
from ekspertbistand.domain.health_terms import health_terms_in

# Messages go between people who know each other; the report check's name heuristic (a name
# not among the case's participants) would flag most greetings, so it is left out here.
REPORT_KINDS_FOR_MESSAGES = tuple(k for k in report_privacy.FlagKind
                                  if k is not report_privacy.FlagKind.PERSON_NAME)


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


def _report_flags(text: str) -> list[report_privacy.Flag]:
    return [f for f in report_privacy.check_text(text) if f.kind in REPORT_KINDS_FOR_MESSAGES]


@text_check("report_privacy")
def report_privacy_check(text: str) -> list[TextFinding]:
    """The expert report's privacy check (decision 0035): identity numbers, diagnosis codes,
    diagnosis and medication words from its word list."""
    flags = _report_flags(text)
    if not flags:
        return []
    found = ", ".join(f"{f.label} («{f.text}»)" for f in flags[:5])
    return [TextFinding("report_privacy", _(
        "Teksten kan inneholde opplysninger som ikke hører hjemme her: %(found)s. Fjern dem, "
        "eller send likevel hvis de trengs i saken.") % {"found": found})]


@text_check("health_terms")
def health_terms(text: str) -> list[TextFinding]:
    # Words the report's check has flagged already are not said twice.
    spans = [(f.start, f.end) for f in _report_flags(text)]
    words = [t.word for t in health_terms_in(text)
             if not any(start <= t.start < end for start, end in spans)]
    if not words:
        return []
    return [TextFinding("health_terms", _(
        "Teksten ser ut til å inneholde helseopplysninger («%(words)s»). Skriv hvordan "
        "situasjonen påvirker arbeidet, ikke om sykdom, diagnose eller behandling.")
        % {"words": "», «".join(words[:5])})]
