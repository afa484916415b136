"""Periodic work of loket.notify: deliver what is due in the outbox (registered in NotifyConfig.ready)."""

import logging

logger = logging.getLogger("loket.worker")


def periodic_round(worker_id: str) -> None:
    from loket.notify import services

    sent = services.deliver_due()
    if sent:
        logger.info("sent %d notification(s)", sent)


def purge_limits_round(worker_id: str) -> None:
    """Expired limit counters and cache rows (the database cache only culls past MAX_ENTRIES), once an hour."""
    from django.utils import timezone

    from loket.core import limits
    from loket.notify.periodic import run_once

    run_once("limits_purge", timezone.now().strftime("%Y-%m-%dT%H"), limits.purge_expired_everywhere, worker=worker_id)
