"""Pictures of Loket as each of its users sees it (issue 15): the key pages of every role of the demo, at 1280
and 360 px, in Chromium against `loket demo` started as a new user starts it. Each page is checked as it is
taken: it answers 200, nothing scrolls sideways and axe-core finds no violation.

`make screenshots` keeps the pictures in docs/screenshots/ (LOKET_SCREENSHOTS names the folder); in the
suite they go to a temporary folder."""

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.auth import fresh_totp_code
from tests.helpers.browser import assert_accessible
from tests.helpers.demo_server import free_port, start_demo, wait_for

# One demo server for all roles: the pictures are taken on one xdist worker (`--dist loadgroup`, Makefile), not one
# seeded demo per worker.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("demo_screenshots")]

SIZES = {"1280": (1280, 800), "360": (360, 740)}


@dataclass(frozen=True)
class Shot:
    name: str  # the picture's file name (without size and extension)
    caption: str  # what the README says under it
    path: str  # where to go; "" follows `follow` from the previous page
    follow: str = ""  # a CSS selector of the link to open on the previous page


@dataclass(frozen=True)
class Role:
    username: str  # "" for the public
    shots: tuple[Shot, ...]


ROLES = (
    Role(
        "",
        (
            Shot("publik-beranda", "Beranda: cari layanan, anti pungli", "/"),
            Shot(
                "publik-standar", "Standar pelayanan yang terbit, dengan alur SOP", "/layanan/sip-dokter-kota-bandung/"
            ),
            Shot("publik-banjarmasin", "Layanan Kota Banjarmasin (WITA)", "/layanan/akta-kelahiran-kota-banjarmasin/"),
            Shot("publik-transparansi", "Transparansi kinerja per perangkat daerah", "/transparansi/"),
            Shot("publik-verifikasi", "Verifikasi dokumen bertanda tangan elektronik", "/verifikasi/"),
        ),
    ),
    Role(
        "rina.marlina",
        (
            Shot("warga-permohonan", "Warga: permohonan saya", "/permohonan/"),
            Shot("warga-status", "Warga: status permohonan", "", "main a[href^='/permohonan/'][href$='/']"),
            Shot("warga-formulir", "Warga: formulir permohonan", "/layanan/sip-dokter-kota-bandung/ajukan/"),
            Shot("warga-dompet", "Warga: dompet dokumen", "/dompet/"),
        ),
    ),
    Role(
        "penyelia.dpmptsp.bandung",
        (
            Shot("petugas-kantor", "Petugas: halaman kantor", "/kantor/"),
            Shot("petugas-kotak-masuk", "Petugas: kotak masuk tugas dengan batas waktu", "/kantor/tugas/"),
        ),
    ),
    Role("pimpinan.jabar", (Shot("pimpinan-dasbor", "Pimpinan: dasbor pusat komando", "/kantor/dasbor/"),)),
    Role("pegawai.siti", (Shot("pegawai-profil", "ASN: profil, cuti dan dokumen", "/pegawai/"),)),
    Role("bkd.jabar", (Shot("bkd-kepegawaian", "BKD: data pegawai dan KGB", "/kantor/kepegawaian/"),)),
)

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    port = free_port()
    proc = start_demo(tmp_path_factory.mktemp("demo"), port, tmp_path_factory.mktemp("log") / "demo.log", workers=2)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", 300) == 200
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=30)
        except Exception:
            proc.kill()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    target = os.environ.get("LOKET_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sign_in(page, username: str) -> None:
    from loket.demo import hr as hr_demo
    from loket.demo.seed import DEMO_PASSWORD, DEMO_TOTP

    page.goto("/akun/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    secret = {**DEMO_TOTP, **hr_demo.DEMO_TOTP}.get(username)
    if secret:
        page.locator("input[name=code]").fill(fresh_totp_code(secret))
        page.locator("form:has(input[name=code]) button[type=submit]").first.click()
        page.wait_for_load_state()
    assert "/akun/login/" not in page.url and "/2fa/" not in page.url, f"{username} could not sign in"


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.username or "publik")
def test_key_pages_of_each_role(role, chromium, demo_url, folder):
    context = chromium.new_context(base_url=demo_url, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(120_000)  # the demo's first requests warm its caches on a busy machine
    try:
        if role.username:
            _sign_in(page, role.username)
        for shot in role.shots:
            path = shot.path
            for size, (width, height) in SIZES.items():
                page.set_viewport_size({"width": width, "height": height})
                if not path:
                    previous = page.url
                    link = page.locator(shot.follow).first
                    assert link.count(), f"{shot.name}: no link {shot.follow} on {previous}"
                    path = link.get_attribute("href")
                response = page.goto(path)
                assert response.status == 200, f"{shot.name}: {path} answered {response.status}"
                assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{shot.name} scrolls sideways at {size} px"
                assert_accessible(page)
                page.screenshot(path=folder / f"{shot.name}-{size}.png")
    finally:
        context.close()
