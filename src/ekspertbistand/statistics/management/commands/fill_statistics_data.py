"""manage.py fill_statistics_data [--cases 300000]: synthetic cases across 2019–2026 in every
state, for the statistics benchmark (bench/statistics_pages.py). Refuses a database that already
holds real cases unless --force: it is for throw-away databases."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from ekspertbistand.cases.models import Case
from ekspertbistand.statistics import synthetic


class Command(BaseCommand):
    help = "Fyller databasen med syntetiske saker 2019–2026 (for statistikk-målinger)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--cases", type=int, default=300_000)
        parser.add_argument("--batch", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--force", action="store_true",
                            help="også når databasen har andre saker enn syntetiske")

    def handle(self, *args: Any, **options: Any) -> None:
        real = Case.objects.exclude(reference__startswith="SYN-").exists()
        if real and not options["force"]:
            raise CommandError("Databasen har ekte saker. Bruk en tom database, eller --force.")
        total = options["cases"]
        with Progress(disable=options["verbosity"] == 0) as progress:
            task = progress.add_task("Syntetiske saker", total=total)
            synthetic.fill(total, seed=options["seed"], batch=options["batch"],
                           progress=lambda n: progress.advance(task, n))
        if options["verbosity"]:
            self.stdout.write(f"{total} syntetiske saker skrevet.")
