"""Demo data for the experts register: the demo experts get their providers (from the fake
Enhetsregisteret), counties and NAV's check; a few more experts without a login fill the public
list, and one waits for NAV's check. Everything goes through the register's actions."""

from __future__ import annotations

from ekspertbistand.cases.models import Expert, User
from ekspertbistand.cases.permissions import Role
from ekspertbistand.experts import actions
from ekspertbistand.experts.models import Provider

CONTACT: dict[str, dict[str, str]] = {
    "910825445": {"email": "post@arbeidshelse-sor.example", "phone": "38001234",
                  "website": "https://arbeidshelse-sor.example"},
    "910825437": {"email": "kontakt@ergonord.example", "phone": "75001234", "website": ""},
    "910825429": {"email": "post@vestland-arbeidsmiljo.example", "phone": "55001234",
                  "website": "https://vestland-arbeidsmiljo.example"},
    "910825410": {"email": "mjos.karriere@example.org", "phone": "", "website": ""},
}
# The logged-in demo experts: orgnr → (counties, HPR number, presentation)
PROFILES: dict[str, tuple[list[str], str, str]] = {
    "910825445": (["42", "11"], "9144889", "Arbeidspsykolog med lang erfaring fra "
                  "tilrettelegging og samtaler om arbeidsevne. Oppstartsmøte innen én uke."),
    "910825437": (["18", "55", "56"], "9105512", "Ergonomi og fysisk tilrettelegging på "
                  "arbeidsplassen, med befaring og konkrete forslag."),
}
# Experts without a login: name, orgnr, competence, education, HPR, counties, presentation,
# checked by NAV
OTHERS = [
    ("Ingvild Sæther", "910825429", ["occupational_health", "work_clarification"],
     "Sykepleier med videreutdanning i arbeidshelse, autorisert", "9230418", ["46"],
     "Bedriftshelsetjeneste med kartlegging av arbeidsmiljø og arbeidsevne.", True),
    ("Henrik Aasen", "910825429", ["conflict_management", "relational"],
     "Psykolog med autorisasjon", "9187325", ["46", "15"],
     "Konflikthåndtering og samtaler mellom leder og arbeidstaker.", True),
    ("Marte Bakken", "910825445", ["career_guidance", "coaching"],
     "Master i karriereveiledning (offentlig godkjent utdanning)", "", ["42"],
     "Karriereveiledning og motivasjon når veien tilbake går til nye oppgaver.", True),
    ("Jo Rustad", "910825410", ["work_clarification", "career_guidance"],
     "Sosionom med autorisasjon", "9001234", ["34"],
     "Avklaring mot annet arbeid, i samarbeid med arbeidsgiveren.", False),
]


def _provider(orgnr: str) -> Provider:
    provider = actions.provider_from_register(orgnr)
    Provider.objects.filter(pk=provider.pk).update(**CONTACT.get(orgnr, {}))
    return provider


def load_register(checker: User) -> None:
    note = "Utdanning og autorisasjon kontrollert (demo)"
    for expert in Expert.objects.filter(provider__isnull=True, user__isnull=False):
        provider = _provider(expert.orgnr)
        counties, hpr, presentation = PROFILES.get(expert.orgnr, ([], "", ""))
        Expert.objects.filter(pk=expert.pk).update(
            provider=provider, counties=counties, authorisation_number=hpr,
            presentation=presentation)
        actions.mark_qualification_checked(checker, Role.ADMIN, expert, note)
    for name, orgnr, areas, education, hpr, counties, presentation, checked in OTHERS:
        provider = _provider(orgnr)
        expert = Expert.objects.create(
            name=name, company=provider.name, orgnr=provider.orgnr, provider=provider,
            competence_areas=areas, education=education, authorisation_number=hpr,
            counties=counties, presentation=presentation)
        if checked:
            actions.mark_qualification_checked(checker, Role.ADMIN, expert, note)
