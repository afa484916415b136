"""Reads of loket.hr: who heads whom, what a user may see, balances and calendars.

Scope predicates (report to the lead; they live here because they are person-based, not role-based):
- `employee_of(user)`: the user's own Employee row or None (self-service).
- `direct_superior(employee)` / `authorized_official(employee)`: the approval chain of one employee.
- `team_of(head)`: the employees whose direct superior is `head` (a unit head sees their team).
- `visible_employees(user)`: own row ∪ own team ∪ every employee of an agency in the user's hr.view scope;
  `record_holders_readable_by(user)` is the same rule for loket.documents (HR documents in its office).
- `hr_record_agencies(user)` / `reads_as_hr(user, employee)`: where the user reads individual records as BKD
  or inspector; who that is (not the leader, the BKD of the employee's own region only) is decided by
  org.permissions. Every HR view and API endpoint asks these, not the role tables.
- `stood_in_for(user, day)`, `superior_user_of_applicant` / `official_user_of_applicant`: the same chain and
  delegations, registered with the engine (org.stand_ins, workflow.addressees) for person-addressed tasks.
- `employee_reader(user)` / `leave_for_reader(...)` / `kgb_for_reader(...)` / `import_job_for(...)`: one record
  if the user may read it, gathering the facts for the pure rules of hr/rules.py.
"""

import datetime as dt
import json
import time
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from loket.core import rows
from loket.core.errors import PermissionDenied
from loket.core.i18n import tr
from loket.hr import rules
from loket.hr.leave import rules as leave_rules
from loket.hr.models import (
    CaseService,
    Delegation,
    Employee,
    Headship,
    ImportJob,
    KgbDecision,
    LeaveDecision,
    LeavePermit,
    LeaveRequest,
)
from loket.org import permissions
from loket.workflow.models import Task

_KNOWN_EMPLOYEES: ContextVar[dict[int, Employee] | None] = ContextVar("loket_hr_known_employees", default=None)


def employee_of(user) -> Employee | None:
    if not getattr(user, "is_authenticated", False):
        return None
    known = _KNOWN_EMPLOYEES.get()
    if known is not None and user.pk in known:
        return known[user.pk]
    cached = getattr(user, "_loket_employee", False)
    if cached is False:
        relation = _employee_relation()
        if relation.is_cached(user):  # the API token's read brought it (LOKET_TOKEN_USER_RELATED)
            cached = relation.get_cached_value(user)
            if cached is not None:
                _attach_places(cached)
        else:
            cached = _employee_with_places("e.user_id = %s", user.pk)
        if cached is not None:
            cached.user = user  # the same row: `employee.user` costs no second read
        user._loket_employee = cached
    return cached


def _employee_relation():
    from django.contrib.auth import get_user_model

    return get_user_model()._meta.get_field("employee")


_PLACES: dict[tuple, tuple] = {}


def _attach_places(employee: Employee) -> None:
    """The employee's agency (with its region), region and unit, remembered per process under the catalogue's
    cache generation (renewed by any save of an agency, region or unit) and for at most LOKET_API_CACHE_SECONDS,
    as `hr.cases.service_for` remembers the leave service: every self-service API call asks for them."""
    from django.conf import settings

    from loket.catalogue import cache as catalogue_cache
    from loket.org.models import Agency, Region, Unit

    key = (employee.agency_id, employee.region_id, employee.unit_id)
    generation, now = catalogue_cache.generation(), time.monotonic()
    cached = _PLACES.get(key)
    if cached is None or cached[0] != generation or now - cached[1] >= settings.LOKET_API_CACHE_SECONDS:
        agency = Agency.objects.select_related("region").get(pk=employee.agency_id)
        region = agency.region if agency.region_id == employee.region_id else Region.objects.get(pk=employee.region_id)
        unit = Unit.objects.filter(pk=employee.unit_id).first() if employee.unit_id else None
        if len(_PLACES) > 5000:
            _PLACES.clear()
        cached = _PLACES[key] = (generation, now, (agency, region, unit))
    employee.agency, employee.region, employee.unit = cached[2]


def employee_niks(user) -> list[str]:
    """The NIK on the user's employee record (org.people): from what the request already read (the API token's
    read, `employee_of`), else one small read that remembers nothing on the user object (an account asked before
    its record exists must still find it later)."""
    known = _KNOWN_EMPLOYEES.get()
    if known is not None and user.pk in known:
        employee = known[user.pk]
    else:
        employee = getattr(user, "_loket_employee", False)
    if employee is False:
        relation = _employee_relation()
        if not relation.is_cached(user):
            return list(Employee.objects.filter(user_id=user.pk).exclude(nik="").values_list("nik", flat=True))
        employee = relation.get_cached_value(user)
    return [employee.nik] if employee is not None and employee.nik else []


def employee_niks_of(user_ids: list[int]):
    """(user id, NIK) of the employee records of these accounts (org.people, in bulk)."""
    return Employee.objects.filter(user_id__in=user_ids).exclude(nik="").values_list("user_id", "nik")


