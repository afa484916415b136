"""e-Pensiun on the one case engine: the daily job opens the pension file ahead of the retirement date with the
registry's data and tells the employee and BKD; the employee adds family and bank account and confirms (the case
opens); BKD verifies, the case waits for BKN's technical approval with its clock stopped, the official signs the
decree (PAdES, TOTP), and on the pension date the employee leaves the active registry: their open cases end
through the engine and `hr.signals.employee_left` is sent. Also early retirement, death and incapacity."""

import datetime as dt

import pytest
from django.db import transaction

from loket.applications.models import CaseAccess
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.models import AuditEvent
from loket.documents.models import Document
from loket.hr import queries
from loket.hr.models import Employee, GradeHistory, KgbDecision, PensionFamilyMember, PensionFile
from loket.hr.pension import services
from loket.hr.signals import employee_left
from loket.notify.models import Notification
from loket.workflow.models import Task
from tests.helpers.hr import otp, publish_pension_service

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)
S = PensionFile.Status


@pytest.fixture
def pension_service(province_agency, category):
    return publish_pension_service(province_agency, category)


@pytest.fixture
def retiring(staff, pension_service):
    """staf2 (pelaksana, BUP 58) born 10 March 1969: pension from 1 April 2027, within 15 months of TODAY."""
    Employee.objects.filter(pk=staff["staf2"].pk).update(
        birth_date=dt.date(1969, 3, 10), service_start=dt.date(1995, 3, 1), base_salary=4_500_000, grade="IIId"
    )
    GradeHistory.objects.filter(employee=staff["staf2"]).delete()
    GradeHistory.objects.create(employee=staff["staf2"], grade="IIId", tmt=dt.date(2020, 4, 1), decree="823/1")
    staff["staf2"].refresh_from_db()
    return staff


def file_of(employee) -> PensionFile:
    return PensionFile.objects.get(employee=employee)


def confirmed(staff, actor=None) -> PensionFile:
    file = file_of(staff["staf2"])
    user = actor or staff["staf2"].user
    services.add_family_member(
        actor=user, file_id=file.pk, relation="pasangan", name="Sri Wahyuni", birth_date=dt.date(1972, 1, 5)
    )
    services.save_account(actor=user, file_id=file.pk, bank="bni", number="0123 456 789", holder="Agus Salim")
    return services.confirm(actor=user, file_id=file.pk)


def test_the_job_opens_the_file_ahead_prefilled_and_once(retiring, hr_admin):
    assert services.open_due(today=TODAY) == 1
    file = file_of(retiring["staf2"])
    assert (file.kind, file.status, file.pension_date, file.bup_age) == ("bup", "confirmation", dt.date(2027, 4, 1), 58)
    assert (file.last_salary, file.last_grade, file.service_years, file.service_months) == (4_500_000, "IIId", 32, 1)
    assert file.history[0] == {"tmt": "2020-04-01", "text": "Pangkat III/d (SK 823/1)"}  # rank, then positions
    assert file.history[1]["text"].startswith("Jabatan Pengadministrasi Perizinan")
    assert services.NO_FAMILY_IN_REGISTRY in file.note  # the registry holds no family: the employee adds it
    assert Notification.objects.filter(template="pension_file_opened", user=retiring["staf2"].user).exists()
    assert Notification.objects.filter(template="pension_files_opened_hr", user=hr_admin).exists()
    assert services.open_due(today=TODAY) == 0 and PensionFile.objects.count() == 1  # idempotent
    assert services.open_due(today=TODAY + dt.timedelta(days=1)) == 0


def test_the_job_waits_until_the_configured_months(retiring, settings):
    settings.LOKET_PENSION_FILE_MONTHS_AHEAD = 3
    assert services.open_due(today=TODAY) == 0  # 1 April 2027 is more than 3 months away
    assert services.open_due(today=dt.date(2027, 1, 1)) == 1


