"""Periodic work of loket.workflow: the SLA sweep (reminders, escalation), once per 15-minute period."""

from django.utils import timezone

from loket.notify.periodic import run_once


def periodic_round(worker_id: str) -> None:
    from loket.workflow.sweeps import remind_and_escalate

    now = timezone.now()
    period = now.strftime("%Y-%m-%dT%H:") + f"{now.minute // 15 * 15:02d}"
    run_once("sla_sweep", period, remind_and_escalate, worker=worker_id)
