"""The answer categories of the application, taken from the 2024 evaluation's survey
(Figur 8 challenges, Figur 9 goals, Figur 10 measures tried, Figur 12 expert competence)
so the service's own data can be compared with it. Keys are stable; labels are Norwegian."""

from __future__ import annotations

CHALLENGES: dict[str, str] = {  # Figur 8
    "mental_health": "Psykiske helseplager",
    "musculoskeletal": "Muskel- og skjelettplager",
    "demanding_life_situation": "Krevende livssituasjon (for eksempel familieforhold eller samlivsbrudd)",
    "exhaustion": "Utmattelse eller utbrenthet",
    "psychosocial_environment": "Utfordringer i det organisatoriske eller psykososiale arbeidsmiljøet",
    "physical_impairment": "Fysisk funksjonsnedsettelse (for eksempel syn, hørsel eller bevegelighet)",
    "cognitive_impairment": "Kognitiv funksjonsnedsettelse (for eksempel hukommelse eller konsentrasjon)",
    "physical_environment": "Utfordringer i det fysiske, kjemiske eller biologiske arbeidsmiljøet",
    "other": "Annet",
}

GOALS: dict[str, str] = {  # Figur 9
    "clarify_work_capacity": "Avklare arbeidsevnen opp mot kravene i stillingen",
    "return_same_position": "Få arbeidstakeren tilbake i sin stilling",
    "clarify_adaptation": "Avklare muligheter for tilrettelegging på nåværende arbeidsplass",
    "return_other_position": "Få arbeidstakeren tilbake i en annen stilling hos dere",
    "clarify_work_elsewhere": "Avklare arbeidstakeren mot annet arbeid et annet sted",
    "resolve_conflict": "Løse opp i en konflikt på arbeidsplassen",
    "other": "Annet",
}

IN_HOUSE_MEASURES: dict[str, str] = {  # Figur 10
    "adapted_tasks": "Tilpasning av arbeidsoppgaver",
    "adapted_hours": "Tilpasning av arbeidstid",
    "physical_adaptation": "Ergonomisk eller fysisk tilrettelegging på arbeidsplassen",
    "bht_followup": "Oppfølging fra bedriftshelsetjenesten",
    "other": "Annet",
}

PUBLIC_SCHEMES: dict[str, str] = {  # rundskrivet: minst disse skal være prøvd eller vurdert
    "oppfolging": "Oppfølging",
    "avklaring": "Avklaring",
    "arbeidsrettet_rehabilitering": "Arbeidsrettet rehabilitering",
}

SCHEME_STATUS: dict[str, str] = {
    "tried": "Prøvd",
    "considered": "Vurdert, men ikke brukt",
}

COMPETENCE_AREAS: dict[str, str] = {  # Figur 12
    "coaching": "Coaching, veiledning og motivering",
    "work_clarification": "Arbeidsavklaring",
    "work_psychology": "Arbeids- og organisasjonspsykologi",
    "occupational_health": "Arbeidshelse",
    "ergonomics_physio": "Ergonomi og fysioterapi",
    "workplace_adaptation": "Tilrettelegging av arbeidsplass",
    "career_guidance": "Karriereveiledning",
    "relational": "Relasjonskompetanse",
    "conflict_management": "Konflikthåndtering",
    "reorganisation": "Omstilling og omorganisering",
    "other": "Annet",
}

SICK_LEAVE_PATTERNS: dict[str, str] = {
    "long": "Langvarig sykefravær",
    "frequent": "Hyppig gjentatt sykefravær",
    "both": "Både langvarig og hyppig gjentatt sykefravær",
}
