"""Models of loket.hr: the civil-servant registry (ASN), e-Cuti (leave) and e-KGB (periodic salary increase).

Rules live in hr/leave/rules.py and hr/kgb/rules.py (pure); state changes go through hr/services.py,
hr/leave/services.py and hr/kgb/services.py; reads through hr/queries.py.
"""

from django.conf import settings
from django.db import models

from loket.core.i18n import tr
from loket.hr.card.rules import REASONS as CARD_REASONS
from loket.hr.functional.rules import LEVEL_LABELS, RATING_LABELS, position_title
from loket.hr.grades import rank_label
from loket.org.models import Agency, Region, Unit


class Employee(models.Model):
    """One civil servant (PNS, CPNS or PPPK), keyed by NIP (the SIASN import and sync upsert on it)."""

    class Status(models.TextChoices):
        CPNS = "CPNS", "CPNS"
        PNS = "PNS", "PNS"
        PPPK = "PPPK", "PPPK"

    class PositionType(models.TextChoices):
        # UU 20/2023 art. 13-19 and PP 11/2017: managerial (JPT, administrator, pengawas) and non-managerial.
        JPT = "jpt", "Jabatan Pimpinan Tinggi"
        ADMINISTRATOR = "administrator", "Jabatan Administrator"
        PENGAWAS = "pengawas", "Jabatan Pengawas"
        PELAKSANA = "pelaksana", "Jabatan Pelaksana"
        FUNGSIONAL = "fungsional", "Jabatan Fungsional"

    class Sex(models.TextChoices):
        MALE = "M", "Laki-laki"
        FEMALE = "F", "Perempuan"

    # English labels beside the Indonesian ones (loket.core.i18n.choice_label)
    EN_CHOICES = {
        "position_type": {
            "jpt": "Senior executive position (JPT)",
            "administrator": "Administrator position",
            "pengawas": "Supervisory position (pengawas)",
            "pelaksana": "Executive staff position (pelaksana)",
            "fungsional": "Functional position",
        },
        "sex": {"M": "Male", "F": "Female"},
        "left_reason": {
            "pensiun": "Retired (pension)",
            "meninggal": "Deceased",
            "pindah_keluar": "Transferred out",
            "diberhentikan": "Dismissed",
        },
    }

    class LeftReason(models.TextChoices):
        # Why an employee left the active registry (hr.signals.employee_left's `reason`).
        PENSION = "pensiun", "Pensiun"
        DEATH = "meninggal", "Meninggal dunia"
        TRANSFER_OUT = "pindah_keluar", "Pindah ke luar instansi"
        DISMISSED = "diberhentikan", "Diberhentikan"

    nip = models.CharField(max_length=18, unique=True)
    # NIK (SIASN data utama "NIK"), blank when the import has none: a civil servant applying (leave, KGB) is known
    # by it to the engine's separation of duties (an official's declared relatives, org.people).
    nik = models.CharField(max_length=16, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="employee"
    )
    name = models.CharField(max_length=200)
    front_title = models.CharField(max_length=60, blank=True)  # gelar depan, e.g. "Dr.", "Ir."
    back_title = models.CharField(max_length=80, blank=True)  # gelar belakang, e.g. "S.T., M.Si."
    birth_date = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    status = models.CharField(max_length=4, choices=Status.choices)
    service_start = models.DateField()  # TMT CPNS / TMT PPPK: continuous service counts from here
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="employees")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")  # = agency.region, for scope
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="employees")
    grade = models.CharField(max_length=5)  # "IIIa" (PNS) or "IX" (PPPK)
    grade_tmt = models.DateField(null=True, blank=True)
    position_type = models.CharField(max_length=14, choices=PositionType.choices)
    position_name = models.CharField(max_length=200)
    position_tmt = models.DateField(null=True, blank=True)
    education_level = models.CharField(max_length=10, blank=True)  # SD, SMP, SMA, D3, S1, S2, S3 ...
    education_major = models.CharField(max_length=200, blank=True)
    # Salary as of the latest salary decree (KGB, promotion or appointment): its TMT and the MKG it states.
    salary_tmt = models.DateField(null=True, blank=True)
    mkg_years = models.PositiveSmallIntegerField(default=0)
    mkg_months = models.PositiveSmallIntegerField(default=0)
    base_salary = models.PositiveIntegerField(null=True, blank=True)  # whole rupiah a month
    performance = models.CharField(max_length=30, blank=True)  # predikat kinerja (SKP), e.g. "baik"
    disciplinary_penalty = models.BooleanField(default=False)
    email = models.EmailField(blank=True)
    # First year whose leave records in Loket are complete (earlier years open with empty carry-over columns).
    leave_records_from = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=20, default="manual")  # csv, xlsx, siasn, demo, manual
    # Leaving the active registry (hr.pension.services.mark_left): from `left_on` the employee is in no active list.
    left_on = models.DateField(null=True, blank=True)
    left_reason = models.CharField(max_length=14, choices=LeftReason.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["agency", "unit"]), models.Index(fields=["region", "name"])]

    def __str__(self):
        return f"{self.full_name} ({self.nip})"

    @property
    def full_name(self) -> str:
        """Name with academic titles: "Dr. Siti Aminah, S.T., M.Si." """
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def rank(self) -> str:
        return rank_label(self.grade)


