"""Documents of other apps' records (no Application): the same numbering, signing, verification, wallet."""

import time

import pytest
from django.db import IntegrityError, transaction

from loket.core.errors import LoketError, PermissionDenied
from loket.documents import queries, services, verify
from loket.documents.models import Document, NumberCounter
from tests.helpers.auth import totp_code
from tests.helpers.documents import sign_now
from tests.helpers.org import make_user


def subject(agency, holder, ref="17", **changes):
    values = {
        "type": "test.letter",
        "ref": ref,
        "label": "Surat uji 17",
        "agency": agency,
        "holder": holder,
        "holder_name": "Imas Masitoh",
        "title": "Surat Keterangan Uji",
        "classification": "800",
        "body": "Yang bertanda tangan menerangkan bahwa Imas Masitoh adalah pegawai.\n\nDemikian.",
        "kind": "keterangan",
    }
    values.update(changes)
    return services.Subject(**values)


def fresh_code(official):
    from django.core.cache import cache

    cache.clear()
    return totp_code(official.totp_secret, time.time())


def test_subject_documents_share_the_agencys_gap_free_counter(completed, agency_a, applicant):
    first = completed.documents.get()
    document = services.issue(subject=subject(agency_a, applicant))
    assert document.application is None and document.subject == "Surat uji 17"
    assert (first.sequence, document.sequence) == (1, 2) and document.number.startswith("800/0002/")
    assert document.status == Document.Status.AWAITING
    assert document.context["letterhead"][1] == agency_a.name
    assert services.issue(subject=subject(agency_a, applicant)) == document  # idempotent
    assert NumberCounter.objects.get(agency=agency_a).last == 2


@pytest.mark.parametrize("changes", [{"type": ""}, {"ref": ""}, {"holder": None}, {"kind": "surat"}])
def test_incomplete_subjects_are_refused(agency_a, applicant, changes):
    with pytest.raises(ValueError):
        services.issue(subject=subject(agency_a, changes.pop("holder", applicant), **changes))
    assert not Document.objects.exists()


def test_issue_takes_exactly_one_of_application_and_subject(completed, agency_a, applicant):
    """One issuing path for both kinds of record: asking for neither or both is a programming error."""
    with pytest.raises(ValueError):
        services.issue()
    with pytest.raises(ValueError):
        services.issue(application=completed, subject=subject(agency_a, applicant))
    assert Document.objects.count() == 1  # the completed application's own document only


def test_a_document_needs_an_application_or_a_subject(agency_a, applicant):
    document = services.issue(subject=subject(agency_a, applicant))
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(subject_type="")
    with pytest.raises(IntegrityError), transaction.atomic():  # one document in force per subject
        Document.objects.create(
            **{
                f.name: getattr(document, f.name)
                for f in Document._meta.concrete_fields
                if f.name not in ("id", "code", "sequence")
            },
            code="ZZZZZZZZZZZZ",
            sequence=99,
        )


def test_issue_and_sign_with_the_signers_own_code(agency_a, applicant, official):
    with pytest.raises(LoketError):
        services.issue_and_sign(
            subject=subject(agency_a, applicant), signer=official, otp="000000", signer_title="Kepala Dinas"
        )
    assert not Document.objects.exists() and not NumberCounter.objects.filter(last__gt=0).exists()
    other = make_user("tanpa_totp")
    with pytest.raises(PermissionDenied):
        services.issue_and_sign(
            subject=subject(agency_a, applicant), signer=other, otp="123456", signer_title="Kepala Dinas"
        )
    document = services.issue_and_sign(
        subject=subject(agency_a, applicant), signer=official, otp=fresh_code(official), signer_title="Kepala Dinas Uji"
    )
    assert document.status == Document.Status.VALID and document.signer_title == "Kepala Dinas Uji"
    assert document.signed_by == official and document.sequence == 1
    check = verify.check_pdf(document.file.read())
    assert check.ok and check.code == document.code
    again = services.issue_and_sign(
        subject=subject(agency_a, applicant), signer=official, otp=fresh_code(official), signer_title="Kepala Dinas Uji"
    )
    assert again.pk == document.pk and Document.objects.count() == 1  # signed once


def test_holder_sees_and_downloads_it_others_do_not(client, agency_a, applicant, official, citizen):
    document = services.issue_and_sign(
        subject=subject(agency_a, applicant), signer=official, otp=fresh_code(official), signer_title="Kepala Dinas"
    )
    client.force_login(applicant)
    assert document.number in client.get("/dompet/").content.decode()
    assert client.get(f"/dompet/{document.code}/unduh").status_code == 200
    client.force_login(citizen)
    assert document.number not in client.get("/dompet/").content.decode()
    assert client.get(f"/dompet/{document.code}/unduh").status_code == 404
    client.logout()
    page = client.get(f"/verifikasi/{document.code}").content.decode()
    assert "Dokumen ini SAH" in page and "Surat Keterangan Uji" in page and "Imas Masitoh" not in page


def test_office_pages_show_subject_documents(client, agency_a, applicant, official):
    from tests.helpers.auth import login

    awaiting = services.issue(subject=subject(agency_a, applicant))
    login(client, official)
    assert awaiting.number in client.get("/kantor/dokumen/tanda-tangan/").content.decode()
    assert client.get(f"/kantor/dokumen/{awaiting.code}/").status_code == 200
    signed = sign_now(awaiting, official)  # the agency's signing official may sign it from the list
    assert signed.status == Document.Status.VALID and queries.check_upload(signed.file.read()).verdict == "valid"
