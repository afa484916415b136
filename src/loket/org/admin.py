"""Django admin of regions, agencies, units and role assignments (superusers; every change audited)."""

from django.contrib import admin

from loket.core.admin import AuditedAdmin
from loket.org.models import Agency, Region, RoleAssignment, Unit


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "name", "level", "parent", "time_zone")
    list_filter = ("level", "time_zone")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "region", "slug")
    list_filter = ("region__level", "region")
    search_fields = ("name", "short_name", "slug")
    autocomplete_fields = ("region",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("name", "agency", "parent")
    search_fields = ("name", "agency__name")
    autocomplete_fields = ("agency", "parent")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ("user", "role", "region", "agency", "unit")
    list_filter = ("role",)
    search_fields = ("user__username", "user__email", "agency__name", "region__name")
    autocomplete_fields = ("user", "region", "agency", "unit")
