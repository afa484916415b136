"""e-Cuti services: the approval chain, balance, refusals, delegation and the permit hook."""

import datetime as dt

import pytest

from loket.core.errors import LoketError, PermissionDenied
from loket.hr import queries
from loket.hr.leave import services
from loket.hr.models import Delegation, LeavePermit, LeaveRequest
from loket.org.models import Role, RoleAssignment
from tests.helpers.hr import otp

MON, WED, THU = dt.date(2026, 12, 7), dt.date(2026, 12, 9), dt.date(2026, 12, 10)  # 3 working days, then one
# A real one-page PDF (the upload check opens it with qpdf).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def ask(employee, first=MON, last=WED, leave_type="tahunan", **kwargs):
    return services.request_leave(
        actor=employee.user,
        leave_type=leave_type,
        first=first,
        last=last,
        reason="Keperluan keluarga",
        address="Bandung",
        **kwargs,
    )


def test_chain_and_team_follow_unit_heads(staff):
    s = staff
    assert queries.direct_superior(s["staf"]) == s["kasi"]
    assert queries.direct_superior(s["kasi"]) == s["kabid"]
    assert queries.direct_superior(s["kabid"]) == s["kadis"]
    assert queries.direct_superior(s["staf3"]) == s["kabid2"]
    assert queries.direct_superior(s["kadis"]) is None
    assert queries.authorized_official(s["staf"]) == s["kadis"]
    assert set(queries.team_of(s["kasi"])) == {s["staf"], s["staf2"]}
    assert set(queries.team_of(s["kabid"])) == {s["kasi"]}
    assert set(queries.team_of(s["kadis"])) == {s["kabid"], s["kabid2"]}


def test_annual_leave_end_to_end_balance_drops_by_working_days(staff, django_capture_on_commit_callbacks):
    leave = ask(staff["staf"])
    assert leave.status == LeaveRequest.Status.SUPERIOR and leave.working_days == 3
    assert services.annual_balance(staff["staf"], 2026).remaining == 9  # pending days are held
    leave = services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="approved")
    assert leave.status == LeaveRequest.Status.OFFICIAL
    leave = services.decide(actor=staff["kadis"].user, leave_id=leave.pk, decision="approved", otp=otp(staff["kadis"]))
    assert leave.status == LeaveRequest.Status.APPROVED
    permit = LeavePermit.objects.get(request=leave)
    assert permit.signed_by == staff["kadis"] and permit.number.startswith("800.1.11.4/0001/")
    assert permit.context["nip"] == staff["staf"].nip and permit.context["working_days"] == 3
    assert permit.context["year_balance"]["remaining"] == 9
    assert permit.context["leave_type"] == "cuti tahunan"
    assert services.annual_balance(staff["staf"], 2026).remaining == 9


def test_when_the_superior_is_the_official_someone_else_considers(staff, kota_bandung):
    # Issue 13: "leave needs two different people". Dewi (kabid) heads a top unit: her direct superior is the agency
    # head, who also grants leave. With nobody else to consider, the request is not filed.
    with pytest.raises(LoketError, match="dua orang yang berbeda"):
        ask(staff["kabid"])
    assert not LeaveRequest.objects.exists()
    # The HR office (BKD) of the region considers instead (leave.rules.CONSIDERERS).
    RoleAssignment.objects.create(user=staff["staf3"].user, role=Role.HR_ADMIN, region=kota_bandung)
    leave = ask(staff["kabid"])
    assert leave.status == LeaveRequest.Status.SUPERIOR
    assert (leave.superior, leave.official) == (staff["staf3"], staff["kadis"])
    with pytest.raises(PermissionDenied):  # the official may not take the consideration as well
        services.decide(actor=staff["kadis"].user, leave_id=leave.pk, decision="approved")
    services.decide(actor=staff["staf3"].user, leave_id=leave.pk, decision="approved")
    leave = services.decide(actor=staff["kadis"].user, leave_id=leave.pk, decision="approved", otp=otp(staff["kadis"]))
    assert leave.status == LeaveRequest.Status.APPROVED
    assert set(leave.decisions.values_list("acted_by", flat=True)) == {staff["staf3"].pk, staff["kadis"].pk}


def test_the_considerers_order_is_a_setting(staff, kota_bandung, settings):
    RoleAssignment.objects.create(user=staff["staf3"].user, role=Role.HR_ADMIN, region=kota_bandung)
    settings.LOKET_LEAVE_CONSIDERERS = ("superior_of_superior",)  # a region without the HR office's consideration
    with pytest.raises(LoketError, match="Hubungi BKD"):
        ask(staff["kabid"])


