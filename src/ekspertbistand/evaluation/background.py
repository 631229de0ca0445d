"""Step 1b: Tabell 4 (employers) and Tabell 5 (persons) in the target group (§3.5, §3.6).

Both compare non-recipients with recipients in the report's layout: count and share in
each group, and the difference *non-recipients minus recipients* (the report's sign:
«Kvinne 63,3 % … 76,3 % … −13,0 %»).

*Tabell 4.* A recipient employer is one named on a grant inside the window. A
non-recipient employer is one where a target-group non-recipient had an employment
relationship overlapping the window, and that is not a recipient employer (the report's
two groups do not overlap). The report's Tabell 4 counts 2 737 employers, those of its
survey; this one counts every employer in the register that fits.

*Tabell 5.* Sex, immigrant status, age group and centrality are counted per person; the
diagnosis per sick-leave spell inside the window, as the report does («andelene er
beregnet på bakgrunn av sykefraværstilfeller»). The report's age groups 55–61 and 62–66
cannot be formed from the extract's five-year bands; those ages are shown as 55–59, 60–64
and 65–74, and the groups below 55 are the report's own.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ekspertbistand.evaluation.facts import Prepared
from ekspertbistand.evaluation.io import dates_to_days, day_number
from ekspertbistand.evaluation.schema import (
    CENTRALITY_LABELS,
    DIAGNOSIS_GROUPS,
    ICPC2_CHAPTERS,
    OTHER_DIAGNOSIS_GROUP,
    SIZE_BANDS,
)

# Tabell 4's industries, in its order; every other NACE section is «Annet».
INDUSTRIES = {
    "Q": "Helse- og sosialtjenester",
    "P": "Undervisning",
    "C": "Industri",
    "F": "Bygge- og anleggsvirksomhet",
    "O": "Offentlig administrasjon og forsvar, og trygdeordninger underlagt offentlig forvaltning",
    "G": "Varehandel, reparasjon av motorvogner",
    "M": "Faglig, vitenskapelig og teknisk tjenesteyting",
    "H": "Transport og lagring",
    "N": "Forretningsmessig tjenesteyting",
    "I": "Overnattings- og serveringsvirksomhet",
}
OTHER_INDUSTRY = "Annet"
SECTORS = {"offentlig": "Offentlig", "privat": "Privat"}
SIZE_LABELS = {"10-20": "10 til 20", "21-50": "21 til 50", "51-100": "51 til 100", "over 100": "Over 100"}
# (label, first band, last band) over the extract's five-year bands.
AGE_GROUPS = (
    ("15-24 år", 15, 24),
    ("25-29 år", 25, 29),
    ("30-39 år", 30, 39),
    ("40-54 år", 40, 54),
    ("55-59 år", 55, 59),
    ("60-64 år", 60, 64),
    ("65-74 år", 65, 74),
)


def _rows(
    variable: str, values: list[str], nonrecipient: np.ndarray, recipient: np.ndarray
) -> list[dict[str, object]]:
    n_non, n_rec = max(int(nonrecipient.sum()), 1), max(int(recipient.sum()), 1)
    return [
        {
            "variable": variable,
            "value": value,
            "nonrecipient_n": int(nonrecipient[i]),
            "recipient_n": int(recipient[i]),
            "nonrecipient_share": float(nonrecipient[i] / n_non),
            "recipient_share": float(recipient[i] / n_rec),
            "difference": float(nonrecipient[i] / n_non - recipient[i] / n_rec),
        }
        for i, value in enumerate(values)
    ]


def _counts(codes: np.ndarray, group: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    return (
        np.bincount(codes[~group], minlength=size),
        np.bincount(codes[group], minlength=size),
    )


def _codes(values: np.ndarray, known: list[str]) -> np.ndarray:
    """Position of each value in ``known`` (``len(known)`` for any other), one lookup per value."""
    distinct, inverse = np.unique(values.astype(str), return_inverse=True)
    position = np.array([known.index(v) if v in known else len(known) for v in distinct], dtype=np.int64)
    return position[inverse.ravel()]


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(rows).with_row_index("row", offset=1).with_columns(pl.col("row").cast(pl.Int16))


def employer_table(prepared: Prepared, members: np.ndarray) -> pl.DataFrame:
    """Tabell 4: sector, industry and size of recipient and non-recipient employers."""
    register = prepared.register
    first, last = day_number(prepared.window.start), day_number(prepared.window.end)
    grants = register.grants
    granted = dates_to_days(grants["granted_on"]).astype(np.int64)
    grant_rows = prepared.index(grants["person_id"])
    in_window = (granted >= first) & (granted <= last) & members[grant_rows]
    recipient_employers = np.unique(grants["employer_id"].to_numpy()[in_window])

    person, start, end, _ = prepared.employment
    employment = register.employment
    overlaps = (start <= last) & (end >= first)
    non_recipient = members[person] & ~prepared.treated[person] & overlaps
    other_employers = np.setdiff1d(
        np.unique(employment["employer_id"].to_numpy()[non_recipient]), recipient_employers
    )

    employers = register.employers  # sorted by employer_id
    ids = employers["employer_id"].to_numpy()
    chosen = np.concatenate([other_employers, recipient_employers])
    rows_of = np.searchsorted(ids, chosen)
    is_recipient = np.zeros(chosen.size, dtype=bool)
    is_recipient[other_employers.size :] = True

    rows: list[dict[str, object]] = []
    sector_codes = _codes(employers["sector"].to_numpy()[rows_of], list(SECTORS))
    rows += _rows("Sektor", list(SECTORS.values()), *_counts(sector_codes, is_recipient, len(SECTORS)))
    industry_keys = list(INDUSTRIES)
    industry_codes = _codes(employers["nace_section"].to_numpy()[rows_of], industry_keys)
    rows += _rows(
        "Hovednæring",
        [*INDUSTRIES.values(), OTHER_INDUSTRY],
        *_counts(industry_codes, is_recipient, len(INDUSTRIES) + 1),
    )
    size_codes = _codes(employers["size_band"].to_numpy()[rows_of], list(SIZE_BANDS))
    rows += _rows(
        "Ansatte", [SIZE_LABELS[b] for b in SIZE_BANDS], *_counts(size_codes, is_recipient, len(SIZE_BANDS))
    )
    return _frame(rows)


def _age_group_codes(age_band: pl.Series) -> np.ndarray:
    """Each five-year band's group, parsing each distinct band once."""
    bands = age_band.unique().to_list()
    group = {}
    for band in bands:
        low = int(band.split("-")[0])
        group[band] = next(i for i, (_, first, last) in enumerate(AGE_GROUPS) if first <= low <= last)
    return age_band.replace_strict(group, return_dtype=pl.Int64).to_numpy()


