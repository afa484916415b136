"""Issue 13, finding 6: "A head revoked his own signed decision with reason 'aaaaa'; agency admins who cannot sign
can revoke; holders without e-mail are not told." Revocation now needs a reason code from a fixed list, a
meaningful explanation, two different officials who may sign (never the holder), and a notice by every channel."""

import pytest

from loket.core.errors import LoketError, PermissionDenied
from loket.core.models import AuditEvent
from loket.documents import rules, services
from loket.documents.models import Document, RevocationRequest
from loket.notify.models import Notification
from loket.org.models import Role
from tests.helpers.documents import REVOCATION_EXPLANATION
from tests.helpers.org import make_user


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("aaaaa", False),
        ("", False),
        ("Salah data", False),  # too short
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", False),  # one letter repeated
        ("asdf asdf asdf asdf asdf asdf asdf asdf", False),  # too few distinct words and letters
        ("xx xx xx xx xx xx xx xx xx xx xx xx xx", False),
        ("Data data data data data data data data", False),  # one word repeated
        ("1234567890 1234567890 1234567890 12345", False),  # no words
        (REVOCATION_EXPLANATION, True),
        ("NIK pemegang tidak sesuai dengan KTP yang diunggah pada permohonan.", True),
        ("The holder asked in writing to withdraw this permit after closing.", True),
    ],
)
def test_explanation_rule(text, ok):
    assert (rules.explanation_problem(text) is None) is ok


def test_reason_codes_are_a_fixed_bilingual_list():
    assert len(rules.BY_CODE) == len(rules.REASONS) >= 5
    assert all(r.indonesian and r.english and r.code.islower() for r in rules.REASONS)
    assert "Pasal 64" in rules.BY_CODE["cacat_wewenang"].indonesian


def _ask(actor, document, code="cacat_substansi", explanation=REVOCATION_EXPLANATION):
    return services.request_revocation(actor=actor, document=document, reason_code=code, explanation=explanation)


def test_a_head_cannot_revoke_his_own_decision_with_aaaaa(signed, head_a):
    Document.objects.filter(pk=signed.pk).update(holder=head_a)  # the head filed and holds it himself
    signed.refresh_from_db()
    with pytest.raises(PermissionDenied, match="pemegang"):
        _ask(head_a, signed, explanation="aaaaa")
    with pytest.raises(PermissionDenied, match="pemegang"):
        _ask(head_a, signed)
    assert not RevocationRequest.objects.exists()


def test_aaaaa_and_unknown_codes_are_refused(signed, head_a):
    with pytest.raises(LoketError, match="Penjelasan terlalu pendek"):
        _ask(head_a, signed, explanation="aaaaa")
    with pytest.raises(LoketError) as refused:
        _ask(head_a, signed, code="suka_suka")
    assert "reason_code" in refused.value.errors
    signed.refresh_from_db()
    assert signed.status == Document.Status.VALID


def test_agency_admins_who_cannot_sign_cannot_revoke(signed):
    admin = make_user("admin_opd_a", (Role.AGENCY_ADMIN, signed.agency))
    with pytest.raises(PermissionDenied):
        _ask(admin, signed)
    request = _ask(make_user("kepala_lain", (Role.AGENCY_HEAD, signed.agency)), signed)
    with pytest.raises(PermissionDenied):
        services.approve_revocation(actor=admin, revocation=request)


def test_four_eyes_the_requester_cannot_approve(signed, head_a, official, applicant):
    request = _ask(head_a, signed)
    signed.refresh_from_db()
    assert signed.status == Document.Status.VALID  # a request alone revokes nothing
    with pytest.raises(PermissionDenied, match="dua orang"):
        services.approve_revocation(actor=head_a, revocation=request)
    with pytest.raises(LoketError):  # one pending request per document
        _ask(official, signed)
    revoked = services.approve_revocation(actor=official, revocation=request)
    assert revoked.status == Document.Status.REVOKED and revoked.ended_by == official
    assert revoked.end_reason.startswith("Cacat substansi") and REVOCATION_EXPLANATION in revoked.end_reason
    event = AuditEvent.objects.get(action="documents.revoked", object_id=str(signed.pk))
    assert event.data["requested_by"] == head_a.pk and event.data["approved_by"] == official.pk
    assert event.data["reason_code"] == "cacat_substansi"
    with pytest.raises(LoketError):  # decided once
        services.approve_revocation(actor=official, revocation=request)


