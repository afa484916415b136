"""Handling a complaint on the engine: the tier sets the deadline, notes stay internal, the answer closes the case,
the reporter rates it and may reopen it once (to a supervisor, not the officer who answered), the inspectorate alone
may reveal a confidential reporter (logged), and the public register shows only the moderator's words."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.applications.models import Application
from loket.complaints import handling, rules, services
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.models import AuditEvent
from loket.org import deadlines
from loket.org.models import Agency, Role
from loket.workflow.models import Task
from tests.helpers.complaints import open_desk
from tests.helpers.org import make_user

ANSWER = "Persyaratan sudah kami perbaiki di situs; terima kasih atas laporan Anda."


@pytest.fixture
def desk(agency_a):
    return open_desk(agency_a)


@pytest.fixture
def people(agency_a):
    return {
        "officer": make_user("petugas_pengaduan", (Role.OFFICER, agency_a)),
        "officer2": make_user("petugas_pengaduan2", (Role.OFFICER, agency_a)),
        "supervisor": make_user("penyelia_pengaduan", (Role.SUPERVISOR, agency_a)),
        "stranger": make_user(
            "petugas_lain",
            (Role.OFFICER, Agency.objects.create(region=agency_a.region, slug="lain", name="Dinas Lain")),
        ),
    }


@pytest.fixture
def filed(desk, service_a, citizen):
    return services.file(
        actor=citizen,
        kind=rules.SERVICE,
        identity=rules.CONFIDENTIAL,
        title="Persyaratan berbeda",
        body="Persyaratan di situs berbeda dengan yang diminta di loket.",
        service_id=service_a.pk,
    )


def test_a_first_complaint_goes_to_the_desks_officers_without_a_fallback_note(filed):
    task = Task.objects.get(application=filed.complaint.case, status=Task.Status.OPEN)
    assert task.step.position == 1 and task.step_role == "officer" and task.assignee_id is None
    assert task.note == ""


def test_the_tier_sets_the_deadline_from_filing(filed, people):
    complaint = handling.set_tier(actor=people["officer"], complaint_id=filed.complaint.pk, tier="ringan")
    case = Application.objects.get(pk=complaint.case_id)
    expected = deadlines.due_after(case.submitted_at, 2, case.region)
    assert complaint.tier == "ringan" and case.due_at == expected
    assert Task.objects.get(application=case, status=Task.Status.OPEN).due_at == expected


def test_an_answer_needs_a_tier_and_closes_the_case(filed, people):
    with pytest.raises(LoketError, match="tingkat"):
        handling.answer(actor=people["officer"], complaint_id=filed.complaint.pk, text=ANSWER)
    handling.set_tier(actor=people["officer"], complaint_id=filed.complaint.pk, tier="normatif")
    complaint = handling.answer(actor=people["officer"], complaint_id=filed.complaint.pk, text=ANSWER)
    assert complaint.answered_at and complaint.answer == ANSWER
    assert Application.objects.get(pk=complaint.case_id).status == Application.Status.COMPLETED


@pytest.mark.parametrize(
    "text, message",
    [("terlalu pendek", "paling sedikit"), ("Silakan transfer Rp500.000 ke rekening petugas agar cepat.", "uang")],
)
def test_a_bad_answer_is_refused(filed, people, text, message):
    handling.set_tier(actor=people["officer"], complaint_id=filed.complaint.pk, tier="normatif")
    with pytest.raises(LoketError, match=message):
        handling.answer(actor=people["officer"], complaint_id=filed.complaint.pk, text=text)


def test_someone_outside_the_desk_cannot_act(filed, people):
    with pytest.raises(NotFound):
        handling.set_tier(actor=people["stranger"], complaint_id=filed.complaint.pk, tier="ringan")
    with pytest.raises(NotFound):
        handling.add_note(actor=people["stranger"], complaint_id=filed.complaint.pk, text="catatan")


def _answered(filed, people):
    handling.set_tier(actor=people["officer"], complaint_id=filed.complaint.pk, tier="normatif")
    return handling.answer(actor=people["officer"], complaint_id=filed.complaint.pk, text=ANSWER)


def test_the_reporter_rates_and_reopens_once_to_a_supervisor(filed, people):
    _answered(filed, people)
    assert handling.rate(filed.complaint.pk, 2).rating == 2
    complaint = handling.reopen(filed.complaint.pk, "Di loket masih diminta fotokopi KK.")
    assert complaint.reopened == 1 and complaint.reopen_case is not None
    task = Task.objects.get(application=complaint.reopen_case, status=Task.Status.OPEN)
    assert task.step.position == 2 and task.assignee == people["supervisor"]
    with pytest.raises(NotFound):  # the officer who answered is not the reviewer
        handling.answer(actor=people["officer"], complaint_id=complaint.pk, text=ANSWER)
    handling.answer(actor=people["supervisor"], complaint_id=complaint.pk, text=ANSWER + " Sudah kami tegur.")
    with pytest.raises(LoketError, match="satu kali"):
        handling.reopen(complaint.pk, "Masih belum puas dengan jawabannya.")


def test_reopening_needs_an_answer_a_reason_and_time(filed, people):
    with pytest.raises(LoketError, match="belum dijawab"):
        handling.reopen(filed.complaint.pk, "Masih belum puas dengan jawabannya.")
    _answered(filed, people)
    with pytest.raises(LoketError, match="alasan"):
        handling.reopen(filed.complaint.pk, "tidak")
    late = timezone.now() + dt.timedelta(days=31)
    with pytest.raises(LoketError, match="30 hari"):
        handling.reopen(filed.complaint.pk, "Masih belum puas dengan jawabannya.", now=late)


def test_only_the_inspectorate_sees_a_confidential_reporter_and_each_reveal_is_logged(filed, people, province, citizen):
    inspector = make_user("inspektur", (Role.INSPECTOR, province))
    with pytest.raises(PermissionDenied):
        handling.reveal_identity(actor=people["supervisor"], complaint_id=filed.complaint.pk)
    with pytest.raises(PermissionDenied):
        handling.reveal_identity(actor=people["officer"], complaint_id=filed.complaint.pk)
    identity = handling.reveal_identity(actor=inspector, complaint_id=filed.complaint.pk)
    assert identity["name"] in (citizen.get_full_name(), citizen.username)
    assert AuditEvent.objects.filter(action="complaints.identity_revealed", actor_id=inspector.pk).count() == 1


def test_nobody_sees_an_anonymous_reporter(desk, service_a, province):
    filed = services.file(
        actor=None,
        kind=rules.SERVICE,
        identity=rules.ANONYMOUS,
        title="Antrean",
        body="Antrean sangat panjang pagi ini.",
        service_id=service_a.pk,
    )
    inspector = make_user("inspektur", (Role.INSPECTOR, province))
    with pytest.raises(PermissionDenied):
        handling.reveal_identity(actor=inspector, complaint_id=filed.complaint.pk)


def test_the_public_register_shows_the_moderators_words_only(filed, people, client):
    with pytest.raises(LoketError):  # not answered yet
        handling.publish(actor=people["supervisor"], complaint_id=filed.complaint.pk, title="Judul", summary="x" * 30)
    _answered(filed, people)
    with pytest.raises(PermissionDenied):
        handling.publish(actor=people["officer"], complaint_id=filed.complaint.pk, title="Judul", summary="x" * 30)
    handling.publish(
        actor=people["supervisor"],
        complaint_id=filed.complaint.pk,
        title="Persyaratan di situs dan di loket berbeda",
        summary="Persyaratan sudah diselaraskan antara situs dan loket.",
    )
    page = client.get("/pengaduan/publik/").content.decode()
    assert "Persyaratan sudah diselaraskan" in page
    assert "Persyaratan di situs berbeda dengan yang diminta" not in page  # never the reporter's own words
    assert "warga" not in page


def test_the_office_page_hides_the_reporter_and_takes_the_answer(filed, people, client):
    client.force_login(people["officer"])
    page = client.get(f"/kantor/pengaduan/{filed.complaint.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "Persyaratan berbeda" in html and "warga" not in html
    assert "Tampilkan identitas pelapor" not in html
    done = client.post(f"/kantor/pengaduan/{filed.complaint.pk}/tindakan/", {"action": "tier", "tier": "ringan"})
    assert done.status_code == 302
    refused = client.post(f"/kantor/pengaduan/{filed.complaint.pk}/tindakan/", {"action": "answer", "text": "pendek"})
    assert refused.status_code == 400 and "paling sedikit" in refused.content.decode()
    client.post(f"/kantor/pengaduan/{filed.complaint.pk}/tindakan/", {"action": "answer", "text": ANSWER})
    filed.complaint.refresh_from_db()
    assert filed.complaint.answer == ANSWER
    client.force_login(people["stranger"])
    assert client.get(f"/kantor/pengaduan/{filed.complaint.pk}/").status_code == 404


def test_a_colleagues_claimed_complaint_is_not_mine_to_answer(filed, people):
    task = Task.objects.get(application=filed.complaint.case, status=Task.Status.OPEN)
    Task.objects.filter(pk=task.pk).update(claimed_by=people["officer2"])
    with pytest.raises(NotFound, match="petugas lain"):
        handling.set_tier(actor=people["officer"], complaint_id=filed.complaint.pk, tier="ringan")
    handling.set_tier(actor=people["officer2"], complaint_id=filed.complaint.pk, tier="ringan")


def test_an_officer_never_handles_their_own_complaint(desk, service_a, people):
    filed = services.file(
        actor=people["officer"],
        kind=rules.SERVICE,
        identity=rules.CONFIDENTIAL,  # the case's applicant is a pseudonym: the engine alone would not see it
        title="Sistem antrean",
        body="Sistem antrean daring sering mati pada jam sibuk.",
        service_id=service_a.pk,
    )
    with pytest.raises(PermissionDenied, match="sendiri"):
        handling.set_tier(actor=people["officer"], complaint_id=filed.complaint.pk, tier="ringan")
    handling.set_tier(actor=people["officer2"], complaint_id=filed.complaint.pk, tier="ringan")


def test_the_handler_cannot_give_themself_more_time(filed, people):
    handling.set_tier(actor=people["officer"], complaint_id=filed.complaint.pk, tier="ringan")
    with pytest.raises(PermissionDenied, match="penyelia"):
        handling.set_tier(actor=people["officer"], complaint_id=filed.complaint.pk, tier="pemeriksaan")
    handling.set_tier(actor=people["supervisor"], complaint_id=filed.complaint.pk, tier="pemeriksaan")
    assert AuditEvent.objects.filter(action="complaints.tier_set", data__was="ringan").count() == 1


def test_only_the_work_holder_and_those_who_oversee_read_a_complaint(filed, people, agency_a):
    bystander = make_user("petugas_bidang_lain", (Role.OFFICER, agency_a))
    task = Task.objects.get(application=filed.complaint.case, status=Task.Status.OPEN)
    Task.objects.filter(pk=task.pk).update(claimed_by=people["officer"])
    complaint = filed.complaint
    assert handling.reader_kind(people["officer"], complaint) == rules.READER_HANDLER
    assert handling.reader_kind(people["supervisor"], complaint) == rules.READER_HANDLER
    assert handling.reader_kind(bystander, complaint) == rules.READER_OTHER


def test_a_report_about_the_inspectorate_goes_to_the_one_above(kota_bandung, province, service_a):
    city = Agency.objects.create(region=kota_bandung, slug="inspektorat-kota", name="Inspektorat Kota Bandung")
    prov = Agency.objects.create(region=province, slug="inspektorat-prov", name="Inspektorat Provinsi Jawa Barat")
    open_desk(city, inspectorate=True)
    open_desk(prov, inspectorate=True)
    about_city = services.file(
        actor=None, kind=rules.CONDUCT, identity=rules.ANONYMOUS, title="Auditor meminta hadiah",
        body="Seorang auditor inspektorat kota meminta hadiah saat pemeriksaan.", agency_id=city.pk,
    )  # fmt: skip
    assert about_city.complaint.desk.agency == prov
    about_service = services.file(
        actor=None, kind=rules.PUNGLI, identity=rules.ANONYMOUS, title="Pungli", body=BODY_PUNGLI,
        service_id=service_a.pk,
    )  # fmt: skip
    assert about_service.complaint.desk.agency == city


BODY_PUNGLI = "Petugas meminta uang Rp50.000 agar berkas diproses lebih cepat."


def test_a_desk_service_takes_no_ordinary_application(filed, citizen):
    from loket.applications import services as applications

    service = filed.complaint.desk.service
    assert service.kind_only
    with pytest.raises(LoketError, match="formulir permohonan"):
        applications.submit(
            actor=citizen, applicant=citizen, service=service, answers={}, idempotency_key="complaint-999-reopen"
        )
