"""The leave permit and the KGB notice are real signed documents of loket.documents: numbered per agency and
year, PAdES-signed by the deciding official with their own TOTP, verifiable, in the employee's wallet, revocable."""

import datetime as dt
import re

import pytest

from loket.core.errors import LoketError, PermissionDenied
from loket.documents import queries as document_queries
from loket.documents import services as documents
from loket.documents import verify
from loket.documents.models import Document, NumberCounter
from loket.hr.kgb import services as kgb
from loket.hr.leave import services
from loket.hr.models import Employee, KgbDecision, LeavePermit, LeaveRequest
from loket.org.models import Role
from tests.helpers.documents import revoke
from tests.helpers.hr import otp
from tests.helpers.org import make_user

MON, WED = dt.date(2026, 12, 7), dt.date(2026, 12, 9)


def pdf_text(data: bytes) -> str:
    import subprocess

    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def ask(employee, first=MON, last=WED):
    return services.request_leave(
        actor=employee.user, leave_type="tahunan", first=first, last=last, reason="Keperluan keluarga", address="Garut"
    )


def to_official(staff, employee="staf", **kwargs):
    leave = ask(staff[employee], **kwargs)
    if leave.status == LeaveRequest.Status.SUPERIOR:
        leave = services.decide(actor=leave.superior.user, leave_id=leave.pk, decision="approved")
    assert leave.status == LeaveRequest.Status.OFFICIAL
    return leave


def approve(staff, leave, who="kadis"):
    return services.decide(actor=staff[who].user, leave_id=leave.pk, decision="approved", otp=otp(staff[who]))


def test_final_approval_signs_the_permit_as_a_valid_pades_pdf(staff):
    leave = approve(staff, to_official(staff))
    permit = LeavePermit.objects.get(request=leave)
    document = Document.objects.get(code=permit.document_id)
    # The permit is the decision document of the leave case (issued once, linked to the case).
    assert document.application == leave.case and document.subject_type == "hr.leave_permit"
    assert document.subject_ref == str(leave.pk) and document.subject == document.subject_label
    assert document.status == Document.Status.VALID and document.holder == staff["staf"].user
    leave.case.refresh_from_db()
    assert leave.case.status == "completed" and leave.case.documents.count() == 1
    assert document.signed_by == staff["kadis"].user and document.holder_name == "Siti Aminah"
    assert document.signer_title == staff["kadis"].position_name
    assert document.title == "Surat Izin Cuti Tahunan" and document.kind == "izin"
    assert permit.number == document.number == permit.context["number"]
    assert document.number.startswith("800.1.11.4/0001/") and document.number.endswith(f"/{document.year}")
    assert "Siti Aminah" in document.body and staff["staf"].nip in document.body
    assert "selama 3 hari kerja" in document.body and "7 Desember 2026" in document.body
    assert document.context["letterhead"][1] == staff["kadis"].agency.name
    data = document.file.read()
    check = verify.check_pdf(data)
    assert check.ok and check.trusted and check.whole_file and check.code == document.code
    text = pdf_text(data)  # the letter as printed: letterhead, title, number, body, the signing official
    for expected in (
        "PEMERINTAH KOTA BANDUNG",
        staff["kadis"].agency.name.upper(),
        "SURAT IZIN CUTI TAHUNAN",
        f"Nomor: {document.number}",
        "NIP: " + staff["staf"].nip,
        "Bambang Sutrisno",
        staff["kadis"].position_name,
        f"Kode verifikasi: {document.code}",
        f"NIP. {staff['kadis'].nip}",  # the signer's NIP under his name
    ):
        # Particulars ("Nama: ...", "NIP: ...") are set out with aligned colons.
        assert expected in re.sub(r" +: +", ": ", text), expected
    assert document_queries.check_upload(data).verdict == "valid"
    assert document_queries.public_by_code(document.code)["status"] == "valid"
    assert list(document_queries.wallet(staff["staf"].user)) == [document]


def test_without_a_right_code_nothing_is_approved_or_numbered(staff):
    leave = to_official(staff)
    with pytest.raises(PermissionDenied):  # no authenticator yet: activate TOTP first
        services.decide(actor=staff["kadis"].user, leave_id=leave.pk, decision="approved")
    otp(staff["kadis"])
    for code in ("", "123", "000000"):
        with pytest.raises(LoketError) as refused:
            services.decide(actor=staff["kadis"].user, leave_id=leave.pk, decision="approved", otp=code)
        assert refused.value.field == "otp"
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.OFFICIAL and not leave.decisions.filter(level=2).exists()
    assert not LeavePermit.objects.exists() and not Document.objects.exists()
    assert not NumberCounter.objects.filter(last__gt=0).exists()  # the number went back with the rollback
    # deferring or refusing needs no code and signs nothing
    services.decide(actor=staff["kadis"].user, leave_id=leave.pk, decision="deferred", note="Akhir tahun anggaran")
    assert not Document.objects.exists()


