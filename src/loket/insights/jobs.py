"""Periodic work of the insights app, called by `loket worker` every round (ADR 0006)."""

import logging

from django.utils import timezone

from loket.notify.periodic import run_once

logger = logging.getLogger("loket.insights")


def _period(now, minutes: int) -> str:
    return now.strftime("%Y-%m-%dT%H:") + f"{now.minute // minutes * minutes:02d}"


def periodic_round(worker_id: str) -> None:
    """Fold new events and survey answers (every round: cheap when nothing is new); invite applicants
    whose application ended to the survey; every 5 minutes recount overdue work and the levies, and republish open
    data."""
    from loket.feedback import services as feedback
    from loket.insights import opendata, services

    if services.definitions_outdated():
        logger.info("insights definitions changed: rebuilding the summaries")
        services.rebuild()
    done = services.catch_up(max_batches=4)
    if any(done.values()):
        logger.info("insights folded %s", done)
    feedback.invite_ended_applications(max_batches=4)
    now = timezone.now()
    period = _period(now, 5)
    run_once("insights_backlog", period, lambda: services.recompute_backlog(now=now), worker=worker_id)
    run_once("insights_documents", _period(now, 15), services.refresh_documents, worker=worker_id)
    # Once a day every month's digital decisions (a decision signed or printed long after its completion).
    run_once(
        "insights_documents_all",
        now.strftime("%Y-%m-%d"),
        lambda: services.refresh_documents(months=None),
        worker=worker_id,
    )
    run_once("insights_staff_cases", _period(now, 15), services.refresh_staff_cases, worker=worker_id)
    run_once(
        "insights_staff_cases_all",
        now.strftime("%Y-%m-%d"),
        lambda: services.refresh_staff_cases(months=None),
        worker=worker_id,
    )
    run_once("insights_payments", period, services.refresh_payments, worker=worker_id)
    run_once("insights_opendata", period, opendata.publish_if_changed, worker=worker_id)
