"""Read-side queries of the public catalogue, shared by the HTML pages and the JSON API.

Only services with a published standard (`Service.current` set) are ever returned: drafts are never
public. Function names and signatures here are a contract with `catalogue/api.py`; change them only
together.

Search: on PostgreSQL, full-text search with the `indonesian` configuration, over exactly the
expression of the GIN index in migration 0002 (`to_tsvector('indonesian'::regconfig,
COALESCE(search_text, ''))`), ranked by relevance; on SQLite (the embedded default) every word must
occur in `search_text`, case-insensitively. Both expand synonyms and rank by `search.relevance`
(the service's name weighs most), so "KTP" lists the KTP-el services first on either database.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from loket.catalogue import rules, search
from loket.catalogue.models import Category, Service, ServiceStandard
from loket.core.errors import NotFound
from loket.core.i18n import tr
from loket.org.models import Agency, Region

PAGE_SIZE = 20
FTS_CONFIG = "indonesian"
MAX_QUERY_LENGTH = 200

_LABELS = {key: (label_id, label_en) for key, label_id, label_en, _group in rules.COMPONENTS}


def component_label(key: str) -> str:
    """The label of one of the 14 components in the active language (PermenPANRB 15/2014 wording)."""
    label_id, label_en = _LABELS[key]
    return tr(label_id, label_en)


# --- services -------------------------------------------------------------------------------------


def published_services() -> QuerySet[Service]:
    """Every service with a published standard, joined with what lists and cards show."""
    return Service.objects.filter(current__isnull=False).select_related("agency__region", "category", "current")


def normalize_query(q: str | None) -> str:
    """Collapse whitespace, drop NUL characters (PostgreSQL rejects them) and cap the length."""
    return " ".join((q or "").replace("\x00", "").split())[:MAX_QUERY_LENGTH]


def clean_param(value: str | None) -> str:
    """A filter value from a query string, stripped, without NUL characters (PostgreSQL rejects them)."""
    return (value or "").replace("\x00", "").strip()


def search_services(
    *, q: str = "", region: str = "", agency: str = "", category: str = "", audience: str = ""
) -> QuerySet[Service]:
    """Published services matching a search text and filters; empty arguments do not filter.

    - `q`: free text. PostgreSQL: Indonesian full-text search (stems words, so "perizinan" finds
      "izin"), websearch syntax ("kata", -kata, or), ordered by relevance. SQLite: each word must
      appear, case-insensitively (no stemming), ordered by name.
    - `region`: Kemendagri code; a province includes its kabupaten/kota.
    - `agency`: agency slug. `category`: category slug. `audience`: an `Audience` value.
    Without `q` the result is ordered by name.
    """
    services = published_services()
    region, agency, category, audience = map(clean_param, (region, agency, category, audience))
    if region:
        services = services.filter(Q(agency__region__code=region) | Q(agency__region__parent__code=region))
    if agency:
        services = services.filter(agency__slug=agency)
    if category:
        services = services.filter(category__slug=category)
    if audience:
        services = services.filter(audience=audience)
    q = normalize_query(q)
    if not q:
        return services.order_by("name_id", "code")
    found = search.terms(q)
    vendor = connections[services.db].vendor
    # Ranked the same on both databases (search.relevance: the service's name weighs most).
    services = services.annotate(relevance=search.relevance(found, vendor))
    if vendor == "postgresql":
        return _fulltext(services, q, found)
    return _each_word(services, q, found)


def _fulltext_query(q: str, found: list[tuple[str, ...]]) -> SearchQuery:
    """The query as typed (websearch syntax); with synonyms, each term OR its synonyms, all terms of one of
    the query's alternatives ("… or …") required, excluded words ("-reklame") still excluded."""
    if not search.has_synonyms(found):
        return SearchQuery(q, config=FTS_CONFIG, search_type="websearch")
    query = None
    for part in search.alternatives(q):
        wanted = None
        for variants in search.terms(part):
            either = None
            for variant in variants:
                text = f'"{variant}"' if " " in variant else variant
                one = SearchQuery(text, config=FTS_CONFIG, search_type="websearch")
                either = one if either is None else either | one
            wanted = either if wanted is None else wanted & either
        for word in part.split():
            if word.startswith("-") and len(word) > 1 and wanted is not None:
                wanted &= SearchQuery(word, config=FTS_CONFIG, search_type="websearch")
        if wanted is not None:
            query = wanted if query is None else query | wanted
    return query if query is not None else SearchQuery(q, config=FTS_CONFIG, search_type="websearch")


def _fulltext(services: QuerySet[Service], q: str, found: list[tuple[str, ...]]) -> QuerySet[Service]:
    query = _fulltext_query(q, found)
    # Emits the indexed expression verbatim, so the GIN index serves the WHERE clause.
    document = SearchVector("search_text", config=FTS_CONFIG)
    # Between services of equal relevance, the text rank (a match in the name counts extra) decides.
    name = SearchVector("name_id", "name_en", config=FTS_CONFIG)
    return (
        services.alias(document=document)
        .filter(document=query)
        .annotate(rank=SearchRank(document, query) + SearchRank(name, query))
        .order_by("-relevance", "-rank", "name_id", "code")
    )


def _each_word(services: QuerySet[Service], q: str, found: list[tuple[str, ...]]) -> QuerySet[Service]:
    if not found:  # only signs: nothing to look for but the text itself
        return services.filter(search_text__icontains=q).order_by("-relevance", "name_id", "code")
    return services.filter(search.substring_filter(q)).order_by("-relevance", "name_id", "code")


def get_published_service(code: str) -> Service:
    """The service with this code if it has a published standard; NotFound otherwise (drafts too)."""
    service = (
        published_services()
        .select_related("template__agency__region", "current__template_base")
        .filter(code=code)
        .first()
    )
    if service is None:
        raise NotFound(tr("Layanan tidak ditemukan atau belum diterbitkan.", "Service not found or not yet published."))
    return service


def published_version(service: Service, version: int) -> ServiceStandard:
    """One published version of a service (1, 2, …); NotFound for drafts and unknown numbers."""
    standard = (
        service.standards.filter(status=ServiceStandard.Status.PUBLISHED, version=version)
        .select_related("template_base")
        .first()
    )
    if standard is None:
        raise NotFound(
            tr(f"Versi {version} layanan ini tidak ada.", f"Version {version} of this service does not exist.")
        )
    return standard


def published_versions(service: Service) -> list[ServiceStandard]:
    """All published versions of a service, newest first (only number and publish time loaded)."""
    return list(
        service.standards.filter(status=ServiceStandard.Status.PUBLISHED)
        .only("id", "service_id", "version", "published_at")
        .order_by("-version")
    )


def published_adoptions(template: Service) -> list[Service]:
    """Published services of kabupaten/kota adopted from a province model service, by region code."""
    return list(published_services().filter(template=template).order_by("agency__region__code", "code"))


# --- the 14 components ----------------------------------------------------------------------------


def component_values(standard: ServiceStandard) -> dict:
    """The 14 components keyed as in `rules.COMPONENTS` (and the API), in PermenPANRB order.

    `fee` is {"amount": whole rupiah or None, "tariff": catalogue.tariffs data or None, "legal_basis": str};
    other values are stored as is.
    """
    values = {}
    for key in rules.COMPONENT_KEYS:
        if key == "fee":
            values[key] = {
                "amount": standard.fee_amount,
                "tariff": standard.fee_tariff,
                "legal_basis": standard.fee_legal_basis,
            }
        else:
            values[key] = getattr(standard, key)
    return values


@dataclass(frozen=True)
class Component:
    key: str
    group: str  # "delivery" or "management"
    number: int  # 1..14, the order of PermenPANRB 15/2014
    present: bool
    value: object

    @property
    def label(self) -> str:
        return component_label(self.key)


def components(standard: ServiceStandard) -> list[Component]:
    """The 14 components of a standard for display, each with its value and whether it is filled in."""
    content = standard.content()
    values = component_values(standard)
    return [
        Component(key=key, group=group, number=number, present=rules.is_present(content, key), value=values[key])
        for number, (key, _id, _en, group) in enumerate(rules.COMPONENTS, start=1)
    ]


# --- agencies and regions -------------------------------------------------------------------------


@dataclass(frozen=True)
class IncompleteService:
    service: Service
    missing: tuple[str, ...]  # component keys

    @property
    def missing_labels(self) -> list[str]:
        return [component_label(key) for key in self.missing]


@dataclass(frozen=True)
class AgencyCompliance:
    """How many of an agency's published services have a complete current standard (all 14 components)."""

    total: int
    complete: int
    incomplete: tuple[IncompleteService, ...]

    @property
    def percent(self) -> int:
        """Share of complete services, rounded down to a whole percent (0 without services)."""
        return self.complete * 100 // self.total if self.total else 0

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "complete": self.complete,
            "percent": self.percent,
            "incomplete": [{"code": item.service.code, "missing": list(item.missing)} for item in self.incomplete],
        }


def agency_services(agency: Agency) -> list[Service]:
    """The agency's published services, by name."""
    return list(published_services().filter(agency=agency).order_by("name_id", "code"))


def agency_compliance(agency: Agency, services: list[Service] | None = None) -> AgencyCompliance:
    """Compliance self-check of an agency over the current standards of its published services.

    Pass `services` (from `agency_services`) to avoid loading them twice.
    """
    if services is None:
        services = agency_services(agency)
    incomplete = []
    for service in services:
        result = service.current.compliance()
        if not result.complete:
            incomplete.append(IncompleteService(service=service, missing=result.missing))
    return AgencyCompliance(total=len(services), complete=len(services) - len(incomplete), incomplete=tuple(incomplete))


