"""``ekspertbistand-eval``: the outcome evaluation on register data, from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from ekspertbistand.evaluation.io import DEFAULT_DATA_DIR, DEFAULT_OUT_DIR
from ekspertbistand.evaluation.validate import RegisterValidationError

STEP_HELP = {
    "target-group": "steg 1: finn målgruppen (≥ 8 ukers sykefravær, eller mottaker)",
    "status": "steg 2: arbeidsmarkedsstatus per år 2018–2024",
    "sequences": "steg 3: fordeling per år (Figur 21) og vanligste sekvenser",
    "match": "steg 4: propensity score, matching og balansetabell",
    "outcomes": "steg 5: Tabell 7 med kjikvadrattest",
    "sensitivity": "steg 6: placebotest og Rosenbaum-grenser",
    "background": "steg 1b: bakgrunnen til virksomheter og personer (Tabell 4 og 5)",
}


def _add_paths(parser: argparse.ArgumentParser, out: bool = True) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help=f"mappe med registeruttrekket som Parquet (standard: {DEFAULT_DATA_DIR})",
    )
    if out:
        parser.add_argument(
            "--out",
            type=Path,
            default=DEFAULT_OUT_DIR,
            help=f"mappe for resultater (standard: {DEFAULT_OUT_DIR})",
        )


def _window(text: str) -> object:
    from ekspertbistand.evaluation.coverage import Window

    try:
        return Window.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ekspertbistand-eval",
        description="Utfallsevaluering av tilskudd til ekspertbistand på registerdata.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="kommando")

    generate = commands.add_parser("generate", help="lag et syntetisk registeruttrekk")
    _add_paths(generate, out=False)
    generate.add_argument(
        "--scale", type=float, default=1.0, help="størrelse i forhold til evalueringens (1,0)"
    )
    generate.add_argument("--seed", type=int, default=2024, help="frø for tilfeldige tall")
    generate.add_argument(
        "--sick-leave-from",
        type=dt.date.fromisoformat,
        default=None,
        help="første dag med sykefravær i uttrekket (standard 2019-01-01, som evalueringens)",
    )

    validate = commands.add_parser("validate", help="kontroller et registeruttrekk")
    _add_paths(validate, out=False)

    run = commands.add_parser("run", help="kjør hele analysen (steg 1–7)")
    _add_paths(run)
    run.add_argument("--no-report", action="store_true", help="hopp over rapporten (steg 7)")
    run.add_argument("--no-pdf", action="store_true", help="lag bare HTML-rapporten")
    run.add_argument("--no-tree", action="store_true", help="hopp over regresjonstreet (Figur 22)")

    for name, text in STEP_HELP.items():
        _add_paths(commands.add_parser(name, help=text))
    _add_paths(commands.add_parser("tree", help="Figur 22: regresjonstre på sekvensene"))
    for name in (*STEP_HELP, "run", "tree"):
        commands.choices[name].add_argument(
            "--window",
            type=_window,
            default=None,
            help="perioden tilsagn og sykefravær telles i, FRA:TIL "
            "(standard 2019-09-01:2023-09-30, som evalueringen)",
        )

    report = commands.add_parser("report", help="steg 7: rapport (HTML og PDF)")
    report.add_argument("--out", type=Path, default=DEFAULT_OUT_DIR, help="resultatmappen")
    report.add_argument("--no-pdf", action="store_true", help="lag bare HTML-rapporten")

    export = commands.add_parser(
        "export-grants",
        help="tjenestens innvilgede saker som behandlingstabell (pseudonymisert)",
    )
    export.add_argument(
        "--output",
        type=Path,
        default=Path("var/eval/export/grants.parquet"),
        help="Parquet-fil som skrives (standard: var/eval/export/grants.parquet)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    console = Console(stderr=True)
    try:
        return _dispatch(args, console)
    except RegisterValidationError as error:
        console.print(f"[red]{error}[/red]", highlight=False)
        return 2
    except Exception as error:
        from ekspertbistand.evaluation.pipeline import MissingStepError

        if isinstance(error, MissingStepError | FileNotFoundError):
            console.print(f"[red]{error}[/red]", highlight=False)
            return 2
        raise


def _dispatch(args: argparse.Namespace, console: Console) -> int:
    if args.command == "generate":
        from ekspertbistand.evaluation.generate import (
            SICK_LEAVE_FROM,
            generate_register,
            manifest,
            write_register,
        )

        started = time.perf_counter()
        sick_from = args.sick_leave_from or SICK_LEAVE_FROM
        with console.status("Lager syntetisk register …"):
            tables = generate_register(scale=args.scale, seed=args.seed, sick_leave_from=sick_from)
            write_register(tables, args.data, manifest(args.scale, args.seed, sick_from))
        sizes = ", ".join(f"{name}: {frame.height:,}".replace(",", " ") for name, frame in tables.items())
        console.print(
            f"[green]✓[/green] Syntetisk register skrevet til {args.data} "
            f"på {time.perf_counter() - started:.1f} s ({sizes})".replace(".", ",", 1),
            highlight=False,
        )
        return 0
    if args.command == "validate":
        from ekspertbistand.evaluation.validate import validate_register

        issues = validate_register(args.data)
        if issues:
            for issue in issues:
                console.print(f"[red]✗[/red] {issue.message()}", highlight=False)
            console.print(f"{len(issues)} feil funnet. Uttrekket kan ikke analyseres.")
            return 2
        console.print(f"[green]✓[/green] {args.data}: ingen feil funnet.", highlight=False)
        return 0
    if args.command == "export-grants":
        from ekspertbistand.evaluation.export_grants import export_grants

        count = export_grants(args.output)
        console.print(
            f"[green]✓[/green] {count} innvilgede saker skrevet til {args.output} (pseudonymisert).",
            highlight=False,
        )
        return 0

    from ekspertbistand.evaluation.pipeline import Context, run_pipeline, run_report, run_step

    if args.command == "report":
        ctx = Context(data_dir=DEFAULT_DATA_DIR, out_dir=args.out, console=console)
        run_report(ctx, pdf=not args.no_pdf)
        return 0
    from ekspertbistand.evaluation.coverage import REPORT_WINDOW

    ctx = Context(data_dir=args.data, out_dir=args.out, console=console, window=args.window or REPORT_WINDOW)
    if args.command == "run":
        timings = run_pipeline(ctx, report=not args.no_report, pdf=not args.no_pdf, tree=not args.no_tree)
        console.print(
            f"Analyse (steg 1–6, med innlesing): {timings['analysis_total']:.2f} s. "
            f"Resultater i {args.out}".replace(".", ",", 1),
            highlight=False,
        )
    else:
        run_step(ctx, args.command)
    _print_checks(ctx, console)
    return 0


def _print_checks(ctx: object, console: Console) -> None:
    """What the data could not carry, as the run ends (also in the report)."""
    from ekspertbistand.evaluation.checks import WARNING, read_checks

    for row in read_checks(ctx.tables_dir).iter_rows(named=True):  # type: ignore[attr-defined]
        mark = "[yellow]Advarsel:[/yellow]" if row["severity"] == WARNING else "[cyan]Merknad:[/cyan]"
        console.print(f"{mark} {row['message']}", highlight=False)


if __name__ == "__main__":
    sys.exit(main())
