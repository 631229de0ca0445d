"""Step 7: the report, HTML and PDF (WeasyPrint), from the result tables and figures.

The plain-language reading is written from the numbers: what Tabell 7 shows, the 2024
evaluation's own caution about unobserved differences, and what the placebo test and the
Rosenbaum bounds add.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import polars as pl

from ekspertbistand.evaluation.schema import STATUS_LABELS, Status

ALPHA = 0.05

CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #23262a;
       line-height: 1.4; max-width: 60em; margin: 0 auto; }
h1 { font-size: 18pt; color: #0067c5; margin-bottom: 0.2em; }
h2 { font-size: 13pt; color: #0067c5; margin-top: 1.4em; border-bottom: 1px solid #ccd;
     page-break-after: avoid; }
h3 { font-size: 11pt; page-break-after: avoid; }
table { border-collapse: collapse; margin: 0.6em 0 1em; page-break-inside: avoid;
        font-size: 8.5pt; max-width: 100%; }
th, td { padding: 2px 8px; border-bottom: 1px solid #dde; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #eef3f9; }
tr.year td { font-weight: bold; background: #f7f7f7; text-align: left; }
figure { margin: 0.8em 0; page-break-inside: avoid; }
figure img { max-width: 100%; }
figcaption { font-size: 9pt; color: #555; }
.summary { background: #f1f6fb; border-left: 4px solid #0067c5; padding: 0.4em 1em; }
.caution { background: #fff6e5; border-left: 4px solid #c77300; padding: 0.4em 1em; }
.muted { color: #555; font-size: 9pt; }
"""


