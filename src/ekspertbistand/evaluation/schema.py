"""The register extract's tables, their columns and the codes they use.

One source of truth for the generator, the validator, the pipeline and
``docs/evaluation-schema.md``. The shape follows the 2024 evaluation's register extract
(evaluation report §2.4.1): anonymous running numbers for people and employers, five-year age
bands, sick-leave spells with an ICPC-2 chapter, employment relationships with agreed weekly
hours, NAV benefits with periods, and the grant receipts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "int", "float", "str", "bool", "date"
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: str | None = None
    person_ref: bool = True
    employer_ref: bool = False
    start_end: tuple[str, str] | None = None
    extra_rules: tuple[str, ...] = field(default_factory=tuple)

    @property
    def file_name(self) -> str:
        return f"{self.name}.parquet"

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


SEXES = ("K", "M")
AGE_BANDS = tuple(f"{low}-{low + 4}" for low in range(15, 75, 5))
CENTRALITY_LABELS = {
    1: "Mest sentrale kommuner",
    2: "Nest mest sentrale kommuner",
    3: "Mellomsentrale kommuner 1",
    4: "Mellomsentrale kommuner 2",
    5: "Nest minst sentrale kommuner",
    6: "Minst sentrale kommuner",
}
# ICPC-2 chapters (one letter). The evaluation's Tabell 5 groups them; see DIAGNOSIS_GROUPS.
ICPC2_CHAPTERS = tuple("ABDFHKLNPRSTUWXYZ")
DIAGNOSIS_GROUPS = {
    "L": "Muskel og skjelettsystemet",
    "R": "Luftveier",
    "P": "Psykisk",
    "N": "Nervesystemet",
    "D": "Fordøyelsessystemet",
    "A": "Allment og uspesifisert",
    "W": "Svangerskap, fødsel og familieplanlegging",
}
OTHER_DIAGNOSIS_GROUP = "Annet"
BENEFITS = ("AAP", "TILTAKSPENGER", "UFORETRYGD", "ALDERSPENSJON")
SECTORS = ("offentlig", "privat")
NACE_SECTIONS = tuple("ABCDEFGHIJKLMNOPQRSTU")
SIZE_BANDS = ("10-20", "21-50", "51-100", "over 100")

# The evaluation's periods (§2.4.1, §5.1).
TARGET_WINDOW_START = dt.date(2019, 9, 1)
TARGET_WINDOW_END = dt.date(2023, 9, 30)
DATA_START = dt.date(2016, 1, 1)
DATA_END = dt.date(2024, 1, 31)
STATUS_YEARS = (2018, 2019, 2020, 2021, 2022, 2023, 2024)
LAST_YEAR_IS_JANUARY = True


class Status(IntEnum):
    """Yearly labour-market status (§5.1), numbered in Tabell 7's order."""

    FULL_TIME = 0
    EMPLOYED = 1
    OLD_AGE_PENSION = 2
    DISABILITY = 3
    AAP = 4
    LONG_TERM_SICK = 5
    UNKNOWN = 6


STATUS_LABELS = {
    Status.FULL_TIME: "Fulltidsarbeid",
    Status.EMPLOYED: "Sysselsatt",
    Status.OLD_AGE_PENSION: "Alderspensjonist",
    Status.DISABILITY: "Ufør",
    Status.AAP: "AAP/Tiltakspenger",
    Status.LONG_TERM_SICK: "Langtidssykemeldt",
    Status.UNKNOWN: "Ukjent",
}
STATUS_LETTERS = {
    Status.FULL_TIME: "F",
    Status.EMPLOYED: "S",
    Status.OLD_AGE_PENSION: "P",
    Status.DISABILITY: "U",
    Status.AAP: "A",
    Status.LONG_TERM_SICK: "L",
    Status.UNKNOWN: "X",
}

