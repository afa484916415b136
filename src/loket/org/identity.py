"""Which identity a region's pages carry, from the Identity rows, kept in memory between requests.

Identities change seldom and every page shows one, so the whole table (a few dozen rows) is read once into a
snapshot: region id → core.identity.Identity, plus the deployment's. A save or delete of an identity, a link or
a region starts a new snapshot in this process at once (in others with a shared cache too; with the per-process
default cache they follow within SNAPSHOT_SECONDS).
"""

import time

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.templatetags.static import static
from django.urls import reverse

from loket.core import identity as core_identity
from loket.org.models import Identity, IdentityLink, Region

VERSION_KEY = "loket:identity:version"
SNAPSHOT_SECONDS = 60


def _cache():
    return caches["pages"]


def _version() -> str:
    value = _cache().get(VERSION_KEY)
    if value is None:
        _cache().add(VERSION_KEY, str(time.time_ns()), None)
        value = _cache().get(VERSION_KEY)
    return value


def forget(**_kwargs) -> None:
    _cache().set(VERSION_KEY, str(time.time_ns()), None)


def _changed(sender, **kwargs) -> None:
    forget()
    transaction.on_commit(forget, using=kwargs.get("using"))


def connect() -> None:
    for model in (Identity, IdentityLink, Region):
        post_save.connect(_changed, sender=model, dispatch_uid=f"identity-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"identity-{model.__name__}-delete")


def logo_url(row: Identity) -> str:
    if row.logo_type:
        return reverse("identity_logo", args=[row.slug]) + f"?v={int(row.updated_at.timestamp())}"
    return static(row.logo_static or core_identity.DEFAULT_LOGO)


def theme_url(row: Identity) -> str:
    return reverse("identity_theme", args=[row.slug]) + f"?v={int(row.updated_at.timestamp())}"


def _as_shown(row: Identity, links: list[IdentityLink]) -> core_identity.Identity:
    return core_identity.Identity(
        key=row.slug,
        name_id=row.name_id,
        name_en=row.name_en,
        short_name=row.short_name,
        government_id=row.government_id,
        government_en=row.government_en,
        logo_url=logo_url(row),
        theme_url=theme_url(row),
        address=row.address,
        phone=row.phone,
        email=row.email,
        hours_id=row.hours_id,
        hours_en=row.hours_en,
        website=row.website,
        links=tuple(core_identity.Link(link.kind, link.label_id, link.label_en, link.url) for link in links),
    )


LINK_FIELDS = ("links__kind", "links__label_id", "links__label_en", "links__url", "links__order", "links__pk")
IDENTITY_FIELDS = tuple(
    field.attname for field in Identity._meta.concrete_fields if field.attname not in ("logo_data",)
)


def snapshot() -> dict:
    """{None: the deployment's identity, region id: that region's own identity}, read in one query (a row per
    footer link, identities and links joined)."""
    key = f"loket:identity:snapshot:{_version()}"
    cached = _cache().get(key)
    if cached is not None:
        return cached
    rows: dict[int, Identity] = {}
    links: dict[int, list[IdentityLink]] = {}
    for values in Identity.objects.values(*IDENTITY_FIELDS, *LINK_FIELDS).order_by("pk", "links__order", "links__pk"):
        pk = values["id"]
        if pk not in rows:
            rows[pk] = Identity(**{name: values[name] for name in IDENTITY_FIELDS})
            links[pk] = []
        if values["links__pk"] is not None:
            links[pk].append(
                IdentityLink(
                    identity_id=pk,
                    kind=values["links__kind"],
                    label_id=values["links__label_id"],
                    label_en=values["links__label_en"],
                    url=values["links__url"],
                )
            )
    own = {row.region_id: _as_shown(row, links[pk]) for pk, row in rows.items()}
    own.setdefault(None, core_identity.plain())
    _cache().set(key, own, SNAPSHOT_SECONDS)
    return own


def _parents() -> dict:
    """{region id: parent id}: read only when a page names its region by id alone."""
    key = f"loket:identity:parents:{_version()}"
    cached = _cache().get(key)
    if cached is None:
        cached = dict(Region.objects.values_list("id", "parent_id"))
        _cache().set(key, cached, SNAPSHOT_SECONDS)
    return cached


def resolve(region=None) -> core_identity.Identity:
    """The identity of a region's pages: its own, else its province's, else the deployment's. `region` is a
    Region, its id, or None (the deployment's)."""
    own = snapshot()
    if region is None:
        return own[None]
    region_id = getattr(region, "pk", region)
    if region_id in own:
        return own[region_id]
    parent_id = region.parent_id if hasattr(region, "parent_id") else _parents().get(region_id)
    return own.get(parent_id) or own[None]