def person_table(prepared: Prepared, members: np.ndarray) -> pl.DataFrame:
    """Tabell 5: sex, immigrant status, age group, diagnosis (per spell) and centrality."""
    people = prepared.register.individuals.filter(pl.Series(members))
    recipient = prepared.treated[members]
    rows: list[dict[str, object]] = []
    female = (people["sex"] == "K").to_numpy()
    rows += _rows("Kjønn", ["Kvinne", "Mann"], *_counts(np.where(female, 0, 1), recipient, 2))
    immigrant = people["immigrant"].to_numpy().astype(bool)
    rows += _rows(
        "Innvandringsstatus", ["Innvandrer", "Norskfødt"], *_counts(np.where(immigrant, 0, 1), recipient, 2)
    )
    rows += _rows(
        "Aldersgruppe",
        [label for label, _, _ in AGE_GROUPS],
        *_counts(_age_group_codes(people["age_band"]), recipient, len(AGE_GROUPS)),
    )
    person, start, end = prepared.sick
    first, last = day_number(prepared.window.start), day_number(prepared.window.end)
    spell = members[person] & (start <= last) & (end >= first)
    groups = list(DIAGNOSIS_GROUPS)
    # Chapter codes (as the matching step reads them), then one lookup per chapter.
    chapter_code = (
        prepared.register.sick_leave["icpc2_chapter"].cast(pl.Enum(ICPC2_CHAPTERS)).to_physical().to_numpy()
    )
    group_of_chapter = np.array(
        [groups.index(c) if c in groups else len(groups) for c in ICPC2_CHAPTERS], dtype=np.int64
    )
    codes = group_of_chapter[chapter_code[spell]]
    rows += _rows(
        "Diagnosekategori (sykefraværstilfeller)",
        [*DIAGNOSIS_GROUPS.values(), OTHER_DIAGNOSIS_GROUP],
        *_counts(codes, prepared.treated[person[spell]], len(groups) + 1),
    )
    centrality = people["centrality"].to_numpy().astype(np.int64) - 1
    rows += _rows(
        "Sentralitet",
        list(CENTRALITY_LABELS.values()),
        *_counts(centrality, recipient, len(CENTRALITY_LABELS)),
    )
    return _frame(rows)
