"""e-KGB: the daily job drafts due increases from the table in force, routes them to the official, or to HR."""

import datetime as dt

import pytest

from loket.core.errors import LoketError, PermissionDenied
from loket.core.models import AuditEvent
from loket.hr import jobs
from loket.hr.kgb import services
from loket.hr.models import Employee, KgbDecision, PensionFile, SalaryHistory
from loket.notify.models import Notification, PeriodicRun
from tests.helpers.hr import otp

TODAY = dt.date(2026, 11, 23)


def test_due_employee_is_drafted_with_table_amount_and_routed_to_official(due):
    assert services.draft_due(today=TODAY) == 1
    decision = KgbDecision.objects.get()
    assert decision.employee == due["staf"] and decision.status == KgbDecision.Status.SIGNATURE
    assert decision.effective_date == dt.date(2026, 12, 1)
    assert (decision.current_salary, decision.new_salary) == (3057300, 3153600)  # PP 5/2024 III/a MKG 6 -> 8
    assert (decision.new_mkg_years, decision.regulation) == (8, "PP 5/2024")
    assert decision.official == due["kadis"]
    assert Notification.objects.filter(template="kgb_to_sign", user=due["kadis"].user).exists()
    assert services.draft_due(today=TODAY) == 0  # idempotent


def test_an_employee_retiring_by_the_effective_date_gets_no_draft_and_is_counted(due):
    # The increase would take effect on 1 Dec 2026; a live pension file from that day stops it (PP 11/2017 art. 250).
    live = PensionFile.objects.create(
        employee=due["staf"], kind=PensionFile.Kind.EARLY, pension_date=dt.date(2026, 12, 1)
    )
    assert services.draft_due(today=TODAY) == 0 and not KgbDecision.objects.exists()
    assert AuditEvent.objects.filter(action="hr.kgb_drafted").latest("pk").data["retiring"] == 1
    # A cancelled file, or a pension date after the effective date, does not stand in the way.
    PensionFile.objects.filter(pk=live.pk).update(status=PensionFile.Status.CANCELLED)
    PensionFile.objects.create(employee=due["staf"], kind=PensionFile.Kind.AGE, pension_date=dt.date(2027, 1, 1))
    assert services.draft_due(today=TODAY) == 1
    assert AuditEvent.objects.filter(action="hr.kgb_drafted").latest("pk").data["retiring"] == 0


def test_outside_window_is_not_drafted(due):
    assert services.draft_due(today=TODAY, window=7) == 0


def test_poor_performance_penalty_and_missing_data_go_to_hr_review(due):
    Employee.objects.filter(pk=due["staf"].pk).update(performance="butuh perbaikan")
    Employee.objects.filter(pk=due["staf2"].pk).update(
        grade="IIIa", salary_tmt=dt.date(2024, 12, 1), mkg_years=6, performance="baik", disciplinary_penalty=True
    )
    Employee.objects.filter(pk=due["staf3"].pk).update(salary_tmt=None, grade_tmt=None)
    assert services.draft_due(today=TODAY) == 3
    reviews = {d.employee_id: d for d in KgbDecision.objects.all()}
    assert all(d.status == KgbDecision.Status.REVIEW for d in reviews.values())
    assert "di bawah syarat minimal" in reviews[due["staf"].pk].reasons[0]
    assert "hukuman disiplin" in reviews[due["staf2"].pk].reasons[0]
    assert reviews[due["staf3"].pk].reasons == [services.MISSING_BASE_DATE]
    assert services.draft_due(today=TODAY) == 0  # missing-data review is not repeated daily


def test_official_signs_salary_moves_on_and_employee_is_notified(due):
    services.draft_due(today=TODAY)
    decision = KgbDecision.objects.get()
    for intruder in ("staf", "kasi", "kabid"):
        with pytest.raises(PermissionDenied):
            services.sign(actor=due[intruder].user, decision_id=decision.pk)
    services.sign(actor=due["kadis"].user, decision_id=decision.pk, otp=otp(due["kadis"]))
    employee = Employee.objects.get(pk=due["staf"].pk)
    assert (employee.base_salary, employee.mkg_years, employee.salary_tmt) == (3153600, 8, dt.date(2026, 12, 1))
    assert SalaryHistory.objects.get(employee=employee, tmt=dt.date(2026, 12, 1)).reason == "kgb"
    assert Notification.objects.filter(template="kgb_signed", user=employee.user).exists()
    with pytest.raises(LoketError):
        services.sign(actor=due["kadis"].user, decision_id=decision.pk, otp=otp(due["kadis"]))  # not twice
    assert services.draft_due(today=TODAY) == 0  # next step is two years on


def test_periodic_round_runs_once_per_day(due):
    jobs.periodic_round("w1")
    jobs.periodic_round("w2")
    assert KgbDecision.objects.count() == 1
    assert PeriodicRun.objects.filter(job="hr_kgb_due").count() == 1


def test_hr_rechecks_a_corrected_case_and_it_goes_to_the_official(due, hr_admin):
    Employee.objects.filter(pk=due["staf"].pk).update(performance="butuh perbaikan")
    services.draft_due(today=TODAY)
    decision = KgbDecision.objects.get()
    assert decision.status == KgbDecision.Status.REVIEW
    Employee.objects.filter(pk=due["staf"].pk).update(performance="baik")  # BKD corrects the SKP rating
    decision = services.recheck(actor=hr_admin, decision_id=decision.pk)
    assert decision.status == KgbDecision.Status.SIGNATURE and decision.reasons == []
    assert decision.new_salary == 3153600


def test_hr_cancels_with_reason_and_other_region_is_refused(due, hr_admin, agency_b, hr_admin_bogor):
    from loket.core.errors import NotFound

    services.draft_due(today=TODAY)
    decision = KgbDecision.objects.get()
    with pytest.raises(NotFound):
        services.cancel(actor=hr_admin_bogor, decision_id=decision.pk, note="x")
    with pytest.raises(LoketError, match="alasan"):
        services.cancel(actor=hr_admin, decision_id=decision.pk, note=" ")
    decision = services.cancel(actor=hr_admin, decision_id=decision.pk, note="Ditunda: SKP belum dinilai")
    assert decision.status == KgbDecision.Status.CANCELLED and "Ditunda" in decision.reasons[-1]
    assert services.draft_due(today=TODAY) == 0


def test_kgb_review_page_actions_need_hr_manage(client, due, hr_admin, editor_a):
    services.draft_due(today=TODAY)
    decision = KgbDecision.objects.get()
    client.force_login(editor_a)
    assert client.post(f"/kantor/kepegawaian/kgb/{decision.pk}/", {"action": "cancel", "note": "x"}).status_code == 403
    client.force_login(due["kadis"].user)  # the official is not BKD
    assert client.post(f"/kantor/kepegawaian/kgb/{decision.pk}/", {"action": "cancel", "note": "x"}).status_code == 403
    client.force_login(hr_admin)
    assert "Siti Aminah" in client.get("/kantor/kepegawaian/kgb/").content.decode()
    client.post(f"/kantor/kepegawaian/kgb/{decision.pk}/", {"action": "cancel", "note": "Ditunda"})
    decision.refresh_from_db()
    assert decision.status == KgbDecision.Status.CANCELLED
