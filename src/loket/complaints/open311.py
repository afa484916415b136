"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/: existing Open311 apps and clients
list Loket's services, file complaints and follow them (issue 19). JSON and XML, as the specification asks.

- A "service" is a published Loket service whose agency takes complaints; its one attribute `jenis` says what the
  complaint is about (the service itself, an illegal fee, an officer's conduct, a gratuity, a suggestion), so a
  report of an illegal fee filed through any Open311 app still goes to the inspectorate (rules.handler_for).
- Filing needs an api_key (services.issue_open311_key). A request that names no person is anonymous; its answer
  carries Loket's follow-up secret (`loket_secret`, an extension field) for the reporter.
- Reading is public and shows no personal data: the status and, once moderated, the register's summary. The
  client that filed a request also reads the answer to it (it speaks for its reporter).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from loket.applications.models import Application
from loket.catalogue.models import Service
from loket.complaints import rules, services
from loket.complaints.models import Complaint, ComplaintDesk
from loket.core import limits
from loket.core.client import client_address
from loket.core.errors import LoketError
from loket.core.i18n import pick

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
ATTRIBUTE = "jenis"
POST_LIMIT, POST_LIMIT_PER_APP, POST_WINDOW = 30, 3000, 3600
MAX_REQUESTS = 1000
DEFAULT_DAYS = 90


def _render(fmt: str, root: str, item: str, rows, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        top = ElementTree.Element(root)
        for row in rows:
            _xml_fill(ElementTree.SubElement(top, item), row)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(top, encoding="utf-8")
        return HttpResponse(body, status=status, content_type=FORMATS["xml"])
    return HttpResponse(json.dumps(rows, ensure_ascii=False), status=status, content_type=FORMATS["json"])


def _xml_fill(element, value) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, list):
                holder = ElementTree.SubElement(element, key)
                for entry in inner:
                    _xml_fill(ElementTree.SubElement(holder, key.rstrip("s") or "value"), entry)
            else:
                _xml_fill(ElementTree.SubElement(element, key), inner)
    elif value is not None:
        element.text = str(value).lower() if isinstance(value, bool) else str(value)


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _render(fmt, "errors", "error", [{"code": status, "description": description}], status=status)


def _fmt(fmt: str) -> str:
    return fmt if fmt in FORMATS else "json"


def _takes_complaints():
    """Published services whose agency has a complaint desk, or whose region (or a region above it) has an
    inspectorate desk."""
    desk_agencies = set(ComplaintDesk.objects.values_list("agency_id", flat=True))
    inspected_regions = set(ComplaintDesk.objects.filter(inspectorate=True).values_list("region_id", flat=True))
    rows = Service.objects.filter(current__isnull=False).select_related("agency__region__parent", "current")
    for service in rows.order_by("code"):
        region = service.agency.region
        if (
            service.agency_id in desk_agencies
            or region.pk in inspected_regions
            or region.parent_id in inspected_regions
        ):
            yield service


def _service_row(service) -> dict:
    return {
        "service_code": service.code,
        "service_name": pick(service, "name"),
        "description": (service.current.summary if service.current else "")[:500],
        "metadata": True,
        "type": "realtime",
        "keywords": "pengaduan, pungli, lapor",
        "group": service.agency.name,
    }


@require_GET
def discovery(request, fmt: str):
    base = request.build_absolute_uri("/open311/v2/")
    row = {
        "changeset": "2026-12-07T00:00:00Z",
        "contact": "Loket — pengaduan pelayanan publik",
        "key_service": "Kunci API diterbitkan oleh admin Loket di daerah Anda.",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "type": "production",
                "formats": list(FORMATS.values()),
            }
        ],
    }
    if fmt == "xml":
        top = ElementTree.Element("discovery")
        _xml_fill(top, row)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(top, encoding="utf-8")
        return HttpResponse(body, content_type=FORMATS["xml"])
    return _render("json", "", "", row)


@require_GET
def service_list(request, fmt: str):
    return _render(_fmt(fmt), "services", "service", [_service_row(s) for s in _takes_complaints()])


@require_GET
def service_definition(request, code: str, fmt: str):
    fmt = _fmt(fmt)
    if not any(service.code == code for service in _takes_complaints()):
        return _error(fmt, 404, f"Layanan {code} tidak ditemukan atau tidak menerima pengaduan.")
    values = [{"key": kind, "name": rules.KIND_LABELS[kind][0]} for kind in rules.KINDS if kind != rules.APPLICATION]
    attribute = {
        "variable": True,
        "code": ATTRIBUTE,
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": "Jenis pengaduan; bawaan: service",
        "order": 1,
        "description": "Apa yang diadukan",
        "values": values,
    }
    row = {"service_code": code, "attributes": [attribute]}
    return _xml_definition(row) if fmt == "xml" else _render("json", "", "", row)


