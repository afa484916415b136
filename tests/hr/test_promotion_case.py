"""e-Pangkat on the one case engine: BKD opens a promotion period, Loket opens a system case for each eligible
employee (requirements from the registry) and shows every reason for the others; BKD verifies, the case waits for
BKN's technical approval with its clock stopped, the official signs the decree (PAdES, TOTP), and the registry
follows: rank history, base salary (PP 5/2024 with the MKG rule), the next KGB re-planned, the employee told."""

import datetime as dt

import pytest

from loket.applications import services as applications
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.models import AuditEvent
from loket.documents.models import Document
from loket.hr.models import (
    Employee,
    GradeHistory,
    KgbDecision,
    PensionFile,
    PerformanceRating,
    Promotion,
    SalaryHistory,
)
from loket.hr.promotion import services
from loket.notify.models import Notification
from loket.workflow.models import Task
from tests.helpers.hr import otp, publish_promotion_service

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)
FEB = dt.date(2027, 2, 1)
S = Promotion.Status


@pytest.fixture
def promotion_service(province_agency, category):
    return publish_promotion_service(province_agency, category)


@pytest.fixture
def rated(staff, promotion_service):
    """staf (III/a since 2020, S-1) and kasi (III/d, S-2) rated Baik/Sangat Baik for 2025 and 2026: eligible on
    1 February 2027 (kasi's IV/a needs BKN's approval); staf2 rated Kurang in 2026; the others not rated."""
    Employee.objects.filter(pk=staff["kasi"].pk).update(education_level="S2")
    for key, ratings in {
        "staf": {2025: "baik", 2026: "sangat baik"},
        "kasi": {2025: "baik", 2026: "baik"},
        "staf2": {2025: "baik", 2026: "kurang"},
    }.items():
        for year, rating in ratings.items():
            PerformanceRating.objects.create(employee=staff[key], year=year, rating=rating, source="import")
    return staff


def open_feb(hr_admin):
    return services.open_period(actor=hr_admin, on=FEB, today=TODAY)


def task_of(promotion):
    return Task.objects.filter(application=promotion.case, status="open").select_related("step", "assignee").first()


def test_the_period_lists_the_eligible_and_every_reason_of_the_others(rated, hr_admin):
    found = {c.employee.nip: c for c in services.candidates(FEB, [rated["staf"].agency])}
    staf, kasi, staf2 = (found[rated[key].nip] for key in ("staf", "kasi", "staf2"))
    assert staf.eligible and (staf.eligibility.grade_from, staf.eligibility.grade_to) == ("IIIa", "IIIb")
    # MKG 6 years on 1 April 2024 + 34 months = 8 years 10 months: III/b step 8 (PP 5/2024) Rp3.287.000
    assert (staf.salary.mkg.years, staf.salary.mkg.months, staf.salary.new_salary) == (8, 10, 3287000)
    assert kasi.eligible and kasi.eligibility.grade_to == "IVa" and kasi.salary.new_salary == 3722000
    assert [r.code for r in staf2.eligibility.reasons] == ["rating_low"]
    kadis = found[rated["kadis"].nip]  # IV/c, S-1, not rated: two missing ratings and the education ceiling
    assert [r.code for r in kadis.eligibility.reasons] == ["rating_missing", "rating_missing", "ceiling"]


def test_an_employee_retiring_by_the_promotion_date_is_listed_with_the_cited_reason_and_gets_none(rated, hr_admin):
    # staf retires on the promotion date itself (a live file); kasi's file was cancelled, so kasi still counts.
    PensionFile.objects.create(employee=rated["staf"], kind=PensionFile.Kind.EARLY, pension_date=FEB)
    PensionFile.objects.create(
        employee=rated["kasi"], kind=PensionFile.Kind.EARLY, pension_date=FEB, status=PensionFile.Status.CANCELLED
    )
    found = {c.employee.nip: c for c in services.candidates(FEB, [rated["staf"].agency])}
    staf, kasi = found[rated["staf"].nip], found[rated["kasi"].nip]
    assert not staf.eligible and staf.salary is None
    assert [r.code for r in staf.eligibility.reasons] == ["retiring"]
    assert "pensiun TMT 1 Februari 2027" in staf.eligibility.reasons[0].id
    assert "PP 11/2017 Pasal 250" in staf.eligibility.reasons[0].id
    assert "leaves the civil service" in staf.eligibility.reasons[0].en
    assert kasi.eligible
    assert open_feb(hr_admin) == (1, 1)
    assert not Promotion.objects.filter(employee=rated["staf"]).exists()
    # A pension date after the promotion date does not stand in the way.
    PensionFile.objects.filter(employee=rated["staf"]).update(pension_date=dt.date(2027, 3, 1))
    assert {c.employee.nip: c for c in services.candidates(FEB, [rated["staf"].agency])}[rated["staf"].nip].eligible


