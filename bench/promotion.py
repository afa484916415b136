"""Promotion benchmark (issue 16): who is eligible at a promotion date over a province's employees, and the yearly
credit-point run over their functional staff.

Seeds a fresh PostgreSQL database `loket_bench_promotion` (on the server of DATABASE_URL) with one agency of Kota
Bandung whose employees are imported through hr's importer (`--small`, then up to `--large` civil servants), two
years of yearly performance ratings each (a mix of the five ratings) and, for every employee in grade III (about
two in three), a functional post (ahli pertama or ahli muda, by grade). Then, timed:

  eligibility  `hr.promotion.services.candidates(date, agencies)` for the next promotion date — every employee
               assessed (regular promotion and education adjustment, every reason of the ineligible), at the small
               size and again at the large one: `growth` = time per employee at the large size ÷ at the small one.
  credit       `hr.functional.services.credit_year` for two years over the functional staff (employee-years =
               functional staff × 2): credit per period from the ratings, bulk-written.
  floor        a plain bulk INSERT of as many rows, of the same width, into a table without index or constraint,
               in the same database and run: `credit_ratio` = floor seconds ÷ credit seconds.

Targets (issue 16): eligibility at the large size < 30 s and growth <= 1.3; credit for 100,000 employee-years
< 10 s. `--large 100000` is the issue's size (the default); `make bench` runs it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket python bench/promotion.py [--small 10000 --large 100000]
"""

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import leave

TODAY = dt.date(2026, 11, 23)
ELIGIBILITY_S_MAX = 30.0
GROWTH_MAX = 1.3
CREDIT_S_MAX = 10.0
CREDIT_YEARS = (2024, 2025)
RATINGS = ("sangat baik", "baik", "baik", "baik", "butuh perbaikan", "kurang", "sangat kurang")
GRADES = ("III/a", "III/b", "III/c", "III/d", "II/c", "IV/a")


def seed_agency():
    from loket.org.models import Agency, Region

    province = Region.objects.create(code="32", name="Jawa Barat", level="province")
    bandung = Region.objects.create(code="32.73", name="Kota Bandung", level="kota", parent=province)
    return Agency.objects.create(region=bandung, slug=leave.AGENCY, name="DPMPTSP Kota Bandung", short_name="DPMPTSP")


def add_employees(first: int, count: int) -> list[int]:
    """Import `count` employees numbered from `first` (hr's importer, in chunks), then their ratings and posts."""
    from loket.hr.importing import upsert_employees
    from loket.hr.models import Employee, FunctionalPosition, PerformanceRating

    rng = random.Random(first)
    chunk = 20000
    for start in range(first, first + count, chunk):
        rows = []
        for number in range(start, min(start + chunk, first + count)):
            row = leave.employee_row(1 + number, f"Pegawai {number + 1}", grade=rng.choice(GRADES))
            row["TMT_GOLONGAN"] = f"01-{rng.choice(('04', '10'))}-{rng.randint(2016, 2023)}"
            row["TINGKAT_PENDIDIKAN_NAMA"] = rng.choice(("SMA", "D3", "S1", "S1", "S2"))
            rows.append(row)
        outcome = upsert_employees(list(enumerate(rows, start=2)), source="csv", today=TODAY)
        if not outcome.ok:
            sys.exit(f"import failed: {outcome.errors[:3]}")
    added = list(Employee.objects.order_by("-pk").values_list("pk", "grade")[:count])
    PerformanceRating.objects.bulk_create(
        [
            PerformanceRating(employee_id=pk, year=year, period="tahunan", rating=rng.choice(RATINGS), source="import")
            for pk, _ in added
            for year in (TODAY.year - 2, TODAY.year - 1)
        ],
        batch_size=5000,
    )
    posts = []
    for pk, grade in added:
        if grade not in ("IIIa", "IIIb", "IIIc", "IIId"):
            continue
        level = "ahli_pertama" if grade in ("IIIa", "IIIb") else "ahli_muda"
        posts.append(
            FunctionalPosition(
                employee_id=pk, name="Analis Kebijakan", level=level, first=dt.date(2022, 1, 1), reason="perpindahan"
            )
        )
    FunctionalPosition.objects.bulk_create(posts, batch_size=5000)
    return [pk for pk, _ in added]


