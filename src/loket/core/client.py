"""The client address every rate limit keys on (issue 11, finding 3).

Behind N trusted reverse proxies (`LOKET_TRUSTED_PROXY_COUNT`, from the env `TRUSTED_PROXY_COUNT`, which
also feeds allauth's own limits) each proxy appends the address it received the request from to
X-Forwarded-For, so the Nth entry from the right was written by our outermost proxy and the client cannot
forge it; everything left of it can be. With no trusted proxy, REMOTE_ADDR is the client.
"""

import ipaddress

from django.conf import settings


def _valid(value: str) -> str:
    """The address in canonical form, or "" when the entry is not an IP address (garbage, a port, "unknown")."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_address(request) -> str:
    proxies = int(getattr(settings, "LOKET_TRUSTED_PROXY_COUNT", 0) or 0)
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Fewer entries than proxies: a request that did not pass through all of them (or a misconfigured
        # count); the direct peer is the only address we know to be true.
        return remote
    # A malformed entry where our proxy's entry should be falls back to the peer, never to a client-written one.
    return _valid(forwarded[-proxies]) or remote
