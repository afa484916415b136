"""Officer-side fixtures: TOTP switched ON (the production rule) and officers of other roles and agencies.

The application fixtures (`process_service` with a 3-step SOP, `submitted`, `officers`, ...) are in tests/conftest.py;
signing in (`login`) and TOTP codes are in tests/helpers/auth.py.
"""

import pytest

from loket.org.models import Role
from tests.helpers.org import make_user


@pytest.fixture(autouse=True)
def _officer_mfa_on(settings, tmp_path):
    """This suite runs with officer TOTP enforced, as in production (the root conftest turns it off)."""
    settings.LOKET_REQUIRE_OFFICER_MFA = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Fast hashing: fixtures create many users; the password is still checked in the login tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def supervisor(agency_a):
    return make_user("penyelia_a", (Role.SUPERVISOR, agency_a))


@pytest.fixture
def officer_b(agency_b):
    return make_user("petugas_b", (Role.OFFICER, agency_b))