class Headship(models.Model):
    """Who heads a unit (unit set) or a whole agency (unit empty: kepala perangkat daerah)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    unit = models.OneToOneField(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="headship")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="headships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency"], condition=models.Q(unit__isnull=True), name="one_agency_head"),
        ]


class GradeHistory(models.Model):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="grade_history")
    grade = models.CharField(max_length=5)
    tmt = models.DateField()
    decree = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-tmt"]
        constraints = [models.UniqueConstraint(fields=["employee", "tmt"], name="grade_history_once")]


class PositionHistory(models.Model):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="position_history")
    position_type = models.CharField(max_length=14)
    position_name = models.CharField(max_length=200)
    unit_name = models.CharField(max_length=200, blank=True)
    tmt = models.DateField()

    class Meta:
        ordering = ["-tmt"]
        constraints = [models.UniqueConstraint(fields=["employee", "tmt"], name="position_history_once")]


class SalaryHistory(models.Model):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="salary_history")
    amount = models.PositiveIntegerField()
    tmt = models.DateField()
    mkg_years = models.PositiveSmallIntegerField(default=0)
    mkg_months = models.PositiveSmallIntegerField(default=0)
    grade = models.CharField(max_length=5, blank=True)
    reason = models.CharField(max_length=20, default="import")  # import, kgb, promotion, appointment
    regulation = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-tmt"]
        constraints = [models.UniqueConstraint(fields=["employee", "tmt"], name="salary_history_once")]


class ImportJob(models.Model):
    """One import of a CSV/XLSX file (or one SIASN sync batch): validated in full, then written at once."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Menunggu"
        VALIDATING = "validating", "Memeriksa"
        WRITING = "writing", "Menyimpan"
        DONE = "done", "Selesai"
        FAILED = "failed", "Gagal"

    EN_CHOICES = {
        "status": {
            "queued": "Queued",
            "validating": "Checking",
            "writing": "Saving",
            "done": "Done",
            "failed": "Failed",
        }
    }

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=200)
    content = models.BinaryField()  # the uploaded file, kept until the job finishes
    source = models.CharField(max_length=20)  # csv, xlsx, siasn
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row": 3, "column": "NIP_BARU", "message": "..."}]
    message = models.CharField(max_length=300, blank=True)
    # What the file holds: the employee register (SIASN columns) or performance ratings (hr.performance.importing).
    kind = models.CharField(max_length=12, default="employees")

    class Meta:
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


# --- e-Cuti ---------------------------------------------------------------------------------------


class LeaveRequest(models.Model):
    class Status(models.TextChoices):
        SUPERIOR = "superior", "Menunggu atasan langsung"
        OFFICIAL = "official", "Menunggu pejabat berwenang"
        APPROVED = "approved", "Disetujui"
        REJECTED = "rejected", "Tidak disetujui"
        DEFERRED = "deferred", "Ditangguhkan"
        WITHDRAWN = "withdrawn", "Dibatalkan"

    EN_CHOICES = {
        "status": {
            "superior": "Awaiting the direct superior",
            "official": "Awaiting the authorized official",
            "approved": "Approved",
            "rejected": "Not approved",
            "deferred": "Deferred",
            "withdrawn": "Withdrawn",
        }
    }

    OPEN = (Status.SUPERIOR, Status.OFFICIAL)
    HOLDING = (Status.SUPERIOR, Status.OFFICIAL, Status.APPROVED)  # count against balance and overlap

    # Indexed by (employee, status) in Meta, employee first: a column index of its own would be a duplicate.
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="leave_requests", db_index=False)
    leave_type = models.CharField(max_length=20)  # rules.LeaveType values
    first = models.DateField()
    last = models.DateField()
    working_days = models.PositiveSmallIntegerField()
    calendar_days = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=500, blank=True)
    address = models.CharField(max_length=300, blank=True)  # alamat selama menjalankan cuti
    details = models.JSONField(default=dict, blank=True)  # sick_kind, important_reason, child_number, ...
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUPERIOR)
    superior = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    official = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The case on the engine: its steps, tasks in the deciders' inboxes, clock, history and dashboard count.
    case = models.OneToOneField(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="leave_request"
    )

    class Meta:
        ordering = ["-first"]
        indexes = [models.Index(fields=["employee", "status"]), models.Index(fields=["status", "first"])]

    @property
    def type_label_id(self) -> str:
        from loket.hr.leave.rules import LEAVE_LABELS, LeaveType

        return LEAVE_LABELS[LeaveType(self.leave_type)].capitalize()

    @property
    def type_label(self) -> str:
        """The leave type in the reader's language."""
        from loket.core.i18n import tr
        from loket.hr.leave.rules import LEAVE_LABELS, LEAVE_LABELS_EN, LeaveType

        kind = LeaveType(self.leave_type)
        return tr(LEAVE_LABELS[kind], LEAVE_LABELS_EN[kind]).capitalize()


