"""The expert's report (rapport) as a template with guidance per section (DOMAIN §3.8, §4, §7).

The evaluation found that reports vary, that employers received health details they should not
have, and recommends a template with guidance on what to include and what not (§3.9.3,
§7.3.1). The report goes to the employee first, then to the employer with a copy to NAV; it
explains the causes of the absence as they concern work, without diagnoses, and proposes
measures for the employee, the employer and (optionally) NAV, each with who and by when.

Plain data and rules here; the forms are ``experts/report_forms.py``, the PDF is
``documents/templates/documents/report.html``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from ekspertbistand.domain.errors import RuleViolation
from ekspertbistand.domain.report_privacy import Flag, check_text


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    guidance: str  # what to write
    avoid: str  # what not to write
    required: bool = True


SECTIONS: tuple[Section, ...] = (
    Section(
        "assignment", "Oppdraget",
        "Hva arbeidsgiveren, arbeidstakeren og du ble enige om i oppstartsmøtet: målet med "
        "ekspertbistanden, rollene og hva hver av dere kunne forvente.",
        "Ikke gjenta søknaden. Ikke skriv om sykdomshistorie.",
    ),
    Section(
        "work_done", "Hva er gjort",
        "Fasene i oppdraget med datoer: oppstartsmøte, kartlegging og veiledning, "
        "arbeidsplassvurdering og avslutningsmøte. Hvem som deltok, og hva som ble kartlagt.",
        "Ikke gjengi samtalene. Det arbeidstakeren har fortalt deg i fortrolighet, hører ikke "
        "hjemme her.",
    ),
    Section(
        "causes", "Årsaker til fraværet, slik de gjelder arbeidet",
        "Hva i arbeidet, arbeidsmiljøet eller forholdet mellom arbeid og helse som bidrar til "
        "fraværet, og hva som kan endres. Beskriv funksjon: for eksempel «tåler ikke lange "
        "perioder med tunge løft» eller «trenger forutsigbare vakter».",
        "Ikke skriv diagnoser, diagnosekoder, medisiner eller behandling. Ikke skriv om "
        "familie, økonomi eller andre personer med navn. Arbeidsgiveren har ikke krav på "
        "helseopplysninger.",
    ),
    Section(
        "measures", "Foreslåtte tiltak",
        "Konkrete tiltak for arbeidstakeren og arbeidsgiveren, og eventuelt for NAV. Hvert tiltak "
        "har en ansvarlig og en frist, slik at det kan følges opp etter tre måneder.",
        "Ikke foreslå behandling: ekspertbistand er ikke behandling. Ikke foreslå det "
        "bedriftshelsetjenesten uansett skal gi.",
    ),
    Section(
        "outcome", "Resultat",
        "Hva ekspertbistanden har ført til så langt, valgt fra listen, med en kort forklaring.",
        "Ikke skriv hvordan arbeidstakeren har det helsemessig.",
    ),
    Section(
        "employee_comments", "Arbeidstakerens kommentarer",
        "Arbeidstakeren leser rapporten først og kan skrive kommentarer her før den går til "
        "arbeidsgiveren og NAV.",
        "",
        required=False,
    ),
)
SECTIONS_BY_KEY = {s.key: s for s in SECTIONS}


class Party(StrEnum):
    EMPLOYEE = "employee"
    EMPLOYER = "employer"
    NAV = "nav"


PARTY_LABELS: dict[Party, str] = {
    Party.EMPLOYEE: "Arbeidstakeren",
    Party.EMPLOYER: "Arbeidsgiveren",
    Party.NAV: "NAV",
}

# The provider's list of outcomes (DOMAIN §5, provider page), plus «other» with a note.
OUTCOMES: dict[str, str] = {
    "own_job": "Tilbake i egen stilling",
    "own_job_adapted": "Tilbake i egen stilling med tilrettelegging",
    "own_job_reduced": "Tilbake i egen stilling, med redusert stillingsprosent",
    "other_tasks": "Andre oppgaver eller annen stilling hos arbeidsgiveren",
    "other_tasks_upskilling": "Annen stilling hos arbeidsgiveren, med opplæring eller "
                              "kompetanseheving",
    "education_leave": "Permisjon for utdanning",
    "other_work": "Annet yrke eller annen arbeidsgiver",
    "other": "Annet",
}


@dataclass(frozen=True)
class Measure:
    party: Party
    description: str
    responsible: str  # who carries it out (a role, e.g. «nærmeste leder»)
    due: dt.date | None


@dataclass(frozen=True)
class ReportContent:
    assignment: str
    work_done: str
    causes: str
    measures: tuple[Measure, ...]
    outcome: str
    outcome_note: str = ""
    employee_comments: str = ""

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every free text of the report with where it stands (for the privacy check)."""
        yield "assignment", self.assignment
        yield "work_done", self.work_done
        yield "causes", self.causes
        for index, measure in enumerate(self.measures):
            yield f"measures.{index}.description", measure.description
            yield f"measures.{index}.responsible", measure.responsible
        yield "outcome_note", self.outcome_note
        yield "employee_comments", self.employee_comments


MIN_TEXT = 20  # characters: a required section must say something


def check_report(report: ReportContent, written_on: dt.date) -> list[RuleViolation]:
    """What is missing before the expert can send the report to the employee."""
    problems: list[RuleViolation] = []
    for key in ("assignment", "work_done", "causes"):
        if len(getattr(report, key).strip()) < MIN_TEXT:
            title = SECTIONS_BY_KEY[key].title
            problems.append(RuleViolation(
                key, f"Fyll ut «{title}» (minst {MIN_TEXT} tegn). {SECTIONS_BY_KEY[key].guidance}",
                "section_missing"))
    for party in (Party.EMPLOYEE, Party.EMPLOYER):
        if not any(m.party is party for m in report.measures):
            problems.append(RuleViolation(
                "measures", f"Foreslå minst ett tiltak for {PARTY_LABELS[party].lower()}.",
                f"no_measure_{party.value}"))
    for index, measure in enumerate(report.measures):
        where = f"Tiltak {index + 1} ({PARTY_LABELS[measure.party].lower()})"
        if not measure.description.strip():
            problems.append(RuleViolation(f"measures.{index}.description",
                                          f"{where}: beskriv tiltaket.", "measure_description"))
        if not measure.responsible.strip():
            problems.append(RuleViolation(f"measures.{index}.responsible",
                                          f"{where}: skriv hvem som er ansvarlig.",
                                          "measure_responsible"))
        if measure.due is None:
            problems.append(RuleViolation(f"measures.{index}.due",
                                          f"{where}: skriv fristen som dd.mm.åååå.",
                                          "measure_due"))
        elif measure.due < written_on:
            problems.append(RuleViolation(f"measures.{index}.due",
                                          f"{where}: fristen kan ikke være før i dag.",
                                          "measure_due_past"))
    if report.outcome not in OUTCOMES:
        problems.append(RuleViolation("outcome", "Velg resultatet av ekspertbistanden.",
                                      "outcome_missing"))
    elif report.outcome == "other" and len(report.outcome_note.strip()) < 10:
        problems.append(RuleViolation("outcome_note", "Du valgte «Annet»: forklar resultatet.",
                                      "outcome_note_missing"))
    return problems


def privacy_flags(report: ReportContent, allowed_names: Iterable[str]) -> dict[str, list[Flag]]:
    """The privacy check of every free text of the report, by where it stands; texts without
    flags are left out."""
    names = tuple(allowed_names)
    flags = {where: check_text(text, allowed_names=names) for where, text in report.texts()
             if text}
    return {where: found for where, found in flags.items() if found}