def test_the_superior_is_refused_at_level_two_as_the_officials_plh(staff):
    # Finding 1 of issue 13: "A delegate approved a leave at level 1, then level 2 as stand-in, and signed".
    leave = ask(staff["kasi"])  # kasi's superior is the kabid, the official the kadis
    services.decide(actor=staff["kabid"].user, leave_id=leave.pk, decision="approved", today=MON)
    services.delegate(actor=staff["kadis"].user, delegate_nip=staff["kabid"].nip, first=MON, last=WED)
    with pytest.raises(PermissionDenied, match="dua orang yang berbeda"):
        services.decide(
            actor=staff["kabid"].user, leave_id=leave.pk, decision="approved", otp=otp(staff["kabid"]), today=MON
        )
    assert LeaveRequest.objects.get(pk=leave.pk).status == LeaveRequest.Status.OFFICIAL
    assert not LeavePermit.objects.exists()


def test_whoever_considered_for_the_superior_is_refused_at_level_two(staff):
    # The plh who gave the superior's consideration, standing in for the official too (made directly: the ranks of
    # plh are the delegation form's rule), is refused by the engine: one person approved the case's first step.
    leave = ask(staff["staf"])
    Delegation.objects.create(delegator=staff["kasi"], delegate=staff["staf2"], first=MON, last=WED)
    Delegation.objects.create(delegator=staff["kadis"], delegate=staff["staf2"], first=MON, last=WED)
    services.decide(actor=staff["staf2"].user, leave_id=leave.pk, decision="approved", today=MON)
    with pytest.raises(PermissionDenied, match="dua tahap"):
        services.decide(
            actor=staff["staf2"].user, leave_id=leave.pk, decision="approved", otp=otp(staff["staf2"]), today=MON
        )
    # and the superior themself, as the official's plh on another day
    Delegation.objects.create(delegator=staff["kadis"], delegate=staff["kasi"], first=THU, last=THU)
    with pytest.raises(PermissionDenied, match="dua orang yang berbeda"):
        services.decide(
            actor=staff["kasi"].user, leave_id=leave.pk, decision="approved", otp=otp(staff["kasi"]), today=THU
        )
    assert LeaveRequest.objects.get(pk=leave.pk).status == LeaveRequest.Status.OFFICIAL


def test_leave_beyond_balance_is_refused(staff):
    with pytest.raises(LoketError, match="melebihi sisa hak cuti tahunan 12 hari kerja"):
        ask(staff["staf"], first=dt.date(2026, 12, 1), last=dt.date(2026, 12, 17))  # 13 working days
    assert not LeaveRequest.objects.exists()


def test_overlapping_leave_is_refused(staff):
    ask(staff["staf"])
    with pytest.raises(LoketError, match="bertabrakan"):
        ask(staff["staf"], first=WED, last=dt.date(2026, 12, 10))
    assert LeaveRequest.objects.count() == 1


def test_sick_leave_without_doctor_note_is_refused(staff):
    with pytest.raises(LoketError, match="wajib melampirkan surat keterangan dokter"):
        ask(staff["staf"], leave_type="sakit")
    from django.core.files.uploadedfile import SimpleUploadedFile

    note = SimpleUploadedFile("surat-dokter.pdf", PDF, content_type="application/pdf")
    leave = ask(staff["staf"], leave_type="sakit", attachments=[("surat_dokter", note)])
    assert leave.attachments.get().kind == "surat_dokter"


def test_attachment_of_wrong_type_is_refused(staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(LoketError, match="Unggah PDF, JPG atau PNG"):
        ask(staff["staf"], leave_type="sakit", attachments=[("surat_dokter", SimpleUploadedFile("x.exe", b"MZ"))])


def test_only_the_current_approver_may_decide(staff):
    leave = ask(staff["staf"])
    for intruder in ("staf2", "kabid", "kadis", "kabid2"):  # the official may not skip the superior
        with pytest.raises(PermissionDenied):
            services.decide(actor=staff[intruder].user, leave_id=leave.pk, decision="approved")
    with pytest.raises(PermissionDenied):
        services.decide(actor=staff["staf"].user, leave_id=leave.pk, decision="approved")  # not one's own
    assert LeaveRequest.objects.get().status == LeaveRequest.Status.SUPERIOR


def test_refusal_needs_a_reason_and_frees_the_days(staff):
    leave = ask(staff["staf"])
    with pytest.raises(LoketError, match="alasan"):
        services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="rejected")
    services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="rejected", note="Beban kerja akhir tahun")
    assert LeaveRequest.objects.get().status == LeaveRequest.Status.REJECTED
    assert services.annual_balance(staff["staf"], 2026).remaining == 12


