"""Issuing on completion (gap-free numbers), signing by the official with their own TOTP, immutability."""

import hashlib
import threading
import time

import pytest
from django.db import connection, transaction

from loket.core.errors import LoketError, PermissionDenied
from loket.core.models import AuditEvent
from loket.documents import queries, services, verify
from loket.documents.models import Document, NumberCounter
from loket.org.models import Role
from tests.helpers.auth import activate_totp, totp_code
from tests.helpers.documents import complete, file, sign_now
from tests.helpers.org import make_user


@pytest.mark.sqlite
def test_completion_issues_a_document_awaiting_signature(completed):
    document = completed.documents.get()
    assert document.status == Document.Status.AWAITING
    assert document.number == f"503/0001/DPMPTSP/{document.year}"
    assert document.holder_id == completed.applicant_id and document.holder_name == "Imas Masitoh"
    assert "Imas Masitoh" in document.body and completed.tracking_number in document.body
    assert document.title == "Surat Izin Usaha Mikro"
    assert AuditEvent.objects.filter(action="documents.issued", object_id=str(document.pk)).exists()
    assert not document.sha256 and not document.file


@pytest.mark.sqlite
def test_signing_with_own_totp_stores_an_immutable_valid_pdf(completed, official):
    document = sign_now(completed.documents.get(), official)
    assert document.status == Document.Status.VALID and document.signed_by == official
    data = document.file.read()
    assert hashlib.sha256(data).hexdigest() == document.sha256 and len(data) == document.size
    check = verify.check_pdf(data)
    assert check.ok and check.signer_name == "Asep Sunandar" and check.code == document.code
    assert check.signer_fingerprint == document.signer_fingerprint
    assert queries.check_upload(data).verdict == "valid"
    document.sha256 = "0" * 64
    with pytest.raises(ValueError):
        document.save()
    assert AuditEvent.objects.filter(action="documents.signed", object_id=str(document.pk)).exists()
    from loket.notify.messages import render as render_message
    from loket.notify.models import Notification

    note = Notification.objects.get(dedupe_key=f"document:{document.pk}:document_issued:email")
    assert note.user_id == document.holder_id
    assert document.number in render_message(note.template, "id", note.context)[1]


def test_wrong_or_replayed_code_is_refused_and_nothing_changes(completed, official, simple_service, applicant, head_a):
    document = completed.documents.get()
    with pytest.raises(LoketError) as wrong:
        services.sign(actor=official, document=document, otp="000000")
    assert "Kode verifikasi salah" in wrong.value.message
    document.refresh_from_db()
    assert document.status == Document.Status.AWAITING and not document.sha256
    code = totp_code(official.totp_secret, time.time())
    services.sign(actor=official, document=document, otp=code)
    second = complete(file(simple_service, applicant, key="k-2"), head_a).documents.get()
    with pytest.raises(LoketError):
        services.sign(actor=official, document=second, otp=code)  # a code works once
    second.refresh_from_db()
    assert second.status == Document.Status.AWAITING


def test_nobody_signs_for_another_agency_or_without_the_role(completed, agency_b):
    document = completed.documents.get()
    foreign = make_user("pejabat_b", (Role.SIGNING_OFFICIAL, agency_b))
    officer = make_user("petugas_biasa", (Role.OFFICER, document.agency))
    for user in (foreign, officer):
        secret = activate_totp(user)
        with pytest.raises(PermissionDenied):
            services.sign(actor=user, document=document, otp=totp_code(secret, time.time()))
    document.refresh_from_db()
    assert document.status == Document.Status.AWAITING


def test_an_official_without_totp_cannot_sign(completed, agency_a):
    user = make_user("pejabat_tanpa_totp", (Role.SIGNING_OFFICIAL, agency_a))
    with pytest.raises(LoketError) as refused:
        services.sign(actor=user, document=completed.documents.get(), otp="123456")
    assert "Aktifkan verifikasi dua langkah" in refused.value.message


def test_signed_twice_is_refused(signed, official):
    with pytest.raises(LoketError) as refused:
        sign_now(signed, official)
    assert refused.value.status == 409


@pytest.mark.sqlite
def test_numbers_continue_and_a_rolled_back_issue_gives_its_number_back(simple_service, applicant, head_a):
    first = complete(file(simple_service, applicant, key="a"), head_a).documents.get()
    second_app = complete(file(simple_service, applicant, key="b"), head_a)
    second = second_app.documents.get()
    assert (first.sequence, second.sequence) == (1, 2)
    with pytest.raises(RuntimeError), transaction.atomic():
        Document.objects.filter(pk=second.pk).update(status=Document.Status.SUPERSEDED, sha256="f" * 64)
        services.issue(application=second_app)  # takes number 3 ...
        raise RuntimeError("rollback")  # ... and gives it back
    third = complete(file(simple_service, applicant, key="c"), head_a).documents.get()
    assert third.sequence == 3
    assert NumberCounter.objects.get(agency=first.agency, year=first.year).last == 3


def test_issue_is_idempotent(completed):
    assert services.issue(application=completed).pk == completed.documents.get().pk
    assert completed.documents.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_issuing_is_gap_free_on_postgresql(simple_service, applicant, head_a):
    """8 threads, each with its own connection, issue at once: numbers 1..8, no gaps, no duplicates."""
    assert connection.vendor == "postgresql"
    from loket.applications.models import Application
    from loket.workflow.models import Task

    apps = []
    for index in range(8):
        application = file(simple_service, applicant, key=f"p-{index}")
        # completed by status only (the receiver is exercised elsewhere): issue() runs in the threads
        Task.objects.filter(application=application).update(status=Task.Status.APPROVED)
        Application.objects.filter(pk=application.pk).update(status=Application.Status.COMPLETED)
        apps.append(application)
    barrier = threading.Barrier(len(apps))
    errors = []

    def worker(application):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            with transaction.atomic():
                services.issue(application=application)
                time.sleep(0.02)  # hold the counter row a little: the others must queue, not skip
        except Exception as exc:
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker, args=(a,)) for a in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(Document.objects.filter(application__in=apps).values_list("sequence", flat=True))
    assert sequences == list(range(1, 9))


def test_sign_many_checks_every_document_before_the_code(completed, official, agency_b):
    other = make_user("pejabat_bogor", (Role.SIGNING_OFFICIAL, agency_b))
    secret = activate_totp(other)
    with pytest.raises(PermissionDenied):
        services.sign_many(actor=other, documents=[completed.documents.get()], otp=totp_code(secret, time.time()))
    with pytest.raises(LoketError):
        services.sign_many(actor=official, documents=[], otp="123456")
    document = services.sign_many(
        actor=official, documents=[completed.documents.get()], otp=totp_code(official.totp_secret, time.time())
    )[0]
    assert document.status == Document.Status.VALID
    with pytest.raises(LoketError) as again:
        services.sign_many(actor=official, documents=[document], otp="123456")
    assert again.value.status == 409
