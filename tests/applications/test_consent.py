"""Proof of consent for filings by an officer (issue 13, finding 5), through the service layer both the counter
screen and the API use: a one-time code sent to the citizen, hashed, bound to citizen, officer and service,
expiring, limited in attempts, single use; or, for a citizen with no phone or e-mail, a signed form whose case is
held by the engine until a supervisor reviews it."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from loket.applications import consent
from loket.applications import services as applications
from loket.applications.models import Application, CaseConsent, ConsentCode
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.models import AuditEvent
from loket.notify import services as notify
from loket.notify.models import Notification
from loket.org.models import Role
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import ANSWERS, PDF, consent_code, file_for
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db
NIK = "3273014101900001"


def counter_filing(officer, citizen, service, key="loket-1", **proof):
    upload = applications.store_upload(owner=citizen, data=PDF, name="ktp.pdf", requirement="req_0")
    return applications.submit(
        actor=officer,
        applicant=citizen,
        service=service,
        answers=ANSWERS,
        upload_ids={"req_0": str(upload.pk)},
        idempotency_key=key,
        channel="counter",
        **proof,
    )


# ---------------------------------------------------------------- finding 5


def test_finding_5_a_free_text_consent_is_refused(officers, applicant, process_service):
    """Finding 5: "A counter officer found a citizen by NIK alone and filed ... with consent 'ok'." The note is
    no proof that the citizen asked for anything: the filing is refused and nothing is written."""
    with pytest.raises(LoketError) as refused:
        counter_filing(officers["front"], applicant, process_service, consent_note="ok")
    assert "consent_code" in refused.value.errors and "dibuktikan" in refused.value.message
    assert not Application.objects.exists()
    assert not AuditEvent.objects.filter(action="applications.submitted").exists()


# ---------------------------------------------------------------- the code


def test_the_code_goes_to_the_chosen_contact_names_service_and_agency_and_is_stored_hashed(
    officers, applicant, process_service
):
    sent = consent.send_code(officer=officers["front"], citizen=applicant, service=process_service, channel="sms")
    [message] = Notification.objects.filter(template="consent_code")
    assert message.channel == "sms" and message.recipient == applicant.citizen.phone and message.user == applicant
    code = message.context["secret_code"]
    _subject, body = notify.render("consent_code", "id", message.context)
    assert code in body and "Izin Usaha Mikro" in body and process_service.agency.name in body
    assert "Jangan berikan kode ini kecuali Anda meminta layanan ini" in body
    assert code not in sent.code_hash and consent.code_matches(sent.code_hash, code)
    assert sent.sent_to == "0812****90" and sent.expires_at == sent.created_at + dt.timedelta(minutes=10)
    event = AuditEvent.objects.get(action="applications.consent_code_sent")
    assert event.data["sent_to"] == "0812****90" and code not in str(event.data)
    # by e-mail instead: one message, to the e-mail only
    consent.send_code(officer=officers["front"], citizen=applicant, service=process_service, channel="email")
    assert Notification.objects.filter(template="consent_code", channel="email", recipient=applicant.email).exists()
    assert Notification.objects.filter(template="consent_code").count() == 2


def test_the_outbox_forgets_the_code_once_it_is_delivered(officers, applicant, process_service, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    consent.send_code(officer=officers["front"], citizen=applicant, service=process_service, channel="sms")
    assert notify.deliver_due() == 1
    message = Notification.objects.get(template="consent_code")
    assert message.status == "sent" and "secret_code" not in message.context and message.context["redacted"]
    assert (tmp_path / "outbox-sms.log").exists()  # it was sent (the demo's file channel)


def test_a_right_code_files_once_and_the_consent_is_recorded(officers, applicant, process_service):
    code = consent_code(officers["front"], applicant, process_service)
    application, pin = counter_filing(officers["front"], applicant, process_service, consent_code=code)
    record = CaseConsent.objects.get(application=application)
    assert pin and record.method == "code" and record.officer == officers["front"] and record.sent_to == "0812****90"
    assert record.code.used_at is not None and record.review == ""
    assert AuditEvent.objects.filter(action="applications.consent_recorded", object_id=str(application.pk)).exists()
    # the same code again, for a second filing: single use
    with pytest.raises(LoketError, match="sudah dipakai"):
        counter_filing(officers["front"], applicant, process_service, key="loket-2", consent_code=code)
    # the same form posted twice (the same key) answers with the first application, as always
    again, no_pin = counter_filing(officers["front"], applicant, process_service, consent_code=code)
    assert again == application and no_pin is None and Application.objects.count() == 1


def test_an_expired_code_is_refused(officers, applicant, process_service):
    code = consent_code(officers["front"], applicant, process_service)
    ConsentCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(LoketError, match="kedaluwarsa"):
        counter_filing(officers["front"], applicant, process_service, consent_code=code)
    assert not Application.objects.exists()


def test_the_expiry_is_a_setting(officers, applicant, process_service, settings):
    settings.LOKET_CONSENT_CODE_MINUTES = 3
    sent = consent.send_code(officer=officers["front"], citizen=applicant, service=process_service, channel="sms")
    assert sent.expires_at - sent.created_at == dt.timedelta(minutes=3)


def test_five_wrong_codes_use_the_code_up(officers, applicant, process_service):
    code = consent_code(officers["front"], applicant, process_service)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for attempt in range(1, 6):
        with pytest.raises(LoketError, match="salah"):
            counter_filing(officers["front"], applicant, process_service, consent_code=wrong)
        assert ConsentCode.objects.get().attempts == attempt
    with pytest.raises(LoketError, match="Terlalu banyak"):  # now even the right code proves nothing
        counter_filing(officers["front"], applicant, process_service, consent_code=code)
    assert not Application.objects.exists()
    assert AuditEvent.objects.filter(action="applications.consent_code_refused").count() == 6
    # a new code starts afresh
    counter_filing(
        officers["front"],
        applicant,
        process_service,
        consent_code=consent_code(officers["front"], applicant, process_service),
    )


def test_a_right_code_gives_its_attempt_back(officers, applicant, process_service):
    """A right code with other mistakes on the form is checked again at the next post: it must not wear out."""
    code = consent_code(officers["front"], applicant, process_service)
    for _ in range(6):
        with pytest.raises(LoketError):
            applications.submit(
                actor=officers["front"],
                applicant=applicant,
                service=process_service,
                answers={**ANSWERS, "nik_pemilik": "1234"},
                idempotency_key="loket-x",
                channel="counter",
                consent_code=code,
            )
    assert ConsentCode.objects.get().attempts == 0
    counter_filing(officers["front"], applicant, process_service, consent_code=code)


def test_a_code_is_bound_to_its_service_officer_and_citizen(officers, applicant, process_service, service_a):
    other = consent_code(officers["front"], applicant, service_a)  # sent for another service
    with pytest.raises(LoketError, match="Belum ada kode"):
        counter_filing(officers["front"], applicant, process_service, consent_code=other)
    mine = consent_code(officers["front"], applicant, process_service)
    with pytest.raises(LoketError, match="Belum ada kode"):  # another officer cannot use it
        counter_filing(officers["tech"], applicant, process_service, consent_code=mine)
    assert not Application.objects.exists()


def test_a_new_code_ends_the_previous_one(officers, applicant, process_service):
    first = consent_code(officers["front"], applicant, process_service)
    second = consent_code(officers["front"], applicant, process_service)
    older, newer = ConsentCode.objects.order_by("created_at", "pk")
    assert older.expires_at <= newer.created_at  # the first ended when the second was sent
    if first != second:  # one chance in a million that both are the same digits
        with pytest.raises(LoketError, match="salah"):
            counter_filing(officers["front"], applicant, process_service, consent_code=first)
    counter_filing(officers["front"], applicant, process_service, consent_code=second)


def test_codes_sent_to_one_citizen_are_limited_per_hour(officers, applicant, process_service, settings):
    settings.LOKET_CONSENT_CODES_PER_HOUR = 2
    for _ in range(2):
        consent.send_code(officer=officers["front"], citizen=applicant, service=process_service, channel="sms")
    with pytest.raises(consent.TooManyCodes):
        consent.send_code(officer=officers["tech"], citizen=applicant, service=process_service, channel="sms")
    assert Notification.objects.filter(template="consent_code").count() == 2


def test_only_an_officer_who_may_assist_sends_codes(applicant, process_service, citizen, editor_a, officers):
    for outsider in (citizen, editor_a):
        with pytest.raises(PermissionDenied):
            consent.send_code(officer=outsider, citizen=applicant, service=process_service, channel="sms")
    with pytest.raises(LoketError):  # a contact the citizen does not have
        consent.send_code(officer=officers["front"], citizen=citizen, service=process_service, channel="sms")
    assert not Notification.objects.filter(template="consent_code").exists()


# ---------------------------------------------------------------- citizens with no phone or e-mail: a signed form


@pytest.fixture
def unreachable(db):
    user = make_user("aki_karta")
    user.email = ""
    user.save(update_fields=["email"])
    applications.save_profile(user=user, nik="3273010707450001", full_name="Aki Karta")
    return user


@pytest.fixture
def supervisor(agency_a):
    return make_user("penyelia_a", (Role.SUPERVISOR, agency_a))


def scan_of(citizen):
    return str(
        applications.store_upload(owner=citizen, data=PDF, name="persetujuan.pdf", requirement="consent_scan").pk
    )


def test_a_citizen_who_can_receive_a_code_cannot_be_filed_for_with_a_scan(officers, applicant, process_service):
    with pytest.raises(LoketError, match="bukan pindaian"):
        counter_filing(officers["front"], applicant, process_service, consent_scan=scan_of(applicant))
    assert not Application.objects.exists()


def test_a_citizen_with_no_contact_gets_no_code(officers, unreachable, process_service):
    with pytest.raises(LoketError, match="formulir persetujuan"):
        consent.send_code(officer=officers["front"], citizen=unreachable, service=process_service, channel="sms")
    with pytest.raises(LoketError, match="formulir persetujuan"):
        counter_filing(officers["front"], unreachable, process_service)


@pytest.fixture
def held(officers, unreachable, process_service):
    application, _ = counter_filing(officers["front"], unreachable, process_service, consent_scan=scan_of(unreachable))
    return application


def test_a_scan_filing_is_held_until_a_supervisor_accepts_it(held, officers, supervisor):
    record = CaseConsent.objects.select_related("scan").get(application=held)
    assert record.method == "scan" and record.review == "pending" and record.scan.application == held
    [task] = Task.objects.filter(application=held, status="open")
    # Nobody acts on the held case, whatever they try (the engine refuses, not a page).
    for action in ("approve", "reject", "return", "wait"):
        with pytest.raises(PermissionDenied, match="belum ditinjau penyelia"):
            workflow.act(actor=officers["tech"], task_id=task.pk, action=action, note="x", requirements=["KTP-el"])
    with pytest.raises(PermissionDenied, match="belum ditinjau penyelia"), transaction.atomic():
        workflow.decide_for_kind(held.pk, actor=officers["head"], action="approve")  # a kind's own page: refused
    assert Task.objects.get(pk=task.pk).status == "open"
    consent.review_scan(actor=supervisor, consent_id=record.pk, approve=True)
    record.refresh_from_db()
    assert record.review == "approved" and record.reviewed_by == supervisor and record.reviewed_at
    assert AuditEvent.objects.filter(action="applications.consent_scan_approved", object_id=str(record.pk)).exists()
    workflow.act(actor=officers["tech"], task_id=task.pk, action="approve")
    assert Task.objects.get(pk=task.pk).status == "approved"
    with pytest.raises(LoketError, match="sudah ditinjau"):
        consent.review_scan(actor=supervisor, consent_id=record.pk, approve=False, reason="berubah pikiran")


def test_the_officer_who_filed_never_reviews_the_scan(agency_a, unreachable, process_service, supervisor):
    filing_supervisor = make_user("penyelia_loket", (Role.SUPERVISOR, agency_a))
    application, _ = counter_filing(filing_supervisor, unreachable, process_service, consent_scan=scan_of(unreachable))
    with pytest.raises(PermissionDenied, match="penyelia lain"):
        consent.review_scan(actor=filing_supervisor, consent_id=application.consent.pk, approve=True)
    assert CaseConsent.objects.get(application=application).review == "pending"
    consent.review_scan(actor=supervisor, consent_id=application.consent.pk, approve=True)


def test_only_a_supervisor_of_the_agency_reviews(held, officers, agency_b):
    outsider = make_user("penyelia_bogor", (Role.SUPERVISOR, agency_b))
    for actor in (officers["tech"], outsider):
        with pytest.raises(NotFound):
            consent.review_scan(actor=actor, consent_id=held.consent.pk, approve=True)
    consent.review_scan(actor=officers["head"], consent_id=held.consent.pk, approve=True)  # the head may


def test_a_rejected_scan_closes_the_case_with_a_reason_the_citizen_reads(held, supervisor, unreachable):
    with pytest.raises(LoketError, match="alasan"):
        consent.review_scan(actor=supervisor, consent_id=held.consent.pk, approve=False, reason=" ")
    consent.review_scan(
        actor=supervisor, consent_id=held.consent.pk, approve=False, reason="Formulir tidak ditandatangani pemohon."
    )
    held.refresh_from_db()
    assert held.status == "rejected" and "tidak ditandatangani" in held.decision_note
    assert not Task.objects.filter(application=held, status="open").exists()
    assert held.events.last().kind == "rejected"
    assert "ditolak penyelia" in applications_statement(held)


def applications_statement(application):
    from loket.applications import queries

    return queries.consent_statement(application)


def test_the_statement_the_citizen_reads(officers, applicant, process_service, held, submitted):
    application = file_for(officers["front"], applicant, process_service, "loket-s")
    assert applications_statement(application).startswith(
        "Diajukan melalui loket oleh petugas_front dengan persetujuan kode yang dikirim ke 0812****90 pada "
    )
    assert "menunggu tinjauan penyelia" in applications_statement(held)
    assert applications_statement(submitted) == ""  # filed by the applicant: nothing to say
