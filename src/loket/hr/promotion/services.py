"""e-Pangkat: BKD opens a promotion period, Loket lists who is eligible and why the others are not, and opens one
system case per eligible employee; BKD verifies (the case waits for BKN's technical approval when the new rank needs
it), the official signs the decree with their own TOTP, and the registry follows: rank history, base salary (PP 5/2024
with the MKG rule), the next KGB re-planned, the employee told.

Eligibility is the pure rules' (hr/promotion/rules.py) over the registry: the employee's grade, its TMT, education,
disciplinary record and the yearly ratings in force (hr.performance). A regular promotion is preferred; an employee
not eligible for it is a candidate for promotion by education adjustment when their diploma opens a higher rank.
`Promotion.status` is hr's record of the case and is written only here, in the transaction of the engine's step.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from loket.applications import services as engine
from loket.core import audit
from loket.core.dates import long_date
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import tr
from loket.hr import cases, decrees, queries
from loket.hr.functional import rules as credit_rules
from loket.hr.functional import services as functional
from loket.hr.grades import display_grade
from loket.hr.kgb import rules as kgb_rules
from loket.hr.models import (
    CaseService,
    Employee,
    GradeHistory,
    Headship,
    KgbDecision,
    PensionFile,
    PerformanceRating,
    Promotion,
    SalaryHistory,
)
from loket.hr.performance.rules import YEARLY
from loket.hr.performance.rules import label as rating_label
from loket.hr.promotion import cases as promotion_cases
from loket.hr.promotion import rules
from loket.notify import services as notify
from loket.notify.models import Notification
from loket.org import permissions
from loket.workflow import services as workflow

log = logging.getLogger(__name__)
S = Promotion.Status
RATING_YEARS_READ = 3
NO_OFFICIAL = "Pejabat yang berwenang (kepala perangkat daerah) belum ditetapkan; perlu ditetapkan sebelum penandatanganan."  # the rules look back at most this many years (regular: 2, adjustment: 1)


def policy() -> rules.Policy:
    """The rules' values, with the region's overrides (settings.LOKET_PROMOTION_POLICY) for those marked "confirm"."""
    return rules.policy_from(getattr(settings, "LOKET_PROMOTION_POLICY", None))


def rupiah(amount: int | None) -> str:
    return f"Rp{amount:,}".replace(",", ".") if amount is not None else "-"


# --- eligibility ----------------------------------------------------------------------------------


def yearly_ratings(employee_ids, first_year: int, last_year: int) -> dict[int, dict[int, str]]:
    """employee -> {year: yearly rating in force} for the years first..last (the latest entry counts)."""
    found: dict[int, dict[int, str]] = {}
    for employee_id, year, rating in (
        PerformanceRating.objects.filter(
            employee_id__in=employee_ids, period=YEARLY, year__gte=first_year, year__lte=last_year
        )
        .order_by("created_at", "pk")
        .values_list("employee_id", "year", "rating")
    ):
        found.setdefault(employee_id, {})[year] = rating
    return found


def facts_of(employee: Employee, ratings: dict[int, str]) -> rules.Facts:
    return rules.Facts(
        status=employee.status,
        grade=employee.grade,
        grade_tmt=employee.grade_tmt,
        education=employee.education_level,
        ratings=ratings,
        disciplinary_penalty=employee.disciplinary_penalty,
    )


@dataclass
class Candidate:
    employee: Employee
    eligibility: (
        rules.Eligibility
    )  # the one that counts: regular if eligible, else adjustment if eligible, else regular
    salary: rules.SalaryAfter | None = None
    promotion: Promotion | None = None  # already opened for this date
    credit: rules.Credit | None = None  # a functional official's established credit (its levels for "jenjang")

    @property
    def eligible(self) -> bool:
        return self.eligibility.eligible


def credit_of(standing) -> rules.Credit:
    """The promotion rules' view of a functional official's established credit (hr.functional.services.Standing)."""
    level = standing.position.level if standing.position is not None else ""
    if standing.result is None:
        return rules.Credit(
            0.0, None, "", refusal=standing.refusal or "Angka kredit belum dapat dihitung.", level=level
        )
    step = standing.result.step
    if step.kind == credit_rules.TOP:
        return rules.Credit(float(standing.result.credit), None, "", level=level, to_level=level)
    return rules.Credit(
        float(standing.result.credit),
        float(step.credit),
        step.to_grade,
        level_step=step.kind == credit_rules.LEVEL,
        level=level,
        to_level=step.to_level,
    )


def functional_credit(employees, ids=None) -> dict[int, rules.Credit]:
    """employee id -> established credit, for the employees of `employees` in a functional post."""
    return {key: credit_of(standing) for key, standing in functional.established_standings(employees, ids).items()}


def assess(
    employee: Employee,
    ratings: dict[int, str],
    on: dt.date,
    chosen: rules.Policy | None = None,
    credit: rules.Credit | None = None,
) -> Candidate:
    """The promotion that counts for `employee` on `on`: in a functional post (`credit` given) the functional kind,
    or the level promotion when the next rank is held only in the next level; else the regular one; when that is
    refused, promotion by education adjustment if the diploma opens it."""
    chosen = chosen or policy()
    facts = facts_of(employee, ratings)
    if credit is None:
        regular = rules.regular(facts, on, chosen)
    elif credit.level_step:
        regular = rules.level_promotion(facts, on, credit, chosen)
    else:
        regular = rules.functional(facts, on, credit, chosen)
    eligibility = regular
    if not regular.eligible:
        adjustment = rules.education_adjustment(facts, on, chosen)
        if adjustment.eligible:
            eligibility = adjustment
    candidate = Candidate(employee, eligibility, credit=credit)
    if eligibility.eligible:
        base = employee.salary_tmt or employee.grade_tmt
        mkg = rules.mkg_on((employee.mkg_years, min(employee.mkg_months, 11)), base, on) if base else None
        candidate.salary = (
            rules.salary_after(eligibility.grade_from, eligibility.grade_to, mkg, on, policy=chosen)
            if mkg is not None
            else rules.SalaryAfter(None, None, None, None, "TMT SK gaji terakhir belum tercatat; perlu dilengkapi BKD.")
        )
    return candidate


def candidates(on: dt.date, agencies) -> list[Candidate]:
    """Every PNS/CPNS of `agencies` assessed for promotion date `on`, with the promotion already opened for it."""
    scope = Employee.objects.filter(
        agency__in=agencies, status__in=[Employee.Status.PNS, Employee.Status.CPNS], left_on__isnull=True
    )
    employees = list(scope.order_by("name", "pk"))  # whole rows: a deferred field makes each instance slower
    ids = scope.values("pk")  # a subquery: a period over a province does not send 100,000 ids back
    ratings = yearly_ratings(ids, on.year - RATING_YEARS_READ, on.year - 1)
    opened = {p.employee_id: p for p in Promotion.objects.filter(employee_id__in=ids, promotion_date=on)}
    chosen = policy()
    credits = functional_credit(employees, ids)
    retiring_on = dict(
        PensionFile.objects.filter(employee_id__in=ids)
        .exclude(status=PensionFile.Status.CANCELLED)
        .values_list("employee_id", "pension_date")
    )
    found = []
    for employee in employees:
        candidate = assess(employee, ratings.get(employee.pk, {}), on, chosen, credits.get(employee.pk))
        pension_date = retiring_on.get(employee.pk)
        if rules.retires_by(pension_date, on):  # shown with its cited reason, not dropped (PP 11/2017 art. 250)
            candidate.eligibility, candidate.salary = rules.retiring(candidate.eligibility, pension_date), None
        candidate.promotion = opened.get(employee.pk)
        found.append(candidate)
    return found


def requirements_text(employee: Employee, candidate: Candidate) -> str:
    """The promotion's requirements as the registry holds them (nothing is uploaded again)."""
    eligibility = candidate.eligibility
    ratings = yearly_ratings([employee.pk], eligibility.on.year - RATING_YEARS_READ, eligibility.on.year - 1).get(
        employee.pk, {}
    )
    parts = [
        f"SK pangkat terakhir {display_grade(employee.grade)} TMT {long_date(employee.grade_tmt)}"
        if employee.grade_tmt
        else "SK pangkat terakhir: TMT belum tercatat",
        "; ".join(f"SKP {year}: {rating_label(rating)}" for year, rating in sorted(ratings.items())) or "SKP: -",
        f"Ijazah {employee.education_level or '-'}",
        "Tidak sedang menjalani hukuman disiplin" if not employee.disciplinary_penalty else "Hukuman disiplin",
    ]
    if eligibility.kind in ("fungsional", "jenjang"):
        parts.append(_credit_requirement(employee))
    return ". ".join(parts) + "."


