"""The signing TOTP has an attempt limit (issue 11, finding 6): before the fix 40 wrong codes were all answered.

After 5 wrong codes within 15 minutes the official is locked out for 15 minutes (a right code too); each
failure and the lockout are audited, and the official gets a page message and a notification.
"""

import datetime as dt
import time

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from loket.core.models import AuditEvent, LimitCounter
from loket.documents.models import Document
from loket.notify.models import Notification
from tests.helpers.auth import totp_code
from tests.helpers.documents import sign_now

pytestmark = pytest.mark.django_db


def post_code(client, document, code):
    return client.post(f"/kantor/dokumen/{document.code}/tanda-tangan", {"otp": code}, follow=True)


def page_messages(response):
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_five_wrong_codes_lock_the_official_out(client, completed, official):
    document = completed.documents.get()
    client.force_login(official)
    for attempt in range(1, 5):
        response = post_code(client, document, "000000")
        assert "salah" in page_messages(response) and "dikunci" not in page_messages(response), attempt
    fifth = post_code(client, document, "000000")
    assert "dikunci selama 15 menit" in page_messages(fifth)
    # A right code is refused during the lockout, and the document stays unsigned.
    right = post_code(client, document, totp_code(official.totp_secret, time.time()))
    assert "dikunci" in page_messages(right)
    document.refresh_from_db()
    assert document.status == Document.Status.AWAITING

    failures = AuditEvent.objects.filter(action="second_factor.failed", actor_id=official.pk)
    assert failures.count() == 5
    assert {event.data["purpose"] for event in failures} == {"documents.sign"}
    assert AuditEvent.objects.filter(action="second_factor.locked_out", actor_id=official.pk).count() == 1
    assert AuditEvent.objects.filter(action="second_factor.refused_locked", actor_id=official.pk).count() == 1
    notice = Notification.objects.get(template="second_factor_locked", user=official)
    assert notice.recipient == official.email and notice.context["minutes"] == "15"
    from loket.core.dates import long_date
    from loket.notify.messages import render

    today = timezone.localdate()
    _, body = render("second_factor_locked", "id", notice.context)
    assert f"Pada {long_date(today)} pukul " in body  # the date in words, never 07-12-2026
    _, body = render("second_factor_locked", "en", notice.context)
    assert f"On {long_date(today, english=True)} at " in body


def test_after_the_lockout_a_right_code_signs(completed, official):
    from loket.core.errors import LoketError
    from loket.org import second_factor

    for _ in range(5):
        with pytest.raises(LoketError):
            second_factor.check_code(official, "000000", "documents.sign")
    LimitCounter.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    signed = sign_now(completed.documents.get(), official)
    assert signed.status == Document.Status.VALID


def test_a_right_code_clears_earlier_mistakes(completed, official):
    from loket.core.errors import LoketError
    from loket.org import second_factor

    for _ in range(4):
        with pytest.raises(LoketError):
            second_factor.check_code(official, "000000", "documents.sign")
    sign_now(completed.documents.get(), official)
    with pytest.raises(LoketError) as refused:
        second_factor.check_code(official, "000000", "documents.sign")
    assert "dikunci" not in refused.value.message
