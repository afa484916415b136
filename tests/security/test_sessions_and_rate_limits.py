"""Session fixation, logout, and the rate limits on password and TOTP guessing (allauth's ACCOUNT_RATE_LIMITS:
login_failed = 10/min per IP and 5 per 5 min per account; the TOTP step counts against the same limit)."""

import time

import pytest
from django.conf import settings
from django.test import Client

from tests.helpers import report
from tests.helpers.auth import activate_totp, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"
INBOX = "/kantor/tugas/"


def session_key(client) -> str | None:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else None


def test_login_gives_a_new_session_id(world):
    from django.contrib.sessions.backends.db import SessionStore

    # An attacker gets a valid anonymous session and plants its id in the victim's browser.
    store = SessionStore()
    store["dari_penyerang"] = True
    store.create()
    planted = store.session_key
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted
    assert client.get("/akun/login/").status_code == 200
    response = client.post("/akun/login/", {"login": "warga", "password": PASSWORD})
    assert response.status_code == 302
    assert session_key(client) and session_key(client) != planted
    # The planted id is worth nothing now.
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted
    assert attacker.get("/permohonan/").status_code == 302
    report.add("session_checks")


def test_totp_step_also_rotates_the_session_and_logout_ends_it(world, settings):
    settings.LOKET_REQUIRE_OFFICER_MFA = True
    officer = world.users["officer_a"]
    secret = activate_totp(officer)
    client = Client()
    response = client.post("/akun/login/", {"login": officer.username, "password": PASSWORD})
    assert response.status_code == 302 and "/2fa/authenticate/" in response.url
    half_way = session_key(client)
    response = client.post("/akun/2fa/authenticate/", {"code": totp_code(secret, time.time())})
    assert response.status_code == 302
    signed_in = session_key(client)
    assert signed_in and signed_in != half_way
    assert client.get(INBOX).status_code == 200
    client.post("/akun/logout/")
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = signed_in
    assert replay.get(INBOX).status_code == 302  # the old cookie no longer signs anyone in
    report.add("session_checks", 2)


def test_session_cookie_is_httponly_and_samesite(world):
    client = Client()
    client.post("/akun/login/", {"login": "warga", "password": PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"].lower() in ("lax", "strict")
    report.add("session_checks")


def test_password_guessing_is_stopped_per_account(world):
    client = Client()
    refused_at = None
    for attempt in range(1, 8):
        response = client.post(
            "/akun/login/", {"login": "warga", "password": f"salah-{attempt}"}, REMOTE_ADDR=f"10.0.0.{attempt}"
        )  # a different IP each time: the account limit
        report.add("rate_limit_attempts")
        assert response.status_code in (200, 429)
        if "terlalu banyak" in response.content.decode().lower() or response.status_code == 429:
            refused_at = attempt
            break
    assert refused_at == 6, f"the account limit should stop the 6th guess, stopped at {refused_at}"
    # Even the right password is refused while the limit holds.
    response = client.post("/akun/login/", {"login": "warga", "password": PASSWORD}, REMOTE_ADDR="10.0.1.1")
    assert response.status_code != 302 and "_auth_user_id" not in client.session


def test_password_guessing_is_stopped_per_ip(world):
    client = Client()
    refused_at = None
    for attempt in range(1, 14):
        # a different account each time: only the per-IP limit can stop this
        response = client.post(
            "/akun/login/", {"login": f"tidak-ada-{attempt}", "password": "salah"}, REMOTE_ADDR="10.9.9.9"
        )
        report.add("rate_limit_attempts")
        if response.status_code == 429 or "terlalu banyak" in response.content.decode().lower():
            refused_at = attempt
            break
    assert refused_at == 11, f"the IP limit should stop the 11th guess, stopped at {refused_at}"


def test_totp_guessing_is_stopped(world, settings):
    settings.LOKET_REQUIRE_OFFICER_MFA = True
    officer = world.users["officer_b"]
    secret = activate_totp(officer)
    client = Client()
    assert client.post("/akun/login/", {"login": officer.username, "password": PASSWORD}).status_code == 302
    right = totp_code(secret, time.time())
    wrong = "000000" if right != "000000" else "111111"
    refused_at = None
    for attempt in range(1, 8):
        response = client.post("/akun/2fa/authenticate/", {"code": wrong})
        report.add("rate_limit_attempts")
        if response.status_code == 429 or "terlalu banyak" in response.content.decode().lower():
            refused_at = attempt
            break
    assert refused_at == 6, f"TOTP guessing should stop at the 6th code, stopped at {refused_at}"
    response = client.post("/akun/2fa/authenticate/", {"code": totp_code(secret, time.time())})
    assert client.get(INBOX).status_code == 302  # not signed in, even with the right code, while limited
