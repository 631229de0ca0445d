"""``make bench`` (part): every statistics page on PostgreSQL with 300 000 synthetic cases.

Run inside a throw-away PostgreSQL (scripts/with-postgres.sh, as bench/run.py --statistics
does): fills the database with ``manage.py fill_statistics_data`` (2019–2026, every state),
then requests each page and export through Django's test client as a NAV user with the
statistics right: one warm-up, then the median of five. Records the query plans that matter
(EXPLAIN ANALYZE) and the timings in docs/benchmarks.md between the «statistics» markers.

Usage: scripts/with-postgres.sh .venv/bin/python bench/statistics_pages.py [--cases 300000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- statistics:begin -->", "<!-- statistics:end -->"
PAGES = (
    ("Tilsagn, fylker og budsjett", "/nav/statistikk/"),
    ("Tilsagn, 2024 og Agder", "/nav/statistikk/?ar=2024&fylke=42"),
    ("Tilsagn, privat sektor", "/nav/statistikk/?sektor=private"),
    ("Vedtak og avslag", "/nav/statistikk/?del=vedtak"),
    ("Arbeidsgivere", "/nav/statistikk/?del=arbeidsgivere"),
    ("Arbeidstakere", "/nav/statistikk/?del=arbeidstakere"),
    ("Arbeidstakere, 2024 og Agder", "/nav/statistikk/?del=arbeidstakere&ar=2024&fylke=42"),
    ("Refusjon, rapport og oppfølging", "/nav/statistikk/?del=refusjon"),
    ("Behandlingstid, 2025", "/nav/statistikk/behandlingstid/?ar=2025"),
    ("Behandlingstid, NAV Arendal 2025", "/nav/statistikk/behandlingstid/?ar=2025&enhet=4203"),
    ("XLSX Tabell 1", "/nav/statistikk/tilsagn-per-ar.xlsx"),
    ("XLSX tilsagn per fylke", "/nav/statistikk/tilsagn-per-fylke.xlsx"),
    ("CSV Tabell 8", "/nav/statistikk/vedtak-per-enhet.csv"),
    ("CSV arbeidstakere", "/nav/statistikk/arbeidstakere-alder-kjonn.csv"),
    ("XLSX behandlingstid 2025", "/nav/statistikk/behandlingstid.xlsx?ar=2025"),
)


def setup() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Kjør under scripts/with-postgres.sh (PostgreSQL).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekspertbistand.config.settings")
    os.environ["EB_LOG_LEVEL"] = "ERROR"
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "tests"))
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from ekspertbistand.cases.models import Case
    from ekspertbistand.reference.models import NavUnit
    from ekspertbistand.statistics import sources
    from factories import login, make_nav

    started = time.perf_counter()
    if not Case.objects.exists():
        call_command("fill_statistics_data", cases=args.cases)
    fill_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user = make_nav("statistikk-bench", NavUnit.objects.get(number="1091"))
    user.groups.add(Group.objects.get(name="Statistikk"))
    client = login(Client(), user, "caseworker")
    rows = []
    for label, url in PAGES:
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t0)
            assert response.status_code == 200
        rows.append((label, url, statistics.median(times), max(times)))
        print(f"{label:32} {statistics.median(times) * 1000:7.0f} ms", flush=True)
    f = sources.Filters()
    from django.db.models import Count, F, Q, Sum
    from django.db.models.functions import ExtractYear, TruncDate, TruncMonth

    from ekspertbistand.refunds.models import Refund

    refunds_paid = (  # as sources.refunds_by_county asks it
        Refund.objects.filter(state__in=["paid", "corrected"], grant__in=sources.counted_grants(f))
        .annotate(y=ExtractYear("grant__period_start"))
        .values("y", m=F("case__organisation__municipality__number"))
        .annotate(n=Count("id"), kr=Sum("paid_kr")))

    plans = {
        "Tabell 1 (tilsagn per år)": sources.counted_grants(f).values("period_start__year")
        .annotate(n=Count("id")),
        "Behandlingstid (histogram per enhet, måned og dager)": sources.decided(f)
        .annotate(month=TruncMonth("decided_at"),
                  days=sources.DaysBetween(TruncDate("decided_at"), TruncDate("case__submitted_at")))
        .values("deciding_unit", "month", "days").annotate(n=Count("id")),
        "Tilsagn per fylke, 2024 og Agder": sources.counted_grants(
            sources.Filters(year=2024, county="42"))
        .values("case__organisation__municipality__number").annotate(n=Count("id")),
        "Tabell 2 (refusjoner per fylke)": refunds_paid,
        "Rapport mottatt per år": sources.counted_grants(f)
        .annotate(y=ExtractYear("period_start")).values("y")
        .annotate(n=Count("id", distinct=True),
                  r=Count("id", distinct=True, filter=Q(assignments__report__state="released"))),
        "Figur 23 (oppfølging)": sources._follow_ups(f).values("outcome").annotate(n=Count("id")),
    }
    plan_text = {k: q.explain(analyze=True) for k, q in plans.items()}
    counts = {"saker": Case.objects.count(),
              "vedtak": sources.decided(f).count(), "tilsagn": sources.counted_grants(f).count()}
    if args.no_write:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    lines = [BEGIN, "",
             f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
             f"({os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}), PostgreSQL {pg_version}, "
             f"`nice`. Data: {counts['saker']} synthetic cases 2019–2026 in every state "
             f"({counts['vedtak']} decisions, {counts['tilsagn']} counted grants), filled by "
             f"`manage.py fill_statistics_data` in {fill_seconds:.0f} s. Each page through "
             f"Django's test client as a NAV user with the statistics right: one warm-up, then "
             f"the median (and the slowest) of {args.rounds}. Goal: under 1 s a page.", "",
             "| page | URL | median | slowest |", "|---|---|---:|---:|"]
    for label, url, median, worst in rows:
        lines.append(f"| {label} | `{url}` | {median * 1000:.0f} ms | {worst * 1000:.0f} ms |")
    lines += ["", "The query plans that matter (EXPLAIN ANALYZE, no filters unless named):", ""]
    for title, text in plan_text.items():
        lines += [f"**{title}**", "", "```", text, "```", ""]
    lines.append(END)
    block = "\n".join(lines)
    doc = DOC.read_text(encoding="utf-8")
    if BEGIN in doc:
        doc = doc[:doc.index(BEGIN)] + block + doc[doc.index(END) + len(END):]
    else:
        doc += "\n## Statistics pages (issue 14)\n\n" + block + "\n"
    DOC.write_text(doc, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
