"""``make bench``, the web pages: the lists of cases against a bare Django view, side by side.

For each size — the demo data, and the demo data with 20 000 more cases (``--cases``) — this
builds a SQLite database in var/bench/pages/, starts gunicorn with 2 sync workers on a free
port on 127.0.0.1, and runs a bounded load (wrk: 50 connections, a fixed time per round)
against, in turn and in every round, the bare view and each list:

- the bare Django view: ``/helse/``, through the same middleware, no database;
- «Mine saker» (``/arbeidsgiver/``) as Hanne Lunde, who sees every generated case;
- NAV's inbox (``/nav/``) as Aud in NAV Arbeidslivssenter Agder, where they are routed;
- ``GET /api/v1/cases`` as Hanne.

The result is each list's req/s as a share of the bare view's in the same round (median over
rounds) and its p99 latency; goals (issue 11): ≥ 0.3 at both sizes, p99 < 300 ms. The section
"Web pages" of docs/benchmarks.md is replaced with the new numbers.

Usage: .venv/bin/python bench/run.py --pages-only   (or bench/pages.py directly)
       bench/pages.py [--cases 20000] [--seconds 8] [--rounds 3]
Run it with ``nice``: the machine is shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench" / "pages"
DOC = ROOT / "docs" / "benchmarks.md"
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
START, END = "<!-- pages:start -->", "<!-- pages:end -->"
CONNECTIONS = 50
WORKERS = 2
BARE = ("bare Django view (`/helse/`)", "/helse/", None)
LISTS = [
    ("«Mine saker» (`/arbeidsgiver/`)", "/arbeidsgiver/", ("hanne.lunde", "employer")),
    ("NAV's inbox (`/nav/`)", "/nav/", ("nav.agder", "caseworker")),
    ("`GET /api/v1/cases`", "/api/v1/cases", ("hanne.lunde", "employer")),
]
GOAL_RATIO, GOAL_P99_MS = 0.3, 300.0


# --- Inside the database (run as a child process with the bench database's settings) -------

def _django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekspertbistand.config.settings")
    import django

    django.setup()


def generate(count: int) -> None:
    """``count`` more cases for Fjordlys Sykehjem (Hanne's), routed to NAV Arbeidslivssenter
    Agder, each with a full application's answers: 1 % drafts, the rest sent. Bulk inserts,
    a few seconds for 20 000."""
    _django()
    from django.db import transaction
    from django.utils import timezone

    from ekspertbistand.cases.application import STEPS
    from ekspertbistand.cases.demo import answers_for
    from ekspertbistand.cases.models import Case, Organisation, User
    from ekspertbistand.domain.case_status import CaseStatus, ConsentStatus
    from ekspertbistand.integrations.folkeregister import DEMO_PEOPLE
    from ekspertbistand.reference.selectors import worklife_centre_for

    today = timezone.localdate()
    organisation = Organisation.objects.get(orgnr="910825526")
    hanne = User.objects.get(username="hanne.lunde")
    unit = worklife_centre_for("4204", today)
    now = timezone.now()
    people = [p for p in DEMO_PEOPLE if not p.address_protection]
    batch: list[Case] = []
    with transaction.atomic():
        for i in range(count):
            person = people[i % len(people)]
            draft = i % 100 == 0
            moment = now - dt.timedelta(minutes=i)
            batch.append(Case(
                organisation=organisation, created_by=hanne,
                status=CaseStatus.DRAFT if draft else CaseStatus.SUBMITTED,
                reference=None if draft else f"EB-{today.year}-{500000 + i:06d}",
                answers=answers_for(DEMO_PEOPLE.index(person), today),
                employee_national_id=person.national_id, employee_name=person.name,
                consent_status=ConsentStatus.NOT_REQUESTED if draft else ConsentStatus.AGREED,
                period_start=today + dt.timedelta(days=7),
                period_end=today + dt.timedelta(days=60), amount_applied=22_000,
                max_rate=23_100, steps_done=len(STEPS), resume_step="",
                created_at=moment, updated_at=moment,
                status_changed_at=moment, submitted_at=None if draft else moment,
                routed_unit=None if draft else unit))
            if len(batch) == 2000:
                Case.objects.bulk_create(batch)
                batch = []
        Case.objects.bulk_create(batch)


def sessions() -> None:
    """A logged-in session, in its role, for each user the lists are read as (JSON out)."""
    _django()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string
    from django.utils.module_loading import import_string

    from ekspertbistand.cases.models import User

    # A browser sends back the CSRF cookie it was given on its first page; so does the load.
    keys: dict[str, str] = {"cookie": settings.SESSION_COOKIE_NAME,
                            "csrf": f"{settings.CSRF_COOKIE_NAME}={get_random_string(32)}"}
    for _title, _url, who in LISTS:
        assert who is not None
        username, role = who
        user = User.objects.get(username=username)
        store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store["role"] = role
        store.create()
        keys[f"{username}:{role}"] = store.session_key or ""
    print(json.dumps(keys))


# --- Driving it -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(database: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "EB_DEMO": "1",
            "DJANGO_DEBUG": "0", "EB_LOG_LEVEL": "WARNING", "PYTHONPATH": str(ROOT / "src")}


def prepare(database: Path, extra_cases: int) -> dict[str, str]:
    """A fresh database with the demo data (and ``extra_cases``); the sessions to use."""
    database.unlink(missing_ok=True)
    env = environment(database)
    manage = [PY, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_demo_data"], env=env, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    if extra_cases:
        started = time.perf_counter()
        subprocess.run([PY, __file__, "_generate", str(extra_cases)], env=env, check=True)
        print(f"  {extra_cases} saker laget på {time.perf_counter() - started:.1f} s", flush=True)
    out = subprocess.run([PY, __file__, "_sessions"], env=env, check=True, capture_output=True,
                         text=True).stdout
    return dict(json.loads(out))


class Server:
    """gunicorn with 2 sync workers on 127.0.0.1, stopped on exit."""

    def __init__(self, database: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [GUNICORN, "--workers", str(WORKERS), "--worker-class", "sync",
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
             "--backlog", "256", "--timeout", "120", "ekspertbistand.config.wsgi:application"],
            env=environment(database), cwd=ROOT, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(self.port, "/helse/", "", timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn startet ikke innen 30 s")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def get(port: int, path: str, cookie: str, timeout: float = 60) -> tuple[int, str]:
    """One GET on 127.0.0.1: the status and the Location header (a redirect to the login
    means the session was not accepted)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


SLOW_SECONDS = 5.0


def check(server: Server, path: str, cookie: str) -> str:
    """"" when the page answers 200 as the logged-in role (not a redirect to the login)
    within SLOW_SECONDS; otherwise why it is left out of the load runs."""
    started = time.perf_counter()
    try:
        status, location = get(server.port, path, cookie, timeout=120)
    except OSError as error:
        return f"no answer ({type(error).__name__} after {time.perf_counter() - started:.0f} s)"
    elapsed = time.perf_counter() - started
    if status != 200:
        return f"answered {status} {location}".strip()
    if elapsed > SLOW_SECONDS:
        return f"one request took {elapsed:.1f} s; not loaded"
    return ""


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk(server: Server, path: str, cookie: str, seconds: int) -> dict[str, float]:
    """One bounded wrk run: req/s, p50/p99 in ms, errors (non-2xx/3xx, socket errors)."""
    command = ["wrk", "--threads", "2", "--connections", str(CONNECTIONS),
               "--duration", f"{seconds}s", "--timeout", "10s", "--latency"]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    out = subprocess.run([*command, server.url(path)], capture_output=True, text=True,
                         check=True, timeout=seconds + 30).stdout

    def latency(percent: str) -> float:
        found = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        return float(found.group(1)) * UNITS[found.group(2)] if found else float("nan")

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    if socket_errors:  # refused connections and timed-out requests count; closes do not
        errors += int(socket_errors.group(1)) + int(socket_errors.group(4))
    return {"rps": float(rate.group(1)) if rate else 0.0, "p50": latency("50"),
            "p99": latency("99"), "errors": errors}


def measure(size: str, extra_cases: int, seconds: int, rounds: int) -> dict[str, Any]:
    VAR.mkdir(parents=True, exist_ok=True)
    database = VAR / f"{size}.sqlite3"
    print(f"Web-sider, {size}: lager databasen …", flush=True)
    keys = prepare(database, extra_cases)
    name, csrf = keys.pop("cookie"), keys.pop("csrf")
    server = Server(database)
    try:
        targets = [(BARE[0], BARE[1], "")] + [
            (title, path, f"{name}={keys[':'.join(who)]}; {csrf}") for title, path, who in LISTS
            if who is not None]
        left_out: dict[str, str] = {}
        for title, path, cookie in targets:
            left_out[title] = check(server, path, cookie)
            if not left_out[title]:
                wrk(server, path, cookie, 1)  # warm up: imports, templates, caches
        if left_out[BARE[0]]:
            raise RuntimeError(f"the bare view failed: {left_out[BARE[0]]}")
        loaded = [t for t in targets if not left_out[t[0]]]
        runs: dict[str, list[dict[str, float]]] = {t: [] for t, _p, _c in loaded}
        for number in range(rounds):
            print(f"  runde {number + 1} av {rounds}", flush=True)
            for title, path, cookie in loaded:
                runs[title].append(wrk(server, path, cookie, seconds))
    finally:
        server.stop()
    bare = runs[BARE[0]]
    rows: list[dict[str, Any]] = []
    for title, _path, _cookie in targets:
        if left_out[title]:
            rows.append({"what": title, "note": left_out[title]})
            continue
        these = runs[title]
        ratios = [r["rps"] / b["rps"] for r, b in zip(these, bare, strict=True) if b["rps"]]
        rows.append({"what": title, "rps": statistics.median(r["rps"] for r in these),
                     "ratio": statistics.median(ratios) if ratios else float("nan"),
                     "p50": statistics.median(r["p50"] for r in these),
                     "p99": max(r["p99"] for r in these),
                     "errors": sum(int(r["errors"]) for r in these)})
    database.unlink(missing_ok=True)
    return {"size": size, "extra_cases": extra_cases, "rows": rows}


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "ukjent")
    load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    versions = subprocess.run(
        [PY, "-c", "import django, gunicorn; print(django.__version__, gunicorn.__version__)"],
        capture_output=True, text=True).stdout.split()
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "cpu": cpu,
            "nproc": str(os.cpu_count()), "load": load, "python": platform.python_version(),
            "django": versions[0] if versions else "?",
            "gunicorn": versions[1] if len(versions) > 1 else "?",
            "wrk": (wrk_version.stdout + wrk_version.stderr).split("[")[0].strip() or "wrk"}


