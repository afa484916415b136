from django.contrib import admin

from loket.payments.models import Assessment, PaymentEvent


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("number", "amount", "status", "codes", "issued_at", "due_at", "paid_at")
    list_filter = ("status", "codes", "provider")
    search_fields = ("number", "reference", "va_number")
    # Evidence: an assessment changes only through the engine and the provider's confirmations.
    readonly_fields = [field.name for field in Assessment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentEvent)
class PaymentEventAdmin(admin.ModelAdmin):
    list_display = ("provider", "event_id", "kind", "reference", "amount", "received_at", "outcome")
    list_filter = ("provider", "kind", "outcome")
    search_fields = ("event_id", "reference")
    readonly_fields = [field.name for field in PaymentEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
