"""Citizen pages through Django's test client: profile, apply with uploads, drafts, receipt, status,
withdraw, correction after a return, downloads, the public status lookup and its rate limit (issue 3)."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client
from django.utils import translation

from loket.applications import render as form_render
from loket.applications import services as applications
from loket.applications.models import Application, ApplicationDraft, CitizenProfile, Upload
from loket.catalogue import services as catalogue
from loket.org.models import Agency, Role, Unit
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import ANSWERS, PDF, PNG
from tests.helpers.catalogue import COMPLETE_CONTENT
from tests.helpers.org import make_user
from tests.helpers.workflow import first_requirement

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _clean_state():
    """A request in English leaves the thread's language set (rate-limit counters roll back with the test)."""
    yield
    translation.deactivate()


def apply_url(service):
    return f"/layanan/{service.code}/ajukan/"


def pdf_file(name="ktp.pdf", data=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def form_post(key="kunci-1", action="submit", **overrides):
    data = {"_key": key, "_action": action, **ANSWERS}
    data.update(overrides)
    return data


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def other_client(db):
    other = make_user("warga_lain")
    applications.save_profile(user=other, nik="3273015507850002", full_name="Warga Lain")
    browser = Client()
    browser.force_login(other)
    return browser


# ---------------------------------------------------------------- profile


def test_profile_with_bad_nik_shows_indonesian_message_and_keeps_input(client, citizen):
    client.force_login(citizen)
    response = client.post("/akun/profil/", {"nik": "3273013102900001", "full_name": "Siti Aminah", "phone": ""})
    assert response.status_code == 400
    page = html(response)
    assert "Tanggal lahir pada NIK tidak valid: tanggal 31-02-1990 tidak ada." in page
    assert 'value="Siti Aminah"' in page and 'value="3273013102900001"' in page
    assert 'aria-describedby="id_nik_helptext id_nik_error"' in page and 'href="#id_nik"' in page
    assert not CitizenProfile.objects.filter(user=citizen).exists()


def test_profile_saved_then_nik_shown_masked(client, citizen, kota_bandung):
    client.force_login(citizen)
    response = client.post(
        "/akun/profil/",
        {"nik": "3273014101900001", "full_name": "Siti Aminah", "region": kota_bandung.pk, "phone": "0812 3456 7890"},
    )
    assert response.status_code == 302
    profile = CitizenProfile.objects.get(user=citizen)
    assert profile.nik == "3273014101900001" and profile.phone == "+6281234567890" and profile.region == kota_bandung
    page = html(client.get("/akun/profil/"))
    assert "327301********01" in page and "3273014101900001" not in page
    assert 'value="Siti Aminah"' in page


def test_apply_without_profile_goes_to_profile_first(client, citizen, process_service):
    client.force_login(citizen)
    response = client.get(apply_url(process_service))
    assert response.status_code == 302
    assert response["Location"] == f"/akun/profil/?next=%2Flayanan%2F{process_service.code}%2Fajukan%2F"
    response = client.post(
        response["Location"],
        {"nik": "3273014101900001", "full_name": "Siti Aminah", "next": apply_url(process_service)},
    )
    assert response["Location"] == apply_url(process_service)


def test_pages_need_login(client, submitted):
    for url in ("/akun/profil/", "/permohonan/", f"/permohonan/{submitted.tracking_number}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/akun/login/")


# ---------------------------------------------------------------- apply


def test_apply_page_renders_form_slots_and_key(applicant_client, process_service):
    page = html(applicant_client.get(apply_url(process_service)))
    assert 'enctype="multipart/form-data"' in page
    assert '<label for="f-nama_usaha">Nama usaha (wajib)</label>' in page
    assert 'name="nik_pemilik"' in page and 'type="tel"' in page
    assert re.search(r'name="_key" value="[0-9a-f]{32}"', page)
    # One file input per document requirement, with accepted types and the size limit.
    assert 'name="_req_0"' in page and 'name="_req_1"' in page and 'name="_req_2"' not in page
    assert "KTP-el (wajib)" in page and "Foto lokasi (tidak wajib)" in page
    assert "Jenis berkas: PDF, JPG. Ukuran maksimal 5 MB." in page
    assert "Simpan draf" in page and "Kirim permohonan" in page


def test_apply_happy_path_receipt_shows_tracking_and_pin_once(applicant_client, applicant, process_service):
    response = applicant_client.post(apply_url(process_service), {**form_post(), "_req_0": pdf_file()})
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/permohonan/{application.tracking_number}/tanda-terima/"
    assert application.applicant == applicant and application.data["nama_usaha"] == "Warung Sunda Bu Imas"
    upload = Upload.objects.get()
    assert upload.application == application and upload.requirement == "req_0" and upload.original_name == "ktp.pdf"

    page = html(applicant_client.get(response["Location"]))
    assert application.tracking_number in page
    pin = re.search(r"<dt>PIN</dt><dd><strong>(\d{6})</strong>", page).group(1)
    assert application.pin_hash == applications.pin_hash(application.tracking_number, pin)
    assert "Izin Usaha Mikro" in page and "Verifikasi berkas" in page and "WIB" in page
    assert pin not in html(applicant_client.get(response["Location"]))  # shown on the first view only
    assert not ApplicationDraft.objects.exists()


def test_same_form_posted_twice_creates_one_application(applicant_client, process_service):
    first = applicant_client.post(apply_url(process_service), {**form_post(key="dua-kali"), "_req_0": pdf_file()})
    second = applicant_client.post(apply_url(process_service), {**form_post(key="dua-kali"), "_req_0": pdf_file()})
    assert first["Location"] == second["Location"]
    assert Application.objects.count() == 1
    assert Upload.objects.count() == 1  # the repeated post stored nothing


def test_errors_keep_typed_values_and_uploaded_file(applicant_client, process_service):
    response = applicant_client.post(
        apply_url(process_service),
        {**form_post(nik_pemilik="3273013102900001", hp="0812 3456 7890"), "_req_0": pdf_file()},
    )
    assert response.status_code == 400
    page = html(response)
    assert not Application.objects.exists()
    assert 'value="Warung Sunda Bu Imas"' in page and 'value="3273013102900001"' in page
    assert 'value="0812 3456 7890"' in page
    assert 'role="alert"' in page and 'href="#f-nik_pemilik"' in page
    assert "Tanggal lahir pada NIK tidak valid" in page
    assert 'aria-describedby="f-nik_pemilik-hint f-nik_pemilik-error" aria-invalid="true"' in page
    upload = Upload.objects.get()
    assert "Sudah diunggah: <strong>ktp.pdf</strong>" in page
    assert f'name="_req_0_id" value="{upload.pk}"' in page
    key = re.search(r'name="_key" value="([^"]+)"', page).group(1)

    # Fixed NIK, file kept by id: no second upload needed.
    response = applicant_client.post(apply_url(process_service), {**form_post(key=key), "_req_0_id": str(upload.pk)})
    assert response.status_code == 302
    application = Application.objects.get()
    upload.refresh_from_db()
    assert upload.application == application and Upload.objects.count() == 1


def test_missing_required_answers_and_document_are_listed_in_the_summary(applicant_client, process_service):
    response = applicant_client.post(apply_url(process_service), form_post(nama_usaha="", nik_pemilik=""))
    page = html(response)
    assert response.status_code == 400
    assert 'href="#f-nama_usaha">Nama usaha wajib diisi.</a>' in page
    assert 'href="#f-req_0">KTP-el wajib diunggah.</a>' in page
    assert 'id="f-req_0-error"' in page


def test_draft_save_and_continue(applicant_client, applicant, process_service):
    response = applicant_client.post(
        apply_url(process_service),
        {
            "_key": "draf-1",
            "_action": "draft",
            "nama_usaha": "Warung Bu Imas",
            "nik_pemilik": "32730",
            "_req_0": pdf_file(),
        },
    )
    assert response.status_code == 302 and response["Location"] == apply_url(process_service)
    draft = ApplicationDraft.objects.get(applicant=applicant, service=process_service)
    upload = Upload.objects.get()
    assert draft.data == {"nama_usaha": "Warung Bu Imas", "nik_pemilik": "32730"}
    assert draft.upload_ids == {"req_0": str(upload.pk)}
    assert not Application.objects.exists()

    page = html(applicant_client.get(apply_url(process_service)))
    assert 'value="Warung Bu Imas"' in page and 'value="32730"' in page
    assert "Sudah diunggah: <strong>ktp.pdf</strong>" in page and "Anda melanjutkan draf" in page
    mine = html(applicant_client.get("/permohonan/"))
    assert "Draf yang belum dikirim" in mine and apply_url(process_service) in mine

    key = re.search(r'name="_key" value="([^"]+)"', page).group(1)
    response = applicant_client.post(apply_url(process_service), {**form_post(key=key), "_req_0_id": str(upload.pk)})
    assert response.status_code == 302
    assert Application.objects.get().uploads.get() == upload
    assert not ApplicationDraft.objects.exists()


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("ktp.pdf", EXE, "Jenis berkas tidak dikenali"),
        ("ktp.pdf", PNG, "Isi berkas adalah PNG, sedangkan yang diterima: PDF, JPG."),
        ("ktp.pdf", PDF + b"x" * 2048, "Berkas terlalu besar"),
    ],
)
def test_oversized_and_disguised_uploads_are_refused_and_nothing_stored(
    applicant_client, process_service, settings, name, data, message
):
    settings.LOKET_MAX_UPLOAD_BYTES = 1024 * 1024 if len(data) < 2048 else 1024
    response = applicant_client.post(apply_url(process_service), {**form_post(), "_req_0": pdf_file(name, data)})
    assert response.status_code == 400
    page = html(response)
    assert message in page and 'href="#f-req_0"' in page
    assert 'value="Warung Sunda Bu Imas"' in page  # the answers survive the refusal
    assert not Upload.objects.exists() and not Application.objects.exists()


