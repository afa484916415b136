"""Officers must use TOTP (issue 3): back-office users without an activated authenticator app are sent to set one up.

allauth already asks for the TOTP code at login once an authenticator is active; this rule closes the
gap before activation, so nobody reaches citizens' data in the back office (`/kantor/`) with a password alone.
The JSON API is covered too when called with the session cookie (API tokens of agency systems are not
sessions and are unaffected): there the answer is a 403 with the same explanation instead of a redirect.
Tests of other suites switch it off with LOKET_REQUIRE_OFFICER_MFA = False.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from loket.core.i18n import tr
from loket.org import permissions

PROTECTED_PREFIX = "/kantor/"
API_PREFIX = "/api/"


def required() -> bool:
    return bool(getattr(settings, "LOKET_REQUIRE_OFFICER_MFA", True))


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def needs_totp_setup(user) -> bool:
    """True for a signed-in back-office user who has not activated TOTP while the rule is on."""
    if not required() or not getattr(user, "is_authenticated", False):
        return False
    return permissions.is_staff_user(user) and not has_totp(user)


class OfficerMFAMiddleware:
    """Redirect back-office requests of officers without TOTP to allauth's activation page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (path.startswith((PROTECTED_PREFIX, API_PREFIX))) and needs_totp_setup(request.user):
            if path.startswith(API_PREFIX):
                return JsonResponse({"message": explanation(), "errors": None}, status=403)
            messages.warning(request, explanation())
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def explanation() -> str:
    return tr(
        "Petugas wajib memakai verifikasi dua langkah (TOTP) sebelum membuka kantor layanan, karena "
        "halaman ini memuat data pribadi warga. Pindai kode QR dengan aplikasi autentikator "
        "(mis. Google Authenticator, Aegis, FreeOTP), lalu masukkan kode 6 angka yang muncul.",
        "Officers must use two-step verification (TOTP) before opening the back office, because it holds "
        "citizens' personal data. Scan the QR code with an authenticator app (e.g. Google Authenticator, "
        "Aegis, FreeOTP), then enter the 6-digit code it shows.",
    )
