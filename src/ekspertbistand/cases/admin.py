"""NAV's administration of who may act, and of the outbox. Case contents are not here:
they are seen through the case pages, where access is checked and every read is logged.

People with address protection (kode 6/7) are neither listed, found nor opened here
(``cases.privacy``, decision 0015), and every read of personal data is audit-logged like a
case read (``admin_viewed`` / ``admin_listed``, with the model and object id, never the search
text)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekspertbistand.cases import audit, privacy
from ekspertbistand.cases.audit import TIMELINE_TEXT
from ekspertbistand.cases.models import (
    AuditEvent,
    EmployerAccess,
    Expert,
    Organisation,
    OutboxTask,
    UnitMembership,
    User,
)
from ekspertbistand.cases.permissions import ROLE_LABELS, Role

# The audit log's action codes as NAV reads them; a code without a label is shown as is.
ACTION_LABELS: dict[str, str] = {
    **TIMELINE_TEXT,
    "viewed": _("Saken ble lest"),
    "step_saved": _("Et steg i søknaden ble lagret"),
    "draft_deleted": _("Utkastet ble slettet"),
    "admin_viewed": _("Personopplysninger ble åpnet i admin"),
    "admin_listed": _("Liste med personopplysninger ble lest i admin"),
    "assessment_saved": _("Vurderingen av vilkårene ble lagret"),
    "decision_proposed": _("Forslag til vedtak ble sendt til beslutter"),
    "decision_returned": _("Forslaget ble sendt tilbake til saksbehandler"),
    "grant_created": _("Tilsagn ble opprettet"),
    "budget_frame_set": _("Budsjettrammen ble satt"),
}
TASK_LABELS: dict[str, str] = {
    "archive_receipt": _("Arkivere kvitteringen"),
    "notify_submitted": _("Varsle om sendt søknad"),
    "notify_consent_requested": _("Varsle arbeidstakeren om forespørsel om samtykke"),
    "notify_consent_answered": _("Varsle arbeidsgiveren om svaret på samtykke"),
    "archive_letter": _("Arkivere vedtaks- eller tilsagnsbrevet"),
    "notify_decided": _("Varsle om vedtaket"),
    "notify_grant_changed": _("Varsle om endret eller annullert tilsagn"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def role_label(code: str) -> str:
    try:
        return str(ROLE_LABELS[Role(code)])
    except ValueError:
        return code


class PersonalDataAuditMixin:
    """Opening or listing rows with personal data in the admin is audit-logged."""

    def _record(self, request: HttpRequest, action: str, **details: Any) -> None:
        audit.record(action, actor=request.user, role=Role.ADMIN,  # type: ignore[arg-type]
                     model=self.model._meta.model_name, **details)  # type: ignore[attr-defined]

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response: HttpResponse = super().change_view(  # type: ignore[misc]
            request, object_id, form_url, extra_context)
        if response.status_code == 200:
            self._record(request, "admin_viewed", object_id=str(object_id))
        return response

    def changelist_view(self, request: HttpRequest,
                        extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response: HttpResponse = super().changelist_view(  # type: ignore[misc]
            request, extra_context)
        if response.status_code == 200:
            self._record(request, "admin_listed", searched=bool(request.GET.get("q")))
        return response


class EmployerAccessInline(admin.TabularInline):
    model = EmployerAccess
    extra = 0
    autocomplete_fields = ["organisation"]


class UnitMembershipInline(admin.TabularInline):
    model = UnitMembership
    extra = 0


@admin.register(User)
class EkspertbistandUserAdmin(PersonalDataAuditMixin, UserAdmin):
    """People. A person with address protection is left out of the list and the search, and
    their page answers as if they did not exist."""

    fieldsets = (*UserAdmin.fieldsets,
                 (_("Ekspertbistand"), {"fields": ("national_id", "nav_ident")}))
    inlines = [EmployerAccessInline, UnitMembershipInline]
    list_display = ("username", "first_name", "last_name", "nav_ident", "is_staff")
    search_fields = ("username", "first_name", "last_name", "nav_ident")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).exclude(privacy.protected_people_q())

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[User],
                           search_term: str) -> tuple[QuerySet[User], bool]:
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            # People protected in the register but not yet flagged (no login, no case).
            ids = results.exclude(national_id="").values_list("national_id", flat=True)
            results = results.exclude(national_id__in=privacy.register_protected(ids))
        return results, may_have_duplicates

    def get_object(self, request: HttpRequest, object_id: str,
                   from_field: str | None = None) -> User | None:
        user = super().get_object(request, object_id, from_field)
        if user is not None and privacy.is_protected_person(user.national_id):
            return None
        return user


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("orgnr", "name", "municipality", "employee_count", "refreshed_at")
    search_fields = ("orgnr", "name")
    list_select_related = ("municipality",)


@admin.register(Expert)
class ExpertAdmin(PersonalDataAuditMixin, admin.ModelAdmin):
    list_display = ("name", "company", "orgnr", "education", "qualification_checked_at", "listed")
    list_filter = ("listed",)
    search_fields = ("name", "company", "orgnr")
    # NAV marks the qualification on «Kontroll av eksperter» (/eksperter/kontroll/), with audit.
    readonly_fields = ("qualification_checked_at", "qualification_checked_by",
                       "qualification_note")


class TaskKindFilter(admin.SimpleListFilter):
    title = _("oppgave")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        kinds = OutboxTask.objects.values_list("kind", flat=True).distinct().order_by("kind")
        return [(k, str(TASK_LABELS.get(k, k))) for k in kinds]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    list_display = ("kind_label", "state", "attempts", "created_at", "available_at", "done_at")
    list_filter = ("state", TaskKindFilter)
    readonly_fields = [f.name for f in OutboxTask._meta.fields]
    actions = ["retry"]

    @admin.display(description=_("oppgave"), ordering="kind")
    def kind_label(self, task: OutboxTask) -> str:
        return str(TASK_LABELS.get(task.kind, task.kind))

    @admin.action(description=_("Prøv valgte oppgaver på nytt"))
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxTask]) -> None:
        count = queryset.exclude(state=OutboxTask.State.DONE).update(
            state=OutboxTask.State.PENDING, attempts=0, available_at=timezone.now())
        self.message_user(request, _("%(count)s oppgave(r) settes i kø igjen.")
                          % {"count": count}, messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class ActionFilter(admin.SimpleListFilter):
    title = _("hendelse")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        codes = AuditEvent.objects.values_list("action", flat=True).distinct().order_by("action")
        return sorted(((c, action_label(c)) for c in codes), key=lambda item: item[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(action=self.value()) if self.value() else queryset


class RoleFilter(admin.SimpleListFilter):
    title = _("rolle")
    parameter_name = "actor_role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(r.value, str(label)) for r, label in ROLE_LABELS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(actor_role=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(PersonalDataAuditMixin, admin.ModelAdmin):
    """Read-only: the audit log is append-only. A protected person acting (agreeing to an
    application) is shown as «Skjermet»."""

    list_display = ("at", "action_label", "actor_shown", "role_shown", "case")
    list_filter = (ActionFilter, RoleFilter)
    date_hierarchy = "at"
    list_select_related = ("actor", "case")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        protected = User.objects.filter(privacy.protected_people_q(), pk=OuterRef("actor_id"))
        return super().get_queryset(request).annotate(actor_protected=Exists(protected))

    @admin.display(description=_("hendelse"), ordering="action")
    def action_label(self, event: AuditEvent) -> str:
        return action_label(event.action)

    @admin.display(description=_("utført av"), ordering="actor")
    def actor_shown(self, event: AuditEvent) -> str:
        if event.actor is None:
            return str(_("Tjenesten"))
        if getattr(event, "actor_protected", True):
            return str(privacy.SHIELDED)
        return str(event.actor)

    @admin.display(description=_("rolle"), ordering="actor_role")
    def role_shown(self, event: AuditEvent) -> str:
        return role_label(event.actor_role) if event.actor_role else "–"

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["at", "action_label", "actor_shown", "role_shown", "case", "public", "details"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return self.get_fields(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# --- Budget frames (decision 0029): NAV sets each year's frame, nationally or per unit. ---
from ekspertbistand.cases.models import BudgetFrame  # noqa: E402


@admin.register(BudgetFrame)
class BudgetFrameAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["year", "unit", "amount_kr", "set_by", "set_at"]
    list_filter = ["year"]
    fields = ["year", "unit", "amount_kr"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.set_by = request.user
        obj.set_at = timezone.now()
        super().save_model(request, obj, form, change)
        audit.record("budget_frame_set", actor=request.user, role=Role.ADMIN,  # type: ignore[arg-type]
                     year=obj.year, unit=obj.unit.number if obj.unit else "",
                     amount_kr=obj.amount_kr)
