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


# ---------------------------------------------------------------- the back office's edit page

SCALARS = (
    "summary",
    "fee_legal_basis",
    "product",
    "complaints",
    "facilities",
    "competence",
    "supervision",
    "staffing",
    "guarantee",
    "security",
    "evaluation",
    "contact",
)


def form_data(content=None, *, blank_rows=3, **overrides) -> dict:
    """What a browser posts from the edit page for `content`, plus `blank_rows` untouched empty rows."""
    content = {**COMPLETE_CONTENT, **(content or {}), **overrides}
    data = {key: content.get(key, "") for key in SCALARS}
    data["time_limit_days"] = "" if content.get("time_limit_days") is None else str(content["time_limit_days"])
    fee = content.get("fee_amount")
    data["fee_amount"] = fee if isinstance(fee, str) else ("" if fee is None else str(fee))
    data["legal_basis"] = "\n".join(content.get("legal_basis") or [])
    data["handling_unit"] = content.get("handling_unit", "")
    requirements = list(content.get("requirements") or [])
    for i, item in enumerate(requirements):
        data[f"req-{i}-name"] = item["name"]
        data[f"req-{i}-description"] = item.get("description", "")
        if item.get("mandatory"):
            data[f"req-{i}-mandatory"] = "on"
        data[f"req-{i}-kind"] = item["kind"]
        data[f"req-{i}-file_types"] = list(item.get("file_types") or [])
    for i in range(len(requirements), len(requirements) + blank_rows):
        # An untouched empty row as rendered: kind and file type keep their defaults, mandatory ticked.
        data.update(
            {
                f"req-{i}-name": "",
                f"req-{i}-description": "",
                f"req-{i}-mandatory": "on",
                f"req-{i}-kind": "document",
                f"req-{i}-file_types": ["pdf"],
            }
        )
    data["req-TOTAL"] = str(len(requirements) + blank_rows)
    steps = list(content.get("procedure") or [])
    for i, step in enumerate(steps):
        data[f"step-{i}-title"] = step["title"]
        data[f"step-{i}-description"] = step.get("description", "")
    for i in range(len(steps), len(steps) + blank_rows):
        data.update({f"step-{i}-title": "", f"step-{i}-description": ""})
    data["step-TOTAL"] = str(len(steps) + blank_rows)
    return data