def test_delegate_decides_while_the_superior_is_away(staff):
    leave = ask(staff["staf"])
    services.delegate(actor=staff["kasi"].user, delegate_nip=staff["staf2"].nip, first=MON, last=WED)
    with pytest.raises(PermissionDenied):  # not before the delegation starts
        services.decide(actor=staff["staf2"].user, leave_id=leave.pk, decision="approved", today=dt.date(2026, 12, 4))
    leave = services.decide(actor=staff["staf2"].user, leave_id=leave.pk, decision="approved", today=MON)
    decision = leave.decisions.get()
    assert decision.approver == staff["kasi"] and decision.acted_by == staff["staf2"]


def test_stand_ins_never_overlap_nor_lead_back(staff):
    # Finding 1 of issue 13: "delegation loops and duplicates are accepted".
    services.delegate(actor=staff["kasi"].user, delegate_nip=staff["staf2"].nip, first=MON, last=WED)
    with pytest.raises(LoketError, match="satu plh pada satu waktu"):
        services.delegate(actor=staff["kasi"].user, delegate_nip=staff["kabid"].nip, first=WED, last=WED)
    with pytest.raises(LoketError, match="timbal balik"):
        services.delegate(actor=staff["staf2"].user, delegate_nip=staff["kasi"].nip, first=MON, last=MON)
    services.delegate(actor=staff["kasi"].user, delegate_nip=staff["staf"].nip, first=THU, last=THU)


def test_a_stand_in_holds_the_same_level_or_one_below_in_the_line(staff, settings):
    # Issue 13: "delegation has ranks" (SE Kepala BKN 1/SE/I/2021).
    with pytest.raises(LoketError, match="lebih tinggi dari jabatan Anda"):  # kasi -> their own kabid
        services.delegate(actor=staff["kasi"].user, delegate_nip=staff["kabid"].nip, first=MON, last=WED)
    with pytest.raises(LoketError, match="lebih dari 1 tingkat di bawah"):  # kadis (JPT) -> a kasi (pengawas)
        services.delegate(actor=staff["kadis"].user, delegate_nip=staff["kasi"].nip, first=MON, last=WED)
    with pytest.raises(LoketError, match="di luar unit Anda"):  # kabid of Perizinan -> staff of Pengaduan
        services.delegate(actor=staff["kabid2"].user, delegate_nip=staff["kasi"].nip, first=MON, last=WED)
    assert not Delegation.objects.exists()
    services.delegate(actor=staff["kadis"].user, delegate_nip=staff["kabid2"].nip, first=MON, last=WED)
    services.delegate(actor=staff["kabid"].user, delegate_nip=staff["kasi"].nip, first=MON, last=WED)
    settings.LOKET_PLH_LEVELS_BELOW = 2  # a region that allows two levels (data, to be confirmed)
    services.delegate(actor=staff["kadis"].user, delegate_nip=staff["kasi"].nip, first=THU, last=THU)


def test_the_delegation_form_shows_the_rank_refusal(client, staff):
    client.force_login(staff["kasi"].user)
    response = client.post(
        "/pegawai/delegasi/", {"delegate": staff["kabid"].nip, "first": "2026-12-07", "last": "2026-12-09"}
    )
    assert response.status_code == 400
    assert "setingkat atau satu tingkat di bawah Anda" in response.content.decode()


def test_superior_of_an_absent_approver_steps_in(staff):
    own = ask(staff["kasi"], first=dt.date(2026, 12, 14), last=dt.date(2026, 12, 18))
    services.decide(actor=staff["kabid"].user, leave_id=own.pk, decision="approved")
    services.decide(actor=staff["kadis"].user, leave_id=own.pk, decision="approved", otp=otp(staff["kadis"]))
    leave = ask(staff["staf"], first=dt.date(2026, 12, 15), last=dt.date(2026, 12, 15))
    with pytest.raises(PermissionDenied):  # kasi is not away yet
        services.decide(actor=staff["kabid"].user, leave_id=leave.pk, decision="approved", today=MON)
    leave = services.decide(
        actor=staff["kabid"].user, leave_id=leave.pk, decision="approved", today=dt.date(2026, 12, 15)
    )
    assert leave.status == LeaveRequest.Status.OFFICIAL


