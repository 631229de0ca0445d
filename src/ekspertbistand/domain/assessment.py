"""The conditions NAV assesses before granting (DOMAIN §3.1–§3.4, forskrift § 4 and § 6).

Each condition names where it comes from and which answers in the application bear on it,
so the case worker sees the employer's answer beside their own assessment. A rejection lists
the conditions assessed as not met.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    NOT_ASSESSED = "not_assessed"
    MET = "met"
    NOT_MET = "not_met"


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.NOT_ASSESSED: "Ikke vurdert",
    Verdict.MET: "Oppfylt",
    Verdict.NOT_MET: "Ikke oppfylt",
}


@dataclass(frozen=True)
class Condition:
    key: str
    text: str
    source: str
    # (application step slug, field name) of the answers that bear on the condition; a field
    # the application no longer asks is left out.
    answers: tuple[tuple[str, str], ...]


CONDITIONS: tuple[Condition, ...] = (
    Condition("target_group",
              "Arbeidstakeren har langvarig og/eller hyppig gjentatt sykefravær "
              "(eller slik historikk, ved forebygging)",
              "forskrift § 2, DOMAIN §3.1",
              (("arbeidstaker", "sick_leave_pattern"), ("arbeidstaker", "on_sick_leave_now"))),
    Condition("employment", "Det finnes et arbeidsforhold mellom arbeidsgiver og arbeidstaker",
              "forskrift § 2, DOMAIN §3.1",
              (("arbeidstaker", "position_title"), ("arbeidstaker", "work_tasks"),
               ("arbeidstaker", "position_percent"), ("arbeidstaker", "employed_since"))),
    Condition("in_company_measures",
              "Tilrettelegging og oppfølging på arbeidsplassen er prøvd",
              "forskrift § 4, DOMAIN §3.2",
              (("tiltak", "in_house_measures"), ("tiltak", "in_house_description"))),
    Condition("public_schemes",
              "Relevante offentlige tiltak er prøvd eller vurdert (minst Oppfølging, "
              "Avklaring og Arbeidsrettet rehabilitering)",
              "forskrift § 4, rundskrivet, DOMAIN §3.2",
              (("tiltak", "scheme_oppfolging"), ("tiltak", "scheme_oppfolging_note"),
               ("tiltak", "scheme_avklaring"), ("tiltak", "scheme_avklaring_note"),
               ("tiltak", "scheme_arbeidsrettet_rehabilitering"),
               ("tiltak", "scheme_arbeidsrettet_rehabilitering_note"))),
    Condition("agreement",
              "Arbeidsgiver, arbeidstaker og NAV er enige om at ekspertbistand er riktig, "
              "og NAV ble kontaktet før søknaden",
              "forskrift § 4, DOMAIN §3.2",
              (("bht-og-nav", "nav_contact_name"), ("bht-og-nav", "nav_contact_date"))),
    Condition("individual_case",
              "Gjelder én arbeidstaker (ikke gruppetiltak eller kjøp av utstyr)",
              "forskrift § 4, DOMAIN §3.2",
              (("behov", "goals"), ("behov", "need_description"))),
    Condition("not_treatment", "Bistanden er ikke behandling", "forskrift § 4, DOMAIN §3.2",
              (("behov", "need_description"), ("ekspert", "planned_assistance"))),
    Condition("outside_bht",
              "Bistanden ligger utenfor det bedriftshelsetjenesten normalt gir",
              "forskrift § 4, DOMAIN §3.2",
              (("bht-og-nav", "has_bht"), ("bht-og-nav", "outside_bht_reason"))),
    Condition("applied_before_start", "Søknaden ble sendt før bistanden startet",
              "forskrift § 6, DOMAIN §3.3", (("periode", "start_date"),)),
    Condition("expert_qualified",
              "Eksperten har offentlig godkjent utdanning eller autorisasjon og kompetanse "
              "på helse og arbeid",
              "forskrift § 3, DOMAIN §3.4",
              (("ekspert", "expert_name"), ("ekspert", "expert_competence"),
               ("ekspert", "expert_education"))),
)
CONDITIONS_BY_KEY: dict[str, Condition] = {c.key: c for c in CONDITIONS}


def not_met(verdicts: Mapping[str, Verdict]) -> list[Condition]:
    """The conditions assessed as not met, in checklist order."""
    return [c for c in CONDITIONS if verdicts.get(c.key) == Verdict.NOT_MET]


def unassessed(verdicts: Mapping[str, Verdict]) -> list[Condition]:
    return [c for c in CONDITIONS
            if verdicts.get(c.key, Verdict.NOT_ASSESSED) == Verdict.NOT_ASSESSED]


def all_met(verdicts: Mapping[str, Verdict]) -> bool:
    """A grant needs every condition assessed as met."""
    return all(verdicts.get(c.key) == Verdict.MET for c in CONDITIONS)