INDIVIDUALS = Table(
    name="individuals",
    description="Én rad per person i populasjonen.",
    key="person_id",
    person_ref=False,
    columns=(
        Column("person_id", "int", description="Avidentifisert løpenummer (eller pseudonym)."),
        Column("sex", "str", allowed=SEXES, description="K = kvinne, M = mann."),
        Column(
            "age_band",
            "str",
            allowed=AGE_BANDS,
            description="Femårig aldersgruppe per 1. september 2019, f.eks. «40-44».",
        ),
        Column("immigrant", "bool", description="Innvandrer (sann) eller norskfødt (usann)."),
        Column(
            "centrality",
            "int",
            minimum=1,
            maximum=6,
            description="SSBs sentralitetsklasse for bostedskommunen, 1 = mest sentral.",
        ),
    ),
)
INCOME = Table(
    name="income",
    description="Årlig lønnsinntekt og næringsinntekt; rader bare for år med inntekt.",
    columns=(
        Column("person_id", "int"),
        Column("year", "int", minimum=2016, maximum=2024, description="Inntektsår."),
        Column("wage", "int", minimum=0, description="Lønnsinntekt i kroner."),
        Column("business_income", "int", minimum=0, description="Næringsinntekt i kroner."),
    ),
)
SICK_LEAVE = Table(
    name="sick_leave",
    description="Legemeldte sykefraværstilfeller.",
    start_end=("start", "end"),
    columns=(
        Column("person_id", "int"),
        Column("start", "date", description="Første sykedag."),
        Column("end", "date", description="Siste sykedag (inkludert)."),
        Column(
            "icpc2_chapter",
            "str",
            allowed=ICPC2_CHAPTERS,
            description="Diagnosehovedgruppe, ICPC-2-kapittel (én bokstav).",
        ),
    ),
)
EMPLOYMENT = Table(
    name="employment",
    description=(
        "Arbeidsforhold. Én rad per periode med samme avtalte ukentlige arbeidstid; "
        "en endring i arbeidstid begynner en ny rad."
    ),
    employer_ref=True,
    start_end=("start", "end"),
    columns=(
        Column("person_id", "int"),
        Column("employer_id", "int"),
        Column("start", "date"),
        Column("end", "date", nullable=True, description="Tom = løpende."),
        Column(
            "weekly_hours",
            "float",
            minimum=0,
            maximum=100,
            description="Avtalt arbeidstid i timer per uke.",
        ),
    ),
)
BENEFITS_TABLE = Table(
    name="benefits",
    description="Ytelser fra NAV med perioder.",
    start_end=("start", "end"),
    extra_rules=("grade_for_disability",),
    columns=(
        Column("person_id", "int"),
        Column("benefit", "str", allowed=BENEFITS),
        Column("start", "date"),
        Column("end", "date", nullable=True, description="Tom = løpende."),
        Column(
            "grade",
            "int",
            nullable=True,
            minimum=1,
            maximum=100,
            description="Uføregrad i prosent; påkrevd for UFORETRYGD, ellers tom.",
        ),
    ),
)
GRANTS = Table(
    name="grants",
    description="Mottak av tilskudd til ekspertbistand (behandlingen).",
    employer_ref=True,
    columns=(
        Column("person_id", "int"),
        Column("employer_id", "int"),
        Column("granted_on", "date", description="Dato for tilsagn."),
    ),
)
EMPLOYERS = Table(
    name="employers",
    description="Én rad per virksomhet.",
    key="employer_id",
    person_ref=False,
    columns=(
        Column("employer_id", "int"),
        Column("sector", "str", allowed=SECTORS),
        Column("nace_section", "str", allowed=NACE_SECTIONS, description="Hovednæring (NACE)."),
        Column("size_band", "str", allowed=SIZE_BANDS, description="Antall ansatte."),
    ),
)

TABLES: tuple[Table, ...] = (
    INDIVIDUALS,
    INCOME,
    SICK_LEAVE,
    EMPLOYMENT,
    BENEFITS_TABLE,
    GRANTS,
    EMPLOYERS,
)
TABLES_BY_NAME = {table.name: table for table in TABLES}
