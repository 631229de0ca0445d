from django.contrib import admin

from ekspertbistand.refunds.models import Payment, PaymentExport, Refund


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["grant", "state", "refund_kr", "updated_at"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in Refund._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # written only by cases/actions/refunds.py


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["reference", "amount_kr", "state", "export"]
    readonly_fields = [f.name for f in Payment._meta.fields]


@admin.register(PaymentExport)
class PaymentExportAdmin(admin.ModelAdmin):
    list_display = ["export_id", "created_at"]
    readonly_fields = ["export_id", "created_at", "created_by", "json"]
