"""Issue 15 end to end in Chromium: a doctor's practice permit (SIP) is signed from the to-sign list with TOTP by
an official the personnel register knows; the citizen downloads it from the wallet, and the downloaded PDF's text
carries labels and option labels, Indonesian dates, the address given in the application, what the permit is for
(the practice address and schedule) and the signer's name and NIP. The editor's preview shows the same layout."""

import pytest

from loket.applications import services as applications
from loket.documents.models import Document
from loket.org.models import Role
from tests.browser.test_document_journey import next_unused_code, sign_in
from tests.helpers.applications import PDF
from tests.helpers.auth import activate_totp
from tests.helpers.browser import assert_accessible
from tests.helpers.documents import complete
from tests.helpers.letters import SIP_ANSWERS, employee_for, flat, pdf_text, publish_sip_service
from tests.helpers.org import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _production_rules(settings, tmp_path, live_server):
    settings.LOKET_REQUIRE_OFFICER_MFA = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_SIGNING_DIR = str(tmp_path / "signing")
    settings.LOKET_SIGNING_BACKEND = "local"
    settings.LOKET_PUBLIC_URL = live_server.url
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_signed_sip_reads_like_official_paper(
    chromium, live_server, editor_a, agency_a, category, head_a, applicant, tmp_path
):
    service = publish_sip_service(editor_a, agency_a, category, head_a)
    signer = make_user("kadis_bambang", (Role.SIGNING_OFFICIAL, agency_a))
    signer.first_name, signer.last_name = "Kepala", "Dinas"
    signer.save()
    secret = activate_totp(signer)
    employee_for(signer, agency_a, nip="197005121996031002", name="Bambang Sutrisno", position="Kepala Dinas A")
    applications.save_profile(
        user=applicant,
        nik="3273015708900001",
        full_name="Imas Masitoh",
        phone="081234567890",
        address="Jl. Profil Lama No. 1",
    )
    upload = applications.store_upload(owner=applicant, data=PDF, name="str.pdf")
    application, _ = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=service,
        answers=SIP_ANSWERS,
        upload_ids={"req_0": str(upload.pk)},
        idempotency_key="sip-browser",
    )
    document = complete(application, head_a).documents.get()

    staff_context = chromium.new_context(base_url=live_server.url, locale="id-ID")
    staff = sign_in(staff_context.new_page(), signer.username, secret, target="/kantor/dokumen/tanda-tangan/")
    staff.get_by_label(f"Pilih {document.number}").check()
    staff.get_by_label("Kode TOTP").fill(next_unused_code(secret, staff.login_code))
    staff.get_by_role("button", name="Tandatangani dokumen yang dipilih").click()
    staff.wait_for_url("**/kantor/dokumen/tanda-tangan/")
    document.refresh_from_db()
    assert document.status == Document.Status.VALID

    context = chromium.new_context(base_url=live_server.url, locale="id-ID", accept_downloads=True)
    citizen = sign_in(context.new_page(), applicant.username)
    with citizen.expect_download() as download_info:
        citizen.get_by_role("link", name=f"Unduh PDF {document.number}").click()
    path = tmp_path / "sip.pdf"
    download_info.value.save_as(path)
    text = flat(pdf_text(path.read_bytes()))
    for expected in (
        "SURAT IZIN PRAKTIK DOKTER",
        "Tanggal lahir : 17 Agustus 1990",
        "Alamat : Jl. Dago No. 7, Kota Bandung 40135",
        "Jenis dokter : Dokter umum",
        "Tempat praktik : Praktik mandiri",
        "Alamat tempat praktik : Jl. Cikutra No. 21, Kota Bandung 40124",
        "Jadwal praktik : - Senin, pukul 08.00 - 11.00 WIB - Kamis, pukul 16.00 - 19.30 WIB",
        "Bambang Sutrisno",
        "NIP. 197005121996031002",
    ):
        assert expected in text, expected
    assert "Profil Lama" not in text and "1990-08-17" not in text and ": umum" not in text

    # The editor previews a change of the template in the back office: the same layout with sample answers.
    editor_context = chromium.new_context(base_url=live_server.url, locale="id-ID")
    target = f"/kantor/templat-dokumen/{service.current_id}/"
    editor = sign_in(editor_context.new_page(), editor_a.username, activate_totp(editor_a), target=target)
    assert "permohonan.kode.<kunci>" in editor.locator("main").inner_text()
    assert_accessible(editor)
    # (the button posts the form to a new tab; the same request, made from the page's session:)
    preview = editor_context.request.post(
        f"/kantor/templat-dokumen/{service.current_id}/pratinjau",
        form={
            "title": editor.get_by_label("Judul dokumen").input_value(),
            "body": editor.get_by_label("Isi").input_value(),
            "classification": "503",
            "csrfmiddlewaretoken": editor.locator("input[name=csrfmiddlewaretoken]").first.input_value(),
        },
        headers={"Referer": live_server.url + f"/kantor/templat-dokumen/{service.current_id}/"},
    )
    assert preview.ok and preview.body().startswith(b"%PDF")
    shown = flat(pdf_text(preview.body()))
    assert "Jenis dokter : Dokter umum" in shown and "PRATINJAU" in shown and "NIP. 197005121996031002" in shown
    for ctx in (staff_context, context, editor_context):
        ctx.close()
