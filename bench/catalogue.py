"""Catalogue benchmark: the JSON list API and the HTML catalogue page against a bare Django view.

Seeds 2,000 published services (plus drafts and older versions) into a fresh PostgreSQL database
`loket_bench` on the server of DATABASE_URL, starts gunicorn (5 sync workers, persistent database
connections) on a free loopback port and sends 2,000 requests per target from 20 concurrent
clients (keep-alive http.client connections, each in its own process):

  floor         GET /bench/floor/              a bare Django view returning constant JSON (bench-only route)
  api           GET /api/v1/services?page=N&…  varying pages and filters, the API's page cache on
  page          GET /layanan/?page=N&…         the public HTML catalogue
  api_uncached  the same API requests on a second server with the page cache off
                (LOKET_API_CACHE_SECONDS=0): what every cache miss costs

Each target is measured in turns with a floor of its own (floor, api, floor, api, …), so that load
from elsewhere on the machine hits both alike. Prints req/s, p50 and p99 per target and the ratios
ours ÷ floor, and merges the figures into bench/results.json under "catalogue".
Target: API ratio ≥ 0.5 and p99 < 200 ms at 20 clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket python bench/catalogue.py
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

SERVICES = 2000
DRAFT_ONLY = 150
TARGETS = {"api": 0.5}  # minimum ratio per target
P99_LIMIT_MS = 200

# Real Kemendagri codes: Jawa Barat and its kabupaten/kota, and Kota Banjarmasin (WITA).
REGIONS = [
    ("32.01", "Kabupaten Bogor", "kabupaten"),
    ("32.02", "Kabupaten Sukabumi", "kabupaten"),
    ("32.03", "Kabupaten Cianjur", "kabupaten"),
    ("32.04", "Kabupaten Bandung", "kabupaten"),
    ("32.05", "Kabupaten Garut", "kabupaten"),
    ("32.06", "Kabupaten Tasikmalaya", "kabupaten"),
    ("32.07", "Kabupaten Ciamis", "kabupaten"),
    ("32.08", "Kabupaten Kuningan", "kabupaten"),
    ("32.09", "Kabupaten Cirebon", "kabupaten"),
    ("32.10", "Kabupaten Majalengka", "kabupaten"),
    ("32.71", "Kota Bogor", "kota"),
    ("32.72", "Kota Sukabumi", "kota"),
    ("32.73", "Kota Bandung", "kota"),
    ("32.74", "Kota Cirebon", "kota"),
    ("32.75", "Kota Bekasi", "kota"),
    ("32.76", "Kota Depok", "kota"),
]
AGENCY_KINDS = [
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("dinkes", "Dinas Kesehatan"),
    ("disdik", "Dinas Pendidikan"),
    ("dishub", "Dinas Perhubungan"),
    ("dlh", "Dinas Lingkungan Hidup"),
    ("dinsos", "Dinas Sosial"),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
]
CATEGORIES = [
    ("perizinan", "Perizinan", "Licensing"),
    ("kependudukan", "Kependudukan", "Civil registration"),
    ("kesehatan", "Kesehatan", "Health"),
    ("pendidikan", "Pendidikan", "Education"),
    ("perhubungan", "Perhubungan", "Transport"),
    ("lingkungan", "Lingkungan Hidup", "Environment"),
    ("sosial", "Sosial", "Social affairs"),
    ("kepegawaian", "Kepegawaian", "Civil service"),
]
# (agency kind, category, audience, Indonesian name, English name, product)
SERVICE_KINDS = [
    ("dpmptsp", "perizinan", "business", "Persetujuan Bangunan Gedung (PBG)", "Building approval", "Dokumen PBG"),
    ("dpmptsp", "perizinan", "business", "Izin Reklame", "Billboard permit", "Surat izin reklame"),
    ("dpmptsp", "perizinan", "citizen", "Izin Praktik Dokter", "Doctor's practice licence", "Surat Izin Praktik"),
    ("dpmptsp", "perizinan", "citizen", "Izin Praktik Bidan", "Midwife practice licence", "Surat Izin Praktik Bidan"),
    ("dpmptsp", "perizinan", "business", "Izin Usaha Toko Swalayan", "Minimarket licence", "Izin usaha"),
    ("dpmptsp", "perizinan", "business", "Sertifikat Laik Fungsi", "Certificate of fitness", "Sertifikat Laik Fungsi"),
    ("disdukcapil", "kependudukan", "citizen", "Penerbitan Akta Kelahiran", "Birth certificate", "Akta kelahiran"),
    ("disdukcapil", "kependudukan", "citizen", "Penerbitan Akta Kematian", "Death certificate", "Akta kematian"),
    ("disdukcapil", "kependudukan", "citizen", "Perekaman KTP-el", "Electronic ID card", "KTP elektronik"),
    ("disdukcapil", "kependudukan", "citizen", "Penerbitan Kartu Keluarga", "Family card", "Kartu Keluarga"),
    (
        "disdukcapil",
        "kependudukan",
        "citizen",
        "Surat Keterangan Pindah",
        "Change of address letter",
        "Surat keterangan pindah",
    ),
    ("dinkes", "kesehatan", "business", "Izin Apotek", "Pharmacy licence", "Izin apotek"),
    (
        "dinkes",
        "kesehatan",
        "business",
        "Sertifikat Laik Higiene Sanitasi",
        "Food hygiene certificate",
        "Sertifikat laik higiene",
    ),
    ("dinkes", "kesehatan", "citizen", "Surat Keterangan Sehat", "Health certificate", "Surat keterangan sehat"),
    ("disdik", "pendidikan", "citizen", "Legalisir Ijazah", "Diploma legalization", "Salinan ijazah terlegalisir"),
    (
        "disdik",
        "pendidikan",
        "citizen",
        "Surat Keterangan Pengganti Ijazah",
        "Replacement diploma letter",
        "Surat keterangan pengganti ijazah",
    ),
    (
        "disdik",
        "pendidikan",
        "business",
        "Izin Pendirian Satuan PAUD",
        "Preschool establishment permit",
        "Izin operasional PAUD",
    ),
    (
        "dishub",
        "perhubungan",
        "business",
        "Uji Berkala Kendaraan Bermotor",
        "Periodic vehicle inspection",
        "Kartu uji berkala",
    ),
    ("dishub", "perhubungan", "business", "Izin Trayek Angkutan Kota", "City bus route permit", "Izin trayek"),
    (
        "dlh",
        "lingkungan",
        "business",
        "Persetujuan Lingkungan (UKL-UPL)",
        "Environmental approval",
        "Persetujuan lingkungan",
    ),
    ("dlh", "lingkungan", "business", "Izin Pembuangan Air Limbah", "Wastewater discharge permit", "Izin pembuangan"),
    ("dinsos", "sosial", "citizen", "Surat Keterangan Tidak Mampu", "Certificate of low income", "SKTM"),
    (
        "dinsos",
        "sosial",
        "citizen",
        "Pendaftaran Penerima Bantuan Iuran JKN",
        "Health insurance subsidy",
        "Kepesertaan PBI JKN",
    ),
    ("bkpsdm", "kepegawaian", "employee", "Cuti Tahunan PNS", "Annual leave", "Surat izin cuti"),
    (
        "bkpsdm",
        "kepegawaian",
        "employee",
        "Kenaikan Gaji Berkala",
        "Periodic salary increase",
        "SK kenaikan gaji berkala",
    ),
    ("bkpsdm", "kepegawaian", "employee", "Kenaikan Pangkat Reguler", "Regular rank promotion", "SK kenaikan pangkat"),
]
CHANNEL_SETS = [["online"], ["online", "counter"], ["online", "assisted", "counter"], ["counter"]]


def standard_content(kind: tuple, rng: random.Random, region_name: str) -> dict:
    _agency, _category, _audience, name_id, _name_en, product = kind
    content = {
        "summary": f"Layanan {name_id.lower()} bagi warga dan pelaku usaha di {region_name}.",
        "requirements": [
            {
                "name": "KTP-el pemohon",
                "description": "Pindaian KTP elektronik yang masih berlaku",
                "mandatory": True,
                "kind": "document",
                "file_types": ["pdf", "jpg"],
            },
            {
                "name": "Nomor Induk Kependudukan",
                "description": "16 digit NIK pemohon",
                "mandatory": True,
                "kind": "datum",
                "file_types": [],
            },
            {
                "name": "Surat permohonan",
                "description": "Ditandatangani pemohon",
                "mandatory": True,
                "kind": "document",
                "file_types": ["pdf"],
            },
        ][: rng.randint(1, 3)],
        "procedure": [
            {"title": "Pemohon mengisi formulir daring dan mengunggah persyaratan", "description": ""},
            {"title": "Petugas memverifikasi berkas", "description": ""},
            {"title": f"Penerbitan {product.lower()} bertanda tangan elektronik", "description": ""},
        ],
        "time_limit_days": rng.choice([1, 3, 5, 7, 14]),
        "fee_amount": rng.choice([0, 0, 0, 25000, 150000]),
        "fee_legal_basis": "",
        "product": product,
        "complaints": "SP4N-LAPOR!, email pengaduan, kotak saran di Mal Pelayanan Publik",
        "legal_basis": ["UU 25/2009 tentang Pelayanan Publik", "PermenPANRB 15/2014 tentang Pedoman Standar Pelayanan"],
        "facilities": "Ruang tunggu ramah disabilitas, jalur kursi roda, komputer swalayan",
        "competence": "Memahami regulasi dan mampu mengoperasikan aplikasi layanan",
        "supervision": "Atasan langsung dan Inspektorat Daerah",
        "staffing": f"{rng.randint(2, 8)} orang",
        "guarantee": "Layanan diselesaikan sesuai jangka waktu; bila tidak, pemohon dapat mengadu",
        "security": "Dokumen bertanda tangan elektronik tersertifikasi BSrE",
        "evaluation": "Evaluasi kinerja pelaksana setiap semester",
        "contact": f"Mal Pelayanan Publik {region_name}",
    }
    if content["fee_amount"]:
        content["fee_legal_basis"] = f"Peraturan Daerah {region_name} tentang Retribusi Daerah"
    for missing in rng.sample(
        ["security", "evaluation", "staffing", "supervision", "competence"], rng.choice([0, 0, 0, 1, 2])
    ):
        content[missing] = ""  # some standards are incomplete: compliance below 100 %
    return content


def seed(services_wanted: int = SERVICES, seed_value: int = 2014) -> dict:
    """Bulk-insert a realistic catalogue: what `catalogue.services.publish` would leave behind."""
    from django.db import connection, transaction
    from django.utils import timezone

    from loket.catalogue import rules
    from loket.catalogue.models import Category, Service, ServiceStandard
    from loket.catalogue.services import search_text
    from loket.org.models import Agency, Region

    rng = random.Random(seed_value)
    now = timezone.now()
    with transaction.atomic():
        province = Region.objects.create(code="32", name="Jawa Barat", level="province")
        kalsel = Region.objects.create(code="63", name="Kalimantan Selatan", level="province", time_zone="WITA")
        regions = Region.objects.bulk_create(
            [Region(code=code, name=name, level=level, parent=province) for code, name, level in REGIONS]
            + [Region(code="63.71", name="Kota Banjarmasin", level="kota", parent=kalsel, time_zone="WITA")]
        )
        regions = [province, kalsel, *regions]
        agencies = Agency.objects.bulk_create(
            [
                Agency(
                    region=region,
                    slug=f"{kind}-{region.code.replace('.', '-')}",
                    name=f"{name} {region.name}",
                    short_name=kind.upper(),
                    address=f"Jl. Merdeka No. {rng.randint(1, 200)}, {region.name}",
                )
                for region in regions
                for kind, name in AGENCY_KINDS
            ]
        )
        agencies_by_kind = {}
        for agency in agencies:
            agencies_by_kind.setdefault(agency.slug.split("-")[0], []).append(agency)
        categories = {
            c.slug: c
            for c in Category.objects.bulk_create(
                [Category(slug=slug, name_id=name_id, name_en=name_en) for slug, name_id, name_en in CATEGORIES]
            )
        }

        # Province model services first, so kabupaten/kota services can be adopted from them.
        provincial = [a for a in agencies if a.region_id == province.pk]
        templates = {}
        rows = []  # (service, [published contents oldest first], draft content or None)

        def add(kind, agency, number, template=None, is_template=False, published=True):
            _kind, category, audience, name_id, name_en, _product = kind
            service = Service(
                code=f"{slug_of(name_id)}-{agency.region.code.replace('.', '')}-{agency.pk}-{number}",
                name_id=name_id,
                name_en=name_en,
                category=categories[category],
                agency=agency,
                audience=audience,
                channels=rng.choice(CHANNEL_SETS),
                is_template=is_template,
                template=template,
            )
            versions = []
            if published:
                versions = [standard_content(kind, rng, agency.region.name) for _ in range(rng.choice([1, 1, 1, 2]))]
            draft = standard_content(kind, rng, agency.region.name) if not published or rng.random() < 0.1 else None
            rows.append((service, versions, draft))
            return service

        for kind in SERVICE_KINDS:
            agency = next(a for a in provincial if a.slug.startswith(kind[0] + "-"))
            templates[kind] = add(kind, agency, 0, is_template=True)
        Service.objects.bulk_create([service for service, _, _ in rows])
        number = 0
        while len(rows) < services_wanted:
            kind = SERVICE_KINDS[len(rows) % len(SERVICE_KINDS)]
            agency = rng.choice(agencies_by_kind[kind[0]])
            adopt = agency.region.parent_id == province.pk and rng.random() < 0.3
            add(kind, agency, number, template=templates[kind] if adopt else None)
            number += 1
        for index in range(DRAFT_ONLY):
            kind = SERVICE_KINDS[index % len(SERVICE_KINDS)]
            add(kind, rng.choice(agencies_by_kind[kind[0]]), 100000 + index, published=False)

        Service.objects.bulk_create([service for service, _, _ in rows[len(templates) :]], batch_size=1000)
        standards, current_of = [], {}
        for service, versions, draft in rows:
            for version, content in enumerate(versions, start=1):
                published_at = now - timedelta(days=30 * (len(versions) - version) + rng.randint(1, 29))
                standard = ServiceStandard(
                    service=service, version=version, status="published", published_at=published_at, **content
                )
                standards.append(standard)
                current_of[service.pk] = standard
            if draft is not None:
                standards.append(ServiceStandard(service=service, status="draft", **draft))
        ServiceStandard.objects.bulk_create(standards, batch_size=1000)
        published = []
        for service, _versions, _draft in rows:
            current = current_of.get(service.pk)
            if current is None:
                continue
            service.current = current
            service.compliance_percent = rules.compliance(current.content()).percent
            service.search_text = search_text(service, current)
            published.append(service)
        Service.objects.bulk_update(published, ["current", "compliance_percent", "search_text"], batch_size=500)
    with connection.cursor() as cursor:
        # bulk_update left a dead tuple per service; autovacuum would clean them up in production.
        cursor.execute("VACUUM ANALYZE")
    return {
        "services": len(published),
        "draft_only": DRAFT_ONLY,
        "standards": len(standards),
        "agencies": len(agencies),
        "regions": len(regions),
    }


def slug_of(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def api_paths(count: int, services_total: int, rng: random.Random) -> list[str]:
    """Varying pages and filters, as a catalogue client or an agency's portal would ask."""
    pages = max(1, services_total // 20)
    filters = [
        "region=32.73",
        "region=3201",
        "region=32",
        "audience=business",
        "audience=employee",
        "category=kependudukan",
        "agency=disdukcapil-32-73",
        "q=izin",
        "q=akta+kelahiran",
        "q=praktik&region=32",
        "category=perizinan&audience=business",
    ]
    paths = []
    for _ in range(count):
        if rng.random() < 0.6:
            paths.append(f"/api/v1/services?page={rng.randint(1, pages)}")
        else:
            paths.append(f"/api/v1/services?{rng.choice(filters)}&page={rng.randint(1, 3)}")
    return paths


def page_paths(count: int, services_total: int, rng: random.Random) -> list[str]:
    pages = max(1, services_total // 20)
    filters = ["region=32.73", "audience=business", "category=kependudukan", "q=izin"]
    return [
        f"/layanan/?page={rng.randint(1, pages)}" if rng.random() < 0.7 else f"/layanan/?{rng.choice(filters)}&page=1"
        for _ in range(count)
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=SERVICES)
    parser.add_argument("--requests", type=int, default=2000, help="requests per target")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=90.0, help="seconds per target at most")
    parser.add_argument("--rounds", type=int, default=10, help="turns in which the targets are measured")
    parser.add_argument("--database", default="loket_bench")
    args = parser.parse_args(argv)
    common.stop_on_sigterm()

    database_url = common.database_url_named(args.database)
    common.fresh_database(database_url)
    from django.db import connections

    began = time.perf_counter()
    seeded = seed(args.services)
    print(
        f"Data: {seeded['services']} layanan terbit, {seeded['draft_only']} hanya draf, "
        f"{seeded['standards']} versi standar, {seeded['agencies']} OPD "
        f"({time.perf_counter() - began:.1f} s)",
        flush=True,
    )
    connections.close_all()  # the load generator forks; no child may share this connection

    rng = random.Random(7)
    api = api_paths(args.requests, seeded["services"], rng)
    page = page_paths(args.requests, seeded["services"], rng)
    floor = ["/bench/floor/"] * args.requests
    figures = {}
    # Each group is measured in turns against its own floor; the API comes right after its warm-up,
    # apart from the slow HTML page, so that its cache is as warm as steady traffic keeps it.
    servers = (
        ("cache on", {}, ({"floor": floor, "api": api}, {"floor_page": floor, "page": page})),
        ("cache off", {"LOKET_API_CACHE_SECONDS": "0"}, ({"floor_uncached": floor, "api_uncached": api},)),
    )
    for label, env, groups in servers:
        with common.Server(database_url, workers=args.workers, env=env) as server:
            print(
                f"gunicorn ({label}): 127.0.0.1:{server.port}, {args.workers} sync workers; "
                f"{args.clients} clients, {args.requests} requests per target",
                flush=True,
            )
            for targets in groups:
                # Warm-up: the workers' database connections and imports; for the cached API, its
                # requests once, as steady traffic would have sent them within the cache lifetime.
                for name, paths in targets.items():
                    warm_up = paths if name == "api" else paths[: args.clients * 5]
                    common.measure(server.port, warm_up, clients=args.clients, time_limit=args.time_limit)
                figures.update(
                    common.measure_interleaved(
                        server.port, targets, rounds=args.rounds, clients=args.clients, time_limit=args.time_limit
                    )
                )

    floor_of = {"api": "floor", "page": "floor_page", "api_uncached": "floor_uncached"}

    def ratio(name: str) -> float:
        return round(figures[name]["req_per_s"] / (figures[floor_of[name]]["req_per_s"] or 1.0), 3)

    rows = [
        [
            name,
            f["req_per_s"],
            f["p50_ms"],
            f["p99_ms"],
            ratio(name) if name in floor_of else "",
            f["requests"],
            f["errors"],
        ]
        for name, f in figures.items()
    ]
    print()
    common.print_table(["target", "req/s", "p50 ms", "p99 ms", "ratio", "requests", "errors"], rows)

    api, page, uncached = figures["api"], figures["page"], figures["api_uncached"]
    result = {
        "ratio": ratio("api"),
        "p99_ms": api["p99_ms"],
        "p50_ms": api["p50_ms"],
        "req_per_s": api["req_per_s"],
        "uncached_ratio": ratio("api_uncached"),
        "uncached_p99_ms": uncached["p99_ms"],
        "uncached_p50_ms": uncached["p50_ms"],
        "page_ratio": ratio("page"),
        "page_p99_ms": page["p99_ms"],
        "page_p50_ms": page["p50_ms"],
        "page_req_per_s": page["req_per_s"],
        "floor_req_per_s": figures["floor"]["req_per_s"],
        "floor_p99_ms": figures["floor"]["p99_ms"],
        "errors": {name: f["errors"] for name, f in figures.items()},
        "services": seeded["services"],
        "clients": args.clients,
        "workers": args.workers,
        "requests_per_target": args.requests,
    }
    common.save_result("catalogue", result)
    failures = []
    if result["ratio"] < TARGETS["api"]:
        failures.append(f"API ratio {result['ratio']} < {TARGETS['api']}")
    if result["p99_ms"] >= P99_LIMIT_MS:
        failures.append(f"API p99 {result['p99_ms']} ms >= {P99_LIMIT_MS} ms")
    if any(result["errors"].values()):
        failures.append(f"non-2xx answers: {result['errors']}")
    print()
    print("Target: API ratio >= 0.5, p99 < 200 ms — " + ("met." if not failures else "NOT met: " + "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