def has_employee_record(user) -> bool:
    return employee_of(user) is not None


def employees_with_accounts(agency_ids: list[int]):
    """The accounts (user ids, as a subquery) of the employees of these agencies (org.people members)."""
    return Employee.objects.filter(agency_id__in=agency_ids, user__isnull=False).values("user_id")


def _employee_with_places(where: str, value, lock: bool = False) -> Employee | None:
    """One employee with their agency, region and unit (select_related("agency__region", "region", "unit")),
    read with one plain statement: every self-service request asks (core.rows)."""
    from loket.org.models import Agency, Region, Unit

    found = rows.select(
        f"hr.employee_with_places:{where}:{lock}",
        [(Employee, "e"), (Agency, "a"), (Region, "r"), (Unit, "u")],
        f"FROM {Employee._meta.db_table} e JOIN {Agency._meta.db_table} a ON a.id = e.agency_id "
        f"JOIN {Region._meta.db_table} r ON r.id = e.region_id LEFT JOIN {Unit._meta.db_table} u ON u.id = e.unit_id "
        f"WHERE {where}" + (f" {rows.for_update('e')}" if lock else ""),
        [value],
    )
    if not found:
        return None
    employee, agency, region, unit = found[0]
    if agency.region_id == region.pk:
        agency.region = region
    employee.agency, employee.region, employee.unit = agency, region, unit
    return employee


def employee_reader(user, *, hr_reads: bool = False) -> Employee | None:
    """The user's own employee record. With `hr_reads`, BKD staff (hr.view / hr.manage somewhere) without one
    get None and read records in their scope; any other account without a record is refused."""
    me = employee_of(user)
    if rules.may_open_employee_pages(
        has_record=me is not None, hr_reads=hr_reads, reads_records_as_hr=lambda: is_hr_reader(user)
    ):
        return me
    raise PermissionDenied(
        tr("Akun Anda tidak terhubung dengan data pegawai.", "Your account is not linked to an employee record.")
    )


def require_employee(user) -> Employee:
    """The user's own employee record (self-service pages and API); refused for an account without one."""
    return employee_reader(user)


def _head_of_unit(unit_id: int | None) -> Employee | None:
    if unit_id is None:
        return None
    headship = Headship.objects.select_related("employee__user").filter(unit_id=unit_id).first()
    return headship.employee if headship else None


def holds_post(employee_id: int, agency_id: int | None) -> bool:
    """Whether `employee_id` still heads the agency or one of its units (a headship there, not left the registry):
    the post an official was named for on a record of that agency (hr.rules.official_refusal)."""
    if agency_id is None:
        return False
    return Headship.objects.filter(
        employee_id=employee_id, agency_id=agency_id, employee__left_on__isnull=True
    ).exists()


def agency_head(agency_id: int) -> Employee | None:
    headship = Headship.objects.select_related("employee__user").filter(agency_id=agency_id, unit__isnull=True).first()
    return headship.employee if headship else None


def direct_superior(employee: Employee) -> Employee | None:
    """Head of the employee's unit; for a unit head, the head of the nearest parent unit that has one;
    at the top of the agency, the agency head. The agency head has no superior inside the agency (None)."""
    from loket.org.models import Unit

    unit_id = employee.unit_id
    while unit_id is not None:
        head = _head_of_unit(unit_id)
        if head is not None and head.pk != employee.pk:
            return head
        unit_id = Unit.objects.filter(pk=unit_id).values_list("parent_id", flat=True).first()
    head = agency_head(employee.agency_id)
    return head if head is not None and head.pk != employee.pk else None


def approval_chain(employee: Employee) -> tuple[Employee | None, Employee | None]:
    """(direct superior, authorized official) of `employee`, as `direct_superior` and `authorized_official`
    find them, with their accounts. One query when the employee's own unit has a head other than them
    (staff: the usual case); otherwise the superior is looked for up the unit tree."""
    known = getattr(employee, "_loket_chain", None)
    if known is not None:
        return known
    if employee.unit_id is None:
        official = authorized_official(employee)
        return official, official
    from django.contrib.auth import get_user_model

    User = get_user_model()
    # select_related("employee__user") of the headships of the unit and of the agency, as one plain statement
    heads = rows.select(
        "hr.approval_chain",
        [(Headship, "h"), (Employee, "e"), (User, "u")],
        f"FROM {Headship._meta.db_table} h JOIN {Employee._meta.db_table} e ON e.id = h.employee_id "
        f"LEFT JOIN {User._meta.db_table} u ON u.id = e.user_id "
        "WHERE h.unit_id = %s OR (h.agency_id = %s AND h.unit_id IS NULL)",
        [employee.unit_id, employee.agency_id],
    )
    for _headship, head, account in heads:
        head.user = account
    unit_head = next((head for h, head, _u in heads if h.unit_id == employee.unit_id), None)
    agency = next((head for h, head, _u in heads if h.unit_id is None), None)
    official = agency if agency is not None and agency.pk != employee.pk else None
    if unit_head is not None and unit_head.pk != employee.pk:
        return unit_head, official
    return direct_superior(employee), official


