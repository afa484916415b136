"""HR pages: self-service, supervisor and BKD views, each refused outside its scope."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.hr.models import ImportJob, KgbDecision, LeaveRequest
from tests.helpers.hr import nip, otp, row, to_csv

FIRST, LAST = "2026-12-07", "2026-12-09"
# A real one-page PDF (the upload check opens it with qpdf).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def login(client, employee_or_user):
    user = getattr(employee_or_user, "user", employee_or_user)
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client, staff):
    for url in ("/pegawai/", "/pegawai/cuti/", "/kantor/kepegawaian/"):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/login/" in response["Location"]


def test_user_without_employee_record_is_refused(client, staff, citizen):
    assert login(client, citizen).get("/pegawai/").status_code == 403


def test_employee_sees_own_profile_only(client, staff):
    login(client, staff["staf"])
    page = client.get("/pegawai/").content.decode()
    assert staff["staf"].nip in page and "Rudi Hartono" in page  # own NIP, direct superior shown
    assert client.get(f"/pegawai/tim/{staff['staf2'].nip}/").status_code == 404  # not their team member
    assert client.get(f"/kantor/kepegawaian/pegawai/{staff['staf2'].nip}/").status_code == 403


def test_supervisor_sees_team_only(client, staff):
    login(client, staff["kasi"])
    page = client.get("/pegawai/tim/").content.decode()
    assert "Siti Aminah" in page and "Agus Salim" in page and "Joko Widodo" not in page
    assert client.get(f"/pegawai/tim/{staff['staf'].nip}/").status_code == 200
    assert client.get(f"/pegawai/tim/{staff['staf3'].nip}/").status_code == 404  # another unit's staff
    assert client.get(f"/pegawai/tim/{staff['kabid'].nip}/").status_code == 404  # own superior


def test_leave_request_via_form_and_both_approvals(client, staff):
    response = login(client, staff["staf"]).post(
        "/pegawai/cuti/baru/",
        {"leave_type": "tahunan", "first": FIRST, "last": LAST, "reason": "Acara keluarga", "address": "Garut"},
    )
    assert response.status_code == 302
    leave = LeaveRequest.objects.get()
    # another employee cannot open it, nor decide it
    login(client, staff["staf2"])
    assert client.get(f"/pegawai/cuti/{leave.pk}/").status_code == 404
    assert client.post(f"/pegawai/cuti/{leave.pk}/putuskan/", {"decision": "approved"}).status_code == 404
    login(client, staff["kasi"])
    assert "Siti Aminah" in client.get("/pegawai/persetujuan/").content.decode()
    client.post(f"/pegawai/cuti/{leave.pk}/putuskan/", {"decision": "approved"})
    login(client, staff["kadis"])
    response = client.post(f"/pegawai/cuti/{leave.pk}/putuskan/", {"decision": "approved"}, follow=True)
    assert response.status_code == 200 and "Aktifkan verifikasi dua langkah" in response.content.decode()
    otp(staff["kadis"])
    page = client.get(f"/pegawai/cuti/{leave.pk}/").content.decode()
    assert 'name="otp"' in page and "sekaligus menandatangani surat izin cuti" in page
    # without the official's code the approval is refused with a clear message and nothing changes
    response = client.post(
        f"/pegawai/cuti/{leave.pk}/putuskan/", {"decision": "approved", "otp": "000000"}, follow=True
    )
    assert "Kode verifikasi salah" in response.content.decode()
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.OFFICIAL
    response = client.post(
        f"/pegawai/cuti/{leave.pk}/putuskan/", {"decision": "approved", "otp": otp(staff["kadis"])}, follow=True
    )
    assert "ditandatangani secara elektronik" in response.content.decode()
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.APPROVED
    code = leave.permit.document_id
    assert client.get(f"/dompet/{code}/unduh").status_code == 404  # the official does not hold it
    login(client, staff["staf"])
    documents = client.get("/pegawai/dokumen/").content.decode()
    assert leave.permit.number in documents and f"/dompet/{code}/unduh" in documents
    assert f"/verifikasi/{code}" in documents
    pdf = client.get(f"/dompet/{code}/unduh")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert leave.permit.number in client.get("/dompet/").content.decode()  # and in the wallet
    assert "Dokumen ini SAH" in client.get(f"/verifikasi/{code}").content.decode()
    assert client.get(f"/pegawai/cuti/{leave.pk}/surat-izin/").status_code == 200
    assert 'id="balance-remaining">9 ' in client.get("/pegawai/cuti/").content.decode()
    login(client, staff["staf2"])
    assert client.get(f"/pegawai/cuti/{leave.pk}/surat-izin/").status_code == 404


def test_refusals_are_shown_clearly_and_nothing_is_saved(client, staff):
    login(client, staff["staf"])
    response = client.post(
        "/pegawai/cuti/baru/", {"leave_type": "tahunan", "first": "2026-12-01", "last": "2026-12-17"}
    )
    assert response.status_code == 400 and "melebihi sisa hak cuti tahunan" in response.content.decode()
    response = client.post("/pegawai/cuti/baru/", {"leave_type": "sakit", "first": FIRST, "last": LAST})
    assert response.status_code == 400 and "surat keterangan dokter" in response.content.decode()
    response = client.post("/pegawai/cuti/baru/", {"leave_type": "tahunan", "first": "", "last": LAST})
    assert response.status_code == 400 and "Tanggal mulai" in response.content.decode()
    assert not LeaveRequest.objects.exists()
    client.post("/pegawai/cuti/baru/", {"leave_type": "tahunan", "first": FIRST, "last": LAST})
    response = client.post("/pegawai/cuti/baru/", {"leave_type": "tahunan", "first": LAST, "last": "2026-12-10"})
    assert response.status_code == 400 and "bertabrakan" in response.content.decode()
    assert LeaveRequest.objects.count() == 1


def test_sick_leave_with_doctor_note_upload(client, staff):
    login(client, staff["staf"])
    note = SimpleUploadedFile("surat.pdf", PDF, content_type="application/pdf")
    response = client.post(
        "/pegawai/cuti/baru/",
        {"leave_type": "sakit", "first": FIRST, "last": LAST, "attachment_kind": "surat_dokter", "attachment": note},
    )
    assert response.status_code == 302 and LeaveRequest.objects.get().attachments.count() == 1


def test_refused_attachment_shows_the_form_again_with_the_reason_and_the_input_kept(client, staff):
    """Issue 11, finding A: a PDF with a script is refused at the attachment field; nothing else is lost."""
    from tests.hr.test_leave_services import SCRIPT_PDF

    login(client, staff["staf"])
    note = SimpleUploadedFile("surat.pdf", SCRIPT_PDF, content_type="application/pdf")
    response = client.post(
        "/pegawai/cuti/baru/",
        {
            "leave_type": "sakit",
            "first": FIRST,
            "last": LAST,
            "reason": "Demam berdarah",
            "address": "Jl. Dago 12, Bandung",
            "attachment_kind": "surat_dokter",
            "attachment": note,
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and not LeaveRequest.objects.exists()
    assert "PDF berisi skrip" in page and 'aria-invalid="true"' in page.split('id="attachment"')[1].split(">")[0]
    for kept in ('value="Demam berdarah"', 'value="Jl. Dago 12, Bandung"', f'value="{FIRST}"', f'value="{LAST}"'):
        assert kept in page, kept
    assert '<option value="sakit" selected>' in page and '<option value="surat_dokter" selected>' in page


def test_attachment_is_checked_even_when_a_date_is_missing(client, staff):
    """The employee learns both problems at once instead of the file silently vanishing with the date error."""
    from tests.hr.test_leave_services import SCRIPT_PDF

    login(client, staff["staf"])
    note = SimpleUploadedFile("surat.pdf", SCRIPT_PDF, content_type="application/pdf")
    response = client.post(
        "/pegawai/cuti/baru/",
        {"leave_type": "sakit", "first": "", "last": LAST, "attachment_kind": "surat_dokter", "attachment": note},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Tanggal mulai" in page and "PDF berisi skrip" in page


def test_hr_admin_sees_region_employees_and_other_region_is_refused(client, staff, hr_admin, agency_b, hr_admin_bogor):
    login(client, hr_admin)
    page = client.get("/kantor/kepegawaian/").content.decode()
    assert "Siti Aminah" in page and "7 pegawai" in page
    assert client.get(f"/kantor/kepegawaian/pegawai/{staff['staf'].nip}/").status_code == 200
    login(client, hr_admin_bogor)
    assert "0 pegawai" in client.get("/kantor/kepegawaian/").content.decode()
    assert client.get(f"/kantor/kepegawaian/pegawai/{staff['staf'].nip}/").status_code == 404


def test_officer_without_hr_role_is_refused(client, staff, editor_a):
    login(client, editor_a)
    assert client.get("/kantor/kepegawaian/").status_code == 403
    assert client.get("/kantor/kepegawaian/impor/").status_code == 403


def test_import_page_upload_and_progress(client, org, hr_admin, settings):
    login(client, hr_admin)
    data = to_csv([row(nip("19900202", "201503", 2, 4), "Siti Aminah")])
    response = client.post("/kantor/kepegawaian/impor/", {"file": SimpleUploadedFile("pegawai.csv", data)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kantor/kepegawaian/impor/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    # still queued: the page refreshes itself only when asked to (WCAG 2.2.1), and offers to
    assert 'http-equiv="refresh"' not in page and "?otomatis=1" in page
    assert 'http-equiv="refresh"' in client.get(response["Location"] + "?otomatis=1").content.decode()
    from loket.hr.services import run_import

    run_import(job_id=job.pk)
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in page and "1 pegawai baru" in page


def test_import_job_page_of_another_admin_is_hidden(client, org, hr_admin, kota_bandung):
    from loket.org.models import Role
    from tests.helpers.org import make_user

    job = ImportJob.objects.create(created_by=hr_admin, file_name="x.csv", content=b"", source="csv")
    other = make_user("bkd_lain", (Role.HR_ADMIN, kota_bandung))
    assert login(client, other).get(f"/kantor/kepegawaian/impor/{job.pk}/").status_code == 404


def test_import_page_refuses_wrong_file_type(client, org, hr_admin):
    response = login(client, hr_admin).post(
        "/kantor/kepegawaian/impor/", {"file": SimpleUploadedFile("pegawai.pdf", b"%PDF")}
    )
    assert response.status_code == 400 and ".csv atau .xlsx" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_kgb_sign_page_only_for_the_official(client, staff):
    from loket.hr.kgb.services import draft_due
    from loket.hr.models import Employee

    Employee.objects.filter(pk=staff["staf"].pk).update(salary_tmt=dt.date(2024, 12, 1), mkg_years=6)
    Employee.objects.exclude(pk=staff["staf"].pk).update(salary_tmt=dt.date(2026, 6, 1), mkg_years=10)
    draft_due(today=dt.date(2026, 11, 23))
    decision = KgbDecision.objects.get()
    assert login(client, staff["kasi"]).post(f"/pegawai/kgb/{decision.pk}/tandatangani/").status_code == 403
    assert client.get(f"/pegawai/kgb/{decision.pk}/").status_code == 404
    login(client, staff["kadis"])
    page = client.get("/pegawai/kgb/").content.decode()
    assert "Siti Aminah" in page and 'name="otp"' in page
    response = client.post(f"/pegawai/kgb/{decision.pk}/tandatangani/", {"otp": "123456"}, follow=True)
    assert "Aktifkan verifikasi dua langkah" in response.content.decode()
    otp(staff["kadis"])
    response = client.post(f"/pegawai/kgb/{decision.pk}/tandatangani/", {"otp": "000000"}, follow=True)
    assert "Kode verifikasi salah" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == KgbDecision.Status.SIGNATURE
    client.post(f"/pegawai/kgb/{decision.pk}/tandatangani/", {"otp": otp(staff["kadis"])})
    decision.refresh_from_db()
    assert decision.status == KgbDecision.Status.SIGNED and decision.document_id
    login(client, staff["staf"])
    page = client.get("/pegawai/dokumen/").content.decode()
    assert decision.number in page and f"/dompet/{decision.document_id}/unduh" in page
    assert client.get(f"/dompet/{decision.document_id}/unduh").status_code == 200
    assert f"/verifikasi/{decision.document_id}" in client.get(f"/pegawai/kgb/{decision.pk}/").content.decode()


def test_hr_records_collective_duty_and_viewer_cannot(client, staff, hr_admin, kota_bandung):
    from loket.org.models import Role
    from tests.helpers.org import make_user

    url = f"/kantor/kepegawaian/pegawai/{staff['staf'].nip}/"
    viewer = make_user("inspektur", (Role.INSPECTOR, kota_bandung))  # hr.view, not hr.manage
    login(client, viewer)
    assert client.get(url).status_code == 200
    assert client.post(url, {"day": "2026-12-24"}).status_code == 403
    login(client, hr_admin)
    client.post(url, {"day": "2026-12-24"})
    assert staff["staf"].collective_duties.get().day == dt.date(2026, 12, 24)


def test_long_leave_form_fields_reach_the_rules(client, staff):
    # PP 11/2017 art. 315: the 5-year rule is waived for the first hajj; Siti joined in 2015 (11 years).
    login(client, staff["staf"])
    response = client.post(
        "/pegawai/cuti/baru/",
        {"leave_type": "besar", "first": "2027-01-04", "last": "2027-05-03", "long_leave_reason": "haji_pertama"},
    )
    assert response.status_code == 400 and "paling lama 3 bulan" in response.content.decode()
    response = client.post(
        "/pegawai/cuti/baru/",
        {"leave_type": "besar", "first": "2027-01-04", "last": "2027-03-31", "long_leave_reason": "haji_pertama"},
    )
    assert response.status_code == 302
    assert LeaveRequest.objects.get().details == {"long_leave_reason": "haji_pertama"}


def test_bkd_opens_the_leave_linked_from_the_employee_record_in_its_scope_only(
    client, staff, hr_admin, hr_admin_bogor, citizen
):
    """The HR profile page lists the employee's leave with links to /pegawai/cuti/<id>/: BKD of the region
    (no employee record of its own) may open them; BKD of another region and other users may not."""
    login(client, staff["staf"]).post("/pegawai/cuti/baru/", {"leave_type": "tahunan", "first": FIRST, "last": LAST})
    leave = LeaveRequest.objects.get()
    login(client, hr_admin)
    profile = client.get(f"/kantor/kepegawaian/pegawai/{staff['staf'].nip}/").content.decode()
    assert f'href="/pegawai/cuti/{leave.pk}/"' in profile
    page = client.get(f"/pegawai/cuti/{leave.pk}/")
    assert page.status_code == 200 and staff["staf"].nip in page.content.decode()
    assert 'name="decision"' not in page.content.decode()  # reading only: BKD does not decide
    assert client.post(f"/pegawai/cuti/{leave.pk}/putuskan/", {"decision": "approved"}).status_code == 403
    assert client.get("/pegawai/").status_code == 403  # no self-service without an employee record
    assert login(client, hr_admin_bogor).get(f"/pegawai/cuti/{leave.pk}/").status_code in (403, 404)
    assert login(client, citizen).get(f"/pegawai/cuti/{leave.pk}/").status_code == 403
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.SUPERIOR
