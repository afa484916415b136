"""Issue 5 end to end in real Chromium: an application completes, the citizen answers the survey, the
worker's round runs, and the command-centre dashboard and the agency's public page show it. axe-core
checks the survey, dashboard, transparency, open-data and unit-survey pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from loket.core.management.commands.loket_worker import periodic_round
from loket.feedback import services as feedback
from loket.insights.models import ServiceBaseline
from loket.notify.models import Notification
from loket.org.deadlines import calendar_for
from loket.org.models import Role
from tests.helpers.applications import ANSWERS, PDF
from tests.helpers.browser import assert_accessible
from tests.helpers.catalogue import publish_service
from tests.helpers.insights import WIB, decree, make_application
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


def civil_service_cases(editor_a, agency_a, category):
    """Two civil-service apps of agency A as data (audience employee): leave with a decree signed two working days
    after the request and a manual baseline with its source; credit points (PAK) with one case still open."""
    leave = publish_service(editor_a, agency_a, category, "cuti-asn-dasbor", "Cuti Pegawai", audience="employee")
    pak = publish_service(editor_a, agency_a, category, "pak-asn-dasbor", "Penetapan Angka Kredit", audience="employee")
    employee = make_user("pegawai_dasbor")
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday() + 7)  # Monday of last week
    opened = dt.datetime.combine(monday, dt.time(8), tzinfo=WIB)
    case = make_application(
        leave,
        employee,
        status="completed",
        events=[("submitted", opened), ("completed", opened + dt.timedelta(days=2))],
    )
    decree(case, signed_at=opened + dt.timedelta(days=2), pages=2)
    ServiceBaseline.objects.create(
        service=leave, working_days=Decimal("10"), source="Laporan BKPSDM 2023 (proses manual)", period="2023"
    )
    make_application(pak, employee, status="submitted", events=[("submitted", opened)])
    days = calendar_for(agency_a.region).working_days_between(monday, monday + dt.timedelta(days=2))
    return leave, pak, days


def test_survey_to_dashboard_and_public_page(
    browser_page, chromium, live_server, submitted, officers, agency_a, editor_a, category
):
    leave, pak, days = civil_service_cases(editor_a, agency_a, category)
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

    # Civil-service cases per app, apart from the public services, against the manual baseline.
    staff = page.locator("table.staff-cases tbody tr")
    assert staff.count() == 2
    leave_row = " ".join(staff.filter(has_text=leave.name_id).inner_text().split())
    assert f"{days} / {days}" in leave_row and f"turun {(10 - days) * 10},0%" in leave_row  # against 10 days
    assert "manual 10,0 hari kerja" in leave_row and "2 1 dokumen" in leave_row  # two pages of one decree
    assert "—" in " ".join(staff.filter(has_text=pak.name_id).inner_text().split())  # nothing decided yet
    assert "Angka dibanding proses manual dihitung ulang " in page.locator("#staff-title ~ p.muted").last.inner_text()
    assert "Laporan BKPSDM 2023 (proses manual) (2023)" in page.locator("#staff-title + p ~ ul").inner_text()
    assert page.locator("table.staff-cases").evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # cards, no sideways scroll
    cell = page.locator("table.staff-cases tbody tr").first.locator("td[data-label]").nth(5)
    assert cell.is_visible() and "Dibanding manual" in cell.get_attribute("data-label")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
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
