"""The report's plain-language reading, every sentence written from the results.

Nothing here names a status in advance: the sentences pick the largest differences in each
table, say which way they go and give the test that goes with them. A caveat the data
impose (balance outside the rule, a register that does not cover the placebo year) changes
what the reading is allowed to conclude.
"""

from __future__ import annotations

import html

import polars as pl

ALPHA = 0.05


def number(value: float, decimals: int = 0) -> str:
    """Norwegian formatting: no-break space for thousands, comma for decimals."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def percent(share: float, decimals: int = 0) -> str:
    return f"{number(share * 100, decimals)}\u00a0%"


def points(difference: float) -> str:
    value = difference * 100
    sign = "+" if value > 0.5 else ("−" if value < -0.5 else "")
    return f"{sign}{number(abs(value))}"


def p_number(p: float) -> str:
    """A p-value with four decimals; below 0.0001 it is «< 0,0001», never «0,0000»."""
    if p < 0.0001:
        return "< 0,0001"
    return number(p, 4)


def p_text(p: float) -> str:
    value = p_number(p)
    return f"p {value}" if value.startswith("<") else f"p = {value}"


def p_html(p: float) -> str:
    """``p_text`` for HTML: «p < 0,0001» with the «<» escaped."""
    return html.escape(p_text(p))


def p_number_html(p: float) -> str:
    return html.escape(p_number(p))


def largest_differences(table: pl.DataFrame, top: int = 2, floor: float = 0.01) -> list[dict[str, object]]:
    """The ``top`` statuses with the largest |difference| (at least ``floor``), largest first."""
    rows = (
        table.with_columns(pl.col("difference").abs().alias("_size"))
        .filter(pl.col("_size") >= floor)
        .sort(["_size", "status_code"], descending=[True, False])
        .head(top)
    )
    return list(rows.iter_rows(named=True))


def _difference_phrase(row: dict[str, object], subject: str = "mottakerne") -> str:
    more = float(row["difference"]) > 0  # type: ignore[arg-type]
    return (
        f"{'flere' if more else 'færre'} av {subject} i «{row['status']}» "
        f"({percent(float(row['recipient_share']))} mot {percent(float(row['control_share']))}, "  # type: ignore[arg-type]
        f"{points(float(row['difference']))} prosentpoeng)"  # type: ignore[arg-type]
    )


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " og " + parts[-1]


def main_reading(tabell7: pl.DataFrame, chi: pl.DataFrame, pairs: int, balanced: bool) -> str:
    sentences = []
    for year, label in ((2023, "I 2023"), (2024, "I januar 2024")):
        rows = largest_differences(tabell7.filter(pl.col("year") == year))
        test = chi.filter(pl.col("year") == year).row(0, named=True)
        p = float(test["p_value"])
        verdict = "neppe tilfeldig" if p < ALPHA else "ikke sikker nok til å utelukke tilfeldigheter"
        if rows:
            sentences.append(
                f"{label} var det {_join([_difference_phrase(r) for r in rows])} enn i kontrollgruppen. "
                f"Kjikvadrattesten av hele fordelingen gir χ² = {number(float(test['chi_square']), 1)}, "
                f"{p_html(p)}: forskjellen er {verdict}."
            )
        else:
            sentences.append(f"{label} skilte ingen status seg ut med mer enn 1 prosentpoeng ({p_html(p)}).")
    text = f"<p>Blant {number(pairs)} matchede par: " + " ".join(sentences) + "</p>"
    if not balanced:
        text += (
            "<p><strong>Forbehold:</strong> Balansen etter matching holder ikke regelen "
            "(|SMD| under 0,1). Sammenligningen er ikke troverdig før modellen er rettet; tallene "
            "over viser hvordan gruppene skiller seg, ikke hva tilskuddet gjør.</p>"
        )
    return text


def placebo_reading(placebo: pl.DataFrame) -> str:
    test = placebo.row(0, named=True)
    p = float(test["p_value"])
    sick_known = bool(test.get("long_term_sick_known", True))
    scope = (
        ""
        if sick_known
        else " Uttrekket har ikke sykefravær for 2018, så testen sammenligner bare det det dekker "
        "(ytelser og arbeidstid); «Langtidssykemeldt» er ikke med."
    )
    rows = largest_differences(placebo)
    where = _join([_difference_phrase(r) for r in rows])
    test_text = f"χ² = {number(float(test['chi_square']), 1)}, df = {test['dof']}, {p_html(p)}"
    if p < ALPHA:
        found = f" Størst var forskjellen i at det var {where}." if rows else ""
        return (
            "<p><strong>Placebotest:</strong> Allerede i 2018 – før noen i datagrunnlaget hadde fått "
            f"tilskudd – skilte de matchede gruppene seg fra hverandre ({test_text}).{found}{scope} "
            "Tilskuddet kan ikke ha forårsaket en forskjell som fantes før det ble gitt: matchingen "
            "har ikke gjort gruppene sammenlignbare på det som betyr noe for utfallet, og i hvert fall "
            "en del av forskjellen i 2023–2024 kan skyldes det samme.</p>"
        )
    found = f" Største forskjell: {where}." if rows else ""
    return (
        "<p><strong>Placebotest:</strong> I 2018, før noen fikk tilskudd, finner vi ingen sikker "
        f"forskjell mellom de matchede gruppene ({test_text}).{found}{scope} Det styrker tilliten til "
        "sammenligningen, men utelukker ikke forskjeller som oppstår mellom 2018 og tildelingen.</p>"
    )


def sick_leave_placebo_reading(table: pl.DataFrame | None) -> str:
    """The placebo on sick leave in the covered months before the window, if there are any."""
    if table is None or table.is_empty():
        return ""
    from ekspertbistand.evaluation.report_sections import date_text

    first = table.row(0, named=True)
    p = float(first["p_value"])
    period = f"{date_text(first['first_day'])}–{date_text(first['last_day'])}"
    rows = sorted(
        table.iter_rows(named=True), key=lambda r: (-abs(float(r["difference"])), int(r["band_code"]))
    )
    top = rows[0]
    more = float(top["difference"]) > 0
    means = (
        f"i snitt {number(float(first['recipient_mean_days']), 1)} sykedager for mottakerne mot "
        f"{number(float(first['control_mean_days']), 1)} for kontrollene"
    )
    test_text = f"χ² = {number(float(first['chi_square']), 1)}, df = {first['dof']}, {p_html(p)}"
    verdict = (
        "Gruppene var altså ulike før noen kunne ha fått tilskudd."
        if p < ALPHA
        else "Det er ingen sikker forskjell før noen kunne ha fått tilskudd."
    )
    return (
        f"<p><strong>Placebotest på sykefravær før perioden ({period}):</strong> {means}. Den største "
        f"forskjellen er at {'flere' if more else 'færre'} av mottakerne hadde {top['band']} "
        f"({percent(float(top['recipient_share']))} mot {percent(float(top['control_share']))}; "
        f"{test_text}). {verdict}</p>"
    )


def rosenbaum_reading(rosenbaum: pl.DataFrame, placebo_significant: bool) -> str:
    critical = rosenbaum.filter("critical").row(0, named=True)
    gamma = float(critical["gamma"])
    control_only, recipient_only = int(critical["pairs_control_only"]), int(critical["pairs_recipient_only"])
    if gamma <= 1.0:
        return (
            "<p><strong>Følsomhetsanalyse (Rosenbaum):</strong> Forskjellen i fulltidsarbeid i januar "
            "2024 er ikke signifikant i parene selv uten skjulte skjevheter, så det trengs ingen skjult "
            "faktor for å forklare den.</p>"
        )
    strength = "svært lite" if gamma < 1.3 else ("en moderat" if gamma < 2.0 else "en ganske sterk")
    who = "kontrollen" if control_only > recipient_only else "mottakeren"
    return (
        f"<p><strong>Følsomhetsanalyse (Rosenbaum):</strong> Av {number(control_only + recipient_only)} "
        f"par der bare den ene var i fulltidsarbeid i januar 2024, var det kontrollen i "
        f"{number(control_only)} og mottakeren i {number(recipient_only)}, oftest {who}. Forskjellen "
        f"slutter å være signifikant (5 %-nivå) ved Γ = {number(gamma, 2)}: en uobservert egenskap som "
        f"gjør den ene i et par {number(gamma, 2)} ganger så tilbøyelig til å få tilskudd som den andre, "
        f"og som samtidig henger sammen med utfallet, ville være nok til å forklare hele forskjellen. "
        f"Det er {strength} skjevhet"
        + (", og placebotesten viser at en skjevhet faktisk finnes." if placebo_significant else ".")
        + "</p>"
    )


def verdict(balanced: bool, placebo_significant: bool, gamma: float) -> str:
    if not balanced:
        body = (
            "Balansen etter matching er ikke god nok til at Tabell 7 kan leses som en sammenligning "
            "av like grupper. Modellen må rettes før resultatet brukes."
        )
    elif placebo_significant:
        body = (
            "Placebotesten viser at de matchede gruppene var ulike allerede før tilskuddet, og "
            f"følsomhetsanalysen at en skjult faktor med Γ ≈ {number(gamma, 1)} er nok til å forklare "
            "forskjellen. Resultatet viser hvem som får tilskuddet, ikke hva det gjør."
        )
    else:
        body = (
            f"Forskjellen tåler en skjult faktor opp til Γ ≈ {number(gamma, 1)}, og placebotesten finner "
            "ingen forskjell før tilskuddet. Det er et sterkere grunnlag enn evalueringen hadde, men "
            "fortsatt ikke et bevis for årsakssammenheng."
        )
    return f"<p><strong>Samlet:</strong> {body}</p>"


CAUTION = (
    "<p>Som evalueringen fra 2024 påpeker, kan forskjellen ikke uten videre leses som en effekt av "
    "tilskuddet. Matchingen gjør gruppene like bare på det registrene viser (kjønn, alder, "
    "innvandringsstatus, bosted, diagnose, tidligere arbeidstid og ytelser, og tidligere sykefravær "
    "der uttrekket har det). Er sykefraværssakene til mottakerne mer alvorlige eller sammensatte på "
    "måter registrene ikke fanger, vil de gå dårligere uansett tilskudd («utelatt "
    "variabel-skjevhet»).</p>"
)


def reading(
    t: dict[str, pl.DataFrame], balanced: bool, sick_placebo: pl.DataFrame | None = None
) -> dict[str, str]:
    """The plain-language findings, as HTML paragraphs."""
    placebo = t["placebo"]
    placebo_significant = float(placebo["p_value"][0]) < ALPHA
    if sick_placebo is not None and not sick_placebo.is_empty():
        placebo_significant = placebo_significant or float(sick_placebo["p_value"][0]) < ALPHA
    gamma = float(t["rosenbaum"].filter("critical")["gamma"][0])
    return {
        "main": main_reading(t["tabell7"], t["chi_square"], t["matches"].height, balanced),
        "caution": CAUTION,
        "placebo": placebo_reading(placebo) + sick_leave_placebo_reading(sick_placebo),
        "rosenbaum": rosenbaum_reading(t["rosenbaum"], placebo_significant),
        "verdict": verdict(balanced, placebo_significant, gamma),
    }
