"""Refusal cost benchmark (issue 11, findings 5, 8, 9): what a hostile request costs the server in CPU.

In-process through Loket's full middleware stack (Django test client), CPU time (time.process_time) of
the server side, median of N runs, against the floor measured in the same run: a trivial request
(`GET /healthz` through the same middleware). Bodies are built before timing.

  size_413      5.4 MB JSON with 90,000 rows in a repeatable group to POST /api/v1/applications
                (over the default body limit: refused from Content-Length, nothing read)
  upload_413    60 MB multipart to the public verification upload /verifikasi/
  nul_400       a 900 kB JSON answer with a `\\u0000` escape at its end (parsed and walked)
  deep_400      JSON nested 1,000 levels deep
  precheck_ms   what the API does with the 90,000 rows when the body limit lets them through: parse the
                JSON and run FormSpec.validate, which the shape precheck refuses before the JSON Schema
                validator (the finding: 13 s). `validator_ms` is the old path on 10,000 rows, for scale.

`growth` = the worst refusal's CPU ÷ the floor's (lower is better). Targets: growth ≤ 400 (the floor is
about 0.2 ms of CPU, so about 80 ms) and every refusal under 100 ms of CPU. The 60 MB and 5.4 MB cases
include the test client's own copy of the body, so they overstate the server's share.

    .venv/bin/python bench/request_limits.py
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

TARGET_GROWTH = 400  # at a floor of about 0.2 ms of CPU: about 80 ms, the 100 ms bound
LIMIT_MS = 100
ROWS = 90_000
FORM = [
    {"key": "nama", "type": "text", "label": {"id": "Nama pemohon"}, "required": True},
    {
        "key": "anak",
        "type": "group",
        "label": {"id": "Data anak"},
        "repeat": {"min": 0, "max": 10},
        "fields": [
            {"key": "nama", "type": "text", "label": {"id": "Nama anak"}, "required": True},
            {"key": "nik", "type": "nik", "label": {"id": "NIK anak"}},
        ],
    },
]


def cpu_ms(action, repeat: int) -> float:
    action()
    timings = []
    for _ in range(repeat):
        began = time.process_time()
        action()
        timings.append(time.process_time() - began)
    return round(statistics.median(timings) * 1000, 2)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    # Every request measured here is refused before any query: no database is created or touched.
    common.setup_django(common.database_url_named("loket_bench_limits_unused"))
    os.environ.setdefault("LOKET_TASKS_IMMEDIATE", "1")

    from django.test import Client
    from jsonschema import Draft202012Validator

    from loket.applications.formspec import FORMAT_CHECKER, FormSpec

    client = Client(raise_request_exception=False)
    rows = [{"nama": "Anak ke-n", "nik": "3273014101900001"}] * ROWS
    big = json.dumps({"service": "izin", "data": {"nama": "A", "anak": rows}, "idempotency_key": "k"}).encode()
    nul = json.dumps({"service": "izin", "data": {"nama": "a" * 900_000 + "\x00"}}).encode()
    deep = ('{"service": "izin", "data": {"a": ' + "[" * 1000 + "]" * 1000 + "}}").encode()
    boundary = "batas"
    upload = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.pdf"\r\n\r\n'.encode()
        + b"0" * (60 * 1024 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )

    def post(path, body, content_type, expected):
        def action():
            response = client.generic("POST", path, body, content_type=content_type)
            assert response.status_code == expected, (path, response.status_code, response.content[:200])

        return action

    def floor():
        assert client.get("/healthz").status_code == 200

    spec = FormSpec(FORM)
    _ = spec._validator

    def precheck():
        parsed = json.loads(big)
        _cleaned, errors = spec.validate(parsed["data"])
        assert errors == {"anak": ["Data anak: paling banyak 10 baris."]}, errors

    validator = Draft202012Validator(spec.schema, format_checker=FORMAT_CHECKER)
    some_rows = {"nama": "A", "anak": rows[:10_000]}

    def old_path():
        list(validator.iter_errors(some_rows))

    figures = {
        "floor_ms": cpu_ms(floor, args.repeat * 4),
        "size_413_ms": cpu_ms(post("/api/v1/applications", big, "application/json", 413), args.repeat),
        "upload_413_ms": cpu_ms(
            post("/verifikasi/", upload, f"multipart/form-data; boundary={boundary}", 413), args.repeat
        ),
        "nul_400_ms": cpu_ms(post("/api/v1/applications", nul, "application/json", 400), args.repeat),
        "deep_400_ms": cpu_ms(post("/api/v1/applications", deep, "application/json", 400), args.repeat),
        "precheck_ms": cpu_ms(precheck, args.repeat),
        "validator_ms_10k_rows": cpu_ms(old_path, 3),
    }
    refusals = ("size_413_ms", "upload_413_ms", "nul_400_ms", "deep_400_ms", "precheck_ms")
    worst = max(figures[name] for name in refusals)
    figures["worst_refusal_ms"] = worst
    figures["growth"] = round(worst / max(figures["floor_ms"], 0.01), 1)
    common.save_result("request_limits", figures)
    print(json.dumps(figures))
    ok = figures["growth"] <= TARGET_GROWTH and worst < LIMIT_MS
    print(
        f"Penolakan termahal: {worst} ms CPU = {figures['growth']}× permintaan sepele "
        f"({figures['floor_ms']} ms); target ≤ {TARGET_GROWTH}× dan < {LIMIT_MS} ms: {'tercapai' if ok else 'GAGAL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
