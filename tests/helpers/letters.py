"""A doctor's practice permit (SIP) service with its own decision template, and a signer the personnel register
knows (name with titles, rank, NIP): what tests/documents/test_letters.py and the browser journey print."""

import datetime as dt
import subprocess

from loket.applications import services as applications
from loket.catalogue import services as catalogue
from loket.documents import services as documents
from loket.hr.models import Employee
from loket.workflow import services as workflow
from tests.helpers.catalogue import COMPLETE_CONTENT, publish_change

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
    "nik": "3273015708900001",  # a woman born 17 August 1990 (day + 40), as the birth date answer says
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


def flat(text: str) -> str:
    """The text on one line, single spaces (pdftotext -layout pads the aligned columns)."""
    return " ".join(text.split())


def employee_for(user, agency, *, nip, name, position, front="", back=""):
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


def publish_sip_service(editor_a, agency_a, category, head_a):
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
    documents.save_template(
        actor=editor_a, standard=draft, title="Surat Izin Praktik Dokter", kind="izin", classification="503",
        body=SIP_TEMPLATE,
    )  # fmt: skip
    publish_change(editor_a, service, approver=head_a)
    service.refresh_from_db()
    return service