def test_withdraw_only_own_open_request(staff):
    leave = ask(staff["staf"])
    from loket.core.errors import NotFound

    with pytest.raises(NotFound):
        services.withdraw(actor=staff["staf2"].user, leave_id=leave.pk)
    assert services.withdraw(actor=staff["staf"].user, leave_id=leave.pk).status == LeaveRequest.Status.WITHDRAWN


def test_user_without_employee_record_cannot_request(staff, citizen):
    with pytest.raises(PermissionDenied, match="tidak terhubung"):
        services.request_leave(actor=citizen, leave_type="tahunan", first=MON, last=WED)


def test_team_calendar_shows_who_is_away(staff):
    ask(staff["staf"])
    days = dict(queries.team_calendar(staff["kasi"], MON, dt.date(2026, 12, 10)))
    assert [r.employee for r in days[MON]] == [staff["staf"]]
    assert days[dt.date(2026, 12, 10)] == []


@pytest.mark.parametrize(
    "first, last, details",
    [
        (dt.date(1999, 12, 31), dt.date(2000, 1, 3), {}),
        (dt.date(2026, 1, 5), dt.date(2099, 1, 5), {"sick_kind": "kecelakaan_kerja"}),
        (MON, WED, {"sick_kind": {"x": 1}}),
        (MON, WED, {"child_number": "tiga"}),
    ],
)
def test_out_of_range_dates_and_bad_details_are_refused(staff, first, last, details):
    with pytest.raises(LoketError):
        ask(staff["staf"], first=first, last=last, leave_type="sakit", details=details)
    assert not LeaveRequest.objects.exists()


def test_collective_leave_duty_adds_to_that_years_annual_leave_only(staff, hr_admin, agency_b, hr_admin_bogor):
    # PP 11/2017 art. 333(3): cuti bersama days worked are added to annual leave, usable that year only.
    day = services.collective_leave_days(2026)[-1]
    assert day == dt.date(2026, 12, 24)
    from loket.core.errors import NotFound

    with pytest.raises(NotFound):
        services.record_collective_duty(actor=hr_admin_bogor, nip=staff["staf"].nip, day=day)
    with pytest.raises(LoketError, match="bukan hari cuti bersama"):
        services.record_collective_duty(actor=hr_admin, nip=staff["staf"].nip, day=dt.date(2026, 12, 23))
    services.record_collective_duty(actor=hr_admin, nip=staff["staf"].nip, day=day)
    services.record_collective_duty(actor=hr_admin, nip=staff["staf"].nip, day=day)  # once
    balance = services.annual_balance(staff["staf"], 2026)
    assert (balance.collective_on_duty, balance.remaining) == (1, 13)
    assert services.annual_balance(staff["staf"], 2027).collective_on_duty == 0
    # 13 working days now fit
    leave = ask(staff["staf"], first=dt.date(2026, 12, 1), last=dt.date(2026, 12, 17))
    assert leave.working_days == 13


def test_superior_approves_with_changed_dates_checked_by_the_rules(staff):
    # BKN reg. 24/2017: the superior's consideration may be "perubahan" (approved with changes).
    leave = ask(staff["staf"])
    other = ask(staff["staf"], first=dt.date(2026, 12, 14), last=dt.date(2026, 12, 14))
    with pytest.raises(LoketError, match="bertabrakan"):
        services.decide(
            actor=staff["kasi"].user,
            leave_id=leave.pk,
            decision="changed",
            first=dt.date(2026, 12, 10),
            last=dt.date(2026, 12, 14),
        )
    with pytest.raises(LoketError, match="Isi tanggal"):
        services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="changed")
    leave = services.decide(
        actor=staff["kasi"].user,
        leave_id=leave.pk,
        decision="changed",
        first=dt.date(2026, 12, 8),
        last=dt.date(2026, 12, 9),
        note="Rapat tanggal 7",
    )
    assert (leave.first, leave.working_days, leave.status) == (dt.date(2026, 12, 8), 2, LeaveRequest.Status.OFFICIAL)
    decision = leave.decisions.get()
    assert decision.decision == "changed" and decision.note.startswith("Diubah dari 7 Desember 2026")
    assert services.annual_balance(staff["staf"], 2026).remaining == 12 - 2 - other.working_days


