"""loket.core.limits: fixed-window counters in the database, shared by every process (issue 11, finding 7)."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.core import limits
from loket.core.models import LimitCounter

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def test_hits_count_up_within_the_window_and_keep_its_expiry():
    assert limits.hit("t:a", window=60) == 1
    first_expiry = LimitCounter.objects.get(key="t:a").expires_at
    assert limits.hit("t:a", window=600) == 2
    assert limits.hit("t:a", window=600, amount=3) == 5
    # A later hit does not push the window out (a cache `set` would).
    assert LimitCounter.objects.get(key="t:a").expires_at == first_expiry
    assert limits.peek("t:a") == 5
    assert limits.peek("t:other") == 0


def test_an_expired_window_starts_again():
    limits.hit("t:b", window=60)
    limits.hit("t:b", window=60)
    LimitCounter.objects.filter(key="t:b").update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert limits.peek("t:b") == 0
    assert limits.hit("t:b", window=60) == 1
    assert LimitCounter.objects.get(key="t:b").expires_at > timezone.now()


def test_reset_and_purge():
    limits.hit("t:c", window=60)
    limits.hit("t:d", window=60)
    limits.reset("t:c")
    assert limits.peek("t:c") == 0
    LimitCounter.objects.filter(key="t:d").update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert limits.purge_expired() == 1
    assert not LimitCounter.objects.exists()


def test_long_keys_are_shortened_consistently():
    key = "t:" + "x" * 500
    assert limits.hit(key, window=60) == 1
    assert limits.hit(key, window=60) == 2
    assert limits.peek(key) == 2


def test_purge_everywhere_clears_expired_cache_rows():
    from django.core.cache import cache

    cache.set("t:gone", 1, 1)
    cache.set("t:kept", 1, 600)
    limits.hit("t:e", window=60)
    LimitCounter.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    later = timezone.now() + dt.timedelta(seconds=5)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=later):
        assert limits.purge_expired_everywhere() == 2
    assert cache.get("t:kept") == 1
