"""Public pages of the catalogue: home, search, service standard, agency and region pages.

Views stay thin: reads come from `queries`, and every page works without JavaScript.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from loket.catalogue import extensions, queries
from loket.catalogue.models import Audience, Channel
from loket.catalogue.page_cache import anonymous_page_cache
from loket.core.errors import NotFound
from loket.core.i18n import tr
from loket.org.models import Region

# Labels the models hold in Indonesian only, side by side with English (ADR 0002).
AUDIENCE_LABELS = {
    Audience.CITIZEN: ("Warga", "Citizens"),
    Audience.BUSINESS: ("Pelaku usaha", "Businesses"),
    Audience.EMPLOYEE: ("Pegawai ASN", "Civil servants"),
}
CHANNEL_LABELS = {
    Channel.ONLINE: ("Daring (dari rumah)", "Online (from home)"),
    Channel.ASSISTED: ("Daring dibantu petugas/fasilitator", "Online with help from an officer or facilitator"),
    Channel.COUNTER: ("Loket/Mal Pelayanan Publik", "Counter or Public Service Mall"),
}
LEVEL_LABELS = {
    Region.Level.PROVINCE: ("Provinsi", "Province"),
    Region.Level.KABUPATEN: ("Kabupaten", "Regency"),
    Region.Level.KOTA: ("Kota", "City"),
}
# Above this many agencies the filter asks for a region first, so the page stays small.
AGENCY_OPTIONS_LIMIT = 150


def _label(table: dict, key) -> str:
    pair = table.get(key)
    return tr(*pair) if pair else str(key)


def _not_found(error: NotFound):
    raise Http404(error.message)


@anonymous_page_cache
def home(request):
    return render(request, "catalogue/public/home.html", {"summary": queries.catalogue_summary()})


def _filter_params(params) -> dict:
    """The catalogue filters from a query string; unknown audiences are dropped."""
    audience = params.get("audience", "")
    return {
        "q": queries.normalize_query(params.get("q")),
        "region": queries.clean_param(params.get("region")),
        "agency": queries.clean_param(params.get("agency")),
        "category": queries.clean_param(params.get("category")),
        "audience": audience if audience in Audience.values else "",
    }


CARD_FIELDS = (
    "id",
    "code",
    "name_id",
    "name_en",
    "audience",
    "agency__name",
    "agency__region__code",
    "agency__region__name",
    "agency__region__level",
    "category__name_id",
    "category__name_en",
    "current__fee_amount",
    "current__fee_tariff",
    "current__time_limit_days",
)


@anonymous_page_cache
def catalogue(request):
    filters = _filter_params(request.GET)
    # Cards show a few columns: loading whole standards (JSON requirements, long texts) for them is waste.
    services = queries.search_services(**filters).only(*CARD_FIELDS)
    page = Paginator(services, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for service in page.object_list:
        service.audience_label = _label(AUDIENCE_LABELS, service.audience)
    # The select needs two columns; dicts instead of ~150 model instances halve the page's render time.
    agencies = list(
        queries.agencies_with_services(filters["region"]).values("slug", "name")[: AGENCY_OPTIONS_LIMIT + 1]
    )
    too_many_agencies = len(agencies) > AGENCY_OPTIONS_LIMIT
    context = {
        "filters": filters,
        "filtered": any(filters.values()),
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "regions": queries.regions_with_services(),
        "categories": queries.categories_with_services(),
        "agencies": [] if too_many_agencies else agencies,
        "too_many_agencies": too_many_agencies,
        "audiences": [(value, _label(AUDIENCE_LABELS, value)) for value in Audience.values],
    }
    return render(request, "catalogue/public/catalogue.html", context)


@anonymous_page_cache
def service_detail(request, code: str):
    try:
        service = queries.get_published_service(code)
    except NotFound as error:
        _not_found(error)
    return _render_standard(request, service, service.current)


@anonymous_page_cache
def service_version(request, code: str, version: int):
    try:
        service = queries.get_published_service(code)
        if version == service.current.version:
            return redirect("catalogue:service", code=code)
        standard = queries.published_version(service, version)
    except NotFound as error:
        _not_found(error)
    return _render_standard(request, service, standard)


def _local_date(moment, region):
    """The calendar date of a moment in the region's own time zone (WIB, WITA or WIT)."""
    return timezone.localtime(moment, region.zoneinfo).date() if moment else None


def _render_standard(request, service, standard):
    region = service.agency.region
    compliance = standard.compliance()
    context = {
        "service": service,
        "standard": standard,
        "is_current": standard.pk == service.current_id,
        "components": queries.components(standard),
        "compliance": compliance,
        "missing_labels": [queries.component_label(key) for key in compliance.missing],
        "published_on": _local_date(standard.published_at, region),
        "versions": [
            {"number": v.version, "published_on": _local_date(v.published_at, region)}
            for v in queries.published_versions(service)
        ],
        "adoptions": queries.published_adoptions(service) if service.is_template else [],
        "audience_label": _label(AUDIENCE_LABELS, service.audience),
        "channel_labels": [_label(CHANNEL_LABELS, channel) for channel in service.channels],
        "level_label": _label(LEVEL_LABELS, region.level),
        "identity_region": region,  # the page carries its region's identity (core.identity)
    }
    # The layers above add their views of this version (the SOP flowchart) and say whether it can be applied
    # for online (a form and a procedure exist): registered with catalogue.extensions, never imported here.
    context["previous_version"], context["term_changes"] = queries.changes_from_previous(standard)
    built = extensions.sections(standard)
    context.update(built)
    context["can_apply"] = (
        context["is_current"]
        and "online" in service.channels
        and not service.kind_only
        and extensions.accepts_online_applications(standard, built)
    )
    return render(request, "catalogue/public/service.html", context)


@anonymous_page_cache
def agency_detail(request, slug: str):
    try:
        agency = queries.get_agency(slug)
    except NotFound as error:
        _not_found(error)
    services = queries.agency_services(agency)
    for service in services:
        service.audience_label = _label(AUDIENCE_LABELS, service.audience)
    context = {
        "agency": agency,
        "services": services,
        "compliance": queries.agency_compliance(agency, services),
        "level_label": _label(LEVEL_LABELS, agency.region.level),
        "identity_region": agency.region_id,
    }
    return render(request, "catalogue/public/agency.html", context)


@anonymous_page_cache
def region_detail(request, code: str):
    try:
        region = queries.get_region(code)
    except NotFound as error:
        _not_found(error)
    context = {
        "region": region,
        "level_label": _label(LEVEL_LABELS, region.level),
        "agencies": queries.region_agencies(region),
        "children": list(region.children.order_by("code")),
        "service_count": queries.published_counts_by_region().get(region.pk, 0),
        "identity_region": region,
    }
    return render(request, "catalogue/public/region.html", context)
