"""Django admin of loket.hr: read-only (employees change through the import / SIASN sync and the
services, which audit every change); headships and delegations may be corrected here, audited."""

from django.contrib import admin

from loket.core.admin import AuditedAdmin, ReadOnlyAdmin
from loket.hr.models import Delegation, Employee, Headship, ImportJob, KgbDecision, LeaveRequest


@admin.register(Employee)
class EmployeeAdmin(ReadOnlyAdmin):
    list_display = ("nip", "name", "status", "grade", "position_name", "agency", "unit")
    list_filter = ("status", "position_type", "agency")
    search_fields = ("nip", "name", "position_name")


@admin.register(Headship)
class HeadshipAdmin(AuditedAdmin):
    list_display = ("agency", "unit", "employee")
    raw_id_fields = ("employee",)


@admin.register(Delegation)
class DelegationAdmin(AuditedAdmin):
    list_display = ("delegator", "delegate", "first", "last")
    raw_id_fields = ("delegator", "delegate")


@admin.register(LeaveRequest)
class LeaveRequestAdmin(ReadOnlyAdmin):
    list_display = ("employee", "leave_type", "first", "last", "working_days", "status")
    list_filter = ("status", "leave_type")


@admin.register(KgbDecision)
class KgbDecisionAdmin(ReadOnlyAdmin):
    list_display = ("employee", "status", "effective_date", "current_salary", "new_salary")
    list_filter = ("status",)


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "status", "total_rows", "created_count", "updated_count", "created_at")
    exclude = ("content",)
