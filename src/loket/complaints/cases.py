"""A complaint's case on the one engine (ADR 0011, ADR 0021): a case of the handling desk's published service, with
a read-only form that shows what was reported — never who reported it."""

from loket.catalogue.models import Channel

KEY_PREFIX = "complaint-"
CHANNEL = Channel.ONLINE

COMPLAINT_STEPS = (
    {
        "name_id": "Verifikasi dan penetapan tingkat penanganan",
        "name_en": "Verification and choice of the handling tier",
        "role": "officer",
        "sla_days": 3,  # PermenPANRB 3/2015: verified within 3 working days
    },
    {
        "name_id": "Tindak lanjut dan jawaban kepada pelapor",
        "name_en": "Follow-up and answer to the reporter",
        "role": "officer",
        "sla_days": 5,  # PermenPANRB 3/2015: the agency's follow-up within 5 working days
    },
)
COMPLAINT_TIME_LIMIT_DAYS = 14

COMPLAINT_FORM = [
    {"key": "jenis", "type": "text", "label": {"id": "Jenis pengaduan", "en": "Kind of complaint"}, "required": True},
    {"key": "judul", "type": "text", "label": {"id": "Judul", "en": "Title"}, "required": True},
    {"key": "isi", "type": "textarea", "label": {"id": "Isi pengaduan", "en": "Complaint"}, "required": True},
    {"key": "lokasi", "type": "text", "label": {"id": "Lokasi", "en": "Location"}},
]


def case_key(complaint) -> str:
    return f"{KEY_PREFIX}{complaint.pk}"


def case_data(complaint) -> dict:
    """What the handlers read on the case: the report, its kind and place; no name, contact or account."""
    return {
        "jenis": complaint.get_kind_display(),
        "judul": complaint.title,
        "isi": complaint.body,
        "lokasi": ", ".join(part for part in (complaint.location, complaint.district) if part),
    }
