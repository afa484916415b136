"""E-mail never leaves inside a request: Django's EMAIL_BACKEND is the outbox.

`OutboxEmailBackend` stores each message as a Notification row in the caller's transaction (allauth's
confirmation and password-reset mails, and anything else that calls `send_mail`). The worker delivers it
with the real backend named by LOKET_EMAIL_DELIVERY_BACKEND (SMTP in production), with the outbox's
retries and backoff, so an SMTP outage delays mail instead of failing the request.
"""

import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from loket.notify.models import Notification

RAW_EMAIL = "raw_email"  # template name of a stored, fully rendered message


def delivery_connection():
    """A connection to the real mail transport (never the outbox itself: that would loop)."""
    return get_connection(settings.LOKET_EMAIL_DELIVERY_BACKEND, fail_silently=False)


def _as_context(message) -> dict:
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
    }


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        now = timezone.now()
        rows = [
            Notification(
                dedupe_key=f"mail:{uuid.uuid4().hex}",
                channel=Notification.Channel.EMAIL,
                recipient=", ".join(message.recipients())[:254],
                template=RAW_EMAIL,
                context=_as_context(message),
                next_attempt_at=now,
            )
            for message in email_messages
            if message.recipients()
        ]
        Notification.objects.bulk_create(rows)
        return len(rows)


def redacted(context: dict) -> dict:
    """What the outbox keeps of a message once it is sent or has finally failed: who and what, no body.

    allauth's e-mail confirmation and password-reset mails carry a link that is as good as the password;
    the table (and every backup of it) must not keep it after delivery."""
    return {
        "subject": str(context.get("subject", "")),
        "from_email": str(context.get("from_email", "")),
        "to": list(context.get("to", [])),
        "redacted": True,
    }


def deliver(context: dict) -> None:
    """Send one stored message with the real backend; raises on failure (the outbox retries)."""
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=context["body"],
        from_email=context["from_email"],
        to=context["to"],
        cc=context.get("cc", []),
        bcc=context.get("bcc", []),
        reply_to=context.get("reply_to", []),
        headers=context.get("headers", {}),
        connection=delivery_connection(),
    )
    for content, mimetype in context.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    message.send(fail_silently=False)
