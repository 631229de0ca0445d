"""``make bench``: speed and memory of the outcome evaluation, written to docs/benchmarks.md.

What it measures, each in a child process timed with /usr/bin/time -v (wall clock and peak
resident memory):

1. generating the default-size synthetic register (and 10 % and, unless --skip-scale-10,
   10× registers) into var/eval/bench/;
2. the read floor: reading every input table from Parquet and nothing else;
3. the pipeline, steps 1–6 (``ekspertbistand-eval run --no-report``), three runs, median;
4. the report (step 7) alone;
5. matching on the same propensity scores: ours against causalml at full size and against
   causalml and psmpy at 10 % size. The peers run in their own virtualenv, .bench-venv,
   installed from PyPI by name; they never enter the service's environment. psmpy is never
   run at full size (it builds treated × controls arrays: over 32 GiB).

6. the web pages that list cases, against a bare Django view (bench/pages.py).

Usage: .venv/bin/python bench/run.py [--skip-scale-10] [--skip-peers] [--skip-pages | --pages-only]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pages  # bench/pages.py, beside this file
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "eval" / "bench"
BENCH_VENV = ROOT / ".bench-venv"
PEERS = ("causalml==0.18.*", "psmpy==0.3.16")
EVAL = [sys.executable, "-m", "ekspertbistand.evaluation.cli"]
DOC = ROOT / "docs" / "benchmarks.md"


def timed(command: list[str], **kwargs: object) -> dict[str, float | str]:
    """Run under /usr/bin/time -v; wall seconds, peak RSS in MiB, and the output."""
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-v", *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        **kwargs,  # type: ignore[arg-type]
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} feilet:\n{result.stdout}\n{result.stderr}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return {
        "wall": wall,
        "peak_mib": int(peak.group(1)) / 1024 if peak else float("nan"),
        "stdout": result.stdout,
        "stderr": result.stderr,
    }


def machine() -> dict[str, str]:
    cpu = "ukjent"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem_kb = int(line.split()[1])
    return {
        "nproc": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "cpu": cpu,
        "python": platform.python_version(),
        "polars": pl.__version__,
        "numpy": np.__version__,
        "date": dt.date.today().isoformat(),
        "load": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def ensure_register(path: Path, scale: float) -> dict[str, float | str]:
    return timed([*EVAL, "generate", "--scale", str(scale), "--data", str(path)])


READ_FLOOR = """
import sys, polars as pl
from pathlib import Path
for p in sorted(Path(sys.argv[1]).glob("*.parquet")):
    pl.read_parquet(p)
