"""Workflow as the case engine's procedure (applications.engine.Procedure), registered in WorkflowConfig.ready."""

from django.db.models import F, Q

from loket.org import permissions
from loket.workflow import services
from loket.workflow.models import ProcedureStep, Task


class WorkflowProcedure:
    def has_steps(self, standard) -> bool:
        return ProcedureStep.objects.filter(standard=standard).exists()

    def steps(self, standard) -> list:
        return list(ProcedureStep.objects.filter(standard=standard).order_by("position"))

    def open_work(self, application) -> list:
        return list(
            Task.objects.filter(application=application, status=Task.Status.OPEN)
            .select_related("step", "unit")
            .order_by("step__position", "unit__name")
        )

    def first_work(self, application, now, memo: dict | None = None) -> list:
        return services.first_tasks(application, now, memo)

    def work_records(self, application, work) -> list:
        return services.assignment_records(application, work)

    def resume(self, application, now) -> None:
        services.resume(application, now)

    def works_on(self, user, application) -> bool:
        mine = Q(claimed_by=user) | Q(completed_by=user)
        open_in_scope = Q(status=Task.Status.OPEN) & permissions.task_scope(user)
        return Task.objects.filter(Q(application_id=application.pk) & (mine | open_in_scope)).exists()

    def release_held_work(self, application, now) -> None:
        services.release_held_work(application, now)

    def cancel_open_work(self, application) -> None:
        Task.objects.filter(application=application, status=Task.Status.OPEN).update(
            status=Task.Status.CANCELLED, version=F("version") + 1
        )
