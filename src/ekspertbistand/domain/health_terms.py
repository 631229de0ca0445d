"""Words that suggest health details in free text meant for the employer or NAV's case file.

The application, messages and (later) the expert's report should say how the situation
affects the work, not what the illness is (DOMAIN §3.8; the evaluation found employers
received health details they should not have, §3.9.3). This is a warning, not a ban: a person
may need to write «sykemeldt», and a word list cannot judge context. It only flags words that
almost always name a diagnosis, a treatment or a medical finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Stems matched at a word start, case-insensitively. Chosen to name diagnoses, treatment and
# medication; everyday work words («sykemelding», «fravær», «tilrettelegging») are not here.
HEALTH_STEMS: tuple[str, ...] = (
    "diagnos", "depresj", "deprimert", "angst", "kreft", "cancer", "svulst", "cellegift",
    "utbrent", "utbrenthet", "bipolar", "schizofren", "psykose", "adhd", "autis", "ptsd",
    "diabetes", "epilep", "migrene", "fibromyalgi", "revmat", "artrose", "slitasjegikt",
    "prolaps", "multippel sklerose", "hjerneslag", "hjerteinfarkt", "graviditet",
    "gravid", "abort", "alkohol", "medisin", "medikament", "antidepressiv",
    "sobril", "vival", "paracet", "ibux", "smertestillende", "operasjon", "operert",
    "psykiater", "psykolog", "terapi", "innlagt", "sykehus", "legeerklæring",
    "blodprøve", "røntgen", "icpc", "f32", "f41", "f43", "l03", "l84", "p76",
)
_PATTERN = re.compile(r"(?<![\wæøå])(" + "|".join(re.escape(s) for s in HEALTH_STEMS) + r")",
                      re.IGNORECASE)


@dataclass(frozen=True)
class HealthTerm:
    """A word in the text that looks like a health detail: the word as written, and where."""

    word: str
    start: int


def health_terms_in(text: str) -> list[HealthTerm]:
    """The words of ``text`` that start with a health stem, in order, each word once."""
    found: list[HealthTerm] = []
    seen: set[str] = set()
    for match in _PATTERN.finditer(text):
        end = match.end()
        while end < len(text) and (text[end].isalnum() or text[end] in "-æøåÆØÅ"):
            end += 1
        word = text[match.start():end]
        if word.casefold() not in seen:
            seen.add(word.casefold())
            found.append(HealthTerm(word, match.start()))
    return found
