"""``manage.py load_reference_data``: reload the reference data files after NAV has updated them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ekspertbistand.reference.loading import load_reference_data


class Command(BaseCommand):
    help = ("Leser referansedatafilene (fylker, kommuner, NAV-enheter med dekningsområder, satser) "
            "inn i databasen. Kan kjøres flere ganger; NAVs endringer av kontaktinformasjon, "
            "rutingsvalg og satser i admin beholdes.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_reference_data()
        versions = ", ".join(
            f"{name} {version}" for name, version in sorted(report.versions.items()))
        self.stdout.write(f"Datafiler: {versions}")
        if not report.changed:
            self.stdout.write(
                self.style.SUCCESS("Ingen endringer: databasen samsvarer med datafilene."))
        for table, count in sorted(report.created.items()):
            self.stdout.write(f"Opprettet {count} i {table}")
        for table, count in sorted(report.updated.items()):
            self.stdout.write(f"Oppdatert {count} i {table}")
        for line in report.kept:
            self.stdout.write(self.style.WARNING(f"Beholdt: {line}"))
