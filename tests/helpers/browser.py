"""Browser helpers: the system Chromium, a log of a page's requests, and the axe-core accessibility check.

Nothing is downloaded: Chromium comes from the system (`make chromium` installs it) and axe-core
from the `axe-playwright-python` package.
"""

import os
import re
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

CHROMIUM = os.environ.get("LOKET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class RequestLog:
    """Every URL the page requested, to prove that nothing goes to another host."""

    def __init__(self, origin: str):
        self.origin = urlsplit(origin)
        self.urls: list[str] = []

    def __call__(self, request):
        self.urls.append(request.url)

    def foreign(self) -> list[str]:
        return [
            url
            for url in self.urls
            if urlsplit(url)[:2] != self.origin[:2] or urlsplit(url).netloc != self.origin.netloc
        ]


_NAVIGATION_RACE = re.compile(r"Execution context was destroyed|reading 'documentElement'|navigat", re.IGNORECASE)


def assert_accessible(page) -> None:
    """axe-core with the WCAG 2.1 A and AA rules reports no violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    page.wait_for_load_state()
    try:
        results = Axe().run(page, options=options)
    except PlaywrightError as error:
        # A click's navigation may commit while axe runs (the old document goes away under it): check the new page.
        if not _NAVIGATION_RACE.search(str(error)):
            raise
        page.wait_for_load_state()
        results = Axe().run(page, options=options)
    violations = results.response["violations"]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n['failureSummary']}" for n in v["nodes"])
        for v in violations
    )
    assert not violations, f"axe violations on {page.url}:\n{report}"


# The password every test user gets (tests/helpers/org.py make_user, tests/helpers/world.py).
TEST_PASSWORD = "rahasia-uji-123"


def sign_in(chromium, live_server, user, *, secret: str = "", width: int = 1280, start: str = "/akun/login/"):
    """A new browser context signed in as `user` through the login form (and TOTP when `secret` is given).

    `start` is the page asked for first: a protected page sends the person to the login form and back; the login
    page itself (no `next`) tests where the site sends the person. Returns (context, page)."""
    from tests.helpers.auth import fresh_totp_code

    context = chromium.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(start)
    page.wait_for_url("**/akun/login/**")
    page.locator("input[name=login]").fill(user.username)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("form", has=page.locator("input[name=password]")).locator("button[type=submit]").first.click()
    if secret:
        page.wait_for_url("**/akun/2fa/authenticate/**")
        page.locator("input[name=code]").fill(fresh_totp_code(secret))
        page.locator("form", has=page.locator("input[name=code]")).locator("button[type=submit]").first.click()
    page.wait_for_load_state()
    return context, page


def check_page(page, shots=None, name: str = "") -> None:
    """axe-core finds nothing, the page does not scroll sideways at its viewport's width, and (with `shots`, a
    folder) a full-page screenshot `<name>-<width>.png` is kept to look at."""
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{name or page.url}: the page scrolls sideways ({width} px > {viewport} px)"
    if shots is not None:
        page.screenshot(path=str(shots / f"{name}-{viewport}.png"), full_page=True)
