from django.core.management.base import BaseCommand

from ekspertbistand.cases.demo import load_demo_data


class Command(BaseCommand):
    help = "Laster demodata (virksomheter, personer, eksperter, NAV-ansatte og saker). Idempotent."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        created = load_demo_data()
        self.stdout.write("Demodata lastet." if created else "Demodata fantes fra før.")
