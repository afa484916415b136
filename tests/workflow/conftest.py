"""Officer-side fixtures: TOTP switched ON (the production rule), officers scoped to units, and a logged-in client.

Reuses the application fixtures (`process_service` with a 3-step SOP, `submitted`, `officers`, ...).
"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from loket.org import permissions
from loket.org.models import Role, RoleAssignment
from tests.applications.conftest import (
    ANSWERS,
    PDF,
    applicant,
    ktp,
    officers,
    process_service,
    submitted,
    units,
)
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _officer_mfa_on(settings, tmp_path):
    """This suite runs with officer TOTP enforced, as in production (the root conftest turns it off)."""
    settings.LOKET_REQUIRE_OFFICER_MFA = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Fast hashing: fixtures create many users; the password is still checked in the login tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def activate_totp(user, secret: str | None = None) -> str:
    """Activate allauth TOTP for `user` as the activation page would; returns the base32 secret."""
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, at: float) -> str:
    """The RFC 6238 code an authenticator app shows at unix time `at` (30 s steps, 6 digits)."""
    return format_hotp_value(hotp_value(secret, int(at) // 30))


def login(client, user):
    """Sign `user` in; back-office users get TOTP first, as the rule requires."""
    if permissions.is_staff_user(user) and not Authenticator.objects.filter(user=user, type="totp").exists():
        activate_totp(user)
    client.force_login(user)
    return client


def unit_user(username: str, agency, unit, role=Role.OFFICER):
    user = make_user(username)
    RoleAssignment.objects.create(user=user, role=role, agency=agency, unit=unit)
    return user


@pytest.fixture
def supervisor(agency_a):
    return make_user("penyelia_a", (Role.SUPERVISOR, agency_a))


@pytest.fixture
def officer_b(agency_b):
    return make_user("petugas_b", (Role.OFFICER, agency_b))


def file_application(service, applicant, key: str):
    """One more submitted application of `applicant` (with its mandatory KTP upload)."""
    from loket.applications import services as applications

    upload = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf")
    application, _ = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=service,
        answers=ANSWERS,
        upload_ids={"req_0": str(upload.pk)},
        idempotency_key=key,
    )
    return application