def _credit_requirement(employee: Employee) -> str:
    """The established credit a functional promotion rests on, with the last signed PAK."""
    standing = functional.standing_of(employee, established=True)
    last = functional.paks_of(employee).filter(status="signed").first()
    text = "Angka kredit yang ditetapkan " + (
        credit_rules.format_credit(standing.result.credit) if standing.result else "-"
    )
    if standing.result and standing.result.step.credit is not None:
        text += f" dari {credit_rules.format_credit(standing.result.step.credit)} yang disyaratkan"
    return text + (f" (PAK nomor {last.number})" if last else "")


def case_data(promotion: Promotion, requirements: str, to_verify: str) -> dict:
    kind = Promotion.Kind(promotion.kind).label
    data = {
        "nip": promotion.employee.nip,
        "jenis": kind,
        "pangkat_lama": rules.grade_name(promotion.grade_from),
        "pangkat_baru": rules.grade_name(promotion.grade_to),
        "jenjang_lama": functional.level_label_id(promotion.level_from) if promotion.level_from else "",
        "jenjang_baru": functional.level_label_id(promotion.level_to) if promotion.level_to else "",
        "tmt": promotion.promotion_date.isoformat(),
        "mkg_baru": f"{promotion.mkg_years} tahun {promotion.mkg_months} bulan",
        "gaji_lama": promotion.current_salary,
        "gaji_baru": promotion.new_salary,
        "persyaratan": requirements,
        "verifikasi": to_verify,
        promotion_cases.NEEDS_BKN: "ya" if promotion.needs_bkn else "tidak",
    }
    return {key: value for key, value in data.items() if value not in (None, "")}


