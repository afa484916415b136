"""Employee import benchmark: 10,000 and 100,000 SIASN-style CSV rows through `upsert_employees`.

Creates a fresh PostgreSQL database `loket_bench_import` on the server of DATABASE_URL, a region with
20 agencies and 5 units each, then for each size: generates the CSV file, and times the whole import
path — reading the file, validating every row (NIP decoding, grades, dates, agencies, units) and writing
employees, accounts and grade/position/salary histories in one transaction with bulk upserts — into an
empty registry. Then it re-imports the 10,000 file to time the idempotent path (every row an update).

Prints rows per second and merges {"seconds_10k", "seconds_100k", "growth", ...} into bench/results.json
under "import". growth = per-row time at 100k ÷ per-row time at 10k (target ≤ 1.3; 10k under 60 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket .venv/bin/python bench/import.py
"""

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

AGENCIES = 20
UNITS = 5
HEADER = [
    "NIP_BARU",
    "NAMA",
    "GELAR_DEPAN",
    "GELAR_BELAKANG",
    "STATUS_CPNS_PNS",
    "GOL_AKHIR_NAMA",
    "TMT_GOLONGAN",
    "MK_TAHUN",
    "MK_BULAN",
    "JENIS_JABATAN_NAMA",
    "JABATAN_NAMA",
    "TMT_JABATAN",
    "SATUAN_KERJA_KERJA_NAMA",
    "UNOR_NAMA",
    "TINGKAT_PENDIDIKAN_NAMA",
    "PENDIDIKAN_NAMA",
    "GAJI_POKOK",
    "TMT_KGB",
    "PREDIKAT_KINERJA",
    "EMAIL",
]
GRADES = ["II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]
POSITIONS = [
    ("Pelaksana", "Pengadministrasi Umum"),
    ("Fungsional", "Analis Kebijakan Ahli Muda"),
    ("Pengawas", "Kepala Seksi"),
    ("Administrator", "Kepala Bidang"),
    ("Fungsional", "Pranata Komputer"),
]
NAMES = [
    "Siti Aminah",
    "Agus Salim",
    "Dewi Lestari",
    "Budi Santoso",
    "Rina Wati",
    "Asep Sunandar",
    "Nur Aini",
    "Yusuf Hidayat",
    "Ujang Permana",
    "Euis Komariah",
]


def make_csv(count: int) -> bytes:
    lines = [",".join(HEADER)]
    base = dt.date(1966, 1, 1)
    for i in range(count):
        birth = base + dt.timedelta(days=i % 12000)
        serial = i // 12000 + 1
        tmt_year, tmt_month = birth.year + 24, i % 12 + 1
        nip = f"{birth:%Y%m%d}{tmt_year}{tmt_month:02d}{1 + i % 2}{serial:03d}"
        position_type, position = POSITIONS[i % len(POSITIONS)]
        lines.append(
            ",".join(
                [
                    nip,
                    NAMES[i % len(NAMES)],
                    "Dr." if i % 17 == 0 else "",
                    "S.T." if i % 3 == 0 else "",
                    "P",
                    GRADES[i % len(GRADES)],
                    f"01-04-{2015 + i % 10}",
                    str(4 + i % 20),
                    str(i % 12),
                    position_type,
                    position,
                    f"01-01-{2016 + i % 9}",
                    f"bench-agency-{i % AGENCIES}",
                    f"Bidang {i % UNITS + 1}",
                    "S1",
                    "Administrasi Publik",
                    "3500000",
                    f"01-0{1 + i % 9}-2025",
                    "baik",
                    f"p{i}@bench.go.id",
                ]
            )
        )
    return ("\n".join(lines) + "\n").encode()


def run_import(data: bytes) -> tuple[float, object]:
    from loket.hr.importing import read_rows, upsert_employees

    started = time.perf_counter()
    outcome = upsert_employees(read_rows("bench.csv", data), source="csv", today=dt.date(2026, 11, 23))
    elapsed = time.perf_counter() - started
    if not outcome.ok:
        sys.exit(f"import failed: {outcome.errors[:3]}")
    return elapsed, outcome


def empty_registry() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE hr_gradehistory, hr_positionhistory, hr_salaryhistory, hr_headship, hr_employee CASCADE"
        )
        cursor.execute("DELETE FROM auth_user WHERE username ~ '^[0-9]{18}$'")
        cursor.execute("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    common.fresh_database(common.database_url_named("loket_bench_import"))
    from loket.org.models import Agency, Region, Unit

    region = Region.objects.create(code="32", name="Jawa Barat", level="province")
    for a in range(AGENCIES):
        agency = Agency.objects.create(region=region, slug=f"bench-agency-{a}", name=f"Perangkat Daerah {a}")
        Unit.objects.bulk_create([Unit(agency=agency, name=f"Bidang {u + 1}") for u in range(UNITS)])

    rows = []
    small_csv, large_csv = make_csv(args.small), make_csv(args.large)
    seconds_small, outcome = run_import(small_csv)
    rows.append([f"{args.small:,} baru", round(seconds_small, 2), round(args.small / seconds_small)])
    seconds_again, again = run_import(small_csv)
    assert again.updated == args.small and again.created == 0
    rows.append([f"{args.small:,} impor ulang", round(seconds_again, 2), round(args.small / seconds_again)])
    empty_registry()
    seconds_large, outcome = run_import(large_csv)
    assert outcome.created == args.large
    rows.append([f"{args.large:,} baru", round(seconds_large, 2), round(args.large / seconds_large)])
    common.print_table(["impor", "detik", "baris/detik"], rows)
    growth = (seconds_large / args.large) / (seconds_small / args.small)
    figures = {
        "seconds_10k": round(seconds_small, 2),
        "seconds_100k": round(seconds_large, 2),
        "growth": round(growth, 3),
        "seconds_10k_reimport": round(seconds_again, 2),
        "rows_per_s_10k": round(args.small / seconds_small),
        "rows_per_s_100k": round(args.large / seconds_large),
    }
    print(figures)
    verdict = "OK" if growth <= 1.3 and seconds_small < 60 else "DI LUAR TARGET"
    print(f"growth {growth:.3f} (target ≤ 1.3), 10k dalam {seconds_small:.1f} s (target < 60 s): {verdict}")
    if args.small == 10_000 and args.large == 100_000:
        common.save_result("import", figures)


if __name__ == "__main__":
    main()
