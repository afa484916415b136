"""e-Pangkat on the one engine (ADR 0011): a promotion is a system-opened case of the region's promotion service
(`CaseService` kind "promotion"), opened by BKD's promotion period with the employee as applicant.

Its SOP has two person-addressed steps: BKD's verification (hr_office), during which the case waits for BKN's
technical approval when the new rank needs it (an outside step: status `waiting`, the clock stopped, the reason
shown to the employee; resumed when BKD records the approval's number and date), then the official's signature
of the decree (signing_official). hr keeps the promotion's facts (`Promotion`) and the signed decree.
"""

from loket.catalogue.models import Channel

# The SOP a promotion service is provisioned with (PP 11/2017 art. 50–51 as amended; Peraturan BKN 4/2023: the
# decree is set by the PPK after BKN's technical approval where needed). Deadlines are the service standard's.
PROMOTION_STEPS = (
    {
        "name_id": "Verifikasi BKD dan pertimbangan teknis BKN",
        "name_en": "Verification by the HR office (BKD) and BKN technical approval",
        "addressee": "hr_office",
        "role": "officer",
        "sla_days": 7,
    },
    {
        "name_id": "Penetapan keputusan kenaikan pangkat",
        "name_en": "Promotion decree signed by the authorized official",
        "addressee": "signing_official",
        "role": "agency_head",
        "sla_days": 3,
    },
)
PROMOTION_TIME_LIMIT_DAYS = 10

NEEDS_BKN = "perlu_pertek_bkn"

# What a promotion case shows (computed by the rules from the registry; nobody types into it). The requirements
# come from the registry, so the employee uploads nothing Loket already holds.
PROMOTION_FORM = [
    {"key": "nip", "type": "text", "label": {"id": "NIP", "en": "NIP"}, "required": True},
    {"key": "jenis", "type": "text", "label": {"id": "Jenis kenaikan pangkat", "en": "Kind of promotion"}},
    {"key": "pangkat_lama", "type": "text", "label": {"id": "Pangkat lama", "en": "Current rank"}, "required": True},
    {"key": "pangkat_baru", "type": "text", "label": {"id": "Pangkat baru", "en": "New rank"}, "required": True},
    {"key": "jenjang_lama", "type": "text", "label": {"id": "Jenjang jabatan lama", "en": "Current level"}},
    {"key": "jenjang_baru", "type": "text", "label": {"id": "Jenjang jabatan baru", "en": "New level"}},
    {"key": "tmt", "type": "date", "label": {"id": "Terhitung mulai", "en": "Effective from"}, "required": True},
    {"key": "mkg_baru", "type": "text", "label": {"id": "Masa kerja golongan baru", "en": "New grade service"}},
    {"key": "gaji_lama", "type": "number", "label": {"id": "Gaji pokok lama", "en": "Old base salary"}},
    {"key": "gaji_baru", "type": "number", "label": {"id": "Gaji pokok baru", "en": "New base salary"}},
    {
        "key": "persyaratan",
        "type": "text",
        "label": {"id": "Persyaratan dari data kepegawaian", "en": "Requirements from the registry"},
    },
    {"key": "verifikasi", "type": "text", "label": {"id": "Diverifikasi BKD", "en": "Verified by BKD"}},
    {
        "key": NEEDS_BKN,
        "type": "choice",
        "label": {"id": "Perlu pertimbangan teknis BKN", "en": "Needs BKN technical approval"},
        "required": True,
        "options": [
            {"value": "ya", "label": {"id": "Ya", "en": "Yes"}},
            {"value": "tidak", "label": {"id": "Tidak", "en": "No"}},
        ],
    },
]

KEY_PREFIX = "hr-promotion-"
CHANNEL = Channel.ONLINE


def case_key(promotion) -> str:
    """One case per employee and promotion date (the promotion's own uniqueness)."""
    return f"{KEY_PREFIX}{promotion.employee_id}-{promotion.promotion_date.isoformat()}"


def is_promotion_case(application) -> bool:
    return (application.idempotency_key or "").startswith(KEY_PREFIX)