def number(value: float, decimals: int = 0) -> str:
    """Norwegian formatting: thin space for thousands, comma for decimals."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",")


def percent(share: float, decimals: int = 0) -> str:
    return f"{number(share * 100, decimals)}\u00a0%"


def points(difference: float) -> str:
    value = difference * 100
    sign = "+" if value > 0.5 else ("−" if value < -0.5 else "")
    return f"{sign}{number(abs(value))}"


def p_text(p: float) -> str:
    if p < 0.001:
        return "p < 0,001"
    return f"p = {number(p, 3)}"


def _table(headers: list[str], rows: list[list[str]], year_rows: set[int] | None = None) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        if year_rows and i in year_rows:
            body.append(f'<tr class="year"><td colspan="{len(headers)}">{row[0]}</td></tr>')
        else:
            body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _tables(out_dir: Path) -> dict[str, pl.DataFrame]:
    names = (
        "target_group",
        "state_distribution",
        "sequences",
        "matches",
        "balance",
        "tabell7",
        "chi_square",
        "placebo",
        "rosenbaum",
    )
    tables = {}
    for name in names:
        path = out_dir / "tables" / f"{name}.parquet"
        if not path.exists():
            from ekspertbistand.evaluation.pipeline import MissingStepError

            raise MissingStepError(f"Fant ikke {path}. Kjør «ekspertbistand-eval run» før rapporten lages.")
        tables[name] = pl.read_parquet(path)
    return tables


def _share(frame: pl.DataFrame, year: int, status: Status, column: str) -> float:
    row = frame.filter((pl.col("year") == year) & (pl.col("status_code") == int(status)))
    return float(row[column][0])


def reading(t: dict[str, pl.DataFrame]) -> dict[str, str]:
    """The plain-language findings, as HTML paragraphs."""
    tabell7, chi, placebo, rosenbaum = t["tabell7"], t["chi_square"], t["placebo"], t["rosenbaum"]
    pairs = t["matches"].height
    ft_c = _share(tabell7, 2024, Status.FULL_TIME, "control_share")
    ft_r = _share(tabell7, 2024, Status.FULL_TIME, "recipient_share")
    aap_c = _share(tabell7, 2024, Status.AAP, "control_share")
    aap_r = _share(tabell7, 2024, Status.AAP, "recipient_share")
    ft23_c = _share(tabell7, 2023, Status.FULL_TIME, "control_share")
    ft23_r = _share(tabell7, 2023, Status.FULL_TIME, "recipient_share")
    p23 = float(chi.filter(pl.col("year") == 2023)["p_value"][0])
    p24 = float(chi.filter(pl.col("year") == 2024)["p_value"][0])
    significant = p23 < ALPHA and p24 < ALPHA
    main = (
        f"<p>Blant {number(pairs)} matchede par var {percent(ft_r)} av mottakerne i "
        f"fulltidsarbeid i januar 2024, mot {percent(ft_c)} i kontrollgruppen "
        f"({points(ft_r - ft_c)} prosentpoeng). I 2023 var tallene {percent(ft23_r)} og "
        f"{percent(ft23_c)}. {percent(aap_r)} av mottakerne og {percent(aap_c)} av kontrollene "
        f"mottok AAP eller tiltakspenger i januar 2024. Kjikvadrattesten gir {p_text(p23)} for "
        f"2023 og {p_text(p24)} for januar 2024: forskjellene er "
        f"{'neppe tilfeldige' if significant else 'ikke sikre nok til å utelukke tilfeldigheter'}"
        ".</p>"
    )
    caution = (
        "<p>Som evalueringen fra 2024 påpeker, kan forskjellen ikke uten videre leses som en "
        "effekt av tilskuddet. Matchingen gjør gruppene like bare på det registrene viser "
        "(kjønn, alder, innvandringsstatus, bosted, diagnose, tidligere sykefravær, "
        "arbeidstid og ytelser). Er sykefraværssakene til mottakerne mer alvorlige eller "
        "sammensatte på måter registrene ikke fanger, vil de gå dårligere uansett tilskudd "
        "(«utelatt variabel-skjevhet»).</p>"
    )
    p_placebo = float(placebo["p_value"][0])
    sick_row = placebo.filter(pl.col("status_code") == int(Status.LONG_TERM_SICK)).row(0, named=True)
    full_row = placebo.filter(pl.col("status_code") == int(Status.FULL_TIME)).row(0, named=True)
    if p_placebo < ALPHA:
        placebo_text = (
            f"<p><strong>Placebotest:</strong> Allerede i 2018 – før noen i datagrunnlaget "
            f"hadde fått tilskudd – skilte de matchede gruppene seg fra hverandre "
            f"({p_text(p_placebo)}). {percent(sick_row['recipient_share'])} av mottakerne var "
            f"langtidssykemeldte i 2018, mot {percent(sick_row['control_share'])} av "
            f"kontrollene, og {percent(full_row['recipient_share'])} mot "
            f"{percent(full_row['control_share'])} var i fulltidsarbeid. Tilskuddet kan ikke "
            "ha forårsaket en forskjell som fantes før det ble gitt. Matchingen har altså ikke "
            "gjort gruppene sammenlignbare på det som betyr noe for utfallet, og i hvert fall "
            "en del av forskjellen i 2023–2024 skyldes trolig at mottakerne var sykere fra "
            "før.</p>"
        )
    else:
        placebo_text = (
            f"<p><strong>Placebotest:</strong> I 2018, før noen fikk tilskudd, finner vi ingen "
            f"sikker forskjell mellom de matchede gruppene ({p_text(p_placebo)}; langtidssykemeldte "
            f"{percent(sick_row['recipient_share'])} mot {percent(sick_row['control_share'])}). "
            "Det styrker tilliten til sammenligningen, men utelukker ikke forskjeller som "
            "oppstår mellom 2018 og tildelingen.</p>"
        )
    critical = rosenbaum.filter("critical").row(0, named=True)
    gamma = float(critical["gamma"])
    d = int(critical["pairs_control_only"] + critical["pairs_recipient_only"])
    if gamma <= 1.0:
        rosen_text = (
            "<p><strong>Følsomhetsanalyse (Rosenbaum):</strong> Forskjellen i fulltidsarbeid i "
            "januar 2024 er ikke signifikant i parene selv uten skjulte skjevheter, så det "
            "trengs ingen skjult faktor for å forklare den.</p>"
        )
    else:
        strength = "svært lite" if gamma < 1.3 else ("en moderat" if gamma < 2.0 else "en ganske sterk")
        rosen_text = (
            f"<p><strong>Følsomhetsanalyse (Rosenbaum):</strong> Av {number(d)} par der bare "
            f"den ene var i fulltidsarbeid i januar 2024, var det kontrollen i "
            f"{number(critical['pairs_control_only'])} og mottakeren i "
            f"{number(critical['pairs_recipient_only'])}. Forskjellen slutter å være "
            f"signifikant (5 %-nivå) ved Γ = {number(gamma, 2)}: en uobservert egenskap som "
            f"gjør den ene i et par {number(gamma, 2)} ganger så tilbøyelig til å få tilskudd "
            f"som den andre, og som samtidig henger sammen med utfallet, ville være nok til å "
            f"forklare hele forskjellen. Det er {strength} skjevhet"
            + (", og placebotesten viser at en slik skjevhet faktisk finnes." if p_placebo < ALPHA else ".")
            + "</p>"
        )
    verdict = (
        "<p><strong>Samlet:</strong> Tabell 7 viser at mottakerne går dårligere enn "
        "kontrollgruppen, men "
        + (
            "placebotesten viser at de gikk dårligere allerede før tilskuddet, og "
            f"følsomhetsanalysen at en skjult faktor med Γ ≈ {number(gamma, 1)} er nok. "
            "Resultatet bør derfor ikke leses som at tilskuddet svekker tilknytningen til "
            "arbeidslivet; det viser hvem som får tilskuddet, ikke hva det gjør."
            if p_placebo < ALPHA
            else f"forskjellen tåler en skjult faktor opp til Γ ≈ {number(gamma, 1)}, og "
            "placebotesten finner ingen forskjell før tilskuddet. Det er et sterkere grunnlag "
            "enn evalueringen hadde, men fortsatt ikke et bevis for årsakssammenheng."
        )
        + "</p>"
    )
    return {
        "main": main,
        "caution": caution,
        "placebo": placebo_text,
        "rosenbaum": rosen_text,
        "verdict": verdict,
    }


def _tabell7_html(tabell7: pl.DataFrame, chi: pl.DataFrame) -> str:
    rows: list[list[str]] = []
    year_rows: set[int] = set()
    for year in (2023, 2024):
        year_rows.add(len(rows))
        test = chi.filter(pl.col("year") == year).row(0, named=True)
        label = "2023" if year == 2023 else "Januar 2024"
        rows.append(
            [f"{label} (χ² = {number(test['chi_square'], 1)}, df = {test['dof']}, {p_text(test['p_value'])})"]
        )
        for row in tabell7.filter(pl.col("year") == year).sort("status_code").iter_rows(named=True):
            rows.append(
                [
                    html.escape(row["status"]),
                    number(row["control_n"]),
                    number(row["recipient_n"]),
                    percent(row["control_share"]),
                    percent(row["recipient_share"]),
                    points(row["difference"]),
                ]
            )
    return _table(
        [
            "Status",
            "Kontroll (n)",
            "Mottakere (n)",
            "Kontroll (%)",
            "Mottakere (%)",
            "Differanse (pp)",
        ],
        rows,
        year_rows,
    )


def build_html(out_dir: Path) -> str:
    t = _tables(out_dir)
    texts = reading(t)
    target = t["target_group"]
    in_group = target.filter("in_target_group")
    recipients = int(in_group["recipient"].sum())
    pairs = t["matches"].height
    balance = t["balance"]
    max_before = float(balance["smd_before"].abs().max())
    max_after = float(balance["smd_after"].abs().max())

    balance_rows = [
        [
            html.escape(r["label"]),
            number(r["mean_recipients"], 2),
            number(r["mean_controls_before"], 2),
            number(r["mean_controls_after"], 2),
            number(r["smd_before"], 3),
            number(r["smd_after"], 3),
        ]
        for r in balance.iter_rows(named=True)
    ]
    sequence_rows = [
        [
            html.escape(r["group"]),
            str(r["rank"]),
            f"<code>{html.escape(r['sequence'])}</code>",
            number(r["n"]),
            percent(r["share"], 1),
        ]
        for r in t["sequences"].iter_rows(named=True)
    ]
    placebo_rows = [
        [
            html.escape(r["status"]),
            number(r["control_n"]),
            number(r["recipient_n"]),
            percent(r["control_share"]),
            percent(r["recipient_share"]),
            points(r["difference"]),
        ]
        for r in t["placebo"].sort("status_code").iter_rows(named=True)
    ]
    placebo_test = t["placebo"].row(0, named=True)
    rosenbaum_rows = [
        [
            ("<strong>Γ* = " if r["critical"] else "")
            + number(r["gamma"], 2)
            + ("</strong>" if r["critical"] else ""),
            number(r["p_upper"], 4),
        ]
        for r in t["rosenbaum"].iter_rows(named=True)
    ]
    legend = ", ".join(
        f"{letter} = {STATUS_LABELS[status]}"
        for status, letter in (
            (Status.FULL_TIME, "F"),
            (Status.EMPLOYED, "S"),
            (Status.OLD_AGE_PENSION, "P"),
            (Status.DISABILITY, "U"),
            (Status.AAP, "A"),
            (Status.LONG_TERM_SICK, "L"),
            (Status.UNKNOWN, "X"),
        )
    )
    timings_note = ""
    timings_path = out_dir / "timings.json"
    if timings_path.exists():
        timings = json.loads(timings_path.read_text())
        if "analysis_total" in timings:
            timings_note = (
                f" Analysen (steg 1–6, med innlesing og kontroll av data) tok "
                f"{number(timings['analysis_total'], 1)} sekunder."
            )

    return f"""<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<title>Utfall for mottakere av tilskudd til ekspertbistand</title>
