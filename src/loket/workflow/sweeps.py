"""SLA sweeps: remind the unit (or the addressed person) the working day before a deadline, escalate to
supervisors after it."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from loket.core import audit
from loket.notify import services as notify
from loket.org import deadlines, permissions
from loket.org.models import Role
from loket.workflow.models import Task


def _people(task: Task, roles) -> list:
    return permissions.people_with_roles(task.agency_id_cache, task.unit_id, roles)


def _reminded(task: Task) -> list:
    """Who is reminded of a deadline: the addressed person, else whoever claimed it, else the unit's officers."""
    if task.assignee_id:
        return [task.assignee]
    if task.claimed_by_id:
        return [task.claimed_by]
    return _people(task, [Role.OFFICER])


def _context(task: Task) -> dict:
    region = task.application.region
    return {
        "tracking": task.application.tracking_number,
        "step": task.step.name_id,
        "due": timezone.localtime(task.due_at, region.zoneinfo).date().isoformat(),
    }


def remind_and_escalate(now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    reminded = escalated = 0
    candidates = (
        Task.objects.filter(status=Task.Status.OPEN)
        .filter(Q(reminded_at__isnull=True) | Q(escalated_at__isnull=True, due_at__lt=now))
        .select_related("application__region", "step", "assignee", "claimed_by")
        .order_by("due_at")[:5000]
    )
    for task in candidates:
        region = task.application.region
        if task.escalated_at is None and now > task.due_at:
            for user in _people(task, [Role.SUPERVISOR, Role.AGENCY_HEAD]):
                notify.queue(
                    key=f"task:{task.pk}:escalated:{user.pk}",
                    user=user,
                    template="task_escalated",
                    context=_context(task),
                )
            Task.objects.filter(pk=task.pk).update(escalated_at=now, reminded_at=task.reminded_at or now)
            audit.record("workflow.task_escalated", obj=task, data={"tracking": task.application.tracking_number})
            escalated += 1
        elif task.reminded_at is None and deadlines.working_days_left(now, task.due_at, region) <= 1:
            for user in _reminded(task):
                notify.queue(
                    key=f"task:{task.pk}:reminder:{user.pk}",
                    user=user,
                    template="task_reminder",
                    context=_context(task),
                )
            Task.objects.filter(pk=task.pk).update(reminded_at=now)
            reminded += 1
    return {"reminded": reminded, "escalated": escalated}
