"""JSON API of the officer's work: the inbox of open tasks and the actions on them.

Scoping is `permissions.task_scope` (unit and role of the officer), the same as the HTML inbox; a
task outside it is answered with 404. Actions go through `workflow.services.act`, which records the
audit event and answers a stale or concurrent action with a 409 conflict.
"""

import datetime as dt

from django.utils import timezone
from ninja import Query, Router

from loket.applications.api import Invalid, task_out
from loket.applications.models import Application
from loket.applications.schemas import SlaValue
from loket.catalogue.models import Service
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import tr
from loket.org import permissions
from loket.org.api import DEFAULT_PAGE_SIZE, ErrorOut, PageNumber, PageSize, page_slice
from loket.org.api_auth import CALLER, caller
from loket.workflow import queries
from loket.workflow import services as workflow
from loket.workflow.models import Task
from loket.workflow.schemas import ActionIn, ActionOut, InboxPage

router = Router(tags=["kotak masuk petugas"])


def inbox_page(
    user,
    *,
    service: str = "",
    sla: str = "",
    q: str = "",
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
    now: dt.datetime | None = None,
) -> tuple[int, list[Task]]:
    """(count, the tasks of one page) with the HTML inbox's query (`workflow.queries.open_tasks`)."""
    now = now or timezone.now()
    service_id = None
    if service:
        service_id = Service.objects.filter(code=service).values_list("pk", flat=True).first()
        if service_id is None:
            return 0, []  # an unknown code matches nothing (never "no filter")
    filters = queries.InboxFilters(service=service_id, sla=sla, q=queries.search_text(q))
    tasks = queries.open_tasks(user, filters, now)
    return tasks.count(), list(tasks[page_slice(page, page_size)])


@router.get(
    "/inbox",
    auth=CALLER,
    response={200: InboxPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Kotak masuk petugas",
)
def inbox(
    request,
    service: Query[str | None, {"description": "Kode layanan / Service code (mis. izin-usaha-mikro)"}] = None,
    sla: Query[
        SlaValue | None,
        {
            "description": "Keadaan batas waktu / Deadline state: on_track (sesuai jadwal / on track), "
            "due_today (jatuh tempo hari ini / due today), overdue (terlambat / overdue)"
        },
    ] = None,
    q: Query[
        str | None,
        {
            "max_length": queries.SEARCH_MAX,
            "description": "Cari / Search: nomor registrasi, sebagian atau utuh, dengan atau tanpa tanda hubung; "
            "nama atau NIK (16 angka) pemohon, hanya di antara tugas Anda sendiri / tracking number, in part or "
            "whole, with or without dashes; the applicant's name or NIK (16 digits), only among your own tasks",
        },
    ] = None,
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    """Open tasks the caller may act on (their unit and role), earliest deadline first.

    - `service`: a service code; `sla`: on_track, due_today (due by the end of today, local time) or
      overdue.
    - `q`: the HTML inbox's search (`workflow.queries.search_q`): digits match tracking numbers with or
      without dashes; a name or a NIK matches only the caller's own work (taken by or addressed to them),
      so a search never tells whether a person has a case in the queue.
    """
    user = caller(request)
    if not permissions.is_staff_user(user):
        raise PermissionDenied(tr("Kotak masuk hanya untuk petugas.", "The inbox is for officers only."))
    now = timezone.now()
    count, rows = inbox_page(
        user, service=service or "", sla=sla or "", q=q or "", page=page, page_size=page_size, now=now
    )
    items = []
    for task in rows:
        application = task.application
        shown = task_out(task, now, application.region)
        items.append(
            {
                "task_id": task.pk,
                "version": task.version,
                "tracking_number": application.tracking_number,
                "service": {
                    "code": application.service.code,
                    "name": {"id": application.service.name_id, "en": application.service.name_en or ""},
                },
                "step": shown["step"],
                "unit": shown["unit"],
                "due_at": task.due_at,
                "sla": shown["sla"],
                "claimed_by": task.claimed_by.get_username() if task.claimed_by_id else None,
                "submitted_at": application.submitted_at,
            }
        )
    return {"count": count, "page": page, "page_size": page_size, "items": items}


@router.post(
    "/applications/{tracking}/actions",
    auth=CALLER,
    response={200: ActionOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Tindakan petugas atas permohonan",
)
def act(request, tracking: str, payload: ActionIn):
    """Approve (forward to the next step), return to the applicant for revision, or reject (`note`
    required for both). Give `expected_version` from the inbox or the application: if someone acted
    first, or the task changed since, the answer is 409 and nothing changes. A task outside the
    caller's scope, or not of this application, is 404."""
    actor = caller(request)
    in_scope = Task.objects.filter(
        permissions.task_scope(actor), pk=payload.task_id, application__tracking_number=tracking
    ).exists()
    if not in_scope:
        raise NotFound(tr("Tugas tidak ditemukan atau bukan wewenang Anda.", "Task not found or not yours."))
    try:
        task = workflow.act(
            actor=actor,
            task_id=payload.task_id,
            action=payload.action,
            note=payload.note,
            expected_version=payload.expected_version,
            requirements=payload.requirements,
        )
    except LoketError as exc:
        if type(exc) is LoketError:  # e.g. a return without a reason: the input is refused, 422
            raise Invalid(exc.message, errors=exc.errors) from None
        raise  # Conflict (409), NotFound, PermissionDenied keep their status
    status = Application.objects.filter(pk=task.application_id).values_list("status", flat=True).get()
    return {
        "task_id": task.pk,
        "status": task.status,
        "version": task.version,
        "completed_at": task.completed_at,
        "tracking_number": tracking,
        "application_status": status,
    }
