"""Signing in and TOTP codes."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from loket.org import permissions


def activate_totp(user, secret: str | None = None) -> str:
    """Activate allauth TOTP for `user` as the activation page would; returns the base32 secret."""
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, at: float) -> str:
    """The RFC 6238 code an authenticator app shows at unix time `at` (30 s steps, 6 digits)."""
    return format_hotp_value(hotp_value(secret, int(at) // 30))


def fresh_totp_code(secret: str) -> str:
    """The code an authenticator shows now, waiting out a code with under 3 seconds left (it could expire
    between typing it and the server checking it)."""
    import time

    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.1)
    return totp_code(secret, time.time())


def login(client, user):
    """Sign `user` in; back-office users get TOTP first, as the rule requires."""
    if permissions.is_staff_user(user) and not Authenticator.objects.filter(user=user, type="totp").exists():
        activate_totp(user)
    client.force_login(user)
    return client


def force_login(client, user):
    """Sign `user` in without TOTP (suites that run with the officer TOTP rule off)."""
    client.force_login(user)
    return client
