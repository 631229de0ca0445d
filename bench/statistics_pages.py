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
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    ("Refusjon, 2024 og Agder", "/nav/statistikk/?del=refusjon&ar=2024&fylke=42"),
    ("Refusjon, privat sektor", "/nav/statistikk/?del=refusjon&sektor=private"),
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


def analyze() -> None:
    """Fresh planner statistics after the fill, as the owner of the tables (the service role
    owns nothing, so its ANALYZE would skip them)."""
    import psycopg

    with psycopg.connect(os.environ.get("DATABASE_OWNER_URL") or os.environ["DATABASE_URL"],
                         autocommit=True) as conn:
        conn.execute("ANALYZE")


def six_queries_as_before(f: Any) -> None:
    """The refund section's six grouped queries as they were before decision 0057, timed
    beside the two that replaced them (same machine, same run)."""
    from django.db.models import Count, F, Q, Sum
    from django.db.models.functions import ExtractYear, TruncDate

    from ekspertbistand.assignments.models import Report
    from ekspertbistand.refunds.models import Refund
    from ekspertbistand.statistics import sources

    counted = sources.counted_grants(f)
    place = (counted.annotate(y=ExtractYear("period_start"))
             .values("y", "state", m=F("case__organisation__municipality__number"),
                     c=F("case__organisation__municipality__county__number"))
             .annotate(n=Count("id"), kr=Sum("amount_kr")))
    paid = (Refund.objects.filter(state__in=["paid", "corrected"], grant__in=counted)
            .annotate(y=ExtractYear("grant__period_start"))
            .values("y", m=F("case__organisation__municipality__number"),
                    c=F("case__organisation__municipality__county__number"))
            .annotate(n=Count("id"), kr=Sum("paid_kr")))
    refused = (Refund.objects.filter(state="expired", grant__in=counted)
               .annotate(y=ExtractYear("grant__period_start")).values("y")
               .annotate(n=Count("id")))
    received = (counted.annotate(y=ExtractYear("period_start")).values("y")
                .annotate(n=Count("id", distinct=True),
                          w=Count("id", distinct=True,
                                  filter=Q(assignments__report__state="released"))))
    released = Report.objects.filter(state="released", released_at__isnull=False,
                                     assignment__grant__in=counted)
    to_report = (released.annotate(
        y=ExtractYear("assignment__grant__period_start"),
        days=sources.DaysBetween(TruncDate("released_at"),
                                 TruncDate("assignment__grant__decision__decided_at")))
        .values("y", "days").annotate(n=Count("id")))
    to_refund = (released.filter(assignment__grant__refund__approved_at__isnull=False).annotate(
        y=ExtractYear("assignment__grant__period_start"),
        days=sources.DaysBetween(TruncDate("assignment__grant__refund__approved_at"),
                                 TruncDate("released_at")))
        .values("y", "days").annotate(n=Count("id")))
    for qs in (place, paid, refused, received, to_report, to_refund):
        list(qs)


def two_queries_now(f: Any) -> None:
    from ekspertbistand.statistics import passes

    passes.places(f)
    passes.reports(f)


def median_seconds(fn: Callable[[], None], rounds: int) -> float:
    fn()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


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
    analyze()
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
    from django.db.models import Count
    from django.db.models.functions import TruncDate, TruncMonth

    from ekspertbistand.statistics import passes

    # The refund section's queries, before and now, alternating in the same run.
    before = median_seconds(lambda: six_queries_as_before(f), args.rounds)
    now = median_seconds(lambda: two_queries_now(f), args.rounds)
    print(f"{'Refusjon: seks spørringer før':32} {before * 1000:7.0f} ms", flush=True)
    print(f"{'Refusjon: to spørringer nå':32} {now * 1000:7.0f} ms", flush=True)

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
        "Tilsagn per sted med refusjonene (Tabell 1 og 2, fylkene, falt bort for fristen)":
        passes.places_query(f),
        "Figur 23 (oppfølging)": sources._follow_ups(f).values("outcome").annotate(n=Count("id")),
    }
    plan_text = {k: q.explain(analyze=True) for k, q in plans.items()}
    db, sql, params = passes.reports_sql(f)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql, params)
        plan_text["Rapportene i én omgang (rapport mottatt, vedtak → rapport → refusjon)"] = (
            "\n".join(row[0] for row in cursor.fetchall()))
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
    lines += ["", f"The refund section's queries alone, side by side in this run (median of "
              f"{args.rounds}): the six grouped queries it asked before decision 0057 took "
              f"{before * 1000:.0f} ms, the two that replaced them {now * 1000:.0f} ms "
              f"({before / now:.1f}× faster)."]
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
