"""'Passer ekspertbistand for oss?' — the guided check before the form (DOMAIN §3.1–§3.3).

One question a page. Each answer either fits the scheme, means there is something to do
first (talk to NAV, try measures at the workplace, agree with the employee), or means the
scheme cannot be used (no employment, treatment, group measures, no sick-leave history).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    CAN_APPLY = "can_apply"
    DO_FIRST = "do_first"
    NOT_ELIGIBLE = "not_eligible"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    outcome: Outcome
    advice: str = ""  # what to do first and why, or why the scheme does not fit


@dataclass(frozen=True)
class Question:
    key: str  # stable, English: the API's answer keys
    slug: str  # Norwegian, for the page addresses (/passer-det/<slug>/)
    text: str
    explanation: str
    options: tuple[Option, ...]

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


QUESTIONS: tuple[Question, ...] = (
    Question(
        "sick_leave_history",
        "sykefravaer",
        "Har arbeidstakeren hatt langvarig eller hyppig gjentatt sykefravær?",
        "Ekspertbistand er for arbeidstakere med langvarig eller hyppig gjentatt sykefravær. "
        "Personen trenger ikke være sykmeldt nå: dere kan også bruke ordningen for å forebygge "
        "nytt fravær. Langvarig betyr her til sammen minst 8 uker de siste 12 månedene, "
        "eller minst 8 uker sammenhengende.",
        (
            Option("long", "Ja, langvarig fravær", Outcome.CAN_APPLY),
            Option("frequent", "Ja, hyppig gjentatt fravær", Outcome.CAN_APPLY),
            Option("both", "Ja, både langvarig og hyppig", Outcome.CAN_APPLY),
            Option(
                "no", "Nei", Outcome.NOT_ELIGIBLE,
                "Ordningen gjelder bare arbeidstakere med langvarig eller hyppig gjentatt "
                "sykefravær. Snakk med NAV om andre muligheter for å forebygge fravær.",
            ),
        ),
    ),
    Question(
        "employment",
        "arbeidsforhold",
        "Er personen ansatt hos dere?",
        "Det må finnes et arbeidsforhold. Personen kan likevel motta for eksempel "
        "arbeidsavklaringspenger (AAP).",
        (
            Option("yes", "Ja", Outcome.CAN_APPLY),
            Option(
                "no", "Nei", Outcome.NOT_ELIGIBLE,
                "Tilskuddet forutsetter et arbeidsforhold mellom dere og arbeidstakeren. "
                "Uten arbeidsforhold kan dere ikke søke.",
            ),
        ),
    ),
    Question(
        "in_house_measures",
        "tilrettelegging",
        "Har dere prøvd tilrettelegging og oppfølging på arbeidsplassen?",
        "For eksempel tilpassede oppgaver, tilpasset arbeidstid, fysisk tilrettelegging eller "
        "oppfølging fra bedriftshelsetjenesten. Ekspertbistand er for saker der dette ikke "
        "har vært nok.",
        (
            Option("yes", "Ja", Outcome.CAN_APPLY),
            Option(
                "no", "Nei, ikke ennå", Outcome.DO_FIRST,
                "Prøv tilrettelegging og oppfølging på arbeidsplassen først. Ekspertbistand "
                "kommer i tillegg når det dere har prøvd ikke har vært nok.",
            ),
        ),
    ),
    Question(
        "public_schemes",
        "tiltak-fra-nav",
        "Har dere og NAV prøvd eller vurdert andre tiltak?",
        "NAV skal ha prøvd eller vurdert relevante tiltak, som minst Oppfølging, Avklaring og "
        "Arbeidsrettet rehabilitering. NAV hjelper dere med å vurdere dette.",
        (
            Option("yes", "Ja, prøvd eller vurdert", Outcome.CAN_APPLY),
            Option(
                "no", "Nei / vet ikke", Outcome.DO_FIRST,
                "Snakk med NAV om tiltakene Oppfølging, Avklaring og Arbeidsrettet "
                "rehabilitering. De må være prøvd eller vurdert før det kan gis ekspertbistand.",
            ),
        ),
    ),
    Question(
        "nav_contacted",
        "kontakt-med-nav",
        "Har dere snakket med NAV om at dere vil søke?",
        "Arbeidsgiver, arbeidstaker og NAV skal være enige om at ekspertbistand er riktig. "
        "Ta kontakt med NAV Arbeidslivssenter i fylket eller NAV-kontoret før dere søker.",
        (
            Option("yes", "Ja", Outcome.CAN_APPLY),
            Option(
                "no", "Nei", Outcome.DO_FIRST,
                "Kontakt NAV Arbeidslivssenter eller NAV-kontoret før dere søker. NAV må være "
                "enig i at ekspertbistand passer, og kan hjelpe dere med å beskrive behovet.",
            ),
        ),
    ),
    Question(
        "employee_agrees",
        "arbeidstaker-er-enig",
        "Er arbeidstakeren enig i at dere søker om ekspertbistand?",
        "Arbeidstakeren må være med på dette og vil få rapporten fra eksperten. I søknaden "
        "bekrefter arbeidstakeren selv at hen er enig.",
        (
            Option("yes", "Ja, vi har snakket om det", Outcome.CAN_APPLY),
            Option(
                "not_asked", "Vi har ikke snakket om det ennå", Outcome.DO_FIRST,
                "Snakk med arbeidstakeren om hva ekspertbistand er, hva målet er, og hvem som "
                "får se rapporten. Arbeidstakeren kan si nei.",
            ),
            Option(
                "no", "Nei", Outcome.NOT_ELIGIBLE,
                "Ekspertbistand kan bare gis når arbeidstakeren er enig. Snakk gjerne med NAV "
                "om annen hjelp.",
            ),
        ),
    ),
    Question(
        "not_treatment",
        "ikke-behandling",
        "Hva skal eksperten hjelpe med?",
        "Eksperten skal kartlegge situasjonen, forklare årsakene til fraværet og foreslå "
        "tiltak for å komme tilbake i arbeid. Tilskuddet dekker ikke behandling, tiltak for "
        "en gruppe eller kjøp av utstyr.",
        (
            Option("mapping", "Kartlegging, råd og forslag til tiltak for én arbeidstaker",
                   Outcome.CAN_APPLY),
            Option(
                "treatment", "Behandling (for eksempel fysioterapi eller psykologbehandling)",
                Outcome.NOT_ELIGIBLE,
                "Tilskuddet dekker ikke behandling. Behandling hører til helsetjenesten.",
            ),
            Option(
                "group_or_items", "Tiltak for flere ansatte eller kjøp av utstyr",
                Outcome.NOT_ELIGIBLE,
                "Tilskuddet gjelder bare én arbeidstaker og ikke kjøp av utstyr. For "
                "hjelpemidler kan dere kontakte NAV Hjelpemiddelsentral.",
            ),
        ),
    ),
    Question(
        "outside_bht",
        "bedriftshelsetjenesten",
        "Er dette noe bedriftshelsetjenesten deres vanligvis gjør?",
        "Tilskuddet dekker bare hjelp som ligger utenfor det bedriftshelsetjenesten (BHT) "
        "vanligvis gir. En BHT kan likevel være eksperten hvis oppdraget er noe annet enn "
        "det den vanligvis leverer.",
        (
            Option("no", "Nei, dette er utenfor det BHT vanligvis gjør", Outcome.CAN_APPLY),
            Option("no_bht", "Vi har ikke bedriftshelsetjeneste", Outcome.CAN_APPLY),
            Option(
                "yes", "Ja", Outcome.NOT_ELIGIBLE,
                "Det bedriftshelsetjenesten vanligvis gir, må dekkes av avtalen med den. "
                "Spør BHT om hjelpen, eller beskriv hva som er utenfor det den vanligvis gjør.",
            ),
        ),
    ),
)

QUESTIONS_BY_KEY = {q.key: q for q in QUESTIONS}
QUESTIONS_BY_SLUG = {q.slug: q for q in QUESTIONS}


@dataclass(frozen=True)
class Finding:
    question: Question
    option: Option


@dataclass(frozen=True)
class EligibilityResult:
    outcome: Outcome
    findings: tuple[Finding, ...]  # the answers that stop or delay the application
    unanswered: tuple[str, ...]


def assess(answers: Mapping[str, str]) -> EligibilityResult:
    """Judge the answers. Unanswered or unknown answers are reported, never assumed."""
    findings: list[Finding] = []
    unanswered: list[str] = []
    for question in QUESTIONS:
        option = question.option(answers.get(question.key, ""))
        if option is None:
            unanswered.append(question.key)
        elif option.outcome is not Outcome.CAN_APPLY:
            findings.append(Finding(question, option))
    if any(f.option.outcome is Outcome.NOT_ELIGIBLE for f in findings):
        outcome = Outcome.NOT_ELIGIBLE
    elif findings or unanswered:
        outcome = Outcome.DO_FIRST
    else:
        outcome = Outcome.CAN_APPLY
    return EligibilityResult(outcome, tuple(findings), tuple(unanswered))
