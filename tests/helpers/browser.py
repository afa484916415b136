"""Browser helpers: the system Chromium, a log of a page's requests, and the axe-core accessibility check.

Nothing is downloaded: Chromium comes from the system (`make chromium` installs it) and axe-core
from the `axe-playwright-python` package.
"""

import os
from urllib.parse import urlsplit

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


def assert_accessible(page) -> None:
    """axe-core with the WCAG 2.1 A and AA rules reports no violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n['failureSummary']}" for n in v["nodes"])
        for v in violations
    )
    assert not violations, f"axe violations on {page.url}:\n{report}"
