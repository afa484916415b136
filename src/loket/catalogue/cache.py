"""One cache generation for everything rendered from the catalogue (API lists, public pages).

Any save or delete of a Service, Agency, Region, Unit, Category or identity starts a new generation, so cached pages
are never served after a publish in this process (and in every process with a shared Redis cache;
with the per-process default cache other processes follow within the cache lifetime).
"""

import time

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "loket:catalogue:generation"


def _cache():
    # Next to the pages it versions: the "pages" cache (process memory, or Redis when configured).
    return caches["pages"]


def generation() -> str:
    cache = _cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, str(time.time_ns()), None)
        value = cache.get(GENERATION_KEY)
    return value


def forget(**_kwargs) -> None:
    _cache().set(GENERATION_KEY, str(time.time_ns()), None)


def _changed(sender, **kwargs) -> None:
    # Now for this transaction's own later reads, and again after commit so that no request that
    # read the old rows in between leaves them cached under the new generation.
    forget()
    transaction.on_commit(forget, using=kwargs.get("using"))


def connect() -> None:
    from loket.catalogue.models import Category, Service
    from loket.org.models import Agency, Identity, IdentityLink, Region, Unit

    # An identity is drawn on every cached page (its region's name, crest, contact): a change shows at once.
    for model in (Service, Agency, Region, Unit, Category, Identity, IdentityLink):
        post_save.connect(_changed, sender=model, dispatch_uid=f"catalogue-cache-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"catalogue-cache-{model.__name__}-delete")