def time_eligibility(agency) -> tuple[float, int, int]:
    from loket.hr.promotion import rules
    from loket.hr.promotion.services import candidates

    began = time.perf_counter()
    found = candidates(rules.next_promotion_date(TODAY), [agency])
    return time.perf_counter() - began, len(found), sum(1 for candidate in found if candidate.eligible)


def time_credit() -> tuple[float, int]:
    from loket.hr.functional.services import credit_year
    from loket.hr.models import FunctionalPosition, PerformanceRating

    functional = set(FunctionalPosition.objects.values_list("employee_id", flat=True))
    created = 0
    began = time.perf_counter()
    for year in CREDIT_YEARS:
        ratings = dict(
            PerformanceRating.objects.filter(year=year, period="tahunan", employee_id__in=functional).values_list(
                "employee_id", "rating"
            )
        )
        created += credit_year(actor=None, year=year, ratings=ratings).created
    return time.perf_counter() - began, created


def time_floor(rows: int) -> float:
    """A plain bulk INSERT of `rows` rows as wide as a credit entry, in one transaction, 2,000 rows a statement."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_floor_credit (employee_id int, position_id int, first date, last date, level varchar(20),"
            " rating varchar(30), months smallint, credit numeric(9,3), source varchar(10), created_at timestamptz)"
        )
    values = [
        (n, n, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "ahli_pertama", "baik", 12, "12.500", "predikat")
        for n in range(rows)
    ]
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for offset in range(0, rows, 2000):
            part = values[offset : offset + 2000]
            cursor.execute(
                "INSERT INTO bench_floor_credit VALUES " + ",".join(["(%s,%s,%s,%s,%s,%s,%s,%s,%s,now())"] * len(part)),
                [value for row in part for value in row],
            )
    return time.perf_counter() - began


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10000)
    parser.add_argument("--large", type=int, default=100000)
    parser.add_argument("--database", default="loket_bench_promotion")
    parser.add_argument("--no-save", action="store_true", help="do not save the figures in bench/results.json")
    args = parser.parse_args(argv)
    common.stop_on_sigterm()
    url = common.database_url_named(args.database)
    common.fresh_database(url)
    common.setup_django(url)

    began = time.perf_counter()
    agency = seed_agency()
    add_employees(0, args.small)
    print(f"Data: {args.small} pegawai ({time.perf_counter() - began:.1f} s)", flush=True)
    small_s, small_n, small_eligible = time_eligibility(agency)
    add_employees(args.small, args.large - args.small)
    print(f"Data: {args.large} pegawai ({time.perf_counter() - began:.1f} s)", flush=True)
    large_s, large_n, large_eligible = time_eligibility(agency)
    credit_s, credit_rows = time_credit()
    floor_s = time_floor(credit_rows)
    growth = (large_s / large_n) / (small_s / small_n)
    figures = {
        "employees_small": small_n,
        "employees_large": large_n,
        "eligible_small": small_eligible,
        "eligible_large": large_eligible,
        "eligibility_s_small": round(small_s, 2),
        "eligibility_s_large": round(large_s, 2),
        "growth": round(growth, 3),
        "credit_employee_years": credit_rows,
        "credit_s": round(credit_s, 2),
        "credit_floor_s": round(floor_s, 2),
        "credit_ratio": round(floor_s / credit_s, 3) if credit_s else None,
    }
    print(
        f"Kelayakan kenaikan pangkat: {small_n} pegawai {small_s:.2f} s, {large_n} pegawai {large_s:.2f} s "
        f"(pertumbuhan per pegawai {growth:.3f}; target < {ELIGIBILITY_S_MAX:.0f} s dan <= {GROWTH_MAX})"
    )
    print(
        f"Angka kredit: {credit_rows} pegawai-tahun {credit_s:.2f} s (target < {CREDIT_S_MAX:.0f} s); "
        f"lantai INSERT {floor_s:.2f} s, rasio {figures['credit_ratio']}"
    )
    print(json.dumps(figures, sort_keys=True))
    if not args.no_save:
        common.save_result("promotion", figures)
    met = (
        large_s < ELIGIBILITY_S_MAX and growth <= GROWTH_MAX and credit_s < CREDIT_S_MAX * max(1, credit_rows / 100000)
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
