"""Parts of the report: where the data came from, their caveats, Tabell 4/5 and Figur 22."""

from __future__ import annotations

import datetime as dt
import html

import polars as pl

from ekspertbistand.evaluation.reading import number, p_html, percent, points

MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
          "september", "oktober", "november", "desember")  # fmt: skip


def date_text(iso: object) -> str:
    if not isinstance(iso, str):
        return "ukjent"
    day = dt.date.fromisoformat(iso)
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def table(headers: list[str], rows: list[list[str]], year_rows: set[int] | None = None) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        if year_rows and i in year_rows:
            body.append(f'<tr class="year"><td colspan="{len(headers)}">{row[0]}</td></tr>')
        else:
            body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def keep(heading: str, body: str, level: int = 2) -> str:
    """A heading and what it introduces, in one block a page break cannot split."""
    return f'<section class="keep"><h{level}>{heading}</h{level}>\n{body}</section>'


def provenance_html(p: dict[str, object]) -> str:
    if p.get("source") == "synthetic":
        scale = p.get("scale")
        source = (
            f"Syntetisk register laget av tjenestens generator (frø {p.get('seed')}, størrelse "
            f"{number(float(scale), 2) if isinstance(scale, int | float) else 'ukjent'} av evalueringens). "
            "Det er ikke ekte registerdata."
        )
    else:
        source = "Registeruttrekk."
    packages = p.get("packages") or {}
    versions = ", ".join(f"{name} {version}" for name, version in sorted(dict(packages).items()))  # type: ignore[call-overload]
    declared = "oppgitt i uttrekket" if p.get("sick_leave_from_declared") else "anslått fra dataene"
    window = str(p.get("window", ""))
    first, _, last = window.partition(":")
    window_note = "" if p.get("window_is_the_reports") else " (ikke evalueringens periode)"
    rows = [
        ["Kilde", html.escape(source)],
        ["Sjekksum (SHA-256 av tabellene)", f"<code>{html.escape(str(p.get('checksum_sha256', '')))}</code>"],
        [
            "Sykefravær",
            f"fra {date_text(p.get('sick_leave_from'))} ({declared}) til "
            f"{date_text(p.get('sick_leave_last_day'))}",
        ],
        [
            "Arbeidsforhold og ytelser",
            f"fra {date_text(p.get('history_from'))} til {date_text(p.get('data_end'))}",
        ],
        ["Inntektsår", ", ".join(str(y) for y in p.get("income_years") or []) or "ingen"],  # type: ignore[attr-defined]
        ["Periode for tilsagn og målgruppe", f"{date_text(first)}–{date_text(last)}{window_note}"],
        ["Programvare", html.escape(versions)],
    ]
    return table(["Opplysning", "Verdi"], rows)


def checks_html(checks: pl.DataFrame, warning: str) -> str:
    if checks.is_empty():
        return "<p>Dataene dekker alle kontrollene analysen gjør.</p>"
    items = "".join(
        f"<li><strong>{'Advarsel' if row['severity'] == warning else 'Merknad'}:</strong> "
        f"{html.escape(row['message'])}</li>"
        for row in checks.iter_rows(named=True)
    )
    return f"<ul>{items}</ul>"


def background_html(frame: pl.DataFrame) -> str:
    """Tabell 4 or 5 in the report's layout: a row per variable, then its values."""
    rows: list[list[str]] = []
    year_rows: set[int] = set()
    current = None
    n_non = n_rec = 0
    for row in frame.iter_rows(named=True):
        if row["variable"] != current:
            current = row["variable"]
            year_rows.add(len(rows))
            rows.append([html.escape(current)])
        rows.append(
            [
                html.escape(row["value"]),
                number(row["nonrecipient_n"]),
                percent(row["nonrecipient_share"], 1),
                number(row["recipient_n"]),
                percent(row["recipient_share"], 1),
                f"{number(100 * row['difference'], 1)}\u00a0%".replace("-", "−"),
            ]
        )
    first = frame.filter(pl.col("variable") == frame["variable"][0])
    n_non, n_rec = int(first["nonrecipient_n"].sum()), int(first["recipient_n"].sum())
    return table(
        [
            "Variabel/verdi",
            f"Ikke-mottakere (n = {number(n_non)})",
            "%",
            f"Mottakere (n = {number(n_rec)})",
            "%",
            "Differanse",
        ],
        rows,
        year_rows,
    )


def tree_html(nodes: pl.DataFrame, receipt: pl.DataFrame) -> str:
    whole = receipt.row(0, named=True)
    text = (
        f"<p>Mottak av tilskuddet forklarer {percent(whole['pseudo_r2'], 2)} av diskrepansen i "
        f"forløpene 2018–januar 2024 i hele målgruppen ({number(whole['n'])} personer, "
        f"{number(whole['distinct_sequences'])} ulike forløp; pseudo-F = "
        f"{number(whole['pseudo_f'], 1)}, permutasjonstest med {number(whole['permutations'])} "
        f"permutasjoner: {p_html(whole['p_value'])}).</p>"
    )
    if receipt.height > 1:
        paired = receipt.row(1, named=True)
        text += (
            f"<p>Blant de matchede parene, der halvparten er mottakere, forklarer mottak "
            f"{percent(paired['pseudo_r2'], 2)} ({p_html(paired['p_value'])}). Evalueringen oppgir "
            "1,8 % uten å si hvilket utvalg det gjelder; andelen avhenger av hvor stor del av "
            "utvalget som er mottakere, og tallene er derfor ikke direkte sammenlignbare.</p>"
        )
    rows = [
        [
            html.escape(r["rule"]),
            number(r["n"]),
            number(r["discrepancy"], 3),
            f"<code>{html.escape(r['most_common'])}</code>",
            html.escape(r["split"]) if r["split"] else "–",
            percent(r["pseudo_r2"], 2) if r["split"] else "–",
            p_html(r["p_value"]) if r["split"] else "–",
        ]
        for r in nodes.iter_rows(named=True)
    ]
    return text + keep(
        "Nodene i treet",
        table(
            ["Node", "n", "Diskrepans", "Vanligste forløp", "Deles på", "Pseudo-R²", "Permutasjonstest"], rows
        ),
        3,
    )


def sick_placebo_html(frame: pl.DataFrame | None) -> str:
    """The placebo on sick days before the window, if the extract has such months."""
    if frame is None or frame.is_empty():
        return ""
    first = frame.row(0, named=True)
    rows = [
        [
            html.escape(r["band"]),
            number(r["control_n"]),
            number(r["recipient_n"]),
            percent(r["control_share"]),
            percent(r["recipient_share"]),
            points(r["difference"]),
        ]
        for r in frame.sort("band_code").iter_rows(named=True)
    ]
    period = f"{date_text(first['first_day'])}–{date_text(first['last_day'])}"
    return keep(
        f"Placebotest: sykedager {period}, før perioden",
        table(
            ["Sykedager", "Kontroller (n)", "Mottakere (n)", "Kontroller (%)", "Mottakere (%)", "Differanse"],
            rows,
        )
        + f'<p class="muted">χ² = {number(first["chi_square"], 1)}, df = {first["dof"]}, '
        f"{p_html(first['p_value'])}. Ingen kan ha fått tilsagn før perioden begynner.</p>",
        3,
    )


def checks_block(checks: pl.DataFrame, warning: str) -> str:
    if checks.is_empty():
        return ""
    return keep("Hva dataene ikke bærer", checks_html(checks, warning))
