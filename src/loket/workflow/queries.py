"""Reads for the officer pages: the inbox, the team view, one task with its application.

The inbox filters `status='open'` and orders by `due_at` on the Task table, so PostgreSQL walks the
partial indexes `task_inbox_unit` / `task_inbox_agency` whatever the size of the history. Every row's
related objects come in the same query (select_related): the page costs the same for 1 or 25 rows.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Replace
from django.utils import timezone

from loket.applications import formspec, lifecycle
from loket.applications import queries as application_queries
from loket.applications.apps import CITIZEN_PROFILE
from loket.applications.models import Application, ApplicationEvent, Upload
from loket.catalogue.models import Service
from loket.core.dates import long_date, short_moment
from loket.core.i18n import is_english, tr
from loket.core.identifiers import identifier_kind, mask_nik
from loket.org import deadlines, permissions
from loket.org import people as people_register
from loket.org.models import DeclaredRelative, Region, Role, RoleAssignment, Unit
from loket.workflow import availability
from loket.workflow.models import AssignmentPolicy, Task

PAGE_SIZE = 25
HOME_TASKS = 5  # the nearest deadlines on the landing page
SORTS = {
    "deadline": ("due_at", "pk"),
    "submitted": ("application__submitted_at", "pk"),
}
SLA_STATES = ("on_track", "due_today", "overdue")
CLAIM_FILTERS = ("mine", "unclaimed")


def has_person_work(user) -> bool:
    """Whether an open task is addressed to the user or to someone they stand in for today."""
    from loket.org import stand_ins

    if not getattr(user, "is_authenticated", False):
        return False
    people = {user.pk, *stand_ins.principals_of(user)}
    return Task.objects.filter(status=Task.Status.OPEN, assignee_id__in=people).exists()


def sla_label(state: str) -> str:
    return {
        "on_track": tr("Sesuai jadwal", "On track"),
        "due_today": tr("Jatuh tempo hari ini", "Due today"),
        "overdue": tr("Terlambat", "Overdue"),
    }[state]


def sla_choices() -> list[tuple[str, str]]:
    return [(state, sla_label(state)) for state in SLA_STATES]


def sort_choices() -> list[tuple[str, str]]:
    return [
        ("deadline", tr("Tenggat terdekat", "Nearest deadline")),
        ("submitted", tr("Tanggal pengajuan (terlama dahulu)", "Submission date (oldest first)")),
    ]


def claim_choices() -> list[tuple[str, str]]:
    return [
        ("mine", tr("Milik saya (diambil atau ditujukan kepada saya)", "Mine (taken by or addressed to me)")),
        ("unclaimed", tr("Belum diambil siapa pun", "Not taken by anyone")),
    ]


SEARCH_MAX = 100
# What a tracking number or a NIK may be typed with: digits, and dashes, dots or spaces between them.
_NUMBER = re.compile(r"[\d\s./-]+")
NIK_DIGITS = 16


@dataclass(frozen=True)
class InboxFilters:
    service: int | None = None
    sla: str = ""
    claimed: str = ""
    sort: str = "deadline"
    q: str = ""  # a tracking number (with or without dashes), an applicant's name or NIK

    @classmethod
    def from_params(cls, params) -> "InboxFilters":
        """Unknown or malformed values are ignored rather than refused: a filter link never errors."""
        service = params.get("service", "")
        return cls(
            service=int(service) if service.isdigit() else None,
            sla=params.get("sla", "") if params.get("sla") in SLA_STATES else "",
            claimed=params.get("claimed", "") if params.get("claimed") in CLAIM_FILTERS else "",
            sort=params.get("sort", "") if params.get("sort") in SORTS else "deadline",
            q=search_text(params.get("q", "")),
        )

    @property
    def active(self) -> bool:
        return bool(self.service or self.sla or self.claimed or self.q)


def search_text(typed) -> str:
    """The search as typed, its spaces collapsed and cut at SEARCH_MAX characters (the HTML and API inbox)."""
    return " ".join(str(typed or "").split())[:SEARCH_MAX]


def search_q(text: str, user) -> Q:
    """The inbox search as a filter.

    Digits (with or without the dashes of "3273-26-0000123") match tracking numbers, in part or whole. A name
    (letters) or a NIK (16 digits, exact) is looked for only among the tasks that are the reader's own work
    (`permissions.own_work_q`: taken by them, or addressed to them or the official they stand in for): the
    names of the applicants of tasks not yet taken stay masked (ADR 0013), so a search must not tell an
    officer whether a person has a case in the queue either. A supervisor reads other cases by opening them,
    a read the applicant sees in their data tracker.
    """
    if not text:
        return Q()
    own = permissions.own_work_q(user)
    if _NUMBER.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        if not digits:
            return Q(pk__in=[])
        query = Q(tracking_digits__contains=digits)
        if len(digits) == NIK_DIGITS:
            query |= own & Q(application__applicant__citizen__nik=digits)
        return query
    name = Q()
    for word in text.split():
        name &= (
            Q(application__applicant__citizen__full_name__icontains=word)
            | Q(application__applicant__citizen__isnull=True, application__applicant__first_name__icontains=word)
            | Q(application__applicant__citizen__isnull=True, application__applicant__last_name__icontains=word)
        )
    return own & name


def _local_midnights(now: dt.datetime) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """Per time zone (WIB/WITA/WIT): the start of today and of tomorrow, as aware datetimes."""
    bounds = {}
    for zone in Region.TimeZone.values:
        tz = Region(time_zone=zone).zoneinfo
        today = now.astimezone(tz).date()
        start = dt.datetime.combine(today, dt.time.min, tzinfo=tz)
        bounds[zone] = (start, dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return bounds


def sla_q(state: str, now: dt.datetime) -> Q:
    """The same split as `deadlines.sla_state`, as a filter: 'today' is today in each application's region."""
    if state == "overdue":
        return Q(due_at__lt=now)
    query = Q(pk__in=[])
    for zone, (_, tomorrow) in _local_midnights(now).items():
        in_zone = Q(application__region__time_zone=zone)
        if state == "due_today":
            query |= in_zone & Q(due_at__gte=now, due_at__lt=tomorrow)
        else:
            query |= in_zone & Q(due_at__gte=tomorrow)
    return query


