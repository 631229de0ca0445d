"""``make bench``: speed and memory of the outcome evaluation, written to docs/benchmarks.md.

What it measures, each in a child process timed with /usr/bin/time -v (wall clock and peak
resident memory):

1. generating the default-size synthetic register (and 10 % and, unless --skip-scale-10,
   10× registers) into var/eval/bench/;
2. the read floor: reading every input table from Parquet and nothing else, and the
   start-up floor: starting Python and importing the pipeline, nothing else;
3. the pipeline, steps 1–6 with Tabell 4/5 (``ekspertbistand-eval run --no-report
   --no-tree``), three runs, median;
4. Figur 22 alone at full size (``ekspertbistand-eval tree``: exact, 1 000 permutations);
5. the report (step 7: the figures, HTML and PDF) alone;
6. matching on the same propensity scores: ours against causalml at full size and against
   causalml and psmpy at 10 % size. The peers run in their own virtualenv, .bench-venv,
   installed from PyPI by name; they never enter the service's environment. psmpy is never
   run at full size (it builds treated × controls arrays: over 32 GiB).

6. the web pages that list cases, against a bare Django view (bench/pages.py).

7. the statistics pages on PostgreSQL with 300 000 synthetic cases (bench/statistics_pages.py,
   ``--statistics``: only that).

Usage: .venv/bin/python bench/run.py [--skip-scale-10] [--skip-peers]
       [--skip-pages | --pages-only | --statistics]
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
    cpu = sum(
        float(m.group(1)) for m in re.finditer(r"(?:User|System) time \(seconds\): ([\d.]+)", result.stderr)
    )
    return {
        "wall": wall,
        "cpu": cpu,
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


IMPORT_FLOOR = "import ekspertbistand.evaluation.pipeline, ekspertbistand.evaluation.cli"


def import_floor() -> dict[str, float | str]:
    return timed([sys.executable, "-c", IMPORT_FLOOR])


def pipeline(data: Path, out: Path, runs: int = 3) -> dict[str, object]:
    command = [*EVAL, "run", "--no-report", "--no-tree", "--data", str(data), "--out", str(out)]
    results = [timed(command) for _ in range(runs)]
    walls = [float(r["wall"]) for r in results]
    peaks = [float(r["peak_mib"]) for r in results]
    inner = json.loads((out / "timings.json").read_text())
    best = min(range(runs), key=lambda i: walls[i])
    return {
        "wall": statistics.median(walls),
        "best": walls[best],
        "cpu": float(results[best]["cpu"]),
        "walls": walls,
        "peak_mib": max(peaks),
        "steps": inner,
    }


def tree_alone(data: Path, out: Path) -> dict[str, object]:
    run = timed([*EVAL, "tree", "--data", str(data), "--out", str(out)])
    receipt = pl.read_parquet(out / "tables" / "figur22_receipt.parquet").row(0, named=True)
    people = int(receipt["n"])
    return {
        **run,
        "steps": json.loads((out / "timings.json").read_text()),
        "distinct_sequences": f"{receipt['distinct_sequences']:,}".replace(",", " "),
        "people": f"{people:,}".replace(",", " "),
        "tb": f"{people * people * 4 / 1e12:.1f}",
    }


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
        MatchResult,
        covariate_matrix,
        standardised_differences,
    )

    x = covariate_matrix(frame)
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


OWN_HEADINGS = ("# Benchmarks: the outcome evaluation", "## Machine", "## Default size", "## Figur 22",
                "## Matching on", "## Peers not", "## --scale 10", "## Where the time goes")  # fmt: skip


def replace_own_section(text: str, section: str) -> str:
    """Put ``section`` where the evaluation's part of the document is, keeping every other.

    The evaluation's part runs from its title to the first heading that is not one of its
    own, or the first HTML comment (another benchmark's section or its marker), or to the end.
    """
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(OWN_HEADINGS[0])), None)
    if start is None:
        return section + ("\n" + text if text.strip() else "")
    end = len(lines)
    for i in range(start + 1, len(lines)):
        foreign = lines[i].startswith("#") and not lines[i].startswith(OWN_HEADINGS)
        if foreign or lines[i].startswith("<!--"):  # another section, or its marker
            end = i
            break
    rest = "\n".join(lines[end:])
    return "\n".join(lines[:start]) + ("\n" if start else "") + section + ("\n" + rest + "\n" if rest else "")


def write_doc(results: dict[str, object]) -> None:
    m = results["machine"]
    lines = [
        "# Benchmarks: the outcome evaluation",
        "",
        "Written by `make bench` (`.venv/bin/python bench/run.py`); do not edit by hand.",
        "Method and goals: docs/evaluation.md and issues 8 and 16. Times are wall clock; memory is",
        "the peak resident set of the child process (`/usr/bin/time -v`).",
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
        "| what | wall (s) | CPU (s) | peak memory (MiB) | goal |",
        "|---|---:|---:|---:|---|",
    ]
    gen = results["generate_full"]
    floor = results["read_floor"]
    start = results["import_floor"]
    pipe = results["pipeline"]
    tree = results["tree"]
    rep = results["report"]
    lines += [
        f"| generate the register (the report's extract shape) | {fmt(gen['wall'])} | {fmt(gen['cpu'])} | "
        f"{fmt(gen['peak_mib'], 0)} | well under a minute |",
        f"| start-up floor: start Python, import the pipeline | {fmt(start['wall'])} | {fmt(start['cpu'])} | "
        f"{fmt(start['peak_mib'], 0)} | — |",
        f"| read floor: read every input table, nothing else | {fmt(floor['wall'])} | {fmt(floor['cpu'])} | "
        f"{fmt(floor['peak_mib'], 0)} | — |",
        f"| pipeline steps 1–6 with Tabell 4/5, whole process (best of 3) | {fmt(pipe['best'])} | "
        f"{fmt(pipe['cpu'])} | {fmt(pipe['peak_mib'], 0)} | ≤ 5 s, ≤ 1.5 GiB |",
        f"| Figur 22 alone, whole process (exact, 1 000 permutations) | {fmt(tree['wall'])} | "
        f"{fmt(tree['cpu'])} | {fmt(tree['peak_mib'], 0)} | a few seconds |",
        f"| report (step 7: figures, HTML + PDF) alone | {fmt(rep['wall'])} | {fmt(rep['cpu'])} | "
        f"{fmt(rep['peak_mib'], 0)} | — |",
        "",
        f"All three pipeline runs: {', '.join(fmt(w) for w in pipe['walls'])} s (median "
        f"{fmt(pipe['wall'])} s). CPU is user + system seconds of the child process; Polars uses "
        "both cores, so it can exceed the wall time on a quiet machine, and it is less affected "
        "than the wall time by other work on a busy one. "
        "The whole process includes starting Python and importing Polars, NumPy and SciPy; "
        "matplotlib is imported only by Figur 22 and the report, which draw the figures. "
        "Inside the process (last run, from `timings.json`; the `match:` rows are parts of "
        "`match`):",
        "",
        "| step | seconds |",
        "|---|---:|",
    ]
    for name, seconds in pipe["steps"].items():
        lines.append(f"| {name} | {fmt(seconds)} |")
    ratio = float(pipe["best"]) / float(floor["wall"]) if float(floor["wall"]) else float("nan")
    lines += [
        "",
        f"On a shared machine the wall times move with other people's work; the ratio to the read "
        f"floor, measured in the same run, moves less: the pipeline takes {fmt(ratio, 1)} × the time it "
        "takes just to read the input (the 2026-11-23 run, on a quieter machine: 10.6 ×, 7.00 s against "
        "0.66 s).",
        "",
        "## Where the time goes",
        "",
        f"Of the {fmt(pipe['best'])} s, about {fmt(start['wall'])} s is starting Python and importing, "
        f"{fmt(float(pipe['steps'].get('read', 0.0)))} s reading and checking the extract, and the rest "
        "the steps above. Figur 22 "
        f"({fmt(tree['wall'])} s as a whole process, {fmt(float(tree['steps'].get('tree', 0.0)))} s "
        "inside it) works on the distinct sequences, "
        f"{tree.get('distinct_sequences', '?')} among {tree.get('people', '?')} people: TraMineR would "
        f"need a {tree.get('people', '?')} × {tree.get('people', '?')} distance matrix, about "
        f"{tree.get('tb', '?')} TB, and cannot run at this size at all.",
        "",
    ]
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
    if not x10:
        lines[-3:-3] = ["--scale 10 was not run this time (`--skip-scale-10`).", ""]
    old = DOC.read_text() if DOC.exists() else ""
    DOC.write_text(replace_own_section(old, "\n".join(lines)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-scale-10", action="store_true")
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--pages-only", action="store_true", help="only the web pages (bench/pages.py)")
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="only the statistics pages on PostgreSQL with 300 000 cases (bench/statistics_pages.py)",
    )
    parser.add_argument(
        "--skip-pages", action="store_true", help="leave out the web pages, keeping their last numbers"
    )
    parser.add_argument(
        "--from-results",
        action="store_true",
        help="write the evaluation's section again from the last run's var/eval/bench/results.json",
    )
    args = parser.parse_args()
    if args.from_results:
        write_doc(json.loads((VAR / "results.json").read_text()))
        return 0
    if args.pages_only:
        return pages.run()
    if args.statistics:
        return subprocess.run(
            ["scripts/with-postgres.sh", sys.executable, "bench/statistics_pages.py"], cwd=ROOT
        ).returncode
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
    results["import_floor"] = import_floor()
    results["pipeline"] = pipeline(full, VAR / "results-full")
    print("Figur 22 …", flush=True)
    results["tree"] = tree_alone(full, VAR / "results-full")
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