def test_oversized_upload_refused_with_default_limit(applicant_client, process_service):
    big = PDF + b"0" * (5 * 1024 * 1024)
    response = applicant_client.post(apply_url(process_service), {**form_post(), "_req_0": pdf_file("besar.pdf", big)})
    assert "Berkas terlalu besar: maksimal 5 MB." in html(response)
    assert not Upload.objects.exists() and not Application.objects.exists()


def test_service_without_form_cannot_be_applied_for_online(applicant_client, service_a):
    response = applicant_client.get(apply_url(service_a))
    assert response.status_code == 200
    assert "belum dapat diajukan secara daring" in html(response)
    assert applicant_client.post(apply_url(service_a), form_post()).status_code == 200
    assert not Application.objects.exists()


# ---------------------------------------------------------------- status, owner only


def test_status_page_shows_step_unit_deadline_history_and_documents(applicant_client, submitted, units):
    page = html(applicant_client.get(f"/permohonan/{submitted.tracking_number}/"))
    assert "Sedang diproses" in page and "Verifikasi berkas" in page and units["front"].name in page
    assert "Paling lambat selesai" in page and "WIB" in page
    assert "Permohonan diterima" in page
    upload = submitted.uploads.get()
    assert f"/permohonan/{submitted.tracking_number}/berkas/{upload.pk}/" in page
    assert "Cabut permohonan" in page


