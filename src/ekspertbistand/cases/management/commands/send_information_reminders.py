"""One reminder to the employer for each question from NAV left unanswered past the unit's
limit. Idempotent: run it daily (or hourly) from the scheduler; a reminder is never sent twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ekspertbistand.cases.actions.information import send_reminders
from ekspertbistand.cases.outbox import run_pending


class Command(BaseCommand):
    help = "Send én påminnelse for spørsmål fra NAV som arbeidsgiveren ikke har svart på."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-outbox", action="store_true",
                            help="Bare legg påminnelsene i utboksen; la arbeideren sende dem.")

    def handle(self, *args: Any, **options: Any) -> None:
        queued = send_reminders()
        if not options["no_outbox"]:
            run_pending()
        self.stdout.write(f"Påminnelser lagt i utboksen: {queued}")
