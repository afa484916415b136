"""Issue 17 (e-Kartu) end to end in real Chromium: the employee opens their card on a 360 px phone; the offline
verifier (a static page served by Loket, WebCrypto) loads the region's public key once and then verifies the QR
payload with the network cut; BKD revokes the card; the online status page and the signed revocation list (fetched
by the verifier, then checked offline again) refuse it. axe-core checks every page; nothing leaves the live server."""

import json
import re

import pytest
from django.db import transaction
from django.utils import timezone

from loket.core.dates import long_date
from loket.documents import pki
from loket.hr.card import cose
from loket.hr.card import services as cards
from loket.hr.models import EmployeeCard
from loket.hr.pension import services as pensions
from loket.org.models import Role
from tests.helpers.browser import RequestLog, assert_accessible
from tests.helpers.hr import run_worker
from tests.helpers.org import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"
PHONE = {"width": 360, "height": 740}


@pytest.fixture(autouse=True)
def _signing(settings, tmp_path, live_server):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_SIGNING_DIR = str(tmp_path / "signing")
    settings.LOKET_SIGNING_BACKEND = "local"
    settings.LOKET_PUBLIC_URL = live_server.url  # the QR text opens this live server


def _context(chromium, live_server, logs, **options):
    context = chromium.new_context(base_url=live_server.url, locale="id-ID", **options)
    log = RequestLog(live_server.url)
    context.on("request", log)
    logs.append(log)
    return context


def _sign_in(page, username: str, start: str):
    page.goto(start)
    page.wait_for_url("**/akun/login/**")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form", has=page.locator("input[name=password]")).locator("button[type=submit]").first.click()
    page.wait_for_url(f"**{start}")
    return page


def _serving(body: bytes):
    """A route handler answering with `body` (a list the server never published)."""
    return lambda route: route.fulfill(body=body, content_type="application/cwt")


def _check_offline(verifier, context, text: str) -> str:
    context.set_offline(True)
    try:
        verifier.get_by_label("Teks kode QR kartu").fill(text)
        verifier.get_by_role("button", name="Periksa", exact=True).click()
        verifier.locator("#result:not([hidden])").wait_for()
        return verifier.locator("#result").inner_text()
    finally:
        context.set_offline(False)


