from django.core.management.base import BaseCommand

from ekspertbistand.cases.actions.application import delete_stale_drafts
from ekspertbistand.domain.retention import DRAFT_RETENTION_DAYS


class Command(BaseCommand):
    help = (f"Sletter utkast som ingen har lagret på {DRAFT_RETENTION_DAYS} dager. Kjøres én "
            "gang i døgnet; trygg å kjøre flere ganger og i flere kopier.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        count = delete_stale_drafts()
        if options["verbosity"] > 0:
            self.stdout.write(f"Slettet {count} utkast som ikke var lagret på "
                              f"{DRAFT_RETENTION_DAYS} dager.")
