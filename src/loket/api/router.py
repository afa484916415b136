"""Assembles each app's `api.py` router into one django-ninja API at /api/v1/."""

from django.http import Http404
from ninja import NinjaAPI

from loket.core.errors import LoketError

api = NinjaAPI(
    title="Loket API",
    version="1",
    description="Public-service catalogue of the regional government. Errors are JSON: {\"message\": …}.",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(LoketError)
def loket_error(request, exc: LoketError):
    return api.create_response(request, {"message": exc.message, "errors": exc.errors}, status=exc.status)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"message": "Data tidak ditemukan."}, status=404)


@api.exception_handler(Exception)
def unexpected(request, exc):
    import logging

    logging.getLogger("loket.api").exception("unhandled API error")
    return api.create_response(request, {"message": "Terjadi gangguan pada server. Silakan coba lagi."}, status=500)


from loket.catalogue.api import router as catalogue_router  # noqa: E402
from loket.org.api import router as org_router  # noqa: E402

api.add_router("/", org_router)
api.add_router("/", catalogue_router)