class LeaveAttachment(models.Model):
    request = models.ForeignKey(LeaveRequest, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=30)  # rules.Attachment values or "pendukung"
    file = models.FileField(upload_to="hr/cuti/%Y/%m/")
    name = models.CharField(max_length=200)


class LeaveDecision(models.Model):
    """One step of the approval chain: the direct superior (level 1), then the authorized official (level 2)."""

    class Level(models.IntegerChoices):
        SUPERIOR = 1, "Atasan langsung"
        OFFICIAL = 2, "Pejabat yang berwenang"

    class Decision(models.TextChoices):
        APPROVED = "approved", "Disetujui"
        CHANGED = "changed", "Disetujui dengan perubahan"
        REJECTED = "rejected", "Tidak disetujui"
        DEFERRED = "deferred", "Ditangguhkan"

    EN_CHOICES = {
        "level": {1: "Direct superior", 2: "Authorized official"},
        "decision": {
            "approved": "Approved",
            "changed": "Approved with changes",
            "rejected": "Not approved",
            "deferred": "Deferred",
        },
    }

    # Indexed by one_decision_per_level (request, level): a column index of its own would be a duplicate.
    request = models.ForeignKey(LeaveRequest, on_delete=models.CASCADE, related_name="decisions", db_index=False)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    approver = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")  # whose decision it is
    acted_by = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")  # the approver or a delegate
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["level"]
        constraints = [models.UniqueConstraint(fields=["request", "level"], name="one_decision_per_level")]


class Delegation(models.Model):
    """While `delegator` is away, `delegate` decides in their place (pelaksana harian / plh)."""

    delegator = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="delegations_given")
    delegate = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="delegations_received")
    first = models.DateField()
    last = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)


class CollectiveLeaveDuty(models.Model):
    """A cuti bersama day on which the employee was kept on duty: it is added to that year's annual leave
    (PP 11/2017 art. 333(3)); recorded by BKD."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="collective_duties")
    day = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["employee", "day"], name="collective_duty_once")]


class LeavePermit(models.Model):
    """The surat izin cuti of an approved request. `document_id` points at the signed PDF once
    loket.documents has issued it (see hr.leave.services.permit_context)."""

    request = models.OneToOneField(LeaveRequest, on_delete=models.PROTECT, related_name="permit")
    number = models.CharField(max_length=60, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    context = models.JSONField(default=dict)
    document_id = models.CharField(max_length=64, blank=True)


# --- e-KGB ----------------------------------------------------------------------------------------


class KgbDecision(models.Model):
    """A drafted periodic salary increase (surat pemberitahuan KGB) for one employee and effective date."""

    class Status(models.TextChoices):
        REVIEW = "review", "Ditinjau BKD"
        SIGNATURE = "signature", "Menunggu tanda tangan"
        SIGNED = "signed", "Ditandatangani"
        CANCELLED = "cancelled", "Dibatalkan"
        DEFERRED = "deferred", "Ditunda"  # a deferral decree (KgbDeferral) stops it; issue 16

    EN_CHOICES = {
        "status": {
            "review": "Under BKD review",
            "signature": "Awaiting signature",
            "signed": "Signed",
            "cancelled": "Cancelled",
        }
    }

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="kgb_decisions")
    status = models.CharField(max_length=10, choices=Status.choices)
    due_date = models.DateField()
    effective_date = models.DateField()
    grade = models.CharField(max_length=5)
    current_mkg_years = models.PositiveSmallIntegerField()
    current_mkg_months = models.PositiveSmallIntegerField()
    new_mkg_years = models.PositiveSmallIntegerField(null=True)
    new_mkg_months = models.PositiveSmallIntegerField(null=True)
    current_salary = models.PositiveIntegerField(null=True)
    new_salary = models.PositiveIntegerField(null=True)
    regulation = models.CharField(max_length=20, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    official = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    document_id = models.CharField(max_length=64, blank=True)
    # The case on the engine (a system-opened case, ADR 0011): the BKD review and the official's signature are
    # its tasks, with deadlines, inbox entries, history and the dashboard count. None for an employee without
    # an account (a case needs an applicant) or a region without a KGB service yet.
    case = models.OneToOneField(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="kgb_decision"
    )

    class Meta:
        ordering = ["effective_date"]
        constraints = [models.UniqueConstraint(fields=["employee", "effective_date"], name="one_kgb_per_date")]


class CaseService(models.Model):
    """Which published service carries a kind of civil-service case in a region: its standard is what the
    public page shows, its SOP the steps the case follows. A region without one uses its province's."""

    class Kind(models.TextChoices):
        LEAVE = "leave", "Cuti pegawai"
        KGB = "kgb", "Kenaikan gaji berkala"
        PROMOTION = "promotion", "Kenaikan pangkat"
        PENSION = "pension", "Pensiun"
        PAK = "pak", "Penetapan angka kredit"
        TRANSFER = "transfer", "Mutasi pegawai"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "region"], name="one_case_service_per_region")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.region}"


