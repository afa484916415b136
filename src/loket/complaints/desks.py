"""Opening an agency's complaint desk: its complaint-handling service published with a full service standard
(UU 25/2009 art. 21: complaint handling is a service with a standard like any other), the complaint SOP
(complaints.cases) and its read-only form, then the desk that routes complaints to it."""

from django.db import transaction

from loket.applications import services as applications
from loket.catalogue import services as catalogue
from loket.catalogue.models import Service
from loket.complaints.cases import COMPLAINT_FORM, COMPLAINT_STEPS, COMPLAINT_TIME_LIMIT_DAYS
from loket.complaints.models import ComplaintDesk
from loket.workflow import services as workflow

STANDARD = {
    "summary": "Penerimaan dan penanganan pengaduan, saran, serta laporan pungutan liar atas pelayanan publik.",
    "requirements": [
        {
            "name": "Uraian pengaduan",
            "description": "Apa, kapan dan di mana; identitas boleh dirahasiakan atau tanpa nama",
            "mandatory": True,
            "kind": "datum",
            "file_types": [],
        }
    ],
    "procedure": [
        {"title": "Pelapor menyampaikan pengaduan daring, lewat aplikasi (Open311) atau di loket", "description": ""},
        {"title": "Verifikasi dan penetapan tingkat penanganan", "description": ""},
        {"title": "Tindak lanjut dan jawaban kepada pelapor", "description": ""},
        {"title": "Pelapor menilai jawaban; dapat membuka kembali satu kali", "description": ""},
    ],
    "time_limit_days": COMPLAINT_TIME_LIMIT_DAYS,
    "fee_amount": 0,
    "fee_legal_basis": "",
    "product": "Jawaban tertulis atas pengaduan",
    "complaints": "Pengaduan atas penanganan pengaduan: Inspektorat Daerah dan Ombudsman RI",
    "legal_basis": [
        "UU 25/2009 tentang Pelayanan Publik, pasal 36-37",
        "Perpres 76/2013 tentang Pengelolaan Pengaduan Pelayanan Publik",
        "PermenPANRB 3/2015 tentang Roadmap SP4N",
    ],
    "facilities": "Formulir daring tanpa akun, Open311, loket pengaduan ramah disabilitas",
    "competence": "Memahami standar pelayanan dan tata cara penanganan pengaduan",
    "supervision": "Penyelia unit pengaduan dan Inspektorat Daerah",
    "staffing": "Petugas pengelola pengaduan",
    "guarantee": "Identitas pelapor dirahasiakan; laporan pungli tidak pernah diteruskan ke unit yang dilaporkan",
    "security": "Kode dan kata sandi pengaduan; metadata lampiran dihapus; setiap pembukaan identitas tercatat",
    "evaluation": "Tingkat kepuasan pelapor dan ketepatan waktu dievaluasi setiap triwulan",
    "contact": "",
}


def open_desk(*, actor, agency, category, code: str, inspectorate: bool = False) -> ComplaintDesk:
    """Publish the complaint service of `agency` (as `actor`, who may edit and publish its catalogue) and open its
    desk. Idempotent by agency."""
    existing = ComplaintDesk.objects.filter(agency=agency).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        service = catalogue.create_service(
            actor=actor,
            agency=agency,
            code=code,
            name_id="Pengelolaan Pengaduan" + (" dan Laporan Pungutan Liar" if inspectorate else ""),
            category=category,
            audience="citizen",
            channels=["online"],
        )
        draft = catalogue.open_draft(actor=actor, service=service)
        content = {**STANDARD, "contact": agency.address or agency.name}
        catalogue.update_draft(actor=actor, draft=draft, changes=content)
        workflow.save_procedure(actor=actor, standard=draft, steps=[dict(step) for step in COMPLAINT_STEPS])
        applications.save_form(actor=actor, standard=draft, fields=COMPLAINT_FORM)
        catalogue.publish(actor=actor, service=service)
        Service.objects.filter(pk=service.pk).update(kind_only=True)  # complaints come only through complaints
        service.refresh_from_db()
        return ComplaintDesk.objects.create(
            agency=agency, region=agency.region, service=service, inspectorate=inspectorate
        )
