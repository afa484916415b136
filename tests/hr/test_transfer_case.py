"""e-Mutasi on the one case engine (issue 17): a transfer within an agency, between agencies of one region and between
regions; both officials approve, the receiving BKD verifies (and between regions waits for BKN's technical approval
with the clock stopped), the official signs the decree (PAdES, TOTP); on the effective date the registry follows, the
employee's open leave and KGB cases follow them, their data leaves the sender's scope and their card is re-issued by
the receiving region."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.models import AuditEvent
from loket.documents.models import Document
from loket.hr import queries
from loket.hr.card import services as cards
from loket.hr.kgb import services as kgb
from loket.hr.leave import services as leave_services
from loket.hr.models import (
    Employee,
    EmployeeCard,
    Formation,
    Headship,
    KgbDecision,
    LeaveRequest,
    PositionHistory,
    Transfer,
)
from loket.hr.transfer import services
from loket.org.models import Agency, Role
from loket.workflow.models import Task
from tests.helpers.hr import otp, publish_transfer_service, receiving_province
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)
EFFECTIVE = dt.date(2027, 2, 1)
S = Transfer.Status


@pytest.fixture
def transfer_service(province_agency, category):
    return publish_transfer_service(province_agency, category)


@pytest.fixture
def province_side(province_agency, transfer_service, staff):
    return receiving_province(province_agency)


def to_province(staff, side, *, actor=None, effective=EFFECTIVE, position="Analis Perizinan"):
    kwargs = {
        "to_agency_id": side["unit"].agency_id,
        "to_unit_id": side["unit"].pk,
        "position_type": "pelaksana",
        "position_name": position,
        "reason": "Mengikuti suami yang bertugas di Bandung Barat.",
        "effective": effective,
        "today": TODAY,
    }
    if actor is None:  # a fresh account: the employee's record as it is now (not the one remembered on the user)
        return services.request(actor=type(staff["staf"].user).objects.get(pk=staff["staf"].user_id), **kwargs)
    return services.open_for(actor=actor, nip=staff["staf"].nip, **kwargs)


def open_task(transfer) -> Task:
    return Task.objects.select_related("step", "assignee").get(application_id=transfer.case_id, status="open")


def test_a_transfer_from_a_regency_to_the_province_runs_to_the_registry(staff, province_side, hr_admin):
    staf, kadis, head, bkd = staff["staf"], staff["kadis"], province_side["head"], province_side["bkd"]
    transfer = to_province(staff, province_side)
    assert (transfer.kind, transfer.status, transfer.origin) == ("antar_daerah", S.SENDER, "pegawai")
    assert (transfer.sender_official, transfer.receiver_official, transfer.official) == (kadis, head, head)
    case = transfer.case
    assert case.applicant == staf.user and case.data["jenis"] == "Mutasi antar daerah"
    task = open_task(transfer)
    assert (task.step.addressee, task.assignee) == ("sending_official", kadis.user)

    with pytest.raises(PermissionDenied):  # not yet the receiving side's turn
        services.approve(actor=head.user, transfer_id=transfer.pk, today=TODAY)
    transfer = services.approve(actor=kadis.user, transfer_id=transfer.pk, today=TODAY)
    assert transfer.status == S.RECEIVER and open_task(transfer).assignee == head.user
    transfer = services.approve(actor=head.user, transfer_id=transfer.pk, today=TODAY)
    assert transfer.status == S.VERIFICATION
    task = open_task(transfer)
    assert (task.step.addressee, task.assignee) == ("receiving_hr_office", bkd)
    with pytest.raises(NotFound):  # the sending BKD does not verify for the receiving side
        services.verify(actor=hr_admin, transfer_id=transfer.pk)

    transfer = services.verify(actor=bkd, transfer_id=transfer.pk)
    case.refresh_from_db()
    assert transfer.status == S.BKN and case.status == "waiting"  # the clock stopped for BKN
    with pytest.raises(LoketError, match="nomor"):
        services.record_bkn_approval(actor=bkd, transfer_id=transfer.pk, number="", day=TODAY, today=TODAY)
    transfer = services.record_bkn_approval(
        actor=bkd, transfer_id=transfer.pk, number="PT-77/KR.III/2026", day=TODAY, today=TODAY
    )
    case.refresh_from_db()
    assert transfer.status == S.SIGNATURE and case.status == "submitted"
    task = open_task(transfer)
    assert (task.step.addressee, task.assignee) == ("transfer_signer", head.user)
    assert list(services.to_sign_for(head)) == [transfer]

    with pytest.raises(PermissionDenied):  # never by the decree's subject, nor by the other side's official
        services.sign(actor=staf.user, transfer_id=transfer.pk, otp=otp(staf), today=TODAY)
    with pytest.raises(PermissionDenied):
        services.sign(actor=kadis.user, transfer_id=transfer.pk, otp=otp(kadis), today=TODAY)
    transfer = services.sign(actor=head.user, transfer_id=transfer.pk, otp=otp(head), today=TODAY)
    case.refresh_from_db()
    assert transfer.status == S.SIGNED and case.status == "completed" and transfer.number
    document = Document.objects.get(code=transfer.document_id)
    assert document.subject_type == "hr.transfer_decree" and document.status == "valid"
    staf.refresh_from_db()
    assert staf.agency == staff["kadis"].agency  # not before the effective date

    assert services.apply_due(today=EFFECTIVE - dt.timedelta(days=1)) == 0
    assert services.apply_due(today=EFFECTIVE) == 1
    assert services.apply_due(today=EFFECTIVE) == 0  # idempotent
    staf.refresh_from_db()
    transfer.refresh_from_db()
    assert transfer.status == S.DONE and transfer.applied_at is not None
    assert (staf.agency_id, staf.unit, staf.region_id) == (head.agency_id, province_side["unit"], head.region_id)
    assert (staf.position_name, staf.position_tmt, staf.grade) == ("Analis Perizinan", EFFECTIVE, "IIIa")
    history = PositionHistory.objects.get(employee=staf, tmt=EFFECTIVE)
    assert history.position_name == "Analis Perizinan" and "Bidang Pelayanan Perizinan" in history.unit_name

    # The employee's data left the regency's scope and is in the province's.
    assert not queries.visible_employees(hr_admin).filter(pk=staf.pk).exists()
    assert queries.visible_employees(bkd).filter(pk=staf.pk).exists()
    assert AuditEvent.objects.filter(action="hr.transfer_applied").count() == 1


def test_bkd_opens_a_transfer_and_may_not_verify_what_it_opened(staff, province_side, province_agency):
    # The province's BKD also administers the regency's agency here: one office on both sides.
    other = make_user("bkd_both", (Role.HR_ADMIN, staff["kadis"].region), (Role.HR_ADMIN, province_agency.region))
    transfer = to_province(staff, province_side, actor=other)
    assert transfer.origin == "instansi" and transfer.opened_by == other
    services.approve(actor=staff["kadis"].user, transfer_id=transfer.pk, today=TODAY)
    services.approve(actor=province_side["head"].user, transfer_id=transfer.pk, today=TODAY)
    with pytest.raises(PermissionDenied, match="membuka"):
        services.verify(actor=other, transfer_id=transfer.pk)
    assert services.verify(actor=province_side["bkd"], transfer_id=transfer.pk).status == S.BKN
    with pytest.raises(PermissionDenied, match="membuka"):  # nor approve its step by recording BKN's answer
        services.record_bkn_approval(actor=other, transfer_id=transfer.pk, number="PT-3", day=TODAY, today=TODAY)


def test_bkd_of_another_region_cannot_open_for_an_employee_it_does_not_manage(staff, province_side):
    with pytest.raises(NotFound):
        to_province(staff, province_side, actor=province_side["bkd"])


def test_a_transfer_within_one_agency_has_one_official_and_no_bkn(staff, transfer_service, hr_admin):
    staf, kadis = staff["staf"], staff["kadis"]
    pengaduan = staff["staf3"].unit
    Formation.objects.create(
        agency=staf.agency, unit=pengaduan, position_type="pelaksana", position_name="Pengelola Pengaduan", quota=1
    )
    transfer = services.request(
        actor=staf.user,
        to_agency_id=staf.agency_id,
        to_unit_id=pengaduan.pk,
        position_type="pelaksana",
        position_name="Pengelola Pengaduan",
        reason="Rotasi tugas.",
        effective=EFFECTIVE,
        today=TODAY,
    )
    assert (transfer.kind, transfer.status, transfer.official) == ("dalam_instansi", S.VERIFICATION, kadis)
    assert open_task(transfer).assignee == hr_admin  # both approval steps skipped: BKD verifies first
    transfer = services.verify(actor=hr_admin, transfer_id=transfer.pk)
    assert transfer.status == S.SIGNATURE and open_task(transfer).assignee == kadis.user
    transfer = services.sign(actor=kadis.user, transfer_id=transfer.pk, otp=otp(kadis), today=TODAY)
    assert transfer.status == S.SIGNED and transfer.bkn_number == ""
    services.apply_due(today=EFFECTIVE)
    staf.refresh_from_db()
    assert (staf.unit, staf.agency_id, staf.position_name) == (pengaduan, kadis.agency_id, "Pengelola Pengaduan")
    assert queries.visible_employees(hr_admin).filter(pk=staf.pk).exists()  # same region: still BKD Bandung's


def test_a_transfer_between_agencies_of_one_region_needs_both_officials_but_not_bkn(staff, transfer_service, hr_admin):
    staf, kadis = staff["staf"], staff["kadis"]
    other = Agency.objects.create(region=staf.region, slug="diskominfo-bdg", name="Diskominfo Kota Bandung")
    other_head = Employee.objects.create(
        nip="197401012000031099",
        user=make_user("kadis_kominfo"),
        name="Yusuf Maulana",
        birth_date=dt.date(1974, 1, 1),
        sex="M",
        status="PNS",
        service_start=dt.date(2000, 3, 1),
        agency=other,
        region=other.region,
        grade="IVb",
        position_type="jpt",
        position_name="Kepala Diskominfo Kota Bandung",
        leave_records_from=2026,
    )
    Headship.objects.create(agency=other, employee=other_head)
    Formation.objects.create(agency=other, position_type="pelaksana", position_name="Pranata Komputer", quota=1)
    transfer = services.request(
        actor=staf.user,
        to_agency_id=other.pk,
        position_type="pelaksana",
        position_name="Pranata Komputer",
        reason="Sesuai pendidikan.",
        effective=EFFECTIVE,
        today=TODAY,
    )
    assert (transfer.kind, transfer.status) == ("antar_instansi", S.SENDER)
    services.approve(actor=kadis.user, transfer_id=transfer.pk, today=TODAY)
    services.approve(actor=other_head.user, transfer_id=transfer.pk, today=TODAY)
    transfer = services.verify(actor=hr_admin, transfer_id=transfer.pk)
    assert transfer.status == S.SIGNATURE  # within one region: no BKN
    # The receiving official who agreed to take the employee sets the decree (the SOP step allows it).
    transfer = services.sign(actor=other_head.user, transfer_id=transfer.pk, otp=otp(other_head), today=EFFECTIVE)
    staf.refresh_from_db()
    assert transfer.status == S.DONE and staf.agency == other and staf.unit is None  # signed on the date: at once


def test_refusals_without_a_vacancy_or_eligibility(staff, province_side):
    staf = staff["staf"]
    with pytest.raises(LoketError, match="Formasi untuk jabatan Pengawas Gudang"):
        to_province(staff, province_side, position="Pengawas Gudang")
    Formation.objects.filter(pk=province_side["formation"].pk).update(quota=0)
    with pytest.raises(LoketError, match="Tidak ada lowongan formasi"):
        to_province(staff, province_side)
    Formation.objects.filter(pk=province_side["formation"].pk).update(quota=2)
    Employee.objects.filter(pk=staf.pk).update(status="CPNS")
    with pytest.raises(LoketError, match="CPNS"):
        to_province(staff, province_side)
    Employee.objects.filter(pk=staf.pk).update(status="PNS", birth_date=dt.date(1969, 3, 10))  # retires 1 Apr 2027
    with pytest.raises(LoketError, match="batas usia pensiun"):
        to_province(staff, province_side)
    Employee.objects.filter(pk=staf.pk).update(birth_date=dt.date(1990, 2, 2))
    with pytest.raises(LoketError, match="setelah hari ini"):
        to_province(staff, province_side, effective=TODAY)
    to_province(staff, province_side)
    with pytest.raises(LoketError, match="sedang diproses"):
        to_province(staff, province_side)
    assert Transfer.objects.count() == 1


def test_approved_incoming_transfers_hold_their_place(staff, province_side):
    Formation.objects.filter(pk=province_side["formation"].pk).update(quota=1)
    first = to_province(staff, province_side)
    # A second employee asks for the same place.
    second = services.request(
        actor=staff["staf2"].user,
        to_agency_id=province_side["unit"].agency_id,
        to_unit_id=province_side["unit"].pk,
        position_type="pelaksana",
        position_name="Analis Perizinan",
        reason="Pindah domisili.",
        effective=EFFECTIVE,
        today=TODAY,
    )
    for transfer in (first, second):
        services.approve(actor=staff["kadis"].user, transfer_id=transfer.pk, today=TODAY)
    services.approve(actor=province_side["head"].user, transfer_id=first.pk, today=TODAY)
    assert (
        services.vacancy_of(province_side["unit"].agency_id, province_side["unit"].pk, "Analis Perizinan", "IIIa")[0]
        == 0
    )
    with pytest.raises(LoketError, match="Tidak ada lowongan"):
        services.approve(actor=province_side["head"].user, transfer_id=second.pk, today=TODAY)
    assert Transfer.objects.get(pk=second.pk).status == S.RECEIVER


def test_an_official_refuses_and_bkd_cancels_with_reasons(staff, province_side, hr_admin):
    transfer = to_province(staff, province_side)
    with pytest.raises(LoketError, match="alasan"):
        services.refuse(actor=staff["kadis"].user, transfer_id=transfer.pk, note="")
    transfer = services.refuse(actor=staff["kadis"].user, transfer_id=transfer.pk, note="Tenaga masih dibutuhkan.")
    transfer.case.refresh_from_db()
    assert transfer.status == S.REJECTED and transfer.case.status == "rejected"
    second = to_province(staff, province_side)  # a refused transfer may be asked again
    cancelled = services.cancel(actor=hr_admin, transfer_id=second.pk, note="Pegawai mencabut permohonan.")
    cancelled.case.refresh_from_db()
    assert cancelled.status == S.CANCELLED and cancelled.case.status == "rejected"
    with pytest.raises(LoketError):
        services.cancel(actor=hr_admin, transfer_id=second.pk, note="Lagi.")
    third = to_province(staff, province_side)
    with pytest.raises(LoketError, match="tidak boleh meminta pembayaran"):  # a cancellation note never asks money
        services.cancel(actor=hr_admin, transfer_id=third.pk, note="Setor Rp500.000 dulu agar diproses ulang.")
    third.refresh_from_db()
    assert third.status != S.CANCELLED


def test_a_bkd_officer_never_cancels_their_own_transfer(staff, province_side, hr_admin):
    from loket.core.errors import PermissionDenied

    transfer = to_province(staff, province_side)
    subject = transfer.employee
    subject.user = hr_admin  # the BKD officer is the one being moved
    subject.save(update_fields=["user"])
    with pytest.raises(PermissionDenied, match="petugas BKD lain"):
        services.cancel(actor=hr_admin, transfer_id=transfer.pk, note="Tidak jadi.")
    transfer.refresh_from_db()
    assert transfer.status != S.CANCELLED


def test_nobody_approves_their_own_transfer(staff, province_side):
    # The sending agency's head asks to move: their own approval is not theirs to give.
    kadis = staff["kadis"]
    Formation.objects.create(
        agency=province_side["unit"].agency,
        unit=province_side["unit"],
        position_type="jpt",
        position_name="Kepala Bidang",
        quota=1,
    )
    transfer = services.request(
        actor=kadis.user,
        to_agency_id=province_side["unit"].agency_id,
        to_unit_id=province_side["unit"].pk,
        position_type="jpt",
        position_name="Kepala Bidang",
        reason="Promosi terbuka.",
        effective=EFFECTIVE,
        today=TODAY,
    )
    assert transfer.sender_official is None and "instansi asal" in transfer.note
    with pytest.raises(PermissionDenied):
        services.approve(actor=kadis.user, transfer_id=transfer.pk, today=TODAY)


def test_open_leave_and_kgb_cases_and_the_card_follow_the_employee(staff, province_side, hr_admin):
    from loket.hr.card import rules as card_rules

    staf, head, bkd = staff["staf"], province_side["head"], province_side["bkd"]
    kabid = Employee.objects.create(
        nip="197601012001031088",
        user=make_user("kabid_jabar"),
        name="Nani Suryani",
        birth_date=dt.date(1976, 1, 1),
        sex="F",
        status="PNS",
        service_start=dt.date(2001, 3, 1),
        agency=head.agency,
        region=head.region,
        unit=province_side["unit"],
        grade="IVa",
        position_type="administrator",
        position_name="Kepala Bidang Pelayanan Perizinan",
        leave_records_from=2026,
    )
    Headship.objects.create(agency=head.agency, unit=province_side["unit"], employee=kabid)
    # An open leave request (with the direct superior) and a KGB draft under BKD Bandung's review.
    leave = leave_services.request_leave(
        actor=staf.user, leave_type="tahunan", first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 3), reason="Keluarga"
    )
    Employee.objects.filter(pk=staf.pk).update(
        grade="IIIa",
        salary_tmt=dt.date(2025, 2, 1),
        mkg_years=6,
        mkg_months=0,
        base_salary=3057300,
        performance="butuh perbaikan",
    )
    kgb.draft_due(today=dt.date(2027, 1, 5))
    decision = KgbDecision.objects.get(employee=staf)
    assert Task.objects.get(application=decision.case, status="open").assignee == hr_admin
    old_card = cards.issue(staf, today=TODAY)

    transfer = to_province(staff, province_side)
    services.approve(actor=staff["kadis"].user, transfer_id=transfer.pk, today=TODAY)
    services.approve(actor=head.user, transfer_id=transfer.pk, today=TODAY)
    services.verify(actor=bkd, transfer_id=transfer.pk)
    services.record_bkn_approval(actor=bkd, transfer_id=transfer.pk, number="PT-1", day=TODAY, today=TODAY)
    services.sign(actor=head.user, transfer_id=transfer.pk, otp=otp(head), today=TODAY)
    assert services.apply_due(today=EFFECTIVE) == 1

    leave = LeaveRequest.objects.get(pk=leave.pk)
    assert (leave.status, leave.superior, leave.official) == (LeaveRequest.Status.SUPERIOR, kabid, head)
    assert Task.objects.get(application=leave.case, status="open").assignee == kabid.user  # the new superior
    decision.refresh_from_db()
    assert decision.official == head
    assert Task.objects.get(application=decision.case, status="open").assignee == bkd  # the province's BKD now
    old_card.refresh_from_db()
    assert old_card.revoked_at is not None and old_card.revoke_reason == card_rules.TRANSFER_OUT
    new_card = EmployeeCard.objects.get(employee=staf, revoked_at__isnull=True)
    assert new_card.region_id == head.region_id
    assert AuditEvent.objects.filter(action="workflow.task_readdressed").count() >= 2


def _to_signature(staff, side, *, bkd):
    transfer = to_province(staff, side)
    services.approve(actor=staff["kadis"].user, transfer_id=transfer.pk, today=TODAY)
    services.approve(actor=side["head"].user, transfer_id=transfer.pk, today=TODAY)
    services.verify(actor=bkd, transfer_id=transfer.pk)
    return services.record_bkn_approval(actor=bkd, transfer_id=transfer.pk, number="PT-9/2026", day=TODAY, today=TODAY)


def test_only_the_receiving_official_who_agreed_may_also_sign(staff, province_side):
    """The decree step names the receiving official's approval (same_approver_step): the sending official, standing in
    for the receiving head on the day, approved another step of the case and may not sign it (ADR 13)."""
    from loket.hr.models import Delegation

    kadis, head = staff["kadis"], province_side["head"]
    Delegation.objects.create(delegator=head, delegate=kadis, first=TODAY, last=TODAY)
    transfer = _to_signature(staff, province_side, bkd=province_side["bkd"])
    assert transfer.status == S.SIGNATURE
    assert list(services.to_sign_for(kadis, TODAY)) == [transfer]  # the plh sees it ...
    with pytest.raises(PermissionDenied, match="dua tahap"):  # ... but approved step 1 of this very case
        services.sign(actor=kadis.user, transfer_id=transfer.pk, otp=otp(kadis), today=TODAY)
    transfer.refresh_from_db()
    assert transfer.status == S.SIGNATURE and not transfer.number
    transfer = services.sign(actor=head.user, transfer_id=transfer.pk, otp=otp(head), today=TODAY)
    assert transfer.status == S.SIGNED  # the receiving official who agreed sets the decree


def test_bkn_wait_and_resume_by_any_receiving_bkd_officer_with_the_engines_separation(
    staff, province_side, province_agency
):
    """BKD verifies and records BKN through the engine's by-kind wait and resume (workflow.wait_for_kind /
    resume_for_kind, as e-Pensiun): any officer with hr.manage over the receiving agency may, not only the one the
    task went to; the engine still refuses an officer who declared the employee a relative."""
    from loket.org.models import DeclaredRelative

    second = make_user("bkd_jabar_2", (Role.HR_ADMIN, province_agency.region))
    related = make_user("bkd_jabar_3", (Role.HR_ADMIN, province_agency.region))
    staf = staff["staf"]
    Employee.objects.filter(pk=staf.pk).update(nik="3273014101900077")
    DeclaredRelative.objects.create(
        official=related, nik="3273014101900077", name=staf.name, relation="saudara_kandung", declared_at=timezone.now()
    )
    transfer = to_province(staff, province_side)
    services.approve(actor=staff["kadis"].user, transfer_id=transfer.pk, today=TODAY)
    services.approve(actor=province_side["head"].user, transfer_id=transfer.pk, today=TODAY)
    task = open_task(transfer)
    verifier = second if task.assignee != second else province_side["bkd"]
    assert task.assignee != verifier  # the task went to another BKD account
    with pytest.raises(PermissionDenied):
        services.verify(actor=related, transfer_id=transfer.pk)
    transfer.refresh_from_db()
    assert transfer.status == S.VERIFICATION
    transfer = services.verify(actor=verifier, transfer_id=transfer.pk)
    transfer.case.refresh_from_db()
    assert transfer.status == S.BKN and transfer.case.status == "waiting"
    with pytest.raises(PermissionDenied):
        services.record_bkn_approval(actor=related, transfer_id=transfer.pk, number="PT-1", day=TODAY, today=TODAY)
    transfer = services.record_bkn_approval(
        actor=verifier, transfer_id=transfer.pk, number="PT-2/2026", day=TODAY, today=TODAY
    )
    transfer.case.refresh_from_db()
    assert transfer.status == S.SIGNATURE and transfer.case.status == "submitted"
    kinds = [e.kind for e in transfer.case.events.order_by("pk")]
    assert kinds.index("waiting") < kinds.index("resumed")  # the clock stopped for BKN, then ran again
    assert transfer.case.data["verifikasi"].startswith("Pertimbangan teknis BKN nomor PT-2/2026")


def test_a_head_who_moves_leaves_the_old_posts_work_roles_and_stand_ins(staff, province_side, agency_a):
    """Review finding: a transferred official kept authority over the old post. On the effective date the section
    head's pending work goes to whoever holds the post now (the leave request of their former staff to the head
    above), their stand-in given for the post ends the day before, and their roles in the agency they left end."""
    from loket.hr.models import Delegation
    from loket.org.models import RoleAssignment

    kasi, kabid, staf, staf2, head = staff["kasi"], staff["kabid"], staff["staf"], staff["staf2"], province_side["head"]
    RoleAssignment.objects.create(user=kasi.user, role=Role.SUPERVISOR, agency=agency_a)
    given = Delegation.objects.create(
        delegator=kasi, delegate=staf2, first=TODAY, last=EFFECTIVE + dt.timedelta(days=30)
    )
    taken = Delegation.objects.create(delegator=kabid, delegate=kasi, first=EFFECTIVE, last=EFFECTIVE)
    leave = leave_services.request_leave(
        actor=staf.user, leave_type="tahunan", first=dt.date(2027, 3, 1), last=dt.date(2027, 3, 3), reason="Keluarga"
    )
    assert (leave.superior, Task.objects.get(application=leave.case, status="open").assignee) == (kasi, kasi.user)

    transfer = services.request(
        actor=kasi.user,
        to_agency_id=province_side["unit"].agency_id,
        to_unit_id=province_side["unit"].pk,
        position_type="pelaksana",
        position_name="Analis Perizinan",
        reason="Mengikuti suami.",
        effective=EFFECTIVE,
        today=TODAY,
    )
    services.approve(actor=staff["kadis"].user, transfer_id=transfer.pk, today=TODAY)
    services.approve(actor=head.user, transfer_id=transfer.pk, today=TODAY)
    services.verify(actor=province_side["bkd"], transfer_id=transfer.pk)
    services.record_bkn_approval(
        actor=province_side["bkd"], transfer_id=transfer.pk, number="PT-3", day=TODAY, today=TODAY
    )
    services.sign(actor=head.user, transfer_id=transfer.pk, otp=otp(head), today=TODAY)
    assert services.apply_due(today=EFFECTIVE) == 1

    assert not Headship.objects.filter(employee=kasi).exists()
    leave.refresh_from_db()
    assert leave.superior == kabid  # the head of the unit above, who holds the chain now
    assert Task.objects.get(application=leave.case, status="open").assignee == kabid.user
    given.refresh_from_db()
    assert given.last == EFFECTIVE - dt.timedelta(days=1)  # the plh for the old post stops with it
    assert not Delegation.objects.filter(pk=taken.pk).exists()  # a stand-in for the old agency not yet begun
    assert not RoleAssignment.objects.filter(user=kasi.user, agency=agency_a).exists()
    ended = AuditEvent.objects.get(action="org.roles_ended")
    assert ended.data["roles"] == [Role.SUPERVISOR] and ended.data["agency"] == agency_a.pk
    posts = AuditEvent.objects.get(action="hr.posts_left", object_id=str(kasi.pk))
    assert posts.data["records"] == 1 and posts.data["delegations"] == 2 and posts.data["roles"] == 1


def test_when_the_sending_side_sets_the_decree_its_official_signs(staff, province_agency, category, settings):
    """Policy `decree_by="sending"`: the sending official approves at step 1 and sets the decree; the SOP published
    for that policy lets exactly them sign, and an SOP published for the other policy is refused before anything
    opens (every transfer would otherwise stall at the signature)."""
    settings.LOKET_TRANSFER_POLICY = {"decree_by": "sending"}
    publish_transfer_service(province_agency, category, decree_by="receiving")
    side = receiving_province(province_agency)
    with pytest.raises(LoketError, match="terbitkan ulang|menerbitkan ulang"):
        to_province(staff, side)
    assert not Transfer.objects.exists()


def test_the_sending_sides_official_signs_under_the_sending_policy(staff, province_agency, category, settings):
    settings.LOKET_TRANSFER_POLICY = {"decree_by": "sending"}
    publish_transfer_service(province_agency, category, decree_by="sending")
    side = receiving_province(province_agency)
    staf, kadis, head, bkd = staff["staf"], staff["kadis"], side["head"], side["bkd"]
    transfer = to_province(staff, side)
    assert transfer.official == kadis
    services.approve(actor=kadis.user, transfer_id=transfer.pk, today=TODAY)
    services.approve(actor=head.user, transfer_id=transfer.pk, today=TODAY)
    services.verify(actor=bkd, transfer_id=transfer.pk)
    services.record_bkn_approval(actor=bkd, transfer_id=transfer.pk, number="PT-5/2026", day=TODAY, today=TODAY)
    with pytest.raises(PermissionDenied):  # the receiving official approved step 2: not theirs to sign
        services.sign(actor=head.user, transfer_id=transfer.pk, otp=otp(head), today=TODAY)
    transfer = services.sign(actor=kadis.user, transfer_id=transfer.pk, otp=otp(kadis), today=TODAY)
    assert transfer.status == S.SIGNED and staf.pk == transfer.employee_id