def test_a_code_is_accepted_once(staff):
    first, second = to_official(staff), to_official(staff, "staf2")
    code = otp(staff["kadis"])
    services.decide(actor=staff["kadis"].user, leave_id=first.pk, decision="approved", otp=code)
    with pytest.raises(LoketError):
        services.decide(actor=staff["kadis"].user, leave_id=second.pk, decision="approved", otp=code)
    assert LeaveRequest.objects.get(pk=second.pk).status == LeaveRequest.Status.OFFICIAL


def test_permits_are_numbered_gap_free_per_agency_and_year(staff):
    approve(staff, to_official(staff))
    approve(staff, to_official(staff, "staf2"))
    approve(staff, to_official(staff, "staf3"))
    numbers = sorted(Document.objects.values_list("sequence", flat=True))
    assert numbers == [1, 2, 3]
    assert set(Document.objects.values_list("agency_id", flat=True)) == {staff["kadis"].agency_id}


def test_a_stand_in_signs_with_their_own_key_as_plh(staff):
    leave = to_official(staff)
    services.delegate(actor=staff["kadis"].user, delegate_nip=staff["kabid"].nip, first=MON, last=WED)
    with pytest.raises(PermissionDenied):  # the stand-in acts only during the delegation
        services.decide(
            actor=staff["kabid"].user,
            leave_id=leave.pk,
            decision="approved",
            otp=otp(staff["kabid"]),
            today=dt.date(2026, 12, 4),
        )
    services.decide(
        actor=staff["kabid"].user, leave_id=leave.pk, decision="approved", otp=otp(staff["kabid"]), today=MON
    )
    document = Document.objects.get()
    assert document.signed_by == staff["kabid"].user
    assert document.signer_title == f"Plh. {staff['kadis'].position_name}"
    assert verify.check_pdf(document.file.read()).ok


def test_revocation_by_the_agency_shows_at_once(client, staff, agency_a):
    leave = approve(staff, to_official(staff))
    document = Document.objects.get(code=leave.permit.document_id)
    with pytest.raises(PermissionDenied):  # an employee of the agency without the role may not revoke
        revoke(document, staff["kasi"].user)
    head = make_user("kepala_a", (Role.AGENCY_HEAD, agency_a))
    revoke(document, head, reason_code="permintaan_pemegang", explanation="Cuti dibatalkan atas permintaan pegawai.")
    page = client.get(f"/verifikasi/{document.code}").content.decode()
    assert "DICABUT" in page and "Cuti dibatalkan" in page


def test_supersession_reissues_the_same_letter_under_a_new_number(staff, agency_a):
    leave = approve(staff, to_official(staff))
    old = Document.objects.get(code=leave.permit.document_id)
    head = make_user("kepala_a", (Role.AGENCY_HEAD, agency_a))
    replacement = documents.supersede(actor=head, document=old, reason="Salah ketik jabatan")
    assert replacement.status == Document.Status.AWAITING and replacement.subject_ref == old.subject_ref
    assert replacement.number != old.number and replacement.body == old.body
    assert replacement.holder == old.holder and replacement.title == old.title
    assert replacement in document_queries.to_sign(head)


# --- the KGB notice ------------------------------------------------------------------------------------


@pytest.fixture
def kgb_due(due):
    kgb.draft_due(today=dt.date(2026, 11, 23))
    return KgbDecision.objects.get()


def test_signing_a_kgb_decision_issues_the_signed_notice(staff, kgb_due):
    decision = kgb.sign(actor=staff["kadis"].user, decision_id=kgb_due.pk, otp=otp(staff["kadis"]))
    document = Document.objects.get(code=decision.document_id)
    assert decision.number == document.number and document.number.startswith("822.4/0001/")
    assert document.subject_type == "hr.kgb_notice" and document.holder == staff["staf"].user
    assert document.title == "Surat Pemberitahuan Kenaikan Gaji Berkala" and document.status == "valid"
    assert "Rp3.057.300" in document.body and "Rp3.153.600" in document.body
    assert "1 Desember 2024" in document.body and "1 Desember 2026" in document.body  # old and new TMT
    assert "Dalam golongan ruang: III/a" in document.body
    assert verify.check_pdf(document.file.read()).ok
    assert Employee.objects.get(pk=staff["staf"].pk).base_salary == 3153600


def test_kgb_without_the_officials_code_changes_nothing(staff, kgb_due):
    otp(staff["kadis"])
    with pytest.raises(LoketError):
        kgb.sign(actor=staff["kadis"].user, decision_id=kgb_due.pk, otp="999999")
    with pytest.raises(PermissionDenied):  # someone else's code does not help
        kgb.sign(actor=staff["kasi"].user, decision_id=kgb_due.pk, otp=otp(staff["kasi"]))
    kgb_due.refresh_from_db()
    assert kgb_due.status == KgbDecision.Status.SIGNATURE and not kgb_due.document_id
    assert not Document.objects.exists()
    assert Employee.objects.get(pk=staff["staf"].pk).base_salary == 3057300


def test_documents_does_not_import_hr():
    import pathlib
    import re

    import loket.documents

    root = pathlib.Path(loket.documents.__file__).parent
    offenders = [
        path.name
        for path in root.rglob("*.py")
        if re.search(r"^\s*(from|import)\s+loket\.hr\b", path.read_text(), re.M)
    ]
    assert offenders == []
