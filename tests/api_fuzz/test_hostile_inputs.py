"""Hostile inputs against every operation of the published OpenAPI document: no 5xx, ever.

For each operation, as each of its callers (tests/api_fuzz/test_openapi_fuzz.py: an agency officer, a
citizen and anonymous; loket.hr's by an employee, their superior and BKD, and anonymous), every parameter
(path, query, header) and every body field in turn gets each hostile value while the others keep a
plausible value taken from the quality world (real tracking numbers, codes, slugs, NIPs):

- a NUL byte (PostgreSQL refuses it in text: it must be refused before any query, not crash in one);
- a string of 100,000 characters;
- nesting 1,000 levels deep (a JSON value in bodies; the characters of it in parameters and form fields);
- an array of 100,000 elements (a JSON array in bodies; the parameter or form field repeated 100,000 times).

The answer must never be a 5xx. Every failing (operation, caller, field, value) is listed at the end.
"""

import datetime as dt
import json
from urllib.parse import quote, urlencode

import pytest
from django.db import DatabaseError, transaction
from django.test import Client

from loket.api.router import api
from loket.core import tokens
from tests.api_fuzz.test_openapi_fuzz import callers_for, module_of
from tests.helpers import report
from tests.helpers.world import ANSWERS, PDF

PREFIX = "/api/v1"
SCHEMA = api.get_openapi_schema(path_prefix=PREFIX)
OPERATIONS = [(method.upper(), path) for path, ops in SCHEMA["paths"].items() for method in ops]

LONG = 100_000
DEPTH = 1_000
NUL = "ab\x00cd"


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _operation(method: str, path: str) -> dict:
    return SCHEMA["paths"][path][method.lower()]


# ---------------------------------------------------------------- plausible values from the world


def path_values(world, path: str) -> dict[str, str]:
    return {
        "tracking": world.app.tracking_number,
        "code": world.doc.code if "/documents/" in path else world.svc_a.code,
        "slug": world.agency_a.slug,
        "year": str(dt.date.today().year),
        "resource": "layanan-bulanan",
        "nip": world.employees["employee"].nip,
        "leave_id": str(world.leave.pk),
    }


JSON_BODIES = {
    ("POST", "/api/v1/applications"): lambda w: {
        "service": w.svc_a.code,
        "data": dict(ANSWERS),
        "idempotency_key": "fuzz-hostile",
    },
    ("POST", "/api/v1/applications/{tracking}/actions"): lambda w: {
        "task_id": w.task.pk,
        "action": "return",
        "note": "Periksa lagi.",
        "expected_version": w.task.version,
    },
    ("POST", "/api/v1/hr/leave"): lambda w: {
        "leave_type": "tahunan",
        "first": str(dt.date.today() + dt.timedelta(days=60)),
        "last": str(dt.date.today() + dt.timedelta(days=61)),
        "reason": "Acara keluarga",
        "address": "Garut",
        "details": {},
    },
    ("POST", "/api/v1/hr/leave/{leave_id}/decision"): lambda w: {"decision": "approved", "note": "", "otp": ""},
}


def form_fields(world, method: str, path: str) -> tuple[dict[str, str], dict[str, bytes]]:
    """(text fields, file fields) of a multipart operation, with plausible values."""
    if path.endswith("/applications/with-files"):
        application = {"service": world.svc_a.code, "data": dict(ANSWERS), "idempotency_key": "fuzz-hostile-files"}
        return {"application": json.dumps(application)}, {"req_0": PDF}
    if path.endswith("/uploads"):
        return {"requirement": "req_0", "service": world.svc_a.code, "applicant_nik": ""}, {"file": PDF}
    return {}, {"file": PDF}


# ---------------------------------------------------------------- hostile values


# json.dumps itself recurses: the deep value goes in as a marker replaced in the encoded text.
DEEP_MARKER = "__hostile_deep__"
DEEP_TEXT = "[" * DEPTH + "]" * DEPTH


def dumps(value) -> str:
    return json.dumps(value).replace(json.dumps(DEEP_MARKER), DEEP_TEXT)


def hostile_json() -> dict:
    return {"nul": NUL, "long": "a" * LONG, "deep": DEEP_MARKER, "array": ["a"] * LONG}


def hostile_text() -> dict:
    """In a path, query, header or form field everything is text; an array is the field repeated."""
    return {"nul": NUL, "long": "a" * LONG, "deep": "[" * DEPTH + "]" * DEPTH, "array": None}


# ---------------------------------------------------------------- sending


class Sender:
    def __init__(self, world, headers: dict):
        self.world = world
        self.client = Client(raise_request_exception=False)  # a crash must show as the 500 it would be
        self.headers = headers

    def send(self, method, path, *, path_params, query, header_params, json_body=None, form=None, files=None):
        url = PREFIX + path[len(PREFIX) :]
        for name, value in path_params.items():
            url = url.replace("{" + name + "}", quote(value, safe=""))
        if query:
            url += "?" + urlencode(query, doseq=True)
        extra = {**self.headers, **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in header_params.items()}}
        if method == "GET":
            return self.client.get(url, **extra)
        if json_body is not None:
            return self.client.generic(method, url, json.dumps(json_body), content_type="application/json", **extra)
        data = dict(form or {})
        for name, content in (files or {}).items():
            if isinstance(content, list):
                data[name] = [_file(item) for item in content]
            else:
                data[name] = _file(content)
        return self.client.post(url, data, **extra)