class KgbDeferral(models.Model):
    """A deferral decree of a periodic salary increase (PP 7/1977 art. 13): the increase is not given on its due
    date for `months` (1 to 12), because the employee was not eligible (performance below the minimum, a
    disciplinary penalty). The deferral counts toward the next increase (hr.kgb.rules.next_kgb `deferrals`)."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="kgb_deferrals")
    decision = models.OneToOneField(
        KgbDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="deferral"
    )  # the draft it stopped
    due_date = models.DateField()  # the increase it defers (its due date before any deferral)
    number = models.CharField(max_length=60)
    decree_date = models.DateField()
    months = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The decree signed in Loket by the official (loket.documents verification code); blank when BKD recorded a
    # decree issued outside Loket.
    document_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-decree_date", "-pk"]
        indexes = [models.Index(fields=["employee", "due_date"])]


# --- performance ratings (SKP) ------------------------------------------------------------------------


class PerformanceRating(models.Model):
    """One rating (predikat kinerja, PermenPANRB 6/2022) of an employee for a year or a period of it. Never
    overwritten: a change is a new row (the latest row of an employee, year and period is the one in force), each
    entry audited. `Employee.performance` follows the latest yearly rating (hr.performance.services)."""

    class Source(models.TextChoices):
        ENTERED = "entered", "Diisi atasan langsung atau BKD"
        IMPORT = "import", "Impor berkas"

    EN_CHOICES = {"source": {"entered": "Entered by the direct superior or the HR office", "import": "File import"}}

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="performance_ratings")
    year = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=10, default="tahunan")  # hr.performance.rules.PERIODS
    rating = models.CharField(max_length=20)  # hr.performance.rules.RATINGS
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "period", "-created_at", "-pk"]
        indexes = [models.Index(fields=["employee", "year"])]


# --- e-Pangkat ----------------------------------------------------------------------------------------


class Promotion(models.Model):
    """One rank promotion (kenaikan pangkat) of an employee at a promotion date: a system-opened case on the engine
    whose steps are BKD's verification, BKN's technical approval (an outside step, the clock stopped) and the
    official's signature of the decree (hr.promotion.services)."""

    class Kind(models.TextChoices):
        REGULAR = "reguler", "Kenaikan pangkat reguler"
        EDUCATION = "ijazah", "Kenaikan pangkat penyesuaian ijazah"
        FUNCTIONAL = "fungsional", "Kenaikan pangkat jabatan fungsional"
        # The next rank is held only in the next level of the functional post: level and rank in one decree.
        LEVEL = "jenjang", "Kenaikan jenjang jabatan fungsional"

    class Status(models.TextChoices):
        VERIFICATION = "verification", "Verifikasi BKD"
        BKN = "bkn", "Pertimbangan teknis BKN"
        SIGNATURE = "signature", "Menunggu tanda tangan"
        SIGNED = "signed", "Ditetapkan"
        CANCELLED = "cancelled", "Dibatalkan"

    EN_CHOICES = {
        "kind": {
            "reguler": "Regular promotion",
            "ijazah": "Promotion by education adjustment",
            "fungsional": "Promotion in a functional position",
            "jenjang": "Level promotion in a functional position",
        },
        "status": {
            "verification": "HR office verification",
            "bkn": "BKN technical approval",
            "signature": "Awaiting signature",
            "signed": "Decreed",
            "cancelled": "Cancelled",
        },
    }

    OPEN = (Status.VERIFICATION, Status.BKN, Status.SIGNATURE)

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="promotions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VERIFICATION)
    promotion_date = models.DateField()  # TMT of the new rank: a promotion date (hr.promotion.rules)
    grade_from = models.CharField(max_length=5)
    grade_to = models.CharField(max_length=5)
    education_level = models.CharField(max_length=10, blank=True)  # the diploma a promotion by adjustment rests on
    # A level promotion (kind "jenjang"): the functional post's level before and from the TMT (hr.functional.rules).
    level_from = models.CharField(max_length=20, blank=True)
    level_to = models.CharField(max_length=20, blank=True)
    mkg_years = models.PositiveSmallIntegerField(default=0)  # MKG in the new grade on the TMT
    mkg_months = models.PositiveSmallIntegerField(default=0)
    current_salary = models.PositiveIntegerField(null=True)
    new_salary = models.PositiveIntegerField(null=True)
    regulation = models.CharField(max_length=20, blank=True)
    needs_bkn = models.BooleanField(default=True)  # BKN technical approval (pertimbangan teknis) required
    bkn_sent_at = models.DateTimeField(null=True, blank=True)
    bkn_number = models.CharField(max_length=100, blank=True)
    bkn_date = models.DateField(null=True, blank=True)
    official = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=60, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    document_id = models.CharField(max_length=64, blank=True)
    note = models.CharField(max_length=500, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    case = models.OneToOneField(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="promotion"
    )

    @property
    def level_from_label(self) -> str:
        labels = LEVEL_LABELS.get(self.level_from)
        return tr(labels["id"], labels["en"]) if labels else self.level_from

    @property
    def level_to_label(self) -> str:
        labels = LEVEL_LABELS.get(self.level_to)
        return tr(labels["id"], labels["en"]) if labels else self.level_to

    class Meta:
        ordering = ["-promotion_date", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "promotion_date"], name="one_promotion_per_date"),
        ]
        indexes = [models.Index(fields=["promotion_date", "status"])]


