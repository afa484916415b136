"""Every HTML page of tests/helpers/routes.py in Chromium, as an actor allowed to see it:

- axe-core (WCAG 2.1 A/AA) reports nothing;
- no horizontal scrolling at 360 px width (a small phone) nor at 200 % zoom (a 1280 px screen zoomed
  to 200 % lays out in 640 CSS px: WCAG 1.4.10 reflow);
- every form is usable by keyboard alone: each visible control is reached with Tab, shows a visible
  focus indicator, and has a label (an accessible name).

One browser and one context per actor; actors are signed in by copying a Django session cookie into the
context (force_login), not through the login form. The 404 and 403 pages are walked too.
"""

import os

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from tests.helpers import report
from tests.helpers.browser import assert_accessible
from tests.helpers.routes import pages
from tests.helpers.world import build_world, signing_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"360 px": (360, 740), "200 % zoom": (640, 400)}
DESKTOP = (1280, 800)
# On a phone the site header is one compact row (crest, short name, the "Menu" disclosure): issue 15 found it
# wrapping to 3-4 rows (about 170 px) for a signed-in citizen.
PHONE_HEADER_MAX = 72

# Tables inside a sideways-scrolling box whose content is wider than the box: columns a phone user may never find.
# A table marked `cards` must fit (it becomes cards under 600 px); others are listed for the report.
HIDDEN_COLUMNS = """() => [...document.querySelectorAll('.table-scroll')]
  .filter(box => box.scrollWidth > box.clientWidth + 1)
  .map(box => { const table = box.querySelector('table');
                return {cards: !!(table && table.classList.contains('cards')),
                        what: (table && table.querySelector('caption') ? table.querySelector('caption').textContent.trim()
                               : box.className) + ' ' + box.scrollWidth + '>' + box.clientWidth}; })"""

# Records, for every control that gets focus, whether a focus indicator is drawn (outline or shadow).
FOCUS_PROBE = """() => {
  window.__loketFocus = [];
  document.addEventListener('focusin', (event) => {
    const el = event.target, style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    window.__loketFocus.push({id: el.dataset.loketProbe || '', visible: outline || style.boxShadow !== 'none'});
  }, true);
}"""

# Marks every visible control of every form; returns them with their accessible-name facts.
FORM_CONTROLS = """() => {
  const out = [];
  let n = 0;
  for (const form of document.forms) {
    for (const el of form.elements) {
      if (el.type === 'hidden' || el.disabled || el.tagName === 'FIELDSET' || el.tagName === 'OBJECT') continue;
      if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
      // inside a closed <details>: reached by opening its summary (itself a tab stop), not by Tab alone
      const closed = el.closest('details:not([open])');
      if (closed && !el.closest('summary')) continue;
      el.dataset.loketProbe = 'c' + (n++);
      const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label')
        || el.getAttribute('aria-labelledby') || el.getAttribute('title')
        || (['submit', 'button', 'reset'].includes(el.type) && (el.value || el.textContent.trim()))
        || (el.tagName === 'BUTTON' && el.textContent.trim());
      out.push({id: el.dataset.loketProbe, tag: el.tagName.toLowerCase(), type: el.type || '',
                name: el.name || '', radio: el.type === 'radio' ? el.name : '', named: !!named,
                html: el.outerHTML.slice(0, 120)});
    }
  }
  return out;
}"""

# The outermost elements that stick out to the right (their parent does not): where to look first. What a closed
# disclosure holds (the phone's menu) is not drawn and is left out.
WIDEST = """(limit) => [...document.querySelectorAll('body *')]
  .filter(el => !el.closest('details:not([open]) > :not(summary)'))
  .filter(el => el.getBoundingClientRect().right > limit + 1)
  .filter(el => !el.parentElement || el.parentElement.getBoundingClientRect().right <= limit + 1)
  .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                   + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '')
                   + ' right=' + Math.round(el.getBoundingClientRect().right))"""

# Text that runs out of its column into the next one (issue 15: a document number over the next fact at 1280 px).
OVERLAPPING_TEXT = """() => {
  const found = [];
  for (const list of document.querySelectorAll('dl.facts')) {
    const items = [...list.children];
    items.forEach((item, i) => {
      const box = item.getBoundingClientRect(), next = items[i + 1];
      const text = item.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60);
      if ([...item.querySelectorAll('dd')].some(dd => dd.scrollWidth > dd.clientWidth + 1)) found.push(text);
      else if (next) {
        const after = next.getBoundingClientRect();
        if (Math.abs(after.top - box.top) < 2 && box.right > after.left + 1) found.push(text);
      }
    });
  }
  return found.slice(0, 3);
}"""

