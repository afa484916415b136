"""e-KGB on the one case engine (issue 12): a KGB draft is a system-opened case of the KGB service whose
steps are BKD's review (only when the draft needs it) and the official's signature, with deadlines, in
their inboxes and on the dashboard; the signed notice is the case's decision document."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.applications import services as applications
from loket.core.dates import short_date
from loket.core.errors import LoketError, PermissionDenied
from loket.core.models import AuditEvent
from loket.documents.models import Document
from loket.hr.backfill import attach_missing_kgb_cases
from loket.hr.kgb import services
from loket.hr.models import CaseService, Delegation, Employee, KgbDecision
from loket.insights import services as insights
from loket.insights.models import MonthlyStat
from loket.notify.models import Notification
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.hr import otp

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
S = KgbDecision.Status


def drafted() -> KgbDecision:
    services.draft_due(today=TODAY)
    return KgbDecision.objects.select_related("case").get()


def open_tasks(decision):
    return list(Task.objects.filter(application=decision.case, status="open").select_related("step", "assignee"))


def needs_review(staff):
    Employee.objects.filter(pk=staff["staf"].pk).update(performance="butuh perbaikan")


def test_the_job_opens_a_system_case_with_the_employee_as_applicant_and_tells_them(due, kgb_service):
    decision = drafted()
    case = decision.case
    assert case is not None and case.service == kgb_service and case.status == "submitted"
    assert case.applicant == due["staf"].user and case.assisted_by is None  # nobody acted for them: the system
    [event] = case.events.all()
    assert event.kind == "submitted" and event.actor is None
    notice = Notification.objects.get(template="kgb_in_process", user=due["staf"].user, channel="email")
    assert notice.context["tracking"] == case.tracking_number and notice.context["effective"] == "2026-12-01"
    assert services.draft_due(today=TODAY) == 0 and KgbDecision.objects.get().case == case  # once


def test_the_employee_cannot_withdraw_a_kgb_case_and_is_told_whom_to_ask(due, kgb_service, client):
    decision = drafted()
    client.force_login(due["staf"].user)
    response = client.post(
        f"/permohonan/{decision.case.tracking_number}/cabut/", {"reason": "Tidak perlu"}, follow=True
    )
    assert "tidak dapat dicabut" in response.content.decode()
    page = client.get(f"/permohonan/{decision.case.tracking_number}/").content.decode()
    assert "hubungi BKD" in page and "/cabut/" not in page  # no button that can only fail
    with pytest.raises(LoketError, match="tidak dapat dicabut"):
        applications.withdraw(actor=due["staf"].user, application=decision.case)
    decision.refresh_from_db()
    decision.case.refresh_from_db()
    assert decision.case.status == "submitted" and decision.status != S.CANCELLED and len(open_tasks(decision)) == 1


def test_an_eligible_draft_skips_bkd_and_waits_for_the_official_with_its_deadline(due, hr_admin, client):
    decision = drafted()
    [task] = open_tasks(decision)
    assert task.assignee == due["kadis"].user and task.step.addressee == "signing_official" and task.step.position == 2
    assert task.due_at > decision.case.submitted_at
    assert decision.case.data["pemeriksaan"].startswith("Tidak diperlukan")
    client.force_login(due["kadis"].user)  # an employee without any back-office role
    html = client.get("/kantor/tugas/").content.decode()
    assert decision.case.tracking_number in html and short_date(timezone.localtime(task.due_at).date()) in html
    page = client.get(f"/kantor/tugas/{task.pk}/").content.decode()
    assert "/pegawai/kgb/" in page and 'value="approve"' not in page  # decided on e-KGB's own page
    with pytest.raises(LoketError, match="halaman keputusannya sendiri"):
        workflow.act(actor=due["kadis"].user, task_id=task.pk, action="approve")
    client.force_login(hr_admin)  # BKD has nothing to do on it
    assert decision.case.tracking_number not in client.get("/kantor/tugas/").content.decode()


def test_a_draft_under_review_waits_in_bkds_inbox_with_its_reasons(due, hr_admin, client):
    needs_review(due)
    decision = drafted()
    assert decision.status == S.REVIEW
    [task] = open_tasks(decision)
    assert task.assignee == hr_admin and task.step.addressee == "hr_office" and task.step.position == 1
    client.force_login(hr_admin)
    assert decision.case.tracking_number in client.get("/kantor/tugas/").content.decode()
    page = client.get(f"/kantor/tugas/{task.pk}/").content.decode()
    assert "di bawah syarat minimal" in page and f"/kantor/kepegawaian/kgb/#kgb-{decision.pk}" in page
    register = client.get("/kantor/kepegawaian/kgb/").content.decode()
    assert f'id="kgb-{decision.pk}"' in register and decision.case.tracking_number in register


def test_recheck_completes_bkds_step_and_moves_the_case_to_the_official(due, hr_admin):
    needs_review(due)
    decision = drafted()
    services.recheck(actor=hr_admin, decision_id=decision.pk)  # still not eligible: nothing moves
    [task] = open_tasks(decision)
    assert task.assignee == hr_admin
    Employee.objects.filter(pk=due["staf"].pk).update(performance="baik")  # BKD corrects the SKP rating
    decision = services.recheck(actor=hr_admin, decision_id=decision.pk)
    assert decision.status == S.SIGNATURE
    review = Task.objects.get(pk=task.pk)
    assert review.status == "approved" and review.completed_by == hr_admin
    [signing] = open_tasks(decision)
    assert signing.assignee == due["kadis"].user and signing.step.position == 2
    # The case shows what the official signs, not the draft as it was opened; its history says it changed.
    case = decision.case
    case.refresh_from_db()
    assert case.data["perlu_pemeriksaan_bkd"] == "tidak" and case.data["pemeriksaan"].startswith("Tidak diperlukan")
    assert [e.kind for e in case.events.all()] == ["submitted", "facts_updated", "step_approved"]
    change = AuditEvent.objects.get(action="applications.facts_updated")
    assert change.data["before"]["perlu_pemeriksaan_bkd"] == "ya" and change.actor_id == hr_admin.pk


def test_the_data_a_person_filed_never_changes_after_filing(staff, leave_service):
    from loket.hr.leave import services as leave

    filed = leave.request_leave(
        actor=staff["staf"].user, leave_type="tahunan", first=dt.date(2026, 12, 7), last=dt.date(2026, 12, 8),
        reason="Keluarga", address="Bandung",
    )  # fmt: skip
    with pytest.raises(LoketError, match="tidak dapat diubah"):
        applications.update_case_facts(filed.case_id, data={"nip": "x"}, actor=None, note="")


def test_any_bkd_admin_of_the_region_may_act_on_a_review_addressed_to_a_colleague(due, hr_admin, kota_bandung):
    from loket.org.models import Role
    from tests.helpers.org import make_user

    colleague = make_user("bkd_bandung_2", (Role.HR_ADMIN, kota_bandung))
    needs_review(due)
    decision = drafted()
    assert open_tasks(decision)[0].assignee == hr_admin  # neither had a task: the first account of the office
    Employee.objects.filter(pk=due["staf"].pk).update(performance="baik")
    services.recheck(actor=colleague, decision_id=decision.pk)
    assert Task.objects.get(application=decision.case, step__position=1).completed_by == colleague


def test_reviews_are_spread_over_the_hr_office_least_loaded_first(due, hr_admin, kota_bandung):
    from loket.org.models import Role
    from tests.helpers.org import make_user

    colleague = make_user("bkd_bandung_2", (Role.HR_ADMIN, kota_bandung))
    second = due["staf2"]
    Employee.objects.filter(pk=second.pk).update(
        grade="IIIa", salary_tmt=dt.date(2024, 12, 1), mkg_years=6, mkg_months=0, base_salary=3057300
    )
    Employee.objects.filter(pk__in=[due["staf"].pk, second.pk]).update(performance="butuh perbaikan")
    services.draft_due(today=TODAY)  # both opened together
    reviewers = sorted(
        Task.objects.filter(application__in=[d.case for d in KgbDecision.objects.all()], status="open").values_list(
            "assignee_id", flat=True
        )
    )
    assert reviewers == sorted([hr_admin.pk, colleague.pk])  # one each, not both to the first account


def test_cancel_refuses_the_case_with_bkds_reason(due, hr_admin):
    decision = drafted()
    services.cancel(actor=hr_admin, decision_id=decision.pk, note="Ditunda: hukuman disiplin")
    decision.refresh_from_db()
    case = decision.case
    case.refresh_from_db()
    assert decision.status == S.CANCELLED and case.status == "rejected"
    assert case.decision_note == "Dibatalkan BKD: Ditunda: hukuman disiplin" and open_tasks(decision) == []
    assert Notification.objects.filter(template="application_rejected", user=due["staf"].user).exists()


def test_signing_completes_the_case_and_the_notice_is_its_decision_document(due):
    decision = drafted()
    decision = services.sign(actor=due["kadis"].user, decision_id=decision.pk, otp=otp(due["kadis"]))
    case = decision.case
    case.refresh_from_db()
    assert decision.status == S.SIGNED and case.status == "completed" and open_tasks(decision) == []
    [document] = case.documents.all()
    assert document.code == decision.document_id and document.subject_type == "hr.kgb_notice"
    assert document.status == Document.Status.VALID
    assert [e.kind for e in case.events.all()] == ["submitted", "step_approved", "completed"]
    assert Task.objects.get(application=case).completed_by == due["kadis"].user


def test_a_stand_in_signs_for_the_official_during_the_delegation_only(due, client):
    decision = drafted()
    monday = dt.date(2026, 11, 30)
    Delegation.objects.create(delegator=due["kadis"], delegate=due["kabid"], first=monday, last=monday)
    with pytest.raises(PermissionDenied):
        services.sign(actor=due["kabid"].user, decision_id=decision.pk, otp=otp(due["kabid"]), today=TODAY)
    with pytest.raises(PermissionDenied):  # the plh of someone else is nobody's plh here
        services.sign(actor=due["kasi"].user, decision_id=decision.pk, otp=otp(due["kasi"]), today=monday)
    from loket.hr import queries

    assert list(queries.kgb_to_sign_for(due["kabid"], monday)) == [decision]
    assert list(queries.kgb_to_sign_for(due["kabid"], TODAY)) == []
    decision = services.sign(actor=due["kabid"].user, decision_id=decision.pk, otp=otp(due["kabid"]), today=monday)
    document = Document.objects.get(code=decision.document_id)
    assert decision.signed_by == due["kabid"] and document.signer_title == f"Plh. {due['kadis'].position_name}"
    decision.case.refresh_from_db()
    assert decision.case.status == "completed"


def test_existing_drafts_get_their_cases_ending_as_they_did(due, kgb_service, hr_admin):
    CaseService.objects.filter(kind=CaseService.Kind.KGB).delete()  # drafts made before KGB ran on the engine
    Employee.objects.filter(pk=due["staf2"].pk).update(
        grade="IIIa", salary_tmt=dt.date(2024, 12, 1), mkg_years=6, performance="butuh perbaikan"
    )
    Employee.objects.filter(pk=due["staf3"].pk).update(salary_tmt=None, grade_tmt=None)  # review: data missing
    services.draft_due(today=TODAY)
    assert not KgbDecision.objects.filter(case__isnull=False).exists()
    signed = KgbDecision.objects.get(employee=due["staf"])
    signed = services.sign(actor=due["kadis"].user, decision_id=signed.pk, otp=otp(due["kadis"]))
    review = KgbDecision.objects.get(employee=due["staf2"])
    cancelled = KgbDecision.objects.get(employee=due["staf3"])
    services.cancel(actor=hr_admin, decision_id=cancelled.pk, note="Data SK belum ada")
    waiting = KgbDecision.objects.create(  # one awaiting the signature
        employee=due["kabid2"],
        status=S.SIGNATURE,
        due_date=dt.date(2026, 12, 1),
        effective_date=dt.date(2026, 12, 1),
        grade="IVa",
        current_mkg_years=10,
        current_mkg_months=0,
        new_mkg_years=12,
        new_mkg_months=0,
        official=due["kadis"],
    )
    documents, notices = Document.objects.count(), Notification.objects.count()
    CaseService.objects.create(kind=CaseService.Kind.KGB, region=kgb_service.agency.region, service=kgb_service)

    assert attach_missing_kgb_cases() == 4
    assert attach_missing_kgb_cases() == 0  # idempotent
    for decision in (signed, review, cancelled, waiting):
        decision.refresh_from_db()
        assert decision.case is not None and decision.case.submitted_at == decision.created_at
    assert signed.case.status == "completed" and open_tasks(signed) == []
    assert list(signed.case.documents.values_list("code", flat=True)) == [signed.document_id]
    assert Document.objects.count() == documents  # the notice signed before is the decision: nothing new
    assert [t.assignee for t in open_tasks(review)] == [hr_admin]
    assert [t.assignee for t in open_tasks(waiting)] == [due["kadis"].user]
    assert cancelled.case.status == "rejected" and cancelled.case.decision_note.startswith("Dibatalkan BKD")
    assert Notification.objects.count() == notices  # nobody is told about the past again


def test_an_employee_without_an_account_keeps_a_draft_without_a_case_until_they_have_one(due, hr_admin, client):
    user = due["staf"].user
    Employee.objects.filter(pk=due["staf"].pk).update(user=None)
    decision = drafted()  # the job does not stop on them
    assert decision.status == S.SIGNATURE and decision.case is None
    client.force_login(hr_admin)
    assert "belum memiliki akun Loket" in client.get("/kantor/kepegawaian/kgb/").content.decode()
    Employee.objects.filter(pk=due["staf"].pk).update(user=user)  # the account is linked later
    assert services.draft_due(today=TODAY + dt.timedelta(days=1)) == 0
    decision.refresh_from_db()
    assert decision.case is not None and open_tasks(decision)[0].assignee == due["kadis"].user


def test_a_review_with_nobody_at_the_hr_office_falls_back_to_the_unit_and_role_queue(due, kgb_service):
    needs_review(due)  # no HR admin holds hr.manage over Kota Bandung
    decision = drafted()
    [task] = open_tasks(decision)
    assert task.assignee is None and task.step_role == "officer"
    assert task.agency_id_cache == kgb_service.agency_id and "tidak ditemukan" in task.note


def test_the_kgb_case_counts_on_the_dashboard(due, kgb_service):
    drafted()
    insights.catch_up(lag=dt.timedelta(0), now=timezone.now() + dt.timedelta(seconds=1))
    stat = MonthlyStat.objects.filter(service=kgb_service).first()
    assert stat is not None and stat.received == 1


def test_the_public_page_of_the_kgb_service_draws_the_steps_kgb_follows(kgb_service, client):
    html = client.get(f"/layanan/{kgb_service.code}/").content.decode()
    assert "Pemeriksaan BKD" in html and "Penandatanganan pejabat yang berwenang" in html
    assert "Kantor kepegawaian (BKD) wilayah pemohon" in html


def test_drafting_costs_a_fixed_number_of_statements_however_many_cases_it_opens(due):
    """The job runs over a whole province: the cases are written together (applications.services.open_cases),
    the officials and HR offices read once per agency, so the statements do not grow with the cases."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    everyone = Employee.objects.filter(status="PNS")
    everyone.update(grade="IIIa", salary_tmt=dt.date(2024, 12, 1), mkg_years=6, mkg_months=0, performance="baik")
    count = everyone.count()
    with CaptureQueriesContext(connection) as run:
        assert services.draft_due(today=TODAY) == count
    assert KgbDecision.objects.filter(case__isnull=False).count() == count == 7
    assert len(run.captured_queries) <= 32, len(run.captured_queries)  # 28 today, for 1 case or 200


