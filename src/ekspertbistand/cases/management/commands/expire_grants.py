"""Expire grants whose refund deadline has passed (DOMAIN §3.7), releasing their budget.
Idempotent: run daily by the platform's scheduler."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ekspertbistand.cases.actions.grants import expire_overdue_grants


class Command(BaseCommand):
    help = "Lar tilsagn der fristen for refusjon er passert, falle bort (frigjør budsjettet)."

    def handle(self, *args: Any, **options: Any) -> None:
        expired = expire_overdue_grants()
        self.stdout.write(f"{expired} tilsagn falt bort.")
