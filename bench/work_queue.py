"""``make bench`` (part): NAV's work queue against a bare Django view, side by side in one run.

A throw-away SQLite database in var/bench-queue/ gets the reference data (migrations), one NAV
unit with a case worker, and N cases spread over every status of the queue (default 20 000,
the size issue 11 asks for, and 200) of 200 employers. Each page is requested through Django's test client in
the same process, alternating with the bare view (``/helse/``), and the ratio of requests per
second is recorded, so the noise of a shared machine cancels out.

Usage: .venv/bin/python bench/work_queue.py [--cases 20000 200] [--rounds 30]
Writes its table into docs/benchmarks.md between the «work queue» markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-queue"
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- work-queue:begin -->", "<!-- work-queue:end -->"


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekspertbistand.config.settings")
    os.environ["EB_LOG_LEVEL"] = "ERROR"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def populate(count: int) -> object:
    from django.core.management import call_command
    from django.utils import timezone

    from ekspertbistand.cases.actions.application import organisation_from_register
    from ekspertbistand.cases.models import Case, UnitMembership, User
    from ekspertbistand.domain.case_status import CaseStatus
    from ekspertbistand.reference.models import NavUnit

    call_command("migrate", verbosity=0)
    unit = NavUnit.objects.get(number="1091")
    worker = User.objects.create(username="bench.worker", first_name="Bench",
                                 last_name="Saksbehandler")
    UnitMembership.objects.create(user=worker, unit=unit)
    # Fjordlys and 199 other employers, so a search by name matches what it would in life.
    from ekspertbistand.cases.models import Organisation

    organisations = [organisation_from_register("910825526")] + list(
        Organisation.objects.bulk_create(
            [Organisation(orgnr=f"8{i:08d}", name=f"Bedrift {i} AS",
                          name_folded=f"bedrift {i} as") for i in range(1, 200)]))
    statuses = [CaseStatus.SUBMITTED, CaseStatus.UNDER_ASSESSMENT,
                CaseStatus.WAITING_FOR_EMPLOYER, CaseStatus.AWAITING_DECISION,
                CaseStatus.GRANTED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN]
    now = timezone.now()
    big_answers = {"behov": {"need_description": "x" * 2000}}
    Case.objects.bulk_create([
        Case(public_id=uuid.uuid4(), reference=f"EB-2026-{i:06d}", status=statuses[i % 7],
             organisation=organisations[i % 200], created_by=worker, answers=big_answers,
             employee_name=f"Person {i}", address_protection="7" if i % 50 == 0 else "",
             submitted_at=now - dt.timedelta(minutes=i * 7),
             period_start=(now + dt.timedelta(days=i % 90)).date(),
             amount_applied=20000, routed_unit=unit,
             assigned_to=worker if statuses[i % 7] != CaseStatus.SUBMITTED else None)
        for i in range(1, count + 1)], batch_size=2000)
    return worker


def measure(worker: object, rounds: int) -> list[tuple[str, float, float, float]]:
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(worker)  # type: ignore[arg-type]
    session = client.session
    session["role"] = "caseworker"
    session.save()
    pages = [("/nav/ (åpne saker, side 1)", "/nav/"),
             ("/nav/?status=all&side=200", "/nav/?status=all&side=200"),
             ("/nav/?sok=fjordlys", "/nav/?sok=fjordlys"),
             ("/api/v1/nav/queue", "/api/v1/nav/queue")]
    results = []
    for name, path in pages:
        assert client.get(path).status_code == 200, path
        queries: list[str] = []

        def count(execute, sql, params, many, context, seen=queries):  # type: ignore[no-untyped-def]
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(path)
        page_times, bare_times = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            client.get("/helse/")
            bare_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            client.get(path)
            page_times.append(time.perf_counter() - started)
        page_ms = statistics.median(page_times) * 1000
        bare_ms = statistics.median(bare_times) * 1000
        results.append((name, page_ms, bare_ms / page_ms, float(len(queries))))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, nargs="+", default=[20000, 200])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    rows = []
    for count in args.cases:
        # Each size in its own child process: Django is set up once per database.
        import subprocess

        database = WORK / f"queue-{count}.sqlite3"
        database.unlink(missing_ok=True)
        out = subprocess.run([sys.executable, __file__, "--child", str(database), str(count),
                              str(args.rounds)], capture_output=True, text=True, check=True)
        for line in out.stdout.splitlines():
            name, page_ms, ratio, queries = line.split("\t")
            rows.append((count, name, float(page_ms), float(ratio), int(float(queries))))
        database.unlink(missing_ok=True)
    load = os.getloadavg()[0]
    table = [BEGIN, "", f"Measured {dt.date.today():%Y-%m-%d} on {platform.node()} "
             f"({os.cpu_count()} cores, load average {load:.1f}), SQLite, Django's test "
             f"client in one process, median of {args.rounds} requests each, alternating with "
             "the bare view `/helse/`. Ratio = bare view's time / page's time (the share of "
             "bare Django's requests per second the page reaches).", "",
             "| cases | page | median ms | ratio to bare Django | queries |", "|---|---|---|---|---|"]
    table += [f"| {f'{c:,}'.replace(',', ' ')} | {n} | {ms:.1f} | {r:.3f} | {q} |"
              for c, n, ms, r, q in rows]
    table += ["", END]
    text = DOC.read_text(encoding="utf-8")
    block = "\n".join(table)
    if BEGIN in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n## NAV's work queue (`bench/work_queue.py`)\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")
    print(block)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        setup_django(Path(sys.argv[2]))
        worker = populate(int(sys.argv[3]))
        for name, page_ms, ratio, queries in measure(worker, int(sys.argv[4])):
            print(f"{name}\t{page_ms}\t{ratio}\t{queries}")
    else:
        main()