class FunctionalPosition(models.Model):
    """An employee's functional post at one level, from its TMT until it ends (e-Fungsional, PermenPANRB 1/2023).
    A level promotion ends one row and opens the next; credit (hr.functional.rules) is earned per row."""

    class Reason(models.TextChoices):
        FIRST = "pengangkatan_pertama", "Pengangkatan pertama"
        TRANSFER = "perpindahan", "Perpindahan dari jabatan lain"
        LEVEL = "kenaikan_jenjang", "Kenaikan jenjang"

    EN_CHOICES = {
        "reason": {
            "pengangkatan_pertama": "First appointment",
            "perpindahan": "Transfer from another position",
            "kenaikan_jenjang": "Level promotion",
        }
    }

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="functional_positions")
    name = models.CharField(max_length=200)  # e.g. "Analis Kebijakan"
    level = models.CharField(max_length=20)  # hr.functional.rules levels: ahli_pertama … penyelia
    first = models.DateField()  # TMT of the appointment
    last = models.DateField(null=True, blank=True)  # the last day in this post and level; None while held
    reason = models.CharField(max_length=24, choices=Reason.choices)
    # Credit carried in at appointment (an earlier post's PAK, or the conversion at appointment), three places.
    opening_credit = models.DecimalField(max_digits=9, decimal_places=3, default=0)
    decree = models.CharField(max_length=100, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def title(self) -> str:
        return position_title(self.name, self.level)

    class Meta:
        ordering = ["first"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"], condition=models.Q(last__isnull=True), name="one_open_functional_position"
            )
        ]


class CreditEntry(models.Model):
    """Credit earned in one rated stretch of one year in one functional position (angka kredit)."""

    class Source(models.TextChoices):
        RATING = "predikat", "Konversi predikat kinerja"
        IMPORT = "impor", "Impor"

    EN_CHOICES = {"source": {"predikat": "Converted from the performance rating", "impor": "Import"}}

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="credit_entries")
    position = models.ForeignKey(FunctionalPosition, on_delete=models.PROTECT, related_name="credits")
    first = models.DateField()
    last = models.DateField()
    level = models.CharField(max_length=20)
    rating = models.CharField(max_length=30)
    months = models.PositiveSmallIntegerField()
    credit = models.DecimalField(max_digits=9, decimal_places=3)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.RATING)
    # The credit-point decree (PAK) that lists this entry: the credit is established (ditetapkan) once it is signed.
    decree = models.ForeignKey("CreditDecree", null=True, blank=True, on_delete=models.SET_NULL, related_name="entries")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def level_label(self) -> str:
        labels = LEVEL_LABELS.get(self.level)
        return tr(labels["id"], labels["en"]) if labels else self.level

    @property
    def rating_label(self) -> str:
        labels = RATING_LABELS.get(self.rating)
        return tr(labels["id"], labels["en"]) if labels else self.rating

    class Meta:
        ordering = ["first"]
        constraints = [models.UniqueConstraint(fields=["employee", "first"], name="one_credit_entry_per_start")]


class CreditDecree(models.Model):
    """A credit-point decree (Penetapan Angka Kredit, PAK; PermenPANRB 1/2023): the credit entries of a functional
    official not yet established, the accumulated credit and what the next rank and level ask for. A system-opened
    case on the engine (hr.functional.pak): BKD verifies, the authorized official signs with their own TOTP code.
    The entries it lists count as established only once it is signed; a cancelled PAK releases them."""

    class Status(models.TextChoices):
        VERIFICATION = "verification", "Verifikasi BKD"
        SIGNATURE = "signature", "Menunggu tanda tangan"
        SIGNED = "signed", "Ditetapkan"
        CANCELLED = "cancelled", "Dibatalkan"

    EN_CHOICES = {
        "status": {
            "verification": "HR office verification",
            "signature": "Awaiting signature",
            "signed": "Established",
            "cancelled": "Cancelled",
        }
    }

    OPEN = (Status.VERIFICATION, Status.SIGNATURE)

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="credit_decrees")
    position = models.ForeignKey(FunctionalPosition, on_delete=models.PROTECT, related_name="decrees")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VERIFICATION)
    first = models.DateField()  # the period the decree covers: its first entry's start …
    last = models.DateField()  # … and its last entry's end
    period_credit = models.DecimalField(max_digits=9, decimal_places=3)  # the entries of this decree
    established_before = models.DecimalField(max_digits=9, decimal_places=3)  # earlier PAKs and credit carried in
    total = models.DecimalField(max_digits=9, decimal_places=3)  # accumulated once this decree is signed
    grade = models.CharField(max_length=5)  # the rank on opening
    level = models.CharField(max_length=20)
    step_kind = models.CharField(max_length=10, blank=True)  # hr.functional.rules: pangkat, jenjang, puncak
    credit_counted = models.DecimalField(max_digits=9, decimal_places=3, null=True)  # toward the next step
    required_rank = models.DecimalField(max_digits=9, decimal_places=3, null=True)  # the next rank step asks
    next_grade = models.CharField(max_length=5, blank=True)
    required_level = models.DecimalField(max_digits=9, decimal_places=3, null=True)  # the next level asks
    next_level = models.CharField(max_length=20, blank=True)
    in_level = models.DecimalField(max_digits=9, decimal_places=3, default=0)
    shortfall = models.DecimalField(max_digits=9, decimal_places=3, null=True)  # still missing for the next step
    refusal = models.CharField(max_length=300, blank=True)  # why the tables cannot say (HR decides)
    official = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=60, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    document_id = models.CharField(max_length=64, blank=True)
    note = models.CharField(max_length=500, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    case = models.OneToOneField(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_decree"
    )

    class Meta:
        ordering = ["-last", "employee__name"]
        constraints = [
            # One open PAK per employee: opening again (one employee or all) is idempotent.
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(status__in=["verification", "signature"]),
                name="one_open_credit_decree",
            )
        ]


