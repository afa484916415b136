"""Demo civil servants: ~500 employees across the demo agencies, unit heads, leave history, KGB due.

Written through the same path as a SIASN import (`upsert_employees`), so the demo also exercises it.
Idempotent: a rerun finds the employees by NIP and creates nothing. Deterministic (fixed random seed),
dates relative to today so KGB is always due for some and the leave calendar is current.

Demo logins (password loket-demo-2026; report them in `loket demo`): see DEMO_LOGINS.
"""

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from loket.core import audit
from loket.hr.importing import upsert_employees
from loket.hr.kgb import rules as kgb_rules
from loket.hr.kgb.services import draft_due
from loket.hr.leave.rules import working_days
from loket.hr.models import Employee, LeaveDecision, LeavePermit, LeaveRequest
from loket.org.deadlines import calendar_for
from loket.org.models import Agency, Region, Role, RoleAssignment, Unit

DEMO_PASSWORD = "loket-demo-2026"
EMAIL_DOMAIN = "demo.loket.id"
PER_AGENCY = 31
SEED = 20261123

# (username, first name, last name, description) — linked to employees by their official email.
DEMO_LOGINS = [
    (
        "pegawai.siti",
        "Siti",
        "Aminah",
        "pegawai DPMPTSP Kota Bandung (ajukan cuti di /pegawai/cuti/baru/, saldo cuti, dokumen)",
    ),
    (
        "kasi.rudi",
        "Rudi",
        "Hartono",
        "kepala seksi DPMPTSP Kota Bandung: atasan langsung Siti (persetujuan cuti, kalender tim)",
    ),
    (
        "kepala.dpmptsp.bandung",
        "",
        "",
        "pejabat yang berwenang atas cuti dan penanda tangan KGB pegawai DPMPTSP Kota Bandung (/pegawai/)",
    ),
    (
        "bkd.jabar",
        "Admin",
        "BKD Jawa Barat",
        "admin kepegawaian (BKD) Provinsi Jawa Barat: data pegawai, impor SIASN, tinjauan KGB (/kantor/kepegawaian/)",
    ),
]
HR_ADMINS = {"bkd.jabar": "32"}
NEW_LOGINS = ("pegawai.siti", "kasi.rudi", "bkd.jabar")  # kepala.dpmptsp.bandung comes from loket.demo.seed


def _totp_secret(username: str) -> str:
    from loket.demo.seed import totp_secret

    return totp_secret(username)


DEMO_TOTP = {username: _totp_secret(username) for username in HR_ADMINS}

FIRST_M = [
    "Agus",
    "Budi",
    "Dedi",
    "Asep",
    "Ujang",
    "Rudi",
    "Hendra",
    "Yusuf",
    "Dadang",
    "Iwan",
    "Eko",
    "Bayu",
    "Rizky",
    "Fajar",
    "Taufik",
    "Arif",
    "Irfan",
    "Cecep",
    "Wawan",
    "Andi",
]
FIRST_F = [
    "Siti",
    "Dewi",
    "Rina",
    "Euis",
    "Nur",
    "Ratna",
    "Lilis",
    "Yanti",
    "Dian",
    "Fitri",
    "Ika",
    "Neneng",
    "Wulan",
    "Rika",
    "Sri",
    "Tuti",
    "Intan",
    "Maya",
    "Lia",
    "Ayu",
]
LAST = [
    "Permana",
    "Hidayat",
    "Kurniawan",
    "Lestari",
    "Suryadi",
    "Rahmawati",
    "Saputra",
    "Nugraha",
    "Wijaya",
    "Setiawan",
    "Hermawan",
    "Maulana",
    "Susanti",
    "Purnama",
    "Gunawan",
    "Ramdani",
    "Sulaeman",
    "Kusnadi",
]
STAFF_POSITIONS = [
    ("Pelaksana", "Pengadministrasi Perkantoran"),
    ("Pelaksana", "Pengolah Data dan Informasi"),
    ("Fungsional", "Analis Kebijakan Ahli Pertama"),
    ("Fungsional", "Pranata Komputer Ahli Pertama"),
    ("Pelaksana", "Penata Layanan Operasional"),
    ("Fungsional", "Analis Kebijakan Ahli Muda"),
    ("Pelaksana", "Operator Layanan Operasional"),
]
STAFF_GRADES = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/a", "III/b", "III/b", "III/c", "III/d"]
EDUCATION = {"II": ("SMA", "IPS"), "III": ("S1", "Administrasi Publik"), "IV": ("S2", "Ilmu Pemerintahan")}


