"""Accounts made at a counter, claimed by their citizen (issue 13, finding 5).

An officer who registers a citizen makes an account without a usable password (`services.register_citizen`);
Loket sends the citizen a code on their own phone or e-mail, and the public page /akun/klaim/ lets them choose a
password with their NIK and that code. Then they see the applications filed for them. Codes expire, serve once,
take a limited number of wrong tries, and the page is rate-limited per client address; every step is audited.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from loket.applications import consent
from loket.applications.models import AccountClaim, CitizenProfile
from loket.core import audit, limits
from loket.core.errors import LoketError
from loket.core.i18n import tr

DIGITS = 8  # typed from an SMS by the citizen alone, days later: longer than a consent code
CLAIM_PATH = "/akun/klaim/"
ADDRESS_WINDOW = 10 * 60
RESENDS_PER_DAY = 3  # per NIK: a stranger typing someone's NIK cannot flood their phone


class TooManyTries(LoketError):
    status = 429


def claim_days() -> int:
    return int(getattr(settings, "LOKET_ACCOUNT_CLAIM_DAYS", 14))


def issue_claim(*, officer, user, agency_name: str = "") -> AccountClaim | None:
    """Send the citizen a new claim code (an earlier unused one ends). None when they cannot be reached."""
    reachable = consent.contacts(user)
    if not reachable:
        return None
    contact = reachable[0]
    now = timezone.now()
    AccountClaim.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    code = consent.new_code(DIGITS)
    row = AccountClaim.objects.create(
        user=user,
        code_hash=consent.hash_code(code),
        channel=contact.channel,
        sent_to=contact.masked,
        created_at=now,
        expires_at=now + dt.timedelta(days=claim_days()),
    )
    consent.queue_code(
        key=f"account-claim:{row.pk}",
        user=user,
        contact=contact,
        template="account_claim",
        context={
            "secret_code": code,
            "url": settings.LOKET_PUBLIC_URL.rstrip("/") + CLAIM_PATH,
            "username": user.get_username(),
            "until": timezone.localtime(row.expires_at).date().isoformat(),  # the message writes it as a date
            "agency": agency_name or "Loket",
        },
    )
    audit.record(
        "applications.account_claim_sent",
        obj=row,
        actor=officer,
        data={"user": user.get_username(), "channel": contact.channel, "sent_to": contact.masked},
    )
    return row


def _no_match() -> LoketError:
    # One message whatever failed (unknown NIK, wrong, used or expired code): the page reveals no NIK.
    message = tr(
        "NIK atau kode tidak cocok, atau kode sudah tidak berlaku. Periksa SMS/e-mail dari Loket, atau minta kode baru.",
        "The NIK or code does not match, or the code is no longer valid. Check the SMS/e-mail from Loket, or ask "
        "for a new code.",
    )
    return LoketError(message, field="code")


def _count_address(client: str) -> None:
    tries = int(getattr(settings, "LOKET_ACCOUNT_CLAIM_TRIES", 10))
    if limits.hit(f"claim:address:{client}", window=ADDRESS_WINDOW) > tries:
        raise TooManyTries(
            tr(
                f"Terlalu banyak percobaan dari alamat Anda. Coba lagi {ADDRESS_WINDOW // 60} menit lagi.",
                f"Too many tries from your address. Try again in {ADDRESS_WINDOW // 60} minutes.",
            )
        )


def _claimant(nik: str):
    number = "".join((nik or "").split())
    profile = CitizenProfile.objects.select_related("user").filter(nik=number).first() if number else None
    return profile.user if profile is not None else None


def claim_account(*, nik: str, code: str, password1: str, password2: str, client: str):
    """Set the password of a counter-made account with the citizen's NIK and claim code; returns the user."""
    _count_address(client)
    user = _claimant(nik)
    row = AccountClaim.objects.filter(user=user).order_by("-created_at").first() if user is not None else None
    if user is not None and user.has_usable_password():
        row = None  # already claimed (or never a counter account): nothing to claim
    reason = consent.check_code(row, code, audit_action="applications.account_claim_refused", digits=DIGITS)
    if reason:
        raise _no_match()
    errors = {}
    if password1 != password2:
        errors["password2"] = [tr("Kedua kata sandi tidak sama.", "The two passwords differ.")]
    else:
        try:
            validate_password(password1, user)
        except ValidationError as exc:
            errors["password1"] = list(exc.messages)
    if errors:
        raise LoketError(tr("Kata sandi belum dapat dipakai.", "The password cannot be used."), errors=errors)
    with transaction.atomic():
        now = timezone.now()
        spent = AccountClaim.objects.filter(pk=row.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
        if not spent:
            raise _no_match()
        user.set_password(password1)
        user.save(update_fields=["password"])
        audit.record("applications.account_claimed", obj=row, actor=user, data={"user": user.get_username()})
    return user


def request_new_code(*, nik: str, client: str) -> None:
    """Send a new claim code to a counter-made, unclaimed account of this NIK (a citizen's account without a usable
    password: online accounts always have one), also one registered before claim codes existed; silently nothing
    otherwise, so that the answer is the same for every NIK."""
    _count_address(client)
    user = _claimant(nik)
    if user is None or user.has_usable_password() or not user.is_active:
        return
    if limits.hit(f"claim:resend:{user.pk}", window=24 * 3600) > RESENDS_PER_DAY:
        return
    with transaction.atomic():
        issue_claim(officer=None, user=user)
