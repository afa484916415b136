"""The task page: what the officer sees, the actions through HTML forms, conflicts, NIK reveal, downloads."""

import re

import pytest

from loket.applications import services as applications
from loket.applications.models import Application
from loket.core.models import AuditEvent
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import PDF, file_application
from tests.helpers.auth import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(submitted):
    return Task.objects.get(application=submitted, status="open")


def page(task) -> str:
    return f"/kantor/tugas/{task.pk}/"


def take(client, task) -> None:
    """Claim the task: its applicant's data is shown only then (issue 13)."""
    assert client.post(page(task) + "ambil/").status_code == 302
    task.refresh_from_db()


def act(client, task, action, note="", version=None, requirements=()):
    return client.post(
        page(task) + "tindak/",
        {
            "action": action,
            "note": note,
            "version": task.version if version is None else version,
            "requirements": list(requirements),
        },
    )


def test_page_shows_the_application(client, officers, task, submitted):
    login(client, officers["front"])
    take(client, task)
    response = client.get(page(task))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Izin Usaha Mikro" in html and ">v1<" in html and "Daring (dari rumah)" in html
    assert "Imas Masitoh" in html
    assert "327301********01" in html and "3273014101900001" not in html  # NIK masked, in the answers too
    assert "Nama usaha" in html and "Warung Sunda Bu Imas" in html  # answers with their form labels
    assert "Verifikasi berkas" in html and "Permohonan diterima" in html  # step and history
    assert f'name="version" value="{task.version}"' in html
    assert "<caption" in html and 'scope="col"' in html


def test_nik_reveal_is_a_post_and_is_audited(client, officers, task, submitted):
    login(client, officers["front"])
    take(client, task)
    assert client.get(page(task) + "nik/").status_code == 405
    assert not AuditEvent.objects.filter(action="applications.nik_viewed").exists()
    response = client.post(page(task) + "nik/")
    assert response.status_code == 200 and "3273014101900001" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="applications.nik_viewed")
    assert event.actor_id == officers["front"].pk and event.object_id == str(submitted.pk)
    assert event.data["tracking"] == submitted.tracking_number and "3273014101900001" not in str(event.data)


def test_claim_and_release(client, officers, task):
    login(client, officers["front"])
    response = client.post(page(task) + "ambil/")
    assert response.status_code == 302 and response.url == page(task)
    task.refresh_from_db()
    assert task.claimed_by == officers["front"]
    html = client.get(page(task)).content.decode()
    assert "Lepas tugas" in html and "Tugas diambil" in html
    client.logout()
    login(client, officers["tech"])
    html = client.get(page(task)).content.decode()
    assert "sedang dikerjakan petugas lain" in html and "Setujui tahap ini" not in html
    response = client.post(page(task) + "ambil/")
    assert response.status_code == 409 and "sudah diambil petugas lain" in response.content.decode()
    client.logout()
    login(client, officers["front"])
    assert client.post(page(task) + "lepas/").status_code == 302
    task.refresh_from_db()
    assert task.claimed_by is None


def test_approve_moves_to_the_next_step(client, officers, task, submitted):
    login(client, officers["front"])
    response = act(client, task, "approve")
    assert response.status_code == 302 and response.url == "/kantor/tugas/"
    task.refresh_from_db()
    assert task.status == "approved" and task.completed_by == officers["front"]
    assert Task.objects.filter(application=submitted, status="open", step__position=2).count() == 2
    assert "Tahap disetujui" in client.get("/kantor/tugas/").content.decode()


def test_return_needs_a_note(client, officers, task, submitted):
    login(client, officers["front"])
    take(client, task)
    response = act(client, task, "return", note="   ")
    assert response.status_code == 400
    assert "Alasan wajib diisi" in response.content.decode()
    task.refresh_from_db()
    submitted.refresh_from_db()
    assert task.status == "open" and submitted.status == "submitted"
    page = client.get(f"/kantor/tugas/{task.pk}/").content.decode()
    assert 'name="requirements" value="KTP-el"' in page and "tidak pernah meminta uang" in page
    unchosen = act(client, task, "return", note="Foto KTP buram, unggah ulang.")
    assert unchosen.status_code == 400 and "Pilih persyaratan standar pelayanan" in unchosen.content.decode()
    response = act(client, task, "return", note="Foto KTP buram, unggah ulang.", requirements=["KTP-el"])
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "returned"
    assert submitted.events.last().note == "Persyaratan yang belum dipenuhi: KTP-el.\nFoto KTP buram, unggah ulang."


def test_reject_needs_a_reason(client, officers, task, submitted):
    login(client, officers["front"])
    assert act(client, task, "reject").status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert act(client, task, "reject", note="Lokasi usaha di luar wilayah.").status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "rejected" and submitted.decision_note == "Lokasi usaha di luar wilayah."