def section(results: list[dict[str, Any]], info: dict[str, str], seconds: int,
            rounds: int) -> str:
    lines = [
        START,
        "## Web pages: the lists of cases against a bare Django view",
        "",
        "Written by `bench/pages.py` (`make bench`, or `bench/run.py --pages-only`). gunicorn "
        f"{info['gunicorn']}, {WORKERS} sync workers, SQLite; {info['wrk']} on 127.0.0.1 with "
        f"{CONNECTIONS} connections, {seconds} s per run, {rounds} rounds, each round measuring "
        "the bare view and every list in turn; the lists are asked for with the session and "
        "CSRF cookies a logged-in browser sends. *Share* is the list's requests per second "
        "divided by the bare view's in the same round (median over rounds); p99 is the worst "
        "round's. Goals (issue 11): share ≥ 0.3 at both sizes, p99 < 300 ms.",
        "",
        f"- date: {info['date']}; CPU: {info['cpu']}, nproc = {info['nproc']}; load average "
        f"at start (1 / 5 / 15 min): {info['load']} — the machine is shared, run under `nice`",
        f"- Python {info['python']}, Django {info['django']}",
        "",
    ]
    for result in results:
        title = ("demo data" if not result["extra_cases"] else
                 f"demo data + {result['extra_cases']:,} cases".replace(",", " "))
        lines += [f"### {title}", "",
                  "| what | req/s | share of bare | p50 (ms) | p99 (ms) | errors | goal met |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for row in result["rows"]:
            if "note" in row:
                lines.append(f"| {row['what']} | — | — | — | — | {row['note']} | no |")
                continue
            bare = row["what"] == BARE[0]
            met = "—" if bare else ("yes" if row["ratio"] >= GOAL_RATIO and
                                    row["p99"] < GOAL_P99_MS and not row["errors"] else "no")
            lines.append(f"| {row['what']} | {row['rps']:.0f} | {row['ratio']:.2f} | "
                         f"{row['p50']:.0f} | {row['p99']:.0f} | {row['errors']} | {met} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def current_section() -> str:
    """The pages section now in docs/benchmarks.md ("" if none), to keep across a rewrite."""
    text = DOC.read_text() if DOC.exists() else ""
    if START in text and END in text:
        return text[text.index(START):text.index(END) + len(END)]
    return ""


def write_section(new: str) -> None:
    """Put ``new`` in place of the pages section of docs/benchmarks.md, or at its end."""
    if not new:
        return
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    old = current_section()
    text = text.replace(old, new) if old else text.rstrip("\n") + "\n\n" + new
    DOC.write_text(text.rstrip("\n") + "\n")


def run(cases: int = 20_000, seconds: int = 8, rounds: int = 3) -> int:
    if shutil.which("wrk") is None:
        print("wrk mangler: apt-get install --no-install-recommends wrk", file=sys.stderr)
        return 1
    info = machine()
    results = [measure("demo", 0, seconds, rounds)]
    if cases:  # --cases 0: the demo data only, for a quick look
        results.append(measure("20k", cases, seconds, rounds))
    (VAR / "results.json").write_text(json.dumps({"machine": info, "results": results},
                                                 indent=2))
    write_section(section(results, info, seconds, rounds))
    print(current_section())
    return 0


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "_generate":
        generate(int(sys.argv[2]))
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == "_sessions":
        sessions()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    return run(args.cases, args.seconds, args.rounds)


if __name__ == "__main__":
    sys.exit(main())