def leave_approvers(employee: Employee) -> tuple[Employee | None, Employee | None]:
    """(who considers, who grants) a leave request of `employee`: the approval chain, with the considerer of
    hr.leave.rules.considerer when the direct superior is the official too (issue 13: two different people).
    Inside `chain_known` the known chain is the answer (a request records its own)."""
    known = getattr(employee, "_loket_chain", None)
    if known is not None:
        return known
    superior, official = approval_chain(employee)
    if official is None or (superior is not None and superior.pk != official.pk):
        return superior, official
    return second_considerer(employee, official), official


def second_considerer(employee: Employee, official: Employee) -> Employee | None:
    """The considerer of `employee`'s leave when their direct superior is the official (leave.rules.considerer over
    the configured candidates, setting LOKET_LEAVE_CONSIDERERS), with their account; None when nobody can."""
    from django.conf import settings

    order = tuple(getattr(settings, "LOKET_LEAVE_CONSIDERERS", leave_rules.CONSIDERERS))
    found: dict[int, Employee] = {}
    candidates = []
    for name in order:
        person = _CONSIDERER_SOURCES[name](employee, official)
        if person is not None:
            found[person.pk] = person
        candidates.append(person.pk if person is not None else None)
    chosen = leave_rules.considerer(
        employee=employee.pk, superior=official.pk, official=official.pk, candidates=candidates
    )
    return found.get(chosen)


def _superior_of_superior(employee: Employee, official: Employee) -> Employee | None:
    return direct_superior(official)  # the headships are read with their accounts


def _hr_office_employee(employee: Employee, official: Employee) -> Employee | None:
    """The employee record of the HR office (hr.manage over the employee's agency) who is neither the employee nor
    the official: the first by account."""
    holders = permissions.holders_of("hr.manage", employee.agency).values("pk")
    return (
        Employee.objects.select_related("user")
        .filter(user_id__in=holders)
        .exclude(pk__in=[employee.pk, official.pk])
        .order_by("user_id")
        .first()
    )


_CONSIDERER_SOURCES = {"superior_of_superior": _superior_of_superior, "hr_office": _hr_office_employee}


def authorized_official(employee: Employee) -> Employee | None:
    """The official deciding leave (pejabat yang berwenang memberikan cuti): PP 11/2017 art. 313 gives it to
    the PPK, who delegates to the head of the agency (kepala perangkat daerah) for its staff. None for the
    agency head themselves (their leave goes to the regional secretary, outside this registry)."""
    head = agency_head(employee.agency_id)
    return head if head is not None and head.pk != employee.pk else None


def team_of(head: Employee) -> QuerySet[Employee]:
    """Employees whose direct superior is `head` (inverse of direct_superior)."""
    from loket.org.models import Unit

    query = Q(pk__in=[])
    headed_units = list(Headship.objects.filter(employee=head, unit__isnull=False).values_list("unit_id", flat=True))
    heads_agency = Headship.objects.filter(employee=head, unit__isnull=True).values_list("agency_id", flat=True)
    for unit_id in headed_units:
        query |= Q(unit_id=unit_id)
        # heads of child units, and staff of headless child units, report to this head as well
        for child in _descendants_until_headed(unit_id):
            query |= Q(unit_id=child[0]) if child[1] is None else Q(pk=child[1])
    for agency_id in heads_agency:
        query |= Q(agency_id=agency_id, unit__isnull=True)
        tops = Unit.objects.filter(agency_id=agency_id, parent__isnull=True).values_list("pk", flat=True)
        for top in tops:
            top_head = _head_of_unit(top)
            if top_head is not None:
                query |= Q(pk=top_head.pk)
            else:
                query |= Q(unit_id=top)
                for child in _descendants_until_headed(top):
                    query |= Q(unit_id=child[0]) if child[1] is None else Q(pk=child[1])
    return Employee.objects.filter(query, left_on__isnull=True).exclude(pk=head.pk)  # the active team only


def team_roster(head: Employee) -> QuerySet[Employee]:
    """`head`'s team with their units, by name (the team page)."""
    return team_of(head).select_related("unit").order_by("name")


def _descendants_until_headed(unit_id: int) -> list[tuple[int, int | None]]:
    """(unit, head or None) for child units; descends through headless ones only."""
    from loket.org.models import Unit

    found = []
    for child_id in Unit.objects.filter(parent_id=unit_id).values_list("pk", flat=True):
        head = _head_of_unit(child_id)
        found.append((child_id, head.pk if head else None))
        if head is None:
            found.extend(_descendants_until_headed(child_id))
    return found


def hr_agencies(user, action: str = "hr.view"):
    return permissions.agencies_for(user, action)


def hr_record_agencies(user):
    """Agencies whose staff's individual records the user reads as HR office or inspector (hr.view / hr.manage)."""
    return hr_agencies(user, "hr.view") | hr_agencies(user, "hr.manage")


def hr_office_agencies(user):
    """The agencies of the HR back office's filter, by name."""
    return hr_record_agencies(user).distinct().order_by("name")


