from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "ekspertbistand.statistics"
    label = "statistics"
    verbose_name = "Statistikk"