def test_confirming_opens_the_case_and_the_steps_follow_to_the_decree(retiring, hr_admin):
    services.open_due(today=TODAY)
    file = file_of(retiring["staf2"])
    with pytest.raises(LoketError, match="Rekening bank"):
        services.confirm(actor=retiring["staf2"].user, file_id=file.pk)
    with pytest.raises(LoketError, match="10 angka"):
        services.save_account(actor=retiring["staf2"].user, file_id=file.pk, bank="bni", number="123", holder="A")
    file = confirmed(retiring)
    assert file.status == S.VERIFICATION and file.bank_account == "0123456789"
    case = file.case
    assert case.applicant == retiring["staf2"].user and case.status == "submitted"
    assert "Sri Wahyuni" in case.data["keluarga"] and case.data["gaji_terakhir"] == 4_500_000
    task = Task.objects.get(application=case, status="open")
    assert task.assignee == hr_admin and task.step.addressee == "hr_office"
    with pytest.raises(LoketError, match="sudah dikonfirmasi"):  # the employee's part is done
        services.save_account(
            actor=retiring["staf2"].user, file_id=file.pk, bank="bni", number="9999999999", holder="X"
        )
    file = services.verify(actor=hr_admin, file_id=file.pk)
    case.refresh_from_db()
    assert file.status == S.BKN and case.status == "waiting"  # the clock stopped for BKN
    with pytest.raises(LoketError, match="nomor"):
        services.record_bkn_approval(actor=hr_admin, file_id=file.pk, number="", day=TODAY, today=TODAY)
    file = services.record_bkn_approval(
        actor=hr_admin, file_id=file.pk, number="PT-123/KR.III/2026", day=TODAY, today=TODAY
    )
    case.refresh_from_db()
    assert file.status == S.SIGNATURE and case.status == "submitted"
    assert Task.objects.get(application=case, status="open").step.addressee == "signing_official"
    kadis = retiring["kadis"]
    assert list(services.to_sign_for(kadis)) == [file]
    with pytest.raises(LoketError):
        services.sign(actor=kadis.user, file_id=file.pk, otp="000000", today=TODAY)
    file = services.sign(actor=kadis.user, file_id=file.pk, otp=otp(kadis), today=TODAY)
    case.refresh_from_db()
    assert file.status == S.SIGNED and case.status == "completed" and file.number
    document = Document.objects.get(code=file.document_id)
    assert document.subject_type == "hr.pension_decree" and document.status == "valid"
    assert Notification.objects.filter(template="pension_signed", user=retiring["staf2"].user).exists()
    assert services.timeliness() == {"before": 1, "after": 0}
    assert retiring["staf2"].__class__.objects.get(pk=retiring["staf2"].pk).left_on is None  # not yet


def test_the_public_timeliness_counts_age_limit_files_on_the_regions_signing_day(retiring):
    from loket.org.models import Region

    Region.objects.filter(pk=retiring["staf2"].region_id).update(time_zone="WIT")
    utc = dt.UTC
    # 31 March 16.30 UTC is 1 April 01.30 WIT: signed on the pension date itself, not before it.
    PensionFile.objects.create(
        employee=retiring["staf2"],
        kind=PensionFile.Kind.AGE,
        status=S.SIGNED,
        pension_date=dt.date(2027, 4, 1),
        signed_at=dt.datetime(2027, 3, 31, 16, 30, tzinfo=utc),
    )
    # An early retirement signed late is no part of the figure (its date is the employee's choice).
    PensionFile.objects.create(
        employee=retiring["staf"],
        kind=PensionFile.Kind.EARLY,
        status=S.SIGNED,
        pension_date=dt.date(2027, 2, 1),
        signed_at=dt.datetime(2027, 3, 1, 3, 0, tzinfo=utc),
    )
    assert services.timeliness() == {"before": 0, "after": 1}
    Region.objects.filter(pk=retiring["staf2"].region_id).update(time_zone="WIB")  # 23.30 WIB on 31 March
    assert services.timeliness() == {"before": 1, "after": 0}