def reads_as_hr(user, employee: Employee) -> bool:
    return hr_record_agencies(user).filter(pk=employee.agency_id).exists()


def is_hr_reader(user) -> bool:
    """Reads individual records somewhere as BKD or inspector: opens the HR back office."""
    return permissions.can_anywhere(user, "hr.view", "hr.manage")


def visible_employees(user) -> QuerySet[Employee]:
    """Every employee the user may look at: their own row, their team, and HR scope."""
    if not getattr(user, "is_authenticated", False):
        return Employee.objects.none()
    query = Q(agency__in=hr_record_agencies(user))
    me = employee_of(user)
    if me is not None:
        query |= Q(pk=me.pk) | Q(pk__in=team_of(me).values("pk"))
    return Employee.objects.filter(query)


def visible_employee(user, nip: str) -> Employee | None:
    """One employee by NIP if `user` may look at them (`visible_employees`), with agency and unit."""
    return visible_employees(user).select_related("agency", "unit").filter(nip=nip).first()


def may_view_employee(user, employee: Employee) -> bool:
    return visible_employees(user).filter(pk=employee.pk).exists()


def record_holders_readable_by(user):
    """The accounts (user ids) of the employees whose HR record `user` may read (`visible_employees`): the
    documents office shows an HR document (leave permit, KGB notice; its holder is the employee) only to them."""
    return visible_employees(user).filter(user__isnull=False).values("user_id")


def is_away(employee: Employee, day: dt.date) -> bool:
    """On approved leave on `day`."""
    return LeaveRequest.objects.filter(
        employee=employee, status=LeaveRequest.Status.APPROVED, first__lte=day, last__gte=day
    ).exists()


def accounts_on_leave(day: dt.date) -> QuerySet:
    """The accounts of the employees on approved leave on `day`, as a lazy one-column queryset: the provider of
    workflow.availability, so that the engine assigns no task to an officer who is away (read as a subquery)."""
    return LeaveRequest.objects.filter(
        status=LeaveRequest.Status.APPROVED, first__lte=day, last__gte=day, employee__user__isnull=False
    ).values("employee__user_id")


def acting_for(actor: Employee, day: dt.date) -> list[Employee]:
    """Whom `actor` may decide for today: themself, anyone who delegated to them for `day`, and — when an
    approver is away on leave without a delegation — the approver's own direct superior steps in."""
    principals = [actor]
    for delegation in Delegation.objects.select_related("delegator").filter(
        delegate=actor, first__lte=day, last__gte=day
    ):
        principals.append(delegation.delegator)
    return principals


def stood_in_for(user, day: dt.date) -> set[int]:
    """User ids of the people `user` decides for on `day`: the provider of org.stand_ins, so that a plh sees
    and may act on the delegator's person-addressed tasks during the delegation, and a superior steps in for
    a member of their team who is away on approved leave without naming a plh (the rule of e-Cuti)."""
    delegated = set(
        Delegation.objects.filter(
            delegate__user=user, first__lte=day, last__gte=day, delegator__user__isnull=False
        ).values_list("delegator__user_id", flat=True)
    )
    # Read afresh (not employee_of's memo on the user object): an account linked by an import a moment ago
    # must already step in.
    me = Employee.objects.filter(user_id=user.pk).first()
    if me is None:
        return delegated
    covered = Delegation.objects.filter(first__lte=day, last__gte=day).values("delegator_id")
    away = (
        LeaveRequest.objects.filter(
            status=LeaveRequest.Status.APPROVED,
            first__lte=day,
            last__gte=day,
            employee__in=team_of(me),
            employee__user__isnull=False,
        )
        .exclude(employee_id__in=covered)
        .values_list("employee__user_id", flat=True)
    )
    return delegated | set(away)


def _user_of(employee: Employee | None):
    return employee.user if employee is not None and employee.user_id else None


def superior_user_of_applicant(application, step=None):
    """Addressee `direct_superior`: the account of whoever gives the consideration on the applicant employee's leave
    (`leave_approvers`: the direct superior, or when the superior is also the deciding official, a second person),
    or None when the applicant is no employee. When there is nobody to consider, or a request recorded before leave
    needed two people has one decision only (its chain known, with the superior left out), the step does not apply
    (SKIP)."""
    from loket.workflow.addressees import SKIP

    employee = employee_of(application.applicant)
    if employee is None:
        return None
    superior, official = leave_approvers(employee)
    if superior is None or (official is not None and superior.pk == official.pk):
        return SKIP
    return _user_of(superior)


def remember_official(employee: Employee, official: Employee | None) -> None:
    """Keep `employee`'s authorized official on the record for `official_user_of_applicant` (a job that opens
    many cases reads the officials once per agency, not once per case)."""
    employee._loket_official = official


def official_user_of_applicant(application, step=None):
    """Addressee `signing_official`: the account of the official who grants the applicant employee's leave and
    signs for their unit (`authorized_official`), or None."""
    employee = employee_of(application.applicant)
    if employee is None:
        return None
    official = getattr(employee, "_loket_official", False)  # set by a job that read it once per agency (KGB)
    return _user_of(approval_chain(employee)[1] if official is False else official)


