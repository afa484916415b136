"""A citizen registered at a counter claims the account made for them (issue 13, finding 5): a code sent to their
own phone or e-mail, NIK + code + a new password on /akun/klaim/, then they see the application filed for them.
Codes expire, serve once, take five wrong tries; the page is rate-limited per address; every step is audited."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from loket.applications import services as applications
from loket.applications.models import AccountClaim
from loket.core.models import AuditEvent
from loket.notify import services as notify
from loket.notify.models import Notification
from loket.org.models import Role
from tests.helpers.applications import file_for
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db
CLAIM = "/akun/klaim/"
NIK = "3273015203850003"
PASSWORD = "Sawah-Hijau-2026"


@pytest.fixture
def front(agency_a):
    return make_user("petugas_loket", (Role.OFFICER, agency_a))


@pytest.fixture
def registered(front):
    """Siti, registered at the counter with a phone number only."""
    return applications.register_citizen(officer=front, nik=NIK, full_name="Siti Aminah", phone="0812 1111 2222").user


def claim_code(user) -> str:
    return Notification.objects.filter(template="account_claim", user=user).latest("pk").context["secret_code"]


def claim(client, code, nik=NIK, password=PASSWORD, again=None):
    return client.post(
        CLAIM, {"step": "claim", "nik": nik, "code": code, "password1": password, "password2": again or password}
    )


def test_registration_sends_a_claim_code_to_the_citizen(registered, front):
    assert not registered.has_usable_password()
    message = Notification.objects.get(template="account_claim", user=registered)
    assert message.channel == "sms" and message.recipient == "+6281211112222"
    _subject, body = notify.render("account_claim", "id", message.context)
    assert "/akun/klaim/" in body and message.context["secret_code"] in body and registered.username in body
    row = AccountClaim.objects.get(user=registered)
    assert message.context["secret_code"] not in row.code_hash and row.sent_to == "0812****22"
    assert row.expires_at - row.created_at == dt.timedelta(days=14)
    assert AuditEvent.objects.filter(action="applications.account_claim_sent", actor_id=front.pk).exists()


def test_the_citizen_claims_the_account_and_sees_the_counter_filing(registered, front, process_service, agency_a):
    application = file_for(front, registered, process_service, "loket-klaim")
    client = Client()
    page = client.get(CLAIM)
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.content.decode()
    response = claim(client, claim_code(registered))
    assert response.status_code == 302 and response.url == "/permohonan/"
    registered.refresh_from_db()
    assert registered.has_usable_password() and registered.check_password(PASSWORD)
    mine = client.get("/permohonan/").content.decode()
    assert application.tracking_number in mine and registered.username in mine
    assert AuditEvent.objects.filter(action="applications.account_claimed", actor_id=registered.pk).exists()
    # from now on they sign in like anyone else
    assert Client().post("/akun/login/", {"login": registered.username, "password": PASSWORD}).status_code == 302


def test_a_code_serves_once(registered):
    code = claim_code(registered)
    assert claim(Client(), code).status_code == 302
    response = claim(Client(), code, password="Sawah-Baru-2027")
    assert response.status_code == 400 and "tidak cocok" in response.content.decode()
    registered.refresh_from_db()
    assert registered.check_password(PASSWORD)


def test_an_expired_code_is_refused(registered):
    AccountClaim.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert claim(Client(), claim_code(registered)).status_code == 400
    registered.refresh_from_db()
    assert not registered.has_usable_password()


def test_five_wrong_codes_end_the_code(registered):
    code = claim_code(registered)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    for _ in range(5):
        assert claim(Client(), wrong).status_code == 400
    assert claim(Client(), code).status_code == 400  # even the right one, now
    assert AccountClaim.objects.get().attempts == 5
    assert AuditEvent.objects.filter(action="applications.account_claim_refused").count() == 6


def test_one_answer_whatever_failed(registered, applicant):
    """An unknown NIK, someone else's NIK and a wrong code read the same: the page reveals no NIK."""
    answers = {
        claim(Client(), claim_code(registered), nik="3273010707450001").content.decode().count("tidak cocok"),
        claim(Client(), claim_code(registered), nik=applicant.citizen.nik).content.decode().count("tidak cocok"),
        claim(Client(), "00000000").content.decode().count("tidak cocok"),
    }
    assert len(answers) == 1 and answers.pop() > 0


def test_a_weak_or_mismatched_password_keeps_the_code(registered):
    code = claim_code(registered)
    response = claim(Client(), code, password="12345678901")
    assert response.status_code == 400 and 'href="#claim-password1"' in response.content.decode()
    response = claim(Client(), code, again="Sawah-Hijau-2025")
    assert response.status_code == 400 and "tidak sama" in response.content.decode()
    assert AccountClaim.objects.get().used_at is None
    assert claim(Client(), code).status_code == 302


def test_an_account_with_a_password_cannot_be_claimed(applicant, front):
    """An online citizen's account (a password of their own) has nothing to claim, whatever code is tried."""
    response = claim(Client(), "12345678", nik=applicant.citizen.nik)
    assert response.status_code == 400
    assert not AccountClaim.objects.exists()


def test_the_page_is_rate_limited_per_address(registered, settings):
    settings.LOKET_ACCOUNT_CLAIM_TRIES = 3
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(3):
        assert claim(client, "00000000").status_code == 400
    response = claim(client, claim_code(registered))
    assert response.status_code == 429 and "Terlalu banyak percobaan" in response.content.decode()
    registered.refresh_from_db()
    assert not registered.has_usable_password()
    assert claim(Client(REMOTE_ADDR="203.0.113.10"), claim_code(registered)).status_code == 302


def test_a_new_code_can_be_asked_for_with_the_nik(registered, applicant):
    first = claim_code(registered)
    response = Client().post(CLAIM, {"step": "resend", "nik": NIK})
    assert response.status_code == 200 and "kode baru telah dikirim" in response.content.decode()
    second = claim_code(registered)
    assert AccountClaim.objects.filter(user=registered).count() == 2
    if first != second:
        assert claim(Client(), first).status_code == 400
    assert claim(Client(), second).status_code == 302
    # the same answer for a NIK with nothing to claim, and nothing sent
    before = Notification.objects.count()
    for nik in (applicant.citizen.nik, "3273010707450001", NIK):
        assert "kode baru telah dikirim" in Client().post(CLAIM, {"step": "resend", "nik": nik}).content.decode()
    assert Notification.objects.count() == before


def test_an_account_made_at_a_counter_before_claim_codes_can_ask_for_one(front):
    older = applications.register_citizen(officer=front, nik=NIK, full_name="Siti Aminah", phone="081211112222").user
    AccountClaim.objects.all().delete()  # as if registered before this release
    Client().post(CLAIM, {"step": "resend", "nik": NIK})
    assert claim(Client(), claim_code(older)).status_code == 302


def test_resending_is_limited_per_day(registered):
    for _ in range(5):
        Client(REMOTE_ADDR=f"198.51.100.{_}").post(CLAIM, {"step": "resend", "nik": NIK})
    assert AccountClaim.objects.filter(user=registered).count() == 1 + 3


def test_a_citizen_registered_with_an_email_gets_the_code_by_email(front):
    user = applications.register_citizen(officer=front, nik=NIK, full_name="Siti Aminah", email="siti@example.com").user
    message = Notification.objects.get(template="account_claim")
    assert message.channel == "email" and message.recipient == "siti@example.com" and message.user == user
    assert get_user_model().objects.get(pk=user.pk).email == "siti@example.com"
