"""e-Mutasi on the one engine (ADR 0011, ADR 0019): a transfer is a case of the receiving region's transfer service
(`CaseService` kind "transfer") with the employee as applicant, opened by the employee's request or by BKD.

Its SOP has four person-addressed steps (hr registers the addressees): the sending agency's official approves
(`sending_official`), the receiving agency's official approves (`receiving_official`) — both skipped for a move within
one agency, whose official decides once, by setting the decree —, the receiving agency's HR office verifies
(`receiving_hr_office`; for a transfer between regions the case then waits for BKN's technical approval: status
`waiting`, the clock stopped, resumed with its number and date), and the official who sets the decree signs it
(`transfer_signer`, PAdES + TOTP through hr.decrees). That step allows the receiving official who agreed to take the
employee to set the decree too (`same_approver_step` names step 2, so nobody who approved another step may sign):
BKN regulation 5/2019 gives both to the receiving PPK.
"""

from loket.catalogue.models import Channel

TRANSFER_STEPS = (
    {
        "name_id": "Persetujuan pejabat instansi asal",
        "name_en": "Approval of the sending agency's official",
        "addressee": "sending_official",
        "role": "agency_head",
        "sla_days": 3,
    },
    {
        "name_id": "Persetujuan pejabat instansi penerima",
        "name_en": "Approval of the receiving agency's official",
        "addressee": "receiving_official",
        "role": "agency_head",
        "sla_days": 3,
    },
    {
        "name_id": "Verifikasi BKD dan pertimbangan teknis BKN",
        "name_en": "Verification by the HR office (BKD) and BKN technical approval",
        "addressee": "receiving_hr_office",
        "role": "officer",
        "sla_days": 5,
    },
    {
        "name_id": "Penetapan keputusan mutasi",
        "name_en": "Transfer decree signed by the authorized official",
        "addressee": "transfer_signer",
        "role": "agency_head",
        "sla_days": 3,
        "same_approver_step": 2,  # the receiving official's approval, and nobody else's
    },
)
TRANSFER_TIME_LIMIT_DAYS = 14
SIGNER_STEP = 4


def signer_may_repeat(decree_by: str) -> int:
    """The earlier step whose approver may also set the decree: the side that sets it (policy `decree_by`) approved
    at step 1 (sending) or step 2 (receiving)."""
    return 1 if decree_by == "sending" else 2


def transfer_steps(decree_by: str = "receiving") -> tuple[dict, ...]:
    """e-Mutasi's SOP for a policy: the signing step names the deciding side's approval step."""
    steps = tuple(dict(step) for step in TRANSFER_STEPS)
    steps[SIGNER_STEP - 1]["same_approver_step"] = signer_may_repeat(decree_by)
    return steps


TRANSFER_FORM = [
    {"key": "nip", "type": "text", "label": {"id": "NIP", "en": "NIP"}, "required": True},
    {"key": "jenis", "type": "text", "label": {"id": "Jenis mutasi", "en": "Kind of transfer"}, "required": True},
    {"key": "asal", "type": "text", "label": {"id": "Jabatan dan unit asal", "en": "From"}, "required": True},
    {"key": "tujuan", "type": "text", "label": {"id": "Jabatan dan unit tujuan", "en": "To"}, "required": True},
    {"key": "tmt", "type": "date", "label": {"id": "TMT mutasi", "en": "Effective from"}, "required": True},
    {"key": "alasan", "type": "text", "label": {"id": "Alasan", "en": "Reason"}},
    {"key": "verifikasi", "type": "text", "label": {"id": "Diverifikasi BKD", "en": "Verified by BKD"}},
]

KEY_PREFIX = "hr-transfer-"
CHANNEL = Channel.ONLINE


def case_key(transfer) -> str:
    """One case per transfer."""
    return f"{KEY_PREFIX}{transfer.pk}"


def is_transfer_case(application) -> bool:
    return (application.idempotency_key or "").startswith(KEY_PREFIX)


def transfer_id_of(application) -> int | None:
    """The transfer a case carries, from its key (the addressees are asked while the case opens, before the
    transfer links it)."""
    if not is_transfer_case(application):
        return None
    try:
        return int(application.idempotency_key[len(KEY_PREFIX) :])
    except ValueError:
        return None
