"""Periodic work of loket.notify: deliver what is due in the outbox (registered in NotifyConfig.ready)."""

import logging

logger = logging.getLogger("loket.worker")


def periodic_round(worker_id: str) -> None:
    from loket.notify import services

    sent = services.deliver_due()
    if sent:
        logger.info("sent %d notification(s)", sent)
