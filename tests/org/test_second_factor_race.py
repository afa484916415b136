"""Parallel requests cannot get more TOTP checks than the limit (issue 11, finding 6): every attempt is
counted in one atomic statement before its code is looked at."""

import threading

import pytest
from django.db import connection

from loket.core.errors import LoketError
from loket.core.models import AuditEvent
from tests.helpers.auth import activate_totp
from tests.helpers.org import make_user

PARALLEL = 12


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_codes_get_five_checks_in_all():
    from loket.org import second_factor

    official = make_user("pejabat_paralel")
    activate_totp(official)
    start = threading.Barrier(PARALLEL)
    refusals = []

    def attempt():
        try:
            start.wait()
            second_factor.check_code(official, "000000", "documents.sign")
        except LoketError as exc:
            refusals.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(refusals) == PARALLEL
    # Exactly five codes were checked (and audited as failures); the rest were refused as locked out.
    assert AuditEvent.objects.filter(action="second_factor.failed").count() == second_factor.ATTEMPTS
    assert AuditEvent.objects.filter(action="second_factor.locked_out").count() == 1
    assert sum(isinstance(exc, second_factor.TooManyAttempts) for exc in refusals) == PARALLEL - 4