def test_deadline_shown_in_region_time_zone(applicant_client, applicant, editor_a, category, banjarmasin, units):
    agency = Agency.objects.create(region=banjarmasin, slug="dpmptsp-banjarmasin", name="DPMPTSP Banjarmasin")
    unit = Unit.objects.create(agency=agency, name="Bidang Pelayanan")
    editor = make_user("editor_bjm", (Role.CATALOGUE_EDITOR, agency))
    service = _service_with_form(editor, agency, category, "izin-bjm", [ANSWER_FIELD], unit)
    application, _ = applications.submit(
        actor=applicant, applicant=applicant, service=service, answers={"nama_usaha": "Toko"}, idempotency_key="bjm"
    )
    page = html(applicant_client.get(f"/permohonan/{application.tracking_number}/"))
    assert "WITA" in page and "23:59 WITA" in page


def test_other_citizen_gets_404_everywhere(other_client, submitted):
    tracking = submitted.tracking_number
    upload = submitted.uploads.get()
    for url in (
        f"/permohonan/{tracking}/",
        f"/permohonan/{tracking}/tanda-terima/",
        f"/permohonan/{tracking}/perbaiki/",
        f"/permohonan/{tracking}/cabut/",
        f"/permohonan/{tracking}/berkas/{upload.pk}/",
    ):
        assert other_client.get(url).status_code == 404, url
    assert other_client.post(f"/permohonan/{tracking}/cabut/", {"reason": "iseng"}).status_code == 404
    assert other_client.post(f"/permohonan/{tracking}/perbaiki/", ANSWERS).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert tracking not in html(other_client.get("/permohonan/"))


