"""NAV's administration of who may act, and of the outbox. Case contents are not here:
they are seen through the case pages, where access is checked and every read is logged."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from ekspertbistand.cases.models import (
    AuditEvent,
    EmployerAccess,
    Expert,
    Organisation,
    OutboxTask,
    UnitMembership,
    User,
)


class EmployerAccessInline(admin.TabularInline):
    model = EmployerAccess
    extra = 0
    autocomplete_fields = ["organisation"]


class UnitMembershipInline(admin.TabularInline):
    model = UnitMembership
    extra = 0


@admin.register(User)
class EkspertbistandUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Ekspertbistand", {"fields": ("national_id", "nav_ident")}))
    inlines = [EmployerAccessInline, UnitMembershipInline]
    list_display = ("username", "first_name", "last_name", "nav_ident", "is_staff")
    search_fields = ("username", "first_name", "last_name", "nav_ident")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("orgnr", "name", "municipality", "employee_count", "refreshed_at")
    search_fields = ("orgnr", "name")
    list_select_related = ("municipality",)


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ("name", "company", "orgnr", "education", "qualification_checked_at", "listed")
    list_filter = ("listed",)
    search_fields = ("name", "company", "orgnr")
    # NAV marks the qualification on «Kontroll av eksperter» (/eksperter/kontroll/), with audit.
    readonly_fields = ("qualification_checked_at", "qualification_checked_by",
                       "qualification_note")


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    list_display = ("kind", "state", "attempts", "created_at", "available_at", "done_at")
    list_filter = ("state", "kind")
    readonly_fields = [f.name for f in OutboxTask._meta.fields]
    actions = ["retry"]

    @admin.action(description="Prøv valgte oppgaver på nytt")
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxTask]) -> None:
        count = queryset.exclude(state=OutboxTask.State.DONE).update(
            state=OutboxTask.State.PENDING, attempts=0, available_at=timezone.now())
        self.message_user(request, f"{count} oppgave(r) settes i kø igjen.", messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ("at", "action", "actor", "actor_role", "case")
    list_filter = ("action", "actor_role")
    date_hierarchy = "at"
    list_select_related = ("actor", "case")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
