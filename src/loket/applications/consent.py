"""Proof of a citizen's consent to a filing by an officer (issue 13, finding 5): state changes and checks.

The counter screen and the API both file through `services.submit`, which asks `proof_for_filing` here: one
rule for both. The decisions themselves are pure (`applications.rules`); this module gathers the facts, writes
the codes, the consent record and the audit events, and sends the code through the notification outbox.
"""

import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from loket.applications import access, engine, lifecycle, rules
from loket.applications.models import Application, CaseConsent, CitizenProfile, ConsentCode, Upload
from loket.core import audit, batch, limits
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import tr
from loket.notify import services as notify
from loket.notify.models import Notification
from loket.org import permissions

DIGITS = 6
SCAN_SLOT = "consent_scan"  # the requirement name of a signed consent form's upload
SMS, EMAIL = "sms", "email"


class TooManyCodes(LoketError):
    status = 429


def code_minutes() -> int:
    return int(getattr(settings, "LOKET_CONSENT_CODE_MINUTES", 10))


def max_attempts() -> int:
    return int(getattr(settings, "LOKET_CONSENT_CODE_ATTEMPTS", 5))


# ---------------------------------------------------------------- codes, hashed


def hash_code(code: str, salt: str = "") -> str:
    """A salted HMAC of a one-time code ("salt$digest"): a copy of the table alone gives no code back."""
    salt = salt or secrets.token_hex(8)
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{salt}:{code}".encode(), hashlib.sha256).hexdigest()
    return f"{salt}${digest}"


def code_matches(stored: str, code: str) -> bool:
    salt, _, _digest = (stored or "").partition("$")
    return bool(code) and bool(salt) and hmac.compare_digest(stored, hash_code(code, salt))


def new_code(digits: int = DIGITS) -> str:
    return f"{secrets.randbelow(10**digits):0{digits}d}"


# ---------------------------------------------------------------- where a citizen can be reached


@dataclasses.dataclass(frozen=True)
class Contact:
    channel: str  # sms or email
    address: str
    masked: str

    @property
    def label(self) -> str:
        if self.channel == SMS:
            return tr(f"SMS ke {self.masked}", f"SMS to {self.masked}")
        return tr(f"E-mail ke {self.masked}", f"E-mail to {self.masked}")


def contacts(citizen) -> list[Contact]:
    """The citizen's registered phone (by SMS) and e-mail, phone first: where a code can be sent."""
    profile = CitizenProfile.objects.filter(user_id=citizen.pk).first()
    found = []
    if profile is not None and profile.phone:
        found.append(Contact(SMS, profile.phone, rules.mask_phone(profile.phone)))
    if citizen.email:
        found.append(Contact(EMAIL, citizen.email, rules.mask_email(citizen.email)))
    return found


def queue_code(*, key: str, user, contact: Contact, template: str, context: dict) -> None:
    """Send one message to one of the user's contacts (not to all of them, as case notices go)."""
    rows = notify.build(
        key=key,
        user=user,
        template=template,
        context=context,
        phone=contact.address if contact.channel == SMS else "",
    )
    wanted = [row for row in rows if row.channel == contact.channel]
    for row in wanted:
        row.recipient = contact.address
    Notification.objects.bulk_create(wanted, ignore_conflicts=True)


# ---------------------------------------------------------------- sending a consent code