# --- the period -----------------------------------------------------------------------------------


def _managed_agencies(actor):
    agencies = permissions.agencies_for(actor, "hr.manage")
    if not agencies.exists():
        raise PermissionDenied(
            tr("Anda tidak berwenang membuka periode kenaikan pangkat.", "You may not open a promotion period.")
        )
    return agencies


def check_period_date(on: dt.date, today: dt.date) -> None:
    if not rules.is_promotion_date(on):
        raise LoketError(
            tr(
                f"{long_date(on)} bukan tanggal periode kenaikan pangkat ({rules.calendar_source(on)}: "
                "1 Februari, 1 April, 1 Juni, 1 Agustus, 1 Oktober, 1 Desember).",
                f"{long_date(on, english=True)} is not a promotion date ({rules.calendar_source(on)}).",
            ),
            field="date",
        )
    if on < today:
        raise LoketError(
            tr(
                f"Periode {long_date(on)} sudah lewat; pilih periode berikutnya.",
                f"The period of {long_date(on, english=True)} has passed; choose the next one.",
            ),
            field="date",
        )


def open_period(*, actor, on: dt.date, today: dt.date | None = None) -> tuple[int, int]:
    """BKD opens the promotion period `on` for the agencies it manages: a Promotion and a system case for every
    eligible employee that has none for that date. Returns (promotions created, cases opened). Idempotent."""
    today = today or timezone.localdate()
    agencies = _managed_agencies(actor)
    check_period_date(on, today)
    chosen = policy()
    heads = dict(Headship.objects.filter(unit__isnull=True).values_list("agency_id", "employee_id"))
    fresh, requirements = [], {}
    for candidate in candidates(on, agencies):
        if not candidate.eligible or candidate.promotion is not None:
            continue
        fresh.append(new_promotion(candidate, on, chosen=chosen, official_id=heads.get(candidate.employee.agency_id)))
        fresh[-1].opened_by = actor
        requirements[candidate.employee.pk] = requirements_text(candidate.employee, candidate)
    with transaction.atomic():
        Promotion.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=1000)
        opened, failed = open_cases(requirements=requirements, agencies=agencies)
        audit.record(
            "hr.promotion_period_opened",
            actor=actor,
            object_type="hr.promotion",
            object_id="*",
            data={"date": on.isoformat(), "promotions": len(fresh), "cases_opened": opened, "cases_failed": failed},
        )
    return len(fresh), opened