def get_agency(slug: str) -> Agency:
    agency = None if "\x00" in slug else Agency.objects.select_related("region__parent").filter(slug=slug).first()
    if agency is None:
        raise NotFound(tr("Instansi tidak ditemukan.", "Agency not found."))
    return agency


def get_region(code: str) -> Region:
    # A NUL character can be in a URL but never in a code (and PostgreSQL refuses it in a query).
    region = None if "\x00" in code else Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise NotFound(tr("Wilayah tidak ditemukan.", "Region not found."))
    return region


def region_agencies(region: Region) -> list[Agency]:
    """Agencies of one region (not of its children), each with `service_count` of published services."""
    return list(
        region.agencies.annotate(service_count=Count("services", filter=Q(services__current__isnull=False))).order_by(
            "name"
        )
    )


def published_counts_by_region() -> dict[int, int]:
    """Region id -> published services of agencies in it; a province also counts its kabupaten/kota."""
    direct = dict(published_services().order_by().values_list("agency__region_id").annotate(n=Count("id")))
    totals = dict(direct)
    parents = dict(Region.objects.filter(pk__in=direct, parent__isnull=False).values_list("pk", "parent_id"))
    for region_id, parent_id in parents.items():
        totals[parent_id] = totals.get(parent_id, 0) + direct[region_id]
    return totals


def regions_with_services() -> list[Region]:
    """Regions that have published services (provinces count their kabupaten/kota), each with `service_count`."""
    totals = published_counts_by_region()
    regions = list(Region.objects.filter(pk__in=totals).select_related("parent").order_by("code"))
    for region in regions:
        region.service_count = totals[region.pk]
    return regions


def categories_with_services() -> list[Category]:
    """Categories that have published services, each with `service_count`."""
    return list(
        Category.objects.annotate(service_count=Count("services", filter=Q(services__current__isnull=False)))
        .filter(service_count__gt=0)
        .order_by("name_id")
    )


def agencies_with_services(region: str = "") -> QuerySet[Agency]:
    """Agencies that have published services, optionally inside a region code (a province includes its children)."""
    agencies = Agency.objects.filter(Exists(Service.objects.filter(agency=OuterRef("pk"), current__isnull=False)))
    region = clean_param(region)
    if region:
        agencies = agencies.filter(Q(region__code=region) | Q(region__parent__code=region))
    return agencies.select_related("region").order_by("region__code", "name")


@dataclass(frozen=True)
class CatalogueSummary:
    services: int
    agencies: int
    regions: list[Region]
    categories: list[Category]


def catalogue_summary() -> CatalogueSummary:
    """What the home page counts: published services, agencies offering them, regions and categories."""
    services = published_services()
    return CatalogueSummary(
        services=services.count(),
        agencies=services.order_by().values("agency_id").distinct().count(),
        regions=regions_with_services(),
        categories=categories_with_services(),
    )


def publication_approval(user, service, draft) -> dict:
    """What the publish page shows of four eyes: the term changes, who requested them and what this user may do."""
    from loket.catalogue import terms

    if draft is None:
        return {"term_changes": []}
    changes = terms.changes(service.current if service.current_id else None, draft)
    requested = draft.approval_requested_by_id is not None
    stale = requested and draft.approval_terms != terms.digest(terms.snapshots(draft))
    requester = draft.approval_requested_by if requested else None
    return {
        "term_changes": changes,
        "approval_requested_by": requester,
        "approval_requested_at": draft.approval_requested_at,
        "approval_stale": stale,
        "i_requested": requested and requester.pk == user.pk,
        "may_approve": bool(changes) and requested and not stale and requester.pk != user.pk,
        "must_request": bool(changes) and (not requested or stale),
    }


def changes_from_previous(standard) -> tuple[int | None, list[dict]]:
    """The previous published version's number and what this version changed of the citizen's terms (public)."""
    from loket.catalogue import terms

    if not standard.version or standard.version <= 1:
        return None, []
    previous = (
        ServiceStandard.objects.filter(
            service_id=standard.service_id, status=ServiceStandard.Status.PUBLISHED, version__lt=standard.version
        )
        .order_by("-version")
        .first()
    )
    if previous is None:
        return None, []
    return previous.version, terms.changes(previous, standard)


def fee_text(amount, tariff=None) -> str:
    """The fee in one line as every page states it, from the data the assessment charges (catalogue.tariffs):
    "Gratis", "Rp150.000", or the tariff's items ("Sewa titik reklame: Rp25.000 per m²; …")."""
    from loket.catalogue import tariffs
    from loket.core import money
    from loket.core.i18n import is_english, tr

    if tariff:
        try:
            return "; ".join(tariffs.describe(tariffs.parse_tariff(tariff), english=is_english()))
        except tariffs.TariffError:
            return tr(
                "Tarif sedang diperbaiki; hubungi perangkat daerah.", "The tariff is being corrected; ask the agency."
            )
    if amount is None:
        return tr("Belum ditetapkan", "Not set")
    return tr("Gratis", "Free") if int(amount) == 0 else money.rupiah(amount)