def open_tasks(user, filters: InboxFilters, now: dt.datetime, *, team: bool = False) -> QuerySet[Task]:
    """Open tasks the user may act on (team=True: the tasks a supervisor oversees), filtered and sorted."""
    tasks = Task.objects.filter(permissions.task_scope(user, for_reassign=team), status=Task.Status.OPEN)
    if filters.service:
        tasks = tasks.filter(application__service_id=filters.service)
    if filters.sla:
        tasks = tasks.filter(sla_q(filters.sla, now))
    if filters.claimed == "mine":
        tasks = tasks.filter(permissions.own_work_q(user))
    elif filters.claimed == "unclaimed":
        tasks = tasks.filter(claimed_by__isnull=True, assignee__isnull=True)
    if filters.q:
        digits = Replace(F("application__tracking_number"), Value("-"), Value(""))
        tasks = tasks.annotate(tracking_digits=digits).filter(search_q(filters.q, user))
    # whether the row is the reader's own work (its applicant's name shows in full), in the same statement
    own = ExpressionWrapper(permissions.own_work_q(user), output_field=BooleanField())
    return (
        tasks.annotate(own_work=own)
        .select_related(
            "application__service",
            "application__region",
            "application__applicant__citizen",
            "step",
            "unit",
            "claimed_by",
            "assignee",
        )
        .order_by(*SORTS[filters.sort])
    )


def queue_summary(user, now: dt.datetime) -> dict:
    """The counts on the officer's landing page, over the tasks of their inbox: their own (taken by them or
    addressed to them), those nobody holds yet, the overdue and those due today. One statement."""
    tasks = Task.objects.filter(permissions.task_scope(user), status=Task.Status.OPEN)
    return tasks.aggregate(
        mine=Count("pk", filter=permissions.own_work_q(user)),
        claimable=Count("pk", filter=Q(claimed_by__isnull=True, assignee__isnull=True)),
        overdue=Count("pk", filter=sla_q("overdue", now)),
        due_today=Count("pk", filter=sla_q("due_today", now)),
    )


def team_summary(user, now: dt.datetime) -> dict:
    """For a supervisor or agency head: the open tasks of the units they oversee, how many are overdue, and how
    many the unit's automatic policy could give to nobody."""
    tasks = Task.objects.filter(permissions.task_scope(user, for_reassign=True), status=Task.Status.OPEN)
    return tasks.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=sla_q("overdue", now)),
        stranded=Count("pk", filter=Q(claimed_by__isnull=True, assignment=Task.Assignment.NOBODY)),
    )