def new_promotion(candidate: Candidate, on: dt.date, *, chosen, official_id: int | None) -> Promotion:
    """The unsaved promotion of an eligible `candidate` on `on` (BKD's verification first), with the agency head
    `official_id` as the signing official (never the employee themselves) and what BKD must verify as its note."""
    employee, eligibility, salary = candidate.employee, candidate.eligibility, candidate.salary
    notes = [reason.id for reason in eligibility.to_verify]
    if salary is not None and salary.refusal:
        notes.append(salary.refusal)
    if official_id is None or official_id == employee.pk:
        notes.append(NO_OFFICIAL)
    level_step = eligibility.kind == "jenjang" and candidate.credit is not None
    return Promotion(
        employee=employee,
        kind=Promotion.Kind(eligibility.kind),
        status=S.VERIFICATION,
        promotion_date=on,
        grade_from=eligibility.grade_from,
        grade_to=eligibility.grade_to,
        education_level=employee.education_level if eligibility.kind == "ijazah" else "",
        level_from=candidate.credit.level if level_step else "",
        level_to=candidate.credit.to_level if level_step else "",
        mkg_years=salary.mkg.years if salary and salary.mkg else 0,
        mkg_months=salary.mkg.months if salary and salary.mkg else 0,
        current_salary=salary.current_salary if salary else None,
        new_salary=salary.new_salary if salary else None,
        regulation=(salary.regulation or "") if salary else "",
        needs_bkn=rules.needs_bkn_approval(eligibility.grade_to, chosen),
        official_id=official_id if official_id != employee.pk else None,
        note=" ".join(notes)[:500],
    )