def test_nobody_but_the_official_signs(retiring, hr_admin):
    services.open_due(today=TODAY)
    file = confirmed(retiring)
    services.verify(actor=hr_admin, file_id=file.pk)
    services.record_bkn_approval(actor=hr_admin, file_id=file.pk, number="PT-1", day=TODAY, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.sign(actor=retiring["kasi"].user, file_id=file.pk, otp="123456", today=TODAY)
    with pytest.raises(NotFound):  # BKD of another region does not verify
        services.verify(actor=retiring["kasi"].user, file_id=file.pk)


def test_on_the_pension_date_the_employee_leaves_and_their_open_cases_end(retiring, hr_admin):
    services.open_due(today=TODAY)
    file = confirmed(retiring)
    services.verify(actor=hr_admin, file_id=file.pk)
    services.record_bkn_approval(actor=hr_admin, file_id=file.pk, number="PT-2", day=TODAY, today=TODAY)
    services.sign(actor=retiring["kadis"].user, file_id=file.pk, otp=otp(retiring["kadis"]), today=TODAY)
    # A KGB draft still open for the employee: it ends with the reason when they leave.
    from loket.hr import cases
    from loket.hr.models import CaseService

    draft = KgbDecision.objects.create(
        employee=retiring["staf2"],
        status=KgbDecision.Status.SIGNATURE,
        due_date=dt.date(2027, 6, 1),
        effective_date=dt.date(2027, 6, 1),
        grade="IIId",
        current_mkg_years=20,
        current_mkg_months=0,
        official=retiring["kadis"],
    )
    retiring["staf2"].user._loket_employee = retiring["staf2"]
    cases.open_kgb_case(draft, cases.service_for(CaseService.Kind.KGB, retiring["staf2"].region))
    heard = []
    employee_left.connect(lambda sender, **kw: heard.append(kw), weak=False, dispatch_uid="test-pension-left")
    try:
        assert services.leave_due(today=dt.date(2027, 3, 31)) == 0
        assert services.leave_due(today=dt.date(2027, 4, 1)) == 1
        assert services.leave_due(today=dt.date(2027, 4, 2)) == 0  # once
    finally:
        employee_left.disconnect(dispatch_uid="test-pension-left")
    employee = Employee.objects.get(pk=retiring["staf2"].pk)
    assert (employee.left_on, employee.left_reason) == (dt.date(2027, 4, 1), "pensiun")
    assert [(kw["employee"].pk, kw["on"], kw["reason"]) for kw in heard] == [
        (employee.pk, dt.date(2027, 4, 1), "pensiun")
    ]
    draft.refresh_from_db()
    draft.case.refresh_from_db()
    assert draft.status == "cancelled" and draft.case.status == "rejected"
    assert "Pegawai berhenti (pensiun)" in draft.case.events.order_by("-pk").first().note
    # Gone from the active lists: BKD's registry, promotion candidates, KGB planning.
    agencies = [employee.agency]
    assert employee not in queries.hr_employee_search(agencies)
    from loket.hr.kgb import services as kgb
    from loket.hr.promotion import services as promotion

    assert employee.pk not in {c.employee.pk for c in promotion.candidates(dt.date(2027, 6, 1), agencies)}
    kgb.draft_due(today=dt.date(2027, 5, 1), window=365)
    assert not KgbDecision.objects.filter(employee=employee).exclude(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(action="hr.employee_left").count() == 1


def test_a_left_employee_cannot_request_leave_and_their_open_request_ends(retiring):
    from loket.hr.leave import services as leave
    from loket.hr.models import LeaveRequest

    pending = leave.request_leave(
        actor=retiring["staf2"].user, leave_type="tahunan", first=dt.date(2026, 12, 21), last=dt.date(2026, 12, 22)
    )
    assert pending.case.status == "submitted"
    closed = services.mark_left(retiring["staf2"], on=TODAY, reason="pindah_keluar")
    assert closed == {"leave": 1, "kgb": 0, "promotion": 0, "pak": 0}
    pending = LeaveRequest.objects.select_related("case").get(pk=pending.pk)
    assert pending.status == "withdrawn" and pending.case.status == "rejected"  # through the engine, with the reason
    assert not Task.objects.filter(application=pending.case, status="open").exists()
    with pytest.raises(LoketError, match="sudah tercatat berhenti"):
        services.mark_left(retiring["staf2"], on=TODAY, reason="pensiun")
    with pytest.raises(PermissionDenied):
        leave.request_leave(
            actor=retiring["staf2"].user, leave_type="tahunan", first=dt.date(2026, 12, 14), last=dt.date(2026, 12, 15)
        )


def test_early_retirement_on_request_follows_the_cited_conditions(retiring, settings):
    user = retiring["staf"].user  # born 1990, in service since 2015: too young, too short
    with pytest.raises(LoketError, match="paling rendah 45 tahun"):
        services.request_early(actor=user, on=dt.date(2027, 2, 1), today=TODAY)
    with pytest.raises(LoketError, match="tanggal 1"):
        services.request_early(actor=user, on=dt.date(2027, 2, 3), today=TODAY)
    settings.LOKET_PENSION_EARLY = {"min_age": 35, "min_service_years": 11}
    file = services.request_early(actor=user, on=dt.date(2027, 2, 1), today=TODAY)
    assert (file.kind, file.status, file.pension_date) == ("dini", "confirmation", dt.date(2027, 2, 1))
    with pytest.raises(LoketError, match="Sudah ada berkas"):
        services.request_early(actor=user, on=dt.date(2027, 3, 1), today=TODAY)


def test_early_retirement_is_before_the_age_limit_date_and_within_the_window(retiring, settings):
    from django.utils import translation

    user = retiring["staf2"].user  # retires at the age limit on 1 April 2027
    for day in (dt.date(2027, 4, 1), dt.date(2027, 5, 1)):
        with pytest.raises(LoketError, match="tidak sebelum tanggal pensiun batas usia Anda \\(1 April 2027\\)"):
            services.request_early(actor=user, on=day, today=TODAY)
    with translation.override("en"), pytest.raises(LoketError, match="not before your retirement date"):
        services.request_early(actor=user, on=dt.date(2027, 4, 1), today=TODAY)
    assert not PensionFile.objects.exists()
    # Further ahead than the configured window (12 months: up to 7 December 2027).
    settings.LOKET_PENSION_EARLY = {"min_age": 35, "min_service_years": 11}
    young = retiring["staf"].user
    with pytest.raises(LoketError, match="paling lama 12 bulan sebelumnya \\(paling lambat TMT 7 Desember 2027\\)"):
        services.request_early(actor=young, on=dt.date(2028, 1, 1), today=TODAY)
    settings.LOKET_PENSION_EARLY_MONTHS_AHEAD = 13
    assert services.request_early(actor=young, on=dt.date(2028, 1, 1), today=TODAY).pension_date == dt.date(2028, 1, 1)
    assert services.request_early(actor=user, on=dt.date(2027, 3, 1), today=TODAY).kind == "dini"


def test_on_death_bkd_opens_the_survivors_pension_and_the_employee_leaves(retiring, hr_admin):
    death = dt.date(2026, 11, 20)
    file = services.open_on_death(actor=hr_admin, nip=retiring["staf"].nip, death_date=death, today=TODAY)
    assert (file.kind, file.pension_date) == ("janda_duda", dt.date(2026, 12, 1))
    employee = Employee.objects.get(pk=retiring["staf"].pk)
    assert (employee.left_on, employee.left_reason) == (death, "meninggal")
    with pytest.raises(NotFound):  # the deceased's account completes nothing: BKD does
        services.save_account(actor=retiring["staf"].user, file_id=file.pk, bank="bni", number="0123456789", holder="A")
    with pytest.raises(LoketError, match="ahli waris"):
        services.save_account(actor=hr_admin, file_id=file.pk, bank="bni", number="0123456789", holder="Budi")
        services.confirm(actor=hr_admin, file_id=file.pk)
    services.add_family_member(
        actor=hr_admin, file_id=file.pk, relation="pasangan", name="Budi", birth_date=dt.date(1989, 4, 4)
    )
    assert services.confirm(actor=hr_admin, file_id=file.pk).status == S.VERIFICATION
    with pytest.raises(NotFound):
        services.open_on_death(actor=retiring["kasi"].user, nip=retiring["kasi"].nip, death_date=death, today=TODAY)


def test_on_incapacity_bkd_opens_the_file(retiring, hr_admin):
    file = services.open_on_incapacity(
        actor=hr_admin, nip=retiring["kasi"].nip, finding_date=dt.date(2026, 12, 1), today=TODAY
    )
    assert (file.kind, file.pension_date, file.status) == ("uzur", dt.date(2027, 1, 1), "confirmation")
    with pytest.raises(LoketError, match="masa depan"):
        services.open_on_incapacity(
            actor=hr_admin, nip=retiring["kabid"].nip, finding_date=TODAY + dt.timedelta(1), today=TODAY
        )


def test_reading_the_account_number_is_a_logged_read(retiring, hr_admin):
    services.open_due(today=TODAY)
    file = confirmed(retiring)
    services.record_read(file, hr_admin, "Nomor rekening bank pensiun")
    access = CaseAccess.objects.get(application=file.case, actor=hr_admin)
    assert access.kind == "identifier" and "rekening" in access.detail
    services.record_read(file, retiring["staf2"].user, "Nomor rekening bank pensiun")  # their own: not a read
    assert CaseAccess.objects.filter(application=file.case).count() == 1


def test_family_members_are_checked(retiring):
    services.open_due(today=TODAY)
    file = file_of(retiring["staf2"])
    user = retiring["staf2"].user
    with pytest.raises(LoketError, match="hubungan"):
        services.add_family_member(actor=user, file_id=file.pk, relation="teman", name="A", birth_date=TODAY)
    with pytest.raises(LoketError, match="masa depan"):
        services.add_family_member(
            actor=user, file_id=file.pk, relation="anak", name="A", birth_date=TODAY + dt.timedelta(1), today=TODAY
        )
    member = services.add_family_member(
        actor=user, file_id=file.pk, relation="anak", name="Rina", birth_date=dt.date(2005, 5, 5)
    )
    with pytest.raises(NotFound):  # a colleague does not edit it
        services.remove_family_member(actor=retiring["staf"].user, file_id=file.pk, member_id=member.pk)
    services.remove_family_member(actor=user, file_id=file.pk, member_id=member.pk)
    assert not PensionFamilyMember.objects.exists()


def test_cancelling_a_file_waiting_for_bkn_resumes_then_ends_its_case(retiring, hr_admin):
    services.open_due(today=TODAY)
    file = confirmed(retiring)
    services.verify(actor=hr_admin, file_id=file.pk)
    file.case.refresh_from_db()
    assert file.case.status == "waiting"
    with pytest.raises(LoketError, match="alasan"):
        services.cancel(actor=hr_admin, file_id=file.pk, note=" ")
    # The same refusal as every HR file's cancellation (hr.decrees.cancellation_note), before anything is written.
    with pytest.raises(LoketError, match="Alasan pembatalan tidak boleh meminta pembayaran"):
        services.cancel(actor=hr_admin, file_id=file.pk, note="Bayar biaya percepatan dahulu")
    file.refresh_from_db()
    assert file.status == PensionFile.Status.BKN and "Dibatalkan" not in file.note
    file = services.cancel(actor=hr_admin, file_id=file.pk, note="Data tanggal lahir keliru di SIASN")
    file.case.refresh_from_db()
    assert file.status == "cancelled" and file.case.status == "rejected"
    kinds = list(file.case.events.order_by("pk").values_list("kind", flat=True))
    assert kinds[-2:] == ["resumed", "rejected"]  # the clock ran again before the case ended
    assert services.open_due(today=TODAY) == 1  # a cancelled file does not block a new one


def test_statute_ages_and_banks_are_the_regions_to_set(retiring, settings):
    from loket.hr.models import FunctionalPosition

    teacher = retiring["staf"]
    Employee.objects.filter(pk=teacher.pk).update(position_type="fungsional", position_name="Guru Ahli Muda")
    FunctionalPosition.objects.create(
        employee=teacher, name="Guru Ahli Muda", level="ahli_muda", first=dt.date(2020, 1, 1), reason="perpindahan"
    )
    teacher.refresh_from_db()
    post = services.current_levels([teacher.pk])[teacher.pk]
    assert services.retirement_of(teacher, post) == (60, dt.date(2050, 3, 1))  # UU 14/2005 via PP 11/2017 art. 240
    settings.LOKET_PENSION_STATUTE_AGES = {"guru": 62}
    assert services.retirement_of(teacher, post) == (62, dt.date(2052, 3, 1))
    settings.LOKET_PENSION_BANKS = {"bprku": ["BPR Kota", [8]]}
    services.open_due(today=TODAY)
    file = file_of(retiring["staf2"])
    saved = services.save_account(
        actor=retiring["staf2"].user, file_id=file.pk, bank="bprku", number="12345678", holder="Agus Salim"
    )
    assert saved.bank == "bprku"


# --- BKD's verification through the engine's by-kind entry, never on one's own pension (ADR 0013) -----------------


def test_any_bkd_officer_of_the_agency_verifies_not_only_the_one_the_task_went_to(retiring, hr_admin, kota_bandung):
    from loket.org.models import Role
    from tests.helpers.org import make_user

    second = make_user("bkd_bandung_2", (Role.HR_ADMIN, kota_bandung))
    services.open_due(today=TODAY)
    file = confirmed(retiring)
    assignee = Task.objects.get(application=file.case, status="open").assignee
    other = second if assignee == hr_admin else hr_admin
    file = services.verify(actor=other, file_id=file.pk)  # the task's scope is not asked: the kind's rule is
    file.case.refresh_from_db()
    assert file.status == S.BKN and file.case.status == "waiting"
    assert file.case.events.order_by("-pk").first().actor == other
    file = services.record_bkn_approval(actor=other, file_id=file.pk, number="PT-9", day=TODAY, today=TODAY)
    file.case.refresh_from_db()
    assert file.status == S.SIGNATURE and file.case.status == "submitted"
    assert Task.objects.get(application=file.case, status="open").step.addressee == "signing_official"


def test_a_bkd_officers_own_pension_is_never_assigned_to_them_nor_verified_by_them(retiring, hr_admin, kota_bandung):
    from loket.org.models import Role, RoleAssignment
    from loket.workflow import services as workflow

    officer = retiring["staf2"]  # retiring, and a BKD officer of the region
    RoleAssignment.objects.create(user=officer.user, role=Role.HR_ADMIN, region=kota_bandung)
    pool = queries.HrOfficePool(officer.agency)
    assert pool.take() == officer.user  # the least loaded, lowest id: the pool alone would pick them
    assert queries.HrOfficePool(officer.agency).take(officer.user_id) == hr_admin
    services.open_due(today=TODAY)
    file = confirmed(retiring)
    assert Task.objects.get(application=file.case, status="open").assignee == hr_admin
    with pytest.raises(PermissionDenied, match="permohonan Anda sendiri"):
        services.verify(actor=officer.user, file_id=file.pk)
    with pytest.raises(PermissionDenied, match="permohonan Anda sendiri"):  # nor through the engine's entry
        workflow.wait_for_kind(file.case_id, actor=officer.user, note="Diverifikasi sendiri.")
    with pytest.raises(PermissionDenied, match="permohonan Anda sendiri"):
        services.cancel(actor=officer.user, file_id=file.pk, note="Tidak jadi")
    file.refresh_from_db()
    file.case.refresh_from_db()
    assert file.status == S.VERIFICATION and file.case.status == "submitted"
    services.verify(actor=hr_admin, file_id=file.pk)
    with pytest.raises(PermissionDenied, match="permohonan Anda sendiri"):
        services.record_bkn_approval(actor=officer.user, file_id=file.pk, number="PT-3", day=TODAY, today=TODAY)


def test_the_only_bkd_officer_retiring_leaves_the_task_to_the_unit_not_to_themself(retiring, hr_admin, kota_bandung):
    from loket.org.models import Role, RoleAssignment

    officer = retiring["staf2"]
    RoleAssignment.objects.filter(user=hr_admin).delete()
    RoleAssignment.objects.create(user=officer.user, role=Role.HR_ADMIN, region=kota_bandung)
    services.open_due(today=TODAY)
    file = confirmed(retiring)
    task = Task.objects.get(application=file.case, status="open")
    assert task.assignee is None and "tidak ditemukan" in task.note  # the step's unit and role, as with nobody


def test_no_step_is_ever_addressed_to_the_cases_own_applicant(retiring, hr_admin):
    from loket.workflow import addressees

    resolver = addressees.registered("hr_office")
    addressees.register("hr_office", lambda application, step: application.applicant)  # a rule gone wrong
    try:
        services.open_due(today=TODAY)
        file = confirmed(retiring)
    finally:
        addressees.register("hr_office", resolver)
    task = Task.objects.get(application=file.case, status="open")
    assert task.assignee is None and task.note


# --- four eyes on a survivor's pension: who entered or confirmed its data does not verify it --------------------


def test_the_officer_who_entered_or_confirmed_a_survivors_data_does_not_verify_it(retiring, hr_admin, kota_bandung):
    from loket.org.models import Role
    from tests.helpers.org import make_user

    clerk = make_user("bkd_bandung_2", (Role.HR_ADMIN, kota_bandung))
    checker = make_user("bkd_bandung_3", (Role.HR_ADMIN, kota_bandung))
    death = dt.date(2026, 11, 20)
    file = services.open_on_death(actor=hr_admin, nip=retiring["staf"].nip, death_date=death, today=TODAY)
    services.add_family_member(  # hr_admin enters the widow...
        actor=hr_admin, file_id=file.pk, relation="pasangan", name="Budi", birth_date=dt.date(1989, 4, 4)
    )
    services.save_account(  # ... the clerk the account, and confirms
        actor=clerk, file_id=file.pk, bank="bni", number="0123456789", holder="Budi"
    )
    services.confirm(actor=clerk, file_id=file.pk)
    assert services.entered_by_ids(file) == {hr_admin.pk, clerk.pk}
    for officer in (hr_admin, clerk):
        with pytest.raises(PermissionDenied, match="prinsip empat mata"):
            services.verify(actor=officer, file_id=file.pk)
    file.refresh_from_db()
    assert file.status == S.VERIFICATION and file.case.status == "submitted"
    assert services.verify(actor=checker, file_id=file.pk).status == S.BKN  # a third officer does


def test_one_officer_alone_cannot_enter_and_approve_a_survivors_pension(retiring, hr_admin):
    from django.utils import translation

    file = services.open_on_death(actor=hr_admin, nip=retiring["staf"].nip, death_date=dt.date(2026, 11, 20))
    services.add_family_member(
        actor=hr_admin, file_id=file.pk, relation="anak", name="Rina", birth_date=dt.date(2010, 4, 4)
    )
    services.save_account(actor=hr_admin, file_id=file.pk, bank="bni", number="0123456789", holder="Rina")
    services.confirm(actor=hr_admin, file_id=file.pk)
    with translation.override("en"), pytest.raises(PermissionDenied, match="another BKD officer must verify it"):
        services.verify(actor=hr_admin, file_id=file.pk)
    assert AuditEvent.objects.filter(action="hr.pension_verified").count() == 0


def test_a_removal_counts_as_entering_the_data(retiring, hr_admin, kota_bandung):
    from loket.org.models import Role
    from tests.helpers.org import make_user

    clerk = make_user("bkd_bandung_2", (Role.HR_ADMIN, kota_bandung))
    file = services.open_on_death(actor=hr_admin, nip=retiring["staf"].nip, death_date=dt.date(2026, 11, 20))
    wrong = services.add_family_member(
        actor=hr_admin, file_id=file.pk, relation="anak", name="Salah", birth_date=dt.date(2010, 4, 4)
    )
    services.add_family_member(
        actor=hr_admin, file_id=file.pk, relation="pasangan", name="Budi", birth_date=dt.date(1989, 4, 4)
    )
    services.remove_family_member(actor=clerk, file_id=file.pk, member_id=wrong.pk)  # the clerk removed an heir
    services.save_account(actor=hr_admin, file_id=file.pk, bank="bni", number="0123456789", holder="Budi")
    services.confirm(actor=hr_admin, file_id=file.pk)
    with pytest.raises(PermissionDenied, match="prinsip empat mata"):
        services.verify(actor=clerk, file_id=file.pk)


@pytest.mark.parametrize(
    ("verifier", "entered", "refused"),
    [
        (1, [2, 3], False),
        (2, [2, 3], True),
        (3, [None, 3], True),
        (1, [None], False),
        (1, [], False),
    ],
)
def test_four_eyes_rule(verifier, entered, refused):
    from loket.hr.pension import rules

    assert (rules.four_eyes_refusal(verifier, entered) is not None) is refused


def test_a_retiring_head_leaves_the_work_of_the_post(due, kgb_service):
    """Leaving the registry ends the head's authority over the post: the KGB notice waiting for their signature names
    nobody until the registry names a new head (and they cannot sign it), their stand-in ends."""
    from loket.hr import queries
    from loket.hr.kgb import services as kgb
    from loket.hr.models import Delegation, Headship

    kadis, kabid = due["kadis"], due["kabid"]
    kgb.draft_due(today=dt.date(2026, 11, 23))
    decision = KgbDecision.objects.get(employee=due["staf"])
    assert decision.official == kadis
    plh = Delegation.objects.create(
        delegator=kadis, delegate=kabid, first=dt.date(2026, 11, 1), last=dt.date(2027, 1, 31)
    )
    with transaction.atomic():
        services.mark_left(kadis, on=dt.date(2026, 12, 1), reason=Employee.LeftReason.PENSION)
    decision.refresh_from_db()
    assert decision.official is None and not Headship.objects.filter(employee=kadis).exists()
    assert list(queries.kgb_to_sign_for(kadis)) == []
    plh.refresh_from_db()
    assert plh.last == dt.date(2026, 11, 30)