"""


def read_floor(path: Path) -> dict[str, float | str]:
    return timed([sys.executable, "-c", READ_FLOOR, str(path)])


def pipeline(data: Path, out: Path, runs: int = 3) -> dict[str, object]:
    results = [
        timed([*EVAL, "run", "--no-report", "--data", str(data), "--out", str(out)]) for _ in range(runs)
    ]
    walls = [float(r["wall"]) for r in results]
    peaks = [float(r["peak_mib"]) for r in results]
    inner = json.loads((out / "timings.json").read_text())
    return {"wall": statistics.median(walls), "walls": walls, "peak_mib": max(peaks), "steps": inner}


def install_peers() -> str | None:
    """Create .bench-venv with causalml and psmpy; returns None or why it failed."""
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
    check = subprocess.run([str(python), "-c", "import causalml, psmpy"], capture_output=True, text=True)
    if check.returncode == 0:
        return None
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", *PEERS], capture_output=True, text=True
    )
    if result.returncode != 0:
        return (result.stderr or result.stdout).strip().splitlines()[-1]
    return None


def ours(score: np.ndarray, treated: np.ndarray, ids: np.ndarray, repeats: int = 5):
    from ekspertbistand.evaluation.matching import CALIPER, greedy_match

    seconds = []
    result = None
    for _ in range(repeats):
        started = time.perf_counter()
        result = greedy_match(score, treated, CALIPER, tie_key=ids)
        seconds.append(time.perf_counter() - started)
    assert result is not None
    return result.treated, result.control, statistics.median(seconds)


def peer(method: str, score: np.ndarray, treated: np.ndarray, tag: str):
    source = VAR / f"scores-{tag}.npz"
    target = VAR / f"{method}-{tag}.npz"
    np.savez(source, score=score, treated=treated)
    run = timed(
        [
            str(BENCH_VENV / "bin" / "python"),
            str(ROOT / "bench" / "peer_match.py"),
            method,
            str(source),
            str(target),
        ]
    )
    data = np.load(target)
    return data["treated"], data["control"], float(data["seconds"]), float(run["peak_mib"])


def quality(frame: pl.DataFrame, t_rows: np.ndarray, c_rows: np.ndarray) -> tuple[int, float]:
    from ekspertbistand.evaluation.matching import (
        COVARIATES,
        MatchResult,
        standardised_differences,
    )

    x = frame.select(list(COVARIATES)).to_numpy().astype(np.float64)
    treated = frame["recipient"].to_numpy()
    match = MatchResult(t_rows.astype(np.int64), c_rows.astype(np.int64), np.zeros(t_rows.size))
    _, after = standardised_differences(x, treated, match)
    return int(t_rows.size), float(np.nanmax(np.abs(after)))


def compare(out: Path, tag: str, methods: list[str]) -> list[dict[str, object]]:
    frame = pl.read_parquet(out / "tables" / "propensity.parquet")
    score = frame["score"].to_numpy()
    treated = frame["recipient"].to_numpy()
    ids = frame["person_id"].to_numpy()
    rows = []
    t_rows, c_rows, seconds = ours(score, treated, ids)
    pairs, smd = quality(frame, t_rows, c_rows)
    rows.append(
        {
            "method": "ekspertbistand (vår)",
            "seconds": seconds,
            "pairs": pairs,
            "max_smd": smd,
            "peak_mib": None,
        }
    )
    for method in methods:
        try:
            t_rows, c_rows, seconds, peak = peer(method, score, treated, tag)
        except Exception as error:  # noqa: BLE001 - recorded in the document
            rows.append({"method": method, "error": str(error).strip().splitlines()[-1]})
            continue
        pairs, smd = quality(frame, t_rows, c_rows)
        rows.append({"method": method, "seconds": seconds, "pairs": pairs, "max_smd": smd, "peak_mib": peak})
    return rows


def fmt(value: float, decimals: int = 2) -> str:
    return f"{value:,.{decimals}f}".replace(",", " ")


def write_doc(results: dict[str, object]) -> None:
    m = results["machine"]
    lines = [
        "# Benchmarks: the outcome evaluation",
        "",
        "Written by `make bench` (`.venv/bin/python bench/run.py`); do not edit by hand.",
        "Method and goals: docs/evaluation.md and issue 8. Times are wall clock; memory is the",
        "peak resident set of the child process (`/usr/bin/time -v`).",
        "",
        "## Machine",
        "",
        f"- date: {m['date']}",
        f"- CPU: {m['cpu']}, nproc = {m['nproc']}",
        f"- memory: {m['memory']}",
        f"- Python {m['python']}, Polars {m['polars']}, NumPy {m['numpy']}",
        f"- load average at start (1 / 5 / 15 min): {m.get('load', 'ukjent')}; the machine "
        "is shared, and other work running at the same time lengthens every wall time",
        "",
        "## Default size (672 197 people, 106 217 employers, 3 229 recipients)",
        "",
        "| what | wall (s) | peak memory (MiB) | goal |",
        "|---|---:|---:|---|",
    ]
    gen = results["generate_full"]
    floor = results["read_floor"]
    pipe = results["pipeline"]
    rep = results["report"]
    lines += [
        f"| generate the register | {fmt(gen['wall'])} | {fmt(gen['peak_mib'], 0)} | well under a minute |",
        f"| read floor: read every input table, nothing else | {fmt(floor['wall'])} | "
        f"{fmt(floor['peak_mib'], 0)} | — |",
        f"| pipeline steps 1–6, whole process (median of 3) | {fmt(pipe['wall'])} | "
        f"{fmt(pipe['peak_mib'], 0)} | ≤ 10 s, ≤ 4 GiB |",
        f"| report (step 7, HTML + PDF) alone | {fmt(rep['wall'])} | {fmt(rep['peak_mib'], 0)} | — |",
        "",
        f"All three pipeline runs: {', '.join(fmt(w) for w in pipe['walls'])} s. "
        "The whole process includes starting Python and importing Polars, NumPy, SciPy and "
        "matplotlib. Inside the process (last run, from `timings.json`):",
        "",
        "| step | seconds |",
        "|---|---:|",
    ]
    for name, seconds in pipe["steps"].items():
        lines.append(f"| {name} | {fmt(seconds)} |")
    lines.append("")
    for tag, title in (
        ("full", "full size (672 197 people, 3 229 recipients)"),
        ("10pct", "10 % size (67 220 people, 323 recipients)"),
    ):
        rows = results.get(f"matching_{tag}")
        if not rows:
            continue
        ours_row = rows[0]
        lines += [
            f"## Matching on the same scores, {title}",
            "",
            "1:1 nearest neighbour, without replacement, caliper 0.01 on the score "
            "(causalml: `caliper = 0.01 / score.std()`). Seconds are the matching call alone.",
            "",
            "| method | seconds | pairs | max \\|SMD\\| after | peak memory (MiB) | ours faster by |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for row in rows:
            if "error" in row:
                lines.append(f"| {row['method']} | could not run: {row['error']} | | | | |")
                continue
            ratio = row["seconds"] / ours_row["seconds"] if row is not ours_row else 1.0
            peak = "—" if row["peak_mib"] is None else fmt(row["peak_mib"], 0)
            lines.append(
                f"| {row['method']} | {fmt(row['seconds'], 4)} | {row['pairs']} | "
                f"{fmt(row['max_smd'], 4)} | {peak} | {fmt(ratio, 0)}× |"
            )
        lines.append("")
    if results.get("peer_install_error"):
        lines += [
            "## Peers not installed",
            "",
            f"`pip install {' '.join(PEERS)}` into .bench-venv failed: {results['peer_install_error']}",
            "",
        ]
    x10 = results.get("scale_10")
    if x10:
        lines += [
            "## --scale 10 (6.7 million people, 32 290 recipients)",
            "",
            "| what | wall (s) | peak memory (MiB) | goal |",
            "|---|---:|---:|---|",
            f"| generate | {fmt(x10['generate']['wall'])} | {fmt(x10['generate']['peak_mib'], 0)} | — |",
            f"| pipeline steps 1–6 | {fmt(x10['pipeline']['wall'])} | "
            f"{fmt(x10['pipeline']['peak_mib'], 0)} | inside 24 GiB |",
            "",
        ]
    lines += [
        "psmpy is never run at full size: it builds two treated × controls arrays, over",
        "32 GiB at 3 229 × 669 000, and would exhaust this machine's memory.",
        "",
    ]
    DOC.write_text("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-scale-10", action="store_true")
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--pages-only", action="store_true",
                        help="only the web pages (bench/pages.py)")
    parser.add_argument("--skip-pages", action="store_true",
                        help="leave out the web pages, keeping their last numbers")
    args = parser.parse_args()
    if args.pages_only:
        return pages.run()
    kept_pages = pages.current_section()
    os.environ.setdefault("POLARS_MAX_THREADS", str(os.cpu_count() or 2))
    VAR.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {"machine": machine()}

    full, tenth = VAR / "register-full", VAR / "register-10pct"
    print("Lager registre …", flush=True)
    results["generate_full"] = ensure_register(full, 1.0)
    ensure_register(tenth, 0.1)
    print("Måler innlesing og pipeline …", flush=True)
    results["read_floor"] = read_floor(full)
    results["pipeline"] = pipeline(full, VAR / "results-full")
    results["report"] = timed([*EVAL, "report", "--out", str(VAR / "results-full")])
    pipeline(tenth, VAR / "results-10pct", runs=1)

    methods_full: list[str] = []
    methods_tenth: list[str] = []
    if not args.skip_peers:
        print("Installerer causalml og psmpy i .bench-venv …", flush=True)
        error = install_peers()
        if error:
            results["peer_install_error"] = error
        else:
            methods_full, methods_tenth = ["causalml"], ["causalml", "psmpy"]
    print("Sammenligner matching …", flush=True)
    results["matching_full"] = compare(VAR / "results-full", "full", methods_full)
    results["matching_10pct"] = compare(VAR / "results-10pct", "10pct", methods_tenth)

    if not args.skip_scale_10:
        print("Skala 10 …", flush=True)
        big = VAR / "register-x10"
        generate = ensure_register(big, 10.0)
        run = timed([*EVAL, "run", "--no-report", "--data", str(big), "--out", str(VAR / "results-x10")])
        results["scale_10"] = {"generate": generate, "pipeline": run}

    write_doc(results)
    if args.skip_pages:
        pages.write_section(kept_pages)
    elif pages.run() != 0:
        return 1
    slim = json.loads(json.dumps(results, default=str))
    for value in slim.values():
        if isinstance(value, dict):
            value.pop("stdout", None)
            value.pop("stderr", None)
    (VAR / "results.json").write_text(json.dumps(slim, indent=2, default=str))
    print(DOC.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
