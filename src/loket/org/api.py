"""JSON API of regions and agencies, plus the pieces every list endpoint shares (page, region code).

Lists are paginated the same way everywhere: `page` (from 1) and `page_size` (1–100, default 20);
the response carries `count`, `page`, `page_size` and `items`.
"""

import re
from typing import Annotated, Literal

from django.db.models import Q
from ninja import Field, Query, Router, Schema
from pydantic import WithJsonSchema

from loket.core.errors import LoketError
from loket.org.models import Agency, Region

router = Router(tags=["wilayah"])

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

# Bounded: an unbounded page number overflowed PostgreSQL's OFFSET (bigint) into a 500 (found by schemathesis).
MAX_PAGE = 1_000_000
PageNumber = Query[
    int, {"ge": 1, "le": MAX_PAGE, "description": f"Nomor halaman, mulai dari 1 (paling besar {MAX_PAGE})"}
]
PageSize = Query[int, {"ge": 1, "le": MAX_PAGE_SIZE, "description": f"Jumlah data per halaman (1–{MAX_PAGE_SIZE})"}]


class InvalidParameter(LoketError):
    """A query parameter that passed type checks but is still not usable (e.g. a malformed region code)."""

    status = 422


class ErrorOut(Schema):
    message: str = Field(description="Pesan kesalahan dalam Bahasa Indonesia")
    errors: dict | list | None = None


class Page(Schema):
    count: int = Field(description="Jumlah seluruh data yang cocok dengan filter")
    page: int
    page_size: int


class RegionRef(Schema):
    code: str = Field(description="Kode wilayah Kemendagri, bertitik (mis. 32.73)")
    name: str


class AgencyRef(Schema):
    slug: str
    name: str


def page_slice(page: int, page_size: int) -> slice:
    start = (page - 1) * page_size
    return slice(start, start + page_size)


# Kemendagri codes: province 2 digits, kabupaten/kota 2, kecamatan 2, desa/kelurahan 4.
_CODE_PARTS = (2, 2, 2, 4)
_DOTTED = re.compile(r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$")
# The same rule for API clients, published in the OpenAPI document (not enforced by ninja, so a bad code
# still gets region_code's Indonesian message): dotted, or plain with 2, 4, 6 or 10 digits; spaces around.
REGION_CODE_PATTERN = r"^ *([0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?|[0-9]{4}|[0-9]{6}|[0-9]{10})? *$"


RegionCodeText = Annotated[str, WithJsonSchema({"type": "string", "pattern": REGION_CODE_PATTERN})]


def region_code_query(description: str):
    """A query parameter holding a Kemendagri region code (see `region_code`)."""
    return Query[RegionCodeText | None, {"description": description}]


def region_code(value: str | None, *, parameter: str = "region") -> str:
    """Normalize a Kemendagri code given dotted (`32.73`) or plain (`3273`) to the stored dotted form.

    Empty input gives "" (no filter); anything else that is not a code is refused with a clear message.
    """
    value = (value or "").strip(" ")
    if not value:
        return ""
    if value.isascii() and value.isdigit():
        parts, rest = [], value
        for size in _CODE_PARTS:
            if not rest:
                break
            parts.append(rest[:size])
            rest = rest[size:]
        if not rest and len(parts[-1]) == _CODE_PARTS[len(parts) - 1]:
            value = ".".join(parts)
    if not _DOTTED.match(value):
        message = f"Kode wilayah '{value[:20]}' tidak valid. Gunakan kode Kemendagri, mis. 32 atau 32.73 (3273)."
        raise InvalidParameter(message, errors={parameter: [message]})
    return value


def in_region(code: str, prefix: str = "region__") -> Q:
    """Rows of the region with this code or of any region under it (codes are hierarchical)."""
    return Q(**{f"{prefix}code": code}) | Q(**{f"{prefix}code__startswith": code + "."})


# --- regions --------------------------------------------------------------------------------------


class RegionItem(Schema):
    code: str
    name: str
    level: Literal["province", "kabupaten", "kota"]
    parent: str | None = Field(description="Kode wilayah induk (provinsi) bila ada")
    time_zone: Literal["WIB", "WITA", "WIT"]


class RegionPage(Page):
    items: list[RegionItem]


@router.get("/regions", response={200: RegionPage, 422: ErrorOut}, summary="Daftar wilayah")
def list_regions(
    request,
    level: Literal["province", "kabupaten", "kota"] | None = None,
    parent: region_code_query("Kode wilayah induk (provinsi), mis. 32") = None,
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    """Provinces and kabupaten/kota with their Kemendagri code and time zone (WIB, WITA, WIT).

    `parent` (a province code) lists the kabupaten/kota under it.
    """
    regions = Region.objects.order_by("code")
    if level:
        regions = regions.filter(level=level)
    if parent is not None:
        regions = regions.filter(parent__code=region_code(parent, parameter="parent"))
    rows = regions.values("code", "name", "level", "parent__code", "time_zone")[page_slice(page, page_size)]
    items = [
        {
            "code": r["code"],
            "name": r["name"],
            "level": r["level"],
            "parent": r["parent__code"],
            "time_zone": r["time_zone"],
        }
        for r in rows
    ]
    return {"count": regions.count(), "page": page, "page_size": page_size, "items": items}


# --- agencies -------------------------------------------------------------------------------------


class AgencyItem(Schema):
    slug: str
    name: str
    short_name: str
    region: RegionRef
    address: str
    phone: str
    email: str
    website: str


class AgencyPage(Page):
    items: list[AgencyItem]


_AGENCY_FIELDS = ("slug", "name", "short_name", "address", "phone", "email", "website")


@router.get("/agencies", response={200: AgencyPage, 422: ErrorOut}, summary="Daftar perangkat daerah (OPD)")
def list_agencies(
    request,
    region: region_code_query("Kode wilayah, bertitik (32.73) atau tidak (3273)") = None,
    page: PageNumber = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    """Regional government agencies (OPD). `region` (dotted `32.73` or plain `3273`) filters by region;
    a province code includes the agencies of its kabupaten/kota."""
    agencies = Agency.objects.order_by("region__code", "name", "slug")
    code = region_code(region)
    if code:
        agencies = agencies.filter(in_region(code))
    rows = agencies.values(*_AGENCY_FIELDS, "region__code", "region__name")[page_slice(page, page_size)]
    items = [
        {**{f: r[f] for f in _AGENCY_FIELDS}, "region": {"code": r["region__code"], "name": r["region__name"]}}
        for r in rows
    ]
    return {"count": agencies.count(), "page": page, "page_size": page_size, "items": items}