def hr_office_user_of_applicant(application, step=None):
    """Addressee `hr_office`: the HR office (BKD) of the applicant employee's region — the first account (by id)
    holding hr.manage over the employee's agency (org.permissions decides who that is); the others see the
    case in their KGB register and act there. None (the step falls back to its unit and role) when nobody
    holds it or the applicant is no employee. A case whose kind says BKD need not review it (a KGB draft the
    rules found eligible: `hr.cases.NEEDS_REVIEW` "tidak") skips the step."""
    from loket.hr.cases import NEEDS_REVIEW
    from loket.workflow.addressees import SKIP

    if (application.data or {}).get(NEEDS_REVIEW) == "tidak":
        return SKIP
    employee = employee_of(application.applicant)
    if employee is None:
        return None
    office = getattr(employee, "_loket_hr_office", False)
    return HrOfficePool(employee.agency).take(application.applicant_id) if office is False else office


def remember_hr_office(employee: Employee, user) -> None:
    """Keep the account of `employee`'s HR office for `hr_office_user_of_applicant` (read once per agency)."""
    employee._loket_hr_office = user


class HrOfficePool:
    """The HR office's accounts over an agency with their open tasks, read once: each review goes to the least
    loaded of them (`workflow.rules.assignee_choice`, ties to whoever got one longest ago, then by id), and a
    batch of cases opened together is spread over them as if each had been opened alone."""

    def __init__(self, agency):
        from django.db.models import Count, Value
        from django.db.models.functions import Coalesce

        addressed = Task.objects.filter(assignee_id=OuterRef("pk"))
        open_count = addressed.filter(status=Task.Status.OPEN).values("assignee_id").annotate(n=Count("pk")).values("n")
        holders = (
            permissions.holders_of("hr.manage", agency)
            .annotate(
                open_tasks=Coalesce(Subquery(open_count), Value(0)),
                last_assigned=Subquery(addressed.order_by("-created_at").values("created_at")[:1]),
            )
            .order_by("pk")
        )
        self.users = {user.pk: user for user in holders}
        self.load = {user.pk: user.open_tasks for user in self.users.values()}
        self.last = {user.pk: user.last_assigned for user in self.users.values()}
        self.turn = 0

    def take(self, applicant_id: int | None = None):
        """The account the next review goes to, never the applicant's own (`applicant_id`: a BKD officer's own
        pension, promotion or KGB is another officer's to review, ADR 0013); None when the office has nobody else."""
        from loket.workflow import rules as engine_rules

        candidates = [
            engine_rules.Candidate(user_id=pk, open_tasks=self.load[pk], last_assigned=self.last[pk])
            for pk in self.users
            if pk != applicant_id
        ]
        chosen = engine_rules.assignee_choice(engine_rules.LEAST_LOADED, candidates)
        if chosen is None:
            return None
        self.turn += 1
        self.load[chosen] += 1
        self.last[chosen] = self._now_marker()
        return self.users[chosen]

    def _now_marker(self):
        # Later than any stored moment: the account just given a review goes last among equals.
        return timezone.now() + dt.timedelta(microseconds=self.turn)


def open_decisions_for(actor: Employee, day: dt.date) -> QuerySet[LeaveRequest]:
    """Leave requests waiting for a decision `actor` may take today (own, delegated, or stepping in)."""
    principals = [p.pk for p in acting_for(actor, day)]
    query = Q(status=LeaveRequest.Status.SUPERIOR, superior_id__in=principals) | Q(
        status=LeaveRequest.Status.OFFICIAL, official_id__in=principals
    )
    # An approver away on approved leave with no delegation: their own superior may decide instead.
    away = [
        member.pk
        for member in team_of(actor)
        if is_away(member, day)
        and not Delegation.objects.filter(delegator=member, first__lte=day, last__gte=day).exists()
    ]
    if away:
        query |= Q(status=LeaveRequest.Status.SUPERIOR, superior_id__in=away) | Q(
            status=LeaveRequest.Status.OFFICIAL, official_id__in=away
        )
    # The deadline of the step waiting for a decision: the engine's task (its clock, in working days).
    due = Task.objects.filter(application_id=OuterRef("case_id"), status=Task.Status.OPEN).order_by("pk")
    return (
        LeaveRequest.objects.filter(query)
        .exclude(employee=actor)
        .select_related("employee__region", "superior", "official")
        .annotate(due_at=Subquery(due.values("due_at")[:1]))
        .order_by("first")
    )


_CASE_SERVICES_KEY = "loket:hr:case-service-ids"


def case_service_ids() -> frozenset[int]:
    """Services that carry civil-service cases (asked on every generic task action: remembered briefly)."""
    from django.core.cache import caches

    cache = caches["pages"]
    found = cache.get(_CASE_SERVICES_KEY)
    if found is None:
        found = frozenset(CaseService.objects.values_list("service_id", flat=True))
        cache.set(_CASE_SERVICES_KEY, found, 60)
    return found


