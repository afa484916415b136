"""Queue notifications inside the caller's transaction; deliver them from the worker with retries."""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from loket.notify.channels import channel_for
from loket.notify.mail import RAW_EMAIL, redacted
from loket.notify.mail import deliver as deliver_mail
from loket.notify.messages import render
from loket.notify.models import Notification

logger = logging.getLogger("loket.notify")
MAX_ATTEMPTS = 6
# How long a worker holds a notification it is sending; a worker killed mid-send releases it after this.
LEASE = dt.timedelta(seconds=settings.LOKET_NOTIFY_LEASE_SECONDS)


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8, 16 minutes between attempts."""
    return dt.timedelta(minutes=2 ** max(attempts - 1, 0))


def queue(
    *, key: str, user, template: str, context: dict, language: str = "id", phone: str = "", in_app: bool = False
) -> int:
    """Record the notifications of one event (email, plus SMS when a phone is known, plus an in-app notice with
    in_app=True). Idempotent by key.

    Returns how many channels were addressed; rows already recorded for this key are left as they are."""
    rows = build(key=key, user=user, template=template, context=context, language=language, phone=phone, in_app=in_app)
    # One INSERT; a row whose event was already recorded is skipped (ON CONFLICT DO NOTHING): once is enough.
    if rows:
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def build(
    *,
    key: str,
    user,
    template: str,
    context: dict,
    language: str = "id",
    phone: str = "",
    in_app: bool = False,
) -> list[Notification]:
    """The rows `queue` would write, unsaved (write them with ignore_conflicts: the key makes them idempotent).

    An in-app notice needs no delivery: it is written as sent and shown to the user in Loket (`in_app_notices`)."""
    now = timezone.now()
    targets = []
    if user is not None and user.email:
        targets.append((Notification.Channel.EMAIL, user.email))
    if phone:
        targets.append((Notification.Channel.SMS, phone))
    if in_app and user is not None:
        targets.append((Notification.Channel.IN_APP, f"user:{user.pk}"))
    return [
        Notification(
            dedupe_key=f"{key}:{channel}",
            channel=channel,
            recipient=recipient,
            user=user,
            template=template,
            language=language,
            context=context,
            next_attempt_at=now,
            **({"status": Notification.Status.SENT, "sent_at": now} if channel == Notification.Channel.IN_APP else {}),
        )
        for channel, recipient in targets
    ]


def in_app_notices(user, limit: int = 10) -> list[dict]:
    """The user's latest in-app notices, rendered in the active language: subject, body, time."""
    from loket.core.i18n import is_english

    if not getattr(user, "is_authenticated", False):
        return []
    language = "en" if is_english() else "id"
    rows = Notification.objects.filter(user_id=user.pk, channel=Notification.Channel.IN_APP).order_by("-id")[:limit]
    notices = []
    for note in rows:
        subject, body = render(note.template, language, note.context)
        notices.append({"subject": subject, "body": body, "at": note.created_at})
    return notices


def outgoing_text(template: str, language: str, context: dict) -> tuple[str, str]:
    """Subject and body exactly as an e-mail or SMS carries them (full links; in-app notices keep paths)."""
    return render(template, language, context, absolute=True)


def send(note: Notification) -> None:
    """Deliver one notification; raises on failure. Stored e-mails (the outbox backend) are sent as they are."""
    if note.template == RAW_EMAIL:
        deliver_mail(note.context)
        return
    subject, body = outgoing_text(note.template, note.language, note.context)
    channel_for(note.channel).send(note.recipient, subject, body)


SECRET_PREFIX = "secret_"  # a context value that must not outlive delivery (a one-time code)


def _settled(note: Notification) -> dict:
    """Fields to write once a notification is sent or has finally failed: a stored e-mail loses its body, a
    templated message its `secret_` values."""
    if note.template == RAW_EMAIL:
        return {"context": redacted(note.context)}
    context = note.context or {}
    if any(str(key).startswith(SECRET_PREFIX) for key in context):
        kept = {key: value for key, value in context.items() if not str(key).startswith(SECRET_PREFIX)}
        return {"context": {**kept, "redacted": True}}
    return {}


def deliver_due(limit: int = 100) -> int:
    """Send pending notifications whose time has come. Safe with many workers: each row is leased first."""
    sent = 0
    now = timezone.now()
    candidates = list(
        Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", "next_attempt_at")[:limit]
    )
    for pk, seen_at in candidates:
        # Lease: only the worker whose conditional update matches sends this row now.
        leased = Notification.objects.filter(pk=pk, status=Notification.Status.PENDING, next_attempt_at=seen_at).update(
            next_attempt_at=now + LEASE, attempts=F("attempts") + 1
        )
        if not leased:
            continue
        note = Notification.objects.get(pk=pk)
        try:
            send(note)
        except Exception as exc:  # any channel failure is retried with backoff, then shown to admins
            failed = note.attempts >= MAX_ATTEMPTS
            Notification.objects.filter(pk=pk).update(
                status=Notification.Status.FAILED if failed else Notification.Status.PENDING,
                next_attempt_at=timezone.now() + backoff(note.attempts),
                last_error=str(exc)[:1000],
                **(_settled(note) if failed else {}),
            )
            logger.warning("notification %s failed (attempt %s): %s", pk, note.attempts, exc)
            continue
        Notification.objects.filter(pk=pk).update(
            status=Notification.Status.SENT, sent_at=timezone.now(), last_error="", **_settled(note)
        )
        sent += 1
    return sent
