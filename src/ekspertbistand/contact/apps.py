from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "ekspertbistand.contact"
    label = "contact"
    verbose_name = _("Kontakt med NAV")

    def ready(self) -> None:
        from ekspertbistand.contact import tasks  # noqa: F401  (registers the outbox handlers)
