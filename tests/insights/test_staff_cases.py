"""Civil-service cases per app on the command centre: cases, working days to the signed decree, officer touch
time, the cut against the manual baseline, paper pages avoided and zero-visit decisions (insights.indicators
"staff_*", "pages_avoided"). Generic over every service whose audience is civil servants."""

import datetime as dt
from decimal import Decimal

import pytest

from loket.applications.models import CaseAccess
from loket.documents.models import Document
from loket.insights import queries, services
from loket.insights.models import ServiceBaseline, StaffCaseStat
from loket.org.models import Role
from loket.workflow.models import ProcedureStep, Task
from tests.helpers.catalogue import publish_service
from tests.helpers.insights import decree, make_application, wib
from tests.helpers.org import make_user

ALL_TIME = {"since": dt.date(2020, 1, 1), "until": dt.date(2035, 1, 1)}


def task(case, step, officer, *, created, completed, assigned=None, status="approved"):
    return Task.objects.create(
        application=case,
        step=step,
        agency_id_cache=case.agency_id,
        step_role=step.role,
        status=status,
        created_at=created,
        due_at=created + dt.timedelta(days=3),
        completed_at=completed,
        completed_by=officer,
        claimed_by=officer if assigned else None,
        assigned_at=assigned,
    )


@pytest.fixture
def pak(editor_a, agency_a, category):
    """A credit-point decree app (e-Fungsional PAK) added as just another employee-audience service: three
    completed cases and one open, with their tasks, an officer's reading and their decrees."""
    service = publish_service(
        editor_a, agency_a, category, "pak-asn-uji", "Penetapan Angka Kredit", audience="employee"
    )
    step = ProcedureStep.objects.create(standard=service.current, position=1, name_id="Verifikasi BKPSDM", sla_days=3)
    officer = make_user("verifikator_pak", (Role.OFFICER, agency_a))
    employee = make_user("pegawai_pak")
    # 1. opened Mon 2 Jun 2025, decree signed Wed 4 Jun: 2 working days. The officer read it at 9:10, decided 9:25.
    first = make_application(
        service,
        employee,
        status="completed",
        events=[("submitted", wib(2025, 6, 2, 8, 0)), ("completed", wib(2025, 6, 4, 10, 0))],
    )
    task(first, step, officer, created=wib(2025, 6, 2, 8, 0), completed=wib(2025, 6, 2, 9, 25))
    CaseAccess.objects.create(
        application=first, actor=officer, kind="opened", actor_label="Petugas", at=wib(2025, 6, 2, 9, 10)
    )
    decree(first, signed_at=wib(2025, 6, 4, 10, 0), pages=2)
    decree(first, signed_at=wib(2025, 6, 4, 10, 5), pages=1)  # its attachment (lampiran), signed after
    # 2. opened Mon 26 May 2025 (proactively, by the system), signed Wed 4 Jun: 5 working days over Ascension Day
    # and cuti bersama. The task was claimed at 13:00 and decided the next morning: one hour at most.
    second = make_application(
        service,
        employee,
        status="completed",
        events=[("submitted", wib(2025, 5, 26, 7, 0)), ("completed", wib(2025, 6, 4, 11, 0))],
    )
    task(
        second,
        step,
        officer,
        created=wib(2025, 5, 26, 7, 0),
        assigned=wib(2025, 5, 26, 13, 0),
        completed=wib(2025, 5, 27, 8, 0),
    )
    decree(second, signed_at=wib(2025, 6, 4, 11, 0), pages=3)
    decree(second, signed_at=wib(2025, 6, 4, 11, 0), pages=None)  # a file the backfill could not read
    # 3. filed at a counter; its decree was signed in Loket, then printed: its days count, its pages do not (the
    # paper was used).
    third = make_application(
        service,
        employee,
        channel="counter",
        status="completed",
        events=[("submitted", wib(2025, 6, 2, 8, 0)), ("completed", wib(2025, 6, 3, 8, 0))],
    )
    decree(third, signed_at=wib(2025, 6, 3, 8, 0), pages=4, delivery="printed")
    # the system skipped a step of it: no officer, no touch
    task(third, step, None, created=wib(2025, 6, 2, 8, 0), completed=wib(2025, 6, 2, 8, 0))
    # 4. still open
    make_application(service, employee, status="submitted", events=[("submitted", wib(2025, 6, 5, 8, 0))])
    return service


pytestmark = pytest.mark.django_db


