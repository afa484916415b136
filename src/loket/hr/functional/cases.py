"""The credit-point decree (PAK, penetapan angka kredit; PermenPANRB 1/2023) on the one engine (ADR 0011, ADR 17): a
system-opened case of the region's PAK service (`CaseService` kind "pak"), opened by BKD for a functional official
with the employee as applicant. Its SOP: BKD verifies the credit entries (hr_office), then the authorized official
signs the decree with their own TOTP code (signing_official). hr keeps the decree's facts (`CreditDecree`)."""

from loket.catalogue.models import Channel

# The SOP a PAK service is provisioned with (PermenPANRB 1/2023: the credit is set by decree of the authorized
# official, prepared by the HR office; deadlines are the service standard's, the region's to change).
PAK_STEPS = (
    {
        "name_id": "Verifikasi angka kredit oleh BKD",
        "name_en": "Verification of the credit by the HR office (BKD)",
        "addressee": "hr_office",
        "role": "officer",
        "sla_days": 5,
    },
    {
        "name_id": "Penetapan angka kredit oleh pejabat yang berwenang",
        "name_en": "Credit-point decree signed by the authorized official",
        "addressee": "signing_official",
        "role": "agency_head",
        "sla_days": 3,
    },
)
PAK_TIME_LIMIT_DAYS = 8

# What a PAK case shows (computed from the credit entries; nobody types into it).
PAK_FORM = [
    {"key": "nip", "type": "text", "label": {"id": "NIP", "en": "NIP"}, "required": True},
    {"key": "jabatan", "type": "text", "label": {"id": "Jabatan fungsional", "en": "Functional post"}},
    {"key": "periode", "type": "text", "label": {"id": "Masa penilaian", "en": "Assessment period"}},
    {"key": "angka_kredit_periode", "type": "text", "label": {"id": "Angka kredit periode ini", "en": "Credit"}},
    {"key": "jumlah_kumulatif", "type": "text", "label": {"id": "Jumlah kumulatif", "en": "Accumulated credit"}},
    {"key": "kebutuhan", "type": "text", "label": {"id": "Kebutuhan kenaikan berikutnya", "en": "Next step needs"}},
]

KEY_PREFIX = "hr-pak-"
CHANNEL = Channel.ONLINE


def case_key(decree) -> str:
    """One case per PAK (a cancelled PAK's entries go into a new PAK with a new case)."""
    return f"{KEY_PREFIX}{decree.pk}"


def is_pak_case(application) -> bool:
    return (application.idempotency_key or "").startswith(KEY_PREFIX)
