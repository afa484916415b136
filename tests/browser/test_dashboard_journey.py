"""Issue 5 end to end in real Chromium: an application completes, the citizen answers the survey, the
worker's round runs, and the command-centre dashboard and the agency's public page show it. axe-core
checks the survey, dashboard, transparency, open-data and unit-survey pages."""

import pytest

from loket.core.management.commands.loket_worker import periodic_round
from loket.feedback import services as feedback
from loket.notify.models import Notification
from loket.org.models import Role
from tests.helpers.applications import ANSWERS, PDF
from tests.helpers.browser import assert_accessible
from tests.helpers.org import make_user
from tests.helpers.workflow import run_to_end

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-123"
CHOICES = (
    "Sangat sesuai",
    "Mudah",
    "Sangat cepat",
    "Gratis",
    "Sesuai",
    "Sangat kompeten",
    "Sopan dan ramah",
    "Baik",
    "Dikelola dengan baik",
)  # scores 4, 3, 4, 4, 3, 4, 3, 3, 4 → 32 / 9 × 25 = 88.89 (A)


@pytest.fixture(autouse=True)
def _no_lag(settings):
    settings.LOKET_INSIGHTS_LAG_SECONDS = 0  # the worker folds what was just written
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(page, username):
    page.goto("/akun/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_survey_to_dashboard_and_public_page(browser_page, chromium, live_server, submitted, officers, agency_a):
    application = run_to_end(submitted, officers)
    assert application.status == "completed"
    head = make_user("kepala_dasbor", (Role.AGENCY_HEAD, agency_a))
    page = browser_page

    # The citizen is invited and answers the survey on the phone-sized page, without JavaScript needs.
    periodic_round("browser-test")
    invite = Notification.objects.filter(template="survey_invite", user=application.applicant).first()
    assert invite is not None and invite.context["url"] == feedback.survey_url(application)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, application.applicant.username)
    page.goto(feedback.survey_url(application))
    assert page.get_by_role("heading", name="Survei kepuasan").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Kirim survei").click()  # nothing chosen: errors, nothing stored
    assert page.locator(".field-error").count() == 9
    assert_accessible(page)
    for group, label in enumerate(CHOICES, start=1):
        page.locator(f"fieldset:has(input[name=u{group}])").get_by_label(label, exact=True).check()
    page.get_by_label("Saran atau masukan (tidak wajib)").fill("Cepat dan jelas.")
    page.get_by_role("button", name="Kirim survei").click()
    assert page.get_by_role("heading", name="Terima kasih").is_visible()

    # The worker's round folds the events and the answer; the agency head sees them on the dashboard.
    periodic_round("browser-test")
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, head.username)
    page.goto("/kantor/dasbor/")
    summary = page.locator("section", has=page.get_by_role("heading", name="Ringkasan"))
    assert "Permohonan masuk 1" in " ".join(summary.inner_text().split())
    assert "88,89 (A)" in summary.inner_text()
    assert page.locator("svg[role=img]").count() == 4  # two charts, each drawn for wide screens and for phones
    assert sum(1 for chart in page.locator("svg[role=img]").all() if chart.is_visible()) == 2
    assert_accessible(page)
    page.get_by_role("link", name=agency_a.region.name).last.click()
    page.get_by_role("link", name=agency_a.short_name).last.click()
    assert page.get_by_role("link", name=application.service.name_id).is_visible()
    assert_accessible(page)

    # The public page of the agency shows it too, cheaply and without personal data.
    page.context.clear_cookies()
    response = page.goto(f"/transparansi/{agency_a.slug}/")
    assert len(response.body()) < 100_000
    text = page.locator("main").inner_text()
    assert "88,89 — A" in text and application.tracking_number not in text
    assert page.locator("script").count() == 0
    assert_accessible(page)
    page.goto("/data/")
    assert_accessible(page)
    unit = agency_a.units.order_by("pk").first()
    page.goto(feedback.unit_url(unit))
    assert_accessible(page)
    assert not page.request_log.foreign()
