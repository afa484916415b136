"""Issue 11, findings 8 and 9: NUL characters and oversized bodies are refused in one place
(loket.core.request_limits.RequestLimitsMiddleware), with 400/413 instead of a 500, before anything
reads or stores the body; refusals carry the same security headers as every page."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files import uploadhandler
from django.test import Client

from loket.core import tokens
from tests.helpers import report

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
)


def anonymous() -> Client:
    return Client(raise_request_exception=False)


def bearer(world, actor="citizen") -> dict:
    _token, raw = tokens.issue(actor=None, user=world.users[actor], name="limits")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def is_json_error(response) -> bool:
    return response["Content-Type"].startswith("application/json") and "message" in response.json()


# ---------------------------------------------------------------- finding 8: NUL bytes


def test_nul_in_the_public_status_path_is_a_json_400(world):
    response = anonymous().get("/api/v1/status/3273%00?pin=1")
    assert response.status_code == 400 and is_json_error(response)
    assert "NUL" in response.json()["message"]


def test_nul_in_the_verification_path_is_a_plain_indonesian_page(world):
    response = anonymous().get("/verifikasi/AB%00C")
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="id">' in page and "Permintaan ditolak" in page and "NUL" in page


@pytest.mark.parametrize(
    "url",
    ["/api/v1/services?q=a%00b", "/api/v1/services?a%00b=1", "/layanan/?q=a%00b"],
    ids=["api value", "api key", "page value"],
)
def test_nul_in_query_keys_and_values_is_refused(world, url):
    assert anonymous().get(url).status_code == 400


def test_nul_in_a_form_post_is_refused(world):
    response = anonymous().post("/cek-status/", {"tracking": "3273\x00", "pin": "123456"})
    assert response.status_code == 400 and "NUL" in response.content.decode()


@pytest.mark.parametrize(
    "body",
    [
        '{"service": "izin\\u0000", "data": {}, "idempotency_key": "k"}',
        '{"service": "izin", "data": {"nama_usaha": "a\\u0000"}, "idempotency_key": "k"}',
        '{"service": "izin", "data": {"a\\u0000": 1}, "idempotency_key": "k"}',
        '{"service": "izin", "data": {}, "idempotency_key": "\\u0000"}',
    ],
    ids=["field", "nested answer", "key", "idempotency key"],
)
@pytest.mark.parametrize("content_type", ["application/json", "Application/JSON; charset=UTF-8", "text/plain"])
def test_nul_escapes_in_json_are_refused_whatever_the_content_type(world, body, content_type):
    response = anonymous().post("/api/v1/applications", body, content_type=content_type, **bearer(world))
    assert response.status_code == 400 and is_json_error(response), response.content


def test_an_escaped_backslash_before_u0000_is_not_a_nul(world):
    body = json.dumps({"service": "tidak-ada", "data": {}, "idempotency_key": "\\u0000"})
    assert "\\\\u0000" in body
    response = anonymous().post("/api/v1/applications", body, content_type="application/json", **bearer(world))
    assert response.status_code == 422  # judged by the API (no such service), not refused as NUL


def test_a_charset_other_than_utf8_is_refused(world):
    # In UTF-7, "+AAA-" is a NUL character.
    response = anonymous().post(
        "/cek-status/", "tracking=3273+AAA-&pin=1", content_type="application/x-www-form-urlencoded; charset=utf-7"
    )
    assert response.status_code == 400
    response = anonymous().post(
        "/api/v1/applications", b'{"service": "+AAA-"}', content_type="application/json; charset=UTF-7"
    )
    assert response.status_code == 400 and is_json_error(response)


def test_json_nested_too_deep_is_refused(world):
    body = '{"service": "izin", "data": {"a": ' + "[" * 1000 + "]" * 1000 + "}}"
    response = anonymous().post("/api/v1/applications", body, content_type="application/json", **bearer(world))
    assert response.status_code == 400 and is_json_error(response)


def test_a_refusal_has_the_same_security_headers_as_a_normal_page(world):
    normal = anonymous().get("/verifikasi/AB")
    refused = anonymous().get("/verifikasi/AB%00C")
    api_refused = anonymous().get("/api/v1/status/3273%00?pin=1")
    assert refused.status_code == api_refused.status_code == 400
    for name in SECURITY_HEADERS:
        assert normal.has_header(name), name
        assert refused.get(name) == normal[name], name
        assert api_refused.get(name) == normal[name], name
    report.add("header_checks", 2)


# ---------------------------------------------------------------- finding 9: oversized bodies

MB = 1024 * 1024


@pytest.fixture
def spooled(monkeypatch, settings, tmp_path):
    """Bytes Django's upload handlers received (memory or temporary file), and the temp and media dirs."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "tmp")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "tmp").mkdir()
    received = []
    for handler in (uploadhandler.TemporaryFileUploadHandler, uploadhandler.MemoryFileUploadHandler):
        original = handler.receive_data_chunk

        def spy(self, raw_data, start, _original=original):
            received.append(len(raw_data))
            return _original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", spy)
    return received, tmp_path


