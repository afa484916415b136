"""Decision letters read like official paper (issue 15): labels and option labels instead of keys, Indonesian
dates, numbers and money, the address given in the application, the permit's subject (where and when), and the
signer's name, rank and NIP; the signing certificate names the person, not the role."""

import datetime as dt
import subprocess

import pytest
from cryptography.x509.oid import NameOID

from loket.applications import services as applications
from loket.catalogue import services as catalogue
from loket.documents import fields, pki, render, services
from loket.hr.models import Employee
from loket.org.models import Role
from loket.workflow import services as workflow
from tests.helpers.applications import PDF
from tests.helpers.auth import activate_totp
from tests.helpers.catalogue import COMPLETE_CONTENT, publish_change
from tests.helpers.documents import complete, sign_now
from tests.helpers.org import make_user

DAYS = [
    {"value": "senin", "label": {"id": "Senin", "en": "Monday"}},
    {"value": "kamis", "label": {"id": "Kamis", "en": "Thursday"}},
]
SIP_FORM = [
    {"key": "nik", "type": "nik", "label": {"id": "NIK pemohon"}, "required": True},
    {"key": "nama_lengkap", "type": "text", "label": {"id": "Nama lengkap"}, "required": True},
    {"key": "alamat", "type": "address", "label": {"id": "Alamat domisili"}, "required": True},
    {"key": "tanggal_lahir", "type": "date", "label": {"id": "Tanggal lahir"}, "required": True},
    {
        "key": "jenis_dokter",
        "type": "choice",
        "label": {"id": "Jenis dokter"},
        "required": True,
        "options": [
            {"value": "umum", "label": {"id": "Dokter umum"}},
            {"value": "gigi", "label": {"id": "Dokter gigi"}},
        ],
    },
    {
        "key": "jenis_tempat",
        "type": "choice",
        "label": {"id": "Tempat praktik"},
        "required": True,
        "options": [
            {"value": "fasyankes", "label": {"id": "Fasilitas pelayanan kesehatan"}},
            {"value": "mandiri", "label": {"id": "Praktik mandiri"}},
        ],
    },
    {"key": "alamat_praktik", "type": "address", "label": {"id": "Alamat tempat praktik"}, "required": True},
    {
        "key": "jadwal",
        "type": "group",
        "label": {"id": "Jadwal praktik"},
        "repeat": {"min": 1, "max": 7},
        "fields": [
            {"key": "hari", "type": "choice", "label": {"id": "Hari"}, "options": DAYS, "required": True},
            {"key": "jam_mulai", "type": "text", "label": {"id": "Jam mulai (JJ:MM)"}, "max_length": 5},
            {"key": "jam_selesai", "type": "text", "label": {"id": "Jam selesai (JJ:MM)"}, "max_length": 5},
        ],
    },
]
SIP_ANSWERS = {
    "nik": "3273014101900001",
    "nama_lengkap": "dr. Imas Masitoh",
    "alamat": {"region": "32.73", "street": "Jl. Dago No. 7", "postal_code": "40135"},
    "tanggal_lahir": "1990-08-17",
    "jenis_dokter": "umum",
    "jenis_tempat": "mandiri",
    "alamat_praktik": {"region": "32.73", "street": "Jl. Cikutra No. 21", "postal_code": "40124"},
    "jadwal": [
        {"hari": "senin", "jam_mulai": "08:00", "jam_selesai": "11:00"},
        {"hari": "kamis", "jam_mulai": "16:00", "jam_selesai": "19:30"},
    ],
}
SIP_TEMPLATE = """Kepala {{ instansi.nama }} memberikan Surat Izin Praktik kepada:

Nama: {{ permohonan.data.nama_lengkap }}
Tanggal lahir: {{ permohonan.data.tanggal_lahir }}
Alamat: {{ pemohon.alamat }}
Jenis dokter: {{ permohonan.data.jenis_dokter }}

untuk menjalankan praktik kedokteran di:

Tempat praktik: {{ permohonan.data.jenis_tempat }}
Alamat tempat praktik: {{ permohonan.data.alamat_praktik }}
Jadwal praktik:{% for baris in permohonan.data.jadwal %}
- {{ baris.hari }}, pukul {{ baris.jam_mulai }} - {{ baris.jam_selesai }} {{ wilayah.zona }}{% endfor %}"""


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.parametrize(
    ("field", "value", "printed"),
    [
        (SIP_FORM[4], "umum", "Dokter umum"),
        (SIP_FORM[3], "1990-08-17", "17 Agustus 1990"),
        ({"key": "n", "type": "number"}, 4.0, "4"),
        ({"key": "n", "type": "number"}, 1.5, "1,5"),
        ({"key": "n", "type": "number"}, 2385000, "2.385.000"),
        ({"key": "biaya", "type": "number", "format": "rupiah"}, 2385000, "Rp2.385.000"),
        ({"key": "biaya", "type": "money"}, 150000, "Rp150.000"),
        ({"key": "jam", "type": "text"}, "08:00", "08.00"),
        ({"key": "ok", "type": ""}, True, "Ya"),
        ({"key": "a", "type": "address"}, {"region": "32.73.01", "street": "Jl. A 1"}, "Jl. A 1, Kota Bandung"),
        ({"key": "a", "type": "address"}, {"region": "99", "street": "Jl. B", "postal_code": "40111"}, "Jl. B, 40111"),
    ],
)
def test_an_answer_prints_as_paper_writes_it(field, value, printed):
    assert fields.display(field, value, {"32.73": "Kota Bandung"}) == printed


