import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
django_application = get_asgi_application()

from loket.core.request_limits import asgi_body_limit  # noqa: E402  (needs the settings configured above)

# Django's ASGI handler reads the whole body before any middleware: oversized ones are refused first.
application = asgi_body_limit(django_application)
