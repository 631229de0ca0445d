"""The contact tables are not browsed in the admin: their contents are read on the case and
queue pages, where access is checked and NAV's reads are logged. Only routing facts show."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ekspertbistand.contact.models import TalkRequest


@admin.register(TalkRequest)
class TalkRequestAdmin(admin.ModelAdmin):
    """Which unit has which requests, read-only (changes go through the actions). No free text."""

    list_display = ("created_at", "unit", "status", "assigned_to")
    list_filter = ("status", "unit")
    fields = ("unit", "status", "assigned_to", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