def _file(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if isinstance(content, tuple):
        name, data = content
        return SimpleUploadedFile(name, data, content_type="application/pdf")
    return SimpleUploadedFile("berkas.pdf", content, content_type="application/pdf")


def cases(world, method: str, path: str):
    """(field description, request kwargs) for every field and hostile value of one operation."""
    op = _operation(method, path)
    values = path_values(world, path)
    params = op.get("parameters", [])
    base_path = {p["name"]: values.get(p["name"], "1") for p in params if p["in"] == "path"}
    base_query = {
        p["name"]: "1" if _resolve(p.get("schema", {})).get("type") == "integer" else "x"
        for p in params
        if p["in"] == "query"
    }
    base_headers = {p["name"]: "fuzz-hostile-header" for p in params if p["in"] == "header"}
    content = (op.get("requestBody") or {}).get("content", {})
    base_json = JSON_BODIES.get((method, path), lambda w: {})(world) if "application/json" in content else None
    base_form, base_files = form_fields(world, method, path) if "multipart/form-data" in content else ({}, {})

    def request(**changes):
        kwargs = {
            "path_params": dict(base_path),
            "query": {},
            "header_params": dict(base_headers),
            "json_body": None if base_json is None else json.loads(json.dumps(base_json)),
            "form": dict(base_form) if content else None,
            "files": dict(base_files) if content else None,
        }
        for key, change in changes.items():
            change(kwargs[key])
        return kwargs

    for p in params:
        name, where = p["name"], p["in"]
        for kind, value in hostile_text().items():
            if where == "path":
                hostile = ",".join(["1"] * LONG) if value is None else value
                yield f"path {name} <{kind}>", request(path_params=lambda d, n=name, v=hostile: d.update({n: v}))
            elif where == "query":
                hostile = ["1"] * LONG if value is None else value
                yield f"query {name} <{kind}>", request(query=lambda d, n=name, v=hostile: d.update({n: v}))
            elif where == "header":
                hostile = ",".join(["1"] * LONG) if value is None else value
                yield f"header {name} <{kind}>", request(header_params=lambda d, n=name, v=hostile: d.update({n: v}))
    # query parameters a schema does not list still reach request.GET
    for kind, value in hostile_text().items():
        hostile = ["1"] * LONG if value is None else value
        yield f"query <unlisted> <{kind}>", request(query=lambda d, v=hostile: d.update({"x": v, **base_query}))
    if base_json is not None:
        body_schema = _resolve(content["application/json"]["schema"])
        for name in sorted(set(body_schema.get("properties", {})) | set(base_json)):
            for kind, value in hostile_json().items():
                yield f"body {name} <{kind}>", request(json_body=lambda d, n=name, v=value: d.update({n: v}))
        if "data" in base_json:  # the answers: inside a field of the form as well
            for kind, value in hostile_json().items():
                yield (
                    f"body data.nama_usaha <{kind}>",
                    request(json_body=lambda d, v=value: d["data"].update({"nama_usaha": v})),
                )
    for name in base_form:
        for kind, value in hostile_text().items():
            hostile = ["1"] * LONG if value is None else value
            yield f"form {name} <{kind}>", request(form=lambda d, n=name, v=hostile: d.update({n: v}))
        if name == "application":  # a JSON document in a form field: hostile values inside it too
            for kind, value in hostile_json().items():
                hostile = dumps({**json.loads(base_form[name]), "service": value})
                yield (
                    f"form application.service <{kind}>",
                    request(form=lambda d, v=hostile: d.update({"application": v})),
                )
                inner = json.loads(base_form[name])
                inner["data"]["nama_usaha"] = value
                yield (
                    f"form application.data.nama_usaha <{kind}>",
                    request(form=lambda d, v=json.dumps(inner): d.update({"application": v})),
                )
    for name in base_files:
        hostile_files = {
            "nul": ("a\x00b.pdf", PDF),
            "long": ("a" * LONG + ".pdf", PDF),
            "deep": ("berkas.pdf", b"[" * DEPTH + b"]" * DEPTH),
            "array": [PDF] * 1000,  # 100,000 files would be 100,000 temporary objects in the test process
        }
        for kind, value in hostile_files.items():
            yield f"file {name} <{kind}>", request(files=lambda d, n=name, v=value: d.update({n: v}))


@pytest.fixture
def bearer(world):
    headers = {"anonymous": {}}
    for actor in ("officer_a", "citizen", "employee", "superior", "hr_admin"):
        _token, raw = tokens.issue(actor=None, user=world.users[actor], name=f"hostile {actor}")
        headers[actor] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    return headers


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_hostile_inputs_never_give_a_server_error(world, bearer, method, path):
    failures = []
    for caller in callers_for(module_of(path)):
        sender = Sender(world, bearer[caller])
        for field, kwargs in cases(world, method, path):
            report.add("api_hostile_requests_sent")
            # Each request in a savepoint of its own: a database error it causes cannot spill into the next.
            savepoint = transaction.savepoint()
            response = sender.send(method, path, **kwargs)
            try:
                transaction.savepoint_rollback(savepoint)
            except DatabaseError:
                failures.append(f"{caller}: {field} -> left the database transaction broken")
                transaction.set_rollback(False)
            if response.status_code >= 500:
                failures.append(f"{caller}: {field} -> {response.status_code}")
    assert not failures, f"{method} {path} answered 5xx:\n" + "\n".join(failures)
