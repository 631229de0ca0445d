from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "ekspertbistand.cases"
    verbose_name = _("Saker")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ekspertbistand.cases import privacy

        user_logged_in.connect(privacy.refresh_on_login,
                               dispatch_uid="privacy.refresh_on_login")