def test_owner_downloads_own_file_as_attachment(applicant_client, submitted):
    upload = submitted.uploads.get()
    response = applicant_client.get(f"/permohonan/{submitted.tracking_number}/berkas/{upload.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and "ktp.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    response.close()


def test_withdraw_with_confirmation(applicant_client, submitted):
    url = f"/permohonan/{submitted.tracking_number}/cabut/"
    page = html(applicant_client.get(url))
    assert "Yakin ingin mencabut" in page and 'method="post"' in page
    submitted.refresh_from_db()
    assert submitted.status == "submitted"  # the GET only asks
    response = applicant_client.post(url, {"reason": "Sudah tidak diperlukan"})
    assert response["Location"] == f"/permohonan/{submitted.tracking_number}/"
    submitted.refresh_from_db()
    assert submitted.status == "withdrawn" and submitted.decision_note == "Sudah tidak diperlukan"
    assert not Task.objects.filter(application=submitted, status="open").exists()
    page = html(applicant_client.get(response["Location"]))
    assert "Dicabut pemohon" in page and "Cabut permohonan" not in page
    assert applicant_client.post(url).status_code == 302  # a decided application: nothing more to do


def test_resubmit_after_return(applicant_client, submitted, officers):
    task = Task.objects.get(application=submitted, status="open")
    workflow.act(
        actor=officers["front"],
        task_id=task.pk,
        action="return",
        note="Nama usaha harus sesuai akta.",
        requirements=first_requirement(task),
    )
    status_page = html(applicant_client.get(f"/permohonan/{submitted.tracking_number}/"))
    assert (
        "Nama usaha harus sesuai akta." in status_page
        and "Persyaratan yang belum dipenuhi: KTP-el." in status_page
        and "Perbaiki permohonan" in status_page
    )

    url = f"/permohonan/{submitted.tracking_number}/perbaiki/"
    page = html(applicant_client.get(url))
    assert 'value="Warung Sunda Bu Imas"' in page and "Terlampir: <strong>ktp.pdf</strong>" in page
    assert "KTP-el (tidak wajib)" in page  # already attached

    response = applicant_client.post(url, {**ANSWERS, "nama_usaha": "Warung", "nik_pemilik": "123"})
    assert response.status_code == 400 and 'value="Warung"' in html(response)

    response = applicant_client.post(url, {**ANSWERS, "nama_usaha": "CV Warung Sunda Bu Imas"})
    assert response["Location"] == f"/permohonan/{submitted.tracking_number}/"
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.data["nama_usaha"] == "CV Warung Sunda Bu Imas"
    assert list(submitted.events.values_list("kind", flat=True)) == ["submitted", "returned", "resubmitted"]
    # A second click on the same correction changes nothing.
    again = applicant_client.post(url, {**ANSWERS, "nama_usaha": "Lain lagi"})
    assert again.status_code == 302
    submitted.refresh_from_db()
    assert submitted.data["nama_usaha"] == "CV Warung Sunda Bu Imas"


def test_my_applications_lists_own_applications_with_status(applicant_client, submitted):
    page = html(applicant_client.get("/permohonan/"))
    assert submitted.tracking_number in page and "Sedang diproses" in page and "Izin Usaha Mikro" in page


# ---------------------------------------------------------------- public lookup


@pytest.fixture
def with_pin(process_service, applicant, ktp):
    application, pin = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=process_service,
        answers=ANSWERS,
        upload_ids={"req_0": str(ktp.pk)},
        idempotency_key="pin",
    )
    return application, pin


def test_public_lookup_with_right_pin_shows_status_only(client, with_pin):
    application, pin = with_pin
    response = client.post("/cek-status/", {"tracking": application.tracking_number, "pin": pin})
    assert response.status_code == 200
    page = html(response)
    assert "Izin Usaha Mikro" in page and "Sedang diproses" in page and "Verifikasi berkas" in page
    for personal in ("Imas", "3273014101900001", "327301", "Warung", "+6281234567890"):
        assert personal not in page


def test_public_lookup_wrong_pin_and_unknown_number_look_the_same(client, with_pin):
    application, pin = with_pin
    wrong = "000000" if pin != "000000" else "111111"
    first = html(client.post("/cek-status/", {"tracking": application.tracking_number, "pin": wrong}))
    second = html(client.post("/cek-status/", {"tracking": "3273-99-9999999", "pin": pin}))
    message = "Nomor permohonan atau PIN tidak cocok."
    assert message in first and message in second
    assert "Izin Usaha Mikro" not in first and "Izin Usaha Mikro" not in second


def test_public_lookup_is_rate_limited(client, with_pin):
    application, pin = with_pin
    # Ten different numbers: the address's allowance runs out, no number is locked.
    for index in range(10):
        assert client.post("/cek-status/", {"tracking": f"3273-99-100000{index}", "pin": "999999"}).status_code == 400
    response = client.post("/cek-status/", {"tracking": application.tracking_number, "pin": pin})
    assert response.status_code == 429
    page = html(response)
    assert "Terlalu banyak percobaan" in page and "10 menit" in page
    assert "Izin Usaha Mikro" not in page  # even the right PIN waits


