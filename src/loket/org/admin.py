"""Django admin of regions, agencies, units, role assignments, users and authenticators (superusers).

Every change made here is audited through loket.core.admin.AuditedAdmin (who, which fields, old → new,
personal data masked, secrets never): Django's own user admin and allauth's authenticator admin are
replaced by audited ones. An authenticator's secret is never shown, not even encrypted (issue 13, finding 6).
"""

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from loket.core import audit
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
    list_display = ("name", "agency", "parent", "service_point")
    list_filter = ("service_point",)
    search_fields = ("name", "agency__name")
    autocomplete_fields = ("agency", "parent")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ("user", "role", "region", "agency", "unit")
    list_filter = ("role",)
    search_fields = ("user__username", "user__email", "agency__name", "region__name")
    autocomplete_fields = ("user", "region", "agency", "unit")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class LoketUserAdmin(AuditedAdmin, UserAdmin):
    """Django's user admin with every change audited (e-mail, names, active, staff, superuser, groups)."""

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit.record(
                "admin.user_password_changed",
                object_type=User._meta.label_lower,
                object_id=str(id),
                actor=request.user,
                data={"fields": ["password"]},
            )
        return response


if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AuditedAdmin):
    """Authenticators (TOTP, recovery codes): who has which and when it was used; the secret never shows.

    An admin may delete one (the official sets TOTP up again) but not create or edit one here."""

    raw_id_fields = ("user",)
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type", "created_at", "last_used_at")
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = ("user", "type", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
