"""Application sample data (a form, its answers, tiny valid PDF and PNG files) and filing one more application."""

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


def file_application(service, applicant, key: str):
    """One more submitted application of `applicant` (with its mandatory KTP upload)."""
    from loket.applications import services as applications

    upload = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf")
    application, _ = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=service,
        answers=ANSWERS,
        upload_ids={"req_0": str(upload.pk)},
        idempotency_key=key,
    )
    return application


def consent_code(officer, citizen, service, channel: str = "") -> str:
    """Have Loket send the citizen a consent code for a filing by `officer`, and read it as the citizen would (the
    outbox holds it until delivery)."""
    from loket.applications import consent
    from loket.notify.models import Notification

    sent = consent.send_code(
        officer=officer, citizen=citizen, service=service, channel=channel or consent.contacts(citizen)[0].channel
    )
    return Notification.objects.get(dedupe_key=f"consent-code:{sent.pk}:{sent.channel}").context["secret_code"]


def file_for(officer, citizen, service, key: str, channel: str = "counter", **extra):
    """An application `officer` files for `citizen` with the citizen's consent code (and a KTP upload)."""
    from loket.applications import services as applications

    upload = applications.store_upload(owner=citizen, data=PDF, name="ktp.pdf", requirement="req_0")
    application, _ = applications.submit(
        actor=officer,
        applicant=citizen,
        service=service,
        answers=ANSWERS,
        upload_ids={"req_0": str(upload.pk)},
        idempotency_key=key,
        channel=channel,
        consent_code=consent_code(officer, citizen, service),
        **extra,
    )
    return application
