"""JSON API of the public catalogue: published services and their service standards.

Reads go through `catalogue.queries` (the same queries as the public pages), so drafts never appear.

The list is the hot path (bench/catalogue.py, 2,000 services). Measured in-process: one ORM query
with every join plus a separate count took ~13 ms a page, the bare Django view of the bench ~0.35 ms.
So:
- a page is read in two narrow steps (~7 ms): the ids of the page and the total (`COUNT(*) OVER ()`)
  from the filtered, ordered services alone; then only those ≤ 100 rows with their joins, as
  `.values()`, rendered straight to JSON (no model instances, no second validation pass);
- the rendered page is kept in the "pages" cache (`LOKET_API_CACHE_SECONDS`, default 30 s; a hit ~0.4 ms).
  Saving any service, agency, region or category starts a new catalogue generation, which is part of
  every cache key: a publish shows at once in this process and, with Redis, in every process; with
  the per-process "pages" cache, other processes follow within the cache lifetime.
"""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Window
from django.http import HttpResponse
from django.urls import reverse
from ninja import Query, Router

from loket.catalogue import cache as catalogue_cache
from loket.catalogue import queries
from loket.catalogue.models import Service
from loket.catalogue.schemas import AudienceValue, ServiceDetail, ServicePage
from loket.org.api import DEFAULT_PAGE_SIZE, ErrorOut, PageNumber, PageSize, page_slice, region_code, region_code_query

router = Router(tags=["layanan"])

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
DEFAULT_CACHE_SECONDS = 30

# Everything a list item shows: the service, its agency and region, and its current standard.
_ROW_FIELDS = (
    "pk",
    "code",
    "name_id",
    "name_en",
    "audience",
    "channels",
    "compliance_percent",
    "category__slug",
    "category__name_id",
    "category__name_en",
    "agency__slug",
    "agency__name",
    "agency__region__code",
    "agency__region__name",
    "current__version",
    "current__time_limit_days",
    "current__fee_amount",
    "template__code",
)


@cache
def _service_path_template() -> str:
    # Reversed once: a page of 100 items would otherwise pay 100 URL reversals.
    return reverse("catalogue:service", args=["__code__"]).replace("__code__", "{code}")


def service_path(code: str) -> str:
    """Path of the public page of a service (`/layanan/<code>/`)."""
    return _service_path_template().format(code=code)


# --- the cache of rendered list pages ---------------------------------------------------------------


def _cache_seconds() -> int:
    return int(getattr(settings, "LOKET_API_CACHE_SECONDS", DEFAULT_CACHE_SECONDS))


forget_cached_pages = catalogue_cache.forget
_generation = catalogue_cache.generation


def _cache_key(site: str, params: dict) -> str:
    text = json.dumps([site, params], sort_keys=True, ensure_ascii=False)
    return f"loket:api:services:{_generation()}:{hashlib.sha256(text.encode()).hexdigest()}"


# --- list -----------------------------------------------------------------------------------------


def _list_item(row: dict, site: str) -> dict:
    return {
        "code": row["code"],
        "name": {"id": row["name_id"], "en": row["name_en"]},
        "category": {
            "slug": row["category__slug"],
            "name": {"id": row["category__name_id"], "en": row["category__name_en"]},
        },
        "agency": {"slug": row["agency__slug"], "name": row["agency__name"]},
        "region": {"code": row["agency__region__code"], "name": row["agency__region__name"]},
        "audience": row["audience"],
        "channels": row["channels"],
        "version": row["current__version"],
        "time_limit_days": row["current__time_limit_days"],
        "fee_amount": row["current__fee_amount"],
        "compliance_percent": row["compliance_percent"],
        "template": row["template__code"],
        "url": site + service_path(row["code"]),
    }


