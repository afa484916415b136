"""The demo's decision letters (issue 15): signed by people with their NIP and a certificate naming them, dated at
the decision (a leave permit for February is not dated on the day the demo was seeded), and the doctor's practice
permit prints its subject from the service's own template."""

import subprocess

from cryptography.x509.oid import NameOID
from django.contrib.auth import get_user_model

from loket.core.dates import long_date
from loket.documents import pki, signers
from loket.documents.models import Document
from loket.hr.models import LeavePermit


def _text(document) -> str:
    data = document.file.read()
    return " ".join(subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True).stdout.decode().split())


def test_the_head_who_signs_is_a_person_with_a_nip_and_a_certificate_in_his_name(seeded):
    head = get_user_model().objects.get(username="kepala.dpmptsp.bandung")
    identity = signers.identity_for(head)
    assert "Bambang Sutrisno" in identity.name and len(identity.nip) == 18 and identity.rank
    subject = pki.official_key(head).cert.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == identity.name
    assert subject.get_attributes_for_oid(NameOID.TITLE)[0].value == identity.position
    for username in ("kepala.capil.banjarmasin", "kepala.dinsos.depok", "kepala.dinkes.kabbandung"):
        other = signers.identity_for(get_user_model().objects.get(username=username))
        assert other.nip and not other.name.startswith("Kepala"), username


def test_the_practice_permit_names_its_place_schedule_and_signer(seeded):
    document = Document.objects.filter(title="Surat Izin Praktik Dokter", status=Document.Status.VALID).first()
    assert document is not None
    answers = document.application.data
    assert "Alamat tempat praktik:" in document.body and "Jadwal praktik:" in document.body
    assert answers["alamat_praktik"]["street"] in document.body
    assert f"Jenis dokter: {answers['jenis_dokter']}" not in document.body  # the option's label, not its key
    identity = signers.identity_for(document.signed_by)
    text = _text(document)
    assert identity.name in text and f"NIP. {identity.nip}" in text


def test_leave_permits_are_dated_at_the_decision_before_the_leave(seeded):
    permits = LeavePermit.objects.exclude(document_id="").select_related("request__employee__agency__region")
    assert permits.exists()
    for permit in permits:
        leave = permit.request
        document = Document.objects.get(code=permit.document_id)
        decided = leave.decided_at.astimezone(leave.employee.agency.region.zoneinfo).date()
        assert leave.submitted_at < leave.decided_at and decided < leave.first, permit.pk
        assert document.context["place_date"].endswith(long_date(decided)), permit.pk