def _xml_definition(row) -> HttpResponse:
    top = ElementTree.Element("service_definition")
    ElementTree.SubElement(top, "service_code").text = row["service_code"]
    attributes = ElementTree.SubElement(top, "attributes")
    for attribute in row["attributes"]:
        node = ElementTree.SubElement(attributes, "attribute")
        for key, value in attribute.items():
            if key == "values":
                holder = ElementTree.SubElement(node, "values")
                for entry in value:
                    _xml_fill(ElementTree.SubElement(holder, "value"), entry)
            else:
                _xml_fill(ElementTree.SubElement(node, key), value)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type=FORMATS["xml"])


def _status(complaint: Complaint) -> str:
    case = complaint.reopen_case or complaint.case
    return "open" if case is None or case.status in Application.OPEN_STATUSES else "closed"


def _w3c(moment) -> str | None:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


PUBLIC_PREFIX = "P"


def _when(text: str):
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _own(complaint: Complaint, client) -> bool:
    return client is not None and complaint.open311_client_id == client.pk


def _day(moment) -> str | None:
    """A public row's time, to the day only: the minute of a filing could point at who was at the counter."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT00:00:00Z") if moment else None


def _request_row(complaint: Complaint, client) -> dict:
    """The client that filed a request reads it whole (its receipt code, its text, its answer); anyone else reads
    only a complaint the register publishes, under a public id, in the moderator's words, dated to the day."""
    case = complaint.reopen_case or complaint.case
    if _own(complaint, client):
        return {
            "service_request_id": complaint.receipt_code,
            "status": _status(complaint),
            "status_notes": complaint.answer,
            "service_name": pick(complaint.about_service, "name") if complaint.about_service else "",
            "service_code": complaint.about_service.code if complaint.about_service else "",
            "description": complaint.body,
            "agency_responsible": complaint.desk.agency.name,
            "service_notice": "",
            "requested_datetime": _w3c(complaint.filed_at),
            "updated_datetime": _w3c(complaint.answered_at or complaint.filed_at),
            "expected_datetime": _w3c(case.due_at) if case is not None and case.is_open else None,
            "address": complaint.location,
            "lat": float(complaint.latitude) if complaint.latitude is not None else None,
            "long": float(complaint.longitude) if complaint.longitude is not None else None,
        }
    return {
        "service_request_id": f"{PUBLIC_PREFIX}{complaint.pk}",
        "status": _status(complaint),
        "status_notes": complaint.public_summary,
        "service_name": pick(complaint.about_service, "name") if complaint.about_service else "",
        "service_code": complaint.about_service.code if complaint.about_service else "",
        "description": complaint.public_title,
        "agency_responsible": complaint.desk.agency.name,
        "service_notice": "",
        "requested_datetime": _day(complaint.filed_at),
        "updated_datetime": _day(complaint.published_at),
        "expected_datetime": None,
        "address": "",
        "lat": None,
        "long": None,
    }


def _visible(rows, client):
    """What a reader may list: published complaints, and the reading client's own."""
    from django.db.models import Q

    scope = Q(published_at__isnull=False)
    if client is not None:
        scope |= Q(open311_client=client)
    return rows.filter(scope)