@pytest.mark.sqlite
def test_a_new_employee_app_gets_every_figure_without_code(pak, agency_a):
    services.rebuild()
    rows = queries.employee_services([agency_a.pk], **ALL_TIME)
    [(service, kpi, figures)] = [row for row in rows if row[0].code == "pak-asn-uji"]
    assert (kpi.received, kpi.completed, kpi.open) == (4, 3, 1)
    row = figures.as_row()
    # days to the decree: 2, 5 and 1 (the printed one was still signed in Loket)
    assert row["decreed"] == 3 and row["decree_median_days"] == 2 and row["decree_p90_days"] == 5
    assert row["decree_mean_days"] == pytest.approx(2.7)  # 8 / 3
    # touch: 15 min (read at 9:10, decided 9:25) + 60 min (claimed, decided the next morning: capped) + 0
    assert row["touch_minutes_mean"] == 25.0 and row["touch_hours_total"] == 1.3  # 1.25 h, one decimal half-up
    # pages: 2 + 1 + 3 of four digital documents, one of them without a count; the printed one saved no paper
    assert (row["documents_paperless"], row["pages_avoided"], row["documents_unpaged"]) == (4, 6, 1)
    # no manual figure recorded yet: no cut
    assert row["baseline_days"] is None and row["days_cut_percent"] is None and row["touch_cut_percent"] is None
    # zero visit: two of the three completed cases were opened online
    assert kpi.as_row()["zero_visit_percent"] == pytest.approx(66.7)


@pytest.mark.sqlite
def test_the_cut_is_measured_against_the_recorded_baseline(pak, agency_a):
    ServiceBaseline.objects.create(
        service=pak,
        working_days=Decimal("13.5"),
        touch_minutes=Decimal("100"),
        source="Kajian waktu proses BKPSDM 2023, hlm. 12",
        period="2023",
    )
    services.rebuild()
    [(_, _, figures)] = [row for row in queries.employee_services([agency_a.pk], **ALL_TIME) if row[0] == pak]
    row = figures.as_row()
    assert row["baseline_days"] == 13.5 and row["baseline_source"].startswith("Kajian")
    assert row["days_cut_percent"] == pytest.approx(80.2)  # (13.5 − 8/3) / 13.5
    assert row["touch_cut_percent"] == 75.0  # (100 − 25) / 100
    ServiceBaseline.objects.filter(service=pak).update(working_days=Decimal("2"), touch_minutes=None)
    [(_, _, figures)] = [row for row in queries.employee_services([agency_a.pk], **ALL_TIME) if row[0] == pak]
    assert figures.as_row()["days_cut_percent"] == pytest.approx(-33.3)  # slower than on paper: shown as "naik"
    assert figures.as_row()["touch_cut_percent"] is None


@pytest.mark.sqlite
def test_recount_follows_late_signatures_and_backfilled_pages(pak, agency_a):
    services.rebuild()
    Document.objects.filter(application__service=pak, pages__isnull=True).update(pages=2)
    assert services.refresh_staff_cases(months=None) == 1  # one service × month (June 2025, WIB)
    stat = StaffCaseStat.objects.get(service=pak)
    assert (stat.month, stat.pages, stat.documents_unpaged) == (dt.date(2025, 6, 1), 8, 0)
    # the recent-months refresh leaves older months alone
    Document.objects.filter(application__service=pak).update(pages=1)
    services.refresh_staff_cases()
    assert StaffCaseStat.objects.get(service=pak).pages == 8


@pytest.mark.sqlite
def test_the_touch_cap_is_a_setting(pak, agency_a, settings):
    settings.LOKET_TOUCH_CAP_MINUTES = 10
    services.refresh_staff_cases(months=None)
    assert StaffCaseStat.objects.get(service=pak).touch_seconds == 20 * 60  # 10 + 10


@pytest.mark.sqlite
def test_open_data_and_api_publish_the_per_app_figures_apart(pak, agency_a, service_a, client):
    import json

    from loket.insights import opendata

    ServiceBaseline.objects.create(service=pak, working_days=Decimal("13.5"), source="Kajian BKPSDM 2023")
    services.rebuild()
    stored = json.loads(opendata.read("2025/kepegawaian-bulanan.json").content)
    rows = {row["month"]: row for row in stored["data"]}
    assert set(rows) == {"2025-05", "2025-06"}
    row = rows["2025-06"]
    assert (row["service_code"], row["received"], row["completed"]) == ("pak-asn-uji", 3, 3)
    assert (row["decree_median_days"], row["pages_avoided"], row["days_cut_percent"]) == (2, 6, 80.2)
    assert row["baseline_source"] == "Kajian BKPSDM 2023" and row["zero_visit_percent"] == pytest.approx(66.7)
    may = rows["2025-05"]  # the proactive opening of 26 May, completed in June
    assert (may["received"], may["completed"], may["decreed"], may["decree_median_days"]) == (1, 0, 0, "")
    assert "2025-05,32" in opendata.read("2025/kepegawaian-bulanan.csv").content
    # not in the public-service statistics
    public = json.loads(opendata.read("2025/layanan-bulanan.json").content)
    assert all(r["service_code"] != "pak-asn-uji" for r in public["data"])
    response = client.get("/api/v1/statistik/2025/kepegawaian-bulanan")
    assert response.status_code == 200 and response.json()["data"] == stored["data"]
    assert client.get("/data/2025/kepegawaian-bulanan.csv").status_code == 200
    descriptor = json.loads(opendata.read(opendata.DESCRIPTOR).content)
    assert any(r["name"] == "kepegawaian-bulanan-2025" for r in descriptor["resources"])


