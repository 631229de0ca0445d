"""Step 7: the report, HTML and PDF (WeasyPrint), from the result tables and figures.

The plain-language reading (``reading``) is written from the numbers. The report says what
it was made from (``provenance.json``) and every caveat the steps recorded (``checks``),
and carries no clock time: the same input and seed give the same HTML and PDF, byte for
byte. Each heading sits in one unbreakable block with its table or figure.
"""

from __future__ import annotations

import html
from pathlib import Path

import polars as pl

from ekspertbistand.evaluation import report_sections as sections
from ekspertbistand.evaluation.checks import WARNING, read_checks, read_provenance
from ekspertbistand.evaluation.reading import number, p_html, p_number_html, percent, points, reading

CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #23262a;
       line-height: 1.4; max-width: 60em; margin: 0 auto; }
h1 { font-size: 18pt; color: #0067c5; margin-bottom: 0.2em; }
h2 { font-size: 13pt; color: #0067c5; margin-top: 1.4em; border-bottom: 1px solid #ccd;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; break-after: avoid; page-break-after: avoid; }
section.keep { break-inside: avoid; page-break-inside: avoid; }
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
        "tabell4",
        "tabell5",
    )
    tables = {}
    for name in names:
        path = out_dir / "tables" / f"{name}.parquet"
        if not path.exists():
            from ekspertbistand.evaluation.pipeline import MissingStepError

            raise MissingStepError(f"Fant ikke {path}. Kjør «ekspertbistand-eval run» før rapporten lages.")
        tables[name] = pl.read_parquet(path)
    return tables


def _tabell7_html(tabell7: pl.DataFrame, chi: pl.DataFrame) -> str:
    rows: list[list[str]] = []
    year_rows: set[int] = set()
    for year in (2023, 2024):
        year_rows.add(len(rows))
        test = chi.filter(pl.col("year") == year).row(0, named=True)
        label = "2023" if year == 2023 else "Januar 2024"
        rows.append(
            [f"{label} (χ² = {number(test['chi_square'], 1)}, df = {test['dof']}, {p_html(test['p_value'])})"]
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
    return sections.table(
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


def _optional(out_dir: Path, name: str) -> pl.DataFrame | None:
    path = out_dir / "tables" / f"{name}.parquet"
    return pl.read_parquet(path) if path.exists() else None


STATUS_LEGEND = (
    "F = Fulltidsarbeid, S = Sysselsatt, P = Alderspensjonist, U = Ufør, A = AAP/Tiltakspenger, "
    "L = Langtidssykemeldt, X = Ukjent"
)


def build_html(out_dir: Path) -> str:
    t = _tables(out_dir)
    checks = read_checks(out_dir / "tables")
    provenance = read_provenance(out_dir)
    balanced = checks.filter(pl.col("code") == "balance").is_empty()
    sick_placebo = _optional(out_dir, "placebo_sick_leave")
    texts = reading(t, balanced, sick_placebo)
    target = t["target_group"]
    in_group = target.filter("in_target_group")
    recipients = int(in_group["recipient"].sum())
    left_out = int(target["grant_outside_window"].sum()) if "grant_outside_window" in target.columns else 0
    pairs = t["matches"].height
    balance = t["balance"]
    max_before = float(balance["smd_before"].abs().max())  # type: ignore[arg-type]
    max_after = float(balance["smd_after"].abs().max())  # type: ignore[arg-type]
    over = balance.filter(pl.col("smd_after").abs() > 0.1)
    balance_note = (
        "Alle variablene er under grensen."
        if over.is_empty()
        else f"<strong>{number(over.height)} variabler er over grensen</strong> ("
        + ", ".join(html.escape(str(label)) for label in over["label"].to_list())
        + "): balansen holder ikke regelen, og sammenligningen i Tabell 7 er ikke troverdig før "
        "modellen er rettet."
    )
    warnings = sections.checks_block(checks, WARNING)
    sick_unknown = not checks.filter(pl.col("code") == "long_term_sick_unknown").is_empty()

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
            p_number_html(r["p_upper"]),
        ]
        for r in t["rosenbaum"].iter_rows(named=True)
    ]
    chi = t["chi_square"]
    corrections = set(chi["correction"].to_list()) if "correction" in chi.columns else {"ingen"}
    correction_note = (
        "uten kontinuitetskorreksjon"
        if corrections == {"ingen"}
        else "med Yates' kontinuitetskorreksjon der tabellen er 2 × 2, som SciPy"
    )
    nodes, receipt = _optional(out_dir, "figur22_nodes"), _optional(out_dir, "figur22_receipt")
    tree = ""
    if nodes is not None and receipt is not None:
        tree = keep(
            "Regresjonstre på forløpene (Figur 22)",
            '<figure><img src="figures/figur22.png" alt="Regresjonstre: målgruppen delt på mottak av '
            "tilskudd og deretter på bakgrunnsvariabler, med antall, diskrepans og vanligste forløp i "
            'hver node."><figcaption>Diskrepansanalyse (Studer mfl. 2011) med LCS-avstand, regnet '
            "eksakt for hele målgruppen. Første deling er mottak av tilskudd; deretter deles en node "
            "bare når begge deler har over 5 % av målgruppen og permutasjonstesten gir p ≤ 0,01, "
            "til og med dybde 5.</figcaption></figure>",
        ) + sections.tree_html(nodes, receipt)
    figur21_note = (
        " <strong>Uttrekket har ikke sykefravær for alle årene: «Langtidssykemeldt» kan ikke "
        "bestemmes før sykefraværet begynner, og de som var det, står under arbeid eller ukjent.</strong>"
        if sick_unknown
        else ""
    )
    left_out_note = ""
    if left_out:
        left_out_note = f" {number(left_out)} personer med tilsagn bare utenfor perioden er holdt utenfor."
    tabell4, tabell5 = sections.background_html(t["tabell4"]), sections.background_html(t["tabell5"])
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
med placebotest og følsomhetsanalyse i tillegg.</p>

<h2>Hovedfunn</h2>
<div class="summary">{texts["main"]}{texts["placebo"]}{texts["rosenbaum"]}{texts["verdict"]}</div>
<div class="caution">{texts["caution"]}</div>
{warnings}
{keep("Datagrunnlag", sections.provenance_html(provenance))}
<h2>Målgruppen</h2>
<p>Registeret har {number(target.height)} personer. {number(in_group.height)} er i
målgruppen: minst 8 uker sykefravær til sammen innenfor 12 måneder eller minst 8 uker
sammenhengende i perioden, eller tilsagn om tilskuddet datert i perioden.
{number(recipients)} er mottakere.{left_out_note}</p>
{keep("Tabell 4: Virksomheter i målgruppen, mottakere og ikke-mottakere", tabell4)}
<p class="muted">Differanse = ikke-mottakere minus mottakere, som i evalueringen. Mottakere er
virksomheter med tilsagn i perioden; ikke-mottakere er de andre virksomhetene der noen i
målgruppen var ansatt i perioden.</p>
{keep("Tabell 5: Personer i målgruppen, mottakere og ikke-mottakere", tabell5)}
<p class="muted">Diagnosekategori telles per sykefraværstilfelle i perioden, de andre per person,
som i evalueringen. Aldersgruppene 55–61 og 62–66 år kan ikke lages av uttrekkets femårige
aldersgrupper; de eldste vises som 55–59, 60–64 og 65–74 år.</p>

{
        keep(
            "Arbeidsmarkedsstatus per år (Figur 21)",
            '<figure><img src="figures/figur21.png" alt="Stablede søyler med andel i hver '
            "arbeidsmarkedsstatus per år 2018–januar 2024, mottakere øverst og ikke-mottakere "
            'nederst."><figcaption>Status per år etter evalueringens definisjoner. 2024 gjelder bare '
            "januar. Statusene er rangert: alderspensjon, uføretrygd, AAP/tiltakspenger, "
            "langtidssykemelding (minst 40 sykedager i året, minst 20 i januar 2024), fulltidsarbeid "
            f"(minst 32 timer i uken i snitt), sysselsatt, ukjent.{figur21_note}</figcaption></figure>",
        )
    }
{
        keep(
            "De vanligste forløpene 2018–januar 2024",
            f'<p class="muted">{html.escape(STATUS_LEGEND)}.</p>'
            + sections.table(["Gruppe", "Nr.", "Forløp", "Antall", "Andel"], sequence_rows),
            3,
        )
    }
{tree}
<h2>Matching</h2>
<p>Propensity score fra logistisk regresjon på bakgrunnsvariabler og historikk fra
2016–2017 (variabler uttrekket ikke dekker, eller som er like for alle, er utelatt). Hver
mottaker får den nærmeste ubrukte ikke-mottakeren innenfor 0,01 på scoren (1:1, uten
tilbakelegging). {number(pairs)} av {number(recipients)} mottakere fikk en kontroll. Største
absolutte standardiserte forskjell (SMD) falt fra {number(max_before, 3)} før til
{number(max_after, 3)} etter matching. Regelen er at |SMD| under 0,1 er god balanse.
{balance_note}</p>
{
        keep(
            "Balanse før og etter matching",
            sections.table(
                ["Variabel", "Mottakere", "Ikke-mottakere før", "Kontroller etter", "SMD før", "SMD etter"],
                balance_rows,
            ),
            3,
        )
    }
<figure><img src="figures/felles_stotte.png" alt="Histogram over propensity score for
mottakere, alle ikke-mottakere og matchede kontroller.">
<figcaption>Felles støtte: fordelingen av scoren før og etter matching.</figcaption></figure>

{
        keep(
            "Tabell 7: Forskjeller i utfall mellom kontrollgruppe og mottakere",
            _tabell7_html(t["tabell7"], chi)
            + '<p class="muted">Differanse = mottakergruppe minus kontrollgruppe, i prosentpoeng (pp). '
            f"Pearsons kjikvadrattest av fordelingen per år ({correction_note}; statuser ingen har, "
            "er utelatt).</p>",
        )
    }

<h2>Hvor mye kan forskjellen tillegges tilskuddet?</h2>
{
        keep(
            "Placebotest: status i 2018, før noen fikk tilskudd",
            sections.table(
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
            + f'<p class="muted">χ² = {number(placebo_test["chi_square"], 1)}, df = {placebo_test["dof"]}, '
            f"{p_html(placebo_test['p_value'])}.</p>",
            3,
        )
    }
{sections.sick_placebo_html(sick_placebo)}
{
        keep(
            "Rosenbaum-grenser for fulltidsarbeid i januar 2024",
            "<p>Øvre grense for p-verdien (ensidig) når en skjult faktor kan gjøre den ene i et par "
            "inntil Γ ganger så tilbøyelig til å få tilskudd som den andre. Γ = 1 er ingen skjult "
            "skjevhet.</p>" + sections.table(["Γ", "Øvre p-verdi"], rosenbaum_rows),
            3,
        )
    }

<h2>Om metoden</h2>
<p class="muted">Statusrangeringen der rapporten er taus, målgruppereglene ved kantene,
inntektsregelen for januar 2024, placebotesten og rekkefølgen i matchingen er beskrevet i
tjenestens dokumentasjon av utfallsevalueringen. Samme inndata gir byte-identiske tabeller og
samme rapport.</p>
</body>
</html>
"""


keep = sections.keep


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
        HTML(string=_inline_figures(document, out_dir)).write_pdf(out_dir / "report.pdf")
    return html_path


def _inline_figures(document: str, out_dir: Path) -> str:
    """The figures as data URIs, so the PDF does not depend on the folder it is made in.

    WeasyPrint names each image in the PDF after its URL; with a file path that would be
    the results folder, and the same analysis written elsewhere would give other bytes.
    """
    import base64
    import re

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode((out_dir / match.group(1)).read_bytes()).decode("ascii")
        return f'src="data:image/png;base64,{data}"'

    return re.sub(r'src="(figures/[a-z0-9_]+\.png)"', inline, document)
