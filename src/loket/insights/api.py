"""Open data and transparency figures through the API (/api/v1/statistik/...), public, no personal data."""

from django.http import HttpResponse
from django.utils import timezone
from ninja import Router, Schema

from loket.core.errors import NotFound
from loket.core.i18n import tr
from loket.insights import indicators, opendata, queries
from loket.org.api import ErrorOut
from loket.org.models import Agency

router = Router(tags=["insights"])


class Compliance(Schema):
    services: int
    complete: int
    percent: int


class AgencyOut(Schema):
    slug: str
    name: str
    region_code: str


class AgencyFigures(Schema):
    agency: AgencyOut
    from_month: str
    to_month: str
    to_day: str  # the running month is counted up to today
    data_as_of: str | None  # every record before this moment is in the figures
    definitions_version: int  # insights.indicators.VERSION: the definitions at /data/indikator/
    standard_compliance: Compliance
    total: dict
    months: list[dict]
    services: list[dict]
    license: dict


class Resource(Schema):
    license: dict
    generated_at: str
    data_as_of: str | None  # every record before this moment is in the file
    definitions_version: int
    fields: list[str]
    data: list[dict]


def _stored(name: str) -> HttpResponse:
    """The stored JSON as it is (it matches the documented schema): no parsing and re-serializing of
    megabytes per request."""
    stored = opendata.read(name)
    if stored is None:
        raise NotFound(tr("Data belum diterbitkan.", "Not published yet."))
    response = HttpResponse(stored.content, content_type="application/json")
    response["Cache-Control"] = "public, max-age=300"
    response["Link"] = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    return response


@router.get(
    "/statistik/instansi/{slug}",
    response={200: AgencyFigures, 404: ErrorOut},
    summary="Kinerja layanan publik satu perangkat daerah: 12 bulan kalender terakhir, bulan berjalan s.d. hari ini",
)
def agency_figures(request, slug: str):
    agency = Agency.objects.select_related("region").filter(slug=slug).first() if "\x00" not in slug else None
    if agency is None:
        raise NotFound(tr("Instansi tidak ditemukan.", "Agency not found."))
    data = queries.agency_transparency(agency)
    fresh = queries.freshness()
    return {
        "agency": {"slug": agency.slug, "name": agency.name, "region_code": agency.region.code},
        "from_month": data["since"].strftime("%Y-%m"),
        "to_month": data["until"].strftime("%Y-%m"),
        "to_day": timezone.localdate().isoformat(),
        "data_as_of": fresh.data.isoformat() if fresh.data else None,
        "definitions_version": indicators.VERSION,
        "standard_compliance": {
            "services": data["compliance"].total,
            "complete": data["compliance"].complete,
            "percent": data["compliance"].percent,
        },
        "total": data["total_row"],
        "months": [{"month": month.strftime("%Y-%m"), **kpi.as_row()} for month, kpi in data["trend"]],
        "services": [{"code": service.code, "name": service.name_id, **row} for service, _, row in data["services"]],
        "license": opendata.LICENSE,
    }


@router.get(
    "/statistik/datapackage",
    response={200: dict, 404: ErrorOut},
    summary="Deskriptor paket data Frictionless (skema, lisensi CC BY 4.0)",
)
def datapackage(request):
    return _stored(opendata.DESCRIPTOR)


@router.get(
    "/statistik/{year}/{resource}",
    response={200: Resource, 404: ErrorOut, 422: ErrorOut},
    summary="Statistik agregat satu tahun: layanan-bulanan, ikm-bulanan, kepegawaian-bulanan, pembayaran-bulanan atau "
    "pembayaran-tanpa-kasus-bulanan",
)
def resource(request, year: int, resource: str):
    if resource not in opendata.RESOURCES or not 1900 <= year <= 9999:
        raise NotFound(tr("Sumber data tidak dikenal.", "Unknown resource."))
    return _stored(f"{year}/{resource}.json")