def test_the_case_data_is_valid_for_the_kgb_form(due, hr_admin):
    from loket.applications.formspec import FormSpec
    from loket.hr.cases import KGB_FORM

    Employee.objects.filter(pk=due["staf2"].pk).update(salary_tmt=None, grade_tmt=None)  # no amounts at all
    Employee.objects.filter(pk=due["staf3"].pk).update(
        grade="IIa", salary_tmt=dt.date(2024, 12, 1), mkg_years=6, performance="butuh perbaikan"
    )
    services.draft_due(today=TODAY)
    spec = FormSpec(KGB_FORM)
    decisions = list(KgbDecision.objects.select_related("case"))
    assert {d.status for d in decisions} == {S.SIGNATURE, S.REVIEW}
    for decision in decisions:
        assert spec.validate(decision.case.data)[1] == {}, decision.case.data


def test_the_stand_in_finds_the_draft_on_their_signing_list_as_plh(due, client):
    decision = drafted()
    today = timezone.localdate()
    Delegation.objects.create(delegator=due["kadis"], delegate=due["kabid"], first=today, last=today)
    client.force_login(due["kabid"].user)
    html = client.get("/pegawai/kgb/").content.decode()
    assert due["staf"].full_name in html and f"Sebagai plh {due['kadis'].full_name}" in html
    assert f"/pegawai/kgb/{decision.pk}/tandatangani/" in html


def test_an_official_who_no_longer_holds_the_post_cannot_sign(due):
    """Checked at the moment of acting (hr.rules.official_refusal): the registry no longer names the official head
    of the agency (an import moved them), so neither they nor their plh sign what was addressed to them."""
    from loket.hr.models import Headship

    decision = drafted()
    assert decision.official == due["kadis"]
    Headship.objects.filter(employee=due["kadis"]).delete()
    with pytest.raises(PermissionDenied, match="tidak lagi menduduki jabatan"):
        services.sign(actor=due["kadis"].user, decision_id=decision.pk, otp=otp(due["kadis"]), today=TODAY)
    Delegation.objects.create(delegator=due["kadis"], delegate=due["kabid"], first=TODAY, last=TODAY)
    with pytest.raises(PermissionDenied, match="tidak lagi menduduki jabatan"):
        services.sign(actor=due["kabid"].user, decision_id=decision.pk, otp=otp(due["kabid"]), today=TODAY)
    decision.refresh_from_db()
    assert decision.status == KgbDecision.Status.SIGNATURE and not decision.document_id