def leave_decision_page(application) -> str | None:
    """workflow.decisions resolver: a leave case is decided on e-Cuti's page of the request."""
    from django.urls import reverse

    if application.service_id not in case_service_ids():
        return None
    leave_id = LeaveRequest.objects.filter(case_id=application.pk).values_list("pk", flat=True).first()
    return reverse("hr:leave_detail", kwargs={"leave_id": leave_id}) if leave_id else None


def kgb_decision_page(application) -> str | None:
    """workflow.decisions resolver: a KGB case is decided on e-KGB's pages (BKD's register while it is under
    review, the official's list while it waits for the signature)."""
    from django.urls import reverse

    if application.service_id not in case_service_ids():
        return None
    found = KgbDecision.objects.filter(case_id=application.pk).values_list("pk", "status").first()
    if found is None:
        return None
    decision_id, status = found
    if status == KgbDecision.Status.REVIEW:
        return f"{reverse('hr:kgb')}#kgb-{decision_id}"
    if status == KgbDecision.Status.SIGNATURE:
        return reverse("hr:kgb_to_sign")
    return reverse("hr:kgb_detail", kwargs={"decision_id": decision_id})


def team_calendar(head: Employee, first: dt.date, last: dt.date) -> list[tuple[dt.date, list[LeaveRequest]]]:
    """Each day of [first, last] with the team's approved or pending leave on it (who is away)."""
    team = team_of(head)
    requests = list(
        LeaveRequest.objects.filter(
            employee__in=team, status__in=LeaveRequest.HOLDING, first__lte=last, last__gte=first
        )
        .select_related("employee")
        .order_by("employee__name")
    )
    days = []
    day = first
    while day <= last:
        days.append((day, [r for r in requests if r.first <= day <= r.last]))
        day += dt.timedelta(days=1)
    return days


# --- one record, if the reader may read it (None: answer 404 as for a record that does not exist) ----------


def leave_for_reader(user, me: Employee | None, leave_id: int, day: dt.date | None = None) -> LeaveRequest | None:
    """The leave request if `user` (with employee record `me`, or None) may read it (hr.rules.may_read_leave)."""
    leave = LeaveRequest.objects.select_related("employee__agency", "superior", "official").filter(pk=leave_id).first()
    if leave is None:
        return None
    parties = rules.LeaveParties(leave.employee_id, leave.superior_id, leave.official_id)
    if rules.may_read_leave(
        me.pk if me is not None else None,
        parties,
        decides_today=lambda: open_decisions_for(me, day or timezone.localdate()).filter(pk=leave.pk).exists(),
        heads_employee=lambda: team_of(me).filter(pk=leave.employee_id).exists(),
        reads_as_hr=lambda: reads_as_hr(user, leave.employee),
    ):
        return leave
    return None


def kgb_for_reader(user, me: Employee | None, decision_id: int) -> KgbDecision | None:
    """The KGB decision if `user` (with employee record `me`, or None) may read it (hr.rules.may_read_kgb)."""
    decision = KgbDecision.objects.select_related("employee__agency", "official").filter(pk=decision_id).first()
    if decision is None:
        return None
    if rules.may_read_kgb(
        me.pk if me is not None else None,
        employee_id=decision.employee_id,
        official_id=decision.official_id,
        signed=decision.status == KgbDecision.Status.SIGNED,
        reads_as_hr=lambda: reads_as_hr(user, decision.employee),
    ):
        return decision
    return None


def team_member(head: Employee, nip: str) -> Employee | None:
    """One of `head`'s team by NIP (a unit head opens a team member's record); None for anyone else."""
    return team_of(head).filter(nip=nip).first()


def hr_employee_for(user, nip: str) -> Employee | None:
    """An employee whose record `user` reads as BKD or inspector (hr.view / hr.manage of its agency)."""
    return (
        Employee.objects.select_related("agency", "unit").filter(nip=nip, agency__in=hr_record_agencies(user)).first()
    )


def import_job_for(user, job_id: int) -> ImportJob | None:
    """An import job (without its file) if `user` may read it (hr.rules.may_read_import_job)."""
    job = ImportJob.objects.defer("content").filter(pk=job_id).first()
    if job is None or not rules.may_read_import_job(
        reader_id=user.pk, is_superuser=user.is_superuser, created_by_id=job.created_by_id
    ):
        return None
    return job


# --- lists of one employee's records ----------------------------------------------------------------------


def record_histories(employee: Employee, limit: int = 10) -> dict:
    """The latest rows of the employee's histories, as shown on the profile page."""
    return {
        "grades": employee.grade_history.all()[:limit],
        "positions": employee.position_history.all()[:limit],
        "salaries": employee.salary_history.all()[:limit],
        "requests": employee.leave_requests.all()[:limit],
    }


def leave_requests_of(employee: Employee) -> QuerySet[LeaveRequest]:
    return employee.leave_requests.select_related("superior", "official")


def leave_decisions_of(leave: LeaveRequest) -> QuerySet[LeaveDecision]:
    return leave.decisions.select_related("approver", "acted_by")


