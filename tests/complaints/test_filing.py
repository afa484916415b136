"""Filing and following a complaint (complaints.services): routed by kind, the reporter's identity kept from the
handlers, the secret shown once and guarded by a lock."""

import pytest

from loket.applications.models import Application
from loket.complaints import rules, services
from loket.complaints.models import Complaint
from loket.core.errors import LoketError
from loket.core.models import AuditEvent
from loket.org.models import Agency
from tests.helpers.complaints import open_desk

BODY = "Petugas loket meminta uang Rp50.000 agar berkas saya diproses lebih cepat."


@pytest.fixture
def desks(agency_a, kota_bandung):
    inspectorate = Agency.objects.create(
        region=kota_bandung, slug="inspektorat-bandung", name="Inspektorat Kota Bandung"
    )
    return {"agency": open_desk(agency_a), "inspectorate": open_desk(inspectorate, inspectorate=True)}


def _file(**overrides):
    fields = {
        "actor": None,
        "kind": rules.PUNGLI,
        "identity": rules.ANONYMOUS,
        "title": "Diminta uang di loket",
        "body": BODY,
    }
    fields.update(overrides)
    return services.file(**fields)


def test_an_anonymous_illegal_fee_report_goes_to_the_inspectorate_not_the_unit(desks, agency_a, service_a):
    filed = _file(service_id=service_a.pk)
    complaint = filed.complaint
    assert complaint.desk == desks["inspectorate"]
    case = complaint.case
    assert case.agency_id == desks["inspectorate"].agency_id and case.agency_id != agency_a.pk
    assert case.status == Application.Status.SUBMITTED
    assert not case.applicant.is_active and not case.applicant.has_usable_password()
    assert case.applicant.email == "" and case.applicant.first_name == ""
    assert rules.normalise_receipt_code(complaint.receipt_code) == complaint.receipt_code
    assert filed.secret not in complaint.secret_digest and len(complaint.secret_digest) == 64
    assert BODY == case.data["isi"] and "Diminta uang" in case.data["judul"]


def test_a_service_complaint_goes_to_the_services_agency(desks, service_a):
    filed = _file(kind=rules.SERVICE, service_id=service_a.pk, body="Persyaratan di situs berbeda dengan di loket.")
    assert filed.complaint.desk == desks["agency"]


def test_a_confidential_report_keeps_the_citizen_off_the_case(desks, service_a, citizen):
    filed = _file(actor=citizen, identity=rules.CONFIDENTIAL, kind=rules.SERVICE, service_id=service_a.pk)
    complaint = filed.complaint
    assert complaint.reporter == citizen  # known to Loket (and to the inspectorate)
    assert complaint.case.applicant != citizen  # never to the handlers


def test_an_identified_signed_in_report_is_the_citizens_own_case(desks, service_a, citizen):
    filed = _file(actor=citizen, identity=rules.IDENTIFIED, kind=rules.SERVICE, service_id=service_a.pk)
    assert filed.complaint.case.applicant == citizen


def test_an_anonymous_report_names_nobody_even_when_a_name_is_sent(desks, service_a, citizen):
    filed = _file(actor=citizen, reporter_name="Budi", reporter_contact="0812", service_id=service_a.pk)
    complaint = filed.complaint
    assert complaint.reporter is None and complaint.reporter_name == "" and complaint.reporter_contact == ""
    assert complaint.case.applicant != citizen


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 151}, "title"),
        ({"body": "terlalu pendek"}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"kind": "gossip"}, "kind"),
        ({"identity": "public"}, "identity"),
        ({"identity": rules.IDENTIFIED}, "reporter_name"),  # no account, no name: say so
        ({"service_id": 10**9}, "service"),
        ({}, "service"),  # about nothing
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_is_written(desks, overrides, field):
    with pytest.raises(LoketError) as refused:
        _file(**overrides)
    assert refused.value.field == field and str(refused.value)
    assert not Complaint.objects.exists() and not Application.objects.exists()


def test_no_desk_says_where_else_to_report(agency_b, service_a):
    with pytest.raises(LoketError, match="SP4N-LAPOR"):
        _file(agency_id=agency_b.pk)


def test_the_filing_audit_record_names_nobody(desks, service_a, citizen):
    filed = _file(actor=citizen, identity=rules.CONFIDENTIAL, service_id=service_a.pk)
    event = AuditEvent.objects.get(action="complaints.filed")
    assert event.actor_id is None and "warga" not in str(event.data) and filed.complaint.receipt_code


def test_following_with_the_code_and_secret(desks, service_a):
    filed = _file(service_id=service_a.pk)
    found = services.follow(filed.complaint.receipt_code.lower().replace("-", ""), filed.secret.lower())
    assert found == filed.complaint


def test_guessing_the_secret_locks_out_the_guesser_never_the_reporter(desks, service_a):
    filed = _file(service_id=service_a.pk)
    code = filed.complaint.receipt_code
    for _ in range(rules.FREE_TRIES):
        with pytest.raises(LoketError, match="tidak cocok"):
            services.follow(code, "AAAA-BBBB-CCCC", client="penebak")
    with pytest.raises(LoketError, match="Terlalu banyak"):
        services.follow(code, filed.secret, client="penebak")  # the guesser waits, even with the right secret
    assert services.follow(code, filed.secret, client="pelapor") == filed.complaint  # the reporter never does
    assert AuditEvent.objects.filter(action="complaints.secret_refused").count() == rules.FREE_TRIES


def test_an_unknown_code_and_a_wrong_secret_read_alike(desks, service_a):
    filed = _file(service_id=service_a.pk)
    with pytest.raises(LoketError) as unknown:
        services.follow(rules.new_receipt_code(b"\x00\x00\x00\x00\x01"), filed.secret)
    with pytest.raises(LoketError) as wrong:
        services.follow(filed.complaint.receipt_code, "AAAA-BBBB-CCCC")
    assert str(unknown.value) == str(wrong.value)