def _mkg_on_grid(grade: str, rng: random.Random) -> int:
    grid = kgb_rules.GRIDS[grade]
    return rng.choice([step for step in grid if 2 <= step <= 20] or list(grid[:3]))


class _Builder:
    def __init__(self, today: dt.date):
        self.today = today
        self.rng = random.Random(SEED)
        self.nips: set[str] = set()
        self.rows: list[dict] = []

    def nip(self, birth: dt.date, tmt: dt.date, sex: str) -> str:
        serial = 1
        while True:
            candidate = f"{birth:%Y%m%d}{tmt:%Y%m}{1 if sex == 'M' else 2}{serial:03d}"
            if candidate not in self.nips:
                self.nips.add(candidate)
                return candidate
            serial += 1

    def person(
        self,
        *,
        agency: Agency,
        unit: Unit | None,
        grade: str,
        position: tuple[str, str],
        head: bool,
        age: tuple[int, int],
        name: tuple[str, str, str] | None = None,
        email: str = "",
        kgb_due: bool = False,
        performance: str = "baik",
        penalty: bool = False,
    ) -> dict:
        rng, today = self.rng, self.today
        sex = name[0] if name else rng.choice("MF")
        first = name[1] if name else rng.choice(FIRST_M if sex == "M" else FIRST_F)
        last = name[2] if name else rng.choice(LAST)
        birth = dt.date(today.year - rng.randint(*age), rng.randint(1, 12), rng.randint(1, 28))
        tmt_cpns = dt.date(birth.year + rng.randint(23, 29), rng.choice([1, 3, 4]), 1)
        tmt_cpns = min(tmt_cpns, dt.date(today.year - 3, 3, 1))
        roman = grade.split("/")[0]
        key = kgb_rules.normalize_grade(grade)
        mkg = _mkg_on_grid(key, rng)
        if kgb_due:  # last salary decree two years before next month's 1st: due within 60 days
            salary_tmt = kgb_rules.add_months(today.replace(day=1), 1 - 24)
        else:  # a recent decree: next increase 3-22 months away
            salary_tmt = kgb_rules.add_months(today.replace(day=1), -rng.randint(2, 21))
        grade_tmt = kgb_rules.add_months(salary_tmt, -12 * rng.choice([0, 2, 4]))
        salary = kgb_rules.base_salary(key, mkg, salary_tmt, cpns=False)
        education, major = EDUCATION[roman]
        self.rows.append(
            {
                "NIP_BARU": self.nip(birth, tmt_cpns, sex),
                "NAMA": f"{first} {last}",
                "GELAR_DEPAN": "Dr." if roman == "IV" and rng.random() < 0.2 else "",
                "GELAR_BELAKANG": {"SMA": "", "S1": "S.AP.", "S2": "S.IP., M.Si."}[education],
                "STATUS_CPNS_PNS": "P",
                "GOL_AKHIR_NAMA": grade,
                "TMT_GOLONGAN": grade_tmt.isoformat(),
                "MK_TAHUN": str(mkg),
                "MK_BULAN": "0",
                "JENIS_JABATAN_NAMA": position[0],
                "JABATAN_NAMA": position[1],
                "TMT_JABATAN": kgb_rules.add_months(today.replace(day=1), -rng.randint(6, 60)).isoformat(),
                "SATUAN_KERJA_KERJA_NAMA": agency.slug,
                "UNOR_NAMA": unit.name if unit else "",
                "KEPALA_UNOR": "Y" if head else "",
                "TINGKAT_PENDIDIKAN_NAMA": education,
                "PENDIDIKAN_NAMA": major,
                "GAJI_POKOK": str(salary),
                "TMT_KGB": salary_tmt.isoformat(),
                "PREDIKAT_KINERJA": performance,
                "HUKUMAN_DISIPLIN": "Y" if penalty else "",
                "EMAIL": email,
            }
        )
        return self.rows[-1]

    def pppk(self, *, agency: Agency, unit: Unit | None) -> None:
        rng, today = self.rng, self.today
        sex = rng.choice("MF")
        birth = dt.date(today.year - rng.randint(25, 45), rng.randint(1, 12), rng.randint(1, 28))
        year = rng.choice([2021, 2022, 2023])
        serial = 1
        while (nip := f"{birth:%Y%m%d}{year}2{rng.randint(1, 3)}{1 if sex == 'M' else 2}{serial:03d}") in self.nips:
            serial += 1
        self.nips.add(nip)
        self.rows.append(
            {
                "NIP_BARU": nip,
                "NAMA": f"{rng.choice(FIRST_M if sex == 'M' else FIRST_F)} {rng.choice(LAST)}",
                "STATUS_CPNS_PNS": "PPPK",
                "GOL_AKHIR_NAMA": rng.choice(["V", "VII", "IX"]),
                "JENIS_JABATAN_NAMA": "Fungsional",
                "JABATAN_NAMA": "Pranata Komputer Ahli Pertama",
                "SATUAN_KERJA_KERJA_NAMA": agency.slug,
                "UNOR_NAMA": unit.name if unit else "",
                "TINGKAT_PENDIDIKAN_NAMA": "S1",
                "PENDIDIKAN_NAMA": "Teknik Informatika",
                "PREDIKAT_KINERJA": "baik",
                "TMT_GOLONGAN": f"{year}-04-01",
            }
        )

    def agency(self, agency: Agency, units: list[Unit], named: dict) -> None:
        rng = self.rng
        count = 0
        self.person(
            agency=agency,
            unit=None,
            grade=rng.choice(["IV/c", "IV/b"]),
            head=True,
            age=(48, 57),
            position=("JPT", f"Kepala {agency.short_name or agency.name}"),
            **named.get(("head", None), {}),
        )
        count += 1
        for unit in units:
            top = unit.parent_id is None
            self.person(
                agency=agency,
                unit=unit,
                grade=rng.choice(["IV/a", "III/d"] if top else ["III/d", "III/c"]),
                head=True,
                age=(40, 54) if top else (35, 50),
                position=("Administrator" if top else "Pengawas", f"Kepala {unit.name}"),
                **named.get(("head", unit.name), {}),
            )
            count += 1
        staff_units = [u for u in units if not u.children.exists()] or units or [None]
        index = 0
        while count < PER_AGENCY:
            unit = staff_units[index % len(staff_units)]
            extra = named.get(("staff", unit.name if unit else None)) if index < len(staff_units) else None
            if rng.random() < 0.1 and not extra:
                self.pppk(agency=agency, unit=unit)
            else:
                roll = rng.random()
                params = {
                    "kgb_due": roll < 0.11,
                    "performance": "butuh perbaikan" if 0.08 <= roll < 0.1 else "baik",
                    "penalty": 0.1 <= roll < 0.11,
                }
                params.update(extra or {})
                self.person(
                    agency=agency,
                    unit=unit,
                    grade=rng.choice(STAFF_GRADES),
                    head=False,
                    age=(24, 56),
                    position=rng.choice(STAFF_POSITIONS),
                    **params,
                )
            index += 1
            count += 1