def test_opening_the_period_opens_a_system_case_per_eligible_employee_once(rated, hr_admin):
    assert open_feb(hr_admin) == (2, 2)
    promotion = Promotion.objects.get(employee=rated["staf"])
    case = promotion.case
    assert case.applicant == rated["staf"].user and case.assisted_by is None and case.status == "submitted"
    assert case.data["pangkat_baru"] == "Penata Muda Tingkat I, III/b" and case.data["perlu_pertek_bkn"] == "tidak"
    assert "SKP 2025: Baik; SKP 2026: Sangat Baik" in case.data["persyaratan"]  # prefilled from the registry
    task = task_of(promotion)
    assert task.assignee == hr_admin and task.step.addressee == "hr_office"
    assert Notification.objects.filter(template="promotion_in_process", user=rated["staf"].user).exists()
    assert Promotion.objects.get(employee=rated["kasi"]).needs_bkn
    assert open_feb(hr_admin) == (0, 0) and Promotion.objects.count() == 2
    assert AuditEvent.objects.filter(action="hr.promotion_period_opened").count() == 2


@pytest.mark.parametrize(
    ("on", "message"), [(dt.date(2027, 3, 1), "bukan tanggal periode"), (dt.date(2026, 10, 1), "sudah lewat")]
)
def test_a_period_must_be_a_coming_promotion_date(rated, hr_admin, on, message):
    with pytest.raises(LoketError, match=message):
        services.open_period(actor=hr_admin, on=on, today=TODAY)
    assert not Promotion.objects.exists()


def test_a_promotion_without_an_official_says_so_on_its_case(rated, hr_admin):
    from loket.hr.models import Headship

    Headship.objects.filter(unit__isnull=True).delete()
    open_feb(hr_admin)
    promotion = Promotion.objects.get(employee=rated["staf"])
    assert promotion.official is None and services.NO_OFFICIAL in promotion.note
    assert services.NO_OFFICIAL in promotion.case.data["verifikasi"]


def test_only_bkd_opens_a_period(rated):
    with pytest.raises(PermissionDenied):
        services.open_period(actor=rated["kadis"].user, on=FEB, today=TODAY)


def test_regular_promotion_verified_signed_and_written_to_the_registry(rated, hr_admin):
    open_feb(hr_admin)
    promotion = Promotion.objects.get(employee=rated["staf"])
    # A KGB draft for the old grade taking effect after the promotion is superseded when the decree is signed.
    old_draft = KgbDecision.objects.create(
        employee=rated["staf"],
        status=KgbDecision.Status.SIGNATURE,
        due_date=dt.date(2027, 4, 1),
        effective_date=dt.date(2027, 4, 1),
        grade="IIIa",
        current_mkg_years=6,
        current_mkg_months=0,
        official=rated["kadis"],
    )
    promotion = services.verify(actor=hr_admin, promotion_id=promotion.pk)
    assert promotion.status == S.SIGNATURE
    task = task_of(promotion)
    assert task.assignee == rated["kadis"].user and task.step.addressee == "signing_official"
    assert list(services.to_sign_for(rated["kadis"])) == [promotion]
    with pytest.raises(PermissionDenied):
        services.sign(actor=rated["kabid"].user, promotion_id=promotion.pk, otp=otp(rated["kabid"]))
    promotion = services.sign(actor=rated["kadis"].user, promotion_id=promotion.pk, otp=otp(rated["kadis"]))
    promotion.case.refresh_from_db()
    assert promotion.status == S.SIGNED and promotion.case.status == "completed" and task_of(promotion) is None
    employee = Employee.objects.get(pk=rated["staf"].pk)
    assert (employee.grade, employee.grade_tmt, employee.base_salary) == ("IIIb", FEB, 3287000)
    assert (employee.salary_tmt, employee.mkg_years, employee.mkg_months) == (FEB, 8, 10)
    assert GradeHistory.objects.get(employee=employee, tmt=FEB).decree == promotion.number
    salary = SalaryHistory.objects.get(employee=employee, tmt=FEB)
    assert (salary.amount, salary.reason, salary.grade, salary.regulation) == (
        3287000,
        "promotion",
        "IIIb",
        "PP 5/2024",
    )
    document = Document.objects.get(code=promotion.document_id)
    assert document.application_id == promotion.case_id or document.holder_id == employee.user_id
    old_draft.refresh_from_db()
    assert old_draft.status == KgbDecision.Status.CANCELLED and "kenaikan pangkat" in old_draft.reasons[-1]
    notice = Notification.objects.get(template="promotion_signed", user=employee.user, channel="email")
    # The next KGB counts from the new decree: MKG 8 y 10 m on 1 Feb 2027 reaches step 10 on 1 April 2028.
    assert notice.context["new"] == "Rp3.287.000" and notice.context["next_kgb"] == "2028-04-01"


