"""The counter's proof of consent on the officer's pages (issue 13, finding 5): a citizen with no phone or e-mail is
filed for with a scan of their signed consent form; the engine holds the case's work until a supervisor of the
agency accepts the scan on the review pages (never the officer who filed); a rejection closes the case with a
reason the citizen reads. The code itself is tested in tests/applications/test_consent.py."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.applications import services as applications
from loket.applications.models import Application, CaseAccess, CaseConsent
from loket.org.models import Role
from loket.workflow import rules
from loket.workflow.models import Task
from tests.helpers.applications import ANSWERS, PDF, consent_code
from tests.helpers.auth import login
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db
FORM = "/kantor/loket/layanan/izin-usaha-mikro/"
REVIEWS = "/kantor/loket/persetujuan/"
NIK_HELD = "3273010707450001"


@pytest.mark.parametrize(
    "review, expected",
    [
        ("", None),  # a code, or no proof needed (filed by the applicant)
        ("pending", rules.CONSENT_UNDER_REVIEW),
        ("approved", None),
        ("rejected", rules.CONSENT_REJECTED),
    ],
)
def test_consent_hold_rule(review, expected):
    assert rules.consent_hold_refusal(review) == expected


@pytest.fixture
def unreachable(db):
    user = make_user("aki_karta")
    user.email = ""
    user.save(update_fields=["email"])
    applications.save_profile(user=user, nik=NIK_HELD, full_name="Aki Karta")
    return user


def form_data(**extra):
    return {
        "_key": "loket-scan-1",
        "nama_usaha": ANSWERS["nama_usaha"],
        "nik_pemilik": NIK_HELD,
        "_channel": "counter",
        "_action": "submit",
        **extra,
    }


@pytest.fixture
def held(client, officers, unreachable, process_service):
    """Officer `front` files at the counter for a citizen with no phone or e-mail, with the signed form's scan."""
    login(client, officers["front"])
    client.post("/kantor/loket/", {"step": "find", "nik": NIK_HELD})
    html = client.get(FORM).content.decode()
    assert 'id="consent-scan"' in html and 'id="consent-code"' not in html and "tidak dapat menerima kode" in html
    response = client.post(
        FORM,
        form_data(
            _req_0=SimpleUploadedFile("ktp.pdf", PDF, "application/pdf"),
            _consent_scan=SimpleUploadedFile("persetujuan.pdf", PDF, "application/pdf"),
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return Application.objects.get(applicant=unreachable)


def test_a_scan_missing_is_reported_and_a_chosen_scan_is_kept(client, officers, unreachable, process_service):
    login(client, officers["front"])
    client.post("/kantor/loket/", {"step": "find", "nik": NIK_HELD})
    response = client.post(FORM, form_data(_consent_code="ok"))
    assert response.status_code == 400 and 'href="#consent-scan"' in response.content.decode()
    response = client.post(
        FORM,
        form_data(nik_pemilik="1", _consent_scan=SimpleUploadedFile("persetujuan.pdf", PDF, "application/pdf")),
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Sudah diunggah: persetujuan.pdf" in html and 'name="_scan_id"' in html
    assert not Application.objects.exists()


def test_the_held_case_waits_for_the_supervisor(client, held, officers, agency_a):
    record = CaseConsent.objects.get(application=held)
    assert record.method == "scan" and record.review == "pending" and record.officer == officers["front"]
    [task] = Task.objects.filter(application=held, status="open")
    supervisor = make_user("penyelia_a", (Role.SUPERVISOR, agency_a))

    # The officer who would take the case sees why it waits, and cannot act on it.
    login(client, make_user("petugas_verifikasi", (Role.OFFICER, agency_a)))
    html = client.get(f"/kantor/tugas/{task.pk}/").content.decode()
    assert "belum ditinjau penyelia" in html and "formulir persetujuan bertanda tangan" in html
    response = client.post(f"/kantor/tugas/{task.pk}/tindak/", {"action": "approve", "version": task.version})
    assert response.status_code == 403 and Task.objects.get(pk=task.pk).status == "open"

    # The supervisor finds it in the review list, reads the form (both reads recorded for the citizen) and accepts.
    client.logout()
    login(client, supervisor)
    listing = client.get(REVIEWS).content.decode()
    assert held.tracking_number in listing and "Aki Karta" in listing and "3273" in listing and NIK_HELD not in listing
    assert f"/kantor/loket/persetujuan/{record.pk}/" in client.get(f"/kantor/tugas/{task.pk}/").content.decode()
    page = client.get(f"{REVIEWS}{record.pk}/")
    assert page.status_code == 200 and "Terima formulir" in page.content.decode()
    scan = client.get(f"{REVIEWS}{record.pk}/berkas/")
    assert scan.status_code == 200 and b"".join(scan.streaming_content) == PDF
    reads = set(CaseAccess.objects.filter(application=held, actor=supervisor).values_list("kind", flat=True))
    assert {"opened", "download"} <= reads
    response = client.post(f"{REVIEWS}{record.pk}/", {"decision": "approve"})
    assert response.status_code == 302 and response.url == REVIEWS
    assert CaseConsent.objects.get(pk=record.pk).review == "approved"
    assert held.tracking_number not in client.get(REVIEWS).content.decode()


def test_a_rejection_closes_the_case_and_the_citizen_reads_why(client, held, agency_a, unreachable):
    record = CaseConsent.objects.get(application=held)
    login(client, make_user("penyelia_a", (Role.SUPERVISOR, agency_a)))
    response = client.post(f"{REVIEWS}{record.pk}/", {"decision": "reject", "reason": ""})
    assert response.status_code == 400 and 'href="#reason"' in response.content.decode()
    response = client.post(
        f"{REVIEWS}{record.pk}/", {"decision": "reject", "reason": "Tanda tangan pada formulir tidak ada."}
    )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == "rejected"
    client.logout()
    login(client, unreachable)
    html = client.get(f"/permohonan/{held.tracking_number}/").content.decode()
    assert "Tanda tangan pada formulir tidak ada." in html and "formulir persetujuan bertanda tangan" in html


def test_the_filer_cannot_review_their_own_scan(client, agency_a, unreachable, process_service):
    filer = make_user("penyelia_loket", (Role.SUPERVISOR, agency_a))
    login(client, filer)
    client.post("/kantor/loket/", {"step": "find", "nik": NIK_HELD})
    response = client.post(
        FORM,
        form_data(
            _req_0=SimpleUploadedFile("ktp.pdf", PDF, "application/pdf"),
            _consent_scan=SimpleUploadedFile("persetujuan.pdf", PDF, "application/pdf"),
        ),
    )
    assert response.status_code == 302
    record = CaseConsent.objects.get()
    page = client.get(f"{REVIEWS}{record.pk}/").content.decode()
    assert "penyelia lain" in page and "Terima formulir" not in page
    assert client.post(f"{REVIEWS}{record.pk}/", {"decision": "approve"}).status_code == 403
    assert CaseConsent.objects.get().review == "pending"


def test_review_pages_are_for_the_agencys_supervisors(client, held, officers, agency_b):
    record = CaseConsent.objects.get(application=held)
    login(client, officers["front"])  # an officer: not a reviewer
    assert client.get(REVIEWS).status_code == 403
    client.logout()
    login(client, make_user("penyelia_bogor", (Role.SUPERVISOR, agency_b)))  # another agency's supervisor
    assert held.tracking_number not in client.get(REVIEWS).content.decode()
    assert client.get(f"{REVIEWS}{record.pk}/").status_code == 404
    assert client.get(f"{REVIEWS}{record.pk}/berkas/").status_code == 404
    assert client.post(f"{REVIEWS}{record.pk}/", {"decision": "approve"}).status_code == 404


def test_the_task_page_names_the_code_the_citizen_confirmed(client, officers, applicant, process_service, agency_a):
    login(client, officers["front"])
    client.post("/kantor/loket/", {"step": "find", "nik": "3273014101900001"})
    code = consent_code(officers["front"], applicant, process_service)
    response = client.post(
        FORM,
        form_data(nik_pemilik="3273014101900001", _consent_code=code, _req_0=SimpleUploadedFile("ktp.pdf", PDF)),
    )
    assert response.status_code == 302
    application = Application.objects.get()
    receipt = client.get(response.url)
    assert receipt.status_code == 200
    client.logout()
    login(client, make_user("petugas_verifikasi", (Role.OFFICER, agency_a)))
    html = client.get(f"/kantor/tugas/{application.tasks.get().pk}/").content.decode()
    assert "dengan persetujuan kode yang dikirim ke 0812****90" in html and "belum ditinjau" not in html
    client.logout()
    login(client, applicant)
    html = client.get(f"/permohonan/{application.tracking_number}/").content.decode()
    assert "Diajukan melalui loket oleh petugas_front dengan persetujuan kode yang dikirim ke 0812****90 pada" in html


def test_sending_too_many_codes_is_refused_on_the_page(client, officers, applicant, process_service, settings):
    settings.LOKET_CONSENT_CODES_PER_HOUR = 1
    login(client, officers["front"])
    client.post("/kantor/loket/", {"step": "find", "nik": "3273014101900001"})
    data = form_data(nik_pemilik="3273014101900001", _action="send_code", _consent_to="email")
    assert "Kode persetujuan dikirim ke w***@example.go.id" in client.post(FORM, data, follow=True).content.decode()
    again = client.post(FORM, data)
    assert again.status_code == 429 and "Coba lagi nanti" in again.content.decode()


@pytest.fixture
def automatic_front(agency_a, units):
    """The front unit hands its tasks out by rule, to two officers placed in it."""
    from loket.workflow import services as workflow
    from tests.helpers.org import unit_user

    team = [unit_user(f"petugas_depan_{n}", agency_a, units["front"]) for n in (1, 2)]
    supervisor = unit_user("penyelia_depan", agency_a, units["front"], role=Role.SUPERVISOR)
    workflow.set_assignment_policy(actor=supervisor, unit_id=units["front"].pk, policy="least_loaded")
    return team


def test_a_held_case_is_not_given_out_claimed_or_taken_next(automatic_front, held):
    from loket.core.errors import PermissionDenied
    from loket.workflow import services as workflow

    [task] = Task.objects.filter(application=held, status="open")
    assert task.claimed_by_id is None and task.assignment == ""  # not given to anyone while it waits
    officer = automatic_front[0]
    with pytest.raises(PermissionDenied, match="belum ditinjau penyelia"):
        workflow.claim(actor=officer, task_id=task.pk)
    assert workflow.take_next(actor=officer) is None
    assert Task.objects.get(pk=task.pk).claimed_by_id is None


def test_once_the_form_is_accepted_the_case_is_handed_out_by_the_units_rule(automatic_front, held, agency_a):
    from loket.applications import consent
    from loket.core.models import AuditEvent

    supervisor = make_user("penyelia_a", (Role.SUPERVISOR, agency_a))
    consent.review_scan(actor=supervisor, consent_id=CaseConsent.objects.get(application=held).pk, approve=True)
    [task] = Task.objects.filter(application=held, status="open")
    assert task.claimed_by in automatic_front and task.assignment == "least_loaded"
    assert AuditEvent.objects.filter(action="workflow.task_assigned", object_id=str(held.pk)).exists()


def test_a_supervisor_who_declared_the_applicant_a_relative_cannot_review_the_form(held, agency_a):
    from loket.applications import consent
    from loket.core.errors import PermissionDenied
    from loket.org import services as org

    supervisor = make_user("penyelia_a", (Role.SUPERVISOR, agency_a))
    org.declare_relative(actor=supervisor, nik=NIK_HELD, name="Aki Karta", relation="orang_tua")
    record = CaseConsent.objects.get(application=held)
    with pytest.raises(PermissionDenied):
        consent.review_scan(actor=supervisor, consent_id=record.pk, approve=True)
    assert CaseConsent.objects.get(pk=record.pk).review == "pending"
