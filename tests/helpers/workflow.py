"""Running an application through its real workflow."""

from loket.workflow import services as workflow
from loket.workflow.models import Task


def run_to_end(application, officers, *, reject: bool = False, return_first: bool = False):
    """Approve every step (the agency head signs the last); optionally return once or reject at step 1."""
    from loket.applications import services as applications
    from tests.helpers.applications import ANSWERS

    returned = False
    while True:
        task = Task.objects.filter(application=application, status=Task.Status.OPEN).order_by("pk").first()
        if task is None:
            break
        actor = officers["head"] if task.step_role == "agency_head" else _fresh_officer(application, officers)
        if reject:
            workflow.act(actor=actor, task_id=task.pk, action="reject", note="Berkas tidak sah")
            break
        if return_first and not returned:
            workflow.act(
                actor=actor,
                task_id=task.pk,
                action="return",
                note="Foto KTP buram",
                requirements=first_requirement(task),
            )
            application.refresh_from_db()
            applications.resubmit(actor=application.applicant, application=application, answers=ANSWERS)
            returned = True
            continue
        workflow.act(actor=actor, task_id=task.pk, action="approve")
    application.refresh_from_db()
    return application


def first_requirement(task) -> list[str]:
    """The first requirement of the case's standard: what a return names as unmet (issue 13)."""
    return [task.application.standard.requirements[0]["name"]]


def _fresh_officer(application, officers):
    """An officer who has not approved a step of this case yet (one person, one approval: issue 13)."""
    from loket.org.models import Role
    from tests.helpers.org import make_user

    approved = set(
        Task.objects.filter(application=application, status=Task.Status.APPROVED).values_list(
            "completed_by_id", flat=True
        )
    )
    for officer in (officers["front"], officers.get("tech")):
        if officer is not None and officer.pk not in approved:
            return officer
    from django.contrib.auth import get_user_model

    extra = get_user_model().objects.filter(username="petugas_tambahan").first()
    return extra or make_user("petugas_tambahan", (Role.OFFICER, application.agency))