def multipart(name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = "loketbatas"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_60_mb_to_the_verification_upload_is_413_and_nothing_is_written(world, spooled):
    received, tmp_path = spooled
    body, content_type = multipart("file", "besar.pdf", b"%PDF-1.4\n" + b"0" * (60 * MB))
    response = anonymous().post("/verifikasi/", body, content_type=content_type)
    assert response.status_code == 413
    assert "terlalu besar" in response.content.decode()
    assert received == []  # no upload handler saw a byte: nothing spooled to memory or disk
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*"))


def test_a_legitimate_verification_upload_still_reaches_the_page(world, spooled):
    body, content_type = multipart("file", "kecil.pdf", b"%PDF-1.4\n%%EOF\n")
    response = anonymous().post("/verifikasi/", body, content_type=content_type)
    assert response.status_code in (200, 400) and "Permintaan ditolak" not in response.content.decode()


def test_oversized_json_to_an_api_operation_is_413(world):
    body = json.dumps({"service": "izin", "data": {"nama_usaha": "a" * (7 * MB)}, "idempotency_key": "k"})
    response = anonymous().post("/api/v1/applications", body, content_type="application/json", **bearer(world))
    assert response.status_code == 413 and is_json_error(response)


def test_oversized_form_post_is_413(world):
    response = anonymous().post("/cek-status/", {"tracking": "a" * (7 * MB), "pin": "1"})
    assert response.status_code == 413
    assert "Permintaan terlalu besar" in response.content.decode()


def test_form_fields_over_djangos_limit_without_a_declared_length_are_413(world, settings):
    # The declared length passes (an upload route), the form fields alone exceed DATA_UPLOAD_MAX_MEMORY_SIZE.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = anonymous().post("/api/v1/documents/verification", {"note": "a" * 5000}, **bearer(world))
    assert response.status_code == 413 and is_json_error(response)


# ---------------------------------------------------------------- finding 9 under ASGI


def run_asgi(path: str, chunks: list[bytes], headers: list[tuple[bytes, bytes]]):
    from loket.asgi import application

    sent, reached = [], []
    queue = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1} for i, chunk in enumerate(chunks)
    ]

    async def receive():
        if queue:
            message = queue.pop(0)
            reached.append(len(message["body"]))
            return message
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    # In a thread of its own: a browser test earlier in this worker may keep an event loop running here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, application(scope, receive, send)).result()
    return sent, reached


def test_asgi_refuses_a_declared_oversized_body_before_reading_it():
    sent, reached = run_asgi(
        "/verifikasi/",
        [b"x" * MB] * 60,
        [(b"content-length", str(60 * MB).encode()), (b"content-type", b"multipart/form-data; boundary=x")],
    )
    assert sent[0]["status"] == 413
    assert reached == []  # not one chunk was read
    headers = dict(sent[0]["headers"])
    assert headers[b"x-frame-options"] == b"DENY" and b"content-security-policy" in headers


def test_asgi_caps_a_streamed_body_without_length():
    sent, reached = run_asgi("/api/v1/applications", [b"x" * MB] * 60, [(b"content-type", b"application/json")])
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [413]
    assert len(reached) <= 2  # the default limit is 1 MB: reading stops at the chunk that passes it
