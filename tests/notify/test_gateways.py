"""SMS and WhatsApp go through an HTTP gateway adapter: exercised against a local fake gateway."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from loket.notify import services as notify
from loket.notify.channels import ChannelError, HttpGatewayChannel, channel_for
from loket.notify.models import Notification


class FakeGateway(BaseHTTPRequestHandler):
    received: list = []
    fail_next = 0

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if FakeGateway.fail_next:
            FakeGateway.fail_next -= 1
            self.send_response(503)
            self.end_headers()
            return
        FakeGateway.received.append({"auth": self.headers["Authorization"], **body})
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    FakeGateway.received, FakeGateway.fail_next = [], 0
    server = HTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()


def test_gateway_channel_posts_json_with_bearer_token(gateway):
    HttpGatewayChannel(gateway, "rahasia").send("+6281234567890", "subjek", "Permohonan diterima")
    assert FakeGateway.received == [
        {"auth": "Bearer rahasia", "to": "+6281234567890", "message": "Permohonan diterima"}
    ]


def test_gateway_errors_raise(gateway):
    FakeGateway.fail_next = 1
    with pytest.raises(ChannelError, match="503|unreachable"):
        HttpGatewayChannel(gateway, "t").send("+62812", "s", "b")
    with pytest.raises(ChannelError, match="unreachable"):
        HttpGatewayChannel("http://127.0.0.1:9/none", "t", timeout=1).send("+62812", "s", "b")


@pytest.mark.django_db
def test_sms_of_an_application_goes_through_the_configured_gateway(submitted, gateway, settings):
    settings.LOKET_SMS_GATEWAY_URL, settings.LOKET_SMS_GATEWAY_TOKEN = gateway, "token-sms"
    assert isinstance(channel_for("sms"), HttpGatewayChannel)
    FakeGateway.fail_next = 1  # the first attempt fails and is retried later
    notify.deliver_due()
    sms = Notification.objects.get(channel="sms")
    assert sms.status == "pending" and sms.attempts == 1 and sms.last_error
    Notification.objects.filter(pk=sms.pk).update(next_attempt_at=sms.created_at)
    notify.deliver_due()
    sms.refresh_from_db()
    assert sms.status == "sent"
    assert [m["to"] for m in FakeGateway.received] == ["+6281234567890"]
    assert submitted.tracking_number in FakeGateway.received[0]["message"]
