"""The audit chain's published heads as public data (ADR 0012): the transparency page's list, one head's
JSON (to keep and verify later with `loket audit verify --against`), and the open-data JSON and CSV."""

import csv
import io
import json

from django.utils import timezone

from loket.core import audit_anchor
from loket.core.dates import long_date
from loket.core.i18n import is_english
from loket.core.models import AuditAnchor

PAGE = 30  # heads listed on the transparency page (the open data holds all)
FIELDS = [
    {"name": "anchored_at", "type": "datetime", "description": "Waktu penerbitan kepala rantai (UTC, ISO 8601)"},
    {"name": "seal_seq", "type": "integer", "description": "Nomor urut segel peristiwa terakhir di rantai"},
    {"name": "event_id", "type": "integer", "description": "ID peristiwa terakhir"},
    {"name": "hash", "type": "string", "description": "Hash SHA-256 rantai pada peristiwa itu"},
    {"name": "signer", "type": "string", "description": "Penanda tangan (segel pemerintah provinsi)"},
    {"name": "payload", "type": "string", "description": "Teks JSON yang ditandatangani, persis"},
    {"name": "signature", "type": "string", "description": "Tanda tangan (base64, DER) atas payload, SHA-256"},
    {"name": "certificate_sha256", "type": "string", "description": "Sidik jari SHA-256 sertifikat penanda tangan"},
]


def date_time(value) -> str:
    """'7 Desember 2026 08.15 WIB' (English: '7 December 2026 08:15 WIB'), in the site's time zone."""
    local = timezone.localtime(value)
    if is_english():
        return f"{long_date(local, english=True)} {local:%H:%M} WIB"
    return f"{long_date(local)} {local:%H.%M} WIB"


def recent(limit: int = PAGE) -> list[dict]:
    return [{"anchor": anchor, "when": date_time(anchor.anchored_at)} for anchor in AuditAnchor.objects.all()[:limit]]


def one(pk: int) -> dict | None:
    anchor = AuditAnchor.objects.filter(pk=pk).first()
    return audit_anchor.as_published(anchor) if anchor else None


def all_published() -> list[dict]:
    return [audit_anchor.as_published(a) for a in AuditAnchor.objects.order_by("anchored_at", "id").iterator()]


def as_json() -> str:
    return json.dumps(
        {
            "title": "Kepala rantai log audit Loket yang diterbitkan (ditandatangani segel provinsi)",
            "verify": "loket audit verify --against <berkas ini>",
            "fields": [f["name"] for f in FIELDS] + ["certificate", "chain"],
            "data": all_published(),
        },
        ensure_ascii=False,
    )


def as_csv() -> str:
    out = io.StringIO()
    names = [f["name"] for f in FIELDS]
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for head in all_published():
        writer.writerow(head)
    return out.getvalue()
