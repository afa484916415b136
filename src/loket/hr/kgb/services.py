"""e-KGB: draft the periodic salary increases falling due, route them to the authorized official, sign.

`draft_due` runs daily (hr/jobs.py). For each PNS/CPNS it computes the next increase with the pure
rules (kgb/rules.py: the salary table in force, never guessed). An increase whose effective date falls
within the window (default 60 days, setting LOKET_KGB_WINDOW_DAYS; PP 7/1977 art. 12(2): notice 2 months
ahead) becomes a KgbDecision: SIGNATURE (routed to the authorized official) when eligible, REVIEW (for
BKD, with the reasons) when performance, a disciplinary penalty, missing data or the table stop it.
When the official signs, the employee's salary record moves on and the employee is notified; the
employee does nothing. Signing issues the surat pemberitahuan KGB as a PAdES-signed PDF through
loket.documents (`documents.services.issue_and_sign`, the official's own TOTP) in the same transaction.

Each draft of an employee with an account is a system-opened case on the engine (ADR 0011; `hr.cases`):
the employee is its applicant and is told it is being processed; BKD's review (only for a draft with
reasons) and the official's signature are its person-addressed tasks, with working-day deadlines, in their
inboxes and counted on the dashboard. `KgbDecision.status` stays hr's record of the draft and is written
only here, in the transaction of the engine's step (recheck, cancel, sign). A draft of an employee without
an account keeps no case (BKD's register says the account is missing) and gets one once the account exists.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from loket.applications import services as engine
from loket.core import audit
from loket.core.errors import LoketError, NotFound
from loket.core.i18n import tr
from loket.hr import cases, decrees, queries
from loket.hr.grades import PPPK_GRADES
from loket.hr.kgb import deferral, rules
from loket.hr.models import CaseService, Employee, Headship, KgbDecision, KgbDeferral, PensionFile, SalaryHistory
from loket.hr.pension.rules import retires_by
from loket.notify import services as notify
from loket.notify.models import Notification
from loket.org import permissions
from loket.workflow import services as workflow

log = logging.getLogger(__name__)
OPEN = (KgbDecision.Status.REVIEW, KgbDecision.Status.SIGNATURE)

MISSING_BASE_DATE = "TMT SK gaji terakhir dan TMT golongan belum tercatat; perlu dilengkapi BKD."
NO_OFFICIAL = "Pejabat yang berwenang (kepala perangkat daerah) belum ditetapkan; perlu ditinjau BKD."


def window_days() -> int:
    return int(getattr(settings, "LOKET_KGB_WINDOW_DAYS", 60))


def rupiah(amount: int | None) -> str:
    return f"{amount:,}".replace(",", ".") if amount is not None else "-"


def _compute(employee: Employee, deferrals: list[tuple[dt.date, int]] | None = None) -> rules.KgbResult | None:
    """The next increase of `employee` (PNS/CPNS on the PP 5/2024 table, PPPK by deferral.next_pppk_increase),
    moved by the deferral decrees (due date, months) issued for it (PP 7/1977 art. 13)."""
    base = employee.salary_tmt or employee.grade_tmt
    if base is None:
        return None
    if deferrals is None:
        deferrals = list(KgbDeferral.objects.filter(employee_id=employee.pk).values_list("due_date", "months"))

    def compute(months: tuple[int, ...]) -> rules.KgbResult:
        mkg = (employee.mkg_years, min(employee.mkg_months, 11))
        if employee.status == Employee.Status.PPPK:
            return deferral.next_pppk_increase(
                employee.grade,
                mkg,
                base,
                performance=employee.performance or None,
                disciplinary_penalty=employee.disciplinary_penalty,
                deferrals=months,
            )
        return rules.next_kgb(
            employee.grade,
            mkg,
            base,
            performance=employee.performance or None,
            disciplinary_penalty=employee.disciplinary_penalty,
            cpns=employee.status == Employee.Status.CPNS,
            deferrals=months,
        )

    result = compute(())
    months = deferral.deferral_months_for(result.due_date, deferrals) if result.due_date else ()
    return compute(months) if months else result


def draft_due(*, actor=None, agencies=None, today: dt.date | None = None, window: int | None = None) -> int:
    """Create the KGB drafts due within the window for employees of `agencies` (None = all). Idempotent."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=window if window is not None else window_days())
    employees = Employee.objects.filter(
        Q(status__in=[Employee.Status.PNS, Employee.Status.CPNS], grade__in=rules.GRADES)
        | Q(status=Employee.Status.PPPK, grade__in=PPPK_GRADES),
        left_on__isnull=True,  # the active registry only (an employee who left gets no increase)
    )
    if agencies is not None:
        employees = employees.filter(agency__in=agencies)
    deferrals: dict[int, list[tuple[dt.date, int]]] = {}
    for employee_id, due, months in KgbDeferral.objects.filter(employee__in=employees).values_list(
        "employee_id", "due_date", "months"
    ):
        deferrals.setdefault(employee_id, []).append((due, months))
    heads = dict(Headship.objects.filter(unit__isnull=True).values_list("agency_id", "employee_id"))
    # A live pension file (not cancelled) sets the day the employee leaves the civil service (PP 11/2017 Pasal 250
    # huruf c; the decree is made ahead of it): no increase from that day on (hr.pension.rules.retires_by).
    retiring_on = dict(
        PensionFile.objects.filter(employee__in=employees)
        .exclude(status=PensionFile.Status.CANCELLED)
        .values_list("employee_id", "pension_date")
    )
    retiring = 0
    # JSON containment is not portable (the embedded SQLite lacks it): the review rows are few, filter here.
    missing_known = {
        employee_id
        for employee_id, reasons in KgbDecision.objects.filter(status=KgbDecision.Status.REVIEW).values_list(
            "employee_id", "reasons"
        )
        if MISSING_BASE_DATE in (reasons or [])
    }
    drafts = []
    for employee in employees.only(
        "pk",
        "grade",
        "mkg_years",
        "mkg_months",
        "salary_tmt",
        "grade_tmt",
        "performance",
        "disciplinary_penalty",
        "status",
        "agency_id",
    ).iterator(chunk_size=2000):
        result = _compute(employee, deferrals.get(employee.pk, []))
        official_id = heads.get(employee.agency_id)
        if official_id == employee.pk:
            official_id = None
        effective = result.effective_date if result is not None and result.effective_date else today
        if retires_by(retiring_on.get(employee.pk), effective):
            retiring += 1
            continue
        if result is None:
            if employee.pk not in missing_known:
                drafts.append(
                    KgbDecision(
                        employee=employee,
                        status=KgbDecision.Status.REVIEW,
                        due_date=today,
                        effective_date=today,
                        grade=employee.grade,
                        current_mkg_years=employee.mkg_years,
                        current_mkg_months=min(employee.mkg_months, 11),
                        reasons=[MISSING_BASE_DATE],
                        official_id=official_id,
                    )
                )
            continue
        if result.status == rules.TOP_OF_SCALE or result.effective_date > horizon:
            continue
        reasons = list(result.reasons)
        if official_id is None:
            reasons.append(NO_OFFICIAL)
        drafts.append(
            KgbDecision(
                employee=employee,
                status=KgbDecision.Status.REVIEW if reasons else KgbDecision.Status.SIGNATURE,
                due_date=result.due_date,
                effective_date=result.effective_date,
                grade=result.grade,
                current_mkg_years=result.current_mkg.years,
                current_mkg_months=result.current_mkg.months,
                new_mkg_years=result.new_mkg.years if result.new_mkg else None,
                new_mkg_months=result.new_mkg.months if result.new_mkg else None,
                current_salary=result.current_salary,
                new_salary=result.new_salary,
                regulation=result.regulation or "",
                reasons=reasons,
                official_id=official_id,
            )
        )
    existing = set(
        KgbDecision.objects.filter(employee_id__in=[d.employee_id for d in drafts]).values_list(
            "employee_id", "effective_date"
        )
    )
    drafts = [d for d in drafts if (d.employee_id, d.effective_date) not in existing]
    with transaction.atomic():
        KgbDecision.objects.bulk_create(drafts, ignore_conflicts=True, batch_size=2000)
        to_sign = {(d.employee_id, d.effective_date) for d in drafts if d.status == KgbDecision.Status.SIGNATURE}
        fresh = KgbDecision.objects.filter(
            status=KgbDecision.Status.SIGNATURE, employee_id__in=[key[0] for key in to_sign]
        ).select_related("employee", "official__user")
        notices = [
            row
            for decision in fresh
            if (decision.employee_id, decision.effective_date) in to_sign
            and decision.official
            and decision.official.user
            for row in notify.build(
                key=f"kgb:{decision.pk}:to_sign",
                user=decision.official.user,
                template="kgb_to_sign",
                context={
                    "employee": decision.employee.full_name,
                    "effective": decision.effective_date.isoformat(),
                    "url": "/pegawai/kgb/",
                },
            )
        ]
        Notification.objects.bulk_create(notices, ignore_conflicts=True, batch_size=1000)
        opened, failed = open_cases(agencies=agencies)
        audit.record(
            "hr.kgb_drafted",
            actor=actor,
            object_type="hr.kgbdecision",
            object_id="*",
            data={
                "day": today.isoformat(),
                "horizon": horizon.isoformat(),
                "drafted": len(drafts),
                "to_sign": len(to_sign),
                "retiring": retiring,
                "cases_opened": opened,
                **({"cases_failed": failed} if failed else {}),
            },
        )
    count = len(drafts)
    return count


