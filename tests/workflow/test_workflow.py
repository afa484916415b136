"""Submission, SOP steps, parallel approval, return/resubmit clock, reject, withdraw (issue 3)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from loket.applications import services as applications
from loket.applications.models import Application, Upload
from loket.core.errors import LoketError, NotFound
from loket.core.models import AuditEvent
from loket.notify.models import Notification
from loket.org.models import Role
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import ANSWERS, PDF, consent_code
from tests.helpers.org import make_user
from tests.helpers.workflow import first_requirement

pytestmark = pytest.mark.django_db


def open_tasks(application):
    return list(Task.objects.filter(application=application, status="open").select_related("step", "unit"))


def test_submit_records_everything_in_one_go(submitted, ktp):
    assert re.fullmatch(r"3273-\d{2}-\d{7}", submitted.tracking_number)
    assert submitted.status == "submitted" and submitted.channel == "online"
    assert submitted.data["hp"] == "+6281234567890"
    tasks = open_tasks(submitted)
    assert [t.step.position for t in tasks] == [1]
    assert tasks[0].due_at > submitted.submitted_at
    assert submitted.due_at >= tasks[0].due_at
    ktp.refresh_from_db()
    assert ktp.application_id == submitted.pk and ktp.requirement == "req_0"
    assert (
        Notification.objects.filter(template="application_submitted", user=submitted.applicant).count() == 2
    )  # email + SMS
    assert AuditEvent.objects.filter(action="applications.submitted", object_id=str(submitted.pk)).exists()
    assert list(submitted.events.values_list("kind", flat=True)) == ["submitted"]


def test_same_idempotency_key_gives_one_application(submitted, process_service, applicant):
    again, pin = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=process_service,
        answers=ANSWERS,
        upload_ids={},
        idempotency_key="k-1",
    )
    assert again.pk == submitted.pk and pin is None
    assert Application.objects.count() == 1


def test_invalid_answers_and_missing_upload_change_nothing(process_service, applicant):
    with pytest.raises(LoketError) as excinfo:
        applications.submit(
            actor=applicant,
            applicant=applicant,
            service=process_service,
            answers={**ANSWERS, "nik_pemilik": "3273013102900001"},
            upload_ids={},
            idempotency_key="k-2",
        )
    assert "nik_pemilik" in excinfo.value.errors and "req_0" in excinfo.value.errors
    assert "req_1" not in excinfo.value.errors  # optional document
    assert not Application.objects.exists() and not Task.objects.exists()


def test_upload_of_wrong_type_for_requirement_is_refused(process_service, applicant):
    png = applications.store_upload(owner=applicant, data=b"\x89PNG\r\n\x1a\n" + b"0" * 10, name="ktp.png")
    with pytest.raises(LoketError) as excinfo:
        applications.submit(
            actor=applicant,
            applicant=applicant,
            service=process_service,
            answers=ANSWERS,
            upload_ids={"req_0": str(png.pk)},
            idempotency_key="k-3",
        )
    assert "PDF, JPG" in excinfo.value.errors["req_0"][0]


def test_someone_elses_upload_cannot_be_used(process_service, applicant, citizen):
    foreign = applications.store_upload(owner=citizen, data=PDF, name="ktp.pdf")
    with pytest.raises(LoketError) as excinfo:
        applications.submit(
            actor=applicant,
            applicant=applicant,
            service=process_service,
            answers=ANSWERS,
            upload_ids={"req_0": str(foreign.pk)},
            idempotency_key="k-4",
        )
    assert "req_0" in excinfo.value.errors


def test_profile_is_needed_before_applying(process_service, citizen):
    with pytest.raises(LoketError, match="profil"):
        applications.submit(
            actor=citizen,
            applicant=citizen,
            service=process_service,
            answers=ANSWERS,
            upload_ids={},
            idempotency_key="k-5",
        )


def test_full_procedure_with_parallel_step(submitted, officers, units):
    [first] = open_tasks(submitted)
    workflow.act(actor=officers["front"], task_id=first.pk, action="approve")
    parallel = open_tasks(submitted)
    assert {t.unit for t in parallel} == {units["tech"], units["legal"]}
    workflow.act(actor=officers["tech"], task_id=parallel[0].pk, action="approve")
    assert [t.step.position for t in open_tasks(submitted)] == [2]  # still waiting for the other unit
    legal = make_user("petugas_hukum", (Role.OFFICER, submitted.agency))  # one person, one approval per case
    workflow.act(actor=legal, task_id=parallel[1].pk, action="approve")
    [last] = open_tasks(submitted)
    assert last.step.position == 3 and last.step_role == "agency_head"
    with pytest.raises(NotFound):
        workflow.act(actor=officers["front"], task_id=last.pk, action="approve")  # not the head
    workflow.act(actor=officers["head"], task_id=last.pk, action="approve")
    submitted.refresh_from_db()
    assert submitted.status == "completed" and submitted.decided_at
    assert Notification.objects.filter(template="application_completed").exists()
    kinds = list(submitted.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "step_approved", "step_approved", "step_approved", "step_approved", "completed"]


def test_return_pauses_the_clock_and_resubmission_resumes_it(submitted, officers, applicant):
    [first] = open_tasks(submitted)
    with pytest.raises(LoketError, match="Alasan"):
        workflow.act(actor=officers["front"], task_id=first.pk, action="return", note="  ")
    workflow.act(
        actor=officers["front"],
        task_id=first.pk,
        action="return",
        note="KTP buram, unggah ulang",
        requirements=first_requirement(first),
    )
    submitted.refresh_from_db()
    assert submitted.status == "returned" and submitted.paused_at is not None
    assert open_tasks(submitted) == []
    original_due = submitted.due_at
    # Three working days pass before the applicant resubmits.
    submitted.paused_at = submitted.paused_at - dt.timedelta(days=7)
    submitted.save(update_fields=["paused_at"])
    Task.objects.filter(application=submitted).update(created_at=submitted.paused_at)
    resubmitted = applications.resubmit(actor=applicant, application=submitted, answers=ANSWERS)
    assert resubmitted.status == "submitted" and resubmitted.revision_count == 1
    from loket.org import deadlines

    region = submitted.region
    expected = deadlines.calendar_for(region).working_days_between(
        deadlines.local_date(submitted.paused_at, region), deadlines.local_date(timezone.now(), region)
    )
    assert expected >= 4 and resubmitted.paused_working_days == expected
    assert resubmitted.due_at > original_due
    [again] = open_tasks(resubmitted)
    assert again.step.position == 1
    # The step's deadline moved by the days with the applicant only: it did not start over.
    assert again.due_at == deadlines.due_after(first.due_at, expected, region)
    assert Notification.objects.filter(template="application_returned").exists()


def test_reject_needs_a_reason_and_ends_the_application(submitted, officers):
    [first] = open_tasks(submitted)
    workflow.act(actor=officers["front"], task_id=first.pk, action="reject", note="Lokasi di zona hijau")
    submitted.refresh_from_db()
    assert submitted.status == "rejected" and submitted.decision_note == "Lokasi di zona hijau"
    notification = Notification.objects.get(template="application_rejected", channel="email")
    assert notification.context["note"] == "Lokasi di zona hijau"


def test_stale_action_is_a_conflict(submitted, officers):
    [first] = open_tasks(submitted)
    workflow.act(actor=officers["front"], task_id=first.pk, action="approve")
    with pytest.raises(workflow.Conflict):
        workflow.act(actor=officers["front"], task_id=first.pk, action="approve", expected_version=0)


def test_claimed_task_belongs_to_its_officer(submitted, officers, agency_a):
    from loket.org.models import Role
    from tests.helpers.org import make_user

    other = make_user("petugas_lain", (Role.OFFICER, agency_a))
    [first] = open_tasks(submitted)
    workflow.claim(actor=officers["front"], task_id=first.pk)
    with pytest.raises(workflow.Conflict):
        workflow.claim(actor=other, task_id=first.pk)
    with pytest.raises(workflow.Conflict):
        workflow.act(actor=other, task_id=first.pk, action="approve")
    workflow.release(actor=officers["front"], task_id=first.pk)
    workflow.act(actor=other, task_id=first.pk, action="approve")


def test_officer_of_another_agency_and_citizens_are_refused(submitted, editor_b, agency_b, applicant):
    from loket.org.models import Role
    from tests.helpers.org import make_user

    outsider = make_user("petugas_bogor", (Role.OFFICER, agency_b))
    [first] = open_tasks(submitted)
    for actor in (outsider, applicant, editor_b):
        with pytest.raises(NotFound):
            workflow.act(actor=actor, task_id=first.pk, action="approve")
    assert Task.objects.get(pk=first.pk).status == "open"


def test_withdraw_while_undecided(submitted, applicant, citizen):
    with pytest.raises(NotFound):
        applications.withdraw(actor=citizen, application=submitted)
    applications.withdraw(actor=applicant, application=submitted, reason="Salah layanan")
    submitted.refresh_from_db()
    assert submitted.status == "withdrawn" and open_tasks(submitted) == []
    with pytest.raises(LoketError):
        applications.withdraw(actor=applicant, application=submitted)


def test_assisted_submission_needs_role_and_consent(process_service, applicant, officers, ktp, citizen):
    kwargs = {
        "applicant": applicant,
        "service": process_service,
        "answers": ANSWERS,
        "upload_ids": {"req_0": str(ktp.pk)},
    }
    with pytest.raises(LoketError, match="persetujuan"):
        applications.submit(actor=officers["front"], idempotency_key="a-1", **kwargs)
    from loket.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        applications.submit(actor=citizen, consent_note="ok", idempotency_key="a-2", **kwargs)
    application, _ = applications.submit(
        actor=officers["front"],
        idempotency_key="a-3",
        consent_code=consent_code(officers["front"], applicant, process_service),
        **kwargs,
    )
    # Filed at the agency's office: the citizen came in person (the channel follows from where the officer serves).
    assert application.channel == "counter" and application.assisted_by == officers["front"]
    assert application.applicant == applicant and application.consent.method == "code"


def test_procedure_must_fit_the_time_limit(editor_a, service_a, units):
    from loket.catalogue import services as catalogue

    draft = catalogue.open_draft(actor=editor_a, service=service_a)  # time limit 5 days
    with pytest.raises(LoketError) as excinfo:
        workflow.save_procedure(
            actor=editor_a,
            standard=draft,
            steps=[{"name_id": "Verifikasi", "sla_days": 3}, {"name_id": "Penetapan", "sla_days": 3}],
        )
    assert any("melebihi" in m for m in excinfo.value.errors["steps"])


def test_new_draft_copies_form_and_procedure(process_service, editor_a):
    from loket.catalogue import services as catalogue

    draft = catalogue.open_draft(actor=editor_a, service=process_service)
    assert draft.form.fields == process_service.current.form.fields
    assert [s.sla_days for s in draft.steps.all()] == [2, 2, 1]
    assert draft.steps.get(position=2).parallel_units.count() == 2


def test_published_form_is_frozen(process_service, editor_a):
    with pytest.raises(LoketError, match="sudah terbit"):
        applications.save_form(actor=editor_a, standard=process_service.current, fields=[])


def test_file_fields_of_the_form_are_attached(process_service, applicant, ktp, editor_a):
    from loket.catalogue import services as catalogue
    from tests.helpers.applications import FORM

    draft = catalogue.open_draft(actor=editor_a, service=process_service)
    applications.save_form(
        actor=editor_a,
        standard=draft,
        fields=FORM + [{"key": "denah", "type": "file", "label": {"id": "Denah lokasi"}, "required": True}],
    )
    catalogue.publish(actor=editor_a, service=process_service)
    process_service.refresh_from_db()
    denah = applications.store_upload(owner=applicant, data=PDF, name="denah.pdf")
    with pytest.raises(LoketError) as excinfo:
        applications.submit(
            actor=applicant,
            applicant=applicant,
            service=process_service,
            answers={**ANSWERS, "denah": "00000000-0000-0000-0000-000000000000"},
            upload_ids={"req_0": str(ktp.pk)},
            idempotency_key="f-1",
        )
    assert "denah" in excinfo.value.errors
    application, _ = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=process_service,
        answers={**ANSWERS, "denah": str(denah.pk)},
        upload_ids={"req_0": str(ktp.pk)},
        idempotency_key="f-2",
    )
    assert set(application.uploads.values_list("requirement", flat=True)) == {"req_0", "denah"}
