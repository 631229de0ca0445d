"""The privacy check of a free text: what in it may reveal more than the reader should know.

The expert's report goes to the employer, who has no right to the employee's health details
(DOMAIN §3.8, §4: employers received health details they should not have). Before a report
leaves the expert, :func:`check_text` flags what looks like

- a fødselsnummer or D-number (11 digits that pass python-stdnum's checksum and date check),
- a diagnosis code (ICD-10 such as ``F32.1``, or ICPC-2 / ICD-10 such as ``L03``),
- a diagnosis or medication word from the shipped word list (``data/health_terms.nb.tsv``),
- the name of a person who is not one of the case's participants (a heuristic).

Each flag has its position and a Norwegian reason. The expert resolves each: removes it or keeps
it with a reason (:func:`apply_resolutions`). The same check serves any free text (messages).

The check is a help, not a guarantee: it finds patterns and listed words, and cannot understand
what a sentence says. The limits are in docs/decisions/0035-report-privacy-check.md.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources

from stdnum.no import fodselsnummer

from ekspertbistand.domain.errors import RuleViolation

REMOVED_MARK = "[fjernet]"
MIN_KEEP_REASON = 10  # characters: a reason must say something


class FlagKind(StrEnum):
    NATIONAL_ID = "national_id"
    DIAGNOSIS_CODE = "diagnosis_code"
    DIAGNOSIS_WORD = "diagnosis_word"
    MEDICATION = "medication"
    PERSON_NAME = "person_name"


FLAG_KIND_LABELS: dict[FlagKind, str] = {
    FlagKind.NATIONAL_ID: "Fødselsnummer eller D-nummer",
    FlagKind.DIAGNOSIS_CODE: "Diagnosekode",
    FlagKind.DIAGNOSIS_WORD: "Diagnose eller helseopplysning",
    FlagKind.MEDICATION: "Legemiddel",
    FlagKind.PERSON_NAME: "Navn på en annen person",
}


@dataclass(frozen=True)
class Flag:
    """Something in the text at ``start:end`` (character offsets), with why it is a risk."""

    kind: FlagKind
    start: int
    end: int
    text: str
    reason: str
    line: int  # 1-based, for showing where
    column: int  # 1-based

    @property
    def key(self) -> str:
        """Identifies the flag in this version of the text (forms post it back)."""
        return f"{self.kind.value}:{self.start}:{self.end}"

    @property
    def label(self) -> str:
        return FLAG_KIND_LABELS[self.kind]


class Resolution(StrEnum):
    REMOVED = "removed"
    KEPT = "kept"


@dataclass(frozen=True)
class FlagResolution:
    key: str
    resolution: Resolution
    reason: str = ""


@dataclass(frozen=True)
class KeptFlag:
    flag: Flag
    reason: str


@dataclass(frozen=True)
class ReviewOutcome:
    """The text after the expert's resolutions, what was kept and why, and what is still open.

    Positions in ``kept`` and ``unresolved`` refer to the text as it was checked, before the
    removals were applied."""

    text: str
    kept: tuple[KeptFlag, ...]
    unresolved: tuple[Flag, ...]
    problems: tuple[RuleViolation, ...] = field(default=())

    @property
    def ready(self) -> bool:
        """True when every flag is removed or kept with a reason: the text may be sent."""
        return not self.unresolved and not self.problems


# --- Fødselsnummer and D-number ----------------------------------------------------------

# 11 digits, optionally written 6 + 5 with a space, not part of a longer number.
_NATIONAL_ID_RE = re.compile(r"(?<![\d.,-])(\d{6})[ \u00a0]?(\d{5})(?![\d,-]|\.\d)")


def _national_id_flags(text: str) -> Iterable[tuple[int, int, FlagKind, str]]:
    for match in _NATIONAL_ID_RE.finditer(text):
        number = match.group(1) + match.group(2)
        if not fodselsnummer.is_valid(number):
            continue  # 11 digits that are no identity number (an account number, say)
        what = "et D-nummer" if number[0] in "4567" else "et fødselsnummer"
        yield (match.start(), match.end(), FlagKind.NATIONAL_ID,
               f"Dette er {what}. Det identifiserer en person direkte og skal ikke stå i teksten; "
               "saken har det allerede. Fjern det.")


# --- Diagnosis codes ---------------------------------------------------------------------

# ICD-10: a letter, two digits, optionally a dot and one or two digits (F32, F32.1, M54.5).
# ICPC-2: a chapter letter and two digits (P76, L03). The two overlap; both are flagged.
# Not flagged: one digit (A4-ark, D3-vitamin), three digits or more (A320), lower case, times.
_CODE_RE = re.compile(r"(?<![\w.,/-])([A-Z])(\d{2})(?:\.(\d{1,2}))?(?![\w]|[.,]\d)")
_ICPC2_CHAPTERS = frozenset("ABDFHKLNPRSTUWXYZ")
# European routes (E6, E18, E39 …) and national roads written with a letter and digits.
_ROAD_WORDS = ("vei", "veg", "europavei", "riksvei", "fylkesvei", "langs", "via", "avkjøring",
               "kjører", "kjørte", "kjøre", "tunnel")


def _looks_like_road(text: str, start: int, end: int, letter: str) -> bool:
    if letter != "E":
        return False
    before = text[max(0, start - 25):start].casefold()
    after = text[end:end + 12].casefold()
    return any(word in before for word in _ROAD_WORDS) or after.startswith(("-tunnel", " ved ",
                                                                            "-veien"))


def _diagnosis_code_flags(text: str) -> Iterable[tuple[int, int, FlagKind, str]]:
    for match in _CODE_RE.finditer(text):
        letter, decimals = match.group(1), match.group(3)
        if _looks_like_road(text, match.start(), match.end(), letter):
            continue
        icd_only = decimals is not None or letter not in _ICPC2_CHAPTERS
        system = "ICD-10" if icd_only else "ICPC-2 eller ICD-10"
        yield (match.start(), match.end(), FlagKind.DIAGNOSIS_CODE,
               f"«{match.group(0)}» ser ut som en diagnosekode ({system}). En diagnose er en "
               "helseopplysning som arbeidsgiveren ikke har krav på. Beskriv heller hvordan "
               "situasjonen påvirker arbeidet.")


# --- Diagnosis and medication words ------------------------------------------------------

_ENDINGS = ("", "en", "et", "er", "ene", "a", "e", "s", "ens", "enes")
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class _Term:
    """One word-list entry (see the header of data/health_terms.nb.tsv)."""

    kind: FlagKind
    word: str  # casefolded, unless an abbreviation in capitals
    head: bool  # «*» in front: may be the tail of a compound
    tail: str  # "any" («*» behind), "exact" («=») or "endings"

    @property
    def case_sensitive(self) -> bool:
        return self.word.isupper()

    def matches(self, token: str) -> bool:
        """Whether the whole word ``token`` (casefolded unless case-sensitive) is this term."""
        if self.word not in token:
            return False
        if self.tail == "any":
            return self.word in token if self.head else token.startswith(self.word)
        forms = ("",) if self.tail == "exact" else _ENDINGS
        if self.head:
            return any(token.endswith(self.word + ending) for ending in forms)
        return any(token == self.word + ending for ending in forms)


@dataclass(frozen=True)
class _TermIndex:
    """The word list arranged so that each word of a text costs a few dictionary look-ups."""

    exact: dict[str, _Term]  # every form of the terms with endings or exact, no «*» in front
    prefixes: dict[str, _Term]  # terms with «*» behind only
    prefix_lengths: tuple[int, ...]
    case_sensitive: dict[str, _Term]
    scanned: tuple[_Term, ...]  # terms with «*» in front: checked one by one
    phrases: tuple[tuple[_Term, re.Pattern[str]], ...]  # terms of several words

    def term_for(self, word: str) -> _Term | None:
        if word in self.case_sensitive:
            return self.case_sensitive[word]
        folded = word.casefold()
        if folded in self.exact:
            return self.exact[folded]
        for length in self.prefix_lengths:
            if length > len(folded):
                break
            term = self.prefixes.get(folded[:length])
            if term is not None:
                return term
        return next((t for t in self.scanned if t.matches(folded)), None)


def _parse_term(kind: FlagKind, raw: str) -> _Term:
    word = raw.strip("*=")
    tail = "any" if raw.endswith("*") else ("exact" if raw.endswith("=") else "endings")
    return _Term(kind, word if word.isupper() else word.casefold(), raw.startswith("*"), tail)


def _phrase_pattern(term: _Term) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in term.word.split())
    tail = r"\w*" if term.tail == "any" else ("" if term.tail == "exact"
                                               else "(?:" + "|".join(_ENDINGS) + ")")
    return re.compile(rf"(?<!\w){body}{tail}(?!\w)", 0 if term.case_sensitive else re.IGNORECASE)


@cache
def health_terms() -> tuple[_Term, ...]:
    """The shipped word list, parsed once per process."""
    source = resources.files("ekspertbistand.domain").joinpath("data/health_terms.nb.tsv")
    terms: list[_Term] = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind_name, term = line.split("\t", 1)
        kind = FlagKind.MEDICATION if kind_name == "medication" else FlagKind.DIAGNOSIS_WORD
        terms.append(_parse_term(kind, term.strip()))
    return tuple(terms)


@cache
def _term_index() -> _TermIndex:
    exact: dict[str, _Term] = {}
    prefixes: dict[str, _Term] = {}
    case_sensitive: dict[str, _Term] = {}
    scanned: list[_Term] = []
    phrases: list[tuple[_Term, re.Pattern[str]]] = []
    for term in health_terms():
        if " " in term.word:
            phrases.append((term, _phrase_pattern(term)))
        elif term.case_sensitive:
            case_sensitive.setdefault(term.word, term)
        elif term.head:
            scanned.append(term)
        elif term.tail == "any":
            prefixes.setdefault(term.word, term)
        else:
            for ending in ("",) if term.tail == "exact" else _ENDINGS:
                exact.setdefault(term.word + ending, term)
    lengths = tuple(sorted({len(word) for word in prefixes}))
    return _TermIndex(exact, prefixes, lengths, case_sensitive, tuple(scanned), tuple(phrases))


def _word_reason(kind: FlagKind, word: str) -> str:
    if kind is FlagKind.MEDICATION:
        return (f"«{word}» er et legemiddel. Hvilke medisiner en person bruker, er "
                "helseopplysninger som arbeidsgiveren ikke skal ha.")
    return (f"«{word}» er en diagnose eller helseopplysning. Skriv heller om hva som påvirker "
            "arbeidet, for eksempel «trenger pauser» eller «tåler ikke tunge løft», uten "
            "diagnosen.")


def _word_flags(text: str) -> Iterable[tuple[int, int, FlagKind, str]]:
    index = _term_index()
    for match in _WORD_RE.finditer(text):
        term = index.term_for(match.group(0))
        if term is not None:
            yield match.start(), match.end(), term.kind, _word_reason(term.kind, match.group(0))
    for term, pattern in index.phrases:
        for match in pattern.finditer(text):
            yield match.start(), match.end(), term.kind, _word_reason(term.kind, match.group(0))


# --- Names of other people ---------------------------------------------------------------

# A capitalised word: an upper-case letter, then at least one lower-case letter; hyphenated
# parts allowed (Anne-Lise, Berg-Hansen).
_CAPITALISED_RE = re.compile(r"(?<![\w-])[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)*(?![\w-])")
_SENTENCE_END = re.compile(r"[.!?:;\n«\"(]\s*$|^\s*$")


@cache
def given_names() -> dict[str, bool]:
    """Given names (casefolded) → True when the name is also an ordinary word (Per, Liv)."""
    source = resources.files("ekspertbistand.domain").joinpath("data/given_names.nb.txt")
    names: dict[str, bool] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names[line.rstrip("?").casefold()] = line.endswith("?")
    return names


def _name_tokens(names: Iterable[str]) -> frozenset[str]:
    tokens: set[str] = set()
    for name in names:
        for token in re.split(r"[\s,]+", name):
            if token:
                tokens.add(unicodedata.normalize("NFC", token).casefold())
    return frozenset(tokens)


def _name_flags(text: str, allowed: frozenset[str]) -> Iterable[tuple[int, int, FlagKind, str]]:
    names = given_names()
    words = list(_CAPITALISED_RE.finditer(text))
    runs: list[list[re.Match[str]]] = []
    for match in words:
        if runs and text[runs[-1][-1].end():match.start()] in (" ", "\u00a0"):
            runs[-1].append(match)
        else:
            runs.append([match])
    for run in runs:
        first = run[0]
        sentence_start = bool(_SENTENCE_END.search(text[max(0, first.start() - 3):first.start()]))
        if sentence_start and (first.group(0).casefold() not in names
                               or names[first.group(0).casefold()]):
            run = run[1:]  # an ordinary word that starts the sentence
        if not run:
            continue
        tokens = [m.group(0).casefold() for m in run]
        if all(token in allowed for token in tokens):
            continue
        if len(run) == 1:
            token = tokens[0]
            ambiguous = names.get(token)
            if ambiguous is None or (ambiguous and sentence_start):
                continue
        span = text[run[0].start():run[-1].end()]
        yield (run[0].start(), run[-1].end(), FlagKind.PERSON_NAME,
               f"«{span}» ser ut som navnet på en person som ikke er med i saken. Opplysninger om "
               "andre, for eksempel kolleger eller familie, skal bare stå i teksten når det trengs, "
               "og helst uten navn (skriv «en kollega»).")


# --- The check and the resolutions -------------------------------------------------------


def _line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in re.finditer("\n", text)]


def _position(line_starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(line_starts, offset)
    return line, offset - line_starts[line - 1] + 1


def check_text(text: str, *, allowed_names: Iterable[str] = ()) -> list[Flag]:
    """Every flag in ``text``, in reading order, without overlaps (the earliest, then the most
    serious kind wins). ``allowed_names`` are the case's participants (employee, employer's
    contact, expert, organisations): their names are not flagged."""
    text = unicodedata.normalize("NFC", text)
    allowed = _name_tokens(allowed_names)
    found = [*_national_id_flags(text), *_diagnosis_code_flags(text), *_word_flags(text),
             *_name_flags(text, allowed)]
    order = list(FlagKind)
    found.sort(key=lambda f: (f[0], order.index(f[2]), -f[1]))
    flags: list[Flag] = []
    covered_to = -1
    line_starts = _line_starts(text)
    for start, end, kind, reason in found:
        if start < covered_to:
            continue
        line, column = _position(line_starts, start)
        flags.append(Flag(kind, start, end, text[start:end], reason, line, column))
        covered_to = end
    return flags


def apply_resolutions(
    text: str,
    resolutions: Mapping[str, FlagResolution] | Iterable[FlagResolution],
    *,
    allowed_names: Iterable[str] = (),
) -> ReviewOutcome:
    """Apply the expert's decisions to the flags of ``text`` (checked again here, so the keys
    always refer to this version). A removed flag is replaced by «[fjernet]»; a kept flag needs
    a reason of at least a few words; a flag with no decision stays unresolved."""
    text = unicodedata.normalize("NFC", text)
    by_key = (dict(resolutions) if isinstance(resolutions, Mapping)
              else {r.key: r for r in resolutions})
    flags = check_text(text, allowed_names=allowed_names)
    kept: list[KeptFlag] = []
    unresolved: list[Flag] = []
    problems: list[RuleViolation] = []
    removals: list[Flag] = []
    for flag in flags:
        decision = by_key.get(flag.key)
        if decision is None:
            unresolved.append(flag)
        elif decision.resolution is Resolution.REMOVED:
            removals.append(flag)
        elif len(decision.reason.strip()) < MIN_KEEP_REASON:
            unresolved.append(flag)
            problems.append(RuleViolation(
                f"reason_{flag.key}",
                f"Skriv hvorfor «{flag.text}» må stå i teksten (minst {MIN_KEEP_REASON} tegn), "
                "eller velg «Fjern».",
                "keep_reason_missing",
            ))
        else:
            kept.append(KeptFlag(flag, decision.reason.strip()))
    for flag in reversed(removals):
        text = text[:flag.start] + REMOVED_MARK + text[flag.end:]
    return ReviewOutcome(text, tuple(kept), tuple(unresolved), tuple(problems))