def open_cases(*, agencies=None, notify_employee: bool = True) -> tuple[int, int]:
    """Open the system case of every open draft that has none: a new draft, or one whose employee has got an
    account or whose region a KGB service since. Returns (opened, failed). A draft whose case cannot be opened
    stays as it is (logged; BKD's register still shows it): one bad record never stops the daily job.

    Bulk-minded (the job runs over a whole province): the officials and HR offices that address the tasks are
    read once per agency, the cases of a chunk of drafts are written in one round trip
    (`applications.services.open_cases`), then linked and the employees told in one statement each."""
    waiting = KgbDecision.objects.filter(case__isnull=True, status__in=OPEN, employee__user__isnull=False)
    if agencies is not None:
        waiting = waiting.filter(employee__agency__in=agencies)
    waiting = list(
        waiting.select_related(
            "employee__user", "employee__agency__region__parent", "employee__region__parent"
        ).order_by("pk")
    )
    if not waiting:
        return 0, 0
    heads = {
        headship.agency_id: headship.employee
        for headship in Headship.objects.filter(unit__isnull=True).select_related("employee__user")
    }
    services: dict[int, object] = {}
    offices: dict[int, object] = {}
    by_service: dict[int, list[KgbDecision]] = {}
    for decision in waiting:
        employee = decision.employee
        if employee.region_id not in services:
            services[employee.region_id] = cases.service_for(CaseService.Kind.KGB, employee.region)
        service = services[employee.region_id]
        if service is None:
            continue  # the region has no KGB service yet: the draft keeps its own state until it has one
        # What the addressee rules read of the applicant (their record, official and HR office): known here.
        employee.user._loket_employee = employee
        head = heads.get(employee.agency_id)
        queries.remember_official(employee, head if head is not None and head.pk != employee.pk else None)
        if decision.reasons:
            if employee.agency_id not in offices:
                offices[employee.agency_id] = queries.HrOfficePool(employee.agency)
            queries.remember_hr_office(employee, offices[employee.agency_id].take(employee.user_id))
        by_service.setdefault(service.pk, []).append((service, decision))
    opened, failed = [], 0
    for chunk in (group[start : start + 200] for group in by_service.values() for start in range(0, len(group), 200)):
        service = chunk[0][0]
        results = engine.open_cases(
            service=service,
            cases=[(d.employee.user, cases.kgb_case_data(d), cases.kgb_case_key(d)) for _service, d in chunk],
        )
        for (_service, decision), result in zip(chunk, results, strict=True):
            if isinstance(result, Exception):
                log.error("KGB draft %s: its case could not be opened: %s", decision.pk, result)
                failed += 1
                continue
            decision.case = result
            opened.append(decision)
    for start in range(0, len(opened), 500):
        batch = opened[start : start + 500]
        KgbDecision.objects.bulk_update(batch, ["case"])
        if notify_employee:
            rows = [row for decision in batch for row in cases.kgb_notice_rows(decision)]
            Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(opened), failed


