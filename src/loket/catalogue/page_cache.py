"""Cache whole public pages for anonymous visitors, keyed by the catalogue generation.

Anonymous catalogue pages are the same for everyone with the same URL and language, and they are
read far more often than the catalogue changes. Signed-in users (back-office links, messages) are
never served from this cache.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import get_language

from loket.catalogue.cache import generation


def anonymous_page_cache(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = getattr(settings, "LOKET_PAGE_CACHE_SECONDS", 0)
        if not seconds or request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        raw = f"{request.get_full_path()}|{get_language()}"
        key = f"loket:page:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"
        hit = caches["pages"].get(key)
        if hit is not None:
            from django.http import HttpResponse

            body, content_type = hit
            return HttpResponse(body, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            caches["pages"].set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapper
