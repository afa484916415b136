"""Who may do what, decided in one place: role × scope (province, region, agency, unit, self).

Every view and API endpoint asks this module; nothing else inspects role assignments.
A province admin's scope covers the province and every kabupaten/kota under it; a region admin's
covers one region; agency roles cover one agency.
"""

from django.db.models import Q, QuerySet

from loket.core.errors import PermissionDenied
from loket.core.i18n import tr
from loket.org import stand_ins
from loket.org.models import REGION_ROLES, Agency, Role, RoleAssignment, Unit

# Action -> roles that may perform it within their scope.
ACTIONS: dict[str, frozenset[str]] = {
    "catalogue.edit": frozenset({Role.CATALOGUE_EDITOR, Role.AGENCY_ADMIN, Role.REGION_ADMIN, Role.PROVINCE_ADMIN}),
    "catalogue.publish": frozenset(
        {Role.CATALOGUE_EDITOR, Role.AGENCY_ADMIN, Role.AGENCY_HEAD, Role.REGION_ADMIN, Role.PROVINCE_ADMIN}
    ),
    "catalogue.view_drafts": frozenset(
        {
            Role.CATALOGUE_EDITOR,
            Role.AGENCY_ADMIN,
            Role.AGENCY_HEAD,
            Role.REGION_ADMIN,
            Role.PROVINCE_ADMIN,
            Role.SUPERVISOR,
        }
    ),
    "org.manage": frozenset({Role.REGION_ADMIN, Role.PROVINCE_ADMIN}),
    "org.view": frozenset(set(Role)),
    "application.view": frozenset(
        {Role.OFFICER, Role.SUPERVISOR, Role.AGENCY_HEAD, Role.AGENCY_ADMIN, Role.REGION_ADMIN, Role.PROVINCE_ADMIN}
    ),
    "application.assist": frozenset({Role.OFFICER, Role.SUPERVISOR}),
    # Reading any case of the agency, open or closed, not only those in one's own work (every read is logged
    # in the applicant's data tracker, applications.access): those who oversee the agency's work.
    "application.oversee": frozenset({Role.SUPERVISOR, Role.AGENCY_HEAD, Role.INSPECTOR}),
    "application.reassign": frozenset({Role.SUPERVISOR, Role.AGENCY_HEAD}),
    # How a unit's tasks find their officer (workflow.AssignmentPolicy, issue 13): the unit's supervisor (a
    # supervisor of the whole agency covers every unit) or the agency admin. Scoped per unit: `units_for`.
    "workflow.assignment": frozenset({Role.SUPERVISOR, Role.AGENCY_ADMIN}),
    # documents (issue 4)
    "document.template": frozenset({Role.CATALOGUE_EDITOR, Role.AGENCY_ADMIN, Role.REGION_ADMIN, Role.PROVINCE_ADMIN}),
    "document.sign": frozenset({Role.SIGNING_OFFICIAL, Role.AGENCY_HEAD}),
    # Only those who may sign for the agency may ask for or approve a revocation (two different people, never
    # the holder: loket.documents.services.request_revocation / approve_revocation); an agency admin may not.
    "document.revoke": frozenset({Role.SIGNING_OFFICIAL, Role.AGENCY_HEAD}),
    "document.view": frozenset(
        {
            Role.OFFICER,
            Role.SUPERVISOR,
            Role.AGENCY_HEAD,
            Role.AGENCY_ADMIN,
            Role.SIGNING_OFFICIAL,
            Role.REGION_ADMIN,
            Role.PROVINCE_ADMIN,
            Role.INSPECTOR,
        }
    ),
    # Returning a paid levy (issue 18): a decision signed by whoever may sign for the agency, never on a case of
    # their own (the engine's separation of duties: loket.payments.services.refund).
    "payment.refund": frozenset({Role.SIGNING_OFFICIAL, Role.AGENCY_HEAD}),
    # command centre and statistics (issue 5)
    "insights.view": frozenset(
        {Role.LEADER, Role.AGENCY_HEAD, Role.SUPERVISOR, Role.REGION_ADMIN, Role.PROVINCE_ADMIN, Role.INSPECTOR}
    ),
    # civil-service administration (issue 6). Individual HR records (UU 27/2022: read only as needed): not the
    # leader, who sees aggregates (insights.view); the BKD only in its own region (see _scope_q). Inspectors keep
    # their oversight reads (APIP audits of HR decisions, PP 12/2017) over their region and the ones under it.
    "hr.view": frozenset({Role.HR_ADMIN, Role.INSPECTOR}),
    # complaints (issue 19): who reported is shown to the inspectorate only, each reveal logged; what the public
    # register shows of a complaint is decided by those who oversee the agency's work or the inspectorate.
    "complaint.reveal_identity": frozenset({Role.INSPECTOR}),
    "complaint.moderate": frozenset({Role.SUPERVISOR, Role.AGENCY_HEAD, Role.INSPECTOR}),
    "hr.manage": frozenset({Role.HR_ADMIN}),
    "audit.view": frozenset({Role.INSPECTOR, Role.PROVINCE_ADMIN, Role.REGION_ADMIN}),
    # levy payments (issue 18): the agency's receiving treasurer reads the reconciliation's discrepancies and the
    # daily report, and resolves a discrepancy with a note (payments.services.resolve_discrepancy)
    "payments.finance": frozenset({Role.FINANCE_OFFICER}),
}