CODE_MESSAGES = {
    rules.NO_CODE_GIVEN: (
        "Masukkan kode persetujuan 6 angka yang dibacakan warga dari SMS atau e-mailnya.",
        "Enter the 6-digit consent code the citizen reads out from their SMS or e-mail.",
    ),
    rules.NO_CODE: (
        "Belum ada kode persetujuan untuk warga dan layanan ini. Tekan “Kirim kode persetujuan” terlebih dahulu.",
        "No consent code was sent for this citizen and service. Press “Send consent code” first.",
    ),
    rules.CODE_USED: (
        "Kode ini sudah dipakai untuk satu pengajuan. Kirim kode baru.",
        "This code was already used for one application. Send a new code.",
    ),
    rules.TOO_MANY_ATTEMPTS: (
        "Terlalu banyak kode yang salah. Kirim kode baru ke warga.",
        "Too many wrong codes. Send the citizen a new code.",
    ),
    rules.CODE_EXPIRED: (
        "Kode persetujuan sudah kedaluwarsa. Kirim kode baru.",
        "The consent code has expired. Send a new code.",
    ),
    rules.WRONG_CODE: (
        "Kode persetujuan salah. Minta warga membacakan kode terbaru dari SMS atau e-mailnya.",
        "The consent code is wrong. Ask the citizen to read out the latest code from their SMS or e-mail.",
    ),
}
PROOF_MESSAGES = {
    rules.NO_PROOF: (
        "Persetujuan warga harus dibuktikan: kirim kode persetujuan ke HP atau e-mail warga lalu masukkan kode yang "
        "dibacakannya. Catatan petugas tidak lagi diterima sebagai persetujuan.",
        "The citizen's consent must be proven: send a consent code to their phone or e-mail and enter the code they "
        "read out. An officer's note is no longer accepted as consent.",
    ),
    rules.NO_CONTACT_FOR_CODE: (
        "Warga ini tidak memiliki nomor HP atau e-mail terdaftar: unggah pindaian formulir persetujuan yang "
        "ditandatangani warga.",
        "This citizen has no registered phone or e-mail: upload a scan of the consent form they signed.",
    ),
    rules.HAS_CONTACT: (
        "Warga ini memiliki nomor HP atau e-mail: persetujuannya dibuktikan dengan kode sekali pakai, bukan pindaian.",
        "This citizen has a phone or e-mail: their consent is proven by a one-time code, not a scan.",
    ),
}


def _agency_name(service) -> str:
    return service.agency.name