@pytest.mark.sqlite
def test_a_baseline_is_entered_in_the_admin_with_its_source_and_audited(pak, service_a):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from loket.core.models import AuditEvent

    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root_baseline", "root@example.go.id", "x"))
    url = "/admin/insights/servicebaseline/add/"
    form = {"service": pak.pk, "working_days": "15", "touch_minutes": "90", "period": "2023"}
    assert client.post(url, form).status_code == 200  # no source: refused, nothing stored
    assert client.post(url, {**form, "service": service_a.pk, "source": "Kajian"}).status_code == 200  # public
    assert not ServiceBaseline.objects.exists()
    assert client.post(url, {**form, "source": "Kajian waktu proses BKPSDM 2023"}).status_code == 302
    baseline = ServiceBaseline.objects.get()
    assert (baseline.service, baseline.working_days, baseline.touch_minutes) == (pak, Decimal("15"), Decimal("90"))
    assert AuditEvent.objects.filter(action="admin.servicebaseline_created").exists()


def test_the_dashboard_drill_down_into_an_employee_app_shows_its_figures_against_paper(pak, province, client):
    """`?layanan=` of a civil-service app: its working days to the decree, the cut against the manual baseline,
    officer touch time, paper pages avoided and decisions without an office visit, for the period and per month
    (the figures of the `pak` cases, hand-computed in the tests above)."""
    ServiceBaseline.objects.create(
        service=pak,
        working_days=Decimal("13.5"),
        touch_minutes=Decimal("100"),
        source="Kajian waktu proses BKPSDM 2023, hlm. 12",
        period="2023",
    )
    services.rebuild()
    client.force_login(make_user("pimpinan_uji", (Role.LEADER, province)))
    page = client.get("/kantor/dasbor/?bulan=36&layanan=pak-asn-uji").content.decode()
    section = page[page.index('id="staff-service-title"') :]
    # days 2, 5 and 1: median 2, p90 5, mean 8/3; against 13.5 manual days: (13.5 − 8/3) / 13.5
    assert "persentil 90 5 · rata-rata 2,7 · 3 SK" in section and "turun 80,2%" in section
    # touch 15 + 60 + 0 minutes over 3 cases = 25 against 100 manual minutes; 1.25 hours in all
    assert "25,0 menit" in section and "turun 75,0% · manual 100,0 menit · jumlah 1,3 jam" in section
    # 2 + 1 + 3 pages of four paperless documents (one without a count); two of three cases opened online
    assert ">6<" in section and "4 dokumen · 1 tanpa jumlah halaman" in section and "66,7%" in section
    assert "Kajian waktu proses BKPSDM 2023, hlm. 12 (2023)" in section
    june = section[section.index("Jun 2025") :]
    june = june[: june.index("</tr>")]
    # June: opened 3 (the fourth still open; the second was opened in May), completed 3, decreed 3
    cells = [cell.split(">")[-1] for cell in june.split("</td>")[:-1]]
    assert cells == ["3", "3", "3", "2 / 2,7", "turun 80,2%", "25,0", "6"]
    # the province's dashboard: every civil-service app together
    top = client.get("/kantor/dasbor/?bulan=36").content.decode()
    assert "<strong>3</strong> SK ditandatangani elektronik · <strong>6</strong> halaman kertas tidak dicetak" in top
    assert "<strong>66,7%</strong> dari 3 keputusan tanpa pegawai datang ke kantor" in top


def test_a_public_service_drill_down_has_no_figures_against_paper(service_a, province, client):
    services.rebuild()
    client.force_login(make_user("pimpinan_uji", (Role.LEADER, province)))
    page = client.get(f"/kantor/dasbor/?bulan=36&layanan={service_a.code}").content.decode()
    assert 'id="staff-service-title"' not in page and 'id="kpi-title"' in page


def test_no_officer_decision_means_no_touch_figure_and_no_cut(pak, agency_a):
    """Every step of the completed cases decided by the system (or skipped): nothing was measured, so the touch
    time is "—" and there is no "down 100%" against the manual minutes (catalogue version 4)."""
    ServiceBaseline.objects.create(service=pak, working_days=Decimal("13.5"), touch_minutes=Decimal("100"), source="K")
    Task.objects.filter(application__service=pak).update(completed_by=None)
    services.rebuild()
    [(_, _, figures)] = [row for row in queries.employee_services([agency_a.pk], **ALL_TIME) if row[0] == pak]
    row = figures.as_row()
    assert (row["touch_minutes_mean"], row["touch_cut_percent"], row["touch_hours_total"]) == (None, None, 0.0)
    assert row["days_cut_percent"] == pytest.approx(80.2)  # the days were measured all the same
