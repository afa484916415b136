"""Django admin of regions, agencies, units, role assignments, users and authenticators (superusers).

Every change made here is audited through loket.core.admin.AuditedAdmin (who, which fields, old → new,
personal data masked, secrets never): Django's own user admin and allauth's authenticator admin are
replaced by audited ones. An authenticator's secret is never shown, not even encrypted (issue 13, finding 6).
"""

from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from loket.core import audit
from loket.core.admin import AuditedAdmin
from loket.org import rules
from loket.org.models import Agency, Identity, IdentityLink, Region, RoleAssignment, Unit


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


class IdentityForm(forms.ModelForm):
    """Colours checked for contrast with white text; a crest uploaded as SVG or PNG (checked, at most 200 KB)."""

    logo_file = forms.FileField(
        label="Unggah lambang (SVG atau PNG)",
        required=False,
        help_text="Mengganti lambang bawaan. Paling besar 200 KB; SVG tanpa skrip.",
    )
    remove_logo = forms.BooleanField(label="Hapus lambang unggahan", required=False)

    class Meta:
        model = Identity
        fields = "__all__"

    def _colour(self, name: str, minimum: float) -> str:
        value = (self.cleaned_data.get(name) or "").strip().lower()
        refusal = rules.colour_refusal(value, minimum=minimum)
        if refusal:
            raise forms.ValidationError(refusal)
        return value

    def clean_colour_primary(self):
        return self._colour("colour_primary", rules.TEXT_CONTRAST)

    def clean_colour_dark(self):
        return self._colour("colour_dark", rules.TEXT_CONTRAST)

    def clean_colour_accent(self):
        return self._colour("colour_accent", rules.NON_TEXT_CONTRAST)

    def clean_logo_file(self):
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size > MAX_LOGO_BYTES:
            raise forms.ValidationError("Berkas lambang paling besar 200 KB.")
        data = upload.read()
        kind = rules.logo_kind(data)
        if kind is None:
            raise forms.ValidationError(
                "Lambang harus berupa PNG atau SVG tanpa skrip, tautan luar, atau atribut peristiwa."
            )
        return data, kind

    def save(self, commit=True):
        identity = super().save(commit=False)
        uploaded = self.cleaned_data.get("logo_file")
        if uploaded:
            identity.logo_data, identity.logo_type = uploaded
        elif self.cleaned_data.get("remove_logo"):
            identity.logo_data, identity.logo_type = None, ""
        if commit:
            identity.save()
        return identity


MAX_LOGO_BYTES = 200 * 1024


class IdentityLinkInline(admin.TabularInline):
    model = IdentityLink
    extra = 1
    fields = ("kind", "label_id", "label_en", "url", "order")


@admin.register(Identity)
class IdentityAdmin(AuditedAdmin):
    form = IdentityForm
    inlines = [IdentityLinkInline]
    list_display = ("name_id", "region", "slug", "colour_primary", "phone", "email")
    search_fields = ("name_id", "slug", "region__name")
    autocomplete_fields = ("region",)
    readonly_fields = ("logo_type", "updated_at")
    fieldsets = (
        (None, {"fields": ("region", "slug", "name_id", "name_en", "short_name", "government_id", "government_en")}),
        ("Lambang", {"fields": ("logo_static", "logo_file", "remove_logo", "logo_type")}),
        ("Warna", {"fields": ("colour_primary", "colour_dark", "colour_accent")}),
        ("Kontak", {"fields": ("address", "phone", "email", "hours_id", "hours_en", "website", "updated_at")}),
    )
