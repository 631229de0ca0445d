"""``manage.py send_reminders [--today YYYY-MM-DD]``: every reminder and deadline rule, once a
day. Idempotent: a second run the same day sends nothing new."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ekspertbistand.notifications.reminders import run_all


class Command(BaseCommand):
    help = "Sender påminnelser og kjører fristjobber (én gang om dagen; trygt å kjøre flere ganger)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                            help="Dagen reglene vurderes for (ÅÅÅÅ-MM-DD); standard: i dag.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        for name, count in run_all(today).items():
            self.stdout.write(f"{name}: {count}")