<style>{CSS}</style>
</head>
<body>
<h1>Utfall for mottakere av tilskudd til ekspertbistand</h1>
<p class="muted">Registeranalyse etter metoden i evalueringen fra 2024 (kapittel 2.4 og 5.1),
med placebotest og følsomhetsanalyse i tillegg.{timings_note}</p>

<h2>Hovedfunn</h2>
<div class="summary">{texts["main"]}{texts["placebo"]}{texts["rosenbaum"]}{texts["verdict"]}</div>
<div class="caution">{texts["caution"]}</div>

<h2>Datagrunnlag og målgruppe</h2>
<p>Registeret har {number(target.height)} personer. {number(in_group.height)} er i
målgruppen: minst 8 uker sykefravær til sammen innenfor 12 måneder eller minst 8 uker
sammenhengende mellom september 2019 og september 2023, eller mottaker av tilskuddet.
{number(recipients)} er mottakere.</p>

<h2>Arbeidsmarkedsstatus per år (Figur 21)</h2>
<figure><img src="figures/figur21.png" alt="Stablede søyler med andel i hver
arbeidsmarkedsstatus per år 2018–januar 2024, mottakere øverst og ikke-mottakere nederst.">
<figcaption>Status per år etter evalueringens definisjoner. 2024 gjelder bare januar.
Statusene er rangert: alderspensjon, uføretrygd, AAP/tiltakspenger, langtidssykemelding
(minst 40 sykedager i året, minst 20 i januar 2024), fulltidsarbeid (minst 32 timer i uken i
snitt), sysselsatt, ukjent.</figcaption></figure>
<h3>De vanligste forløpene 2018–januar 2024</h3>
<p class="muted">{html.escape(legend)}.</p>
{_table(["Gruppe", "Nr.", "Forløp", "Antall", "Andel"], sequence_rows)}