def _open_case_now(decision: KgbDecision) -> None:
    """Open a draft's case at once (after a recheck) when its employee has an account and its region a service."""
    employee = decision.employee
    if decision.case_id is not None or employee.user_id is None:
        return
    service = cases.service_for(CaseService.Kind.KGB, employee.region)
    if service is not None:
        cases.open_kgb_case(decision, service)


KGB_CLASSIFICATION = "822.4"  # archive classification of periodic salary increase letters (as before)


def notice_subject(decision: KgbDecision, employee: Employee, *, old_tmt: dt.date | None):
    """The surat pemberitahuan kenaikan gaji berkala as a loket.documents subject (PP 7/1977 art. 12)."""
    from loket.documents.services import Subject
    from loket.hr.grades import display_grade
    from loket.hr.leave.rules import format_date

    def mkg(years, months) -> str:
        return f"{years or 0} tahun {months or 0} bulan"

    next_due = (
        deferral.next_increase_date(
            decision.grade, (decision.new_mkg_years, decision.new_mkg_months or 0), decision.effective_date
        )
        if decision.new_mkg_years is not None
        else None
    )
    unit = ", ".join(x for x in [employee.unit.name if employee.unit_id else "", employee.agency.name] if x)
    body = "\n".join(
        [
            "Dengan ini diberitahukan bahwa berhubung telah dipenuhinya masa kerja dan syarat-syarat lainnya kepada:",
            "",
            f"Nama: {employee.full_name}\nNIP: {employee.nip}\nPangkat/golongan ruang: {employee.rank or decision.grade}\n"
            f"Jabatan: {employee.position_name or '-'}\nUnit kerja: {unit}",
            "",
            "atas dasar surat keputusan terakhir tentang gaji/pangkat:",
            f"Gaji pokok lama: Rp{rupiah(decision.current_salary)}\n"
            f"Masa kerja golongan: {mkg(decision.current_mkg_years, decision.current_mkg_months)}"
            + (f", terhitung mulai tanggal {format_date(old_tmt)}" if old_tmt else ""),
            "",
            "diberikan kenaikan gaji berkala hingga memperoleh:",
            f"Gaji pokok baru: Rp{rupiah(decision.new_salary)}\n"
            f"Berdasarkan masa kerja golongan: {mkg(decision.new_mkg_years, decision.new_mkg_months)}\n"
            f"Dalam golongan ruang: {display_grade(decision.grade)}\n"
            f"Terhitung mulai tanggal: {format_date(decision.effective_date)}\n"
            + (
                f"Kenaikan gaji berkala berikutnya: {format_date(next_due)} (bila memenuhi syarat)"
                if next_due
                else "Kenaikan gaji berkala berikutnya: tidak ada pada golongan ini (langkah terakhir tabel gaji)"
            ),
            "",
            "Diharapkan agar sesuai dengan Peraturan Pemerintah Nomor 7 Tahun 1977 sebagaimana telah beberapa kali diubah, "
            f"terakhir dengan {decision.regulation or 'peraturan gaji yang berlaku'}, kepada pegawai tersebut dapat "
            "dibayarkan penghasilannya berdasarkan gaji pokok yang baru.",
        ]
    )
    return Subject(
        type="hr.kgb_notice",
        ref=str(decision.pk),
        label=f"KGB berlaku {format_date(decision.effective_date)}",
        agency=employee.agency,
        holder=employee.user,
        holder_name=employee.full_name,
        title="Surat Pemberitahuan Kenaikan Gaji Berkala",
        body=body,
        classification=KGB_CLASSIFICATION,
        kind="lainnya",
        case=decision.case if decision.case_id else None,  # the case's decision document (issued once)
    )


