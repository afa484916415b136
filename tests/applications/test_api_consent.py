"""Assisted filing through the API follows the counter's rule (issue 13, finding 5): the officer's system asks Loket
to send the citizen a consent code (POST /applications/consent-codes), the citizen reads it out, and the filing
carries it as `consent_code`; a citizen with no phone or e-mail is filed for with `consent_scan`. Without proof the
filing is refused with a clear error. The application's detail shows the proof."""

import pytest

from loket.applications import services as applications
from loket.applications.models import Application, CaseConsent
from loket.notify.models import Notification
from loket.org.models import Role
from tests.helpers.api import session_caller, submission, token_caller
from tests.helpers.applications import PDF
from tests.helpers.org import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]
NIK = "3273014101900001"
CODES = "/applications/consent-codes"


def sent_code() -> str:
    return Notification.objects.filter(template="consent_code").latest("pk").context["secret_code"]


def test_the_officers_system_sends_a_code_and_files_with_it(officers, applicant, process_service, ktp):
    caller = token_caller(officers["front"], name="Loket MPP")
    response = caller.post(CODES, {"service": process_service.code, "applicant_nik": NIK})
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["channel"] == "sms" and body["sent_to"] == "0812****90" and body["expires_at"]
    assert "code" not in str(body).replace("consent", "")  # the code goes to the citizen only
    filed = caller.post(
        "/applications",
        submission(process_service, ktp, applicant_nik=NIK, channel="counter", consent_code=sent_code()),
    )
    assert filed.status_code == 201, filed.json()
    application = Application.objects.get()
    assert application.consent.method == "code" and application.assisted_by == officers["front"]


def test_a_wrong_code_is_refused_with_a_clear_error(officers, applicant, process_service, ktp):
    caller = token_caller(officers["front"])
    caller.post(CODES, {"service": process_service.code, "applicant_nik": NIK, "send_to": "email"})
    assert Notification.objects.get(template="consent_code").channel == "email"
    wrong = f"{(int(sent_code()) + 1) % 10**6:06d}"
    response = caller.post("/applications", submission(process_service, ktp, applicant_nik=NIK, consent_code=wrong))
    assert response.status_code == 422
    assert "consent_code" in response.json()["errors"] and "salah" in response.json()["message"]
    assert not Application.objects.exists()


def test_only_an_officer_who_may_assist_asks_for_codes(officer_b, applicant, process_service, other_citizen):
    body = {"service": process_service.code, "applicant_nik": NIK}
    assert token_caller(officer_b).post(CODES, body).status_code == 403  # another agency
    assert session_caller(other_citizen).post(CODES, body).status_code == 403  # a citizen
    assert not Notification.objects.filter(template="consent_code").exists()


def test_unknown_nik_and_too_many_codes(officers, applicant, process_service, settings):
    caller = token_caller(officers["front"])
    unknown = caller.post(CODES, {"service": process_service.code, "applicant_nik": "3273015508920003"})
    assert unknown.status_code == 422 and "applicant_nik" in unknown.json()["errors"]
    settings.LOKET_CONSENT_CODES_PER_HOUR = 1
    assert caller.post(CODES, {"service": process_service.code, "applicant_nik": NIK}).status_code == 202
    assert caller.post(CODES, {"service": process_service.code, "applicant_nik": NIK}).status_code == 429


def test_a_citizen_with_no_contact_is_filed_for_with_a_scan(officers, process_service, agency_a):
    person = make_user("aki_karta")
    person.email = ""
    person.save(update_fields=["email"])
    applications.save_profile(user=person, nik="3273010707450001", full_name="Aki Karta")
    caller = token_caller(officers["front"])
    no_code = caller.post(CODES, {"service": process_service.code, "applicant_nik": "3273010707450001"})
    assert no_code.status_code == 422 and "formulir persetujuan" in no_code.json()["message"]
    ktp = caller.upload(
        PDF, "ktp.pdf", requirement="req_0", service=process_service.code, applicant_nik=person.citizen.nik
    )
    scan = caller.upload(
        PDF,
        "persetujuan.pdf",
        requirement="consent_scan",
        service=process_service.code,
        applicant_nik="3273010707450001",
    )
    body = submission(process_service, applicant_nik="3273010707450001", consent_scan=scan.json()["id"])
    body["uploads"] = {"req_0": ktp.json()["id"]}
    body["data"]["nik_pemilik"] = "3273010707450001"
    response = caller.post("/applications", body)
    assert response.status_code == 201, response.json()
    record = CaseConsent.objects.get()
    assert record.method == "scan" and record.review == "pending"
    # the supervisor reads the proof (and that the work waits for them) in the application's detail
    supervisor = make_user("penyelia_a", (Role.SUPERVISOR, agency_a))
    detail = session_caller(supervisor).get(f"/applications/{response.json()['tracking_number']}").json()
    assert detail["consent"]["method"] == "scan" and detail["consent"]["review"] == "pending"
    assert "menunggu tinjauan penyelia" in detail["consent"]["statement"]


def test_the_detail_shows_the_proof_to_the_applicant_and_nothing_for_an_own_filing(
    officers, applicant, process_service, filed
):
    caller = token_caller(officers["front"])
    caller.post(CODES, {"service": process_service.code, "applicant_nik": NIK})
    ktp = caller.upload(PDF, "ktp.pdf", requirement="req_0", service=process_service.code, applicant_nik=NIK)
    body = submission(process_service, key="api-k-2", applicant_nik=NIK, consent_code=sent_code())
    response = caller.post("/applications", {**body, "uploads": {"req_0": ktp.json()["id"]}})
    assert response.status_code == 201, response.json()
    mine = session_caller(applicant)
    detail = mine.get(f"/applications/{response.json()['tracking_number']}").json()
    assert detail["consent"]["sent_to"] == "0812****90" and "petugas_front" in detail["consent"]["statement"]
    own = filed[0]
    assert mine.get(f"/applications/{own.tracking_number}").json()["consent"] is None
