"""Cheap refusals before any view reads a request: oversized bodies, NUL characters, foreign charsets.

One place for the whole site (HTML pages and the API): `RequestLimitsMiddleware` runs right after
Django's SecurityMiddleware, inside the middlewares that add the security headers, and before anything
parses the body (sessions, CSRF, ninja). It refuses

- a body larger than its route allows (413): the declared Content-Length is checked before a single
  byte is read; routes that take uploads have their own limits (settings.LOKET_UPLOAD_LIMITS, by URL
  name), every other route the small LOKET_MAX_REQUEST_BYTES. Django's own RequestDataTooBig becomes a
  413 as well, and too many fields or files a 400 (both were 500s in the API);
- a NUL character (400) in the decoded path, query keys and values, header values, form keys, values and
  file names, and in the strings and keys of a JSON body (`\\u0000` escapes decode to NUL). PostgreSQL
  refuses NUL in text, so without this any lookup by a posted value ended in a 500;
- a charset other than UTF-8/US-ASCII (400): with charset=utf-7, `+AAA-` decodes to NUL;
- JSON nested deeper than MAX_JSON_DEPTH (400): no form of ours is that deep, and deep nesting costs
  every parser and validator behind it.

API paths (/api/) get the API's JSON error body, pages a plain Indonesian page. Under ASGI, Django reads
the whole body before any middleware runs: `asgi_body_limit` wraps the ASGI application and refuses
oversized bodies (declared or streamed) before Django buffers them.
"""

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from loket.core.i18n import tr

MAX_JSON_DEPTH = 32
CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
NUL = "\x00"


class Refused(Exception):
    def __init__(self, status: int, message_id: str, message_en: str):
        super().__init__(message_en)
        self.status, self.message_id, self.message_en = status, message_id, message_en


def body_limit(path_info: str) -> int:
    """Bytes of body the route at `path_info` accepts: its upload limit, or the small default."""
    limits = getattr(settings, "LOKET_UPLOAD_LIMITS", {})
    default = settings.LOKET_MAX_REQUEST_BYTES
    if not limits:
        return default
    try:
        match = resolve(path_info)
    except Resolver404:
        return default
    return limits.get(match.view_name, default)


def too_large(limit: int) -> Refused:
    mb = max(1, round(limit / (1024 * 1024)))
    return Refused(
        413,
        f"Permintaan terlalu besar: paling banyak sekitar {mb} MB untuk alamat ini.",
        f"The request is too large: at most about {mb} MB for this address.",
    )


def _nul_refusal(where_id: str, where_en: str) -> Refused:
    return Refused(
        400,
        f"Permintaan ditolak: {where_id} berisi karakter NUL (\\0) yang tidak diizinkan.",
        f"Request refused: the {where_en} contains a NUL character (\\0), which is not allowed.",
    )