def sign(*, actor, decision_id: int, otp: str = "", today: dt.date | None = None) -> KgbDecision:
    """The authorized official (or whoever stands in for them today: org.permissions.acting_persons, as on
    every person-addressed task) signs with their own TOTP code: the notice is issued and PAdES-signed through
    loket.documents, the employee's salary record moves on and the case's signing step completes the case,
    in one transaction (hr.decrees: who may sign before the code, the code before the transaction)."""
    return decrees.official_signs(
        actor=actor,
        otp=otp,
        purpose="hr.kgb.sign",
        load=lambda lock: _load(decision_id, lock),
        check=_may_sign,
        sign=lambda decision, me: apply_signature(
            decision=decision, signer=me, actor=actor, otp=otp, verify_second_factor=False
        ),
        refusal=tr("Anda tidak berwenang menandatangani keputusan ini.", "You may not sign this decision."),
        today=today,
    )


def _load(decision_id: int, lock: bool) -> KgbDecision | None:
    if lock:
        return KgbDecision.objects.select_for_update().filter(pk=decision_id).first()
    return KgbDecision.objects.select_related("official").filter(pk=decision_id).first()


def _may_sign(decision: KgbDecision | None, me: Employee, persons: frozenset) -> None:
    if decision is None:
        raise NotFound(tr("Keputusan KGB tidak ditemukan.", "KGB decision not found."))
    decrees.refuse_unless_official(
        decision,
        me,
        persons,
        refusal=tr("Anda tidak berwenang menandatangani keputusan ini.", "You may not sign this decision."),
    )
    if decision.status != KgbDecision.Status.SIGNATURE:
        raise LoketError(tr("Keputusan ini tidak menunggu tanda tangan.", "This decision is not awaiting signature."))


