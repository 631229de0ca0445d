"""A provider (leverandør) is the organisation an expert works in, checked against
Enhetsregisteret. The experts themselves are ``cases.Expert`` (they log in, and applications
name them), which points to its provider.

Rows change only through ``experts/actions.py``; pages read through ``experts/selectors.py``.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Provider(models.Model):
    """An organisation that provides expert assistance (BHT, tiltaksarrangør, sole trader)."""

    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, unique=True)
    # As registered in Enhetsregisteret when last checked; not typed by the provider.
    name = models.CharField(_("navn"), max_length=200)
    municipality_number = models.CharField(_("kommunenummer (forretningsadresse)"), max_length=4,
                                           blank=True)
    checked_in_register_at = models.DateTimeField(_("kontrollert i Enhetsregisteret"), null=True,
                                                  blank=True)
    # The provider's own contact details for the public list.
    website = models.URLField(_("nettside"), blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("registrert"), default=timezone.now)

    class Meta:
        verbose_name = _("leverandør")
        verbose_name_plural = _("leverandører")

    def __str__(self) -> str:
        return f"{self.name} ({self.orgnr})"
