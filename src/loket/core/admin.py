"""Django admin of the shared kernel: the audit log, read-only, plus the audited-admin mixin.

The admin is a superuser tool. Changes made through it must leave audit events like every other
state change (DESIGN.md invariants), so editable admins elsewhere use `AuditedAdmin`; the audit log
itself can be searched but never added to, changed or deleted here.
"""

from django.contrib import admin

from loket.core import audit
from loket.core.models import AuditAnchor, AuditChainHead, AuditEvent

# Fields never written to the audit log, not even masked: only that they changed.
SECRET_FIELDS = frozenset({"password", "data", "secret", "token_hash", "key"})
# Personal data: written masked (first character and the e-mail domain), enough to tell old from new.
PERSONAL_FIELDS = frozenset({"email", "username", "phone", "nik", "first_name", "last_name", "full_name", "address"})


def mask(field: str, value):
    """How `value` of `field` appears in the audit log: secrets never, personal data masked."""
    if field in SECRET_FIELDS:
        return "[rahasia]" if value not in (None, "") else ""
    if value is None or field not in PERSONAL_FIELDS:
        return _plain(value)
    text = str(value)
    if not text:
        return ""
    if field == "email" and "@" in text:
        local, domain = text.rsplit("@", 1)
        return f"{local[:1]}***@{domain}"
    return f"{text[:1]}***({len(text)})"


def _plain(value):
    if isinstance(value, (bytes, memoryview)):  # an uploaded file kept in a row: its size, not its bytes
        return f"[{len(value)} bytes]"
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    if isinstance(value, (list, tuple, set)) or hasattr(value, "__iter__") and not isinstance(value, dict):
        return sorted(str(getattr(item, "pk", item)) for item in value)
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def _field_value(obj, name: str):
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return sorted(str(pk) for pk in getattr(obj, name).values_list("pk", flat=True)) if obj.pk else []
    return getattr(obj, field.attname)


def _model_fields(obj, names) -> list[str]:
    known = {f.name for f in obj._meta.get_fields() if getattr(f, "concrete", False)}
    return [name for name in names if name in known]


def _snapshot(obj) -> dict:
    return {
        name: mask(name, _field_value(obj, name)) for name in _model_fields(obj, [f.name for f in obj._meta.fields])
    }


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions write audit events `admin.<model>_created/_changed/_deleted`.

    A change records who, which fields, and each field's old → new value (secrets never, personal data
    masked: `mask`). Many-to-many fields (groups, permissions) are compared after they are saved.
    One place for every admin: editable admins of every app derive from it (issue 13, finding 6).
    """

    def _action(self, verb: str) -> str:
        return f"admin.{self.model._meta.model_name}_{verb}"

    def save_model(self, request, obj, form, change):
        fields = _model_fields(obj, form.changed_data)
        before = {}
        if change and obj.pk:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                before = {name: _field_value(stored, name) for name in fields}
        super().save_model(request, obj, form, change)
        request._loket_admin_audit = (obj, change, fields, before)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        pending = getattr(request, "_loket_admin_audit", None)
        if pending is None:
            return
        del request._loket_admin_audit
        obj, change, fields, before = pending
        changes = {
            name: {"old": mask(name, before.get(name)), "new": mask(name, _field_value(obj, name))}
            for name in fields
            if not change or before.get(name) != _field_value(obj, name)
        }
        if change and not changes:
            return
        audit.record(
            self._action("changed" if change else "created"),
            obj=obj,
            actor=request.user,
            data={"fields": sorted(changes), "changes": changes, "values": _snapshot(obj)},
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


def audit_every_admin(site: admin.AdminSite | None = None) -> list[str]:
    """Make every registered editable ModelAdmin an AuditedAdmin (the one place: no admin is left out, also those
    of Django and allauth such as groups and e-mail addresses). Returns the models it wrapped."""
    site = site or admin.site
    wrapped = []
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, (AuditedAdmin, ReadOnlyAdmin)):
            continue
        base = type(model_admin)
        audited = type(f"Audited{base.__name__}", (AuditedAdmin, base), {"__module__": base.__module__})
        site.unregister(model)
        site.register(model, audited)
        wrapped.append(model._meta.label)
    return wrapped


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


@admin.register(AuditAnchor)
class AuditAnchorAdmin(ReadOnlyAdmin):
    list_display = ("anchored_at", "seal_seq", "event_hash", "signer_name", "fingerprint")
    ordering = ("-anchored_at",)
