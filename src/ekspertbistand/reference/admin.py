"""Admin for the reference data NAV edits: counties, municipalities, NAV units with coverage, rates.

See docs/reference-data.md for which fields a reload of the data files keeps as NAV left them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import County, MaxRate, Municipality, NavUnit, UnitCoverage


class UnitCoverageForm(forms.ModelForm):
    """A coverage period ends no earlier than it starts; a municipality has one centre at a time."""

    class Meta:
        model = UnitCoverage
        fields = ["unit", "municipality", "valid_from", "valid_to"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        valid_from = cleaned.get("valid_from")
        valid_to = cleaned.get("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            self.add_error("valid_to", _("«Gyldig til» kan ikke være før «gyldig fra»."))
            return cleaned
        unit = cleaned.get("unit") or getattr(self.instance, "unit", None)
        municipality = cleaned.get("municipality")
        if (valid_from and municipality and unit is not None
                and unit.kind == NavUnit.Kind.WORKLIFE_CENTRE):
            overlapping = (
                UnitCoverage.objects
                .filter(municipality=municipality, unit__kind=NavUnit.Kind.WORKLIFE_CENTRE)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
                .exclude(pk=self.instance.pk)
            )
            if unit.pk is not None:
                overlapping = overlapping.exclude(unit=unit)
            if valid_to:
                overlapping = overlapping.filter(valid_from__lte=valid_to)
            other = overlapping.select_related("unit").first()
            if other is not None:
                raise forms.ValidationError(
                    _("%(municipality)s dekkes allerede av %(unit)s i perioden (%(period)s). "
                      "En kommune kan bare ha ett arbeidslivssenter om gangen: avslutt den "
                      "andre perioden først."),
                    params={"municipality": municipality, "unit": other.unit,
                            "period": f"{other.valid_from}–{other.valid_to or ''}"},
                )
        return cleaned


class UnitCoverageInline(admin.TabularInline):
    model = UnitCoverage
    form = UnitCoverageForm
    fk_name = "unit"
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = ["municipality", "valid_from", "valid_to"]
    ordering = ["valid_from", "municipality__number"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "valid_from", "valid_to"]
    search_fields = ["number", "name"]
    ordering = ["number"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "county", "centrality"]
    list_filter = ["county", "centrality"]
    search_fields = ["number", "name"]
    list_select_related = ["county"]
    ordering = ["number"]


@admin.register(NavUnit)
class NavUnitAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "kind", "parent", "delegated_authority", "recommends_only",
                    "requires_prior_contact", "email", "phone"]
    list_filter = ["kind", "delegated_authority", "recommends_only", "requires_prior_contact",
                   "two_step_decisions",
                   ("coverage__municipality__county", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "name", "coverage__municipality__number",
                     "coverage__municipality__name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [UnitCoverageInline]
    fieldsets = [
        (None, {"fields": ["number", "name", "kind", "parent"]}),
        (_("Kontaktinformasjon"), {"fields": ["email", "phone"]}),
        (_("Vedtaksmyndighet og ruting"),
         {"fields": ["delegated_authority", "recommends_only", "requires_prior_contact",
                     "two_step_decisions"]}),
    ]


@admin.register(UnitCoverage)
class UnitCoverageAdmin(admin.ModelAdmin):
    form = UnitCoverageForm
    list_display = ["unit", "municipality", "valid_from", "valid_to"]
    list_filter = ["unit__kind", "municipality__county", "unit"]
    search_fields = ["unit__number", "unit__name", "municipality__number", "municipality__name"]
    autocomplete_fields = ["unit", "municipality"]
    list_select_related = ["unit", "municipality"]
    date_hierarchy = "valid_from"


@admin.register(MaxRate)
class MaxRateAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "amount_kr", "source"]
    search_fields = ["source"]
    ordering = ["effective_from"]
