"""Periodic work of loket.hr, called by `loket worker` every round, each once per day: the KGB sweep, and e-Kartu's
refresh (a card for every active employee, re-issued where the printed facts changed: bulk imports send no signal)."""

from django.utils import timezone

from loket.notify.periodic import run_once


def periodic_round(worker_id: str) -> None:
    from loket.hr.kgb.services import draft_due

    today = timezone.localdate()
    run_once("hr_kgb_due", today.isoformat(), lambda: draft_due(today=today), worker=worker_id)

    from loket.hr.card.services import refresh_stale

    run_once("hr_cards", today.isoformat(), lambda: refresh_stale(today=today), worker=worker_id)
