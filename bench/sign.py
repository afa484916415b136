"""Signing benchmark: documents rendered and signed per second, and the public verification page.

1. In-process, one core: N awaiting documents go through the real signing path
   (`documents.services.store_signature`: render with fpdf2, PAdES-sign with pyHanko, store the file,
   SHA-256, audit event) against a floor measured in the same run: rendering the same PDFs without
   signing or storing them. `docs_per_s` and `ratio` = signed ÷ rendered-only.
2. Over HTTP (gunicorn, 5 sync workers, 20 clients): `GET /verifikasi/<code>` of signed documents
   against the bare Django floor view `/bench/floor/`, interleaved. `verify_req_per_s`, `verify_ratio`.

Merges {"docs_per_s", "ratio", "render_per_s", "verify_req_per_s", "verify_p99_ms", "verify_ratio"} into
bench/results.json under "sign" (unless --no-save).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket python bench/sign.py
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common


def seed(documents: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from loket.applications.models import Application, CitizenProfile
    from loket.catalogue.models import Category, Service, ServiceStandard
    from loket.documents import services
    from loket.org.models import Agency, Region, Role, RoleAssignment

    province = Region.objects.create(code="32", name="Jawa Barat", level="province")
    region = Region.objects.create(code="32.73", name="Kota Bandung", level="kota", parent=province)
    agency = Agency.objects.create(
        region=region,
        slug="dpmptsp-kota-bandung",
        name="DPMPTSP Kota Bandung",
        short_name="DPMPTSP",
        address="Jl. Wastukencana No. 2",
    )
    category = Category.objects.create(slug="perizinan", name_id="Perizinan", name_en="Licensing")
    service = Service.objects.create(
        code="izin-usaha-mikro", name_id="Izin Usaha Mikro", category=category, agency=agency
    )
    standard = ServiceStandard.objects.create(
        service=service, version=1, status="published", product="Surat Izin Usaha Mikro", time_limit_days=5
    )
    Service.objects.filter(pk=service.pk).update(current=standard)
    users = get_user_model().objects
    head = users.create_user("kepala", "kepala@example.go.id", "x", first_name="Asep", last_name="Sunandar")
    RoleAssignment.objects.create(user=head, role=Role.AGENCY_HEAD, agency=agency)
    now = timezone.now()
    rows = []
    for index in range(documents):
        citizen = users.create_user(f"warga{index}", f"warga{index}@example.id", "x")
        CitizenProfile.objects.create(
            user=citizen, nik=f"3273{index:012d}", full_name=f"Warga Uji {index}", address="Jl. Braga No. 1, Bandung"
        )
        application = Application.objects.create(
            tracking_number=f"3273-26-{index:07d}",
            service=service,
            standard=standard,
            agency=agency,
            region=region,
            applicant=citizen,
            status="completed",
            data={"nama_usaha": f"Warung {index}"},
            idempotency_key=f"k{index}",
            submitted_at=now,
            decided_at=now,
        )
        rows.append(services.issue(application=application, now=now))
    return head, rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=150)
    parser.add_argument("--requests", type=int, default=2000, help="verification requests")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--database", default="loket_bench_sign")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    common.stop_on_sigterm()

    scratch = tempfile.mkdtemp(prefix="loket-bench-sign-")
    os.environ["MEDIA_ROOT"] = str(Path(scratch) / "media")
    os.environ["LOKET_DATA_DIR"] = scratch
    database_url = common.database_url_named(args.database)
    common.fresh_database(database_url)
    from django.conf import settings
    from django.db import connections, transaction

    settings.LOKET_SIGNING_DIR = str(Path(scratch) / "signing")
    from loket.documents import backends, pdf, services

    head, documents = seed(args.documents)
    backend = backends.LocalBackend()
    signer = backend.signer(head)  # creates the CA and the official's key once (not timed)
    letters = [
        services.letter_for(d, official_title="Kepala DPMPTSP Kota Bandung", official_name="Asep Sunandar")
        for d in documents
    ]
    for letter in letters[:5]:
        pdf.render(letter)  # warm-up (font metrics, imports)

    floor_began = time.perf_counter()
    for letter in letters:
        pdf.render(letter)
    floor_seconds = time.perf_counter() - floor_began

    began = time.perf_counter()
    for document in documents:
        with transaction.atomic():
            services.store_signature(document=document, official=head, signer=signer, backend=backend)
    seconds = time.perf_counter() - began
    docs_per_s = len(documents) / seconds
    render_per_s = len(letters) / floor_seconds
    print(
        f"Tanda tangan: {len(documents)} dokumen dalam {seconds:.2f} s = {docs_per_s:.1f} dok/s; "
        f"render saja (lantai): {render_per_s:.1f} dok/s; rasio {docs_per_s / render_per_s:.3f}",
        flush=True,
    )

    codes = [d.code for d in documents]
    connections.close_all()
    paths = [f"/verifikasi/{codes[i % len(codes)]}" for i in range(args.requests)]
    floor = ["/bench/floor/"] * args.requests
    with common.Server(database_url, workers=args.workers) as server:
        common.measure(server.port, paths[: args.clients * 5], clients=args.clients)
        common.measure(server.port, floor[: args.clients * 5], clients=args.clients)
        figures = common.measure_interleaved(
            server.port, {"floor": floor, "verify": paths}, rounds=6, clients=args.clients
        )
    verify_ratio = round(figures["verify"]["req_per_s"] / (figures["floor"]["req_per_s"] or 1.0), 3)
    common.print_table(
        ["target", "req/s", "p50 ms", "p99 ms", "requests", "errors"],
        [[name, f["req_per_s"], f["p50_ms"], f["p99_ms"], f["requests"], f["errors"]] for name, f in figures.items()],
    )
    result = {
        "docs_per_s": round(docs_per_s, 1),
        "ratio": round(docs_per_s / render_per_s, 3),
        "render_per_s": round(render_per_s, 1),
        "verify_req_per_s": figures["verify"]["req_per_s"],
        "verify_p99_ms": figures["verify"]["p99_ms"],
        "verify_ratio": verify_ratio,
    }
    print(result)
    errors = figures["verify"]["errors"] + figures["floor"]["errors"]
    if not args.no_save:
        common.save_result("sign", result)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
