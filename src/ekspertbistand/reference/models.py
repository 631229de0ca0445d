"""Reference data NAV edits in the admin: counties, municipalities, NAV units, rates.

Routing never goes by a county name: a NAV unit covers a set of municipalities, each
coverage with validity dates (DOMAIN.md §2, "NAV's units are not the counties").
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """A county (fylke) with its official number, e.g. 42 Agder. Kept for statistics."""

    number = models.CharField(_("fylkesnummer"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    valid_from = models.DateField(_("gyldig fra"), default=dt.date(2024, 1, 1))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Municipality(models.Model):
    """A municipality (kommune) with its official four-digit number, e.g. 0301 Oslo."""

    number = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities",
                               verbose_name=_("fylke"))
    # Centrality class 1-6 (SSB's sentralitetsindeks), used by statistics (Tabell 5).
    centrality = models.PositiveSmallIntegerField(_("sentralitet"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class NavUnit(models.Model):
    """A NAV unit that can receive and decide cases."""

    class Kind(models.TextChoices):
        WORKLIFE_CENTRE = "ALS", _("NAV Arbeidslivssenter")
        NAV_OFFICE = "KONTOR", _("NAV-kontor")
        ADDRESS_PROTECTION = "VIKAFOSSEN", _("Enhet for personer med strengt fortrolig adresse")

    number = models.CharField(_("enhetsnummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    # The worklife centre an office with delegated authority belongs to (decides for / trains it).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="offices", verbose_name=_("arbeidslivssenter"))
    delegated_authority = models.BooleanField(
        _("delegert vedtaksmyndighet"), default=False,
        help_text=_("Kontoret kan behandle og avgjøre saker om ekspertbistand (DOMAIN §3.9)."),
    )
    recommends_only = models.BooleanField(
        _("bare innstilling"), default=False,
        help_text=_("Kontoret skriver innstilling; arbeidslivssenteret fatter vedtaket."),
    )
    requires_prior_contact = models.BooleanField(
        _("krever tidligere kontakt"), default=False,
        help_text=_("Saken rutes hit bare når arbeidsgiver har vært i kontakt med kontoret."),
    )
    two_step_decisions = models.BooleanField(
        _("to-trinns vedtak"), default=True,
        help_text=_("Saksbehandleren foreslår vedtak og en beslutter godkjenner det. Uten: "
                    "en beslutter fatter vedtaket selv."),
    )
    refund_report_first = models.BooleanField(
        _("rapport før refusjon"), default=True,
        help_text=_("Arbeidsgiveren kan sende krav om refusjon først når NAV har fått "
                    "rapporten fra eksperten."),
    )
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    target_days = models.PositiveSmallIntegerField(
        _("mål for behandlingstid (dager)"), default=10,
        help_text=_("Saker eldre enn dette merkes i arbeidskøen (DOMAIN §4: «høyst ti dager»)."))
    information_reminder_days = models.PositiveSmallIntegerField(
        _("påminnelse etter (dager)"), default=14,
        help_text=_("Arbeidsgiveren får én påminnelse når et spørsmål fra NAV ikke er besvart "
                    "etter så mange dager."))

    class Meta:
        ordering = ["number"]
        verbose_name = _("NAV-enhet")
        verbose_name_plural = _("NAV-enheter")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class UnitCoverage(models.Model):
    """That a NAV unit covers a municipality from one date (inclusive) to another (inclusive)."""

    unit = models.ForeignKey(NavUnit, on_delete=models.CASCADE, related_name="coverage",
                             verbose_name=_("NAV-enhet"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                     related_name="coverage", verbose_name=_("kommune"))
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        ordering = ["unit__number", "municipality__number", "valid_from"]
        verbose_name = _("dekningsområde")
        verbose_name_plural = _("dekningsområder")

    def __str__(self) -> str:
        return f"{self.unit} – {self.municipality} ({self.valid_from}–{self.valid_to or ''})"


class MaxRate(models.Model):
    """The grant's maximum amount per year, from a date (DOMAIN §3.5). Edited by NAV."""

    effective_from = models.DateField(_("gjelder fra"), unique=True)
    amount_kr = models.PositiveIntegerField(_("maksimal sats (kr per år)"))
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("maksimal sats")
        verbose_name_plural = _("maksimale satser")

    def __str__(self) -> str:
        return f"{self.amount_kr} kr fra {self.effective_from}"