def test_a_group_prints_labelled_rows_without_the_input_hints():
    rows = fields.display(SIP_FORM[7], SIP_ANSWERS["jadwal"], {})
    assert rows[1] == {"hari": "Kamis", "jam_mulai": "16.00", "jam_selesai": "19.30"}
    assert fields.group_lines(SIP_FORM[7], rows)[0] == "1. Hari: Senin; Jam mulai: 08.00; Jam selesai: 11.00"


def _employee(user, agency, *, nip, name, position, front="", back=""):
    return Employee.objects.create(
        nip=nip,
        user=user,
        name=name,
        front_title=front,
        back_title=back,
        birth_date=dt.date(1970, 5, 12),
        sex="M",
        status="PNS",
        service_start=dt.date(1996, 3, 1),
        agency=agency,
        region=agency.region,
        grade="IVc",
        position_type="JPT",
        position_name=position,
        leave_records_from=2026,
    )


@pytest.fixture
def sip_service(editor_a, agency_a, category, head_a):
    service = catalogue.create_service(
        actor=editor_a, agency=agency_a, code="sip-dokter-uji", name_id="Surat Izin Praktik Dokter", category=category
    )
    draft = catalogue.open_draft(actor=editor_a, service=service)
    catalogue.update_draft(
        actor=editor_a,
        draft=draft,
        changes={
            **COMPLETE_CONTENT,
            "product": "Surat Izin Praktik Dokter",
            "requirements": [
                {"name": "STR", "description": "", "mandatory": True, "kind": "document", "file_types": ["pdf"]}
            ],
        },
    )
    applications.save_form(actor=editor_a, standard=draft, fields=SIP_FORM)
    workflow.save_procedure(
        actor=editor_a, standard=draft, steps=[{"name_id": "Penetapan", "role": "agency_head", "sla_days": 1}]
    )
    services.save_template(
        actor=editor_a, standard=draft, title="Surat Izin Praktik Dokter", kind="izin", classification="503",
        body=SIP_TEMPLATE,
    )  # fmt: skip
    publish_change(editor_a, service, approver=head_a)
    service.refresh_from_db()
    return service


@pytest.fixture
def named_signer(agency_a):
    user = make_user("kadis_bambang_letters", (Role.SIGNING_OFFICIAL, agency_a))
    user.first_name, user.last_name = "Kepala", "Dinas"  # the account's name is a role: the register names him
    user.save()
    user.totp_secret = activate_totp(user)
    _employee(
        user, agency_a, nip="197005121996031002", name="Bambang Sutrisno", position="Kepala Dinas A",
        back="S.IP., M.Si.",
    )  # fmt: skip
    return user