def leave_attachments_of(leave: LeaveRequest):
    return leave.attachments.all()


def permit_of(leave_id: int) -> LeavePermit | None:
    """The leave permit (surat izin cuti) of a request, once approved."""
    return LeavePermit.objects.filter(request_id=leave_id).first()


def permits_of(employee: Employee) -> QuerySet[LeavePermit]:
    return LeavePermit.objects.filter(request__employee=employee).select_related("request")


def signed_kgb_of(employee: Employee) -> QuerySet[KgbDecision]:
    return KgbDecision.objects.filter(employee=employee, status=KgbDecision.Status.SIGNED)


def kgb_to_sign_for(signer: Employee, day: dt.date | None = None) -> QuerySet[KgbDecision]:
    """KGB decisions waiting for the signature of `signer` or of an official they stand in for on `day`
    (org.permissions.acting_persons: a plh signs for the official, as on every person-addressed task)."""
    persons = permissions.acting_persons(signer.user, day) if signer.user_id else frozenset()
    scope = Q(official=signer) | Q(official__user_id__in=sorted(persons))
    return (
        KgbDecision.objects.filter(scope, status=KgbDecision.Status.SIGNATURE)
        .exclude(employee=signer)
        .select_related("employee", "official")
    )


def delegations_given(employee: Employee, limit: int = 20) -> QuerySet[Delegation]:
    return employee.delegations_given.select_related("delegate").order_by("-first")[:limit]


def delegations_received(employee: Employee, limit: int = 20) -> QuerySet[Delegation]:
    return employee.delegations_received.select_related("delegator").order_by("-first")[:limit]


def collective_duties_of(employee: Employee, year: int):
    return employee.collective_duties.filter(day__year=year)


# --- the HR back office -----------------------------------------------------------------------------------


def hr_employee_search(agencies, *, q: str = "", agency_id: int | None = None) -> QuerySet[Employee]:
    """Employees of `agencies`, by NIP prefix, name or position, optionally of one agency; by name."""
    # The active registry: an employee who left (hr.pension.services.mark_left) is not listed.
    employees = Employee.objects.filter(agency__in=agencies, left_on__isnull=True).select_related("agency", "unit")
    if q:
        employees = employees.filter(Q(nip__startswith=q) | Q(name__icontains=q) | Q(position_name__icontains=q))
    if agency_id is not None:
        employees = employees.filter(agency_id=agency_id)
    return employees.order_by("name", "nip")


def kgb_in_review_count(agencies) -> int:
    return KgbDecision.objects.filter(employee__agency__in=agencies, status=KgbDecision.Status.REVIEW).count()


def kgb_register(agencies) -> QuerySet[KgbDecision]:
    """The KGB decisions of `agencies` (cancelled ones left out), by status then effective date."""
    return (
        KgbDecision.objects.filter(employee__agency__in=agencies)
        .exclude(status=KgbDecision.Status.CANCELLED)
        .select_related("employee", "official", "case")
        .order_by("status", "effective_date")
    )


def import_jobs_of(user, limit: int = 20) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(created_by=user).defer("content")[:limit]


class chain_known:
    """Within the block, `approval_chain(employee)` answers `chain` without asking again (a service that has
    just read it, e.g. filing a leave request, before the engine addresses the case's first task)."""

    def __init__(self, employee: Employee, chain: tuple[Employee | None, Employee | None]):
        self.employee, self.chain = employee, chain

    def __enter__(self):
        self.employee._loket_chain = self.chain
        return self.chain

    def __exit__(self, *exc):
        self.employee.__dict__.pop("_loket_chain", None)
        return False


class employee_known:
    """Within the block, `employee_of(<employee's account>)` answers `employee` (just read and locked by the
    caller, e.g. the applicant of a leave request being decided) for any object of that account."""

    def __init__(self, employee: Employee):
        self.employee = employee

    def __enter__(self):
        known = dict(_KNOWN_EMPLOYEES.get() or {})
        if self.employee.user_id is not None:
            known[self.employee.user_id] = self.employee
        self.token = _KNOWN_EMPLOYEES.set(known)
        return self.employee

    def __exit__(self, *exc):
        _KNOWN_EMPLOYEES.reset(self.token)
        return False


# --- e-Cuti's hot path: plain statements (core.rows), as every leave request and decision runs them ----------


def lock_employee(employee_id: int) -> None:
    """Lock the employee's row until the transaction ends: one leave request at a time per employee, so that
    two concurrent requests cannot both pass the balance check."""

    lock = rows.for_update()
    if lock:
        with rows.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {Employee._meta.db_table} WHERE id = %s {lock}", [employee_id])


