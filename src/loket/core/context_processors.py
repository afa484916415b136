from django.conf import settings
from django.utils.functional import SimpleLazyObject

from loket.core import nav
from loket.core.i18n import is_english


def site(request):
    return {
        "site_name": settings.LOKET_SITE_NAME,
        "complaint_channel": settings.LOKET_COMPLAINT_CHANNEL,
        "lang_en": is_english(),
        # Lazy: pages that never show the back-office link pay no query for it.
        "is_staff_user": SimpleLazyObject(lambda: _is_staff(request)),
        "stage_links": SimpleLazyObject(lambda: nav.links_for(getattr(request, "user", None))),
        "office_links": SimpleLazyObject(lambda: nav.links_for(getattr(request, "user", None), "office")),
        # Pages a later stage adds to the HR office's menu (hr/_hr_nav.html): e.g. the manual baselines (insights).
        "hr_office_links": SimpleLazyObject(lambda: nav.links_for(getattr(request, "user", None), "hr_office")),
    }


def _is_staff(request) -> bool:
    return nav.is_staff(getattr(request, "user", None))
