"""Issue 6 end to end in real Chromium: an employee requests annual leave, the direct superior and then the
authorized official approve — the official's approval with their own TOTP code signs the surat izin cuti —,
the signed PDF appears in the employee's documents and wallet, validates (pyHanko, and poppler's pdfsig
against our root) and its verification page says valid; the annual balance drops by the working days taken.
axe-core checks every page on the way; nothing leaves the live server."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.documents import pki, render, verify
from loket.documents import queries as document_queries
from loket.documents.models import Document
from loket.hr.models import LeaveRequest
from loket.org.deadlines import calendar_for
from tests.helpers.browser import RequestLog, assert_accessible
from tests.helpers.documents import nss_db, pdfsig
from tests.helpers.hr import otp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_SIGNING_DIR = str(tmp_path / "signing")
    settings.LOKET_SIGNING_BACKEND = "local"


def leave_dates(region) -> tuple[dt.date, dt.date, int]:
    """Three calendar days from the first working Monday at least a week ahead, inside this year."""
    today = timezone.localdate()
    calendar = calendar_for(region)
    first = today + dt.timedelta(days=7 + (7 - today.weekday()) % 7)
    if (first + dt.timedelta(days=2)).year != today.year:
        first = dt.date(today.year, 3, 2)
    while not calendar.is_working_day(first):
        first += dt.timedelta(days=1)
    last = first + dt.timedelta(days=2)
    return first, last, calendar.working_days_in(first, last)


class Journey:
    def __init__(self, chromium, live_server):
        self.chromium, self.live_server = chromium, live_server
        self.contexts, self.logs, self.checked = [], [], []

    def sign_in(self, employee):
        context = self.chromium.new_context(base_url=self.live_server.url, locale="id-ID", accept_downloads=True)
        self.contexts.append(context)
        page = context.new_page()
        log = RequestLog(self.live_server.url)
        page.on("request", log)
        self.logs.append(log)
        page.goto("/pegawai/")
        page.wait_for_url("**/akun/login/**")
        page.locator("input[name=login]").fill(employee.user.username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form", has=page.locator("input[name=password]")).locator("button[type=submit]").first.click()
        page.wait_for_url("**/pegawai/")
        return page

    def check(self, page, name: str):
        assert_accessible(page)
        self.checked.append(name)

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def journey(chromium, live_server):
    journey = Journey(chromium, live_server)
    yield journey
    journey.close()


def test_annual_leave_without_paper(journey, staff, tmp_path):
    siti, rudi, bambang = staff["staf"], staff["kasi"], staff["kadis"]
    first, last, days = leave_dates(siti.region)

    employee = journey.sign_in(siti)
    journey.check(employee, "profil pegawai")
    employee.goto("/pegawai/cuti/")
    assert employee.locator("#balance-remaining").inner_text().startswith("12 ")
    journey.check(employee, "cuti saya")
    employee.get_by_role("link", name="Ajukan cuti").click()
    journey.check(employee, "formulir cuti")
    # refused first: sick leave of three days without a doctor's note
    employee.get_by_label("Jenis cuti", exact=True).select_option("sakit")
    employee.get_by_label("Tanggal mulai", exact=True).fill(first.isoformat())
    employee.get_by_label("Tanggal selesai", exact=True).fill(last.isoformat())
    employee.get_by_role("button", name="Kirim permohonan").click()
    assert "wajib melampirkan surat keterangan dokter" in employee.locator("#form-errors").inner_text()
    journey.check(employee, "penolakan formulir")
    assert not LeaveRequest.objects.exists()
    employee.get_by_label("Jenis cuti", exact=True).select_option("tahunan")
    employee.get_by_label("Tanggal mulai", exact=True).fill(first.isoformat())
    employee.get_by_label("Tanggal selesai", exact=True).fill(last.isoformat())
    employee.get_by_label("Alasan cuti", exact=True).fill("Menghadiri pernikahan adik")
    employee.get_by_label("Alamat selama menjalankan cuti").fill("Jl. Cipaganti 12, Garut")
    employee.get_by_role("button", name="Kirim permohonan").click()
    employee.wait_for_url("**/pegawai/cuti/*/")
    assert employee.locator("#leave-status").inner_text() == "Menunggu atasan langsung"
    assert employee.locator("#leave-working-days").inner_text() == str(days)
    journey.check(employee, "permohonan cuti")

    superior = journey.sign_in(rudi)
    superior.goto("/pegawai/persetujuan/")
    journey.check(superior, "daftar persetujuan")
    superior.get_by_role("link", name=siti.full_name).click()
    journey.check(superior, "keputusan atasan")
    superior.get_by_role("button", name="Setujui", exact=True).click()
    superior.wait_for_url("**/pegawai/persetujuan/")
    superior.goto("/pegawai/tim/")
    assert siti.full_name in superior.locator("main").inner_text()
    journey.check(superior, "kalender tim")

    official = journey.sign_in(bambang)
    official.goto("/pegawai/persetujuan/")
    official.get_by_role("link", name=siti.full_name).click()
    journey.check(official, "keputusan pejabat dengan TOTP")
    # the final approval is the signature: a wrong code is refused and nothing changes
    otp(bambang)  # the official's authenticator (activated after signing in, so the login needs no code)
    official.get_by_label("Kode TOTP (6 angka)").fill("000000")
    official.get_by_role("button", name="Setujui", exact=True).click()
    official.wait_for_url(f"**/pegawai/cuti/{LeaveRequest.objects.get().pk}/")
    assert "Kode verifikasi salah" in official.locator("main").inner_text()
    assert LeaveRequest.objects.get().status == LeaveRequest.Status.OFFICIAL
    official.get_by_label("Kode TOTP (6 angka)").fill(otp(bambang))
    official.get_by_role("button", name="Setujui", exact=True).click()
    official.wait_for_url("**/pegawai/persetujuan/")
    assert "ditandatangani secara elektronik" in official.locator("main").inner_text()

    leave = LeaveRequest.objects.get()
    assert leave.status == LeaveRequest.Status.APPROVED
    document = Document.objects.get(code=leave.permit.document_id)
    assert document.number == leave.permit.number and document.signed_by == bambang.user
    employee.goto("/pegawai/dokumen/")
    assert leave.permit.number in employee.locator("#permits").inner_text()
    journey.check(employee, "dokumen saya")
    with employee.expect_download() as download_info:
        employee.get_by_role("link", name=f"Unduh PDF {leave.permit.number}").click()
    path = tmp_path / "surat-izin-cuti.pdf"
    download_info.value.save_as(path)
    data = path.read_bytes()
    check = verify.check_pdf(data)
    assert check.ok and check.trusted and check.whole_file and check.code == document.code
    assert check.signer_fingerprint == document.signer_fingerprint
    assert document_queries.check_upload(data).verdict == "valid"
    report = pdfsig(path, nss_db(tmp_path, pki.root().cert))
    assert "Signature is Valid." in report and "Certificate is Trusted." in report
    employee.locator("#permits a").first.click()
    assert employee.locator("#permit-number").inner_text() == leave.permit.number
    journey.check(employee, "surat izin cuti")
    employee.goto("/dompet/")
    assert leave.permit.number in employee.locator("main").inner_text()
    journey.check(employee, "dompet dokumen")
    assert render.verify_url(check.code).endswith(f"/verifikasi/{document.code}")  # the QR's target
    employee.goto(f"/verifikasi/{document.code}")
    assert "Dokumen ini SAH" in employee.locator("main").inner_text()
    assert "Surat Izin Cuti Tahunan" in employee.locator("main").inner_text()
    journey.check(employee, "halaman verifikasi")
    employee.goto("/pegawai/cuti/")
    assert employee.locator("#balance-remaining").inner_text().startswith(f"{12 - days} ")
    assert not [url for log in journey.logs for url in log.foreign()]
    assert len(journey.checked) == 13