def leave_holding_rows(employee_id: int, exclude_pk: int | None = None) -> list[tuple]:
    """(leave type, first, last, working days, details) of the employee's requests that hold days (pending or
    approved), then ("~duty", day, day, 1, None) per cuti bersama day they worked, then ("~deferred", first, last,
    working days, details) per annual leave the authorized official deferred (issue 16): one statement."""

    from loket.hr.models import CollectiveLeaveDuty, LeaveDecision

    statuses = list(LeaveRequest.HOLDING)
    marks = ", ".join(["%s"] * len(statuses))
    requests, decisions = LeaveRequest._meta.db_table, LeaveDecision._meta.db_table
    with rows.cursor() as cursor:
        cursor.execute(
            f"SELECT leave_type, first, last, working_days, details FROM {requests} "
            f"WHERE employee_id = %s AND status IN ({marks}) AND id <> %s "
            f"UNION ALL SELECT %s, day, day, 1, NULL FROM {CollectiveLeaveDuty._meta.db_table} WHERE employee_id = %s "
            f"UNION ALL SELECT %s, r.first, r.last, r.working_days, r.details FROM {requests} r "
            f"WHERE r.employee_id = %s AND r.leave_type = %s AND r.status = %s AND r.id <> %s AND EXISTS "
            f"(SELECT 1 FROM {decisions} d WHERE d.request_id = r.id AND d.level = %s AND d.decision = %s)",
            [
                employee_id,
                *statuses,
                exclude_pk or 0,
                DUTY_ROW,
                employee_id,
                DEFERRED_ROW,
                employee_id,
                "tahunan",
                LeaveRequest.Status.DEFERRED,
                exclude_pk or 0,
                LeaveDecision.Level.OFFICIAL,
                LeaveDecision.Decision.DEFERRED,
            ],
        )
        found = cursor.fetchall()
    date_field = LeaveRequest._meta.get_field("first")
    db = connections[DEFAULT_DB_ALIAS]
    return [
        (
            kind,
            rows.from_db_value(first, date_field, db),
            rows.from_db_value(last, date_field, db),
            days,
            json.loads(details) if isinstance(details, str) else (details or {}),  # text on SQLite
        )
        for kind, first, last, days, details in found
    ]


DUTY_ROW = "~duty"  # the kind of a duty-day row in leave_holding_rows (no leave type is spelled so)
DEFERRED_ROW = "~deferred"  # the kind of an annual leave the official deferred, in leave_holding_rows


# What a decision reads of the superior's and the official's records and of the accounts (the rest deferred).
DECIDER_FIELDS = ("nip", "user_id", "name", "front_title", "back_title", "agency_id", "unit_id", "position_name")
ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser")


def leave_for_decision(leave_id: int, *, lock: bool = True) -> LeaveRequest | None:
    """The leave request (locked for the decision) with its employee (account, region), superior and official
    (accounts): select_related of all of them, as one plain statement."""
    from django.contrib.auth import get_user_model

    from loket.org.models import Region

    User = get_user_model()
    employees, users = Employee._meta.db_table, User._meta.db_table
    found = rows.select(
        f"hr.leave_for_decision:{lock}",
        [
            (LeaveRequest, "l"),
            (Employee, "e"),
            (User, "eu", ACCOUNT_FIELDS),
            (Region, "r"),
            (Employee, "s", DECIDER_FIELDS),
            (User, "su", ACCOUNT_FIELDS),
            (Employee, "o", DECIDER_FIELDS),
            (User, "ou", ACCOUNT_FIELDS),
        ],
        f"FROM {LeaveRequest._meta.db_table} l JOIN {employees} e ON e.id = l.employee_id "
        f"LEFT JOIN {users} eu ON eu.id = e.user_id JOIN {Region._meta.db_table} r ON r.id = e.region_id "
        f"LEFT JOIN {employees} s ON s.id = l.superior_id LEFT JOIN {users} su ON su.id = s.user_id "
        f"LEFT JOIN {employees} o ON o.id = l.official_id LEFT JOIN {users} ou ON ou.id = o.user_id "
        f"WHERE l.id = %s" + (f" {rows.for_update('l')}" if lock else ""),
        [leave_id],
    )
    if not found:
        return None
    leave, employee, account, region, superior, superior_account, official, official_account = found[0]
    employee.user, employee.region = account, region
    leave.employee = employee
    if superior is not None:
        superior.user = superior_account
    if official is not None:
        official.user = official_account
    leave.superior, leave.official = superior, official
    return leave


def leave_waiting_for_official(leave_id: int) -> LeaveRequest | None:
    """The request if it waits for the authorized official's (final) decision, else None: one plain statement."""
    found = rows.select(
        "hr.leave_waiting_for_official",
        [(LeaveRequest, "l")],
        f"FROM {LeaveRequest._meta.db_table} l WHERE l.id = %s AND l.status = %s",
        [leave_id, LeaveRequest.Status.OFFICIAL],
    )
    return found[0][0] if found else None


def signer_identity(user):
    """The personnel register's name, NIP, position and rank of an account that signs (documents.signers)."""
    from loket.documents.signers import SignerIdentity

    if user is None or getattr(user, "pk", None) is None:
        return None
    employee = Employee.objects.filter(user_id=user.pk).first()
    if employee is None:
        return None
    rank = employee.rank if employee.status != "PPPK" else ""
    return SignerIdentity(name=employee.full_name, nip=employee.nip, position=employee.position_name, rank=rank)