def test_card_on_a_phone_verified_offline_then_revoked(chromium, live_server, staff, kota_bandung):
    logs = []
    siti = staff["staf"]
    hr_admin = make_user("bkd_bandung", (Role.HR_ADMIN, kota_bandung))

    # The employee opens their card at 360 px: every fact, the QR, no sideways scroll.
    phone = _context(chromium, live_server, logs, viewport=PHONE, is_mobile=True, has_touch=True)
    card_page = _sign_in(phone.new_page(), siti.nip, "/pegawai/kartu/")
    card = card_page.locator(".ekartu")
    text = card.inner_text()
    for fact in (siti.full_name, siti.nip, "Penata Muda, III/a", siti.position_name, siti.agency.name, "Berlaku"):
        assert fact in text
    assert card.locator(".ekartu-qr svg").is_visible()
    assert card_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(card_page)
    qr_text = card_page.locator("#ekartu-link").get_attribute("href")
    assert qr_text.startswith(f"{live_server.url}/kartu/v/")
    issued = EmployeeCard.objects.get(employee=siti, revoked_at__isnull=True)
    assert qr_text.endswith(issued.token)
    pdf = card_page.request.get("/pegawai/kartu/kartu.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    # A verifier's phone loads the checker once online (keys and revocation lists stored), then verifies offline.
    checker = _context(chromium, live_server, logs, viewport=PHONE, is_mobile=True)
    verifier = checker.new_page()
    verifier.goto("/kartu/periksa/")
    verifier.get_by_text("Kunci publik tersimpan: 1 kunci").wait_for()
    assert_accessible(verifier)
    checker_log = logs[-1]
    before = len(checker_log.urls)
    verdict = _check_offline(verifier, checker, qr_text)
    assert "Kartu SAH dan BERLAKU" in verdict and siti.nip in verdict and issued.serial in verdict
    assert "Daftar pencabutan per" in verdict
    # one changed character of the signature is refused, still offline
    forged = qr_text[:-3] + ("A" if qr_text[-3] != "A" else "B") + qr_text[-2:]
    assert "TIDAK SAH" in _check_offline(verifier, checker, forged)
    assert len(checker_log.urls) == before  # the checks asked nothing of any server

    # Without a fresh revocation list the checker never says valid: missing, expired, or another region's list.
    stored = verifier.evaluate("localStorage.getItem('loket-ekartu-revoked')")
    verifier.evaluate("localStorage.removeItem('loket-ekartu-revoked')")
    unsure = _check_offline(verifier, checker, qr_text)
    assert "belum dapat dipastikan: daftar pencabutan tidak ada" in unsure and "BERLAKU" not in unsure
    assert "notice-warning" in verifier.locator("#result").get_attribute("class")
    verifier.evaluate(
        """(code) => { const lists = JSON.parse(code);
        for (const iss in lists) lists[iss].expires = Math.floor(Date.now() / 1000) - 60;
        localStorage.setItem('loket-ekartu-revoked', JSON.stringify(lists)); }""",
        stored,
    )
    unsure = _check_offline(verifier, checker, qr_text)
    assert "belum dapat dipastikan: daftar pencabutan kedaluwarsa" in unsure and "BERLAKU" not in unsure
    verifier.evaluate(
        """(code) => { const lists = JSON.parse(code);
        for (const iss in lists) lists[iss].iss = "99.99";
        localStorage.setItem('loket-ekartu-revoked', JSON.stringify(lists)); }""",
        stored,
    )
    assert "daftar pencabutan tidak ada" in _check_offline(verifier, checker, qr_text)  # another issuer's list
    verifier.evaluate("(code) => localStorage.setItem('loket-ekartu-revoked', code)", stored)
    assert "Kartu SAH dan BERLAKU" in _check_offline(verifier, checker, qr_text)
    assert verifier.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The online status page (any camera app opens the QR's URL): valid, only the printed facts.
    public = _context(chromium, live_server, logs).new_page()
    public.goto(qr_text)
    assert "Kartu ini BERLAKU" in public.locator("#verdict").inner_text()
    assert siti.user.email not in public.content() and siti.birth_date.isoformat() not in public.content()
    assert_accessible(public)

    # BKD revokes the card by hand: the holder lost it (the only reason by hand); a new card is issued at once.
    bkd = _sign_in(
        _context(chromium, live_server, logs).new_page(),
        hr_admin.username,
        f"/kantor/kepegawaian/pegawai/{siti.nip}/kartu/",
    )
    assert_accessible(bkd)
    bkd.get_by_label("Alasan").select_option("hilang")
    bkd.get_by_role("button", name="Cabut dan terbitkan ulang", exact=True).click()
    bkd.get_by_text("Kartu lama dicabut; kartu baru").wait_for()
    assert run_worker() >= 1  # the worker publishes the region's revocation list afresh
    issued.refresh_from_db()
    assert issued.revoke_reason == "hilang" and issued.revoked_on is not None
    assert "Hilang" in bkd.locator("main").inner_text()  # BKD's page keeps the reason

    # The online page refuses it with the date, never the reason.
    public.goto(qr_text)
    refused = public.locator("#verdict").inner_text()
    assert "Kartu ini DICABUT" in refused and long_date(issued.revoked_on) in refused and "Hilang" not in refused
    assert_accessible(public)

    # The card's own signature is still genuine, but the signed list the checker fetches refuses it, offline too.
    verifier.reload()
    verifier.get_by_text("Kunci publik tersimpan: 1 kunci").wait_for()
    verdict = _check_offline(verifier, checker, qr_text)
    assert "Kartu DICABUT sejak" in verdict and "Hilang" not in verdict
    assert long_date(issued.revoked_on) in verdict and not re.search(r"\d{4}-\d{2}-\d{2}|\d/\d", verdict)  # in words

    # A replayed older list, or a signed payload that is not a list, never replaces the stored list.
    kept = verifier.evaluate("localStorage.getItem('loket-ekartu-revoked')")
    code = siti.region.code
    iat = json.loads(kept)[code]["issued"]
    key = pki.card_key(code).key
    older = cose.sign({1: code, 4: iat + 3600, 5: iat - 60, 6: iat - 60, cards.REVOKED_LIST: []}, key)
    not_list = cose.sign({1: code, 4: iat + 7200, 5: iat + 60, 6: iat + 60, cards.REVOKED_LIST: "keine"}, key)
    for body in (older, not_list):
        verifier.route("**/kartu/dicabut/**", _serving(body))
        verifier.reload()
        verifier.get_by_text("Kunci publik tersimpan: 1 kunci").wait_for()
        verifier.unroute("**/kartu/dicabut/**")
        assert verifier.evaluate("localStorage.getItem('loket-ekartu-revoked')") == kept
    assert "Kartu DICABUT sejak" in _check_offline(verifier, checker, qr_text)

    # The holder retires through e-Pensiun (mark_left sends employee_left): their phone shows the card revoked, and
    # no new card is issued to someone who left.
    with transaction.atomic():
        pensions.mark_left(siti, on=timezone.localdate(), reason="pensiun")
    card_page.reload()
    assert "Dicabut" in card_page.locator("#ekartu-status").inner_text()
    assert EmployeeCard.objects.filter(employee=siti, revoked_at__isnull=True).count() == 0

    for log in logs:
        assert not log.foreign(), log.foreign()
    for context in (phone, checker):
        context.close()
