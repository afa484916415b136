"""Integrity by design on the engine (issue 13): nobody acts on their own case, one they filed or one of a relative
they declared, nobody approves two steps of one case, a return names the standard's unmet requirements and never asks for money, returns are
capped (then the supervisor decides) and a step's deadline never resets. Each test reproduces a finding of the
integrity probe of 2026-12-06."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from loket.applications import services as applications
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.models import AuditEvent
from loket.org import deadlines
from loket.org import services as org_services
from loket.org.models import Role, RoleAssignment
from loket.workflow import rules
from loket.workflow import services as workflow
from loket.workflow.models import ProcedureStep, Task
from tests.helpers.applications import ANSWERS, PDF, file_application
from tests.helpers.auth import login
from tests.helpers.org import make_user

# ---------------------------------------------------------------- the pure rules


SEPARATION_CASES = [
    # (actor, actor NIKs, applicant, applicant NIK, filed by, earlier approvals as (approver, step), approving,
    #  the earlier step this step names (same_approver_step), expected)
    (7, set(), 7, "", None, set(), False, None, rules.OWN_CASE),
    (7, {"3273014101900001"}, 9, "3273014101900001", None, set(), False, None, rules.OWN_CASE),
    (7, {"3273014101900002"}, 9, "3273014101900001", None, set(), True, None, None),
    (7, set(), 9, "", 7, set(), False, None, rules.FILED_IT),
    (7, set(), 9, "", 8, {(7, 1)}, True, None, rules.SECOND_APPROVAL),
    (7, set(), 9, "", 8, {(7, 1)}, False, None, None),  # returning or rejecting after an approval is allowed
    (7, set(), 9, "", None, {(5, 1), (6, 2)}, True, None, None),
    # A step naming step 2 (e-Mutasi: the receiving official who agreed sets the decree) exempts that step's approver
    (7, set(), 9, "", None, {(7, 2)}, True, 2, None),
    (7, set(), 9, "", None, {(5, 1), (7, 2), (6, 3)}, True, 2, None),
    # ... and nobody else: whoever approved another step (the sending official, BKD) is still refused,
    (7, set(), 9, "", None, {(7, 1)}, True, 2, rules.SECOND_APPROVAL),
    (7, set(), 9, "", None, {(7, 3)}, True, 2, rules.SECOND_APPROVAL),
    # also the named step's approver when they approved another step too,
    (7, set(), 9, "", None, {(7, 2), (7, 3)}, True, 2, rules.SECOND_APPROVAL),
    # and the exemption never reaches one's own case or a case one filed.
    (7, set(), 7, "", None, {(7, 2)}, True, 2, rules.OWN_CASE),
    (7, set(), 9, "", 7, {(7, 2)}, True, 2, rules.FILED_IT),
]


@pytest.mark.parametrize(
    "actor, actor_niks, applicant, applicant_nik, filed_by, earlier, approving, repeat_of, expected", SEPARATION_CASES
)
def test_separation_of_duties_rule(
    actor, actor_niks, applicant, applicant_nik, filed_by, earlier, approving, repeat_of, expected
):
    assert (
        rules.separation_refusal(
            actor_id=actor,
            actor_niks=frozenset(actor_niks),
            applicant_id=applicant,
            applicant_nik=applicant_nik,
            filed_by_id=filed_by,
            earlier_approvals=frozenset(earlier),
            approving=approving,
            repeat_of_step=repeat_of,
        )
        == expected
    )


RELATIVE_CASES = [
    # (applicant NIK, applicant's other NIKs, actor's declared relatives, actor's NIKs, filed by actor, expected)
    ("3273014101900001", set(), {"3273014101900001"}, set(), False, rules.RELATIVE),
    ("", {"3273014101900001"}, {"3273014101900001"}, set(), False, rules.RELATIVE),  # a civil servant's record
    ("3273014101900001", set(), {"3273014101900009"}, set(), False, None),
    ("", set(), {"3273014101900001"}, set(), False, None),  # an applicant without any NIK matches nobody
    ("3273014101900001", set(), set(), set(), False, None),
    # the stronger reasons are named first: one's own case, then one's own filing
    ("3273014101900001", set(), {"3273014101900001"}, {"3273014101900001"}, False, rules.OWN_CASE),
    ("3273014101900001", set(), {"3273014101900001"}, set(), True, rules.FILED_IT),
    ("", {"3273014101900001"}, set(), {"3273014101900001"}, False, rules.OWN_CASE),
]


@pytest.mark.parametrize("applicant_nik, other_niks, relatives, actor_niks, filed, expected", RELATIVE_CASES)
def test_declared_relative_rule(applicant_nik, other_niks, relatives, actor_niks, filed, expected):
    assert (
        rules.separation_refusal(
            actor_id=7,
            actor_niks=frozenset(actor_niks),
            applicant_id=9,
            applicant_nik=applicant_nik,
            filed_by_id=7 if filed else None,
            earlier_approvals=frozenset(),
            approving=True,
            relative_niks=frozenset(relatives),
            applicant_other_niks=frozenset(other_niks),
        )
        == expected
    )


@pytest.mark.parametrize(
    "note, asks",
    [
        ("Lampirkan bukti setor biaya administrasi Rp 350.000 (bayar di loket lantai 2)", True),
        ("berlaku setelah menyetor Rp1.000.000 kepada petugas", True),
        ("Siapkan 500 ribu untuk percepatan", True),
        ("Transfer ke rekening 123", True),
        ("Harap sertakan uang jasa", True),
        ("Foto KTP buram, unggah ulang yang terbaca.", False),
        ("Nama usaha harus sesuai akta pendirian.", False),
        ("Denah lokasi belum memuat batas tanah sebelah utara.", False),
    ],
)
def test_a_return_note_that_asks_for_money_is_recognised(note, asks):
    assert rules.demands_money(note) is asks


RETURN_CASES = [
    # (chosen, so far, limit, by supervisor, expected)
    ([], 0, 2, False, rules.NO_REQUIREMENT),
    (["Surat sakti"], 0, 2, False, rules.UNKNOWN_REQUIREMENT),
    (["KTP-el"], 0, 2, False, None),
    (["KTP-el"], 1, 2, False, None),
    (["KTP-el"], 2, 2, False, rules.TOO_MANY_RETURNS),
    (["KTP-el"], 2, 2, True, None),
    (["KTP-el", "NIK"], 5, 2, True, None),
]


@pytest.mark.parametrize("chosen, so_far, limit, supervisor, expected", RETURN_CASES)
def test_return_rule(chosen, so_far, limit, supervisor, expected):
    refusal = rules.return_refusal(
        chosen=chosen,
        requirements=["KTP-el", "Foto lokasi", "NIK"],
        note="Berkas tidak terbaca",
        returns_so_far=so_far,
        limit=limit,
        by_supervisor=supervisor,
    )
    assert refusal == expected


# ---------------------------------------------------------------- on the engine


def _open(application):
    return list(Task.objects.filter(application=application, status=Task.Status.OPEN).order_by("pk"))


def test_an_officer_cannot_act_on_a_case_he_filed_for_himself(client, process_service, agency_a, units):
    # Finding 1: "An officer filed an application on his own account and approved its first step."
    officer = make_user("petugas_sendiri", (Role.OFFICER, agency_a))
    applications.save_profile(user=officer, nik="3273014101900002", full_name="Petugas Sendiri")
    own = file_application(process_service, officer, "own")
    [task] = _open(own)
    for action, note in (("approve", ""), ("reject", "Tidak lengkap")):
        with pytest.raises(PermissionDenied, match="permohonan Anda sendiri"):
            workflow.act(actor=officer, task_id=task.pk, action=action, note=note)
    with pytest.raises(PermissionDenied, match="permohonan Anda sendiri"):
        workflow.claim(actor=officer, task_id=task.pk)
    assert Task.objects.get(pk=task.pk).status == "open"
    login(client, officer)
    response = client.get(f"/kantor/tugas/{task.pk}/")
    assert response.status_code == 200, response
    page = response.content.decode()
    assert "Konflik kepentingan" in page and "Setujui tahap ini" not in page and "Ambil tugas ini" not in page
    # Issue 15: the box warns (warning tone, its icon and a leading word); it does not read as information.
    assert '<p class="notice notice-warning" role="note"><strong>Konflik kepentingan:</strong>' in page


def test_the_officer_who_filed_at_the_counter_cannot_decide(submitted, officers):
    submitted.assisted_by = officers["front"]
    submitted.save(update_fields=["assisted_by"])
    [task] = _open(submitted)
    with pytest.raises(PermissionDenied, match="atas nama pemohon"):
        workflow.act(actor=officers["front"], task_id=task.pk, action="approve")
    workflow.act(actor=make_user("petugas_lain", (Role.OFFICER, submitted.agency)), task_id=task.pk, action="approve")


def test_one_person_never_approves_two_steps_of_one_case(submitted, agency_a, units):
    # Finding 1: "One supervisor approved steps 1, 2 and 3 of the same application."
    supervisor = make_user("penyelia_a", (Role.SUPERVISOR, agency_a))
    [first] = _open(submitted)
    workflow.act(actor=supervisor, task_id=first.pk, action="approve")
    second = _open(submitted)[0]
    with pytest.raises(PermissionDenied, match="dua tahap"):
        workflow.act(actor=supervisor, task_id=second.pk, action="approve")
    assert Task.objects.get(pk=second.pk).status == "open"
    # Where the SOP names the earlier step the law lets one official decide with this one, they may approve it too.
    ProcedureStep.objects.filter(pk=second.step_id).update(same_approver_step=1)
    workflow.act(actor=supervisor, task_id=second.pk, action="approve")


def test_a_named_earlier_step_exempts_its_own_approver_and_nobody_else(
    submitted, process_service, applicant, agency_a, units, officers
):
    """The last step names step 1 (as e-Mutasi's decree names the receiving official's approval): whoever approved
    step 1 may decide it too; whoever approved step 2 still may not, on the inbox's path and on a kind's own page."""
    head = officers["head"]
    RoleAssignment.objects.create(user=head, role=Role.OFFICER, agency=agency_a)  # may act on the first two steps too
    ProcedureStep.objects.filter(standard=submitted.standard, position=3).update(same_approver_step=1)
    legal = make_user("petugas_hukum", (Role.OFFICER, agency_a))

    def run_to_last_step(case, *, first, tech):
        [task] = _open(case)
        workflow.act(actor=first, task_id=task.pk, action="approve")
        tech_task, legal_task = _open(case)
        workflow.act(actor=tech, task_id=tech_task.pk, action="approve")
        workflow.act(actor=legal, task_id=legal_task.pk, action="approve")
        [last] = _open(case)
        assert last.step.position == 3
        return last

    last = run_to_last_step(submitted, first=head, tech=officers["tech"])
    workflow.act(actor=head, task_id=last.pk, action="approve")  # the named step's approver
    assert Task.objects.get(pk=last.pk).status == "approved"

    other = file_application(process_service, applicant, "named-step-2")
    last = run_to_last_step(other, first=officers["front"], tech=head)  # the head approved step 2 this time
    with pytest.raises(PermissionDenied, match="dua tahap"):
        workflow.act(actor=head, task_id=last.pk, action="approve")
    with pytest.raises(PermissionDenied, match="dua tahap"), transaction.atomic():  # the kind's transaction
        workflow.decide_for_kind(other.pk, actor=head, action="approve")
    assert Task.objects.get(pk=last.pk).status == "open"


def test_one_person_never_approves_both_units_of_a_parallel_step(submitted, officers, agency_a):
    [first] = _open(submitted)
    workflow.act(actor=officers["front"], task_id=first.pk, action="approve")
    tech, legal = _open(submitted)  # the parallel step: one task per unit
    workflow.act(actor=officers["tech"], task_id=tech.pk, action="approve")
    with pytest.raises(PermissionDenied, match="dua tahap"):
        workflow.act(actor=officers["tech"], task_id=legal.pk, action="approve")


def test_a_supervisor_cannot_steer_a_task_to_himself(submitted, agency_a, officers):
    supervisor = make_user("penyelia_b", (Role.SUPERVISOR, agency_a))
    [task] = _open(submitted)
    with pytest.raises(PermissionDenied, match="dirinya sendiri"):
        workflow.reassign(actor=supervisor, task_id=task.pk, officer=supervisor)
    submitted.assisted_by = officers["tech"]
    submitted.save(update_fields=["assisted_by"])
    with pytest.raises(LoketError, match="konflik kepentingan"):
        workflow.reassign(actor=supervisor, task_id=task.pk, officer=officers["tech"])
    workflow.reassign(actor=supervisor, task_id=task.pk, officer=officers["front"])


def _return(officer, task, note="Foto KTP buram, unggah ulang."):
    return workflow.act(actor=officer, task_id=task.pk, action="return", note=note, requirements=["KTP-el"])


def test_a_return_asks_only_for_the_standards_requirements_and_never_for_money(submitted, officers):
    # Finding 3: a return note demanding "bukti setor biaya administrasi Rp 350.000" went through.
    [task] = _open(submitted)
    with pytest.raises(LoketError, match="Pilih persyaratan"):
        workflow.act(actor=officers["front"], task_id=task.pk, action="return", note="Kurang lengkap")
    with pytest.raises(LoketError, match="tercantum dalam standar"):
        workflow.act(
            actor=officers["front"],
            task_id=task.pk,
            action="return",
            note="Kurang",
            requirements=["Surat pengantar RT"],
        )
    with pytest.raises(LoketError, match="tidak boleh meminta pembayaran"):
        _return(
            officers["front"], task, "Lampirkan bukti setor biaya administrasi Rp 350.000 (bayar di loket lantai 2)"
        )
    assert Task.objects.get(pk=task.pk).status == "open"
    _return(officers["front"], task)
    event = AuditEvent.objects.get(action="workflow.task_return")
    assert event.data["requirements"] == ["KTP-el"]


def test_after_two_returns_the_case_goes_to_the_supervisor(submitted, officers, applicant, agency_a):
    # Finding 4: "Five consecutive returns were accepted (one with the note 'x'), with no cap or flag."
    for _ in range(2):
        [task] = _open(submitted)
        _return(officers["front"], task)
        applications.resubmit(actor=applicant, application=submitted, answers=ANSWERS)
    [task] = _open(submitted)
    assert task.step_role == Role.SUPERVISOR
    assert AuditEvent.objects.filter(action="workflow.case_escalated", object_id=str(submitted.pk)).exists()
    with pytest.raises(NotFound):  # the officer no longer sees it: it is the supervisor's now
        _return(officers["front"], task)
    supervisor = make_user("penyelia_c", (Role.SUPERVISOR, agency_a))
    _return(supervisor, task)
    submitted.refresh_from_db()
    assert submitted.status == "returned"


def test_an_overdue_step_stays_overdue_after_a_return(submitted, officers, applicant):
    # Finding 4: after a return the new task's deadline reset, so an overdue step left the overdue inbox.
    [task] = _open(submitted)
    long_ago = timezone.now() - dt.timedelta(days=21)
    Task.objects.filter(pk=task.pk).update(created_at=long_ago, due_at=long_ago + dt.timedelta(days=2))
    task.refresh_from_db()
    _return(officers["front"], task)
    applications.resubmit(actor=applicant, application=submitted, answers=ANSWERS)
    [again] = _open(submitted)
    assert again.due_at == task.due_at  # returned and resubmitted on the same day: no working day was paused
    assert deadlines.sla_state(timezone.now(), again.due_at, submitted.region) == "overdue"


# ---------------------------------------------------------------- declared relatives


@pytest.mark.sqlite  # the profiles and relatives are one UNION: SQLite's rules for it differ
def test_an_officer_cannot_act_on_a_declared_relatives_case(client, submitted, officers, agency_a):
    # Issue 13: "nobody acts on a case where they are ... a declared relative".
    officer = officers["front"]
    relative = org_services.declare_relative(
        actor=officer, nik="3273014101900001", name="Imas Masitoh", relation="saudara_kandung"
    )
    [task] = _open(submitted)
    message = "Anda telah menyatakan pemohon sebagai keluarga Anda; tugas ini harus dikerjakan petugas lain."
    for action, note in (("approve", ""), ("reject", "Tidak lengkap")):
        with pytest.raises(PermissionDenied, match=message):
            workflow.act(actor=officer, task_id=task.pk, action=action, note=note)
    with pytest.raises(PermissionDenied, match=message):
        workflow.claim(actor=officer, task_id=task.pk)
    supervisor = make_user("penyelia_keluarga", (Role.SUPERVISOR, agency_a))
    with pytest.raises(LoketError, match="konflik kepentingan"):
        workflow.reassign(actor=supervisor, task_id=task.pk, officer=officer)
    login(client, officer)
    page = client.get(f"/kantor/tugas/{task.pk}/").content.decode()
    assert message in page and "Setujui tahap ini" not in page and "Ambil tugas ini" not in page
    # A withdrawn declaration no longer bars them; its row and both audit events stay.
    org_services.remove_relative(actor=officer, relative_id=relative.pk, reason="Salah NIK")
    workflow.act(actor=officer, task_id=task.pk, action="approve")
    relative.refresh_from_db()
    assert relative.removed_at is not None and relative.removal_reason == "Salah NIK"
    events = AuditEvent.objects.filter(object_type="org.declaredrelative", object_id=str(relative.pk))
    actions = set(events.values_list("action", flat=True))
    assert actions == {"org.relative_declared", "org.relative_removed"}


def test_a_relative_of_another_officer_does_not_bar_anyone_else(submitted, officers):
    org_services.declare_relative(actor=officers["tech"], nik="3273014101900001", name="Imas", relation="anak")
    org_services.declare_relative(actor=officers["front"], nik="3273015507850003", name="Lain", relation="ipar")
    [task] = _open(submitted)
    workflow.act(actor=officers["front"], task_id=task.pk, action="approve")


def test_the_relative_check_costs_at_most_one_statement(submitted, officers, django_assert_num_queries):
    # The profiles and the declared relatives come in one statement, then the earlier approvers; the actor's own
    # other NIKs (an employee record: org.people); the applicant's other NIKs only when the actor declared someone the
    # profile does not match.
    [task] = _open(submitted)
    officer = officers["front"]
    task = workflow.get_task_for(officer, task.pk)
    with django_assert_num_queries(3):
        assert workflow.separation_reason(officer, task, approving=True) is None
    org_services.declare_relative(actor=officer, nik="3273015507850003", name="Lain", relation="ipar")
    with django_assert_num_queries(4):
        assert workflow.separation_reason(officer, task, approving=True) is None
    org_services.declare_relative(actor=officer, nik="3273014101900001", name="Imas", relation="ipar")
    with django_assert_num_queries(3):
        assert workflow.separation_reason(officer, task, approving=True) == rules.RELATIVE


# ---------------------------------------------------------------- review of 2026-12-07 (issue 13)


def test_a_wait_or_rejection_note_never_asks_for_money(submitted, officers):
    [task] = _open(submitted)
    officer = officers["front"]
    workflow.claim(actor=officer, task_id=task.pk)
    for action, note in (
        ("wait", "Menunggu bukti setor biaya administrasi Rp 350.000 (bayar di loket lantai 2)"),
        ("reject", "Ditolak. Ajukan ulang dan siapkan uang pelicin Rp 500.000 untuk petugas."),
    ):
        with pytest.raises(LoketError, match="tidak boleh meminta pembayaran"):
            workflow.act(actor=officer, task_id=task.pk, action=action, note=note)
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.waiting_for == ""


def test_after_two_waits_only_the_supervisor_stops_the_clock_again(submitted, officers):
    [task] = _open(submitted)
    officer = officers["front"]
    workflow.claim(actor=officer, task_id=task.pk)
    for _ in range(2):
        task = Task.objects.get(pk=task.pk)
        workflow.act(actor=officer, task_id=task.pk, action="wait", note="Menunggu rekomendasi teknis")
        task = Task.objects.get(pk=task.pk)
        workflow.act(actor=officer, task_id=task.pk, action="resume", note="")
    task = Task.objects.get(pk=task.pk)
    with pytest.raises(LoketError, match="hanya oleh penyelia"):
        workflow.act(actor=officer, task_id=task.pk, action="wait", note="Menunggu lagi")
    assert submitted.events.filter(kind="waiting").count() == 2


@pytest.mark.parametrize(
    "action, note, waits, supervisor, expected",
    [
        ("wait", "Menunggu rekomendasi teknis", 0, False, None),
        ("wait", "Menunggu rekomendasi teknis", 2, False, rules.TOO_MANY_WAITS),
        ("wait", "Menunggu rekomendasi teknis", 2, True, None),  # the case has gone to the supervisor
        ("wait", "Menunggu bukti transfer Rp 100.000", 0, True, rules.ASKS_MONEY),
        ("reject", "Dokumen tidak sesuai ketentuan", 5, False, None),  # rejections are never capped
        ("reject", "Siapkan uang pelicin", 0, False, rules.ASKS_MONEY),
    ],
)
def test_note_rule(action, note, waits, supervisor, expected):
    assert (
        rules.note_refusal(action=action, note=note, waits_so_far=waits, limit=2, by_supervisor=supervisor) == expected
    )


def test_an_officer_cannot_act_on_his_own_application_filed_from_a_personal_account(process_service, agency_a):
    from loket.hr.models import Employee

    nik = "3273011203850004"
    staff = make_user("pegawai_dinas", (Role.OFFICER, agency_a))
    Employee.objects.create(
        nip="198503122010011004", nik=nik, user=staff, name="Dadang", birth_date=dt.date(1985, 3, 12), sex="M",
        status="PNS", service_start=dt.date(2010, 1, 1), agency=agency_a, region=agency_a.region,
        grade="IIIb", position_type="pelaksana", position_name="Pengadministrasi", leave_records_from=2020,
    )  # fmt: skip
    personal = make_user("dadang_pribadi")
    applications.save_profile(user=personal, nik=nik, full_name="Dadang", phone="081311112222")
    [task] = _open(file_application(process_service, personal, "own-1"))
    with pytest.raises(PermissionDenied):
        workflow.claim(actor=staff, task_id=task.pk)
    assert workflow.separation_reason(staff, workflow.get_task_for(staff, task.pk), approving=True) == rules.OWN_CASE