def test_a_signed_sip_prints_labels_dates_the_applications_address_the_subject_and_the_signer(
    sip_service, applicant, head_a, named_signer
):
    # The profile says one address; the application gives another: the letter follows the application.
    applications.save_profile(
        user=applicant, nik="3273014101900001", full_name="Imas Masitoh", phone="081234567890",
        address="Jl. Profil Lama No. 1",
    )  # fmt: skip
    upload = applications.store_upload(owner=applicant, data=PDF, name="str.pdf")
    application, _ = applications.submit(
        actor=applicant, applicant=applicant, service=sip_service, answers=SIP_ANSWERS,
        upload_ids={"req_0": str(upload.pk)}, idempotency_key="sip-1",
    )  # fmt: skip
    document = complete(application, head_a).documents.get()
    signed = sign_now(document, named_signer)
    text = pdf_text(signed.file.read())
    flat = " ".join(text.split())
    for expected in (
        "SURAT IZIN PRAKTIK DOKTER",
        "Nama : dr. Imas Masitoh",
        "Tanggal lahir : 17 Agustus 1990",
        "Alamat : Jl. Dago No. 7, Kota Bandung 40135",
        "Jenis dokter : Dokter umum",
        "Tempat praktik : Praktik mandiri",
        "Alamat tempat praktik : Jl. Cikutra No. 21, Kota Bandung 40124",
        "Jadwal praktik : - Senin, pukul 08.00 - 11.00 WIB - Kamis, pukul 16.00 - 19.30 WIB",
        "Bambang Sutrisno, S.IP., M.Si.",
        "Pembina Utama Muda, IV/c",
        "NIP. 197005121996031002",
    ):
        assert expected in flat, expected
    assert "untuk menjalankan praktik kedokteran di:" in flat  # prose stays prose
    for wrong in (": umum", ": mandiri", "1990-08-17", "Profil Lama", "08:00", "Kepala Dinas ", "region"):
        assert wrong not in flat, wrong
    # The name, rank and NIP sit in the signature block, under the signing place and date.
    assert (
        text.index("NIP. 197005121996031002")
        > text.index("Bambang Sutrisno, S.IP., M.Si.")
        > text.index(document.context["place_date"])
    )


def test_the_signing_certificate_names_the_person_and_keeps_the_position_apart(named_signer, official):
    subject = pki.official_key(named_signer).cert.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Bambang Sutrisno, S.IP., M.Si."
    assert subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Kepala Dinas A"
    assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == "NIP-197005121996031002"
    # Without an employee record the account's own name is the person's (and no title is invented).
    plain = pki.official_key(official).cert.subject
    assert plain.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Asep Sunandar"
    assert not plain.get_attributes_for_oid(NameOID.TITLE)


def test_the_preview_uses_the_services_own_form_and_its_signer(sip_service, named_signer):
    sample = render.sample_for(sip_service.current)
    assert sample["permohonan"]["data"]["jenis_dokter"] == "Dokter umum"
    assert sample["permohonan"]["data"]["tanggal_lahir"] == "17 Agustus 1990"
    assert sample["permohonan"]["data"]["jadwal"][1] == {"hari": "Kamis", "jam_mulai": "11.00", "jam_selesai": "14.00"}
    data = services.preview(standard=sip_service.current, title="Surat Izin Praktik Dokter", body=SIP_TEMPLATE)
    flat = " ".join(pdf_text(data).split())
    assert "Jenis dokter : Dokter umum" in flat and "Jadwal praktik : - Senin, pukul 08.00 - 11.00 WIB" in flat
    assert "PRATINJAU" in flat and "NIP. 197005121996031002" in flat


def test_the_default_letter_lists_labelled_answers(simple_service, applicant, head_a):
    from tests.helpers.documents import file

    document = complete(file(simple_service, applicant), head_a).documents.get()
    assert "Nama usaha: Warung Sunda Bu Imas" in document.body
    assert "nama_usaha" not in document.body and "081234567890" not in document.body