def _page_rows(services, page: int, page_size: int) -> tuple[list[dict], int]:
    """One page of `services` (in its order) as rows, and the number of all matching services.

    Sorting and counting run on the services table alone; only the page's rows are joined.
    """
    ids_and_total = list(services.values_list("pk", Window(Count("*")))[page_slice(page, page_size)])
    if not ids_and_total:
        return [], services.count() if page > 1 else 0
    ids = [pk for pk, _total in ids_and_total]
    rows = {row["pk"]: row for row in Service.objects.filter(pk__in=ids).order_by().values(*_ROW_FIELDS)}
    return [rows[pk] for pk in ids if pk in rows], ids_and_total[0][1]


@router.get("/services", response={200: ServicePage, 422: ErrorOut}, summary="Daftar layanan")
def list_services(
    request,
    region: region_code_query(
        "Kode wilayah Kemendagri, bertitik (32.73) atau tidak (3273); kode provinsi mencakup kabupaten/kotanya"
    ) = None,
    agency: Query[str | None, {"description": "Slug perangkat daerah (OPD)"}] = None,
    audience: Query[AudienceValue | None, {"description": "Sasaran layanan"}] = None,
    category: Query[str | None, {"description": "Slug kategori layanan"}] = None,
    q: Query[str | None, {"description": "Pencarian teks lengkap (Bahasa Indonesia)"}] = None,
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    """Services with a published service standard, by name (by relevance when `q` is given).

    Searches cover name, agency, summary, product and requirements, with Indonesian stemming.
    """
    params = {
        "region": region_code(region),
        "agency": agency or "",
        "category": category or "",
        "audience": audience or "",
        "q": queries.normalize_query(q),
    }
    site = request.build_absolute_uri("/")[:-1]
    seconds = _cache_seconds()
    key = _cache_key(site, {**params, "page": page, "page_size": page_size}) if seconds else ""
    body = caches["pages"].get(key) if key else None
    if body is None:
        rows, count = _page_rows(queries.search_services(**params), page, page_size)
        body = json.dumps(
            {"count": count, "page": page, "page_size": page_size, "items": [_list_item(row, site) for row in rows]},
            cls=DjangoJSONEncoder,
        ).encode()
        if key:
            caches["pages"].set(key, body, seconds)
    return HttpResponse(body, content_type=JSON_CONTENT_TYPE)


# --- detail ---------------------------------------------------------------------------------------


@router.get(
    "/services/{code}",
    response={200: ServiceDetail, 404: ErrorOut, 422: ErrorOut},
    summary="Standar pelayanan suatu layanan",
)
def get_service(
    request,
    code: str,
    version: Query[int, {"ge": 1, "description": "Nomor versi terbit; tanpa ini: versi terbaru"}] = None,
):
    """The latest published service standard of a service (or published version `version`), with its
    14 components (PermenPANRB 15/2014), its compliance self-check and the list of published versions."""
    service = queries.get_published_service(code)
    standard = service.current if version is None else queries.published_version(service, version)
    agency, category = service.agency, service.category
    if standard.pk == service.current_id:
        path = service_path(code)
    else:
        path = reverse("catalogue:service_version", args=[code, standard.version])
    return {
        "code": service.code,
        "name": {"id": service.name_id, "en": service.name_en},
        "category": {"slug": category.slug, "name": {"id": category.name_id, "en": category.name_en}},
        "agency": {"slug": agency.slug, "name": agency.name},
        "region": {"code": agency.region.code, "name": agency.region.name},
        "audience": service.audience,
        "channels": service.channels,
        "is_template": service.is_template,
        "template": service.template.code if service.template_id else None,
        "url": request.build_absolute_uri(path),
        "version": standard.version,
        "published_at": standard.published_at,
        "versions": [
            {"version": s.version, "published_at": s.published_at} for s in queries.published_versions(service)
        ],
        "summary": standard.summary,
        "contact": standard.contact,
        **queries.component_values(standard),
        "compliance": standard.compliance().as_dict(),
    }
