"""e-KGB of issue 16 on the case engine: BKD decides a reviewed draft (approve with amounts, defer by decree,
reject), the deferral moves the next draft and shows in the employee's history, PPPK increases go to BKD without a
table, and the signed decisions go to payroll as a CSV read back here."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from loket.core.errors import LoketError
from loket.core.models import AuditEvent
from loket.hr.kgb import services
from loket.hr.kgb.deferral import PAYROLL_COLUMNS, PPPK_NO_TABLE, DeferralDecree
from loket.hr.models import Employee, KgbDecision, KgbDeferral
from loket.workflow.models import Task
from tests.helpers.hr import otp

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
S = KgbDecision.Status
DECREE = DeferralDecree("800/77-BKD/2026", dt.date(2026, 11, 25), 6, "Predikat kinerja butuh perbaikan")


def reviewed(staff) -> KgbDecision:
    Employee.objects.filter(pk=staff["staf"].pk).update(performance="butuh perbaikan")
    services.draft_due(today=TODAY)
    return KgbDecision.objects.select_related("case").get()


def open_tasks(decision):
    return list(Task.objects.filter(application=decision.case, status="open").select_related("step", "assignee"))


def test_bkd_approves_a_reviewed_draft_and_the_case_moves_to_the_official(due, hr_admin):
    decision = reviewed(due)
    [review] = open_tasks(decision)
    with pytest.raises(LoketError, match="tidak diubah manual"):
        services.decide_review(actor=hr_admin, decision_id=decision.pk, outcome="approve", new_salary=9_999_999)
    decision = services.decide_review(actor=hr_admin, decision_id=decision.pk, outcome="approve", note="SKP dikoreksi")
    assert decision.status == S.SIGNATURE and decision.new_salary == 3153600  # the table's amount stands
    assert Task.objects.get(pk=review.pk).status == "approved"
    [signing] = open_tasks(decision)
    assert signing.assignee == due["kadis"].user and signing.step.addressee == "signing_official"
    assert AuditEvent.objects.filter(action="hr.kgb_review_approved").count() == 1


def test_bkd_defers_by_decree_the_case_ends_and_the_next_draft_counts_the_deferral(due, hr_admin, client):
    decision = reviewed(due)
    with pytest.raises(LoketError) as refused:
        services.decide_review(
            actor=hr_admin,
            decision_id=decision.pk,
            outcome="defer",
            decree=DeferralDecree("", dt.date(2026, 11, 25), 13, "x"),
        )
    assert set(refused.value.errors) == {"number", "months"} and not KgbDeferral.objects.exists()
    decision = services.decide_review(actor=hr_admin, decision_id=decision.pk, outcome="defer", decree=DECREE)
    assert decision.status == S.DEFERRED
    deferral = KgbDeferral.objects.get()
    assert (deferral.due_date, deferral.months, deferral.number) == (dt.date(2026, 12, 1), 6, "800/77-BKD/2026")
    decision.case.refresh_from_db()
    assert decision.case.status == "rejected"
    assert decision.case.decision_note.startswith("Ditunda 6 bulan dengan surat keputusan nomor 800/77-BKD/2026")
    # The next run drafts the increase again six months later, the deferral counted in the new MKG (art. 13).
    Employee.objects.filter(pk=due["staf"].pk).update(performance="baik")
    services.draft_due(today=dt.date(2027, 4, 15))
    again = KgbDecision.objects.exclude(pk=decision.pk).get(employee=due["staf"])
    assert again.effective_date == dt.date(2027, 6, 1) and (again.new_mkg_years, again.new_mkg_months) == (8, 6)
    assert again.status == S.SIGNATURE and again.new_salary == 3153600
    # Its notice gives the next increase on the step's own date (MKG 10 on 1 Dec 2028), not 2 years after the TMT.
    body = services.notice_subject(again, again.employee, old_tmt=None).body
    assert "Kenaikan gaji berkala berikutnya: 1 Desember 2028 (bila memenuhi syarat)" in body
    # The employee's history shows the decree.
    client.force_login(due["staf"].user)
    page = client.get("/pegawai/").content.decode()
    assert "800/77-BKD/2026" in page and "Predikat kinerja butuh perbaikan" in page


def test_bkd_rejects_with_a_reason(due, hr_admin):
    decision = reviewed(due)
    decision = services.decide_review(actor=hr_admin, decision_id=decision.pk, outcome="reject", note="Bukan KGB")
    assert decision.status == S.CANCELLED
    decision.case.refresh_from_db()
    assert decision.case.status == "rejected"


def test_the_register_decides_through_the_form(due, hr_admin, client):
    decision = reviewed(due)
    client.force_login(hr_admin)
    page = client.get("/kantor/kepegawaian/kgb/").content.decode()
    assert 'value="approve"' in page and 'value="defer"' in page
    response = client.post(
        f"/kantor/kepegawaian/kgb/{decision.pk}/",
        {"action": "defer", "number": "800/78", "decree_date": "2026-11-25", "months": "13", "reason": "Kinerja"},
        follow=True,
    )
    assert "1 sampai 12 bulan" in response.content.decode()
    client.post(
        f"/kantor/kepegawaian/kgb/{decision.pk}/",
        {"action": "defer", "number": "800/78", "decree_date": "2026-11-25", "months": "3", "reason": "Kinerja"},
    )
    assert KgbDecision.objects.get(pk=decision.pk).status == S.DEFERRED


def test_a_pppk_increase_goes_to_bkd_who_enters_the_amounts(due, hr_admin):
    Employee.objects.filter(pk=due["staf"].pk).update(
        status="PPPK", grade="IX", mkg_years=4, mkg_months=3, salary_tmt=dt.date(2025, 3, 1)
    )
    services.draft_due(today=TODAY)
    decision = KgbDecision.objects.get()
    assert decision.status == S.REVIEW and decision.new_salary is None and PPPK_NO_TABLE in decision.reasons
    assert decision.effective_date == dt.date(2026, 12, 1)
    with pytest.raises(LoketError, match="tidak memuat kasus ini"):
        services.decide_review(actor=hr_admin, decision_id=decision.pk, outcome="approve")
    decision = services.decide_review(
        actor=hr_admin, decision_id=decision.pk, outcome="approve", current_salary=3408500, new_salary=3515900
    )
    assert (decision.status, decision.current_salary, decision.new_salary) == (S.SIGNATURE, 3408500, 3515900)


def signed(due) -> KgbDecision:
    services.draft_due(today=TODAY)
    decision = KgbDecision.objects.get()
    return services.sign(actor=due["kadis"].user, decision_id=decision.pk, otp=otp(due["kadis"]))


def test_payroll_export_is_a_csv_of_the_signed_decisions_read_back(due, hr_admin, client):
    decision = signed(due)
    today = timezone.localtime(decision.signed_at).date()  # the day the region lives in, as the export writes it
    client.force_login(hr_admin)
    response = client.get(
        "/kantor/kepegawaian/kgb/ekspor-gaji/", {"first": today.isoformat(), "last": today.isoformat()}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(PAYROLL_COLUMNS)
    [row] = rows[1:]
    staf = due["staf"]
    assert row[:6] == [staf.nip, staf.full_name, "IIIa", "3057300", "3153600", "2026-12-01"]
    assert row[6] == decision.number and row[7] == today.isoformat() and row[8] == staf.agency.name
    event = AuditEvent.objects.get(action="hr.kgb_payroll_exported")
    assert event.actor_id == hr_admin.pk and event.data["rows"] == 1
    # Another period: the header only.
    later = client.get("/kantor/kepegawaian/kgb/ekspor-gaji/", {"first": "2030-01-01", "last": "2030-01-31"})
    assert len(list(csv.reader(io.StringIO(later.content.decode("utf-8-sig"))))) == 1


def test_payroll_export_refuses_bad_periods_and_outsiders(due, hr_admin, hr_admin_bogor, client):
    signed(due)
    client.force_login(hr_admin)
    bad = client.get("/kantor/kepegawaian/kgb/ekspor-gaji/", {"first": "2026-12-31", "last": "2026-01-01"})
    assert bad.status_code == 400 and "sebelum tanggal awal" in bad.content.decode()
    client.force_login(hr_admin_bogor)  # BKD of another region: refused, or none of agency A's rows
    other = client.get("/kantor/kepegawaian/kgb/ekspor-gaji/", {"first": "2026-01-01", "last": "2027-12-31"})
    assert other.status_code == 403 or other.content.decode("utf-8-sig").count("\r\n") == 1
    assert due["staf"].nip not in other.content.decode("utf-8-sig")
    client.force_login(due["staf"].user)  # an employee: no back office
    assert client.get("/kantor/kepegawaian/kgb/ekspor-gaji/").status_code in (302, 403)


def test_the_official_defers_by_a_decree_signed_in_loket(due, client):
    from loket.documents.models import Document

    services.draft_due(today=TODAY)
    decision = KgbDecision.objects.get()
    with pytest.raises(LoketError, match="1 sampai 12 bulan"):
        services.defer_by_official(actor=due["kadis"].user, decision_id=decision.pk, months=18, reason="Kinerja")
    with pytest.raises(LoketError):  # a wrong code: nothing issued, nothing recorded
        services.defer_by_official(
            actor=due["kadis"].user, decision_id=decision.pk, months=6, reason="Kinerja", otp="000000"
        )
    assert not KgbDeferral.objects.exists() and not Document.objects.exists()
    client.force_login(due["kadis"].user)
    assert f"/pegawai/kgb/{decision.pk}/tunda/" in client.get("/pegawai/kgb/").content.decode()
    client.post(
        f"/pegawai/kgb/{decision.pk}/tunda/",
        {"months": "6", "reason": "Hukuman disiplin sedang berjalan", "otp": otp(due["kadis"])},
    )
    decision.refresh_from_db()
    deferral = KgbDeferral.objects.get()
    document = Document.objects.get()
    assert decision.status == S.DEFERRED and deferral.document_id == document.code
    assert deferral.number == document.number and deferral.months == 6
    assert "ditunda selama 6 bulan" in document.body and "Hukuman disiplin sedang berjalan" in document.body
    decision.case.refresh_from_db()
    assert decision.case.status == "rejected"
    # Only the official (or their stand-in) may: not a colleague.
    services.draft_due(today=dt.date(2027, 4, 15))
    again = KgbDecision.objects.exclude(pk=decision.pk).get(employee=due["staf"])
    assert again.effective_date == dt.date(2027, 6, 1)
    with pytest.raises(LoketError):
        services.defer_by_official(actor=due["staf2"].user, decision_id=again.pk, months=3, reason="x", otp="123456")
