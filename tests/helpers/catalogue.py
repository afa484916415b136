"""Catalogue content: a complete service standard and publishing a service in one call."""

from loket.catalogue import services as catalogue

COMPLETE_CONTENT = {
    "summary": "Izin bagi tenaga kesehatan untuk berpraktik.",
    "requirements": [
        {
            "name": "KTP-el",
            "description": "Pindaian KTP elektronik",
            "mandatory": True,
            "kind": "document",
            "file_types": ["pdf", "jpg"],
        },
        {
            "name": "Nomor STR",
            "description": "Surat Tanda Registrasi yang berlaku",
            "mandatory": True,
            "kind": "datum",
            "file_types": [],
        },
    ],
    "procedure": [
        {"title": "Pemohon mengisi formulir daring", "description": ""},
        {"title": "Verifikasi berkas oleh petugas", "description": ""},
        {"title": "Penerbitan izin bertanda tangan elektronik", "description": ""},
    ],
    "time_limit_days": 5,
    "fee_amount": 0,
    "fee_legal_basis": "",
    "product": "Surat Izin Praktik (SIP)",
    "complaints": "SP4N-LAPOR!, email pengaduan, kotak saran di MPP",
    "legal_basis": ["UU 17/2023 tentang Kesehatan"],
    "facilities": "Ruang tunggu ramah disabilitas, jalur kursi roda",
    "competence": "Memahami regulasi perizinan kesehatan",
    "supervision": "Kepala bidang dan Inspektorat",
    "staffing": "3 orang",
    "guarantee": "Layanan diselesaikan sesuai jangka waktu atau pemohon dapat mengadu",
    "security": "Dokumen bertanda tangan elektronik tersertifikasi",
    "evaluation": "Evaluasi kinerja pelaksana setiap semester",
    "contact": "Jl. Wastukencana No. 2 Bandung",
}


def publish_service(actor, agency, category, code, name_id, content=None, **kwargs):
    service = catalogue.create_service(
        actor=actor,
        agency=agency,
        code=code,
        name_id=name_id,
        name_en=kwargs.pop("name_en", ""),
        category=category,
        **kwargs,
    )
    draft = catalogue.open_draft(actor=actor, service=service)
    catalogue.update_draft(actor=actor, draft=draft, changes=dict(content or COMPLETE_CONTENT))
    catalogue.publish(actor=actor, service=service)
    service.refresh_from_db()
    return service


# The editors' draft service (tests/conftest.py `draft_service`): two document requirements and a datum.
REQUIREMENTS = [
    {
        "name": "KTP-el",
        "description": "Pindaian KTP",
        "mandatory": True,
        "kind": "document",
        "file_types": ["pdf", "jpg"],
    },
    {"name": "NPWP", "description": "", "mandatory": True, "kind": "datum", "file_types": []},
    {"name": "Denah lokasi", "description": "", "mandatory": False, "kind": "document", "file_types": ["png"]},
]


def second_publisher(agency, username: str = "approver"):
    """Another official who may publish for `agency` (the second pair of eyes on a change of terms)."""
    from loket.org.models import Role
    from tests.helpers.org import make_user

    return make_user(f"{username}_{agency.pk}", (Role.AGENCY_HEAD, agency))


def publish_change(requester, service, approver=None):
    """Publish a draft that changes fee, requirements or decision template: one requests, another approves."""
    if not catalogue.term_changes(service):
        return catalogue.publish(actor=requester, service=service)
    catalogue.request_publication(actor=requester, service=service)
    return catalogue.publish(actor=approver or second_publisher(service.agency), service=service)