def open_cases(*, requirements: dict | None = None, agencies=None) -> tuple[int, int]:
    """Open the system case of every open promotion that has none (an employee with an account, a region with a
    promotion service), in bulk as the KGB job does: (opened, failed). One bad case never stops the others."""
    waiting = Promotion.objects.filter(case__isnull=True, status__in=Promotion.OPEN, employee__user__isnull=False)
    if agencies is not None:
        waiting = waiting.filter(employee__agency__in=agencies)
    waiting = list(
        waiting.select_related("employee__user", "employee__agency__region__parent", "employee__region__parent")
    )
    if not waiting:
        return 0, 0
    services, groups, offices = {}, {}, {}
    for promotion in waiting:
        employee = promotion.employee
        if employee.region_id not in services:
            services[employee.region_id] = cases.service_for(CaseService.Kind.PROMOTION, employee.region)
        service = services[employee.region_id]
        if service is None:
            continue  # no promotion service published for the region yet: BKD's register shows the promotion
        employee.user._loket_employee = employee
        if employee.agency_id not in offices:
            offices[employee.agency_id] = queries.HrOfficePool(employee.agency)
        queries.remember_hr_office(employee, offices[employee.agency_id].take(employee.user_id))
        groups.setdefault(service.pk, []).append((service, promotion))
    opened, failed = [], 0
    for group in groups.values():
        for start in range(0, len(group), 200):
            chunk = group[start : start + 200]
            results = engine.open_cases(
                service=chunk[0][0],
                cases=[
                    (
                        p.employee.user,
                        case_data(p, (requirements or {}).get(p.employee_id, ""), p.note),
                        promotion_cases.case_key(p),
                    )
                    for _service, p in chunk
                ],
            )
            for (_service, promotion), result in zip(chunk, results, strict=True):
                if isinstance(result, Exception):
                    log.error("Promotion %s: its case could not be opened: %s", promotion.pk, result)
                    failed += 1
                    continue
                promotion.case = result
                opened.append(promotion)
    Promotion.objects.bulk_update(opened, ["case"], batch_size=500)
    from loket.applications.queries import status_url

    rows = [
        row
        for promotion in opened
        for row in notify.build(
            key=f"promotion:{promotion.pk}:opened",
            user=promotion.employee.user,
            template="promotion_in_process",
            context={
                "grade": rules.grade_name(promotion.grade_to),
                "effective": promotion.promotion_date.isoformat(),
                "tracking": promotion.case.tracking_number,
                "url": status_url(promotion.case),
            },
        )
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(opened), failed


# --- BKD's verification and BKN's technical approval ----------------------------------------------


def _hr_promotion(actor, promotion_id: int) -> Promotion:
    promotion = Promotion.objects.select_for_update().select_related("employee").filter(pk=promotion_id).first()
    if promotion is None or not permissions.can(actor, "hr.manage", promotion.employee.agency_id):
        raise NotFound(tr("Kenaikan pangkat tidak ditemukan.", "Promotion not found."))
    return promotion


def _require(promotion: Promotion, *statuses) -> None:
    if promotion.status not in statuses:
        raise LoketError(
            tr(
                f"Kenaikan pangkat ini berstatus {promotion.get_status_display().lower()}; tindakan ini tidak dapat "
                "dilakukan.",
                f"This promotion is {promotion.status}; the action is not possible.",
            )
        )


def verify(*, actor, promotion_id: int, note: str = "") -> Promotion:
    """BKD has checked the requirements: the case waits for BKN's technical approval when the new rank needs it
    (clock stopped), else goes to the official's signature."""
    with transaction.atomic():
        promotion = _hr_promotion(actor, promotion_id)
        _require(promotion, S.VERIFICATION)
        now = timezone.now()
        if promotion.needs_bkn:
            promotion.status, promotion.bkn_sent_at = S.BKN, now
            promotion.save(update_fields=["status", "bkn_sent_at"])
            if promotion.case_id:  # any BKD officer of the agency (the rule above); the engine keeps ADR 13
                workflow.wait_for_kind(
                    promotion.case_id,
                    actor=actor,
                    note=(
                        f"Diverifikasi BKD; menunggu pertimbangan teknis BKN untuk kenaikan pangkat ke "
                        f"{rules.grade_name(promotion.grade_to)}."
                    ),
                )
        else:
            promotion.status = S.SIGNATURE
            promotion.save(update_fields=["status"])
            if promotion.case_id:
                workflow.decide_for_kind(
                    promotion.case_id, actor=actor, action="approve", note=(note or "Diverifikasi BKD.")[:300], now=now
                )
            _tell_official(promotion)
        audit.record(
            "hr.promotion_verified", obj=promotion, actor=actor, data={"status": promotion.status, "note": note[:300]}
        )
    return promotion


def record_bkn_approval(*, actor, promotion_id: int, number: str, day: dt.date | None, today=None) -> Promotion:
    """BKD records BKN's technical approval (pertimbangan teknis): its number and date. The case goes on (its clock
    runs again, deadlines moved by the days waited) to the official's signature."""
    today = today or timezone.localdate()
    number, day = decrees.bkn_approval(number, day, today)
    with transaction.atomic():
        promotion = _hr_promotion(actor, promotion_id)
        _require(promotion, S.BKN)
        promotion.bkn_number, promotion.bkn_date, promotion.status = number[:100], day, S.SIGNATURE
        promotion.save(update_fields=["bkn_number", "bkn_date", "status"])
        note = f"Pertimbangan teknis BKN nomor {promotion.bkn_number} tanggal {long_date(day)}."
        if promotion.case_id:
            workflow.resume_for_kind(promotion.case_id, actor=actor, note=note)
            data = dict(promotion.case.data or {})
            data["verifikasi"] = note
            engine.update_case_facts(promotion.case_id, data=data, actor=actor, note=note)
            workflow.decide_for_kind(promotion.case_id, actor=actor, action="approve", note=note)
        audit.record(
            "hr.promotion_bkn_recorded",
            obj=promotion,
            actor=actor,
            data={"number": number[:100], "date": day.isoformat()},
        )
        _tell_official(promotion)
    return promotion


def cancel(*, actor, promotion_id: int, note: str) -> Promotion:
    """BKD stops a promotion (a requirement not met on verification, BKN refused): the reason is kept and shown."""
    note = decrees.cancellation_note(note)
    with transaction.atomic():
        promotion = _hr_promotion(actor, promotion_id)
        _require(promotion, *Promotion.OPEN)
        decrees.end_with_reason(promotion, actor=actor, note=note, event="hr.promotion_cancelled", status=S.CANCELLED)
    return promotion


def _tell_official(promotion: Promotion) -> None:
    official = promotion.official
    if promotion.status == S.SIGNATURE and official is not None and official.user_id:
        notify.queue(
            key=f"promotion:{promotion.pk}:to_sign",
            user=official.user,
            template="promotion_to_sign",
            context={
                "employee": promotion.employee.full_name,
                "grade": rules.grade_name(promotion.grade_to),
                "effective": promotion.promotion_date.isoformat(),
                "url": "/pegawai/kenaikan-pangkat/tandatangani/",
            },
        )


# --- the official's signature ---------------------------------------------------------------------

DECREE_CLASSIFICATION = "823.3"  # archive classification of rank promotion decrees


def decree_subject(promotion: Promotion, employee: Employee, *, next_kgb: dt.date | None):
    """The promotion decree (keputusan kenaikan pangkat) as a loket.documents subject."""
    from loket.documents.services import Subject

    unit = ", ".join(x for x in [employee.unit.name if employee.unit_id else "", employee.agency.name] if x)
    basis = [
        "Peraturan Pemerintah Nomor 99 Tahun 2000 tentang Kenaikan Pangkat Pegawai Negeri Sipil sebagaimana telah "
        "diubah dengan Peraturan Pemerintah Nomor 12 Tahun 2002;",
        "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil sebagaimana telah diubah;",
        "Peraturan Badan Kepegawaian Negara Nomor 4 Tahun 2023 tentang Kenaikan Pangkat;",
        f"{promotion.regulation or 'Peraturan Pemerintah Nomor 5 Tahun 2024'} tentang gaji pegawai negeri sipil;",
    ]
    if promotion.kind in ("fungsional", "jenjang"):
        basis.append(
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 1 Tahun 2023 tentang "
            "Jabatan Fungsional;"
        )
        last = functional.paks_of(employee).filter(status="signed").first()
        if last is not None:
            basis.append(
                f"Penetapan angka kredit nomor {last.number} tanggal {long_date(timezone.localtime(last.signed_at).date())};"
            )
    if promotion.bkn_number:
        basis.append(
            f"Pertimbangan teknis Badan Kepegawaian Negara nomor {promotion.bkn_number} tanggal "
            f"{long_date(promotion.bkn_date)};"
        )
    body = "\n".join(
        [
            "Mengingat:",
            *(f"{index}. {text}" for index, text in enumerate(basis, start=1)),
            "",
            "MEMUTUSKAN",
            "",
            (
                "Menetapkan kenaikan jenjang jabatan fungsional dan kenaikan pangkat kepada:"
                if promotion.kind == "jenjang"
                else "Menetapkan kenaikan pangkat "
                + {"ijazah": "penyesuaian ijazah ", "fungsional": "dalam jabatan fungsional "}.get(
                    promotion.kind, "reguler "
                )
                + "kepada:"
            ),
            f"Nama: {employee.full_name}\nNIP: {employee.nip}\nJabatan: {employee.position_name or '-'}\n"
            f"Unit kerja: {unit}",
            "",
            *(_level_lines(promotion, employee) if promotion.kind == "jenjang" else []),
            f"Dari pangkat/golongan ruang: {rules.grade_name(promotion.grade_from)}\n"
            f"Menjadi pangkat/golongan ruang: {rules.grade_name(promotion.grade_to)}\n"
            f"Terhitung mulai tanggal: {long_date(promotion.promotion_date)}\n"
            f"Masa kerja golongan: {promotion.mkg_years} tahun {promotion.mkg_months} bulan\n"
            f"Gaji pokok: {rupiah(promotion.new_salary)} (sebelumnya {rupiah(promotion.current_salary)})"
            + (f"\nKenaikan gaji berkala berikutnya: {long_date(next_kgb)} (bila memenuhi syarat)" if next_kgb else ""),
        ]
    )
    return Subject(
        type="hr.promotion_decree",
        ref=str(promotion.pk),
        label=f"Kenaikan pangkat TMT {long_date(promotion.promotion_date)}",
        agency=employee.agency,
        holder=employee.user,
        holder_name=employee.full_name,
        title="Keputusan Kenaikan Pangkat Pegawai Negeri Sipil",
        body=body,
        classification=DECREE_CLASSIFICATION,
        kind="lainnya",
        case=promotion.case if promotion.case_id else None,
    )


def _level_lines(promotion: Promotion, employee: Employee) -> list[str]:
    """The decree's lines on the level: from the post held to the same post at the next level."""
    held = employee.functional_positions.filter(last__isnull=True).first()
    name = held.name if held is not None else ""
    return [
        f"Dari jabatan: {credit_rules.position_title(name, promotion.level_from)}\n"
        f"Menjadi jabatan: {credit_rules.position_title(name, promotion.level_to)}"
    ]


def sign(*, actor, promotion_id: int, otp: str = "", today: dt.date | None = None) -> Promotion:
    """The authorized official (or their stand-in today) signs the decree with their own TOTP code: the decree is
    issued and PAdES-signed, the case completes and the registry follows, in one transaction (hr.decrees)."""
    return decrees.official_signs(
        actor=actor,
        otp=otp,
        purpose="hr.promotion.sign",
        load=lambda lock: (
            (Promotion.objects.select_for_update() if lock else Promotion.objects.select_related("official"))
            .filter(pk=promotion_id)
            .first()
        ),
        check=_may_sign,
        sign=lambda promotion, me: apply_signature(
            promotion=promotion, signer=me, actor=actor, otp=otp, verify_second_factor=False
        ),
        refusal=tr("Anda tidak berwenang menandatangani keputusan ini.", "You may not sign this decree."),
        today=today,
    )


def _may_sign(promotion: Promotion | None, me: Employee, persons) -> None:
    if promotion is None:
        raise NotFound(tr("Kenaikan pangkat tidak ditemukan.", "Promotion not found."))
    decrees.refuse_unless_official(
        promotion,
        me,
        persons,
        refusal=tr("Anda tidak berwenang menandatangani keputusan ini.", "You may not sign this decree."),
    )
    _require(promotion, S.SIGNATURE)
    if promotion.kind == "jenjang":
        refusal = functional.level_promotion_refusal(promotion)
        if refusal:
            raise LoketError(refusal)


def apply_signature(*, promotion: Promotion, signer: Employee, actor, otp: str = "", verify_second_factor=True):
    """Sign a locked promotion awaiting signature as `signer` (callers check who may sign; the demo signs its seeded
    history without a code)."""
    employee = Employee.objects.select_related("agency__region", "unit", "user").get(pk=promotion.employee_id)
    if employee.user is None:
        raise LoketError(
            tr(
                "Pegawai belum memiliki akun; keputusan kenaikan pangkat tidak dapat diterbitkan.",
                "The employee has no account; the decree cannot be issued.",
            )
        )
    if promotion.new_salary is None:
        raise LoketError(
            tr(
                "Gaji pokok baru tidak dapat ditentukan dari tabel gaji; BKD perlu melengkapi data masa kerja.",
                "The new base salary cannot be read from the salary table; the HR office must complete the record.",
            )
        )
    now = timezone.now()
    mkg = kgb_rules.Mkg(promotion.mkg_years, promotion.mkg_months)
    upcoming = kgb_rules.next_kgb(promotion.grade_to, mkg, promotion.promotion_date, performance="baik")
    next_kgb = upcoming.effective_date

    def record(document) -> None:
        promotion.status, promotion.signed_at, promotion.signed_by = S.SIGNED, now, signer
        promotion.number, promotion.document_id = document.number[:60], document.code
        promotion.save(update_fields=["status", "signed_at", "signed_by", "number", "document_id"])

    document = decrees.issue(
        subject=decree_subject(promotion, employee, next_kgb=next_kgb),
        signer=signer,
        principal=promotion.official or signer,
        actor=actor,
        otp=otp,
        now=now,
        verify_second_factor=verify_second_factor,
        record=record,
        case_id=promotion.case_id,
    )
    write_registry(promotion, employee)
    if promotion.kind == "jenjang":
        functional.promote_level(promotion=promotion, employee=employee, actor=actor)
    replanned = replan_kgb(promotion, actor=actor)
    audit.record(
        "hr.promotion_signed",
        obj=promotion,
        actor=actor,
        data={
            "nip": employee.nip,
            "grade": promotion.grade_to,
            "effective": promotion.promotion_date.isoformat(),
            "new_salary": promotion.new_salary,
            "number": promotion.number,
            "document": document.code,
            "kgb_drafts_replaced": replanned,
            "next_kgb": next_kgb.isoformat() if next_kgb else None,
        },
    )
    notify.queue(
        key=f"promotion:{promotion.pk}:signed",
        user=employee.user,
        template="promotion_signed",
        context={
            "grade": rules.grade_name(promotion.grade_to),
            "effective": promotion.promotion_date.isoformat(),
            "old": rupiah(promotion.current_salary),
            "new": rupiah(promotion.new_salary),
            "next_kgb": next_kgb.isoformat() if next_kgb else "-",
            "url": f"/pegawai/kenaikan-pangkat/{promotion.pk}/",
        },
    )
    return promotion


def write_registry(promotion: Promotion, employee: Employee) -> None:
    """The new rank and salary on the employee's record and histories (rank: the decree; salary: reason promotion)."""
    Employee.objects.filter(pk=employee.pk).update(
        grade=promotion.grade_to,
        grade_tmt=promotion.promotion_date,
        salary_tmt=promotion.promotion_date,
        mkg_years=promotion.mkg_years,
        mkg_months=promotion.mkg_months,
        base_salary=promotion.new_salary,
        updated_at=timezone.now(),
    )
    GradeHistory.objects.update_or_create(
        employee=employee,
        tmt=promotion.promotion_date,
        defaults={"grade": promotion.grade_to, "decree": promotion.number},
    )
    SalaryHistory.objects.update_or_create(
        employee=employee,
        tmt=promotion.promotion_date,
        defaults={
            "amount": promotion.new_salary,
            "mkg_years": promotion.mkg_years,
            "mkg_months": promotion.mkg_months,
            "grade": promotion.grade_to,
            "reason": "promotion",
            "regulation": promotion.regulation,
        },
    )


def replan_kgb(promotion: Promotion, *, actor) -> int:
    """The next KGB counts from the promotion's salary decree (its TMT and MKG, now on the employee's record: the
    daily KGB job drafts it when due). An open KGB draft taking effect on or after the promotion's TMT was computed
    for the old grade: it ends, its case refused with the reason. Returns how many ended.
    (KgbDecision.status is otherwise written by hr.kgb.services; a promotion superseding a draft is the one other
    writer, in the signature's transaction.)"""
    superseded = list(
        KgbDecision.objects.select_for_update().filter(
            Q(employee_id=promotion.employee_id),
            Q(status__in=[KgbDecision.Status.REVIEW, KgbDecision.Status.SIGNATURE]),
            Q(effective_date__gte=promotion.promotion_date),
        )
    )
    reason = (
        f"Digantikan kenaikan pangkat ke {rules.grade_name(promotion.grade_to)} TMT "
        f"{long_date(promotion.promotion_date)}; KGB berikutnya dihitung dari SK pangkat baru."
    )
    for decision in superseded:
        decision.status = KgbDecision.Status.CANCELLED
        decision.reasons = list(decision.reasons or []) + [reason]
        decision.save(update_fields=["status", "reasons"])
        if decision.case_id is not None:
            workflow.decide_for_kind(decision.case_id, actor=actor, action="reject", note=reason)
        audit.record("hr.kgb_superseded", obj=decision, actor=actor, data={"promotion": promotion.pk})
    return len(superseded)


# --- reads ----------------------------------------------------------------------------------------


def register(agencies, on: dt.date | None = None):
    found = Promotion.objects.filter(employee__agency__in=agencies).select_related("employee", "case", "official")
    return found.filter(promotion_date=on) if on else found


def for_reader(user, me: Employee | None, promotion_id: int) -> Promotion | None:
    """The promotion if `user` may read it: the employee (it is their case from the start), the official who signs
    it, and the BKD of the employee's region or an inspector over it."""
    promotion = (
        Promotion.objects.select_related("employee__agency", "official", "case", "signed_by")
        .filter(pk=promotion_id)
        .first()
    )
    if promotion is None:
        return None
    if me is not None and me.pk in (promotion.employee_id, promotion.official_id):
        return promotion
    return promotion if queries.reads_as_hr(user, promotion.employee) else None


def to_sign_for(signer: Employee, day: dt.date | None = None):
    persons = permissions.acting_persons(signer.user, day) if signer.user_id else frozenset()
    return (
        Promotion.objects.filter(Q(official=signer) | Q(official__user_id__in=sorted(persons)), status=S.SIGNATURE)
        .exclude(employee=signer)
        .select_related("employee", "official")
    )


def promotions_of(employee: Employee):
    return Promotion.objects.filter(employee=employee).select_related("case")


def decision_page(application) -> str | None:
    """workflow.decisions resolver: a promotion case is decided on e-Pangkat's pages (BKD's page of the promotion
    while it is verified, the official's list while it waits for the signature)."""
    from django.urls import reverse

    if not promotion_cases.is_promotion_case(application):
        return None
    found = Promotion.objects.filter(case_id=application.pk).values_list("pk", "status").first()
    if found is None:
        return None
    promotion_id, status = found
    if status == S.SIGNATURE:
        return reverse("hr:promotion_sign_list")
    if status in (S.VERIFICATION, S.BKN):
        return reverse("hr:promotion_hr_detail", kwargs={"promotion_id": promotion_id})
    return reverse("hr:promotion_detail", kwargs={"promotion_id": promotion_id})


def withdrawal_refusal(application) -> str | None:
    """Registered with the engine: a promotion case is opened by BKD for a right the employee holds."""
    if not promotion_cases.is_promotion_case(application):
        return None
    return tr(
        "Kenaikan pangkat diproses oleh BKD dan tidak dapat dicabut. Bila ada data yang keliru, hubungi BKD.",
        "A rank promotion is processed by the HR office and cannot be withdrawn. If a record is wrong, contact BKD.",
    )
