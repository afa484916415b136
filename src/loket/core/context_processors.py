from django.conf import settings

from loket.core.i18n import is_english


def site(request):
    return {
        "site_name": settings.LOKET_SITE_NAME,
        "complaint_channel": settings.LOKET_COMPLAINT_CHANNEL,
        "lang_en": is_english(),
    }
