"""Two leave requests of one employee at once (issue 12's hot path keeps the guarantee): the employee's row is
locked before the facts are read, so the second waits for the first and then sees it — they cannot both
pass the balance and overlap checks."""

import datetime as dt
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from loket.core.errors import LoketError
from loket.hr import queries
from loket.hr.leave import services
from loket.hr.models import LeaveRequest

MONDAY = dt.date(2027, 1, 4)


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_cannot_both_pass_the_checks(staff, monkeypatch):
    user_id = staff["staf"].user_id
    original = queries.approval_chain
    inside, release = threading.Event(), threading.Event()

    def held_chain(employee):  # the first request pauses inside its transaction, after its checks
        if threading.current_thread().name == "first":
            inside.set()
            release.wait(10)
        return original(employee)

    monkeypatch.setattr(queries, "approval_chain", held_chain)
    results = {}

    def file(name):
        try:
            results[name] = services.request_leave(
                actor=get_user_model().objects.get(pk=user_id),
                leave_type="tahunan",
                first=MONDAY,
                last=MONDAY + dt.timedelta(days=1),
            )
        except LoketError as exc:
            results[name] = exc
        finally:
            connection.close()

    first = threading.Thread(target=file, args=("first",), name="first")
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=file, args=("second",), name="second")
    second.start()
    time.sleep(0.5)
    assert second.is_alive()  # waiting for the employee's lock, not reading the facts beside the first
    release.set()
    first.join(10)
    second.join(10)
    assert isinstance(results["first"], LeaveRequest)
    assert isinstance(results["second"], LoketError) and "bertabrakan" in str(results["second"])
    assert LeaveRequest.objects.filter(employee=staff["staf"]).count() == 1