def apply_signature(
    *, decision: KgbDecision, signer: Employee, actor, otp: str = "", verify_second_factor: bool = True
) -> KgbDecision:
    """Sign a locked KGB decision awaiting signature as `signer` (callers check who may sign; the demo signs
    its seeded history with `verify_second_factor=False`)."""
    employee = Employee.objects.select_related("agency__region", "unit").get(pk=decision.employee_id)
    if employee.user is None:
        raise LoketError(
            tr(
                "Pegawai belum memiliki akun; pemberitahuan KGB tidak dapat diterbitkan.",
                "The employee has no account; the KGB notice cannot be issued.",
            )
        )
    now = timezone.now()

    def record(document) -> None:
        decision.status = KgbDecision.Status.SIGNED
        decision.signed_at = now
        decision.signed_by = signer
        decision.number = document.number[:60]
        decision.document_id = document.code
        decision.save(update_fields=["status", "signed_at", "signed_by", "number", "document_id"])

    # The signing step ends and with it the case; its decision document is the notice just signed.
    document = decrees.issue(
        subject=notice_subject(decision, employee, old_tmt=employee.salary_tmt),
        signer=signer,
        principal=decision.official if decision.official_id else signer,
        actor=actor,
        otp=otp,
        now=now,
        verify_second_factor=verify_second_factor,
        record=record,
        case_id=decision.case_id,
    )
    Employee.objects.filter(pk=employee.pk).update(
        salary_tmt=decision.effective_date,
        mkg_years=decision.new_mkg_years,
        mkg_months=decision.new_mkg_months,
        base_salary=decision.new_salary,
        updated_at=timezone.now(),
    )
    SalaryHistory.objects.update_or_create(
        employee=employee,
        tmt=decision.effective_date,
        defaults={
            "amount": decision.new_salary,
            "mkg_years": decision.new_mkg_years,
            "mkg_months": decision.new_mkg_months,
            "grade": decision.grade,
            "reason": "kgb",
            "regulation": decision.regulation,
        },
    )
    audit.record(
        "hr.kgb_signed",
        obj=decision,
        actor=actor,
        data={
            "nip": employee.nip,
            "effective": decision.effective_date.isoformat(),
            "new_salary": decision.new_salary,
            "number": decision.number,
            "document": document.code,
        },
    )
    if employee.user is not None:
        notify.queue(
            key=f"kgb:{decision.pk}:signed",
            user=employee.user,
            template="kgb_signed",
            context={
                "effective": decision.effective_date.isoformat(),
                "old": rupiah(decision.current_salary),
                "new": rupiah(decision.new_salary),
                "url": f"/pegawai/kgb/{decision.pk}/",
            },
        )
    return decision


def _hr_decision(actor, decision_id: int) -> KgbDecision:
    decision = KgbDecision.objects.select_for_update().select_related("employee").filter(pk=decision_id).first()
    if decision is None or not permissions.can(actor, "hr.manage", decision.employee.agency_id):
        raise NotFound(tr("Keputusan KGB tidak ditemukan.", "KGB decision not found."))
    return decision


def recheck(*, actor, decision_id: int) -> KgbDecision:
    """BKD re-computes a case under review from the employee's current data (after correcting it)."""
    with transaction.atomic():
        decision = _hr_decision(actor, decision_id)
        if decision.status != KgbDecision.Status.REVIEW:
            raise LoketError(
                tr(
                    "Hanya kasus yang sedang ditinjau dapat diperiksa ulang.",
                    "Only cases under review can be rechecked.",
                )
            )
        employee = decision.employee
        result = _compute(employee)
        official = queries.authorized_official(employee)
        if result is None:
            reasons = [MISSING_BASE_DATE]
        else:
            reasons = list(result.reasons) + ([] if official else [NO_OFFICIAL])
            if result.status == rules.TOP_OF_SCALE:
                reasons = list(result.reasons)
            elif (
                KgbDecision.objects.filter(employee=employee, effective_date=result.effective_date)
                .exclude(pk=decision.pk)
                .exists()
            ):
                reasons.append("Sudah ada keputusan KGB lain untuk tanggal berlaku yang sama.")
            else:
                decision.due_date, decision.effective_date = result.due_date, result.effective_date
                decision.grade = result.grade
                decision.current_mkg_years, decision.current_mkg_months = (
                    result.current_mkg.years,
                    result.current_mkg.months,
                )
                decision.new_mkg_years = result.new_mkg.years if result.new_mkg else None
                decision.new_mkg_months = result.new_mkg.months if result.new_mkg else None
                decision.current_salary, decision.new_salary = result.current_salary, result.new_salary
                decision.regulation = result.regulation or ""
        decision.reasons = reasons
        decision.official = official
        decision.status = KgbDecision.Status.REVIEW if reasons else KgbDecision.Status.SIGNATURE
        decision.save()
        audit.record(
            "hr.kgb_rechecked", obj=decision, actor=actor, data={"status": decision.status, "reasons": reasons}
        )
        if decision.case_id is None:
            _open_case_now(decision)  # an account or a service that came since: its case opens as it is now
        else:
            # The case shows the draft as it is now (salary, dates, BKD's findings), the change in its history.
            engine.update_case_facts(
                decision.case_id,
                data=cases.kgb_case_data(decision),
                actor=actor,
                note="Dihitung ulang BKD dari data kepegawaian terkini.",
            )
            if decision.status == KgbDecision.Status.SIGNATURE:
                # BKD's review step is done: the case moves on to the official's signature (with its deadline).
                workflow.decide_for_kind(
                    decision.case_id, actor=actor, action="approve", note="Diperiksa ulang BKD: memenuhi syarat."
                )
        if decision.status == KgbDecision.Status.SIGNATURE and official and official.user:
            notify.queue(
                key=f"kgb:{decision.pk}:to_sign",
                user=official.user,
                template="kgb_to_sign",
                context={
                    "employee": employee.full_name,
                    "effective": decision.effective_date.isoformat(),
                    "url": "/pegawai/kgb/",
                },
            )
    return decision


def cancel(*, actor, decision_id: int, note: str) -> KgbDecision:
    """BKD stops a draft (e.g. the increase is deferred, PP 7/1977 art. 13); the reason is kept."""
    if not note.strip():
        raise LoketError(tr("Tuliskan alasan pembatalan.", "Give the reason."), field="note")
    with transaction.atomic():
        decision = _hr_decision(actor, decision_id)
        if decision.status not in (KgbDecision.Status.REVIEW, KgbDecision.Status.SIGNATURE):
            raise LoketError(
                tr(
                    "Keputusan yang sudah ditandatangani tidak dapat dibatalkan di sini.",
                    "A signed decision cannot be cancelled here.",
                )
            )
        reason = f"Dibatalkan BKD: {note.strip()[:300]}"
        decision.status = KgbDecision.Status.CANCELLED
        decision.reasons = list(decision.reasons) + [reason]
        decision.save(update_fields=["status", "reasons"])
        audit.record("hr.kgb_cancelled", obj=decision, actor=actor, data={"note": note.strip()[:300]})
        if decision.case_id is not None:
            # The case ends as refused by BKD with the reason (lifecycle "reject"), its open task with it.
            workflow.decide_for_kind(decision.case_id, actor=actor, action="reject", note=reason)
    return decision


# --- BKD decides a reviewed draft (issue 16): approve with amounts, defer by decree, reject -----------------------


def decide_review(
    *,
    actor,
    decision_id: int,
    outcome: str,
    note: str = "",
    current_salary: int | None = None,
    new_salary: int | None = None,
    decree: deferral.DeferralDecree | None = None,
) -> KgbDecision:
    """BKD decides a draft it reviewed, as a step of the case on the engine:

    - approve: the draft goes to the official's signature (the case's review step is approved); amounts the
      table could not give are entered by BKD from the official table (deferral.approval_refusals), never guessed;
    - defer: a deferral decree (number, date, 1-12 months, reason; PP 7/1977 art. 13) is recorded, the draft stops
      (status "deferred", the case ends with the decree as its reason) and the next daily run drafts the increase
      again on the moved date, the deferral counting toward the next increase (rules.next_kgb `deferrals`);
    - reject: the draft stops with the reason (as `cancel`).
    """
    if outcome == deferral.REJECT:
        return cancel(actor=actor, decision_id=decision_id, note=note)
    if outcome not in (deferral.APPROVE, deferral.DEFER):
        raise LoketError(tr("Keputusan tidak dikenal.", "Unknown decision."), field="outcome")
    with transaction.atomic():
        decision = _hr_decision(actor, decision_id)
        if outcome == deferral.APPROVE:
            return _approve_review(actor, decision, note, current_salary, new_salary)
        return _defer(actor, decision, decree or deferral.DeferralDecree("", None, None, ""))


def _approve_review(actor, decision: KgbDecision, note: str, current_salary, new_salary) -> KgbDecision:
    if decision.status != KgbDecision.Status.REVIEW:
        raise LoketError(
            tr("Hanya draf yang sedang ditinjau dapat diputuskan BKD.", "Only drafts under review can be decided.")
        )
    employee = decision.employee
    official = queries.authorized_official(employee)
    if official is None or official.pk == employee.pk:
        raise LoketError(tr(NO_OFFICIAL, "No authorized official is set for this employee; set the agency head."))
    if decision.new_mkg_years is None:
        raise LoketError(
            tr(
                "Draf ini belum memiliki tanggal berlaku dan masa kerja baru; lengkapi data pegawai lalu periksa ulang.",
                "This draft has no effective date and new grade service yet; complete the record and recheck.",
            )
        )
    entered = current_salary is not None or new_salary is not None
    table_amounts = bool(decision.regulation) and decision.new_salary is not None
    refusals = deferral.approval_refusals(
        current_salary=decision.current_salary if table_amounts else current_salary,
        new_salary=decision.new_salary if table_amounts else new_salary,
        table_amounts=table_amounts,
        entered=entered,
    )
    if refusals:
        raise LoketError(" ".join(refusals), field="new_salary")
    if not table_amounts:
        decision.current_salary, decision.new_salary = current_salary, new_salary
        decision.regulation = decision.regulation or "diisi BKD"
    findings = f"Diputuskan BKD: memenuhi syarat, diteruskan ke pejabat yang berwenang. {note.strip()[:300]}".strip()
    decision.reasons = list(decision.reasons or []) + [findings]
    decision.official = official
    decision.status = KgbDecision.Status.SIGNATURE
    decision.save()
    audit.record(
        "hr.kgb_review_approved",
        obj=decision,
        actor=actor,
        data={"new_salary": decision.new_salary, "entered": not table_amounts, "note": note.strip()[:300]},
    )
    if decision.case_id is None:
        _open_case_now(decision)
    else:
        engine.update_case_facts(decision.case_id, data=cases.kgb_case_data(decision), actor=actor, note=findings)
        workflow.decide_for_kind(decision.case_id, actor=actor, action="approve", note=findings)
    if official.user:
        notify.queue(
            key=f"kgb:{decision.pk}:to_sign",
            user=official.user,
            template="kgb_to_sign",
            context={
                "employee": employee.full_name,
                "effective": decision.effective_date.isoformat(),
                "url": "/pegawai/kgb/",
            },
        )
    return decision


