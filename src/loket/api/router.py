"""Assembles each app's `api.py` router into one django-ninja API at /api/v1/."""

import json
from functools import wraps

from django.http import Http404, HttpResponse
from django.urls import re_path
from django.views.decorators.common import no_append_slash
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from loket.core.errors import LoketError

JSON = "application/json; charset=utf-8"


def _json_error(message: str, status: int) -> HttpResponse:
    return HttpResponse(json.dumps({"message": message}), status=status, content_type=JSON)


@no_append_slash
def unknown_route(request, *args, **kwargs):
    """Any path under /api/v1/ that names no endpoint: JSON, not the site's HTML 404 page."""
    return _json_error("Alamat API tidak ditemukan. Lihat /api/v1/openapi.json untuk daftar alamat.", 404)


def _json_method_not_allowed(view):
    # ninja answers a wrong method with a bare text 405; keep its Allow header, give a JSON body.
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            response = _json_error(f"Metode {request.method} tidak diizinkan di alamat ini. Gunakan: {allowed}.", 405)
            response["Allow"] = allowed
        return response

    return wrapper


def api_index(request, *args, **kwargs):
    """/api/v1/ itself (ninja's own root view only raises a 404): where the description of the API is."""
    body = {
        "name": api.title,
        "version": api.version,
        "openapi": request.build_absolute_uri("openapi.json"),
        "docs": request.build_absolute_uri("docs"),
    }
    return HttpResponse(json.dumps(body), content_type=JSON)


# Every operation may be refused before it runs (core/request_limits.py): documented on each one.
REFUSALS = {
    400: "Permintaan ditolak sebelum diproses: karakter NUL, pengodean selain UTF-8, JSON terlalu dalam",
    413: "Isi permintaan terlalu besar untuk alamat ini",
}


class LoketAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in REFUSALS.items():
                    # ninja keys responses by int; a str key as well would be a duplicate key in the JSON
                    if status not in responses and str(status) not in responses:
                        responses[status] = {"description": description, **error}
        return schema

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            view = api_index if pattern.name == "api-root" else pattern.callback
            pattern.callback = _json_method_not_allowed(view)
        return [*urls, re_path(r"^.*$", unknown_route)]


api = LoketAPI(
    title="Loket API",
    version="1",
    description='Public-service catalogue of the regional government. Errors are JSON: {"message": …}.',
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


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    fields = sorted({str(error["loc"][-1]) for error in exc.errors if error.get("loc")})
    message = "Parameter permintaan tidak valid" + (f": {', '.join(fields)}." if fields else ".")
    return api.create_response(request, {"message": message, "errors": exc.errors}, status=422)


HTTP_MESSAGES = {
    400: "Permintaan tidak dapat dibaca.",
    401: "Silakan masuk terlebih dahulu.",
    403: "Akses ditolak.",
    429: "Terlalu banyak permintaan. Silakan coba lagi nanti.",
}


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    message = HTTP_MESSAGES.get(exc.status_code, "Permintaan tidak dapat diproses.")
    return api.create_response(request, {"message": message}, status=exc.status_code)


@api.exception_handler(Exception)
def unexpected(request, exc):
    import logging

    logging.getLogger("loket.api").exception("unhandled API error")
    return api.create_response(request, {"message": "Terjadi gangguan pada server. Silakan coba lagi."}, status=500)


from loket.catalogue.api import router as catalogue_router  # noqa: E402
from loket.org.api import router as org_router  # noqa: E402

api.add_router("/", org_router)
api.add_router("/", catalogue_router)

from loket.applications.api import router as applications_router  # noqa: E402
from loket.workflow.api import router as workflow_router  # noqa: E402

api.add_router("/", applications_router)
api.add_router("/", workflow_router)

from loket.documents.api import router as documents_router  # noqa: E402
from loket.hr.api import router as hr_router  # noqa: E402
from loket.insights.api import router as insights_router  # noqa: E402
from loket.payments.api import router as payments_router  # noqa: E402

api.add_router("/", documents_router)
api.add_router("/", insights_router)
api.add_router("/", hr_router)
api.add_router("/", payments_router)
