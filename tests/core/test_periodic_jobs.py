"""The worker runs the periodic work every app registers (core imports none of them, ADR 0011)."""

import pytest
from django.contrib.auth import get_user_model

from loket.core import jobs
from loket.core.management.commands import loket_worker
from loket.notify import services as notify
from loket.notify.models import Notification


def test_every_app_with_periodic_work_registers_it():
    names = [job.name for job in jobs.periodic_jobs()]
    assert names == [
        "notify.deliver",
        "workflow.sla_sweep",
        "hr",
        "insights",
        "payments.round",
        "payments.reconcile",
        "documents.audit_anchor",
        "core.limits_purge",
    ]


def test_a_round_runs_every_registered_job_even_when_one_fails(monkeypatch):
    ran = []

    def failing(worker_id):
        ran.append(("failing", worker_id))
        raise RuntimeError("boom")

    monkeypatch.setattr(jobs, "_JOBS", {})
    jobs.register_periodic_job("b", lambda worker_id: ran.append(("b", worker_id)), order=2)
    jobs.register_periodic_job("a", failing, order=1)
    monkeypatch.setattr(loket_worker.audit, "seal_pending", lambda: 0)
    loket_worker.periodic_round("w1")
    assert ran == [("failing", "w1"), ("b", "w1")]


@pytest.mark.django_db
def test_a_round_delivers_due_notifications():
    user = get_user_model().objects.create_user("jobs-user", email="warga@example.test")
    rows = notify.build(key="jobs-test", user=user, template="application_submitted", context={"tracking": "X"})
    Notification.objects.bulk_create(rows)
    loket_worker.periodic_round("w1")
    assert (
        not Notification.objects.filter(dedupe_key__startswith="jobs-test")
        .exclude(status=Notification.Status.SENT)
        .exists()
    )