class PensionFile(models.Model):
    """One employee's pension file (berkas pensiun, the DPCP BKN needs): opened by the daily job ahead of the
    retirement date, on the employee's request (early retirement), or by BKD on death or incapacity. The employee
    confirms the data prefilled from the registry and adds family and bank account; the engine case then runs BKD's
    verification, BKN's technical approval (an outside step, the clock stopped) and the official's signature of the
    decree; on the pension date the employee leaves the active registry (hr.pension.services)."""

    class Kind(models.TextChoices):
        AGE = "bup", "Pensiun batas usia"
        EARLY = "dini", "Pensiun dini atas permintaan sendiri"
        DEATH = "janda_duda", "Pensiun janda/duda (pegawai meninggal dunia)"
        INCAPACITY = "uzur", "Pensiun karena tidak cakap jasmani dan/atau rohani"

    class Status(models.TextChoices):
        CONFIRMATION = "confirmation", "Menunggu konfirmasi pegawai"
        VERIFICATION = "verification", "Verifikasi BKD"
        BKN = "bkn", "Pertimbangan teknis BKN"
        SIGNATURE = "signature", "Menunggu tanda tangan"
        SIGNED = "signed", "Ditetapkan"
        CANCELLED = "cancelled", "Dibatalkan"

    EN_CHOICES = {
        "kind": {
            "bup": "Retirement at the age limit",
            "dini": "Early retirement on request",
            "janda_duda": "Widow's or widower's pension (employee deceased)",
            "uzur": "Retirement for physical or mental incapacity",
        },
        "status": {
            "confirmation": "Awaiting the employee's confirmation",
            "verification": "HR office verification",
            "bkn": "BKN technical approval",
            "signature": "Awaiting signature",
            "signed": "Decreed",
            "cancelled": "Cancelled",
        },
    }

    OPEN = (Status.CONFIRMATION, Status.VERIFICATION, Status.BKN, Status.SIGNATURE)

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="pension_files")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CONFIRMATION)
    pension_date = models.DateField()  # TMT pensiun (hr.pension.rules)
    event_date = models.DateField(null=True, blank=True)  # date of death, of the medical finding, of the request
    bup_age = models.PositiveSmallIntegerField(null=True, blank=True)
    service_years = models.PositiveSmallIntegerField(default=0)  # pensionable service on the pension date
    service_months = models.PositiveSmallIntegerField(default=0)
    last_grade = models.CharField(max_length=5, blank=True)
    last_salary = models.PositiveIntegerField(null=True, blank=True)  # last base salary, whole rupiah a month
    history = models.JSONField(default=list, blank=True)  # service history from the registry: [{"tmt", "text"}]
    bank = models.CharField(max_length=10, blank=True)  # hr.pension.rules.BANKS
    bank_account = models.CharField(max_length=20, blank=True)
    account_holder = models.CharField(max_length=200, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    official = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    bkn_sent_at = models.DateTimeField(null=True, blank=True)
    bkn_number = models.CharField(max_length=100, blank=True)
    bkn_date = models.DateField(null=True, blank=True)
    number = models.CharField(max_length=60, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    document_id = models.CharField(max_length=64, blank=True)
    left_recorded_at = models.DateTimeField(null=True, blank=True)  # the registry followed on the pension date
    note = models.CharField(max_length=500, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Everyone who entered, changed or confirmed the data the pension is paid on (family, bank account): none of them
    # verifies the file (four eyes, hr.pension.rules.four_eyes_refusal).
    entered_by = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    case = models.OneToOneField(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="pension"
    )

    class Meta:
        ordering = ["pension_date", "employee__name"]
        constraints = [
            # Never two live files for one employee: the daily job, a request and BKD may all try.
            models.UniqueConstraint(
                fields=["employee"], condition=~models.Q(status="cancelled"), name="one_live_pension_file"
            ),
        ]
        indexes = [models.Index(fields=["status", "pension_date"])]

    def __str__(self):
        return f"Pensiun {self.employee_id} TMT {self.pension_date}"

    @property
    def last_rank(self) -> str:
        """The last rank as the rest of hr shows it ('Penata Muda, III/a'), not the registry's code ('IIIa')."""
        return rank_label(self.last_grade)

    @property
    def bank_name(self) -> str:
        """The configured name of the bank the pension is paid into (hr.pension.services.banks), not its code."""
        from loket.hr.pension.services import banks

        found = banks().get(self.bank)
        return found[0] if found else self.bank.upper()

    @property
    def history_rows(self) -> list[dict]:
        """The service history with its dates as dates (stored as ISO text in `history`)."""
        import datetime as dt

        return [{"tmt": dt.date.fromisoformat(row["tmt"]), "text": row["text"]} for row in self.history or []]


class PensionFamilyMember(models.Model):
    """A family member named in a pension file (spouse, children): who the widow's/widower's and children's
    pension would go to (UU 11/1969). Entered by the employee, or by BKD on a death."""

    class Relation(models.TextChoices):
        SPOUSE = "pasangan", "Istri/suami"
        CHILD = "anak", "Anak"

    EN_CHOICES = {"relation": {"pasangan": "Wife/husband", "anak": "Child"}}

    file = models.ForeignKey(PensionFile, on_delete=models.CASCADE, related_name="family")
    relation = models.CharField(max_length=10, choices=Relation.choices)
    name = models.CharField(max_length=200)
    birth_date = models.DateField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["relation", "birth_date", "pk"]


class EmployeeCard(models.Model):
    """e-Kartu (ADR 0018): one issued digital employee card. The QR payload (`token`) is a CWT signed with the
    region's card key; the facts it signs are kept as printed (`facts`) with their fingerprint, so a change in the
    registry (promotion, position, agency, name) is noticed and the card re-issued. At most one card per employee
    is in force; an older one is revoked ("diganti") when its successor is issued."""

    # English labels beside the Indonesian ones (loket.core.i18n.choice_label)
    EN_CHOICES = {"revoke_reason": {key: labels[1] for key, labels in CARD_REASONS.items()}}

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="cards")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    serial = models.CharField(max_length=16, unique=True)  # hex of the CWT's cti (8 random bytes)
    kid = models.CharField(max_length=40)  # the region key that signed it
    facts = models.JSONField()  # rules.printed_facts: name, nip, grade, position, agency
    fingerprint = models.CharField(max_length=64)
    valid_from = models.DateField()
    valid_until = models.DateField()
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    token = models.TextField()  # base64url of the COSE_Sign1: the QR text is <public URL>/kartu/v/<token>
    revoked_on = models.DateField(null=True, blank=True)
    revoke_reason = models.CharField(
        max_length=14, blank=True, choices=[(key, labels[0]) for key, labels in CARD_REASONS.items()]
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["employee", "-issued_at"]), models.Index(fields=["region", "revoked_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"], condition=models.Q(revoked_at__isnull=True), name="one_card_in_force"
            ),
        ]

    def __str__(self):
        return f"e-Kartu {self.serial} ({self.facts.get('nip', '')})"


class CardKey(models.Model):
    """A region's e-Kartu signing key (ADR 0018): the private half in the signing dir (`documents.pki.card_key`, one
    file per generation), its kid here. The latest generation signs new cards and the revocation list; a retired one
    (`retired_at`) stays published in /kartu/kunci.json until the last card it signed has expired."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    generation = models.PositiveSmallIntegerField(default=1)
    kid = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField()
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["region", "generation"]
        constraints = [models.UniqueConstraint(fields=["region", "generation"], name="one_card_key_generation")]

    def __str__(self):
        return f"e-Kartu key {self.kid} (generation {self.generation})"


class CardRevocationList(models.Model):
    """A region's signed revocation list as published (`/kartu/dicabut/<code>.cwt`): built by the worker after a
    revocation or issue (hr.tasks.publish_revocation_list) and served as these bytes with their ETag."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="+")
    content = models.BinaryField()
    etag = models.CharField(max_length=70)  # a strong validator: the quoted SHA-256 of `content`
    kid = models.CharField(max_length=40)
    entries = models.PositiveIntegerField(default=0)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"Revocation list of region {self.region_id} ({self.issued_at:%Y-%m-%d %H:%M})"


class EmployeePhoto(models.Model):
    """The photo e-Kartu prints (JPEG or PNG, at most 300 KB, uploaded by BKD); without one the card shows the
    holder's initials."""

    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="photo")
    content = models.BinaryField()
    content_type = models.CharField(max_length=20)  # image/jpeg, image/png
    uploaded_at = models.DateTimeField(auto_now=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")


class CardWithdrawal(models.Model):
    """An employee who left the region's active registry (hr.signals.employee_left: pension, death, transfer out,
    dismissal): e-Kartu issues them no further card, even when they had none in force when they left."""

    employee = models.OneToOneField(Employee, on_delete=models.PROTECT, related_name="card_withdrawal")
    on = models.DateField()
    reason = models.CharField(max_length=14)  # card.rules.LEFT_REASONS
    recorded_at = models.DateTimeField(auto_now_add=True)


class Formation(models.Model):
    """A staffing-plan quota (formasi, BKN regulation 5/2019: the receiving position must be vacant in it): how many
    holders a position of a grade may have in a unit (or in an agency without a unit). Entered by BKD of the agency's
    region; e-Mutasi reads the vacancy from it (hr.transfer.rules.vacancy)."""

    EN_CHOICES = {"position_type": Employee.EN_CHOICES["position_type"]}

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    position_type = models.CharField(max_length=14, choices=Employee.PositionType.choices)
    position_name = models.CharField(max_length=200)
    grade = models.CharField(max_length=5, blank=True)  # "" = any grade
    quota = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=200, blank=True)  # the plan it comes from, e.g. "Formasi 2026 (SK ...)"
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency__name", "unit__name", "position_name", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "unit", "position_name", "grade"], name="one_formation_row", nulls_distinct=False
            )
        ]

    def __str__(self):
        return f"Formasi {self.position_name} ({self.grade or '-'}) {self.quota}"