def test_bkn_approval_is_an_outside_step_with_the_clock_stopped(rated, hr_admin):
    open_feb(hr_admin)
    promotion = Promotion.objects.get(employee=rated["kasi"])
    promotion = services.verify(actor=hr_admin, promotion_id=promotion.pk)
    case = promotion.case
    case.refresh_from_db()
    assert promotion.status == S.BKN and case.status == "waiting" and "BKN" in case.waiting_for
    assert case.paused_at is not None
    with pytest.raises(LoketError, match="nomor"):
        services.record_bkn_approval(actor=hr_admin, promotion_id=promotion.pk, number=" ", day=TODAY, today=TODAY)
    with pytest.raises(LoketError, match="tanggal"):
        services.record_bkn_approval(
            actor=hr_admin, promotion_id=promotion.pk, number="PT-1", day=TODAY + dt.timedelta(days=1), today=TODAY
        )
    promotion = services.record_bkn_approval(
        actor=hr_admin, promotion_id=promotion.pk, number="PT-BKN/123/2026", day=TODAY, today=TODAY
    )
    case.refresh_from_db()
    assert promotion.status == S.SIGNATURE and case.status == "submitted" and case.paused_at is None
    assert "PT-BKN/123/2026" in case.data["verifikasi"]
    assert task_of(promotion).assignee == rated["kadis"].user
    promotion = services.sign(actor=rated["kadis"].user, promotion_id=promotion.pk, otp=otp(rated["kadis"]))
    assert Employee.objects.get(pk=rated["kasi"].pk).grade == "IVa"
    assert "PT-BKN/123/2026" in Document.objects.get(code=promotion.document_id).body


def test_cancelled_promotion_refuses_the_case_with_the_reason(rated, hr_admin):
    open_feb(hr_admin)
    promotion = services.verify(
        actor=hr_admin, promotion_id=Promotion.objects.get(employee=rated["kasi"]).pk
    )  # waiting for BKN
    with pytest.raises(LoketError, match="alasan"):
        services.cancel(actor=hr_admin, promotion_id=promotion.pk, note="")
    with pytest.raises(LoketError, match="Alasan pembatalan tidak boleh meminta pembayaran"):
        services.cancel(actor=hr_admin, promotion_id=promotion.pk, note="Setor Rp 1.000.000 ke rekening kami")
    promotion = services.cancel(actor=hr_admin, promotion_id=promotion.pk, note="BKN tidak memberikan pertimbangan")
    promotion.case.refresh_from_db()
    assert promotion.status == S.CANCELLED and promotion.case.status == "rejected"
    assert "BKN tidak memberikan" in promotion.case.decision_note
    # BKD's decision on the engine: the clock resumed, then the open step rejected by the officer who cancelled.
    kinds = list(promotion.case.events.order_by("pk").values_list("kind", flat=True))
    assert kinds[-2:] == ["resumed", "rejected"]
    task = promotion.case.tasks.get(status="rejected")
    assert task.completed_by == hr_admin and task.note.startswith("Dibatalkan BKD: BKN tidak memberikan")


def test_the_employee_cannot_withdraw_and_others_cannot_read(rated, hr_admin, client):
    open_feb(hr_admin)
    promotion = Promotion.objects.get(employee=rated["staf"])
    with pytest.raises(LoketError, match="tidak dapat dicabut"):
        applications.withdraw(actor=rated["staf"].user, application=promotion.case)
    assert services.for_reader(rated["staf2"].user, rated["staf2"], promotion.pk) is None
    assert services.for_reader(rated["staf"].user, rated["staf"], promotion.pk) == promotion
    with pytest.raises(NotFound):
        services.verify(actor=rated["staf2"].user, promotion_id=promotion.pk)
    client.force_login(rated["staf2"].user)
    assert client.get(f"/pegawai/kenaikan-pangkat/{promotion.pk}/").status_code == 404


def test_pages_for_bkd_the_employee_and_the_official(rated, hr_admin, client, settings):
    client.force_login(hr_admin)
    page = client.get("/kantor/kepegawaian/kenaikan-pangkat/?tanggal=2027-02-01&tampil=tidak").content.decode()
    assert rated["staf2"].full_name in page and "Predikat kinerja tahun 2026" in page
    response = client.post("/kantor/kepegawaian/kenaikan-pangkat/", {"date": "2027-02-01"})
    assert response.status_code == 302
    promotion = Promotion.objects.get(employee=rated["staf"])
    detail = client.get(f"/kantor/kepegawaian/kenaikan-pangkat/{promotion.pk}/").content.decode()
    assert "Persyaratan lengkap dan sesuai" in detail
    client.post(f"/kantor/kepegawaian/kenaikan-pangkat/{promotion.pk}/", {"action": "verify"})
    assert Promotion.objects.get(pk=promotion.pk).status == S.SIGNATURE
    client.force_login(rated["kadis"].user)
    assert rated["staf"].full_name in client.get("/pegawai/kenaikan-pangkat/tandatangani/").content.decode()
    client.force_login(rated["staf2"].user)
    mine = client.get("/pegawai/kenaikan-pangkat/").content.decode()
    assert "belum memenuhi syarat" in mine and "Kurang" in mine
    client.force_login(rated["staf"].user)
    mine = client.get("/pegawai/kenaikan-pangkat/").content.decode()
    assert "Menunggu tanda tangan" in mine and promotion.case.tracking_number in mine