def _defer(actor, decision: KgbDecision, decree: deferral.DeferralDecree, *, document_id: str = "") -> KgbDecision:
    from loket.hr.leave.rules import format_date

    if decision.status not in OPEN:
        raise LoketError(
            tr(
                "Hanya draf yang belum ditandatangani dapat ditunda.",
                "Only drafts not yet signed can be deferred.",
            )
        )
    errors = deferral.deferral_refusals(decree, effective_date=decision.effective_date)
    if errors:
        raise LoketError(" ".join(errors.values()), errors={key: [message] for key, message in errors.items()})
    record = KgbDeferral.objects.create(
        employee=decision.employee,
        decision=decision,
        due_date=decision.due_date,
        number=decree.number.strip()[:60],
        decree_date=decree.decree_date,
        months=decree.months,
        reason=decree.reason.strip()[:500],
        recorded_by=actor,
        document_id=document_id,
    )
    text = (
        f"Ditunda {decree.months} bulan dengan surat keputusan nomor {record.number} tanggal "
        f"{format_date(record.decree_date)}: {record.reason}"
    )
    decision.status = KgbDecision.Status.DEFERRED
    decision.reasons = list(decision.reasons or []) + [text]
    decision.save(update_fields=["status", "reasons"])
    audit.record(
        "hr.kgb_deferred",
        obj=decision,
        actor=actor,
        data={
            "number": record.number,
            "decree_date": record.decree_date.isoformat(),
            "months": record.months,
            "reason": record.reason,
        },
    )
    if decision.case_id is not None:
        # The case ends with the decree as its reason; the increase is drafted again on its moved date.
        workflow.decide_for_kind(decision.case_id, actor=actor, action="reject", note=text)
    return decision


# --- The salary change handed to payroll (issue 16) -----------------------------------------------------------


def payroll_export(*, actor, first: dt.date, last: dt.date, agency_id: int | None = None) -> tuple[str, bytes]:
    """CSV (UTF-8 with BOM, so that spreadsheet software reads the Indonesian text) of the KGB notices signed from
    `first` to `last` (signing day, local time) in the agencies the actor manages HR for, or in `agency_id` of
    them: one row per employee (deferral.PAYROLL_COLUMNS). Audited. Returns (file name, bytes)."""
    import csv
    import io

    if last < first:
        raise LoketError(
            tr("Tanggal akhir tidak boleh sebelum tanggal awal.", "The end date is before the start date."),
            field="last",
        )
    if (last - first).days > 366:
        raise LoketError(tr("Periode paling lama 1 tahun.", "The period is at most 1 year."), field="last")
    agencies = permissions.agencies_for(actor, "hr.manage")
    decisions = KgbDecision.objects.filter(
        status=KgbDecision.Status.SIGNED, signed_at__date__gte=first, signed_at__date__lte=last
    ).filter(employee__agency__in=agencies)
    if agency_id is not None:
        decisions = decisions.filter(employee__agency_id=agency_id)
    decisions = decisions.select_related("employee__agency").order_by("employee__agency__name", "employee__nip")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(deferral.PAYROLL_COLUMNS)
    count = 0
    for decision in decisions.iterator(chunk_size=1000):
        employee = decision.employee
        writer.writerow(
            deferral.payroll_row(
                nip=employee.nip,
                name=employee.full_name,
                grade=decision.grade,
                old_salary=decision.current_salary,
                new_salary=decision.new_salary,
                effective_date=decision.effective_date,
                number=decision.number,
                signed_on=timezone.localtime(decision.signed_at).date() if decision.signed_at else None,
                agency=employee.agency.name,
            )
        )
        count += 1
    audit.record(
        "hr.kgb_payroll_exported",
        actor=actor,
        object_type="hr.kgbdecision",
        object_id="*",
        data={"first": first.isoformat(), "last": last.isoformat(), "agency": agency_id, "rows": count},
    )
    name = f"perubahan-gaji-kgb-{first.isoformat()}-{last.isoformat()}.csv"
    return name, ("\ufeff" + out.getvalue()).encode("utf-8")