def test_pppk_may_not_take_long_leave(org):
    # PP 49/2018 (PPPK leave types) via the service: refused with the rule's message, nothing saved.
    from loket.hr.importing import upsert_employees
    from loket.hr.models import Employee
    from tests.helpers.hr import nip, numbered, row

    upsert_employees(
        numbered([row(nip("19900101", "201421", 1, 1), "Budi PPPK", status="PPPK", grade="IX")]),
        source="csv",
        today=dt.date(2026, 11, 23),
    )
    employee = Employee.objects.get()
    with pytest.raises(LoketError, match="PPPK tidak berhak atas cuti besar"):
        services.request_leave(actor=employee.user, leave_type="besar", first=MON, last=WED)
    assert not LeaveRequest.objects.exists()


# --- attachments get the upload check citizens' uploads get (issue 11, finding A) ---------------------

SCRIPT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"4 0 obj<</Type/Action/S/JavaScript/JS(app.alert\\(1\\))>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_attachment_pdf_with_javascript_is_refused_and_nothing_is_stored(staff, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    note = SimpleUploadedFile("surat-dokter.pdf", SCRIPT_PDF, content_type="application/pdf")
    with pytest.raises(LoketError, match="skrip") as refused:
        ask(staff["staf"], leave_type="sakit", attachments=[("surat_dokter", note)])
    assert refused.value.errors["attachment"]  # shown at the attachment field
    assert not LeaveRequest.objects.exists() and not list(tmp_path.rglob("*.pdf"))


def test_attachment_is_stored_under_a_generated_name_with_a_safe_display_name(staff, settings, tmp_path):
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    note = SimpleUploadedFile("../../surat\u202edokter.pdf", PDF, content_type="application/pdf")
    attachment = ask(staff["staf"], leave_type="sakit", attachments=[("surat_dokter", note)]).attachments.get()
    assert re.fullmatch(r"hr/cuti/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name), attachment.file.name
    assert "/" not in attachment.name and "\u202e" not in attachment.name and attachment.name.endswith(".pdf")


def test_attachment_whose_content_is_not_its_extension_is_refused(staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("surat-dokter.pdf", b"<html><script>alert(1)</script></html>", content_type="text/html")
    with pytest.raises(LoketError, match="Jenis berkas tidak dikenali"):
        ask(staff["staf"], leave_type="sakit", attachments=[("surat_dokter", fake)])


def test_the_approvers_own_decision_costs_the_same_however_large_their_team(staff, org):
    """The superior deciding their own team's request is not looked up through everyone they might stand in
    for: before, each decision asked once per team member whether they were away (bench/leave.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from loket.hr.importing import upsert_employees
    from tests.helpers.hr import nip, numbered, row

    def statements_of_a_decision(employee, day):
        leave = ask(employee, first=day, last=day)
        with CaptureQueriesContext(connection) as captured:
            services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="approved", today=MON)
        return len(captured)

    statements_of_a_decision(staff["staf"], MON)  # per-process caches filled
    before = statements_of_a_decision(staff["staf2"], MON)
    more = [row(nip("19930404", "201903", 1, 20 + n), f"Pegawai {n}", unit=org["seksi"].name) for n in range(6)]
    assert upsert_employees(numbered(more), source="csv", today=dt.date(2026, 11, 23)).ok
    assert queries.team_of(staff["kasi"]).count() == 2 + 6
    assert statements_of_a_decision(staff["staf"], WED) == before


@pytest.mark.sqlite  # off PostgreSQL the engine reads the decider's relatives before completing the task
def test_a_superior_who_declared_the_employee_a_relative_may_not_decide(staff):
    from loket.hr.models import Employee
    from loket.org import services as org_services

    Employee.objects.filter(pk=staff["staf"].pk).update(nik="3273014202900001")
    org_services.declare_relative(actor=staff["kasi"].user, nik="3273014202900001", name="Siti", relation="anak")
    leave = ask(staff["staf"])
    with pytest.raises(PermissionDenied, match="keluarga Anda"):
        services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="approved")
    assert LeaveRequest.objects.get(pk=leave.pk).status == LeaveRequest.Status.SUPERIOR
    # The superior names a plh for the day, who decides instead.
    services.delegate(actor=staff["kasi"].user, delegate_nip=staff["staf2"].nip, first=MON, last=MON)
    services.decide(actor=staff["staf2"].user, leave_id=leave.pk, decision="approved", today=MON)