def _users(today) -> dict:
    """The demo logins that are employees-only or HR admins; existing seed users are kept as they are."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    users = {}
    for username, first, last, _ in DEMO_LOGINS:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@{EMAIL_DOMAIN}",
                "first_name": first,
                "last_name": last,
                "password": password,
            },
        )
        users[username] = user
    from allauth.account.models import EmailAddress

    for user in users.values():
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    for username, region_code in HR_ADMINS.items():
        region = Region.objects.filter(code=region_code).first()
        if region:
            RoleAssignment.objects.get_or_create(user=users[username], role=Role.HR_ADMIN, region=region)
        # Back-office accounts use TOTP (issue 3); the demo secret is derived like the other demo accounts'.
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        if not Authenticator.objects.filter(user=users[username], type=Authenticator.Type.TOTP).exists():
            TOTP.activate(users[username], DEMO_TOTP[username])
    return users


def seed_demo() -> int:
    from loket.demo.seed import HEADS, USERS

    if not Agency.objects.exists():
        return 0
    if Employee.objects.filter(source="demo").exists():
        return _signed_documents()  # a database seeded before the documents existed gets them now
    today = timezone.localdate()
    users = _users(today)
    builder = _Builder(today)
    named = {
        "dpmptsp-kota-bandung": {
            ("head", None): {"name": ("M", "Bambang", "Sutrisno"), "email": users["kepala.dpmptsp.bandung"].email},
            ("head", "Seksi Perizinan Kesehatan dan Pendidikan"): {
                "name": ("M", "Rudi", "Hartono"),
                "email": users["kasi.rudi"].email,
            },
            ("staff", "Seksi Perizinan Kesehatan dan Pendidikan"): {
                "name": ("F", "Siti", "Aminah"),
                "email": users["pegawai.siti"].email,
                "kgb_due": True,
            },
        },
    }
    for username, (sex, first, last) in HEADS.items():  # the other demo heads who sign, as employees too
        slug = next(role[1] for user in USERS if user.username == username for role in user.roles)
        named.setdefault(slug, {}).setdefault(
            ("head", None), {"name": (sex, first, last), "email": f"{username}@{EMAIL_DOMAIN}"}
        )
    agencies = list(Agency.objects.order_by("pk"))
    for agency in agencies:
        units = list(Unit.objects.filter(agency=agency).order_by("pk"))
        builder.agency(agency, units, named.get(agency.slug, {}))
    rows = list(enumerate(builder.rows, start=2))
    outcome = upsert_employees(rows, source="demo", today=today)
    if not outcome.ok:
        raise RuntimeError(f"demo employees invalid: {outcome.errors[:3]}")
    created = outcome.created + _case_services()
    created += _leave_history(today)
    created += draft_due(today=today)
    created += _signed_documents()
    audit.record(
        "hr.demo_seeded",
        object_type="hr.employee",
        object_id="*",
        data={"employees": outcome.created, "rows": outcome.total},
    )
    return created


def _signed_documents() -> int:
    """Real signed PDFs (loket.documents) for the history: every approved leave's permit, and the KGB notices of
    the agencies whose head has no demo login (their drafts count as signed already). The drafts of the demo
    heads (kepala.dpmptsp.bandung: Siti's KGB) stay in their list, to be signed live with TOTP. Seeding signs on
    the officials' behalf without TOTP: it stands in for their past signatures. Idempotent."""
    from loket.hr.kgb.services import apply_signature
    from loket.hr.leave.services import sign_existing_permit
    from loket.hr.models import KgbDecision

    started = time.monotonic()
    count = 0
    permits = (
        LeavePermit.objects.filter(
            document_id="",
            request__employee__source="demo",
            request__employee__user__isnull=False,
            signed_by__user__isnull=False,
        )
        .select_related(
            "request__employee__agency__region",
            "request__employee__unit",
            "request__official",
            "signed_by__user",
            "request__employee__user",
        )
        .order_by("request__first", "pk")
    )
    for permit in permits:
        sign_existing_permit(permit=permit, verify_second_factor=False)
        count += 1
    drafts = (
        KgbDecision.objects.filter(
            status=KgbDecision.Status.SIGNATURE,
            employee__source="demo",
            employee__user__isnull=False,
            official__user__isnull=False,
        )
        .select_related("official__user")
        .order_by("effective_date", "pk")
    )
    for decision in drafts:
        if decision.official.user.has_usable_password():
            continue  # a demo login: signs live
        with transaction.atomic():
            locked = KgbDecision.objects.select_for_update().get(pk=decision.pk)
            apply_signature(decision=locked, signer=decision.official, actor=None, verify_second_factor=False)
        count += 1
    if count:
        audit.record(
            "hr.demo_documents_signed",
            object_type="hr.employee",
            object_id="*",
            data={"documents": count, "seconds": round(time.monotonic() - started, 2)},
        )
    return count


def _chain(employee, heads_by_unit, agency_heads, parents):
    unit = employee.unit_id
    while unit is not None:
        head = heads_by_unit.get(unit)
        if head is not None and head != employee.pk:
            return head
        unit = parents.get(unit)
    head = agency_heads.get(employee.agency_id)
    return head if head != employee.pk else None


def _case_services() -> int:
    """West Java's BKD leave and KGB services carry the leave and KGB cases of the province and its regencies
    and cities."""
    from loket.catalogue.models import Service
    from loket.hr.models import CaseService

    made = 0
    for kind, code in ((CaseService.Kind.LEAVE, "cuti-asn-jabar"), (CaseService.Kind.KGB, "kgb-asn-jabar")):
        service = Service.objects.filter(code=code, current__isnull=False).select_related("agency").first()
        if service is None:
            continue
        _, created = CaseService.objects.get_or_create(
            kind=kind, region_id=service.agency.region_id, defaults={"service": service}
        )
        made += int(created)
    return made


def _decided_before(first: dt.date, calendar, employee, rng: random.Random) -> dt.datetime:
    """When the official approved a past leave: a working morning one to two weeks before it starts (never later
    than now), so the permit is dated as it would have been, not at seeding time."""
    day = first - dt.timedelta(days=rng.randint(5, 14))
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    moment = dt.datetime.combine(day, dt.time(rng.randint(8, 14), rng.randint(0, 59)))
    return min(timezone.make_aware(moment, employee.agency.region.zoneinfo), timezone.now())


def _leave_history(today: dt.date) -> int:
    """Approved annual leave earlier this year for ~1 in 4 PNS, and a few requests waiting for decisions."""
    from loket.hr.models import Headship

    rng = random.Random(SEED + 1)
    decided_rng = random.Random(SEED + 2)  # its own sequence: the history above stays the same
    heads_by_unit = dict(Headship.objects.filter(unit__isnull=False).values_list("unit_id", "employee_id"))
    agency_heads = dict(Headship.objects.filter(unit__isnull=True).values_list("agency_id", "employee_id"))
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    employees = list(Employee.objects.filter(source="demo").exclude(status="PPPK").select_related("agency__region"))
    requests, approvals = [], []
    rudi = Employee.objects.filter(email=f"kasi.rudi@{EMAIL_DOMAIN}").values_list("pk", flat=True).first()
    waiting: set = set()
    for employee in employees:
        superior = _chain(employee, heads_by_unit, agency_heads, parents)
        official = agency_heads.get(employee.agency_id)
        if official in (None, employee.pk):
            continue
        if superior == official:
            superior = None
        calendar = calendar_for(employee.agency.region)
        # Rudi Hartono (kasi.rudi) finds a team member's request waiting for him; a few others wait elsewhere.
        pending = employee.name != "Siti Aminah" and ((superior == rudi and rudi not in waiting) or rng.random() < 0.03)
        if pending and superior == rudi:
            waiting.add(rudi)
        if employee.name == "Siti Aminah" or rng.random() < 0.25 or pending:
            if pending:  # next month, waiting for the superior (or the official)
                first = kgb_rules.add_months(today.replace(day=1), 1) + dt.timedelta(days=rng.randint(2, 20))
            else:
                first = dt.date(today.year, rng.randint(2, max(2, today.month - 1)), rng.randint(1, 20))
            while not calendar.is_working_day(first):
                first += dt.timedelta(days=1)
            last = calendar.add_working_days(first, rng.randint(0, 3))
            if first.year != last.year:
                continue
            status = (
                (LeaveRequest.Status.SUPERIOR if superior else LeaveRequest.Status.OFFICIAL)
                if pending
                else LeaveRequest.Status.APPROVED
            )
            requests.append(
                LeaveRequest(
                    employee=employee,
                    leave_type="tahunan",
                    first=first,
                    last=last,
                    working_days=working_days(first, last, calendar),
                    calendar_days=(last - first).days + 1,
                    reason=rng.choice(["Keperluan keluarga", "Mudik", "Acara pernikahan saudara", "Berlibur"]),
                    address=f"{employee.agency.region.name}",
                    status=status,
                    superior_id=superior,
                    official_id=official,
                    decided_at=None if pending else _decided_before(first, calendar, employee, decided_rng),
                )
            )
    LeaveRequest.objects.bulk_create(requests, batch_size=1000)
    # A decided request was filed a few days before its decision (auto_now_add stamped it with seeding time).
    filed = [leave for leave in requests if leave.decided_at]
    for leave in filed:
        leave.submitted_at = leave.decided_at - dt.timedelta(days=decided_rng.randint(1, 4), hours=2)
    LeaveRequest.objects.bulk_update(filed, ["submitted_at"], batch_size=1000)
    permits = []
    for leave in requests:
        if leave.status != LeaveRequest.Status.APPROVED:
            continue
        if leave.superior_id:
            approvals.append(
                LeaveDecision(
                    request=leave,
                    level=1,
                    decision="approved",
                    approver_id=leave.superior_id,
                    acted_by_id=leave.superior_id,
                )
            )
        approvals.append(
            LeaveDecision(
                request=leave,
                level=2,
                decision="approved",
                approver_id=leave.official_id,
                acted_by_id=leave.official_id,
            )
        )
        permits.append(
            LeavePermit(
                request=leave,
                signed_by_id=leave.official_id,
                number=f"800.1.11.4/{leave.pk:06d}/demo/{leave.first.year}",
                context={"demo": True, "working_days": leave.working_days},
            )
        )
    LeaveDecision.objects.bulk_create(approvals, batch_size=1000)
    LeavePermit.objects.bulk_create(permits, batch_size=1000)
    from loket.hr.leave.services import permit_context

    for permit in LeavePermit.objects.filter(pk__in=[p.pk for p in permits]).select_related(
        "request__employee__agency", "request__employee__unit", "request__official"
    ):
        permit.context = permit_context(permit.request)
        permit.save(update_fields=["context"])
    # Requests of employees with an account are cases on the engine, as an upgrade would make them: the
    # waiting ones in their decider's inbox, the approved ones counted on the dashboard.
    from loket.hr.backfill import attach_missing_leave_cases

    return len(requests) + len(approvals) + len(permits) + attach_missing_leave_cases()