def test_the_holder_cannot_approve_either(signed, head_a, official):
    request = _ask(head_a, signed)
    Document.objects.filter(pk=signed.pk).update(holder=official)
    with pytest.raises(PermissionDenied, match="pemegang"):
        services.approve_revocation(actor=official, revocation=request)


def test_a_second_official_may_refuse_with_a_reason(signed, head_a, official):
    request = _ask(head_a, signed)
    with pytest.raises(LoketError):
        services.reject_revocation(actor=official, revocation=request, note="tidak")
    services.reject_revocation(actor=official, revocation=request, note="Data sudah benar menurut arsip kami.")
    signed.refresh_from_db()
    assert signed.status == Document.Status.VALID
    assert RevocationRequest.objects.get().status == RevocationRequest.Status.REJECTED
    assert _ask(head_a, signed).status == RevocationRequest.Status.PENDING  # may be asked again


def test_the_holder_is_told_by_every_channel_even_without_email(client, signed, head_a, official, applicant):
    applicant.email = ""
    applicant.save(update_fields=["email"])
    services.approve_revocation(actor=official, revocation=_ask(head_a, signed))
    channels = set(
        Notification.objects.filter(user=applicant, template="document_revoked").values_list("channel", flat=True)
    )
    assert channels == {"sms", "inapp"}  # the phone of the citizen profile and the in-app notice
    sms = Notification.objects.get(user=applicant, template="document_revoked", channel="sms")
    assert sms.recipient == "+6281234567890"
    client.force_login(applicant)
    wallet = client.get("/dompet/").content.decode()
    assert "Pemberitahuan" in wallet and f"{signed.number} dicabut" in wallet and "Cacat substansi" in wallet


def test_a_holder_with_email_gets_email_too(signed, head_a, official, applicant):
    services.approve_revocation(actor=official, revocation=_ask(head_a, signed))
    channels = set(
        Notification.objects.filter(user=applicant, template="document_revoked").values_list("channel", flat=True)
    )
    assert channels == {"email", "sms", "inapp"}


def test_the_other_signers_are_asked_to_approve(signed, head_a, official):
    _ask(head_a, signed)
    asked = Notification.objects.filter(template="document_revocation_requested")
    assert set(asked.values_list("user_id", flat=True)) == {official.pk}  # not the requester


def test_nobody_supersedes_a_document_they_hold(signed, official):
    Document.objects.filter(pk=signed.pk).update(holder=official)
    signed.refresh_from_db()
    with pytest.raises(PermissionDenied, match="pemegang"):
        services.supersede(actor=official, document=signed, reason="Perubahan nama usaha saya sendiri")
    signed.refresh_from_db()
    assert signed.status == Document.Status.VALID


def test_the_office_page_hides_the_revoke_form_from_the_holder(client, signed, official):
    Document.objects.filter(pk=signed.pk).update(holder=official)
    client.force_login(official)
    page = client.get(f"/kantor/dokumen/{signed.code}/").content.decode()
    assert 'name="reason_code"' not in page and "Minta pencabutan" not in page


def test_the_office_page_speaks_english_when_asked(client, signed, official, head_a):
    _ask(head_a, signed)
    client.force_login(official)
    client.cookies["django_language"] = "en"
    page = client.get(f"/kantor/dokumen/{signed.code}/").content.decode()
    assert "Revocation request awaiting approval" in page and "Approve the revocation" in page
    assert "Defective substance" in page