@transaction.atomic
def send_code(*, officer, citizen, service, channel: str) -> ConsentCode:
    """Send a new consent code to the citizen's `channel` (sms/email) for a filing of `service` by `officer`; an
    earlier unused code of the same three ends. Limited per citizen per hour, so nobody floods their phone."""
    permissions.require(officer, "application.assist", service.agency_id)
    if officer.pk == citizen.pk:
        raise LoketError(tr("Ajukan permohonan Anda sendiri secara daring.", "File your own application online."))
    contact = next((c for c in contacts(citizen) if c.channel == channel), None)
    if contact is None:
        message = (
            tr(*PROOF_MESSAGES[rules.NO_CONTACT_FOR_CODE])
            if not contacts(citizen)
            else tr(
                "Pilih nomor HP atau e-mail warga yang terdaftar.", "Choose the citizen's registered phone or e-mail."
            )
        )
        raise LoketError(message, field="consent_to")
    per_hour = int(getattr(settings, "LOKET_CONSENT_CODES_PER_HOUR", 5))
    if limits.hit(f"consent:send:{citizen.pk}", window=3600) > per_hour:
        raise TooManyCodes(
            tr(
                f"Sudah {per_hour} kode persetujuan dikirim ke warga ini dalam satu jam. Coba lagi nanti.",
                f"{per_hour} consent codes were sent to this citizen within an hour. Try again later.",
            ),
            field="consent_to",
        )
    now = timezone.now()
    ConsentCode.objects.filter(
        citizen=citizen, officer=officer, service=service, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    code = new_code()
    row = ConsentCode.objects.create(
        citizen=citizen,
        officer=officer,
        service=service,
        code_hash=hash_code(code),
        channel=contact.channel,
        sent_to=contact.masked,
        created_at=now,
        expires_at=now + dt.timedelta(minutes=code_minutes()),
    )
    queue_code(
        key=f"consent-code:{row.pk}",
        user=citizen,
        contact=contact,
        template="consent_code",
        context={
            "secret_code": code,
            "service": service.name_id,
            "agency": _agency_name(service),
            "minutes": code_minutes(),
        },
    )
    audit.record(
        "applications.consent_code_sent",
        obj=row,
        actor=officer,
        data={"service": service.code, "channel": contact.channel, "sent_to": contact.masked, "citizen": citizen.pk},
    )
    return row


# ---------------------------------------------------------------- checking the proof of a filing


@dataclasses.dataclass(frozen=True)
class Proof:
    method: str
    code: ConsentCode | None = None
    scan: Upload | None = None


def proof_for_filing(*, officer, citizen, service, code: str = "", scan_id: str = "") -> tuple[Proof | None, dict]:
    """The proof that the citizen asked for this filing, or None with errors by field (`consent_code`,
    `consent_scan`). A wrong code uses up one of the code's attempts (committed at once, whatever the caller does)."""
    method = rules.CODE if (code or "").strip() else rules.SCAN if scan_id else ""
    refusal = rules.proof_refusal(method=method, has_contact=bool(contacts(citizen)))
    if refusal:
        return None, missing_proof(citizen, code, scan_id)
    if method == rules.SCAN:
        scan = (
            Upload.objects.filter(pk=scan_id, owner=citizen, application__isnull=True).first()
            if _uuid(scan_id)
            else None
        )
        if scan is None:
            return None, {"consent_scan": [tr("Unggah ulang pindaian formulir persetujuan.", "Upload the scan again.")]}
        return Proof(rules.SCAN, scan=scan), {}
    row = ConsentCode.objects.filter(citizen=citizen, officer=officer, service=service).order_by("-created_at").first()
    reason = check_code(row, code, audit_action="applications.consent_code_refused", actor=officer)
    if reason:
        return None, {"consent_code": [tr(*CODE_MESSAGES[reason])]}
    return Proof(rules.CODE, code=row), {}


def missing_proof(citizen, code: str = "", scan_id: str = "") -> dict:
    """The proof refusal alone, without checking a code (nothing is counted): for a form shown again with other
    errors, so that a missing code or scan is reported with them."""
    method = rules.CODE if (code or "").strip() else rules.SCAN if scan_id else ""
    reachable = bool(contacts(citizen))
    refusal = rules.proof_refusal(method=method, has_contact=reachable)
    if not refusal:
        return {}
    if refusal == rules.NO_PROOF and not reachable:
        refusal = rules.NO_CONTACT_FOR_CODE  # nothing given for a citizen who can get no code: ask for the form
    return {"consent_scan" if refusal == rules.NO_CONTACT_FOR_CODE else "consent_code": [tr(*PROOF_MESSAGES[refusal])]}


def check_code(row, code: str, *, audit_action: str, actor=None, digits: int = DIGITS) -> str | None:
    """Why `code` does not prove `row` (a ConsentCode or AccountClaim: both have code_hash, expires_at, attempts,
    used_at), or None. Every comparison takes one of the row's attempts first, in one conditional UPDATE, so that
    parallel guesses cannot try more than the limit; a right code gives its attempt back."""
    given = rules.normalize_code(code, digits)
    facts = {
        "given": given,
        "issued": row is not None,
        "used": row is not None and row.used_at is not None,
        "attempts": row.attempts if row is not None else 0,
        "max_attempts": _attempts_of(row),
        "now": timezone.now(),
        "expires_at": row.expires_at if row is not None else None,
        "matches": row is not None and code_matches(row.code_hash, given),
    }
    reason = rules.code_refusal(**facts)
    if reason in (None, rules.WRONG_CODE):
        model = type(row)
        taken = model.objects.filter(pk=row.pk, attempts__lt=facts["max_attempts"]).update(attempts=F("attempts") + 1)
        if not taken:
            reason = rules.TOO_MANY_ATTEMPTS
        elif reason is None:
            model.objects.filter(pk=row.pk).update(attempts=F("attempts") - 1)
    if row is not None and reason not in (None, rules.NO_CODE_GIVEN):
        attempts = row.attempts + 1 if reason == rules.WRONG_CODE else row.attempts
        audit.record(audit_action, obj=row, actor=actor, data={"reason": reason, "attempts": attempts})
    return reason


def _attempts_of(row) -> int:
    from loket.applications.models import AccountClaim

    if isinstance(row, AccountClaim):
        return int(getattr(settings, "LOKET_ACCOUNT_CLAIM_ATTEMPTS", 5))
    return max_attempts()


def _uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def record_rows(application: Application, proof: Proof, officer, now) -> list:
    """Inside the filing's transaction: spend the code (refused if another filing spent it first) and return the
    unsaved consent record and its audit event, to be written after the application."""
    if proof.code is not None:
        spent = ConsentCode.objects.filter(pk=proof.code.pk, used_at__isnull=True, expires_at__gt=now).update(
            used_at=now
        )
        if not spent:
            raise LoketError(tr(*CODE_MESSAGES[rules.CODE_USED]), field="consent_code")
    record = CaseConsent(
        application=application,
        method=proof.method,
        officer=officer,
        channel=proof.code.channel if proof.code else "",
        sent_to=proof.code.sent_to if proof.code else "",
        verified_at=now,
        code=proof.code,
        scan=proof.scan,
        review=CaseConsent.Review.PENDING if proof.method == rules.SCAN else CaseConsent.Review.NONE,
    )
    batch.reserve_id(record)  # the case's `consent` is this object: give it its id now
    event = audit.build(
        "applications.consent_recorded",
        object_type="applications.application",
        object_id=str(application.pk),
        actor=officer,
        data={"tracking": application.tracking_number, "method": proof.method, "sent_to": record.sent_to},
    )
    return [[record], [event]]


# ---------------------------------------------------------------- the supervisor's review of a consent scan

REVIEW_MESSAGES = {
    rules.OWN_FILING: (
        "Anda sendiri yang mengajukan permohonan ini; formulir persetujuannya harus ditinjau penyelia lain.",
        "You filed this application yourself; another supervisor must review its consent form.",
    ),
    rules.OWN_CASE: ("Anda tidak dapat meninjau permohonan Anda sendiri.", "You cannot review your own application."),
    rules.ALREADY_REVIEWED: (
        "Formulir persetujuan ini sudah ditinjau atau permohonannya sudah ditutup.",
        "This consent form was already reviewed or its application is closed.",
    ),
    rules.REASON_REQUIRED: (
        "Tulis alasan penolakan: warga membacanya pada halaman permohonannya.",
        "Write the reason for rejecting it: the citizen reads it on their application page.",
    ),
}


@transaction.atomic
def review_scan(*, actor, consent_id: int, approve: bool, reason: str = "") -> CaseConsent:
    """A supervisor of the case's agency accepts the signed consent form (the case's work may start) or rejects it
    (the case closes as rejected, with the reason the citizen reads)."""
    consent = CaseConsent.objects.select_for_update().filter(pk=consent_id, method=rules.SCAN).first()
    if consent is None:
        raise NotFound(tr("Formulir persetujuan tidak ditemukan.", "Consent form not found."))
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("region", "service", "applicant__citizen")
        .get(pk=consent.application_id)
    )
    reason = (reason or "").strip()
    refusal = rules.scan_review_refusal(
        reviewer_id=actor.pk,
        supervises=permissions.supervises_in(actor, application.agency_id),
        filed_by_id=consent.officer_id,
        applicant_id=application.applicant_id,
        review=consent.review,
        case_open=application.is_open,
        approving=approve,
        reason=reason,
        related=_declared_relative(actor, application.applicant),
    )
    if refusal == rules.NOT_SUPERVISOR:
        raise NotFound(tr("Formulir persetujuan tidak ditemukan.", "Consent form not found."))
    if refusal in (rules.OWN_FILING, rules.OWN_CASE):
        raise PermissionDenied(tr(*REVIEW_MESSAGES[refusal]))
    if refusal:
        raise LoketError(tr(*REVIEW_MESSAGES[refusal]), field="reason" if refusal == rules.REASON_REQUIRED else None)
    now = timezone.now()
    consent.review = rules.APPROVED if approve else rules.REJECTED
    consent.reviewed_by, consent.reviewed_at, consent.review_note = actor, now, reason
    consent.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_note"])
    audit.record(
        f"applications.consent_scan_{consent.review}",
        obj=consent,
        actor=actor,
        data={"tracking": application.tracking_number, "officer": consent.officer_id, "reason": reason},
    )
    if approve:
        engine.procedure().release_held_work(application, now)  # handed out by the unit's rule, as at filing
    else:
        engine.procedure().cancel_open_work(application)
        note = tr("Formulir persetujuan tidak dapat diterima", "The consent form could not be accepted") + f": {reason}"
        lifecycle.transition(
            application, "reject", actor=actor, now=now, note=note, notice_key=f"consent:{consent.pk}:rejected"
        )
    return consent


def _declared_relative(reviewer, applicant) -> bool:
    """Whether the reviewer declared the applicant a relative (org.DeclaredRelative, by any NIK they are known by)."""
    from loket.org import people
    from loket.org.models import DeclaredRelative

    niks = people.niks_of(applicant)
    live = DeclaredRelative.objects.filter(official_id=reviewer.pk, removed_at__isnull=True, nik__in=niks)
    return bool(niks) and live.exists()


def record_scan_read(*, actor, record: CaseConsent, kind: str) -> None:
    """The reviewer opened the consent page or the scan: a read of the applicant's personal data they can see."""
    detail = tr("Tinjauan formulir persetujuan", "Consent form review")
    access.record(record.application, actor, kind, detail=detail)
