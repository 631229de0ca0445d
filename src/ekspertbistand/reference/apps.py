from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "ekspertbistand.reference"
    verbose_name = "Referansedata (fylker, kommuner, NAV-enheter, satser)"
