"""An anonymous illegal-fee report in a real browser, without an account or JavaScript-only parts: the form, the
receipt with code and secret, the follow-up page — each checked with axe-core at 1280 and 360 px."""

import pytest

from loket.complaints.models import Complaint
from loket.org.models import Agency
from tests.helpers.browser import check_page
from tests.helpers.complaints import open_desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 360])
def test_an_anonymous_illegal_fee_report_and_its_follow_up(
    chromium, live_server, agency_a, kota_bandung, service_a, width
):
    inspectorate = Agency.objects.create(
        region=kota_bandung, slug="inspektorat-bandung", name="Inspektorat Kota Bandung"
    )
    open_desk(agency_a)
    open_desk(inspectorate, inspectorate=True)
    context = chromium.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto("/pengaduan/")
        check_page(page)
        page.get_by_label("Pungutan liar").check()
        page.get_by_label("Layanan yang diadukan").select_option(str(service_a.pk))
        page.get_by_label("Judul").fill("Diminta uang agar cepat")
        page.get_by_label("Apa yang terjadi").fill("Petugas meminta Rp100.000 supaya izin saya cepat selesai.")
        page.get_by_role("button", name="Kirim pengaduan").click()
        page.wait_for_load_state()
        code = page.locator("#receipt-code").inner_text()
        secret = page.locator("#receipt-secret").inner_text()
        assert "Inspektorat Kota Bandung" in page.locator("main").inner_text()
        check_page(page)
        complaint = Complaint.objects.get(receipt_code=code)
        assert complaint.desk.inspectorate and complaint.case.agency_id == inspectorate.pk
        page.get_by_role("link", name="Lacak pengaduan").click()
        page.wait_for_url("**/pengaduan/lacak/")
        page.get_by_label("Kode pengaduan").fill(code)
        page.get_by_label("Kata sandi pengaduan").fill(secret)
        page.get_by_role("button", name="Lacak").click()
        page.wait_for_load_state()
        assert "Diminta uang agar cepat" in page.locator("main").inner_text()
        check_page(page)
    finally:
        context.close()