def find_nul_or_depth(value, max_depth: int = MAX_JSON_DEPTH) -> Refused | None:
    """Walk a decoded JSON value without recursion: a NUL in a string or key, or nesting too deep."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if NUL in item:
                return _nul_refusal("data JSON", "JSON data")
        elif isinstance(item, (dict, list)):
            if depth > max_depth:
                return Refused(
                    400,
                    f"Permintaan ditolak: data JSON bersarang lebih dari {max_depth} tingkat.",
                    f"Request refused: the JSON data is nested more than {max_depth} levels deep.",
                )
            if isinstance(item, dict):
                for key, child in item.items():
                    if NUL in key:
                        return _nul_refusal("data JSON", "JSON data")
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in item)
    return None


def _check_pairs(pairs, where_id: str, where_en: str) -> None:
    for key, values in pairs:
        if NUL in key or any(NUL in value for value in values if isinstance(value, str)):
            raise _nul_refusal(where_id, where_en)


def smallest_limit() -> int:
    """The body no route refuses: below it, which route a request is for does not matter."""
    return min([settings.LOKET_MAX_REQUEST_BYTES, *getattr(settings, "LOKET_UPLOAD_LIMITS", {}).values()])


def check_request(request) -> None:
    """Raise Refused when the request must not reach a view (see the module's docstring)."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    try:
        declared = int(length)
    except ValueError:
        raise Refused(
            400, "Panjang isi permintaan tidak valid.", "The request's Content-Length is not valid."
        ) from None
    # Only a body larger than every route accepts needs its route's limit (resolving the path costs as much
    # as Django's own resolving of it for the view, on every request).
    if declared > smallest_limit():
        limit = body_limit(request.path_info)
        if declared > limit:
            raise too_large(limit)
    if NUL in request.path_info:
        raise _nul_refusal("alamat", "address")
    charset = request.content_params.get("charset")
    if charset is not None and charset.strip().lower() not in CHARSETS:
        raise Refused(
            400,
            "Permintaan ditolak: gunakan pengodean UTF-8.",
            "Request refused: send the request encoded as UTF-8.",
        )
    for name, value in request.META.items():
        if name.startswith("HTTP_") and isinstance(value, str) and NUL in value:
            raise _nul_refusal("kepala permintaan", "request header")
    _check_pairs(request.GET.lists(), "parameter alamat", "query parameters")
    if declared == 0:
        return  # under WSGI a body without Content-Length is never read; under ASGI the guard capped it
    if request.content_type in FORM_TYPES:
        if request.method == "POST":  # Django parses form bodies of POST only
            _check_pairs(request.POST.lists(), "isian formulir", "form fields")
            for key, files in request.FILES.lists():
                if NUL in key or any(NUL in (item.name or "") for item in files):
                    raise _nul_refusal("nama berkas", "file name")
        return
    # Any other body may be read as JSON (ninja reads the body of every API operation as JSON, whatever
    # its content type): check what a JSON parser would get out of it.
    body = request.body
    try:
        parsed = json.loads(body)
    except RecursionError:
        raise Refused(
            400,
            f"Permintaan ditolak: data JSON bersarang lebih dari {MAX_JSON_DEPTH} tingkat.",
            f"Request refused: the JSON data is nested more than {MAX_JSON_DEPTH} levels deep.",
        ) from None
    except ValueError:  # not JSON (or not decodable): the view refuses it; a raw NUL is still refused here
        if b"\x00" in body:
            raise _nul_refusal("isi permintaan", "request body") from None
        return
    refusal = find_nul_or_depth(parsed)
    if refusal is not None:
        raise refusal


def is_api(path_info: str) -> bool:
    return path_info.startswith("/api/")


def refusal_response(path_info: str, refused: Refused) -> HttpResponse:
    """The refusal as the API's JSON error body, or a plain page in Indonesian (English below it)."""
    if is_api(path_info):
        body = json.dumps({"message": tr(refused.message_id, refused.message_en), "errors": {}})
        return HttpResponse(body, status=refused.status, content_type="application/json; charset=utf-8")
    titles = {413: ("Permintaan terlalu besar", "Request too large")}
    title_id, title_en = titles.get(refused.status, ("Permintaan ditolak", "Request refused"))
    page = render_to_string(
        "core/request_refused.html",
        {
            "status": refused.status,
            "title_id": title_id,
            "title_en": title_en,
            "message_id": refused.message_id,
            "message_en": refused.message_en,
        },
    )
    return HttpResponse(page, status=refused.status, content_type="text/html; charset=utf-8")


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_request(request)
        except Refused as refused:
            return self._refuse(request, refused)
        except RequestDataTooBig:
            return self._refuse(request, too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
        except (TooManyFieldsSent, TooManyFilesSent):
            return self._refuse(
                request,
                Refused(
                    400,
                    "Permintaan ditolak: terlalu banyak isian atau berkas.",
                    "Request refused: too many fields or files.",
                ),
            )
        except MultiPartParserError:
            return self._refuse(
                request,
                Refused(400, "Isi formulir tidak dapat dibaca.", "The form data could not be read."),
            )
        return self.get_response(request)

    def _refuse(self, request, refused: Refused) -> HttpResponse:
        response = refusal_response(request.path_info, refused)
        # The body was not (fully) read: the connection must not be reused for the rest of it.
        response["Connection"] = "close"
        return response


# ---------------------------------------------------------------- ASGI


def _site_headers() -> list[tuple[bytes, bytes]]:
    """The security headers of every page, for refusals sent before Django's middleware runs."""
    from loket.core.middleware import CSP

    headers = {
        "Content-Security-Policy": CSP,
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": getattr(settings, "X_FRAME_OPTIONS", "DENY"),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": getattr(settings, "SECURE_REFERRER_POLICY", "same-origin"),
        "Connection": "close",
    }
    return [(name.lower().encode(), value.encode()) for name, value in headers.items()]


def asgi_body_limit(app):
    """Wrap an ASGI application: bodies over their route's limit are refused with 413 before Django reads
    them (Django's ASGI handler spools the whole body to a temporary file before any middleware)."""

    async def send_refusal(send, path_info: str, limit: int) -> None:
        response = refusal_response(path_info, too_large(limit))
        headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in response.items()
            if name.lower() != "connection"
        ]
        await send(
            {"type": "http.response.start", "status": response.status_code, "headers": headers + _site_headers()}
        )
        await send({"type": "http.response.body", "body": response.content})

    async def guarded(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        path = scope.get("path", "")
        root = scope.get("root_path", "")
        path_info = path[len(root) :] if root and path.startswith(root) else path
        limit = body_limit(path_info)  # URL resolving only: no database, fine in the event loop
        declared = next((value for name, value in scope.get("headers", []) if name.lower() == b"content-length"), None)
        if declared is not None and (not declared.strip().isdigit() or int(declared) > limit):
            return await send_refusal(send, path_info, limit)
        received = 0
        refused = False

        async def capped_receive():
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Answer now, then tell Django the client went away: it stops reading and sends nothing.
                    refused = True
                    await send_refusal(send, path_info, limit)
                    return {"type": "http.disconnect"}
            return message

        return await app(scope, capped_receive, send)

    return guarded