def local_time(moment: dt.datetime, region: Region) -> str:
    """'12 Mar 2026 23.59 WITA': the region's own clock, with its zone named, as the reader's language writes it."""
    return short_moment(timezone.localtime(moment, region.zoneinfo), region.time_zone, english=is_english())


def acting_for_label(task: Task, user) -> str:
    """The "Sebagai plh <name>" line when `user` sees a person-addressed task because they stand in for its assignee."""
    if not task.assignee_id or user is None or task.assignee_id == user.pk:
        return ""
    return tr(f"Sebagai plh {person_label(task.assignee)}", f"As acting official for {person_label(task.assignee)}")


def inbox_rows(tasks, now: dt.datetime, user=None) -> list[dict]:
    """The inbox's rows. The applicant's name shows in full only on the reader's own work (`own_work`, annotated by
    `open_tasks` from `permissions.own_work_q`); on any other task its initials, as the task page does."""
    rows = []
    for task in tasks:
        region = task.application.region
        state = deadlines.sla_state(now, task.due_at, region)
        own = getattr(task, "own_work", None)
        if own is None:
            own = user is not None and permissions.is_own_work(user, task)
        identity = applicant_identity(task.application, reveal=False, masked=not own)
        rows.append(
            {
                "task": task,
                "sla": state,
                "sla_label": sla_label(state),
                "due": local_time(task.due_at, region),
                "applicant": identity["name"],
                "applicant_masked": not own,
                "assignee": person_label(task.assignee) if task.assignee_id else "",
                "acting_for": acting_for_label(task, user),
            }
        )
    return rows


def service_choices(user) -> list[Service]:
    agencies = permissions.agencies_for(user, "application.view")
    return list(
        Service.objects.filter(agency__in=agencies, current__isnull=False)
        .only("pk", "name_id", "name_en")
        .order_by("name_id")
    )


def may_oversee(user) -> bool:
    return permissions.agencies_for(user, "application.reassign").exists()


