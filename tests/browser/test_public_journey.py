"""A citizen's journey through the public catalogue in a real browser, with axe-core on every page."""

import pytest

from loket.catalogue.models import Audience
from tests.helpers.browser import assert_accessible
from tests.helpers.catalogue import COMPLETE_CONTENT, publish_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(service_a, editor_a, agency_a, category):
    publish_service(
        editor_a,
        agency_a,
        category,
        "izin-reklame-bandung",
        "Izin Reklame",
        name_en="Billboard permit",
        audience=Audience.BUSINESS,
        content={
            **COMPLETE_CONTENT,
            "summary": "Izin memasang papan reklame.",
            "product": "Surat Izin Reklame",
            "fee_amount": 150000,
            "fee_legal_basis": "Perda Kota Bandung 1/2024",
        },
    )
    return service_a


def test_home_search_filter_service_and_language_switch(browser_page, seeded):
    page = browser_page
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert_accessible(page)

    page.get_by_label("Cari layanan").fill("perizinan")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url("**/layanan/?q=perizinan")
    results = page.locator("ol.results h3")
    assert sorted(results.all_inner_texts()) == ["Izin Praktik Tenaga Kesehatan", "Izin Reklame"]
    assert_accessible(page)

    page.get_by_label("Sasaran").select_option(label="Pelaku usaha")
    page.get_by_label("Wilayah").select_option(label="Kota Bandung")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url("**audience=business**")
    assert results.all_inner_texts() == ["Izin Reklame"]
    assert_accessible(page)

    page.get_by_role("link", name="Izin Reklame").click()
    page.wait_for_url("**/layanan/izin-reklame-bandung/")
    assert page.get_by_role("heading", level=1).inner_text() == "Izin Reklame"
    assert "Rp150.000" in page.locator("section.notice").inner_text()
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Billboard permit"
    assert page.get_by_role("heading", name="No illegal charges").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Bahasa Indonesia").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("heading", level=1).inner_text() == "Izin Reklame"

    assert page.request_log.urls, "the request log recorded nothing"
    assert page.request_log.foreign() == []


def test_other_public_pages_pass_axe_in_both_languages(browser_page, seeded, editor_a, editor_b, agency_b, category):
    from loket.catalogue import services as catalogue

    incomplete = {**COMPLETE_CONTENT, "staffing": "", "evaluation": ""}
    publish_service(editor_b, agency_b, category, "akta-kelahiran-bogor", "Akta Kelahiran", content=incomplete)
    for number in range(21):  # two result pages
        publish_service(editor_a, seeded.agency, category, f"surat-{number:02d}", f"Surat Keterangan {number:02d}")
    draft = catalogue.open_draft(actor=editor_a, service=seeded)
    catalogue.update_draft(actor=editor_a, draft=draft, changes={"time_limit_days": 3})
    catalogue.publish(actor=editor_a, service=seeded)

    page = browser_page
    paths = [
        "/layanan/?q=surat&page=2",
        "/layanan/?q=paspor&region=32.01",
        "/layanan/akta-kelahiran-bogor/",
        f"/layanan/{seeded.code}/versi/1/",
        "/instansi/disdukcapil-kab-bogor/",
        "/wilayah/32/",
        "/wilayah/32.73/",
        "/layanan/tidak-ada/",
    ]
    for language in ("Bahasa Indonesia", "English"):
        if language == "English":
            page.goto("/")
            page.get_by_role("button", name="English").click()
            page.wait_for_load_state()
        for path in paths:
            response = page.goto(path)
            assert response.status == (404 if path == "/layanan/tidak-ada/" else 200), path
            assert_accessible(page)
    assert page.request_log.foreign() == []
