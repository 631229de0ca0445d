from django.contrib import admin

from ekspertbistand.experts.models import Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "orgnr", "municipality_number", "checked_in_register_at")
    search_fields = ("name", "orgnr")
    # The name and number come from Enhetsregisteret, never typed.
    readonly_fields = ("orgnr", "name", "municipality_number", "checked_in_register_at",
                       "created_at")

    def has_add_permission(self, request: object) -> bool:  # type: ignore[override]
        return False  # providers are made from Enhetsregisteret by the expert's profile
