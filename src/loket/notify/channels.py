"""Delivery channels behind one interface: `send(recipient, subject, body)` raises on failure.

Email goes through the real delivery backend (LOKET_EMAIL_DELIVERY_BACKEND), never the outbox backend. SMS and WhatsApp go to an HTTP gateway (JSON POST with a
bearer token) when LOKET_SMS_GATEWAY_URL / LOKET_WHATSAPP_GATEWAY_URL are set; otherwise they are
written to `DATA_DIR/outbox-<channel>.log` (the demo default) so nothing pretends to be sent.
"""

import json
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail


class ChannelError(Exception):
    pass


class EmailChannel:
    def send(self, recipient: str, subject: str, body: str) -> None:
        from loket.notify.mail import delivery_connection

        send_mail(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [recipient],
            fail_silently=False,
            connection=delivery_connection(),
        )


class HttpGatewayChannel:
    def __init__(self, url: str, token: str, timeout: float = 10):
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, recipient: str, subject: str, body: str) -> None:
        payload = json.dumps({"to": recipient, "message": body}).encode()
        request = urllib.request.Request(
            self.url,
            data=payload,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                if response.status >= 300:
                    raise ChannelError(f"gateway answered {response.status}")
        except OSError as exc:
            raise ChannelError(f"gateway unreachable: {exc}") from exc


class FileChannel:
    def __init__(self, name: str):
        self.path = Path(settings.DATA_DIR) / f"outbox-{name}.log"

    def send(self, recipient: str, subject: str, body: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"to": recipient, "subject": subject, "body": body}, ensure_ascii=False) + "\n")


def channel_for(name: str):
    if name == "email":
        return EmailChannel()
    url = getattr(settings, f"LOKET_{name.upper()}_GATEWAY_URL", "")
    if url:
        return HttpGatewayChannel(url, getattr(settings, f"LOKET_{name.upper()}_GATEWAY_TOKEN", ""))
    return FileChannel(name)
