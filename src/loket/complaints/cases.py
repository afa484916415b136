"""A complaint's case on the one engine (ADR 0011, ADR 0021): a case of the handling desk's published service, with
a read-only form that shows what was reported — never who reported it.

Its SOP has two addressed steps (complaints registers the rules): the desk's officers handle a first complaint
(`complaint_handling`: they set its tier, which sets the deadline, and answer it), and a supervisor reviews a
reopened one (`complaint_review`). A reopened complaint is a new case of the same desk that skips the first step;
a first complaint skips the second."""

from loket.catalogue.models import Channel

KEY_PREFIX = "complaint-"
REOPEN_SUFFIX = "-reopen"
CHANNEL = Channel.ONLINE

COMPLAINT_STEPS = (
    {
        "name_id": "Verifikasi, tindak lanjut dan jawaban kepada pelapor",
        "name_en": "Verification, follow-up and answer to the reporter",
        "addressee": "complaint_handling",
        "role": "officer",
        "sla_days": 5,  # PermenPANRB 3/2015: the agency's follow-up within 5 working days; the tier sets the rest
    },
    {
        "name_id": "Tinjauan penyelia atas pengaduan yang dibuka kembali",
        "name_en": "Supervisor's review of a reopened complaint",
        "addressee": "complaint_review",
        "role": "supervisor",
        "sla_days": 5,
    },
)
COMPLAINT_TIME_LIMIT_DAYS = 60  # the longest tier (rules.DEFAULT_TIERS): the standard's promise; a tier narrows it

COMPLAINT_FORM = [
    {"key": "jenis", "type": "text", "label": {"id": "Jenis pengaduan", "en": "Kind of complaint"}, "required": True},
    {"key": "judul", "type": "text", "label": {"id": "Judul", "en": "Title"}, "required": True},
    {"key": "isi", "type": "textarea", "label": {"id": "Isi pengaduan", "en": "Complaint"}, "required": True},
    {"key": "lokasi", "type": "text", "label": {"id": "Lokasi", "en": "Location"}},
    {"key": "alasan", "type": "textarea", "label": {"id": "Alasan dibuka kembali", "en": "Why it was reopened"}},
]


def case_key(complaint, *, reopened: bool = False) -> str:
    return f"{KEY_PREFIX}{complaint.pk}{REOPEN_SUFFIX if reopened else ''}"


def is_complaint_case(application) -> bool:
    """A case complaints opened: its key names it and its service is a desk's, which takes no ordinary application
    (a client-chosen key on another service means nothing here)."""
    return (application.idempotency_key or "").startswith(KEY_PREFIX) and application.service.kind_only


def is_reopened_case(application) -> bool:
    return is_complaint_case(application) and application.idempotency_key.endswith(REOPEN_SUFFIX)


def complaint_id_of(application) -> int | None:
    if not is_complaint_case(application):
        return None
    raw = application.idempotency_key[len(KEY_PREFIX) :].removesuffix(REOPEN_SUFFIX)
    return int(raw) if raw.isdigit() else None


def case_data(complaint, *, reason: str = "") -> dict:
    """What the handlers read on the case: the report, its kind and place; no name, contact or account."""
    data = {
        "jenis": complaint.get_kind_display(),
        "judul": complaint.title,
        "isi": complaint.body,
        "lokasi": ", ".join(part for part in (complaint.location, complaint.district) if part),
    }
    if reason:
        data["alasan"] = reason
    return data


def handling_addressee(application, step):
    """A first complaint goes to the desk's officers (unit and role); a reopened one skips this step."""
    from loket.workflow import addressees

    return addressees.SKIP if is_reopened_case(application) else addressees.UNIT


def review_addressee(application, step):
    """A reopened complaint goes to a supervisor of the desk's agency — never the officer who answered it (the
    engine's separation of duties sees a new case, so the rule is here); a first complaint skips this step."""
    from loket.complaints.models import Complaint
    from loket.org import permissions
    from loket.workflow import addressees

    if not is_reopened_case(application):
        return addressees.SKIP
    complaint = Complaint.objects.filter(pk=complaint_id_of(application)).only("answered_by_id").first()
    answered_by = complaint.answered_by_id if complaint else None
    # A supervisor other than who answered, else the agency head; nobody → the step's unit and role, where the engine
    # still refuses the answerer nothing, so the desk is told by the fallback note.
    for role in ("supervisor", "agency_head"):
        people = sorted(permissions.people_with_roles(application.agency_id, None, [role]), key=lambda u: u.pk)
        for person in people:
            if person.pk != answered_by and person.is_active:
                return person
    return None


def decision_page(application) -> str | None:
    from django.db.models import Q

    from loket.complaints.models import Complaint

    if not is_complaint_case(application):
        return None
    complaint = (
        Complaint.objects.filter(Q(case_id=application.pk) | Q(reopen_case_id=application.pk)).only("pk").first()
    )
    return f"/kantor/pengaduan/{complaint.pk}/" if complaint else None