# --- The official defers by a signed decree (issue 16) -----------------------------------------------------------


def deferral_subject(decision: KgbDecision, employee: Employee, *, months: int, reason: str):
    """The surat keputusan penundaan kenaikan gaji berkala (PP 7/1977 art. 13) as a loket.documents subject."""
    from loket.documents.services import Subject
    from loket.hr.grades import display_grade
    from loket.hr.leave.rules import format_date

    moved = rules.add_months(decision.effective_date, months)
    unit = ", ".join(x for x in [employee.unit.name if employee.unit_id else "", employee.agency.name] if x)
    body = "\n".join(
        [
            "Kenaikan gaji berkala pegawai berikut ditunda:",
            "",
            f"Nama: {employee.full_name}\nNIP: {employee.nip}\nPangkat/golongan ruang: {employee.rank or decision.grade}"
            f" ({display_grade(decision.grade)})\nJabatan: {employee.position_name or '-'}\nUnit kerja: {unit}",
            "",
            f"Kenaikan gaji berkala yang semestinya berlaku mulai tanggal {format_date(decision.effective_date)} "
            f"ditunda selama {months} bulan, sehingga paling cepat dapat diberikan mulai tanggal {format_date(moved)} "
            "bila syarat telah dipenuhi.",
            f"Alasan penundaan: {reason}",
            "",
            "Masa penundaan dihitung penuh sebagai masa kerja untuk kenaikan gaji berkala berikutnya (Peraturan "
            "Pemerintah Nomor 7 Tahun 1977 pasal 13, sebagaimana telah beberapa kali diubah).",
        ]
    )
    return Subject(
        type="hr.kgb_deferral",
        ref=str(decision.pk),
        label=f"Penundaan KGB {format_date(decision.effective_date)}",
        agency=employee.agency,
        holder=employee.user,
        holder_name=employee.full_name,
        title="Surat Keputusan Penundaan Kenaikan Gaji Berkala",
        body=body,
        classification=KGB_CLASSIFICATION,
        kind="lainnya",
        case=decision.case if decision.case_id else None,
    )


def defer_by_official(
    *, actor, decision_id: int, months: int | None, reason: str, otp: str = "", today: dt.date | None = None
) -> KgbDecision:
    """The authorized official (or whoever stands in for them today) defers a draft awaiting their signature by a
    decree they sign with their own TOTP code (PP 7/1977 art. 13): the decree is issued and PAdES-signed through
    loket.documents (its number and date are the decree's), recorded as a `KgbDeferral`, and the case ends with
    it, all in one transaction. Who may is asked as for signing; the code is checked before the transaction."""
    today = today or timezone.localdate()

    def valid_decree() -> None:
        errors = deferral.deferral_refusals(deferral.DeferralDecree("-", today, months, reason))
        if errors:
            raise LoketError(" ".join(errors.values()), errors={key: [message] for key, message in errors.items()})

    def sign(decision: KgbDecision, me: Employee) -> KgbDecision:
        employee = Employee.objects.select_related("agency__region", "unit").get(pk=decision.employee_id)
        if employee.user is None or me.user is None:
            raise LoketError(
                tr(
                    "Pegawai atau penanda tangan belum memiliki akun; surat penundaan tidak dapat diterbitkan.",
                    "The employee or the signer has no account; the deferral decree cannot be issued.",
                )
            )
        # The case ends in `_defer` (a rejection with the decree as its reason), as when BKD records a decree.
        document = decrees.issue(
            subject=deferral_subject(decision, employee, months=months, reason=reason.strip()[:500]),
            signer=me,
            principal=decision.official or me,
            actor=actor,
            otp=otp,
            verify_second_factor=False,
        )
        return _defer(
            actor,
            decision,
            deferral.DeferralDecree(document.number[:60], today, months, reason),
            document_id=document.code,
        )

    return decrees.official_signs(
        actor=actor,
        otp=otp,
        purpose="hr.kgb.defer",
        load=lambda lock: _load(decision_id, lock),
        check=_may_sign,
        sign=sign,
        refusal=tr("Anda tidak berwenang menunda keputusan ini.", "You may not defer this decision."),
        before_code=valid_decree,
        today=today,
    )
