"""Read-only admin views: the expert's notes are left out (they are the expert's alone)."""

from django.contrib import admin

from ekspertbistand.assignments.models import Assignment, FollowUp, NavFollowUpTask


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly):
    list_display = ("case", "state", "invited_at")
    list_filter = ("state",)
    fields = ("case", "grant", "expert", "state", "invited_at", "answered_at")


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnly):
    list_display = ("case", "respondent", "outcome", "helped", "answered_at")


@admin.register(NavFollowUpTask)
class NavFollowUpTaskAdmin(ReadOnly):
    list_display = ("case", "created_at", "done_at")