def test_stale_version_is_a_conflict_and_changes_nothing(client, officers, task, submitted):
    login(client, officers["tech"])
    stale = task.version
    assert client.get(page(task)).status_code == 200
    # Meanwhile another officer acts first.
    workflow.act(actor=officers["front"], task_id=task.pk, action="approve", expected_version=stale)
    before = (Task.objects.count(), AuditEvent.objects.count(), Application.objects.get(pk=submitted.pk).version)
    response = act(client, task, "reject", note="Tidak lengkap.", version=stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Tindakan Anda tidak diterapkan" in html and "baru saja ditindaklanjuti petugas lain" in html
    assert (
        Task.objects.count(),
        AuditEvent.objects.count(),
        Application.objects.get(pk=submitted.pk).version,
    ) == before
    task.refresh_from_db()
    submitted.refresh_from_db()
    assert task.status == "approved" and submitted.status == "submitted"


def test_version_changed_by_a_claim_is_a_conflict(client, officers, task):
    login(client, officers["front"])
    stale = task.version
    workflow.claim(actor=officers["front"], task_id=task.pk)
    response = act(client, task, "approve", version=stale)
    assert response.status_code == 409
    task.refresh_from_db()
    assert task.status == "open"
    # The page now carries the fresh version: acting again works.
    fresh = re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)
    assert act(client, task, "approve", version=int(fresh)).status_code == 302


def test_missing_version_is_refused(client, officers, task):
    login(client, officers["front"])
    response = client.post(page(task) + "tindak/", {"action": "approve"})
    assert response.status_code == 400 and "Formulir tidak lengkap" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "open"


def test_other_agency_cannot_see_or_act(client, officer_b, task):
    login(client, officer_b)
    assert client.get(page(task)).status_code == 404
    assert act(client, task, "approve").status_code == 404
    assert client.post(page(task) + "nik/").status_code == 404
    task.refresh_from_db()
    assert task.status == "open"


def test_download_is_an_attachment_for_officers_in_scope_only(
    client, officers, officer_b, task, ktp, applicant, process_service
):
    login(client, officers["front"])
    assert client.get(f"{page(task)}berkas/{ktp.pk}/").status_code == 404  # not before the task is taken
    take(client, task)
    url = f"{page(task)}berkas/{ktp.pk}/"
    assert url in client.get(page(task)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and "ktp.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(action="applications.upload_downloaded", actor_id=officers["front"].pk).exists()
    other = file_application(process_service, applicant, "k-other")
    foreign = other.uploads.get()
    assert client.get(f"{page(task)}berkas/{foreign.pk}/").status_code == 404  # not this task's application
    loose = applications.store_upload(owner=applicant, data=PDF, name="x.pdf")
    assert client.get(f"{page(task)}berkas/{loose.pk}/").status_code == 404
    client.logout()
    login(client, officer_b)
    assert client.get(url).status_code == 404


def test_citizen_cannot_open_a_task(client, applicant, task):
    login(client, applicant)
    assert client.get(page(task)).status_code == 403
    assert client.post(page(task) + "tindak/", {"action": "approve", "version": 0}).status_code == 403


def test_personal_data_is_shown_only_once_the_task_is_taken_and_every_read_is_tracked(
    client, officers, task, submitted, applicant
):
    # Finding 2: "Any officer in scope opens any task (name, address, phone, e-mail) before deciding whether to
    # claim it ... opening a task page is not logged."
    from loket.applications.models import CaseAccess

    login(client, officers["front"])
    preview = client.get(page(task)).content.decode()
    assert "I*** M***" in preview and "Imas Masitoh" not in preview and "Warung Sunda Bu Imas" not in preview
    assert "ditampilkan setelah Anda mengambil tugas ini" in preview and "Setujui tahap ini" not in preview
    assert client.post(page(task) + "nik/").status_code == 404
    take(client, task)
    opened = client.get(page(task)).content.decode()
    assert "Imas Masitoh" in opened and "Warung Sunda Bu Imas" in opened and "Setujui tahap ini" in opened
    client.post(page(task) + "nik/")
    kinds = list(CaseAccess.objects.filter(application=submitted).order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == ["preview", "opened", "identifier"]
    assert set(CaseAccess.objects.values_list("actor_label", flat=True)) == {f"Petugas · {submitted.agency.name}"}

    # The applicant sees who opened the case, when and what was read.
    client.logout()
    client.force_login(applicant)
    status = client.get(f"/permohonan/{submitted.tracking_number}/").content.decode()
    assert f'href="/permohonan/{submitted.tracking_number}/akses/"' in status
    tracker = client.get(f"/permohonan/{submitted.tracking_number}/akses/").content.decode()
    assert tracker.count(f"Petugas · {submitted.agency.name}") == 3
    assert "Membaca data permohonan" in tracker and "Melihat NIK atau nomor identitas lengkap" in tracker
    assert "petugas_front" not in tracker  # the name is for the inspectorate, not the public
    client.force_login(officers["front"])
    assert client.get(f"/permohonan/{submitted.tracking_number}/akses/").status_code == 404
