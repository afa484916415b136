"""Leave requests filed before e-Cuti ran on the case engine, and KGB drafts made before e-KGB did, get their
case (issue 12: "existing data is migrated").

Run after every `migrate` (post_migrate, hr/apps.py) with the code of the release that runs it, so it never
depends on the shape of an older schema; idempotent (a request with a case is left alone, the case is opened
under the key `hr-leave-<id>`). Each request is moved in its own transaction: a failure leaves the others
moved and the failed one as it was. The case records the request's own times and ends as the request did;
nobody is notified again. A request of an employee without an account stays without a case (a case needs
an applicant account); so does one whose region has no leave service yet — the next `migrate` moves it.
"""

import logging

from django.db import transaction

from loket.applications import lifecycle
from loket.applications.models import Application, ApplicationEvent
from loket.hr import cases, queries
from loket.hr.models import CaseService, KgbDecision, LeavePermit, LeaveRequest
from loket.workflow import services as workflow

log = logging.getLogger(__name__)

S = LeaveRequest.Status
ENDINGS = {S.APPROVED: "complete", S.REJECTED: "reject", S.DEFERRED: "reject", S.WITHDRAWN: "withdraw"}


def attach_missing_leave_cases() -> int:
    if not CaseService.objects.filter(kind=CaseService.Kind.LEAVE).exists():
        return 0
    moved = 0
    waiting = (
        LeaveRequest.objects.filter(case__isnull=True, employee__user__isnull=False)
        .select_related("employee__region__parent", "employee__user", "superior")
        .order_by("pk")
    )
    for leave in waiting.iterator(chunk_size=200):
        service = cases.service_for(CaseService.Kind.LEAVE, leave.employee.region)
        if service is None:
            continue
        try:
            with transaction.atomic():
                _attach(leave, service)
        except Exception:  # one bad record must not stop the others; it stays as it was and is logged
            log.exception("leave request %s could not be moved onto the case engine", leave.pk)
            continue
        moved += 1
    return moved


def _attach(leave: LeaveRequest, service) -> None:
    from loket.applications import services as engine

    # The request's own chain addresses its steps: one recorded with a single decision (before leave needed two
    # people) keeps it.
    with queries.employee_known(leave.employee), queries.chain_known(leave.employee, (leave.superior, leave.official)):
        case = engine.open_case(
            actor=None,
            applicant=leave.employee.user,
            service=service,
            data=cases.case_data(leave),
            idempotency_key=f"hr-leave-{leave.pk}",
            notify=False,
        )
    LeaveRequest.objects.filter(pk=leave.pk).update(case=case)
    Application.objects.filter(pk=case.pk).update(submitted_at=leave.submitted_at)
    ApplicationEvent.objects.filter(application=case).update(occurred_at=leave.submitted_at)
    case.refresh_from_db()
    moved_at = leave.decided_at or leave.submitted_at
    if leave.status == S.OFFICIAL and leave.superior_id is not None:
        # the superior's consideration was given before the engine: record it and open the official's step
        first = workflow.open_task_of(case.pk)
        if first is not None and first.step.addressee == "direct_superior":
            workflow.advance(case, now=moved_at, note="Dicatat dari data e-Cuti sebelumnya.")
        return
    ending = ENDINGS.get(leave.status)
    if ending is None:
        return
    from loket.applications import engine as procedure

    permit = LeavePermit.objects.filter(request=leave).exclude(document_id="").first()
    if permit is not None:
        from loket.documents.models import Document

        # The permit signed before the engine is the case's decision document: linked before the case completes,
        # so that completing it issues nothing new.
        Document.objects.filter(code=permit.document_id, application__isnull=True).update(application=case)
    procedure.procedure().cancel_open_work(case)
    note = _ending_note(leave) if ending == "reject" else ""
    lifecycle.transition(
        case,
        ending,
        actor=leave.employee.user if ending == "withdraw" else None,
        now=moved_at,
        note=note,
        quiet=True,
        audit_data={"backfill": True},
    )


def _ending_note(leave: LeaveRequest) -> str:
    last = leave.decisions.order_by("-at").first()
    label = leave.get_status_display()
    return (last.note if last and last.note else label)[:500]


def attach_missing_kgb_cases() -> int:
    if not CaseService.objects.filter(kind=CaseService.Kind.KGB).exists():
        return 0
    moved = 0
    waiting = (
        KgbDecision.objects.filter(case__isnull=True, employee__user__isnull=False)
        .select_related("employee__region__parent", "employee__agency__region", "employee__user")
        .order_by("pk")
    )
    services: dict[int, object] = {}
    for decision in waiting.iterator(chunk_size=200):
        region = decision.employee.region
        if region.pk not in services:
            services[region.pk] = cases.service_for(CaseService.Kind.KGB, region)
        if services[region.pk] is None:
            continue
        decision.employee.user._loket_employee = decision.employee
        try:
            with transaction.atomic():
                _attach_kgb(decision, services[region.pk])
        except Exception:  # one bad record must not stop the others; it stays as it was and is logged
            log.exception("KGB draft %s could not be moved onto the case engine", decision.pk)
            continue
        moved += 1
    return moved


def _attach_kgb(decision: KgbDecision, service) -> None:
    K = KgbDecision.Status
    case = cases.open_kgb_case(decision, service, notify=False)
    Application.objects.filter(pk=case.pk).update(submitted_at=decision.created_at)
    ApplicationEvent.objects.filter(application=case).update(occurred_at=decision.created_at)
    case.refresh_from_db()
    if decision.status == K.SIGNED:
        from loket.documents.models import Document

        # The notice signed before the engine is the case's decision document: linked before the case completes,
        # so that completing it issues nothing new.
        if decision.document_id:
            Document.objects.filter(code=decision.document_id, application__isnull=True).update(application=case)
        workflow.advance(
            case, now=decision.signed_at or decision.created_at, note="Dicatat dari data e-KGB sebelumnya."
        )
    elif decision.status == K.CANCELLED:
        from loket.applications import engine as procedure

        procedure.procedure().cancel_open_work(case)
        note = next((r for r in reversed(decision.reasons or []) if r.startswith("Dibatalkan")), "Dibatalkan BKD.")
        lifecycle.transition(case, "reject", actor=None, note=note[:500], quiet=True, audit_data={"backfill": True})


def after_migrate(sender, **kwargs) -> None:
    from loket.core import audit

    moved = attach_missing_leave_cases()
    if moved:
        audit.record("hr.leave_cases_attached", object_type="hr.leaverequest", object_id="*", data={"moved": moved})
        log.info("e-Cuti: %s leave requests moved onto the case engine", moved)
    moved = attach_missing_kgb_cases()
    if moved:
        audit.record("hr.kgb_cases_attached", object_type="hr.kgbdecision", object_id="*", data={"moved": moved})
        log.info("e-KGB: %s KGB drafts moved onto the case engine", moved)