class Transfer(models.Model):
    """e-Mutasi: one transfer (mutasi) of a civil servant (BKN regulation 5/2019; PP 11/2017 as amended, Mutasi)
    within an agency, between agencies of one region or between regions, asked by the employee or opened by BKD. A
    case on the engine (hr.transfer.cases): the officials of both sides approve, the receiving BKD verifies (and for
    a transfer between regions waits for BKN's technical approval, the clock stopped), the receiving official signs
    the decree; on the effective date the registry follows (hr.transfer.services.apply_due)."""

    class Kind(models.TextChoices):
        WITHIN_AGENCY = "dalam_instansi", "Mutasi dalam satu perangkat daerah"
        BETWEEN_AGENCIES = "antar_instansi", "Mutasi antar perangkat daerah dalam satu daerah"
        BETWEEN_REGIONS = "antar_daerah", "Mutasi antar daerah"

    class Origin(models.TextChoices):
        EMPLOYEE = "pegawai", "Permohonan pegawai"
        AGENCY = "instansi", "Prakarsa instansi (BKD)"

    class Status(models.TextChoices):
        SENDER = "sender", "Menunggu persetujuan pejabat instansi asal"
        RECEIVER = "receiver", "Menunggu persetujuan pejabat instansi penerima"
        VERIFICATION = "verification", "Verifikasi BKD"
        BKN = "bkn", "Pertimbangan teknis BKN"
        SIGNATURE = "signature", "Menunggu tanda tangan"
        SIGNED = "signed", "Ditetapkan"
        DONE = "done", "Berlaku"
        REJECTED = "rejected", "Tidak disetujui"
        CANCELLED = "cancelled", "Dibatalkan"

    EN_CHOICES = {
        "kind": {
            "dalam_instansi": "Transfer within one agency",
            "antar_instansi": "Transfer between agencies of one region",
            "antar_daerah": "Transfer between regions",
        },
        "origin": {"pegawai": "Employee's request", "instansi": "Initiated by the agency (BKD)"},
        "status": {
            "sender": "Awaiting the sending agency's official",
            "receiver": "Awaiting the receiving agency's official",
            "verification": "HR office verification",
            "bkn": "BKN technical approval",
            "signature": "Awaiting signature",
            "signed": "Decreed",
            "done": "In effect",
            "rejected": "Not approved",
            "cancelled": "Cancelled",
        },
        "to_position_type": Employee.EN_CHOICES["position_type"],
    }

    OPEN = (Status.SENDER, Status.RECEIVER, Status.VERIFICATION, Status.BKN, Status.SIGNATURE)
    # Approved by the receiving side and not yet in effect: holds a place in the receiving formation.
    HOLDING = (Status.VERIFICATION, Status.BKN, Status.SIGNATURE, Status.SIGNED)

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    origin = models.CharField(max_length=8, choices=Origin.choices)
    status = models.CharField(max_length=12, choices=Status.choices)
    grade = models.CharField(max_length=5)  # kept on transfer (the grade moves with the employee)
    from_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_position_type = models.CharField(max_length=14)
    from_position_name = models.CharField(max_length=200)
    to_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_position_type = models.CharField(max_length=14, choices=Employee.PositionType.choices)
    to_position_name = models.CharField(max_length=200)
    reason = models.CharField(max_length=500)
    effective_date = models.DateField()  # TMT mutasi
    sender_official = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sender_approved_at = models.DateTimeField(null=True, blank=True)
    sender_approved_by = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    receiver_official = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    receiver_approved_at = models.DateTimeField(null=True, blank=True)
    receiver_approved_by = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The official who signs the decree (hr.decrees.may_sign_as_official reads `official`): the receiving side's.
    official = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    bkn_sent_at = models.DateTimeField(null=True, blank=True)
    bkn_number = models.CharField(max_length=100, blank=True)
    bkn_date = models.DateField(null=True, blank=True)
    number = models.CharField(max_length=60, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    document_id = models.CharField(max_length=64, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)  # the registry followed on the effective date
    note = models.CharField(max_length=500, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    case = models.OneToOneField(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="transfer"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One transfer in progress per employee: a request and BKD's initiative cannot both run.
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(status__in=["sender", "receiver", "verification", "bkn", "signature"]),
                name="one_open_transfer",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "effective_date"]),
            models.Index(fields=["to_agency", "status"]),
            models.Index(fields=["from_agency", "status"]),
        ]

    def __str__(self):
        return f"Mutasi {self.employee_id} TMT {self.effective_date}"
