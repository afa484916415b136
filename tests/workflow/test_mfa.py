"""Officers must use TOTP: no TOTP -> sent to activate it; with TOTP, password + code reaches the inbox."""

import time

import pytest

from loket.org import mfa
from tests.helpers.auth import activate_totp, login, totp_code

pytestmark = pytest.mark.django_db
INBOX = "/kantor/tugas/"
ACTIVATE = "/akun/2fa/totp/activate/"


def test_officer_without_totp_is_sent_to_activate_it(client, officers):
    client.force_login(officers["front"])
    response = client.get(INBOX)
    assert response.status_code == 302 and response.url == ACTIVATE
    assert client.get("/kantor/").url == ACTIVATE  # the whole back office, not only the inbox
    response = client.get(ACTIVATE, follow=True)
    assert "verifikasi dua langkah" in response.content.decode()  # the explanation travels as a message


def test_session_calls_to_the_api_are_refused_without_totp(client, officers, applicant):
    client.force_login(officers["front"])
    response = client.get("/api/v1/inbox")
    assert response.status_code == 403 and "verifikasi dua langkah" in response.json()["message"]
    activate_totp(officers["front"])
    assert client.get("/api/v1/inbox").status_code == 200
    client.force_login(applicant)  # citizens are not asked for TOTP on the API
    assert client.get("/api/v1/services").status_code == 200


def test_officer_with_totp_passes(client, officers):
    activate_totp(officers["front"])
    client.force_login(officers["front"])
    assert client.get(INBOX).status_code == 200


def test_citizen_is_not_asked_for_totp(client, applicant):
    client.force_login(applicant)
    assert client.get(INBOX).status_code == 403
    assert not mfa.needs_totp_setup(applicant)


def test_setting_off_lets_officers_through(client, officers, settings):
    settings.LOKET_REQUIRE_OFFICER_MFA = False
    client.force_login(officers["front"])
    assert client.get(INBOX).status_code == 200


def test_default_is_on(settings):
    del settings.LOKET_REQUIRE_OFFICER_MFA
    assert mfa.required()


def test_password_and_totp_login_reaches_the_inbox(client, officers):
    officer = officers["front"]
    secret = activate_totp(officer)
    response = client.post("/akun/login/", {"login": officer.username, "password": "rahasia-uji-123"})
    assert response.status_code == 302 and "/2fa/authenticate/" in response.url
    assert client.get(INBOX).status_code == 302  # not signed in until the code is given
    response = client.post(response.url, {"code": "000000" if totp_code(secret, time.time()) != "000000" else "111111"})
    assert response.status_code == 200  # a wrong code is refused
    response = client.post("/akun/2fa/authenticate/", {"code": totp_code(secret, time.time())})
    assert response.status_code == 302
    assert client.get(INBOX).status_code == 200


def test_password_login_without_totp_leads_through_activation_to_the_inbox(client, officers):
    """The whole first sign-in of a new officer: password, explanation, confirm password, scan, code, inbox."""
    officer = officers["front"]
    response = client.post("/akun/login/", {"login": officer.username, "password": "rahasia-uji-123"})
    assert response.status_code == 302
    assert client.get(INBOX).url == ACTIVATE
    response = client.get(ACTIVATE)
    if response.status_code == 302:  # allauth asks for the password again before adding an authenticator
        assert response.url.startswith("/akun/reauthenticate/")
        page = client.get(response.url)
        assert "verifikasi dua langkah" in page.content.decode()
        response = client.post(response.url, {"password": "rahasia-uji-123"})
        assert response.status_code == 302 and response.url == ACTIVATE
        response = client.get(ACTIVATE)
    assert response.status_code == 200
    secret = client.session["mfa.totp.secret"]  # the secret the page shows as a QR code
    response = client.post(ACTIVATE, {"code": totp_code(secret, time.time())})
    assert response.status_code == 302
    assert mfa.has_totp(officer)
    assert client.get(INBOX).status_code == 200


def test_login_helper_activates_totp(client, officers):
    login(client, officers["tech"])
    assert mfa.has_totp(officers["tech"])
    assert client.get(INBOX).status_code == 200
