"""Payment providers behind one interface, configured per region (issue 18, docs/payments.md).

A provider is the treasury's bank or an aggregator: it registers a bill (answering its virtual account number and
dynamic QRIS payload), reports its state, cancels it, refunds it, signs its callbacks and publishes a daily
settlement file. `HttpProvider` speaks the protocol docs/payments.md documents, which the local simulator
(`loket.payments.simulator`) serves; a bank with another API gets its own adapter class with the same methods.

Settings:
- ``LOKET_PAYMENT_PROVIDERS``: {key: {"base_url", "api_key", "secrets": [webhook secrets, newest first],
  "pay_url": "…{reference}" (optional: a payer's page), "timeout": seconds}}
- ``LOKET_PAYMENT_PROVIDER_BY_REGION``: {region code or "*": provider key}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import requests
from django.conf import settings

from loket.core.errors import LoketError


class ProviderUnavailable(LoketError):
    """The provider did not answer, or answered that it is down: try again later, nothing is lost."""

    status = 503


class ProviderRefused(LoketError):
    """The provider answered that the request itself is wrong (it will not succeed by retrying)."""


@dataclass(frozen=True)
class Bill:
    reference: str
    amount: int
    status: str
    va_number: str = ""
    qris: str = ""
    expires_at: str = ""
    paid_at: str | None = None
    channel: str | None = None
    refunded: int = 0  # whole rupiah returned to the payer so far


class HttpProvider:
    def __init__(self, key: str, config: dict):
        self.key = key
        self.base_url = config["base_url"].rstrip("/")
        self.api_key = config["api_key"]
        self.secrets = list(config.get("secrets") or [])
        self.pay_url_pattern = config.get("pay_url", "")
        self.timeout = float(config.get("timeout", 10))

    def _call(self, method: str, path: str, payload: dict | None = None) -> dict | str:
        try:
            response = requests.request(
                method,
                self.base_url + path,
                json=payload,
                headers={"Authorization": f"Bearer {self.api_key}"},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise ProviderUnavailable(f"Penyedia pembayaran tidak dapat dihubungi ({type(error).__name__}).") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise ProviderUnavailable(f"Penyedia pembayaran sedang tidak tersedia (HTTP {response.status_code}).")
        if response.status_code >= 400:
            try:
                detail = response.json().get("error", "")
            except ValueError:
                detail = response.text[:200]
            raise ProviderRefused(f"Penyedia pembayaran menolak permintaan (HTTP {response.status_code}): {detail}")
        if response.headers.get("Content-Type", "").startswith("text/csv"):
            return response.text
        return response.json()

    @staticmethod
    def _bill(data: dict) -> Bill:
        return Bill(
            reference=data["reference"],
            amount=int(data["amount"]),
            status=data["status"],
            va_number=data.get("va_number") or "",
            qris=data.get("qris") or "",
            expires_at=data.get("expires_at") or "",
            paid_at=data.get("paid_at"),
            channel=data.get("channel"),
            refunded=int(data.get("refunded") or 0),
        )

    def create(self, *, reference: str, amount: int, expires_at: dt.datetime, description: str) -> Bill:
        """Register the bill (idempotent by reference: a retry after a lost answer gets the same codes)."""
        data = {
            "reference": reference,
            "amount": amount,
            "expires_at": expires_at.isoformat(),
            "description": description,
        }
        return self._bill(self._call("POST", "/v1/tagihan", data))

    def query(self, reference: str) -> Bill:
        return self._bill(self._call("GET", f"/v1/tagihan/{reference}"))

    def cancel(self, reference: str) -> Bill:
        return self._bill(self._call("POST", f"/v1/tagihan/{reference}/batal", {}))

    def refund(self, reference: str, *, amount: int, reason: str) -> Bill:
        return self._bill(self._call("POST", f"/v1/tagihan/{reference}/refund", {"amount": amount, "reason": reason}))

    def settlement(self, day: dt.date) -> str:
        return self._call("GET", f"/v1/settlement/{day.isoformat()}.csv")

    def pay_url(self, reference: str) -> str:
        return self.pay_url_pattern.format(reference=reference) if self.pay_url_pattern else ""


class NotConfigured(LoketError):
    status = 503


def get(key: str) -> HttpProvider:
    config = getattr(settings, "LOKET_PAYMENT_PROVIDERS", {}).get(key)
    if not config:
        raise NotConfigured(f"Penyedia pembayaran {key!r} belum dikonfigurasi.")
    return HttpProvider(key, config)


def key_for_region(region) -> str:
    """The provider a region's levies are paid through (its own entry, else its province's, else "*")."""
    mapping = getattr(settings, "LOKET_PAYMENT_PROVIDER_BY_REGION", {})
    for code in (region.code, getattr(region.parent, "code", None) if region.parent_id else None, "*"):
        if code and code in mapping:
            return mapping[code]
    raise NotConfigured(
        "Wilayah ini belum menetapkan penyedia pembayaran retribusi; hubungi perangkat daerah.",
    )