def reassign_candidates(tasks: list[Task]) -> dict[int, list]:
    """For each task, the people who may act on it (same rule as `permissions.can_act_on_task`): the colleagues
    holding the step's role in its unit, or in the whole agency. Each person comes with what separation of duties
    asks (`workflow.services.reassign_choices`): their citizen profile, the NIKs of their other records
    (`other_niks`) and of the relatives they declared (`relative_niks`).

    One query per candidate person (their scope over all the page's tasks), none per row.
    """
    if not tasks:
        return {}
    ids = [task.pk for task in tasks]
    agencies = {task.agency_id_cache for task in tasks}
    people = list(
        get_user_model()
        .objects.filter(
            loket_roles__agency_id__in=agencies,
            loket_roles__role__in=[Role.OFFICER, Role.SUPERVISOR, Role.AGENCY_HEAD],
            is_active=True,
        )
        .select_related("citizen")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    others = people_register.niks_by_user([person.pk for person in people], leave_out=(CITIZEN_PROFILE,))
    relatives: dict[int, set] = {}
    for official_id, nik in DeclaredRelative.objects.filter(official__in=people, removed_at__isnull=True).values_list(
        "official_id", "nik"
    ):
        relatives.setdefault(official_id, set()).add(nik)
    candidates: dict[int, list] = {pk: [] for pk in ids}
    for person in people:
        person.other_niks = others.get(person.pk, frozenset())
        person.relative_niks = frozenset(relatives.get(person.pk, ()))
        # a person-addressed task is never reassigned: only unit tasks need candidates
        in_scope = Task.objects.filter(permissions.task_scope(person, addressed=False), pk__in=ids)
        for task_id in in_scope.values_list("pk", flat=True):
            candidates[task_id].append(person)
    return candidates


def candidate_label(person, task: Task) -> str:
    """'Dewi Lestari (dewi.l) — Petugas, Bidang Pelayanan': whom a supervisor hands a task to, with the role and
    the unit (or the whole agency) that let them act on its step."""
    found = permissions.acting_role(person, task)
    if found is None:
        return person_label(person)
    role, unit_id = found
    where = task.unit.name if unit_id and task.unit_id == unit_id else tr("seluruh perangkat daerah", "whole agency")
    return f"{person_label(person)} — {tr(*ROLE_LABELS[role])}, {where}"


# ---------------------------------------------------------------- system assignment (issue 13)


def assignment_pools(keys, day: dt.date) -> dict[tuple[int, int, str], list]:
    """For each (agency, unit, step role) in `keys`: the active accounts holding that role in that very unit, in one
    query. Each user carries `open_tasks` (open tasks they hold or that are addressed to them), `last_assigned`
    (when they were last given a task, or None), `away` (on leave on `day`: workflow.availability), their
    citizen profile and `relative_niks` (the relatives they declared: a second statement only when anyone in the
    pools declared some), for separation of duties, so the engine asks nothing more per task. One user object per
    person across the keys."""
    keys = set(keys)
    if not keys:
        return {}
    scope = Q(pk__in=[])
    for agency_id, unit_id, role in keys:
        scope |= Q(agency_id=agency_id, unit_id=unit_id, role=role)
    person = OuterRef("user_id")
    load = (
        Task.objects.filter(Q(claimed_by=person) | Q(assignee=person), status=Task.Status.OPEN)
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    last = (
        Task.objects.filter(claimed_by=person, assigned_at__isnull=False).order_by("-assigned_at").values("assigned_at")
    )
    away = availability.away_q(day, "user_id")
    found = (
        RoleAssignment.objects.filter(scope, user__is_active=True)
        .select_related("user__citizen")
        .annotate(
            open_tasks=Subquery(load[:1]),
            last_assigned=Subquery(last[:1]),
            away=Value(False) if away is None else ExpressionWrapper(away, output_field=BooleanField()),
            declares_relatives=Exists(DeclaredRelative.objects.filter(official_id=person, removed_at__isnull=True)),
        )
        .order_by("user_id")
    )
    pools: dict[tuple[int, int, str], list] = {key: [] for key in keys}
    people: dict[int, object] = {}
    for row in found:
        user = people.setdefault(row.user_id, row.user)
        user.open_tasks, user.last_assigned, user.away = row.open_tasks or 0, row.last_assigned, bool(row.away)
        user.relative_niks, user.declares_relatives = frozenset(), row.declares_relatives
        pool = pools[(row.agency_id, row.unit_id, row.role)]
        if user not in pool:
            pool.append(user)
    # Their NIKs besides the citizen profile's (a civil servant's employee record: org.people), in one read.
    others = people_register.niks_by_user(list(people), leave_out=(CITIZEN_PROFILE,))
    for pk, user in people.items():
        user.other_niks = others.get(pk, frozenset())
    # The NIKs of the relatives they declared (separation of duties), read only when someone in the pools has any.
    declaring = [pk for pk, user in people.items() if user.declares_relatives]
    if declaring:
        found_niks: dict[int, set] = {}
        active = DeclaredRelative.objects.filter(official_id__in=declaring, removed_at__isnull=True)
        for official_id, nik in active.values_list("official_id", "nik"):
            found_niks.setdefault(official_id, set()).add(nik)
        for pk in declaring:
            people[pk].relative_niks = frozenset(found_niks.get(pk, ()))
    return pools


def earlier_approvers(application_id: int) -> frozenset[tuple[int, int]]:
    """Who approved which step of the case so far, as (user id, step position) (separation of duties: one person,
    one approval, but for the one earlier step a step's SOP may name)."""
    return frozenset(
        Task.objects.filter(
            application_id=application_id, status=Task.Status.APPROVED, completed_by__isnull=False
        ).values_list("completed_by_id", "step__position")
    )


def automatic_policies() -> dict[int, str]:
    """{unit id: policy} of the units whose tasks the system assigns (every other unit is manual)."""
    return dict(
        AssignmentPolicy.objects.exclude(policy=AssignmentPolicy.Policy.MANUAL).values_list("unit_id", "policy")
    )


def policy_rows(user) -> list[dict]:
    """The units whose assignment policy `user` may set, each with its policy, its pool (the officers and supervisors
    assigned to the unit itself: an officer step's tasks go to its officers, a supervisor step's to its
    supervisors) and how many open tasks the system could give to nobody."""
    units = list(
        permissions.units_for(user, "workflow.assignment").select_related("agency").order_by("agency__name", "name")
    )
    if not units:
        return []
    ids = [unit.pk for unit in units]
    policies = dict(AssignmentPolicy.objects.filter(unit_id__in=ids).values_list("unit_id", "policy"))
    pools: dict[int, list] = {pk: [] for pk in ids}
    for row in (
        RoleAssignment.objects.filter(unit_id__in=ids, role__in=[Role.OFFICER, Role.SUPERVISOR], user__is_active=True)
        .select_related("user")
        .order_by("role", "user__username")
    ):
        pools[row.unit_id].append({"name": person_label(row.user), "role": tr(*ROLE_LABELS[row.role])})
    stranded = dict(
        Task.objects.filter(
            unit_id__in=ids, status=Task.Status.OPEN, claimed_by__isnull=True, assignment=Task.Assignment.NOBODY
        )
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    return [
        {
            "unit": unit,
            "policy": policies.get(unit.pk, AssignmentPolicy.Policy.MANUAL),
            "officers": pools[unit.pk],
            "stranded": stranded.get(unit.pk, 0),
        }
        for unit in units
    ]


def policy_unit(user, unit_id: int) -> Unit | None:
    """The unit if `user` may set its assignment policy."""
    return permissions.units_for(user, "workflow.assignment").filter(pk=unit_id).select_related("agency").first()


def may_set_policies(user) -> bool:
    return permissions.units_for(user, "workflow.assignment").exists()


def policy_choices() -> list[tuple[str, str]]:
    return [
        (
            AssignmentPolicy.Policy.MANUAL,
            tr(
                "Manual: petugas mengambil tugas dari kotak masuk unit",
                "Manual: officers take tasks from the unit's inbox",
            ),
        ),
        (
            AssignmentPolicy.Policy.ROUND_ROBIN,
            tr("Bergiliran di antara petugas unit", "In turn among the unit's officers"),
        ),
        (
            AssignmentPolicy.Policy.LEAST_LOADED,
            tr("Petugas dengan beban paling ringan", "The officer with the fewest open tasks"),
        ),
    ]


ASSIGNMENT_LABELS = {
    Task.Assignment.ROUND_ROBIN: ("Ditugaskan oleh sistem: bergiliran", "Assigned by the system: in turn"),
    Task.Assignment.LEAST_LOADED: (
        "Ditugaskan oleh sistem: beban paling ringan",
        "Assigned by the system: fewest open tasks",
    ),
    Task.Assignment.NOBODY: (
        "Aturan penugasan otomatis unit tidak menemukan petugas yang memenuhi syarat; menunggu penyelia",
        "The unit's automatic assignment rule found no eligible officer; waiting for the supervisor",
    ),
}


def assignment_label(task: Task) -> str:
    """How an open task found its officer, when the system did it (or could not): "" for a task taken by hand."""
    if task.status != Task.Status.OPEN or not task.assignment:
        return ""
    if task.assignment == Task.Assignment.NOBODY and task.claimed_by_id:
        return ""  # handed on since
    return tr(*ASSIGNMENT_LABELS[task.assignment])


def takes_unit_tasks(user) -> bool:
    """Whether the user holds a role that acts on unit tasks (officer, supervisor, agency head): "take next"."""
    return bool(permissions.roles_of(user) & {Role.OFFICER, Role.SUPERVISOR, Role.AGENCY_HEAD})


def stranded_count(tasks) -> int:
    """How many of a supervisor's open tasks the unit's automatic policy could give to nobody."""
    return tasks.filter(claimed_by__isnull=True, assignment=Task.Assignment.NOBODY).count()


def returns_of(application: Application) -> int:
    """How many times the case was returned to the applicant (after LOKET_MAX_RETURNS it goes to a supervisor)."""
    return Task.objects.filter(application_id=application.pk, status=Task.Status.RETURNED).count()


def person_label(user) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full} ({user.get_username()})" if full else user.get_username()


# ---------------------------------------------------------------- one task


def task_for_page(user, task_id: int) -> Task | None:
    """The task if the user may act on it or oversees it, with everything the page shows."""
    scope = permissions.task_scope(user) | permissions.task_scope(user, for_reassign=True)
    return (
        Task.objects.filter(scope, pk=task_id)
        .select_related(
            "application__service",
            "application__standard",
            "application__region",
            "application__agency",
            "application__applicant__citizen",
            "application__assisted_by",
            "step",
            "unit",
            "claimed_by",
            "assignee",
        )
        .first()
    )


def applicant_identity(application: Application, *, reveal: bool, masked: bool = False) -> dict:
    """The applicant's name and NIK for the task page; `masked` until the task is the reader's (initials only)."""
    profile = getattr(application.applicant, "citizen", None)
    name = profile.full_name if profile is not None else application.applicant.get_username()
    if masked:
        return {"name": mask_name(name), "nik": "", "masked": mask_nik(profile.nik) if profile else "", "hidden": True}
    if profile is None:
        return {"name": name, "nik": "", "masked": ""}
    return {"name": name, "nik": profile.nik if reveal else "", "masked": mask_nik(profile.nik)}


def mask_name(name: str) -> str:
    """'Imas Masitoh' -> 'I*** M***': enough to tell two cases apart, not to know who applied."""
    return " ".join(f"{word[0]}***" for word in name.split() if word) or "***"


def _option_label(field: dict, value) -> str:
    lang = "en" if is_english() else "id"
    for option in field.get("options", []):
        if option.get("value") == value:
            label = option.get("label", value)
            return (label.get(lang) or label.get("id") or str(value)) if isinstance(label, dict) else str(label)
    return str(value)


def _field_label(field: dict) -> str:
    label = field.get("label") or {}
    return (label.get("en") if is_english() else None) or label.get("id") or field["key"]


def _address_codes(fields: list[dict], data: dict, found: set) -> set:
    for field in fields:
        value = data.get(field["key"]) if isinstance(data, dict) else None
        if field["type"] == "address" and isinstance(value, dict) and value.get("region"):
            found.add(value["region"])
        elif field["type"] == "group" and isinstance(value, list):
            for item in value:
                _address_codes(field["fields"], item, found)
    return found


def _display(field: dict, value, regions: dict[str, str]) -> str:
    kind = field["type"]
    if kind == "choice":
        values = value if isinstance(value, list) else [value]
        return ", ".join(_option_label(field, v) for v in values)
    if kind == "address" and isinstance(value, dict):
        code = value.get("region", "")
        place = f"{regions[code]} ({code})" if code in regions else code
        return ", ".join(part for part in (value.get("street", ""), place, value.get("postal_code", "")) if part)
    if kind == "date" and isinstance(value, str):
        try:
            return long_date(dt.date.fromisoformat(value), english=is_english())
        except ValueError:
            return value
    return str(value)


def answer_rows(
    fields: list[dict], data: dict, regions: dict[str, str] | None = None, *, reveal=(), _prefix: str = ""
) -> list[dict]:
    """The answers in form order with their labels; groups become lists of rows.

    Identifiers are masked (`formspec.mask_answers`) except the paths in `reveal`, which the officer
    asked to see through an audited POST; a masked row carries its `reveal` path for that button.
    """
    if regions is None:
        codes = _address_codes(fields, data, set())
        regions = dict(Region.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    shown = formspec.mask_answers(fields, data, reveal=reveal, _prefix=_prefix) if not _prefix else data
    rows = []
    for field in fields:
        value, path = shown.get(field["key"]), _prefix + field["key"]
        row = {"key": field["key"], "label": _field_label(field), "value": "", "groups": [], "reveal": ""}
        if field["type"] == "group":
            row["groups"] = [
                answer_rows(field["fields"], item, regions, reveal=reveal, _prefix=f"{path}.{index}.")
                for index, item in enumerate(value or [])
                if isinstance(item, dict)
            ]
        elif value not in (None, "", []):
            row["value"] = _display(field, value, regions)
            if identifier_kind(field["type"], field["key"]) and path not in reveal:
                row["reveal"] = path
        rows.append(row)
    return rows


def paths_with_value(fields: list[dict], data: dict, value: str) -> set[str]:
    """Identifier answer paths whose value is `value` (e.g. the applicant's own NIK typed again)."""

    def at(path: str):
        node = data
        for part in path.split("."):
            node = node[int(part)] if isinstance(node, list) else node.get(part)
        return node

    return {path for path in formspec.identifier_paths(fields, data) if str(at(path)) == value}


def upload_rows(application: Application) -> list[dict]:
    """The case's files, each once, replaced ones marked (the applicant's status page reads the same rows)."""
    rows = application_queries.upload_rows(application)
    for row in rows:
        row["replaced_when"] = local_time(row["replaced_at"], application.region) if row["replaced_at"] else ""
    return rows


def history(application: Application) -> list[dict]:
    region = application.region
    rows = []
    for item in ApplicationEvent.objects.filter(application=application).select_related("actor"):
        actor = tr("Pemohon", "Applicant") if item.actor_id == application.applicant_id else person_label(item.actor)
        rows.append(
            {
                "event": item,
                "label": lifecycle.event_label(item.kind),
                "when": local_time(item.occurred_at, region),
                "actor": actor,
            }
        )
    return rows


def upload_for_task(task: Task, upload_id) -> Upload | None:
    return Upload.objects.filter(pk=upload_id, application_id=task.application_id).first()


# ---------------------------------------------------------------- the procedure as a flowchart

ROLE_LABELS = {
    Role.OFFICER: ("Petugas", "Officer"),
    Role.SUPERVISOR: ("Penyelia", "Supervisor"),
    Role.AGENCY_HEAD: ("Kepala perangkat daerah", "Head of agency"),
}


ADDRESSEE_LABELS = {
    "": ("Unit dan peran", "Unit and role"),
    "direct_superior": ("Atasan langsung pemohon", "The applicant's direct superior"),
    "signing_official": ("Pejabat penandatangan unit", "The unit's signing official"),
    "hr_office": ("Kantor kepegawaian (BKD) wilayah pemohon", "The HR office (BKD) of the applicant's region"),
    "inspectorate": ("Inspektorat", "Inspectorate"),
    "sending_official": ("Pejabat instansi asal pegawai (mutasi)", "The sending agency's official (transfer)"),
    "receiving_official": ("Pejabat instansi penerima pegawai (mutasi)", "The receiving agency's official (transfer)"),
    "receiving_hr_office": (
        "Kantor kepegawaian (BKD) instansi penerima (mutasi)",
        "The receiving agency's HR office (BKD) (transfer)",
    ),
    "transfer_signer": ("Pejabat penetap keputusan mutasi", "The official who sets the transfer decree"),
    "complaint_handling": ("Petugas pengaduan (pengaduan pertama)", "Complaint officer (a first complaint)"),
    "complaint_review": ("Penyelia (pengaduan yang dibuka kembali)", "Supervisor (a reopened complaint)"),
}


def role_label(role: str, lang: str) -> str:
    id_text, en_text = ROLE_LABELS.get(role, (role, role))
    return en_text if lang == "en" else id_text


def addressee_label(addressee: str, lang: str) -> str:
    """The person a step is addressed to, as the flowchart and the editor show it ("" for unit and role)."""
    if not addressee:
        return ""
    id_text, en_text = ADDRESSEE_LABELS.get(addressee, (addressee, addressee))
    return en_text if lang == "en" else id_text


def step_dicts(steps, lang: str) -> list[dict]:
    """ProcedureStep rows (with `unit` and `parallel_units` loaded) -> the dicts `workflow.flowchart` draws."""
    return [
        {
            "position": step.position,
            "name": (step.name_en if lang == "en" and step.name_en else step.name_id),
            "role": role_label(step.role, lang),
            # An addressed step names its rule instead of the unit (the unit is only its fallback).
            "unit": addressee_label(step.addressee, lang) or (step.unit.name if step.unit_id else ""),
            "sla_days": step.sla_days,
            "parallel": [unit.name for unit in step.parallel_units.all()],
        }
        for step in steps
    ]


def flowchart_for(standard, lang: str | None = None) -> dict | None:
    """The SOP of a standard version for `workflow/_flowchart.html`; None when it has no steps.

    A published version never changes, so its drawing is cached: after the first view the public service page
    pays no query for it (the first view costs two: steps, parallel units).
    """
    from django.core.cache import caches

    from loket.workflow import flowchart
    from loket.workflow.models import ProcedureStep

    if standard is None:
        return None
    lang = lang or ("en" if is_english() else "id")
    published = not standard.is_draft
    # The publication time makes the key unique even if ids were ever reused (a restored or reseeded database).
    stamp = standard.published_at.timestamp() if standard.published_at else ""
    key = f"loket:flowchart:v1:{standard.pk}:{stamp}:{lang}"
    if published:
        cached = caches["pages"].get(key)  # a per-process memo: the drawing never changes
        if cached is not None:
            return cached or None
    steps = (
        ProcedureStep.objects.filter(standard_id=standard.pk)
        .select_related("unit")
        .prefetch_related("parallel_units")
        .order_by("position")
    )
    drawn = step_dicts(steps, lang)
    result = flowchart.figure(drawn, lang) if drawn else None
    if published:
        caches["pages"].set(key, result or {}, 24 * 3600)
    return result
