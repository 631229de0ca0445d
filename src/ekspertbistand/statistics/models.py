"""The statistics right (decision 0056): a Django permission, given to NAV staff through the
group «Statistikk» in the admin. The model has no table; it only carries the permission."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatisticsRight(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_statistics", _("Kan se statistikk og styringsinformasjon"))]
        verbose_name = _("statistikktilgang")
        verbose_name_plural = _("statistikktilganger")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
