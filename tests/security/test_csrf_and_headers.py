"""CSRF on every form route and security headers on every page, generated from tests/helpers/routes.py;
HSTS and secure cookies in the production settings."""

import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.helpers import report
from tests.helpers.routes import ACTION, API, PAGE, checked_routes, pages

pytestmark = pytest.mark.django_db

# Routes that take a POST without a CSRF token, on purpose (each with its reason).
CSRF_EXEMPT = {
    "i18n/setlang/": "choosing a language changes nothing of value (see loket/urls.py)",
}
POST_ROUTES = [
    (pattern, route)
    for pattern, route in checked_routes()
    if route.kind in (PAGE, ACTION) and pattern not in CSRF_EXEMPT
]


def signed_in(world, actor: str, *, enforce_csrf: bool) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf)
    if actor != "anonymous":
        client.force_login(world.users[actor])
    return client


@pytest.mark.parametrize(("pattern", "route"), POST_ROUTES, ids=[p or "/" for p, _ in POST_ROUTES])
def test_post_without_csrf_token_is_refused(world, pattern, route):
    actor = route.visitor()
    client = signed_in(world, actor, enforce_csrf=True)
    client.get(route.url(world))  # the page sets the CSRF cookie, as a browser would have it
    response = client.post(route.url(world), route.data(world) if route.data else {"x": "1"})
    report.add("csrf_checks")
    # CsrfViewMiddleware refuses before any view runs (even a GET-only view never sees the POST).
    assert response.status_code == 403, (pattern, actor, response.status_code)


def test_csrf_failure_page_is_the_sites_own_and_in_indonesian(world):
    client = signed_in(world, "citizen", enforce_csrf=True)
    response = client.post("/akun/profil/", {"full_name": "X"})
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="id"' in page and "Formulir kedaluwarsa" in page and "Tidak ada data yang diubah" in page
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    report.add("csrf_checks")


def test_api_session_write_needs_csrf_but_bearer_token_does_not(world):
    from loket.core import tokens

    client = signed_in(world, "citizen", enforce_csrf=True)
    response = client.post("/api/v1/applications", "{}", content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["message"]
    _token, raw = tokens.issue(actor=None, user=world.users["citizen"], name="csrf")
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/applications", "{}", content_type="application/json", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 422  # judged on its content, not refused for CSRF
    report.add("csrf_checks", 2)


HEADER_PAGES = pages()


@pytest.mark.parametrize(("pattern", "route"), HEADER_PAGES, ids=[p or "/" for p, _ in HEADER_PAGES])
def test_every_page_sends_the_security_headers(world, pattern, route):
    actor = route.visitor()
    client = signed_in(world, actor, enforce_csrf=False)
    if route.session is not None and actor != "anonymous":
        session = client.session
        session.update(route.session(world, world.users[actor]))
        session.save()
    response = client.get(route.url(world))
    assert response.status_code == 200, (pattern, response.status_code)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, pattern
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY", pattern
    assert response["X-Content-Type-Options"] == "nosniff", pattern
    # same-origin everywhere; a page whose address carries a token (the card check) sends none at all
    assert response["Referrer-Policy"] in ("same-origin", "no-referrer"), pattern
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", pattern
    assert "camera=()" in response["Permissions-Policy"], pattern
    report.add("header_checks")


def test_production_settings_turn_on_hsts_and_secure_cookies():
    env = {k: v for k, v in os.environ.items() if k not in {"LOKET_ENV", "DATABASE_URL", "LOKET_DATA_DIR"}}
    env.update(LOKET_ENV="production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="loket.jabarprov.go.id")
    code = (
        "import loket.settings as s; print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    seconds, subdomains, session_secure, csrf_secure, redirect, httponly = result.stdout.split()
    assert int(seconds) >= 31536000 and subdomains == "True"
    assert session_secure == csrf_secure == redirect == httponly == "True"


def test_hsts_header_is_sent_over_https_when_configured(world, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in Client().get("/")  # never over plain HTTP
