"""A browser journey's actors in real Chromium: each signs in through the login form in a context of its own (locale
id-ID), every request is logged (nothing may leave the live server), and each page checked with axe-core is named.
Used by the career journeys (promotion, KGB, performance ratings)."""

from tests.helpers.browser import RequestLog, assert_accessible

PASSWORD = "rahasia-uji-123"


class Journey:
    def __init__(self, chromium, live_server):
        self.chromium, self.live_server = chromium, live_server
        self.contexts, self.logs, self.checked = [], [], []

    def sign_in(self, user, start: str):
        context = self.chromium.new_context(base_url=self.live_server.url, locale="id-ID")
        self.contexts.append(context)
        page = context.new_page()
        log = RequestLog(self.live_server.url)
        page.on("request", log)
        self.logs.append(log)
        page.goto(start)
        page.wait_for_url("**/akun/login/**")
        page.locator("input[name=login]").fill(user.username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form", has=page.locator("input[name=password]")).locator("button[type=submit]").first.click()
        page.wait_for_url(f"**{start}")
        return page

    def check(self, page, name: str):
        assert_accessible(page)
        self.checked.append(name)

    def close(self):
        for context in self.contexts:
            context.close()