# The registry keeps one URL per pattern; these pages have a second form worth walking too (actor, world -> URL).
# A published service without a draft opens its editors read-only, as tables (at 360 px the procedure's table
# once widened the whole page, in a grid column sized by its content).
MORE_PAGES = {
    "kantor/editor/<slug:code>/prosedur/ (published, read only)": (
        "editor_a",
        lambda w: f"/kantor/editor/{w.svc_a.code}/prosedur/",
    ),
    "kantor/editor/<slug:code>/formulir/ (published, read only)": (
        "editor_a",
        lambda w: f"/kantor/editor/{w.svc_a.code}/formulir/",
    ),
}

TABBABLE_COUNT = (
    """() => document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]').length"""
)


def sign_in(context, user, live_server, extra_session: dict | None = None) -> str:
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    if extra_session:
        session = SessionStore(session_key=key)
        session.update(extra_session)
        session.save()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": live_server.url}])
    return key


class Walk:
    def __init__(self, chromium, live_server, world):
        self.chromium, self.live_server, self.world = chromium, live_server, world
        self.contexts: dict[str, object] = {}
        self.session_keys: dict[str, str] = {}
        self.problems: list[str] = []

    def page_for(self, actor: str):
        if actor not in self.contexts:
            context = self.chromium.new_context(
                base_url=self.live_server.url, locale="id-ID", viewport={"width": DESKTOP[0], "height": DESKTOP[1]}
            )
            if actor != "anonymous":
                self.session_keys[actor] = sign_in(context, self.world.users[actor], self.live_server)
            self.contexts[actor] = context.new_page()
        return self.contexts[actor]

    def prepare_session(self, actor: str, route) -> None:
        if route.session is None or actor == "anonymous":
            return
        self.page_for(actor)  # signed in first: in a shard, this may be the actor's first page
        session = SessionStore(session_key=self.session_keys[actor])
        session.update(route.session(self.world, self.world.users[actor]))
        session.save()

    def problem(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def check(
        self, name: str, actor: str, url: str, *, status: int = 200, keyboard: bool = True, ready: str | None = None
    ) -> None:
        page = self.page_for(actor)
        where = f"{name} as {actor} ({url})"
        page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
        response = page.goto(url)
        report.add("pages_checked")
        if response is None or response.status != status:
            self.problem(where, f"HTTP {response.status if response else 'none'}, expected {status}")
            return
        if ready:
            page.wait_for_selector(ready, timeout=10000)
        try:
            assert_accessible(page)
        except AssertionError as exc:
            self.problem(where, str(exc))
        report.add("axe_runs")
        self.overlaps(page, f"{where} at {DESKTOP[0]} px")
        self.layout(page, where)
        page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
        if keyboard:
            self.keyboard(page, where)

    def layout(self, page, where: str) -> None:
        for label, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            scroll, client = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client:
                wide = page.evaluate(WIDEST, client)
                self.problem(where, f"horizontal scrolling at {label}: scrollWidth {scroll} > {client} ({wide})")
            if width == 360:
                self.phone(page, where)
                self.overlaps(page, f"{where} at 360 px")
            report.add("layout_checks")

    def overlaps(self, page, where: str) -> None:
        for text in page.evaluate(OVERLAPPING_TEXT):
            self.problem(where, f"text runs into the next column: {text}")

    def phone(self, page, where: str) -> None:
        header = page.evaluate(
            "() => { const h = document.querySelector('.site-header'); "
            "return h ? h.getBoundingClientRect().height : 0; }"
        )
        if header > PHONE_HEADER_MAX:
            self.problem(where, f"the header takes {header:.0f} px at 360 px (at most {PHONE_HEADER_MAX})")
        brand = page.evaluate(
            "() => { const b = document.querySelector('.site-header .brand'); return b ? b.innerText.trim() : null; }"
        )
        if brand == "":
            self.problem(where, "the header's home link has no visible name at 360 px")
        for table in page.evaluate(HIDDEN_COLUMNS):
            if table["cards"]:
                self.problem(where, f"a card table still scrolls sideways at 360 px: {table['what']}")
            else:
                report.note(
                    "tables that scroll sideways at 360 px (candidates for class=cards)", f"{where}: {table['what']}"
                )

    def keyboard(self, page, where: str) -> None:
        controls = page.evaluate(FORM_CONTROLS)
        if not controls:
            return
        report.add("forms_keyboard_checked")
        page.evaluate(FOCUS_PROBE)
        page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
        for _ in range(page.evaluate(TABBABLE_COUNT) + 3):
            page.keyboard.press("Tab")
        focused = page.evaluate("() => window.__loketFocus")
        reached = {f["id"] for f in focused if f["id"]}
        invisible = {f["id"] for f in focused if f["id"] and not f["visible"]}
        groups_reached = {c["radio"] for c in controls if c["radio"] and c["id"] in reached}
        for control in controls:
            report.add("form_controls_checked")
            if not control["named"]:
                self.problem(where, f"control without a label: {control['html']}")
            if control["id"] in reached or (control["radio"] and control["radio"] in groups_reached):
                if control["id"] in invisible:
                    self.problem(where, f"no visible focus indicator: {control['html']}")
            else:
                self.problem(where, f"not reachable by Tab: {control['html']}")

    def csrf_failure_page(self) -> None:
        """The page a citizen sees when a form's CSRF token has gone stale (e.g. a form left open for days)."""
        page = self.page_for("citizen")
        page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
        page.goto("/akun/profil/")
        with page.expect_navigation():
            page.evaluate("""() => { const form = document.querySelector('main form[method=post]');
                                     form.querySelector('[name=csrfmiddlewaretoken]').value = 'basi';
                                     form.submit(); }""")
        report.add("pages_checked")
        where = "CSRF failure page as citizen"
        if "Formulir kedaluwarsa" not in page.content():
            self.problem(where, "not the site's own CSRF page")
            return
        try:
            assert_accessible(page)
        except AssertionError as exc:
            self.problem(where, str(exc))
        report.add("axe_runs")

    def close(self):
        for page in self.contexts.values():
            page.context.close()


# The walk is cut into shards (every n-th page) that pytest-xdist runs side by side: one walk of every page would be
# the suite's longest test, left running on one worker while the others wait.
SHARDS = 3


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_is_accessible_reflows_and_works_by_keyboard(
    chromium, live_server, settings, tmp_path, tmp_path_factory, shard
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for name, value in signing_settings(tmp_path_factory).items():
        setattr(settings, name, value)
    world = build_world()
    walk = Walk(chromium, live_server, world)
    try:
        # while fixing pages: substrings of their patterns, comma-separated
        only = [part for part in os.environ.get("LOKET_PAGES", "").split(",") if part]
        for index, (pattern, route) in enumerate(pages()):
            if index % SHARDS != shard or (only and not any(part in pattern for part in only)):
                continue
            actor = route.visitor()
            walk.prepare_session(actor, route)
            walk.check(pattern or "/", actor, route.url(world), keyboard=route.keyboard, ready=route.ready)
        for index, (name, (actor, url)) in enumerate(MORE_PAGES.items()):
            if index % SHARDS == shard and (not only or any(part in name for part in only)):
                walk.check(name, actor, url(world))
        if shard == SHARDS - 1:  # the error pages a refused or lost visitor sees
            walk.check("404 page", "anonymous", "/halaman-yang-tidak-ada/", status=404)
            walk.check("403 page", "citizen", "/kantor/", status=403)
            walk.csrf_failure_page()
    finally:
        walk.close()
    assert not walk.problems, f"{len(walk.problems)} problems:\n" + "\n".join(walk.problems)


BAD_PAGE = """<!DOCTYPE html><html lang="id"><head><title>Uji</title><style>
  .wide { width: 900px; } #plain:focus, #plain:focus-visible { outline: none; box-shadow: none; }
</style></head><body><main><h1>Uji</h1><div class="wide">lebar</div>
<header class="site-header" style="height:200px">Kop</header>
<div class="table-scroll" style="overflow-x:auto"><table class="cards" style="width:900px"><caption>Kartu</caption>
<tr><td>sel</td></tr></table></div>
<dl class="facts" style="display:grid;grid-template-columns:80px 80px;margin:0"><div><dt>Nomor</dt>
<dd style="margin:0">503/0007/DPMPTSPKOTABANDUNG/2026</dd></div><div><dt>Lain</dt><dd>x</dd></div></dl>
<form method="post"><label for="ok">Nama</label><input id="ok" name="ok">
<input id="nolabel" name="nolabel"><label for="plain">Polos</label><input id="plain" name="plain">
<label for="skipped">Dilewati</label><input id="skipped" name="skipped" tabindex="-1">
<button type="submit">Kirim</button></form></main></body></html>"""


def test_the_checker_itself_catches_each_kind_of_problem(chromium):
    """A negative control: a page with one problem of each kind the walk looks for."""
    walk = Walk(chromium, live_server=None, world=None)
    context = chromium.new_context(viewport={"width": DESKTOP[0], "height": DESKTOP[1]})
    page = context.new_page()
    try:
        page.set_content(BAD_PAGE)
        walk.overlaps(page, "bad")
        walk.layout(page, "bad")
        page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
        walk.keyboard(page, "bad")
        with pytest.raises(AssertionError, match="label"):
            assert_accessible(page)
    finally:
        context.close()
    found = "\n".join(walk.problems)
    assert "horizontal scrolling at 360 px" in found and "horizontal scrolling at 200 % zoom" in found
    assert "the header takes 200 px at 360 px" in found and "a card table still scrolls sideways" in found
    assert "text runs into the next column: Nomor 503/0007/DPMPTSPKOTABANDUNG/2026" in found
    assert 'control without a label: <input id="nolabel"' in found
    assert 'no visible focus indicator: <input id="plain"' in found
    assert 'not reachable by Tab: <input id="skipped"' in found
    assert 'id="ok"' not in found  # the good control passes
