"""Django admin of the shared kernel: the audit log, read-only, plus the audited-admin mixin.

The admin is a superuser tool. Changes made through it must leave audit events like every other
state change (DESIGN.md invariants), so editable admins elsewhere use `AuditedAdmin`; the audit log
itself can be searched but never added to, changed or deleted here.
"""

from django.contrib import admin
from django.forms.models import model_to_dict

from loket.core import audit
from loket.core.models import AuditChainHead, AuditEvent


def _snapshot(obj) -> dict:
    return {
        key: (value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value))
        for key, value in model_to_dict(obj).items()
    }


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions write audit events `admin.<model>_saved/_deleted`."""

    def _action(self, verb: str) -> str:
        return f"admin.{self.model._meta.model_name}_{verb}"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            self._action("changed" if change else "created"),
            obj=obj,
            actor=request.user,
            data={"fields": sorted(form.changed_data), "values": _snapshot(obj)},
        )

    def delete_model(self, request, obj):
        data = {"values": _snapshot(obj)}
        pk = obj.pk
        super().delete_model(request, obj)
        audit.record(
            self._action("deleted"),
            object_type=self.model._meta.label_lower,
            object_id=str(pk),
            actor=request.user,
            data=data,
        )

    def delete_queryset(self, request, queryset):
        # One event per object, so bulk deletions from the change list are audited too.
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "action", "object_type", "object_id", "actor_label", "seal_seq")
    list_filter = ("action", "object_type")
    search_fields = ("action", "object_type", "object_id", "actor_label", "request_id")
    date_hierarchy = "occurred_at"
    ordering = ("-id",)
    list_per_page = 100
    show_full_result_count = False  # counting a large append-only table is slow


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ReadOnlyAdmin):
    list_display = ("last_seq", "last_hash", "sealed_at")