# Who may act on a workflow step, by the role the step names: a supervisor may also do an officer's step.
STEP_ACTORS: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset({Role.OFFICER, Role.SUPERVISOR}),
    Role.SUPERVISOR: frozenset({Role.SUPERVISOR}),
    Role.AGENCY_HEAD: frozenset({Role.AGENCY_HEAD}),
}


def _assignments(user) -> list[RoleAssignment]:
    cached = getattr(user, "_loket_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("region"))
        user._loket_assignments = cached
    return cached


def service_points(user, action: str, agency_id: int) -> frozenset[str]:
    """Where `user` serves in person when doing `action` for the agency: the service points of the units of the
    roles that grant it there ("" for a role held agency-wide, i.e. at the office). One query per request."""
    roles = ACTIONS[action]
    found = [a for a in _assignments(user) if a.role in roles and a.agency_id == agency_id]
    units = {a.unit_id for a in found if a.unit_id}
    points = dict(Unit.objects.filter(pk__in=units).values_list("pk", "service_point")) if units else {}
    return frozenset(points.get(a.unit_id, "") if a.unit_id else "" for a in found)


def roles_of(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return {a.role for a in _assignments(user)}


def is_staff_user(user) -> bool:
    """Any back-office role at all (decides whether the back office link is shown)."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_superuser or _assignments(user)))


def heads_agency(user, agency: Agency | int) -> bool:
    """Whether `user` holds the agency-head role in this agency itself (not through a region role):
    decides the title under a signature ("Kepala ..." rather than "Pejabat Penandatangan ...")."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return bool(getattr(user, "is_authenticated", False)) and any(
        a.role == Role.AGENCY_HEAD and a.agency_id == agency_id for a in _assignments(user)
    )


# The order in which a reader's role is named in the applicant's data tracker (the most specific first).
_LABEL_ORDER = (
    Role.OFFICER,
    Role.SUPERVISOR,
    Role.AGENCY_HEAD,
    Role.SIGNING_OFFICIAL,
    Role.AGENCY_ADMIN,
    Role.INSPECTOR,
    Role.REGION_ADMIN,
    Role.PROVINCE_ADMIN,
    Role.HR_ADMIN,
    Role.LEADER,
    Role.CATALOGUE_EDITOR,
    Role.FINANCE_OFFICER,
)


def reader_label(user, agency: Agency) -> str:
    """How a reader of a case of `agency` is named to its applicant: role and where it is held."""
    assignments = _assignments(user)
    for role in _LABEL_ORDER:
        for a in assignments:
            if a.role != role:
                continue
            if a.agency_id == agency.pk:
                return f"{Role(role).label} · {agency.name}"
            if a.region_id:
                return f"{Role(role).label} · {a.region.name}"
    if getattr(user, "is_superuser", False):
        return "Administrator sistem"
    return "Petugas"


def supervises_in(user, agency: Agency | int) -> bool:
    """Whether `user` is a supervisor (or the head) in this agency: after a case's last allowed return, only
    they may return it again (workflow.rules.return_refusal)."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return bool(getattr(user, "is_authenticated", False)) and any(
        a.role in (Role.SUPERVISOR, Role.AGENCY_HEAD) and a.agency_id == agency_id for a in _assignments(user)
    )


# Roles whose region scope is their own region only: a province-level BKD administers the province's civil
# servants, each kabupaten/kota has its own BKD for its staff.
OWN_REGION_ROLES = frozenset({Role.REGION_ADMIN, Role.HR_ADMIN})


def _scope_q(assignment: RoleAssignment) -> Q:
    if assignment.role in OWN_REGION_ROLES:
        return Q(region_id=assignment.region_id)
    if assignment.role in REGION_ROLES:
        # a province-level assignment covers the kabupaten/kota under it; a regency has no children
        return Q(region_id=assignment.region_id) | Q(region__parent_id=assignment.region_id)
    return Q(pk=assignment.agency_id)


def agencies_for(user, action: str) -> QuerySet[Agency]:
    """Agencies in which `user` may perform `action` (empty for anonymous users)."""
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    if not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    query = Q(pk__in=[])
    for assignment in _assignments(user):
        if assignment.role in ACTIONS[action]:
            query |= _scope_q(assignment)
    return Agency.objects.filter(query)


def units_for(user, action: str) -> QuerySet[Unit]:
    """Units in which `user` may perform `action`: an assignment with a unit covers that unit, one without a unit
    every unit of its agency (region roles: every unit of the agencies they cover)."""
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    query = Q(pk__in=[])
    for assignment in _assignments(user):
        if assignment.role not in ACTIONS[action]:
            continue
        if assignment.unit_id and assignment.role not in REGION_ROLES:
            query |= Q(pk=assignment.unit_id)
        else:
            query |= Q(agency__in=Agency.objects.filter(_scope_q(assignment)))
    return Unit.objects.filter(query)


def holders_of(action: str, agency: Agency):
    """The active accounts whose scope for `action` covers `agency`, by id (the inverse of `agencies_for`;
    superusers aside): e.g. the HR office (hr.manage) of an employee's agency. `agency.region` is read."""
    from django.contrib.auth import get_user_model

    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    roles = ACTIONS[action]
    own, wide, rest = roles & OWN_REGION_ROLES, (roles & REGION_ROLES) - OWN_REGION_ROLES, roles - REGION_ROLES
    query = Q(pk__in=[])
    if own:
        query |= Q(role__in=sorted(own), region_id=agency.region_id)
    if wide:
        regions = [pk for pk in (agency.region_id, agency.region.parent_id) if pk]
        query |= Q(role__in=sorted(wide), region_id__in=regions)
    if rest:
        query |= Q(role__in=sorted(rest), agency_id=agency.pk)
    holders = RoleAssignment.objects.filter(query).values("user_id")
    return get_user_model().objects.filter(pk__in=holders, is_active=True).order_by("pk")


def can_anywhere(user, *actions: str) -> bool:
    """Whether `user` may perform any of `actions` in at least one agency (opens a back-office area); one query."""
    scopes = [agencies_for(user, action) for action in actions]
    union = scopes[0]
    for scope in scopes[1:]:
        union = union | scope
    return union.exists()


def can(user, action: str, agency: Agency | int) -> bool:
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agencies_for(user, action).filter(pk=agency_id).exists()


def require(user, action: str, agency: Agency | int) -> None:
    if not can(user, action, agency):
        raise PermissionDenied(
            tr(
                "Anda tidak berwenang melakukan tindakan ini untuk perangkat daerah tersebut.",
                "You are not allowed to do this for that agency.",
            )
        )


def _task_scopes(user, *, for_reassign: bool = False) -> list[tuple[int, list[str], int | None]]:
    """(agency, step roles, unit or None) the user covers: the one rule behind task_scope and can_act_on_task.

    An assignment with a unit covers that unit's tasks; without a unit, every task of the agency.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    scopes = []
    for assignment in _assignments(user):
        if assignment.agency_id is None:
            continue
        if for_reassign:
            if assignment.role not in ACTIONS["application.reassign"]:
                continue
            step_roles = list(STEP_ACTORS)
        else:
            step_roles = [step for step, actors in STEP_ACTORS.items() if assignment.role in actors]
            if not step_roles:
                continue
        scopes.append((assignment.agency_id, step_roles, assignment.unit_id))
    return scopes


def acting_persons(user, day=None) -> frozenset[int]:
    """Whose person-addressed tasks the user may act on `day` (today by default): their own and those of
    whoever they stand in for."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset({user.pk}) | stand_ins.principals_of(user, day)


def task_scope(user, *, for_reassign: bool = False, addressed: bool = True, day=None) -> Q:
    """Q over workflow Task rows the user may act on (or, with for_reassign, reassign/oversee).

    A task addressed to a person (`assignee`) belongs to that person and whoever stands in for them, not to the
    unit: (unit/role scope AND no assignee) OR assignee in {user} ∪ stand-ins. Oversight (for_reassign) still
    sees the agency's person-addressed tasks, though it may not reassign them (workflow.services.reassign).
    addressed=False leaves person-addressed tasks out (and the stand-in lookup with them).
    """
    query = Q(pk__in=[])
    for agency_id, step_roles, unit_id in _task_scopes(user, for_reassign=for_reassign):
        scope = Q(agency_id_cache=agency_id, step_role__in=step_roles)
        if unit_id:
            scope &= Q(unit_id=unit_id)
        query |= scope
    if for_reassign:
        return query
    persons = acting_persons(user, day) if addressed else frozenset()
    if not persons:
        return query & Q(assignee__isnull=True)
    return (query & Q(assignee__isnull=True)) | Q(assignee_id__in=sorted(persons))


def is_own_work(user, task) -> bool:
    """Whether the task is the user's own work: they took it, decided it, or it is addressed to them or to the
    official they stand in for today. Only then do lists show the applicant's name and search by name or NIK."""
    if not getattr(user, "is_authenticated", False):
        return False
    if task.claimed_by_id == user.pk or task.completed_by_id == user.pk:
        return True
    return task.assignee_id is not None and task.assignee_id in acting_persons(user)


def own_work_q(user, day=None) -> Q:
    """`is_own_work` as a filter over Task rows (the inbox's search by name or NIK stays inside it: ADR 0013)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(claimed_by_id=user.pk) | Q(completed_by_id=user.pk) | Q(assignee_id__in=sorted(acting_persons(user, day)))


def may_read_personal_data(user, task) -> bool:
    """Whether the task page shows the applicant's personal data to `user`: only once the work is theirs (they
    took the task, it is addressed to them or their principal, or they decided it) or they oversee the agency.
    Officers choosing what to take see no names or contacts (issue 13: no steering by who the applicant is)."""
    return is_own_work(user, task) or can(user, "application.oversee", task.agency_id_cache)


def can_act_on_task(user, task) -> bool:
    """The same rule as task_scope, on a task already read (no query beyond the user's assignments and stand-ins)."""
    if task.assignee_id is not None:
        return task.assignee_id in acting_persons(user)
    return any(
        task.agency_id_cache == agency_id and task.step_role in step_roles and (not unit_id or task.unit_id == unit_id)
        for agency_id, step_roles, unit_id in _task_scopes(user)
    )


def acting_role(user, task) -> tuple[str, int | None] | None:
    """The role through which `user` may act on a unit task's step, with the unit it is held in (None: agency-wide),
    the assignment in the task's own unit first; None when they may not. Names a reassignment's candidates."""
    actors = STEP_ACTORS.get(task.step_role, frozenset())
    fitting = [
        a
        for a in _assignments(user)
        if a.agency_id == task.agency_id_cache and a.role in actors and (not a.unit_id or a.unit_id == task.unit_id)
    ]
    fitting.sort(key=lambda a: a.unit_id is None)
    return (fitting[0].role, fitting[0].unit_id) if fitting else None


def people_with_roles(agency_id: int, unit_id: int | None, roles) -> list:
    """The users holding one of `roles` in the agency: agency-wide, or in `unit_id` when one is given."""
    scope = Q(agency_id=agency_id, role__in=roles)
    if unit_id:
        scope &= Q(unit_id=unit_id) | Q(unit__isnull=True)
    return [a.user for a in RoleAssignment.objects.filter(scope).select_related("user")]
