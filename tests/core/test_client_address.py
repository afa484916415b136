"""One client address for every limit, from one proxy setting (issue 11, finding 3).

Before the fix the API's status lookup keyed on REMOTE_ADDR, the web lookup read an unset LOKET_PROXY_COUNT
and only allauth read TRUSTED_PROXY_COUNT: behind a load balancer every client shared one allowance.
"""

import pytest
from django.test import Client, RequestFactory

from loket.core.client import client_address

BALANCER = "10.0.0.2"


def request(remote=BALANCER, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.sqlite
def test_no_trusted_proxy_means_the_peer(settings):
    settings.LOKET_TRUSTED_PROXY_COUNT = 0
    assert client_address(request(forwarded="198.51.100.7")) == BALANCER


@pytest.mark.sqlite
def test_nth_entry_from_the_right_behind_trusted_proxies(settings):
    settings.LOKET_TRUSTED_PROXY_COUNT = 1
    # The client may write anything left of what our proxy appended.
    assert client_address(request(forwarded="1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    settings.LOKET_TRUSTED_PROXY_COUNT = 2
    assert client_address(request(forwarded="1.2.3.4, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"
    assert client_address(request(forwarded="2001:DB8::1, 10.0.0.9")) == "2001:db8::1"


@pytest.mark.sqlite
def test_malformed_or_missing_entries_fall_back_to_the_peer(settings):
    settings.LOKET_TRUSTED_PROXY_COUNT = 1
    assert client_address(request(forwarded="")) == BALANCER
    assert client_address(request()) == BALANCER
    assert client_address(request(forwarded="1.2.3.4, not-an-address")) == BALANCER
    assert client_address(request(forwarded="1.2.3.4, 198.51.100.7:5555")) == BALANCER
    settings.LOKET_TRUSTED_PROXY_COUNT = 3
    assert client_address(request(forwarded="198.51.100.7, 10.0.0.9")) == BALANCER


@pytest.mark.sqlite
def test_one_setting_feeds_ours_and_allauths():
    from django.conf import settings

    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == settings.LOKET_TRUSTED_PROXY_COUNT


def through_balancer(client_ip):
    return Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=f"{client_ip}")


@pytest.mark.django_db
def test_api_and_web_lookups_count_per_client_behind_the_balancer(settings):
    settings.LOKET_TRUSTED_PROXY_COUNT = 1
    noisy = through_balancer("198.51.100.7")
    for index in range(10):
        number = f"3273-99-20000{index:02d}"
        channel = noisy.get(f"/api/v1/status/{number}", {"pin": "123456"}) if index % 2 else None
        if channel is None:
            channel = noisy.post("/cek-status/", {"tracking": number, "pin": "123456"})
        assert channel.status_code in (400, 404)
    # The noisy client's allowance is spent on both channels (one count for both) ...
    assert noisy.get("/api/v1/status/3273-99-3000000", {"pin": "123456"}).status_code == 429
    assert noisy.post("/cek-status/", {"tracking": "3273-99-3000000", "pin": "123456"}).status_code == 429
    # ... and another client behind the same balancer is not locked out.
    quiet = through_balancer("203.0.113.9")
    assert quiet.get("/api/v1/status/3273-99-3000000", {"pin": "123456"}).status_code == 404
    assert quiet.post("/cek-status/", {"tracking": "3273-99-3000000", "pin": "123456"}).status_code == 400


@pytest.mark.django_db
def test_survey_limit_counts_per_client_behind_the_balancer(settings, agency_a):
    from loket.feedback import services
    from loket.org.models import Unit

    settings.LOKET_TRUSTED_PROXY_COUNT = 1
    unit = Unit.objects.filter(agency=agency_a).first()
    link = f"/survei/{unit.pk}/{services.unit_token(unit.pk)}/"
    scores = {f"u{number}": "4" for number in range(1, 10)}
    noisy = through_balancer("198.51.100.7")
    for _ in range(services.UNIT_LIMIT_PER_CLIENT):
        assert noisy.post(link, scores).status_code == 302
    assert noisy.post(link, scores).status_code == 429
    assert through_balancer("203.0.113.9").post(link, scores).status_code == 302
