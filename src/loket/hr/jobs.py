"""Periodic work of loket.hr, called by `loket worker` every round: the daily KGB sweep, once per day."""

from django.utils import timezone

from loket.notify.periodic import run_once


def periodic_round(worker_id: str) -> None:
    from loket.hr.kgb.services import draft_due

    today = timezone.localdate()
    run_once("hr_kgb_due", today.isoformat(), lambda: draft_due(today=today), worker=worker_id)