def _by_id(rows, request_id: str):
    if request_id.startswith(PUBLIC_PREFIX) and request_id[len(PUBLIC_PREFIX) :].isdecimal():
        return rows.filter(pk=int(request_id[len(PUBLIC_PREFIX) :]), published_at__isnull=False)
    code = rules.normalise_receipt_code(request_id)
    return rows.filter(receipt_code=code) if code else rows.none()


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def requests_(request, fmt: str):
    fmt = _fmt(fmt)
    if request.method == "POST":
        return _post(request, fmt)
    client = services.open311_client_for(request.GET.get("api_key", ""))
    rows = _visible(
        Complaint.objects.select_related("desk__agency", "about_service", "case", "reopen_case").order_by("-filed_at"),
        client,
    )
    ids = [part.strip() for part in request.GET.get("service_request_id", "").split(",") if part.strip()]
    if ids:
        found_rows = []
        for request_id in ids[:MAX_REQUESTS]:
            found_rows.extend(_by_id(rows, request_id)[:1])
        rows = found_rows
    else:
        start = _when(request.GET.get("start_date", "")) if request.GET.get("start_date") else None
        end = _when(request.GET.get("end_date", "")) if request.GET.get("end_date") else None
        if (request.GET.get("start_date") and start is None) or (request.GET.get("end_date") and end is None):
            return _error(fmt, 400, "start_date/end_date harus dalam format w3 (mis. 2026-01-01T00:00:00Z).")
        try:
            end = end or timezone.now()
            start = start or end - dt.timedelta(days=DEFAULT_DAYS)
        except OverflowError:
            return _error(fmt, 400, "Tanggal di luar jangkauan.")
        if end - start > dt.timedelta(days=DEFAULT_DAYS):
            return _error(fmt, 400, "Rentang tanggal paling lama 90 hari.")
        rows = rows.filter(filed_at__gte=start, filed_at__lte=end)
        codes = [code.strip() for code in request.GET.get("service_code", "").split(",") if code.strip()]
        if codes:
            rows = rows.filter(about_service__code__in=codes)
        rows = rows[:MAX_REQUESTS]
    wanted = {part.strip() for part in request.GET.get("status", "").split(",") if part.strip()}
    found = [_request_row(complaint, client) for complaint in rows]
    if wanted:
        found = [row for row in found if row["status"] in wanted]
    return _render(fmt, "service_requests", "request", found)


@require_GET
def request_one(request, request_id: str, fmt: str):
    fmt = _fmt(fmt)
    client = services.open311_client_for(request.GET.get("api_key", ""))
    rows = _visible(Complaint.objects.select_related("desk__agency", "about_service", "case", "reopen_case"), client)
    complaint = _by_id(rows, request_id).first()
    if complaint is None:
        return _error(fmt, 404, f"Permintaan {request_id} tidak ditemukan.")
    return _render(fmt, "service_requests", "request", [_request_row(complaint, client)])


def _coordinate(text: str, limit: int):
    if not text:
        return None
    try:
        value = Decimal(text).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise LoketError(f"Koordinat tidak sah: {text[:40]}") from None
    if not value.is_finite() or abs(value) > limit:
        raise LoketError(f"Koordinat di luar jangkauan: {text[:40]}")
    return value


def _post(request, fmt: str) -> HttpResponse:
    client = services.open311_client_for(request.POST.get("api_key", ""))
    if client is None:
        return _error(fmt, 403, "api_key tidak sah atau tidak aktif.")
    # Counted per app (an aggregator files for many people), and per hashed address within it.
    if limits.hit(f"complaints:open311:{client.pk}", window=POST_WINDOW) > POST_LIMIT_PER_APP:
        return _error(fmt, 429, "Terlalu banyak permintaan dari aplikasi ini; coba lagi nanti.")
    address = services.client_key(client_address(request))
    if limits.hit(f"complaints:open311:{client.pk}:{address}", window=POST_WINDOW) > POST_LIMIT:
        return _error(fmt, 429, "Terlalu banyak permintaan; coba lagi nanti.")
    data = request.POST
    service = Service.objects.select_related("agency").filter(code=data.get("service_code", "")).first()
    if service is None:
        return _error(fmt, 404, "service_code tidak dikenal.")
    description = (data.get("description") or "").strip()
    kind = data.get(f"attribute[{ATTRIBUTE}]", "") or rules.SERVICE
    name = " ".join(part for part in (data.get("first_name", ""), data.get("last_name", "")) if part.strip()).strip()
    contact = (data.get("email") or data.get("phone") or "").strip()
    identity = rules.IDENTIFIED if name and contact else rules.ANONYMOUS
    try:
        if kind not in rules.KINDS or kind == rules.APPLICATION:
            raise LoketError(f"attribute[{ATTRIBUTE}] tidak dikenal: {kind[:40]}")
        filed = services.file(
            actor=None,
            kind=kind,
            identity=identity,
            title=description.split("\n")[0][:80] or "Pengaduan",
            body=description,
            service_id=service.pk,
            location=(data.get("address_string") or "").strip(),
            latitude=_coordinate(data.get("lat", ""), 90),
            longitude=_coordinate(data.get("long", ""), 180),
            reporter_name=name,
            reporter_contact=contact,
            channel=Complaint.Channel.OPEN311,
            open311_client=client,
        )
    except LoketError as refused:
        return _error(fmt, 400, str(refused))
    row = {
        "service_request_id": filed.complaint.receipt_code,
        "service_notice": f"Ditangani oleh {filed.complaint.desk.agency.name}.",
        "account_id": None,
    }
    if identity == rules.ANONYMOUS:
        row["loket_secret"] = filed.secret
    return _render(fmt, "service_requests", "request", [row], status=201)
