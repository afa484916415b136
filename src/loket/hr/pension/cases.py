"""e-Pensiun on the one engine (ADR 0011): a pension is a system-opened case of the region's pension service
(`CaseService` kind "pension") with the employee as applicant, opened when the employee (or BKD, on a death)
confirms the pension file the daily job, a request or BKD opened.

Its SOP has two person-addressed steps, as e-Pangkat's: BKD's verification (hr_office), during which the case waits
for BKN's technical approval (BKN regulation 2/2018: an outside step, status `waiting`, the clock stopped; resumed
when BKD records the approval's number and date), then the official's signature of the pension decree
(signing_official). hr keeps the pension's facts (`PensionFile`, its family members) and the signed decree.
"""

from loket.catalogue.models import Channel

# PP 11/2017 arts. 239-250; BKN regulation 2/2018: BKN's regional office gives technical approval, the PPK signs the
# decree. Deadlines are the service standard's (working days).
PENSION_STEPS = (
    {
        "name_id": "Verifikasi BKD dan pertimbangan teknis BKN",
        "name_en": "Verification by the HR office (BKD) and BKN technical approval",
        "addressee": "hr_office",
        "role": "officer",
        "sla_days": 7,
    },
    {
        "name_id": "Penetapan keputusan pensiun",
        "name_en": "Pension decree signed by the authorized official",
        "addressee": "signing_official",
        "role": "agency_head",
        "sla_days": 3,
    },
)
PENSION_TIME_LIMIT_DAYS = 10

# What a pension case shows (from the registry and the employee's confirmation; nobody types into it).
PENSION_FORM = [
    {"key": "nip", "type": "text", "label": {"id": "NIP", "en": "NIP"}, "required": True},
    {"key": "jenis", "type": "text", "label": {"id": "Jenis pensiun", "en": "Kind of pension"}, "required": True},
    {"key": "tmt", "type": "date", "label": {"id": "TMT pensiun", "en": "Pension from"}, "required": True},
    {"key": "golongan", "type": "text", "label": {"id": "Pangkat/golongan terakhir", "en": "Last rank"}},
    {"key": "gaji_terakhir", "type": "number", "label": {"id": "Gaji pokok terakhir", "en": "Last base salary"}},
    {"key": "masa_kerja", "type": "text", "label": {"id": "Masa kerja pensiun", "en": "Pensionable service"}},
    {"key": "keluarga", "type": "text", "label": {"id": "Keluarga", "en": "Family"}},
    {"key": "verifikasi", "type": "text", "label": {"id": "Diverifikasi BKD", "en": "Verified by BKD"}},
]

KEY_PREFIX = "hr-pension-"
CHANNEL = Channel.ONLINE


def case_key(file) -> str:
    """One case per pension file."""
    return f"{KEY_PREFIX}{file.pk}"


def is_pension_case(application) -> bool:
    return (application.idempotency_key or "").startswith(KEY_PREFIX)
