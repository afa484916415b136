"""Promotion benchmark (issue 16): eligibility of every civil servant for one promotion date
(`hr.promotion.services.candidates`: the registry read, two years of ratings, the pure rules, the new salary).

Seeds a fresh PostgreSQL database `loket_bench_promotion` with one agency and civil servants written in bulk (no
accounts: eligibility needs none), each with three yearly ratings, a grade, its TMT, education and salary decree
spread so that every reason occurs. Then times `candidates` at each size of `--sizes` (the database grows between
measurements), and reports the time per employee and its growth from the first size to the last.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket python bench/promotion.py [--sizes 10000,100000]

Then the yearly credit-point run of e-Fungsional (`hr.functional.services.credit_year`): every employee in grade III
gets a functional post (ahli pertama or ahli muda by grade) since 2020, and the credit of the three rated years is
computed and bulk-written (employee-years = posts × rated years, about 120,000 at 100,000 employees); against a floor
measured in the same run and database: a plain bulk INSERT of as many rows of the same width into a table without
index or constraint (`credit_ratio` = floor seconds ÷ credit seconds).

Targets (issue 16): the last size (100,000) in under 30 s, and at most 1.3 times the per-employee time of the first
(10,000); credit points for 100,000 employee-years in under 10 s. Figures under `promotion` in results.json.
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

ON = dt.date(2027, 2, 1)
TARGET_SECONDS = 30.0
TARGET_GROWTH = 1.3
GRADES = ["IIa", "IIb", "IIc", "IId", "IIIa", "IIIb", "IIIc", "IIId", "IVa", "IVb"]
EDUCATION = {"II": ["SMA", "D3", "S1"], "III": ["S1", "S1", "S2"], "IV": ["S2", "S3"]}
RATINGS = ["sangat baik", "baik", "baik", "baik", "butuh perbaikan", "kurang"]


def seed(start: int, count: int, rng: random.Random) -> None:
    from loket.hr.models import Employee, PerformanceRating
    from loket.org.models import Agency

    agency = Agency.objects.get(slug="dpmptsp-bench")
    rows = []
    for serial in range(start, start + count):
        grade = rng.choice(GRADES)
        group = grade[:-1]
        grade_tmt = dt.date(rng.randint(2018, 2025), rng.choice([2, 4, 6, 8, 10, 12]), 1)
        rows.append(
            Employee(
                nip=f"1985{serial:014d}",
                name=f"Pegawai {serial}",
                birth_date=dt.date(1985, 1, 1),
                sex="M",
                status="PNS",
                service_start=dt.date(2010, 1, 1),
                agency=agency,
                region_id=agency.region_id,
                grade=grade,
                grade_tmt=grade_tmt,
                position_type="pelaksana",
                position_name="Pengadministrasi",
                education_level=rng.choice(EDUCATION[group]),
                salary_tmt=grade_tmt,
                mkg_years=rng.choice([4, 6, 8, 10, 12]),
                disciplinary_penalty=rng.random() < 0.01,
                leave_records_from=2024,
                source="bench",
            )
        )
    Employee.objects.bulk_create(rows, batch_size=5000)
    ids = list(Employee.objects.filter(source="bench").order_by("-pk").values_list("pk", flat=True)[:count])
    ratings = [
        PerformanceRating(employee_id=pk, year=year, rating=rng.choice(RATINGS), source="import")
        for pk in ids
        for year in (ON.year - 3, ON.year - 2, ON.year - 1)
        if rng.random() > 0.02
    ]
    PerformanceRating.objects.bulk_create(ratings, batch_size=10000)


def measure() -> dict:
    from loket.hr.promotion import services
    from loket.org.models import Agency

    agencies = Agency.objects.filter(slug="dpmptsp-bench")
    began = time.perf_counter()
    found = services.candidates(ON, agencies)
    seconds = time.perf_counter() - began
    return {
        "employees": len(found),
        "eligible": sum(1 for candidate in found if candidate.eligible),
        "seconds": round(seconds, 3),
        "us_per_employee": round(1e6 * seconds / len(found), 1),
    }


CREDIT_TARGET_SECONDS_PER_100K = 10.0


def measure_credit(profile: str | None = None) -> dict:
    from django.db import connection, transaction

    from loket.hr.functional.services import credit_year
    from loket.hr.models import Employee, FunctionalPosition, PerformanceRating

    grade_iii = Employee.objects.filter(source="bench", grade__startswith="III").values_list("pk", "grade")
    FunctionalPosition.objects.bulk_create(
        [
            FunctionalPosition(
                employee_id=pk,
                name="Analis Kebijakan",
                level="ahli_pertama" if grade in ("IIIa", "IIIb") else "ahli_muda",
                first=dt.date(2020, 1, 1),
                reason="perpindahan",
            )
            for pk, grade in grade_iii
        ],
        batch_size=5000,
    )
    years = (ON.year - 3, ON.year - 2, ON.year - 1)
    ratings = {
        year: dict(
            PerformanceRating.objects.filter(year=year, period="tahunan", employee__grade__startswith="III")
            .order_by("created_at", "pk")
            .values_list("employee_id", "rating")
        )
        for year in years
    }
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    began = time.perf_counter()
    created = sum(credit_year(actor=None, year=year, ratings=ratings[year]).created for year in years)
    seconds = time.perf_counter() - began
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_floor_credit (employee_id int, position_id int, first date, last date, "
            "level varchar(20), rating varchar(30), months smallint, credit numeric(9,3), source varchar(10), "
            "recorded_by_id int, created_at timestamptz)"
        )
    row = (1, 1, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "ahli_pertama", "baik", 12, "12.500", "predikat")
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for offset in range(0, created, 2000):
            count = min(2000, created - offset)
            cursor.execute(
                "INSERT INTO bench_floor_credit VALUES "
                + ",".join(["(%s,%s,%s,%s,%s,%s,%s,%s,%s,NULL,now())"] * count),
                [value for _ in range(count) for value in row],
            )
    floor = time.perf_counter() - began
    return {
        "credit_employee_years": created,
        "credit_seconds": round(seconds, 2),
        "credit_floor_seconds": round(floor, 2),
        "credit_ratio": round(floor / seconds, 3) if seconds else None,
        "credit_target_seconds": round(CREDIT_TARGET_SECONDS_PER_100K * max(created, 1) / 100000, 2),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--database", default="loket_bench_promotion")
    parser.add_argument("--no-save", action="store_true", help="do not save the figures in bench/results.json")
    parser.add_argument(
        "--credit-only",
        action="store_true",
        help="seed the last size and time only the credit run (while working on it; never saves)",
    )
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the credit run to FILE")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    common.stop_on_sigterm()
    database_url = common.database_url_named(args.database)
    os.environ["LOKET_DATA_DIR"] = tempfile.mkdtemp(prefix="loket-bench-promotion-")
    common.fresh_database(database_url)
    from loket.org.models import Agency, Region

    region = Region.objects.create(code="32.73", name="Kota Bandung", level="kota")
    Agency.objects.create(region=region, slug="dpmptsp-bench", name="DPMPTSP Bench", short_name="DPMPTSP")
    rng = random.Random(16)
    if args.credit_only:
        seed(0, sizes[-1], rng)
        print(json.dumps(measure_credit(args.profile)), flush=True)
        return 0
    runs, seeded = [], 0
    for size in sizes:
        seed(seeded, size - seeded, rng)
        seeded = size
        runs.append(measure())
        print(json.dumps(runs[-1]), flush=True)
    growth = runs[-1]["us_per_employee"] / runs[0]["us_per_employee"]
    credit = measure_credit(args.profile)
    print(json.dumps(credit), flush=True)
    figures = {
        **credit,
        "on": ON.isoformat(),
        "runs": runs,
        "growth": round(growth, 2),
        "seconds_last": runs[-1]["seconds"],
        "employees_last": runs[-1]["employees"],
        "target_seconds": TARGET_SECONDS,
        "target_growth": TARGET_GROWTH,
    }
    print(json.dumps(figures))
    if not args.no_save:
        common.save_result("promotion", figures)
    if (
        runs[-1]["seconds"] > TARGET_SECONDS
        or growth > TARGET_GROWTH
        or credit["credit_seconds"] > credit["credit_target_seconds"]
    ):
        print("Target missed.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
