"""The official's own TOTP code before a signature: document signing, the final approval of a leave request
and the KGB notice (issue 11, finding 6).

Guessing is bounded: after ATTEMPTS wrong codes within WINDOW the official is locked out for LOCKOUT, a
right code included. Every attempt is counted in loket.core.limits *before* the code is checked, in one
atomic statement, so parallel requests cannot get more than ATTEMPTS checks between them. Each failure
and the lockout are audited; the lockout is also sent to the official (notification) and shown on the page
(the refusal's message).

Call it outside the transaction of the change it guards: a refusal rolls that transaction back, and the
count, the audit events and the notice must stay.
"""

from django.utils import timezone

from loket.core import audit, limits
from loket.core.errors import LoketError, PermissionDenied
from loket.core.i18n import tr

ATTEMPTS = 5  # wrong codes ...
WINDOW = 15 * 60  # ... within 15 minutes ...
LOCKOUT = 15 * 60  # ... lock the official out for 15 minutes


class TooManyAttempts(LoketError):
    status = 429


def _attempts_key(user) -> str:
    return f"second-factor:attempts:{user.pk}"


def _lock_key(user) -> str:
    return f"second-factor:locked:{user.pk}"


def locked_message() -> str:
    minutes = LOCKOUT // 60
    return tr(
        f"Terlalu banyak kode verifikasi yang salah. Demi keamanan, penandatanganan dengan akun Anda dikunci "
        f"selama {minutes} menit; kode yang benar pun ditolak sampai waktu itu berakhir. Jika bukan Anda yang "
        "mencoba, segera ganti kata sandi dan hubungi admin.",
        f"Too many wrong verification codes. For security, signing with your account is locked for {minutes} "
        "minutes; even a right code is refused until then. If this was not you, change your password and "
        "contact the administrator at once.",
    )


def _refuse_locked(user, purpose: str):
    audit.record(
        "second_factor.refused_locked",
        actor=user,
        object_type="auth.user",
        object_id=user.pk,
        data={"purpose": purpose},
    )
    return TooManyAttempts(locked_message(), field="otp")


def _authenticator(user):
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        raise PermissionDenied(
            tr(
                "Aktifkan verifikasi dua langkah (TOTP) sebelum menandatangani dokumen.",
                "Activate two-step verification (TOTP) before signing documents.",
            ),
            field="otp",
        )
    return authenticator


def check_code(user, code: str, purpose: str) -> None:
    """Accept a current, unused TOTP code of `user`'s allauth authenticator, or raise (LoketError on field
    "otp"; TooManyAttempts while locked out). `purpose` names what is signed, for the audit log."""
    from allauth.mfa.totp.internal.auth import TOTP

    authenticator = _authenticator(user)
    if limits.peek(_lock_key(user)):
        raise _refuse_locked(user, purpose)
    attempt = limits.hit(_attempts_key(user), window=WINDOW)
    if attempt > ATTEMPTS:
        # Requests racing the one that reached the limit: refused without looking at their codes.
        raise _refuse_locked(user, purpose)
    code = "".join(ch for ch in str(code or "") if ch.isdigit())
    if len(code) == 6 and TOTP(authenticator).validate_code(code):
        limits.reset(_attempts_key(user))
        return
    audit.record(
        "second_factor.failed",
        actor=user,
        object_type="auth.user",
        object_id=user.pk,
        data={"purpose": purpose, "attempt": attempt},
    )
    if attempt >= ATTEMPTS:
        if limits.hit(_lock_key(user), window=LOCKOUT) == 1:
            _on_lockout(user, purpose)
        raise TooManyAttempts(locked_message(), field="otp")
    raise LoketError(
        tr(
            "Kode verifikasi salah atau sudah dipakai; masukkan kode 6 angka yang baru.",
            "The verification code is wrong or already used; enter a new 6-digit code.",
        ),
        field="otp",
        errors={"otp": [tr("Kode salah atau kedaluwarsa.", "Wrong or expired code.")]},
    )


def _on_lockout(user, purpose: str) -> None:
    from loket.notify import services as notify

    now = timezone.now()
    audit.record(
        "second_factor.locked_out",
        actor=user,
        object_type="auth.user",
        object_id=user.pk,
        data={"purpose": purpose, "attempts": ATTEMPTS, "minutes": LOCKOUT // 60},
    )
    notify.queue(
        key=f"second-factor:{user.pk}:locked:{int(now.timestamp())}",
        user=user,
        template="second_factor_locked",
        context={
            "minutes": str(LOCKOUT // 60),
            "date": timezone.localtime(now).date().isoformat(),  # written in words per language by notify
            "clock_id": timezone.localtime(now).strftime("%H.%M"),
            "clock_en": timezone.localtime(now).strftime("%H:%M"),
        },
    )
