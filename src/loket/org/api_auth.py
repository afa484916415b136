"""Who is calling the JSON API: a browser session (CSRF enforced) or an agency system's bearer token.

Endpoints that need a caller use `auth=CALLER` and read the user with `caller(request)`; the public
status lookup uses no auth at all. The token is tried first: a request that carries
`Authorization: Bearer …` is judged by that token alone (a bad token is a 401, never a fallback to a
cookie), and a token is not ambient authority, so it needs no CSRF token.
"""

from django.conf import settings
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from loket.core import tokens
from loket.core.errors import LoketError
from loket.core.i18n import tr
from loket.org import mfa


class Unauthenticated(LoketError):
    status = 401


class CsrfRefused(LoketError):
    status = 403


class MfaRequired(LoketError):
    status = 403


class BearerToken(HttpBearer):
    """`Authorization: Bearer lkt_<prefix>_<secret>`: an API token issued to another agency's system."""

    def __call__(self, request):
        if not request.headers.get(self.header):
            return None  # no token: let the session try
        return super().__call__(request) or self._refuse()

    def authenticate(self, request, token):
        user = tokens.authenticate(token.strip())
        if user is not None:
            request.user = user  # service functions and templates read request.user
        return user

    @staticmethod
    def _refuse():
        raise Unauthenticated(
            tr(
                "Token API tidak valid, sudah dicabut, atau penggunanya nonaktif.",
                "The API token is invalid, revoked or belongs to an inactive user.",
            )
        )


class SessionCookie(SessionAuth):
    """The signed-in browser session (django-ninja's `django_auth`), with Django's CSRF check on writes.

    Without a session cookie there is nothing to check: the caller is simply not signed in (401, not 403).
    """

    def _get_key(self, request):
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if key is None:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfRefused(
                tr(
                    "Token CSRF tidak ada atau tidak cocok. Muat ulang halaman lalu coba lagi.",
                    "The CSRF token is missing or wrong. Reload the page and try again.",
                )
            )
        return key

    def authenticate(self, request, key):
        user = super().authenticate(request, key) if key else None
        if user is not None and mfa.needs_totp_setup(user):
            # The same rule as the back office: no citizens' data for an officer signed in with a password alone.
            raise MfaRequired(
                tr(
                    "Petugas wajib mengaktifkan verifikasi dua langkah (TOTP) sebelum memakai API ini.",
                    "Officers must activate two-step verification (TOTP) before using this API.",
                )
            )
        return user


CALLER = [BearerToken(), SessionCookie()]


def caller(request):
    """The user the request acts as (set by whichever of CALLER accepted it)."""
    return request.auth
