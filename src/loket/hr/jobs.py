"""Periodic work of loket.hr, called by `loket worker` every round, each once per day: the KGB sweep, the pension
files coming due (opened `LOKET_PENSION_FILE_MONTHS_AHEAD` months ahead), the employees whose pension date has come
leaving the active registry (before e-Kartu's refresh, so their cards are withdrawn, not re-issued), the transfers
coming into effect (e-Mutasi), and e-Kartu's
refresh (a card for every active employee, re-issued where the printed facts changed: bulk imports send no signal)."""

from django.utils import timezone

from loket.notify.periodic import run_once


def periodic_round(worker_id: str) -> None:
    from loket.hr.kgb.services import draft_due
    from loket.hr.pension import services as pension

    today = timezone.localdate()
    run_once("hr_kgb_due", today.isoformat(), lambda: draft_due(today=today), worker=worker_id)
    run_once("hr_pension_due", today.isoformat(), lambda: pension.open_due(today=today), worker=worker_id)
    run_once("hr_pension_leave", today.isoformat(), lambda: pension.leave_due(today=today), worker=worker_id)
    from loket.hr.transfer import services as transfers

    # Transfers whose effective date has come: the registry follows (before e-Kartu's refresh: the new region's card).
    run_once("hr_transfer_apply", today.isoformat(), lambda: transfers.apply_due(today=today), worker=worker_id)

    from loket.hr.card.services import refresh_revocation_lists, refresh_stale

    run_once("hr_cards", today.isoformat(), lambda: refresh_stale(today=today), worker=worker_id)
    # Each region's signed revocation list lives two days: built afresh daily even when nothing was revoked.
    run_once("hr_card_lists", today.isoformat(), lambda: refresh_revocation_lists(), worker=worker_id)
