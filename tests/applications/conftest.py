"""A published service with a form, two document requirements and a 3-step SOP (step 2 parallel)."""

import pytest

from loket.applications import services as applications
from loket.catalogue import services as catalogue
from loket.org.models import Role, Unit
from loket.workflow import services as workflow
from tests.conftest import COMPLETE_CONTENT, make_user

FORM = [
    {"key": "nama_usaha", "type": "text", "label": {"id": "Nama usaha", "en": "Business name"}, "required": True},
    {"key": "nik_pemilik", "type": "nik", "label": {"id": "NIK pemilik"}, "required": True},
    {"key": "hp", "type": "phone", "label": {"id": "Nomor HP"}},
]
ANSWERS = {"nama_usaha": "Warung Sunda Bu Imas", "nik_pemilik": "3273014101900001", "hp": "081234567890"}

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def units(agency_a):
    return {
        "front": Unit.objects.get(agency=agency_a, name="Bidang Perizinan"),
        "tech": Unit.objects.create(agency=agency_a, name="Tim Teknis"),
        "legal": Unit.objects.create(agency=agency_a, name="Subbagian Hukum"),
    }


@pytest.fixture
def officers(agency_a, units):
    return {
        "front": make_user("petugas_front", (Role.OFFICER, agency_a)),
        "tech": make_user("petugas_tech", (Role.OFFICER, agency_a)),
        "head": make_user("kepala_a", (Role.AGENCY_HEAD, agency_a)),
    }


@pytest.fixture
def process_service(editor_a, agency_a, category, units):
    service = catalogue.create_service(
        actor=editor_a, agency=agency_a, code="izin-usaha-mikro", name_id="Izin Usaha Mikro", category=category
    )
    draft = catalogue.open_draft(actor=editor_a, service=service)
    catalogue.update_draft(
        actor=editor_a,
        draft=draft,
        changes={
            **COMPLETE_CONTENT,
            "time_limit_days": 6,
            "requirements": [
                {
                    "name": "KTP-el",
                    "description": "",
                    "mandatory": True,
                    "kind": "document",
                    "file_types": ["pdf", "jpg"],
                },
                {
                    "name": "Foto lokasi",
                    "description": "",
                    "mandatory": False,
                    "kind": "document",
                    "file_types": ["png", "jpg"],
                },
                {"name": "NIK", "description": "", "mandatory": True, "kind": "datum", "file_types": []},
            ],
        },
    )
    applications.save_form(actor=editor_a, standard=draft, fields=FORM)
    workflow.save_procedure(
        actor=editor_a,
        standard=draft,
        steps=[
            {"name_id": "Verifikasi berkas", "role": "officer", "unit_id": units["front"].pk, "sla_days": 2},
            {
                "name_id": "Kajian teknis dan hukum",
                "role": "officer",
                "parallel_unit_ids": [units["tech"].pk, units["legal"].pk],
                "sla_days": 2,
            },
            {"name_id": "Penetapan oleh kepala dinas", "role": "agency_head", "sla_days": 1},
        ],
    )
    catalogue.publish(actor=editor_a, service=service)
    service.refresh_from_db()
    return service


@pytest.fixture
def applicant(db):
    user = make_user("warga_imas")
    applications.save_profile(user=user, nik="3273014101900001", full_name="Imas Masitoh", phone="081234567890")
    return user


@pytest.fixture
def ktp(applicant):
    return applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf", requirement="req_0")


@pytest.fixture
def submitted(process_service, applicant, ktp):
    application, pin = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=process_service,
        answers=ANSWERS,
        upload_ids={"req_0": str(ktp.pk)},
        idempotency_key="k-1",
    )
    return application