def test_public_lookup_limits_guesses_on_one_number_from_many_addresses(client, with_pin):
    application, pin = with_pin
    for index in range(10):
        client.post(
            "/cek-status/", {"tracking": application.tracking_number, "pin": "999999"}, REMOTE_ADDR=f"10.0.0.{index}"
        )
    response = client.post(
        "/cek-status/", {"tracking": application.tracking_number, "pin": pin}, REMOTE_ADDR="10.0.1.1"
    )
    assert response.status_code == 429 and "Izin Usaha Mikro" not in html(response)
    other = client.post("/cek-status/", {"tracking": "3273-99-0000001", "pin": pin}, REMOTE_ADDR="10.0.1.1")
    assert other.status_code == 400  # other numbers are unaffected


# ---------------------------------------------------------------- rich forms: groups, addresses, choices

ANSWER_FIELD = {"key": "nama_usaha", "type": "text", "label": {"id": "Nama usaha"}, "required": True}

FAMILY_FORM = [
    {
        "key": "jenis",
        "type": "choice",
        "label": {"id": "Jenis permohonan", "en": "Request type"},
        "required": True,
        "options": [{"value": "baru", "label": {"id": "Baru"}}, {"value": "ubah", "label": {"id": "Perubahan"}}],
    },
    {
        "key": "nomor_lama",
        "type": "text",
        "label": {"id": "Nomor dokumen lama"},
        "required": True,
        "show_if": {"field": "jenis", "equals": "ubah"},
    },
    {"key": "jumlah", "type": "number", "label": {"id": "Jumlah anggota"}, "min": 1, "max": 20},
    {"key": "alamat", "type": "address", "label": {"id": "Alamat domisili"}, "required": True},
    {
        "key": "anak",
        "type": "group",
        "label": {"id": "Data anak"},
        "repeat": {"min": 0, "max": 3},
        "fields": [
            {"key": "nama", "type": "text", "label": {"id": "Nama anak"}, "required": True},
            {"key": "nik", "type": "nik", "label": {"id": "NIK anak"}},
        ],
    },
]


def _service_with_form(editor, agency, category, code, fields, unit, requirements=None):
    service = catalogue.create_service(actor=editor, agency=agency, code=code, name_id="Layanan Uji", category=category)
    draft = catalogue.open_draft(actor=editor, service=service)
    catalogue.update_draft(
        actor=editor,
        draft=draft,
        changes={
            **COMPLETE_CONTENT,
            "requirements": requirements
            or [{"name": "NIK", "description": "", "mandatory": True, "kind": "datum", "file_types": []}],
        },
    )
    applications.save_form(actor=editor, standard=draft, fields=fields)
    workflow.save_procedure(
        actor=editor,
        standard=draft,
        steps=[{"name_id": "Verifikasi", "role": "officer", "unit_id": unit.pk, "sla_days": 2}],
    )
    catalogue.publish(actor=editor, service=service)
    service.refresh_from_db()
    return service


@pytest.fixture
def family_service(editor_a, agency_a, category, units, kota_bandung, kab_bogor):
    return _service_with_form(editor_a, agency_a, category, "kartu-keluarga-uji", FAMILY_FORM, units["front"])


def test_rich_form_renders_radios_region_select_and_rows(applicant_client, family_service):
    page = html(applicant_client.get(apply_url(family_service)))
    assert "<legend>Jenis permohonan (wajib)</legend>" in page
    assert 'type="radio" id="f-jenis-0" name="jenis" value="baru"' in page
    assert "Isi hanya bila “Jenis permohonan” dijawab “Perubahan”. Dalam hal itu wajib diisi." in page
    assert '<optgroup label="Jawa Barat"><option value="32.01">Kabupaten Bogor</option>' in page
    assert 'name="alamat-street"' in page
    assert 'name="anak-0-nama"' in page and 'name="anak-1-nama"' not in page  # no rows yet: one empty row


def test_rich_form_errors_rows_and_submission(applicant_client, family_service):
    post = {
        "_key": "k",
        "_action": "submit",
        "jenis": "ubah",
        "jumlah": "dua",
        "alamat-region": "32.73",
        "alamat-street": "",
        "anak-0-nama": "Budi",
        "anak-0-nik": "123",
        "anak-1-nama": "",
        "anak-1-nik": "",
        "anak-5-nama": "Ani",
    }
    response = applicant_client.post(apply_url(family_service), post)
    page = html(response)
    assert response.status_code == 400
    assert 'href="#f-nomor_lama"' in page and "Nomor dokumen lama wajib diisi." in page
    assert 'value="dua"' in page and "Jumlah anggota harus berupa bilangan bulat." in page
    assert 'href="#f-alamat-street"' in page and "Alamat domisili: jalan dan nomor rumah wajib diisi." in page
    assert '<option value="32.73" selected>' in page
    assert '<a href="#f-anak-0-nik">Data anak 1 — NIK anak: NIK harus terdiri dari 16 angka.</a>' in page
    assert '<a href="#f-alamat-street">Alamat domisili: jalan dan nomor rumah wajib diisi.</a>' in page
    # Posted rows 0 and 5 become rows 0 and 1; the empty row is dropped; one new empty row follows.
    assert 'name="anak-0-nama" value="Budi"' in page and 'name="anak-1-nama" value="Ani"' in page
    assert 'name="anak-2-nama" value=""' in page and 'name="anak-3-nama"' not in page
    assert 'id="f-jenis-1" name="jenis" value="ubah" checked' in page

    post.update({"jumlah": "4", "alamat-street": "Jl. Merdeka 1", "anak-0-nik": "", "nomor_lama": "KK-123"})
    response = applicant_client.post(apply_url(family_service), post)
    assert response.status_code == 302
    assert Application.objects.get().data == {
        "jenis": "ubah",
        "nomor_lama": "KK-123",
        "jumlah": 4,
        "alamat": {"region": "32.73", "street": "Jl. Merdeka 1"},
        "anak": [{"nama": "Budi"}, {"nama": "Ani"}],
    }


def test_parse_answers_maps_option_values_and_hidden_conditions():
    fields = [
        {
            "key": "setuju",
            "type": "choice",
            "label": {"id": "Setuju"},
            "options": [{"value": True, "label": {"id": "Ya"}}, {"value": False, "label": {"id": "Tidak"}}],
        },
        {
            "key": "hari",
            "type": "choice",
            "label": {"id": "Hari"},
            "multiple": True,
            "options": [{"value": 1, "label": {"id": "Senin"}}, {"value": 2, "label": {"id": "Selasa"}}],
        },
        {"key": "luas", "type": "number", "integer": False, "label": {"id": "Luas"}},
    ]
    data = QueryDict("setuju=True&hari=1&hari=2&luas=12,5&asing=x")
    answers, pending = form_render.parse_answers(fields, data)
    assert answers == {"setuju": True, "hari": [1, 2], "luas": 12.5} and pending == []
    rendered = form_render.render_form(fields, answers, {"__all__": ["Ada isian yang tidak dikenal."]})
    assert 'value="True" checked' in rendered.html and 'value="2" checked' in rendered.html
    assert [(item.anchor, item.message) for item in rendered.summary] == [("", "Ada isian yang tidak dikenal.")]


def test_file_field_in_the_form_stores_the_upload_and_refuses_a_disguised_one(
    applicant_client, editor_a, agency_a, category, units
):
    fields = [
        ANSWER_FIELD,
        {"key": "denah", "type": "file", "label": {"id": "Denah lokasi"}, "required": True, "file_types": ["pdf"]},
    ]
    service = _service_with_form(editor_a, agency_a, category, "izin-denah", fields, units["front"])
    refused = applicant_client.post(
        apply_url(service),
        {"_key": "d", "_action": "submit", "nama_usaha": "Toko", "denah-berkas": pdf_file("denah.pdf", EXE)},
    )
    page = html(refused)
    assert refused.status_code == 400 and "Jenis berkas tidak dikenali" in page and 'href="#f-denah"' in page
    assert not Upload.objects.exists()
    response = applicant_client.post(
        apply_url(service),
        {"_key": "d", "_action": "submit", "nama_usaha": "Toko", "denah-berkas": pdf_file("denah.pdf")},
    )
    assert response.status_code == 302
    upload = Upload.objects.get()
    assert Application.objects.get().data == {"nama_usaha": "Toko", "denah": str(upload.pk)}


def test_apply_page_in_english(applicant_client, process_service):
    applicant_client.cookies["django_language"] = "en"
    response = applicant_client.post(apply_url(process_service), form_post(nama_usaha=""))
    page = html(response)
    assert '<label for="f-nama_usaha">Business name (required)</label>' in page
    assert "Business name is required." in page and "Send application" in page and "Save draft" in page
