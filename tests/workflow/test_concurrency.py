"""Two officers act on the same step at the same moment: exactly one succeeds (real PostgreSQL transactions)."""

import threading

import pytest
from django.db import connection

from loket.core.errors import LoketError
from loket.org.models import Role
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.org import make_user
from tests.helpers.workflow import first_requirement

pytestmark = pytest.mark.django_db(transaction=True)


def _race(callables):
    barrier = threading.Barrier(len(callables))
    results = [None] * len(callables)

    def run(index, fn):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", fn())
        except LoketError as exc:
            results[index] = ("refused", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(callables)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.mark.parametrize("round_", range(3))
def test_simultaneous_actions_on_one_task(submitted, officers, agency_a, round_):
    second = make_user(f"petugas_kedua_{round_}", (Role.OFFICER, agency_a))
    [task] = Task.objects.filter(application=submitted, status="open")
    results = _race(
        [
            lambda: workflow.act(actor=officers["front"], task_id=task.pk, action="approve"),
            lambda: workflow.act(
                actor=second,
                task_id=task.pk,
                action="return",
                note="Berkas kurang",
                requirements=first_requirement(task),
            ),
        ]
    )
    outcomes = sorted(kind for kind, _ in results)
    assert outcomes == ["ok", "refused"], results
    refused = next(value for kind, value in results if kind == "refused")
    assert isinstance(refused, workflow.Conflict) and "petugas lain" in refused.message
    task.refresh_from_db()
    assert task.status in ("approved", "returned") and task.version == 1
    # The application followed exactly the winning action.
    submitted.refresh_from_db()
    assert submitted.status == ("submitted" if task.status == "approved" else "returned")


def test_parallel_approvals_of_a_parallel_step_open_the_next_step_once(submitted, officers, agency_a, units):
    [first] = Task.objects.filter(application=submitted, status="open")
    workflow.act(actor=officers["front"], task_id=first.pk, action="approve")
    legal_officer = make_user("petugas_hukum", (Role.OFFICER, agency_a))
    tech_task, legal_task = Task.objects.filter(application=submitted, status="open").order_by("unit__name")
    results = _race(
        [
            lambda: workflow.act(actor=officers["tech"], task_id=tech_task.pk, action="approve"),
            lambda: workflow.act(actor=legal_officer, task_id=legal_task.pk, action="approve"),
        ]
    )
    assert all(kind == "ok" for kind, _ in results), results
    third = Task.objects.filter(application=submitted, step__position=3)
    assert third.count() == 1
