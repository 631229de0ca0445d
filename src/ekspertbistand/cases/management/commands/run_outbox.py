import time

from django.core.management.base import BaseCommand

from ekspertbistand.cases.outbox import run_pending


class Command(BaseCommand):
    help = "Kjører ventende oppgaver fra utboksen (arkivering, varsler). Trygg å kjøre i flere kopier."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--loop", action="store_true",
                            help="Fortsett å kjøre, og se etter nye oppgaver hvert sekund.")

    def handle(self, *args, loop: bool = False, **options):  # type: ignore[no-untyped-def]
        while True:
            count = run_pending()
            if count and options["verbosity"] > 0:
                self.stdout.write(f"Kjørte {count} oppgave(r).")
            if not loop:
                return
            if not count:
                time.sleep(1)
