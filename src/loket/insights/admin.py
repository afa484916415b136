"""Django admin of the insights app: the manual baselines of the civil-service services (data with its source, set
against Loket's measured figures on the dashboard; every change audited). The HR office enters them on its own page
(/kantor/kepegawaian/angka-manual/); the admin stays a superuser's tool. The summaries themselves are computed,
never edited."""

from django.contrib import admin

from loket.core.admin import AuditedAdmin
from loket.insights.models import ServiceBaseline


@admin.register(ServiceBaseline)
class ServiceBaselineAdmin(AuditedAdmin):
    list_display = ("service", "working_days", "touch_minutes", "period", "updated_at")
    search_fields = ("service__code", "service__name_id", "source")
    list_select_related = ("service__agency",)
    fields = ("service", "working_days", "touch_minutes", "period", "source", "notes")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user  # who entered the current figures, as the HR office's page records it
        super().save_model(request, obj, form, change)
