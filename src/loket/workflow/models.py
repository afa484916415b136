"""Procedures (SOP) per standard version and the tasks each application creates as it moves through them."""

from django.conf import settings
from django.db import models

from loket.applications.models import Application
from loket.catalogue.models import ServiceStandard
from loket.org.models import Role, Unit


class ProcedureStep(models.Model):
    """One step of a standard version's SOP. A step with `parallel_units` needs every one of them to approve."""

    ACTING_ROLES = [
        (Role.OFFICER.value, Role.OFFICER.label),
        (Role.SUPERVISOR.value, Role.SUPERVISOR.label),
        (Role.AGENCY_HEAD.value, Role.AGENCY_HEAD.label),
    ]

    class Addressee(models.TextChoices):
        """Who a step's task goes to besides "role R in unit U": a person found by a rule a kind of case registers
        (`workflow.addressees`). Labels in both languages: `workflow.queries.ADDRESSEE_LABELS`."""

        UNIT = "", "Unit dan peran"
        DIRECT_SUPERIOR = "direct_superior", "Atasan langsung pemohon"
        SIGNING_OFFICIAL = "signing_official", "Pejabat penandatangan unit"
        HR_OFFICE = "hr_office", "Kantor kepegawaian (BKD) wilayah pemohon"
        INSPECTORATE = "inspectorate", "Inspektorat"
        SENDING_OFFICIAL = "sending_official", "Pejabat instansi asal pegawai (mutasi)"
        RECEIVING_OFFICIAL = "receiving_official", "Pejabat instansi penerima pegawai (mutasi)"
        RECEIVING_HR_OFFICE = "receiving_hr_office", "Kantor kepegawaian (BKD) instansi penerima (mutasi)"
        TRANSFER_SIGNER = "transfer_signer", "Pejabat penetap keputusan mutasi"
        COMPLAINT_HANDLING = "complaint_handling", "Petugas pengaduan (pengaduan pertama)"
        COMPLAINT_REVIEW = "complaint_review", "Penyelia (pengaduan yang dibuka kembali)"

    standard = models.ForeignKey(ServiceStandard, on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField()
    name_id = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=20, choices=ACTING_ROLES, default=Role.OFFICER)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    parallel_units = models.ManyToManyField(Unit, blank=True, related_name="+")
    sla_days = models.PositiveSmallIntegerField()
    # Empty: the task goes to `role` in `unit` (or the agency). Otherwise to the person the named rule finds,
    # falling back to role and unit when it finds nobody.
    addressee = models.CharField(max_length=30, choices=Addressee.choices, default="", blank=True)

    class Kind(models.TextChoices):
        """Who carries the step out: an officer deciding, or the system (`workflow.step_kinds`, ADR 0020)."""

        DECISION = "", "Keputusan petugas"
        PAYMENT = "payment", "Pembayaran retribusi oleh pemohon"

    EN_CHOICES = {"kind": {"": "Officer's decision", "payment": "Fee payment by the applicant"}}

    kind = models.CharField(max_length=20, choices=Kind.choices, default="", blank=True)
    # The position of one earlier step whose approver may approve this one too (e-Mutasi: the receiving official who
    # agreed sets the decree). Empty by default: one person, one approval per case (workflow.rules.separation_refusal);
    # set only where the law gives both acts to one official, and it exempts that step's approver and nobody else.
    same_approver_step = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["standard_id", "position"]
        constraints = [models.UniqueConstraint(fields=["standard", "position"], name="unique_step_position")]

    def __str__(self):
        return f"{self.position}. {self.name_id}"

    @property
    def is_parallel(self) -> bool:
        return self.parallel_units.exists()


class Task(models.Model):
    """Work owed by one unit (or, with `assignee`, one person) on one step of one application."""

    class Status(models.TextChoices):
        OPEN = "open", "Menunggu"
        APPROVED = "approved", "Disetujui"
        RETURNED = "returned", "Dikembalikan"
        REJECTED = "rejected", "Ditolak"
        CANCELLED = "cancelled", "Dibatalkan"

    EN_CHOICES = {
        "status": {
            "open": "Waiting",
            "approved": "Approved",
            "returned": "Returned",
            "rejected": "Rejected",
            "cancelled": "Cancelled",
        }
    }

    class Assignment(models.TextChoices):
        BY_HAND = "", "Diambil atau dialihkan petugas"
        ROUND_ROBIN = "round_robin", "Ditugaskan oleh sistem: bergiliran"
        LEAST_LOADED = "least_loaded", "Ditugaskan oleh sistem: beban paling ringan"
        NOBODY = "nobody", "Tidak ada petugas yang memenuhi syarat"

    # Indexed with its status in Meta (task_case_status): the engine finds a case's open task by both.
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="tasks", db_index=False)
    step = models.ForeignKey(ProcedureStep, on_delete=models.PROTECT, related_name="tasks")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks")
    # Copied from the step and service so the inbox filters one table (no joins on the hot path).
    agency_id_cache = models.BigIntegerField()
    step_role = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # A person-addressed task (a step with an addressee): only this person, or whoever stands in for them
    # (`org.stand_ins`), sees and acts on it; unit and role then only say where it would fall back.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Indexed by task_claimed_assigned (claimed_by first): a column index of its own would be a duplicate.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField()
    due_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    note = models.TextField(blank=True)
    # When the task became `claimed_by`'s (claimed, taken next, reassigned or assigned by the system), and by
    # which rule of the unit's assignment policy when the system did it; "nobody" when the policy found no
    # eligible officer (the task waits in the unit's inbox and its supervisor sees it flagged).
    assigned_at = models.DateTimeField(null=True, blank=True)
    assignment = models.CharField(max_length=20, choices=Assignment.choices, default="", blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            # The inbox: open tasks of a unit/agency by deadline; partial so it stays small as history grows.
            models.Index(fields=["unit", "due_at"], name="task_inbox_unit", condition=models.Q(status="open")),
            models.Index(
                fields=["agency_id_cache", "due_at"], name="task_inbox_agency", condition=models.Q(status="open")
            ),
            models.Index(fields=["assignee", "due_at"], name="task_inbox_assignee", condition=models.Q(status="open")),
            # System assignment (workflow.services.assign_tasks): an officer's open tasks (their load) and when
            # they were last given one, each an index lookup however long their history.
            models.Index(fields=["claimed_by"], name="task_open_claimed", condition=models.Q(status="open")),
            models.Index(fields=["claimed_by", "assigned_at"], name="task_claimed_assigned"),
            # A case's tasks, and its open one (completing a step: `WHERE application_id = … AND status = 'open'`)
            # without a plan that intersects the partial indexes' whole open set (ADR 14, third round).
            models.Index(fields=["application", "status"], name="task_case_status"),
        ]


class AssignmentPolicy(models.Model):
    """How a unit's tasks find their officer (issue 13, system-assigned work). Without a row: manual, officers
    take tasks from the unit's inbox. Set by the unit's supervisor or the agency admin (audited)."""

    class Policy(models.TextChoices):
        MANUAL = "manual", "Manual: petugas mengambil tugas dari kotak masuk unit"
        ROUND_ROBIN = "round_robin", "Bergiliran di antara petugas unit"
        LEAST_LOADED = "least_loaded", "Petugas dengan beban paling ringan"

    unit = models.OneToOneField(Unit, primary_key=True, on_delete=models.CASCADE, related_name="+")
    policy = models.CharField(max_length=20, choices=Policy.choices, default=Policy.MANUAL)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    def __str__(self):
        return f"{self.unit} — {self.get_policy_display()}"