<h2>Matching</h2>
<p>Propensity score fra logistisk regresjon på tolv bakgrunnsvariabler og historikk fra
2016–2017. Hver mottaker får den nærmeste ubrukte ikke-mottakeren innenfor 0,01 på
scoren (1:1, uten tilbakelegging). {number(pairs)} av {number(recipients)} mottakere fikk en
kontroll. Største absolutte standardiserte forskjell (SMD) falt fra
{number(max_before, 3)} før til {number(max_after, 3)} etter matching (under 0,1 regnes
vanligvis som god balanse).</p>
{
        _table(
            ["Variabel", "Mottakere", "Ikke-mottakere før", "Kontroller etter", "SMD før", "SMD etter"],
            balance_rows,
        )
    }
<figure><img src="figures/felles_stotte.png" alt="Histogram over propensity score for
mottakere, alle ikke-mottakere og matchede kontroller.">
<figcaption>Felles støtte: mottakernes score ligger innenfor området til
ikke-mottakerne.</figcaption></figure>

<h2>Tabell 7: Forskjeller i utfall mellom kontrollgruppe og mottakere</h2>
{_tabell7_html(t["tabell7"], t["chi_square"])}
<p class="muted">Differanse = mottakergruppe minus kontrollgruppe, i prosentpoeng (pp). Kjikvadrattest av
fordelingen per år (uten kontinuitetskorreksjon; statuser ingen har, er utelatt).</p>

<h2>Hvor mye kan forskjellen tillegges tilskuddet?</h2>
<h3>Placebotest: status i 2018, før noen fikk tilskudd</h3>
{
        _table(
            [
                "Status 2018",
                "Kontroller (n)",
                "Mottakere (n)",
                "Kontroller (%)",
                "Mottakere (%)",
                "Differanse",
            ],
            placebo_rows,
        )
    }
<p class="muted">χ² = {number(placebo_test["chi_square"], 1)}, df = {placebo_test["dof"]},
{p_text(placebo_test["p_value"])}.</p>
<h3>Rosenbaum-grenser for fulltidsarbeid i januar 2024</h3>
<p>Øvre grense for p-verdien (ensidig) når en skjult faktor kan gjøre den ene i et par inntil
Γ ganger så tilbøyelig til å få tilskudd som den andre. Γ = 1 er ingen skjult skjevhet.</p>
{_table(["Γ", "Øvre p-verdi"], rosenbaum_rows)}

<h2>Om metoden</h2>
<p class="muted">Statusrangeringen der rapporten er taus, målgruppereglene ved kantene og
rekkefølgen i matchingen er dokumentert i docs/evaluation.md. Samme inndata gir
byte-identiske resultattabeller.</p>
</body>
</html>
"""


def build_report(out_dir: Path, pdf: bool = True) -> Path:
    """Write ``report.html`` (and ``report.pdf``) in ``out_dir``; returns the HTML path."""
    out_dir = Path(out_dir)
    document = build_html(out_dir)
    html_path = out_dir / "report.html"
    html_path.write_text(document, encoding="utf-8")
    if pdf:
        import logging

        from weasyprint import HTML

        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        HTML(string=document, base_url=str(out_dir)).write_pdf(out_dir / "report.pdf")
    return html_path
