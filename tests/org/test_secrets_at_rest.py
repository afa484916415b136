"""Issue 13, finding 6: TOTP secrets are encrypted at rest with a key outside the database, existing rows are
encrypted by a migration, signing still works, and the Django admin never shows a secret."""

import importlib
import time

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.test import Client

from loket.core import field_crypto
from loket.org import second_factor
from loket.org.models import Role
from tests.helpers.auth import activate_totp, totp_code
from tests.helpers.org import make_user


@pytest.fixture
def official(agency_a):
    return make_user("pejabat.rahasia", (Role.SIGNING_OFFICIAL, agency_a))


def test_the_totp_secret_is_stored_encrypted_and_still_works(official):
    secret = activate_totp(official)
    stored = Authenticator.objects.get(user=official, type="totp").data["secret"]
    assert secret not in stored and field_crypto.is_encrypted(stored)
    second_factor.check_code(official, totp_code(secret, time.time()), "test")  # no exception: accepted


def test_the_key_lives_outside_the_database(official, settings, tmp_path):
    settings.LOKET_FIELD_KEY = None
    settings.LOKET_FIELD_KEY_FILE = str(tmp_path / "field_key")
    secret = activate_totp(official)
    assert (tmp_path / "field_key").exists() and oct((tmp_path / "field_key").stat().st_mode & 0o777) == "0o600"
    stored = Authenticator.objects.get(user=official, type="totp").data["secret"]
    assert field_crypto.decrypt(stored) == secret
    settings.LOKET_FIELD_KEY_FILE = str(tmp_path / "another_key")  # another installation's key cannot read it
    with pytest.raises(field_crypto.FieldKeyError):
        field_crypto.decrypt(stored)


def test_the_migration_encrypts_rows_stored_in_clear(official):
    secret = "JBSWY3DPEHPK3PXP"
    Authenticator.objects.create(user=official, type="totp", data={"secret": secret})
    migration = importlib.import_module("loket.org.migrations.0003_encrypt_totp_secrets")
    migration.encrypt_existing(django_apps, None)
    stored = Authenticator.objects.get(user=official, type="totp").data["secret"]
    assert field_crypto.is_encrypted(stored) and field_crypto.decrypt(stored) == secret
    migration.encrypt_existing(django_apps, None)  # idempotent: never encrypted twice
    assert Authenticator.objects.get(user=official, type="totp").data["secret"] == stored
    second_factor.check_code(official, totp_code(secret, time.time()), "test")


def test_the_admin_never_shows_a_secret(official):
    secret = activate_totp(official)
    stored = Authenticator.objects.get(user=official, type="totp")
    root = get_user_model().objects.create_superuser("root", "root@example.go.id", "rahasia-uji-123")
    client = Client()
    client.force_login(root)
    for url in (
        "/admin/mfa/authenticator/",
        f"/admin/mfa/authenticator/{stored.pk}/change/",
        f"/admin/auth/user/{official.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert secret not in page and stored.data["secret"] not in page and "loket-enc" not in page, url
    # nor can it be edited there
    assert client.post(f"/admin/mfa/authenticator/{stored.pk}/change/", {"data": "{}"}).status_code == 403
