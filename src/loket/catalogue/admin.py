"""Django admin of the catalogue.

Categories are plain reference data (edited here, audited). Services and their standards change
only through `catalogue.services` (the back office at /kantor/), which checks permissions and keeps
published versions immutable, so the admin shows them read-only.
"""

from django.contrib import admin

from loket.catalogue.models import Category, Service, ServiceStandard
from loket.core.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ("name_id", "name_en", "slug")
    search_fields = ("name_id", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_id",)}


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_id", "agency", "category", "audience", "is_template", "compliance_percent")
    list_filter = ("audience", "is_template", "category", "agency__region")
    search_fields = ("code", "name_id", "name_en", "agency__name")
    list_select_related = ("agency__region", "category")


@admin.register(ServiceStandard)
class ServiceStandardAdmin(ReadOnlyAdmin):
    list_display = ("service", "version", "status", "published_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("service__code", "service__name_id")
    list_select_related = ("service",)
