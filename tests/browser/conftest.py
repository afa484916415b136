"""Browser fixtures: Debian's Chromium (`chromium`, tests/conftest.py) driven by Playwright against pytest-django's
live server; the request log and the axe-core check are in tests/helpers/browser.py."""

import pytest

from tests.helpers.browser import RequestLog


@pytest.fixture
def browser_page(chromium, live_server):
    """A fresh page with Indonesian as the browser's language; `page.request_log` records its requests."""
    context = chromium.new_context(base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    page.request_log = RequestLog(live_server.url)
    page.on("request", page.request_log)
    yield page
    context.close()


@pytest.fixture
def production_rules(settings, tmp_path):
    """Officers must use TOTP as in production; files in this test's folder; cheap password hashing (the
    browser still signs in with real passwords)."""
    settings.LOKET_REQUIRE_OFFICER_MFA = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings
