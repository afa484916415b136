"""Assisted submission at the counter (/kantor/loket/): find or register the citizen, consent, form, receipt.

The proof of consent itself (codes, scans, reviews, claims) is tested in test_counter_consent.py."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.applications import services as applications
from loket.applications.models import Application, CitizenProfile
from loket.core.errors import LoketError
from loket.core.models import AuditEvent
from loket.notify.models import Notification
from loket.org.models import Role
from loket.workflow.models import Task
from tests.helpers.applications import ANSWERS, PDF, consent_code
from tests.helpers.auth import login
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db
START = "/kantor/loket/"
NEW_NIK = "3273015203850003"  # a woman born 12-03-1985 in Kota Bandung


def form_data(**extra):
    data = {
        "_key": "counter-key-1",
        "nama_usaha": ANSWERS["nama_usaha"],
        "nik_pemilik": ANSWERS["nik_pemilik"],
        "hp": ANSWERS["hp"],
        "_channel": "counter",
        "_action": "submit",
    }
    data.update(extra)
    return data


def test_register_new_citizen_and_submit_on_their_behalf(client, officers, process_service):
    officer = officers["front"]
    login(client, officer)
    assert client.get(START).status_code == 200

    response = client.post(START, {"step": "find", "nik": NEW_NIK})
    assert response.status_code == 200 and "belum terdaftar" in response.content.decode()
    assert f'value="{NEW_NIK}"' in response.content.decode()  # carried into the registration form

    response = client.post(
        START,
        {
            "step": "register",
            "nik": NEW_NIK,
            "full_name": "Siti Aminah",
            "address": "Cibiru",
            "phone": "0812 1111 2222",
            "email": "",
        },
    )
    assert response.status_code == 302 and response.url == "/kantor/loket/layanan/"
    profile = CitizenProfile.objects.get(nik=NEW_NIK)
    citizen = profile.user
    assert not citizen.has_usable_password() and citizen.email == ""
    assert AuditEvent.objects.filter(action="applications.citizen_registered", actor_id=officer.pk).exists()
    claim = Notification.objects.get(template="account_claim", user=citizen)  # the account is theirs to claim
    assert claim.channel == "sms" and claim.recipient == "+6281211112222"

    html = client.get("/kantor/loket/layanan/").content.decode()
    assert "Siti Aminah" in html and "/kantor/loket/layanan/izin-usaha-mikro/" in html
    form = client.get("/kantor/loket/layanan/izin-usaha-mikro/")
    html = form.content.decode()
    assert form.status_code == 200
    for control in (
        "consent-code",
        "consent-to-sms",
        "f-nama_usaha",
        "f-nik_pemilik",
        "f-hp",
        "f-req_0",
    ):
        assert f'id="{control}"' in html and f'for="{control}"' in html
    assert "0812****22" in html and 'value="send_code"' in html

    # Without consent: refused, nothing filed, but the uploaded KTP is kept for the next try.
    response = client.post(
        "/kantor/loket/layanan/izin-usaha-mikro/",
        form_data(_req_0=SimpleUploadedFile("ktp siti.pdf", PDF, "application/pdf")),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Persetujuan warga harus dibuktikan" in html and not Application.objects.exists()
    assert 'href="#consent-code"' in html  # the error summary links to the consent code box
    assert "KTP-el wajib diunggah" not in html  # the file chosen was kept
    missing = client.post("/kantor/loket/layanan/izin-usaha-mikro/", form_data(_key="counter-key-0"))
    assert 'href="#f-req_0"' in missing.content.decode()
    assert "Persetujuan warga harus dibuktikan" in missing.content.decode()
    kept = re.search(r'name="_req_0_id" value="([0-9a-f-]+)"', html).group(1)

    # The officer has Loket send the code (a plain POST of the whole form: everything typed is kept) ...
    sent = client.post(
        "/kantor/loket/layanan/izin-usaha-mikro/",
        form_data(_req_0_id=kept, _action="send_code", _consent_to="sms", nama_usaha="Warung Siti"),
    )
    html = sent.content.decode()
    assert sent.status_code == 200 and "Kode persetujuan dikirim ke 0812****22" in html
    assert 'value="Warung Siti"' in html and f'value="{kept}"' in html and not Application.objects.exists()
    message = Notification.objects.get(template="consent_code", user=citizen)
    assert message.channel == "sms" and message.recipient == "+6281211112222"
    # ... and types the code the citizen reads out from that SMS.
    code = message.context["secret_code"]
    response = client.post("/kantor/loket/layanan/izin-usaha-mikro/", form_data(_req_0_id=kept, _consent_code=code))
    assert response.status_code == 302
    application = Application.objects.get()
    assert response.url == f"/kantor/loket/tanda-terima/{application.tracking_number}/"
    assert application.applicant == citizen and application.assisted_by == officer
    assert application.channel == "counter" and application.consent.sent_to == "0812****22"
    assert application.uploads.get().requirement == "req_0"
    assert Task.objects.filter(application=application, status="open").exists()

    receipt = client.get(response.url)
    html = receipt.content.decode()
    pin = re.search(r'<strong class="big-figure">(\d{6})</strong>', html).group(1)
    assert application.tracking_number in html and "Siti Aminah" in html and "/cek-status/" in html
    assert applications.pin_hash(application.tracking_number, pin) == application.pin_hash

    # A double click re-posts the same key: still one application, and the receipt keeps its PIN.
    again = client.post("/kantor/loket/layanan/izin-usaha-mikro/", form_data(_req_0_id=kept, _consent_code=code))
    assert again.url == response.url and Application.objects.count() == 1
    assert pin in client.get(response.url).content.decode()


def test_the_channel_follows_from_where_the_officer_serves_not_from_a_choice(
    client, officers, process_service, applicant, agency_a
):
    """Finding 5 (issue 13): a counter officer marked his filings "assisted" (counted as zero visit)."""
    from loket.org.models import Unit
    from tests.helpers.org import unit_user

    login(client, officers["front"])
    client.post(START, {"step": "find", "nik": "3273 0141 0190 0001"})
    page = client.get("/kantor/loket/layanan/izin-usaha-mikro/").content.decode()
    assert 'name="_channel"' not in page and "Loket/Mal Pelayanan Publik" in page  # a fact, not a choice
    response = client.post(
        "/kantor/loket/layanan/izin-usaha-mikro/",
        form_data(
            _channel="assisted",  # asked for, ignored: the office officer's filing is a visit
            _consent_code=consent_code(officers["front"], applicant, process_service),
            _req_0=SimpleUploadedFile("ktp.pdf", PDF),
        ),
    )
    assert response.status_code == 302
    at_office = Application.objects.get()
    assert (at_office.channel, at_office.assistance_point) == ("counter", "kantor")
    upload = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf")
    with pytest.raises(LoketError, match="ditentukan oleh tempat Anda bertugas"):
        applications.submit(
            actor=officers["front"], applicant=applicant, service=process_service, answers=ANSWERS,
            upload_ids={"req_0": str(upload.pk)}, idempotency_key="minta-dibantu", channel="assisted",
            consent_code=consent_code(officers["front"], applicant, process_service),
        )  # fmt: skip

    # A facilitator at a village service point files online for the citizen near home: "assisted".
    village = Unit.objects.create(agency=agency_a, name="Titik Layanan Desa Cibiru", service_point="desa")
    facilitator = unit_user("fasilitator_cibiru", agency_a, village)
    upload = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf")
    filed, _ = applications.submit(
        actor=facilitator, applicant=applicant, service=process_service, answers=ANSWERS,
        upload_ids={"req_0": str(upload.pk)}, idempotency_key="di-desa",
        consent_code=consent_code(facilitator, applicant, process_service),
    )  # fmt: skip
    assert (filed.channel, filed.assistance_point) == ("assisted", "desa")

    # So does an officer of the phone line (issue 14, finding 3): the place is recorded with the application.
    line = Unit.objects.create(agency=agency_a, name="Pusat Kontak 112", service_point="telp")
    caller = unit_user("petugas_telepon", agency_a, line)
    upload = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf")
    by_phone, _ = applications.submit(
        actor=caller, applicant=applicant, service=process_service, answers=ANSWERS,
        upload_ids={"req_0": str(upload.pk)}, idempotency_key="lewat-telepon",
        consent_code=consent_code(caller, applicant, process_service),
    )  # fmt: skip
    assert (by_phone.channel, by_phone.assistance_point) == ("assisted", "telp")


def test_form_errors_are_shown_per_field(client, officers, process_service, applicant):
    login(client, officers["front"])
    client.post(START, {"step": "find", "nik": "3273014101900001"})
    response = client.post("/kantor/loket/layanan/izin-usaha-mikro/", form_data(nik_pemilik="1234", _consent_code="1"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#f-nik_pemilik"' in html and 'href="#f-req_0"' in html  # error summary links to the inputs
    assert "KTP-el wajib diunggah" in html
    assert not Application.objects.exists()


def test_disguised_upload_is_refused(client, officers, process_service, applicant):
    login(client, officers["front"])
    client.post(START, {"step": "find", "nik": "3273014101900001"})
    response = client.post(
        "/kantor/loket/layanan/izin-usaha-mikro/",
        form_data(_consent_code="1", _req_0=SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")),
    )
    assert response.status_code == 400 and "Jenis berkas tidak dikenali" in response.content.decode()
    assert not Application.objects.exists()


def test_registration_refuses_a_bad_nik_or_a_taken_one(client, officers, applicant):
    login(client, officers["front"])
    response = client.post(START, {"step": "register", "nik": "3273013102900001", "full_name": "X"})
    assert response.status_code == 400 and "NIK tidak valid" in response.content.decode()
    response = client.post(START, {"step": "register", "nik": "3273014101900001", "full_name": "Y"})
    assert response.status_code == 400 and "sudah terdaftar" in response.content.decode()
    response = client.post(START, {"step": "register", "nik": NEW_NIK, "full_name": "Tanpa Kontak"})
    assert response.status_code == 400 and "Catat nomor HP atau e-mail warga" in response.content.decode()
    assert CitizenProfile.objects.count() == 1
    assert not Application.objects.exists()


def test_form_needs_a_citizen_first(client, officers, process_service):
    login(client, officers["front"])
    response = client.get("/kantor/loket/layanan/izin-usaha-mikro/")
    assert response.status_code == 302 and response.url == START


def test_counter_is_for_officers_who_may_assist(client, applicant, editor_a, officer_b, process_service):
    login(client, applicant)
    assert client.get(START).status_code == 403
    client.logout()
    login(client, editor_a)
    assert client.get(START).status_code == 403
    client.logout()
    login(client, officer_b)  # another agency: the service is not theirs
    client.post(START, {"step": "find", "nik": "3273014101900001"})
    assert client.get("/kantor/loket/layanan/izin-usaha-mikro/").status_code == 404


def test_receipt_is_only_for_the_assisting_officer(client, officers, process_service, applicant, agency_a):
    login(client, officers["front"])
    client.post(START, {"step": "find", "nik": "3273014101900001"})
    code = consent_code(officers["front"], applicant, process_service)
    response = client.post(
        "/kantor/loket/layanan/izin-usaha-mikro/",
        form_data(_consent_code=code, _req_0=SimpleUploadedFile("ktp.pdf", PDF)),
    )
    assert response.status_code == 302
    client.logout()
    login(client, make_user("petugas_lain", (Role.OFFICER, agency_a)))
    assert client.get(response.url).status_code == 404


def test_registering_a_citizen_is_refused_to_staff_who_may_not_assist(editor_a):
    from loket.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        applications.register_citizen(officer=editor_a, nik="3273014101900001", full_name="Imas Masitoh")
    assert not CitizenProfile.objects.exists()
    assert not AuditEvent.objects.filter(action="applications.citizen_registered").exists()


def test_a_service_without_a_counter_channel_is_not_filed_at_the_counter(client, officers, process_service, applicant):
    # Finding 5: "A counter officer ... filed a service that offers no counter channel (channels are never checked)."
    from loket.catalogue.models import Service
    from loket.core.errors import LoketError

    Service.objects.filter(pk=process_service.pk).update(channels=["online"])
    process_service.refresh_from_db()
    login(client, officers["front"])
    client.post(START, {"step": "find", "nik": "3273014101900001"})
    assert "/kantor/loket/layanan/izin-usaha-mikro/" not in client.get("/kantor/loket/layanan/").content.decode()
    assert client.get("/kantor/loket/layanan/izin-usaha-mikro/").status_code == 404
    upload = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf", requirement="req_0")
    with pytest.raises(LoketError, match="tidak menerima pengajuan melalui saluran"):
        applications.submit(
            actor=officers["front"],
            applicant=applicant,
            service=process_service,
            answers=ANSWERS,
            upload_ids={"req_0": str(upload.pk)},
            idempotency_key="loket-tanpa-saluran",
            channel="counter",
        )
    assert not Application.objects.exists()
    # Offered at the counter only: the counter screen offers that channel alone, and online filing is refused.
    Service.objects.filter(pk=process_service.pk).update(channels=["counter"])
    process_service.refresh_from_db()
    page = client.get("/kantor/loket/layanan/izin-usaha-mikro/").content.decode()
    assert "Loket/Mal Pelayanan Publik" in page
    with pytest.raises(LoketError, match="tidak menerima pengajuan melalui saluran"):
        applications.submit(
            actor=applicant,
            applicant=applicant,
            service=process_service,
            answers=ANSWERS,
            upload_ids={"req_0": str(upload.pk)},
            idempotency_key="daring-tanpa-saluran",
        )


def test_an_officer_cannot_register_citizens_on_his_own_or_one_shared_phone(officers, settings):
    """Review of issue 13: an officer registered three "citizens" on his own number and proved their consent himself."""
    officer = officers["front"]
    applications.save_profile(user=officer, nik="3273011203850004", full_name="Petugas", phone="081311112222")
    with pytest.raises(LoketError, match="akun petugas"):
        applications.register_citizen(
            officer=officer, nik="3273015203850009", full_name="Warga Satu", phone="0813 1111 2222"
        )
    assert not CitizenProfile.objects.filter(nik="3273015203850009").exists()  # nothing kept
    settings.LOKET_PHONE_SHARED_MAX = 2  # a household may share a phone, up to a limit
    for number, nik in enumerate(("3273015203850011", "3273015203850012")):
        applications.register_citizen(officer=officer, nik=nik, full_name=f"Anggota {number}", phone="081277778888")
    with pytest.raises(LoketError, match="sudah dipakai 2 akun"):
        applications.register_citizen(officer=officer, nik="3273015203850013", full_name="Ketiga", phone="081277778888")
