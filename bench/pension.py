"""Pension benchmark (issue 17): the daily job opening the pension files coming due (`hr.pension.services.open_due`:
the registry read narrowed by birth date, the functional posts, the pure retirement rules, the service history and
the files written in bulk) over a province's civil servants.

Seeds a fresh PostgreSQL database `loket_bench_pension` with one agency and `--employees` civil servants written in
bulk (no accounts), born between 1962 and 2000 so that about 3 % reach the retirement age within the 15 months the job
looks ahead, each with a rank-history row; a tenth hold a functional post (levels spread: BUP 58, 60 or 65) and some
are teachers (statute age, configurable). Then times the job, and its rerun (idempotent: nothing opened twice),
against a floor measured in the same run and database: a plain bulk INSERT of as many rows of the file's width into a
table without index or constraint (`ratio` = floor seconds ÷ job seconds).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket python bench/pension.py [--employees 100000]

Target (issue 17): the opening job over 100,000 employees in under 30 s. Figures under `pension` in results.json.
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

TODAY = dt.date(2026, 12, 7)
TARGET_SECONDS = 30.0
POSITIONS = ["pelaksana"] * 6 + ["pengawas", "administrator", "jpt"]
LEVELS = ["ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama", "terampil", "mahir"]


def seed(count: int, rng: random.Random) -> None:
    from loket.hr.models import Employee, FunctionalPosition, GradeHistory
    from loket.org.models import Agency

    agency = Agency.objects.get(slug="dpmptsp-bench")
    rows = []
    for serial in range(count):
        birth = dt.date(rng.randint(1962, 2000), rng.randint(1, 12), rng.randint(1, 28))
        functional = rng.random() < 0.1
        rows.append(
            Employee(
                nip=f"1970{serial:014d}",
                name=f"Pegawai {serial}",
                birth_date=birth,
                sex="F" if serial % 2 else "M",
                status="PNS",
                service_start=dt.date(birth.year + 25, 1, 1),
                agency=agency,
                region_id=agency.region_id,
                grade=rng.choice(["IIc", "IIIa", "IIIb", "IIIc", "IIId", "IVa"]),
                grade_tmt=dt.date(2022, 4, 1),
                position_type="fungsional" if functional else rng.choice(POSITIONS),
                position_name="Guru Ahli Muda" if functional and serial % 3 == 0 else "Pengadministrasi",
                base_salary=rng.randint(2_800_000, 5_900_000),
                leave_records_from=2024,
                source="bench",
            )
        )
    Employee.objects.bulk_create(rows, batch_size=5000)
    employees = list(Employee.objects.filter(source="bench").values_list("pk", "position_type", "position_name"))
    GradeHistory.objects.bulk_create(
        [
            GradeHistory(employee_id=pk, grade="IIIa", tmt=dt.date(2018, 4, 1), decree="823/bench")
            for pk, *_ in employees
        ],
        batch_size=10000,
    )
    FunctionalPosition.objects.bulk_create(
        [
            FunctionalPosition(
                employee_id=pk, name=name, level=rng.choice(LEVELS), first=dt.date(2020, 1, 1), reason="perpindahan"
            )
            for pk, kind, name in employees
            if kind == "fungsional"
        ],
        batch_size=5000,
    )


def measure_floor(count: int) -> float:
    """A plain bulk INSERT of `count` rows of a pension file's width, no index or constraint."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_floor_pension (employee_id int, kind varchar(10), status varchar(12), pension_date date,"
            " bup_age smallint, service_years smallint, service_months smallint, last_grade varchar(5),"
            " last_salary int, history jsonb, note varchar(500), created_at timestamptz)"
        )
    row = (1, "bup", "confirmation", TODAY, 58, 30, 1, "IIId", 4500000, '[{"tmt": "2018-04-01", "text": "Pangkat"}]')
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for offset in range(0, count, 2000):
            size = min(2000, count - offset)
            cursor.execute(
                "INSERT INTO bench_floor_pension VALUES "
                + ",".join(["(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,'-',now())"] * size),
                [value for _ in range(size) for value in row],
            )
    return time.perf_counter() - began


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100000)
    parser.add_argument("--database", default="loket_bench_pension")
    parser.add_argument("--no-save", action="store_true", help="do not save the figures in bench/results.json")
    args = parser.parse_args(argv)
    common.stop_on_sigterm()
    database_url = common.database_url_named(args.database)
    os.environ["LOKET_DATA_DIR"] = tempfile.mkdtemp(prefix="loket-bench-pension-")
    common.fresh_database(database_url)
    from loket.hr.models import PensionFile
    from loket.hr.pension import services
    from loket.org.models import Agency, Region

    region = Region.objects.create(code="32.73", name="Kota Bandung", level="kota")
    Agency.objects.create(region=region, slug="dpmptsp-bench", name="DPMPTSP Bench", short_name="DPMPTSP")
    seed(args.employees, random.Random(17))
    began = time.perf_counter()
    opened = services.open_due(today=TODAY)
    seconds = time.perf_counter() - began
    began = time.perf_counter()
    again = services.open_due(today=TODAY)
    rerun = time.perf_counter() - began
    floor = measure_floor(opened)
    files = PensionFile.objects.count()
    figures = {
        "employees": args.employees,
        "today": TODAY.isoformat(),
        "months_ahead": services.months_ahead(),
        "opened": opened,
        "files": files,
        "rerun_opened": again,
        "seconds": round(seconds, 2),
        "rerun_seconds": round(rerun, 2),
        "floor_seconds": round(floor, 3),
        "ratio": round(floor / seconds, 3) if seconds else None,
        "ms_per_1000_employees": round(1000 * seconds / args.employees * 1000, 1),
        "target_seconds": TARGET_SECONDS,
    }
    print(json.dumps(figures))
    if not args.no_save:
        common.save_result("pension", figures)
    if seconds > TARGET_SECONDS or again or files != opened:
        print("Target missed.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
