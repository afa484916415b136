"""KGB benchmark: the daily job `hr.kgb.services.draft_due` over a province's employees (issue 12: KGB drafts are
system-opened cases on the engine; the job must stay bulk-efficient).

Seeds a fresh PostgreSQL database `loket_bench_kgb` with the province's KGB service (e-KGB's SOP,
`hr.cases.KGB_STEPS`: BKD's review when a draft needs it, then the official's signature) and one agency of
Kota Bandung with `--employees` civil servants imported through hr's importer (each with an account), its
head (the official who signs) and the city's BKD admin. A share of them (`--due`, default 1 in 12: a
60-day window over a two-year cycle) falls due, one in ten of those with a performance rating that sends
the draft to BKD. Then one run of `draft_due` is timed and its SQL statements counted (CaptureQueriesContext):
drafts, the officials' notices, and on the engine one case per draft (task, history, the employee's notice).

Runs against the code on PYTHONPATH, so the same script measures the job before KGB ran on the engine
(no KGB service is published when `hr.cases.KGB_STEPS` does not exist) and after.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket python bench/kgb.py [--employees 2000] [--due 0.083]

Target: at most `max_statements(cases)` statements for the run (figures under `kgb` in results.json: `statements`,
`data_statements` without transaction control, `seconds`, `ms_per_draft`, `drafted`, `cases`).
"""

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import leave

TODAY = dt.date(2026, 11, 23)


def max_statements(cases: int) -> int:
    """Target: the job's statements hardly grow with the cases it opens — a fixed cost per run, plus a block of
    case ids and one of tracking numbers per 32 cases and one batch per 200 (before the engine: 9 in all)."""
    return 30 + cases // 10


def seed(employees: int, due_share: float) -> dict:
    from django.contrib.auth import get_user_model

    from loket.catalogue.models import Category
    from loket.hr.importing import upsert_employees
    from loket.hr.models import Employee
    from loket.org.models import Agency, Region, Role, RoleAssignment

    province = Region.objects.create(code="32", name="Jawa Barat", level="province")
    bandung = Region.objects.create(code="32.73", name="Kota Bandung", level="kota", parent=province)
    bkd = Agency.objects.create(region=province, slug="bkd-jabar", name="BKD Provinsi Jawa Barat")
    Agency.objects.create(region=bandung, slug=leave.AGENCY, name="DPMPTSP Kota Bandung", short_name="DPMPTSP")
    User = get_user_model()
    editor = User.objects.create_user("editor_bkd", "editor@example.go.id", "rahasia-bench-123")
    RoleAssignment.objects.create(user=editor, role=Role.CATALOGUE_EDITOR, agency=bkd)
    hr_admin = User.objects.create_user("bkd_bandung", "bkd@example.go.id", "rahasia-bench-123")
    RoleAssignment.objects.create(user=hr_admin, role=Role.HR_ADMIN, region=bandung)
    category = Category.objects.create(slug="kepegawaian", name_id="Kepegawaian", name_en="Civil service")
    on_engine = kgb_service(editor, bkd, category)

    rows = [leave.employee_row(0, "Kepala Dinas", head="Y", grade="IV/c", position_type="JPT", position="Kepala")]
    rows += [leave.employee_row(1 + number, f"Pegawai {number + 1}") for number in range(employees - 1)]
    outcome = upsert_employees(list(enumerate(rows, start=2)), source="csv", today=TODAY)
    if not outcome.ok:
        sys.exit(f"import failed: {outcome.errors[:3]}")
    staff = list(Employee.objects.exclude(nip=rows[0]["NIP_BARU"]).order_by("pk").values_list("pk", flat=True))
    step = max(1, round(1 / due_share)) if due_share > 0 else len(staff) + 1
    due = staff[::step]
    review = due[::10]
    Employee.objects.update(salary_tmt=dt.date(2026, 6, 1), mkg_years=10, mkg_months=0, performance="baik")
    Employee.objects.filter(pk__in=due).update(grade="IIIa", salary_tmt=dt.date(2024, 12, 1), mkg_years=6)
    Employee.objects.filter(pk__in=review).update(performance="butuh perbaikan")
    return {"employees": employees, "due": len(due), "review": len(review), "on_engine": on_engine}


def kgb_service(editor, agency, category) -> bool:
    """The province's published KGB service with e-KGB's SOP and form; False when the code has none (before)."""
    from loket.hr import cases

    if not hasattr(cases, "KGB_STEPS"):
        return False
    from loket.applications import services as applications
    from loket.catalogue import services as catalogue
    from loket.hr.models import CaseService
    from loket.workflow import services as workflow

    service = catalogue.create_service(
        actor=editor,
        agency=agency,
        code="kgb-asn-jabar",
        name_id="Kenaikan Gaji Berkala (KGB)",
        name_en="Periodic salary increase (KGB)",
        category=category,
        audience="employee",
        channels=["online"],
    )
    draft = catalogue.open_draft(actor=editor, service=service)
    catalogue.update_draft(
        actor=editor,
        draft=draft,
        changes={
            "summary": "Pemberitahuan kenaikan gaji berkala PNS.",
            "requirements": [{"name": "NIP", "description": "", "mandatory": True, "kind": "datum", "file_types": []}],
            "procedure": [{"title": "Sistem menyusun draf", "description": ""}],
            "time_limit_days": cases.KGB_TIME_LIMIT_DAYS,
            "fee_amount": 0,
            "product": "Surat pemberitahuan KGB",
            "complaints": "SP4N-LAPOR!",
            "legal_basis": ["PP 7/1977 sebagaimana terakhir diubah dengan PP 5/2024"],
        },
    )
    workflow.save_procedure(actor=editor, standard=draft, steps=[dict(step) for step in cases.KGB_STEPS])
    applications.save_form(actor=editor, standard=draft, fields=cases.KGB_FORM)
    catalogue.publish(actor=editor, service=service)
    service.refresh_from_db()
    CaseService.objects.create(kind=CaseService.Kind.KGB, region=agency.region, service=service)
    return True


def measure() -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from loket.applications.models import Application
    from loket.hr.kgb import services
    from loket.hr.models import KgbDecision

    reverse("hr:kgb")  # the URL configuration loads once per process: not part of the job's cost
    with CaptureQueriesContext(connection) as run:
        began = time.perf_counter()
        drafted = services.draft_due(today=TODAY)
        seconds = time.perf_counter() - began
    control = {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK"}
    statements = [q["sql"] for q in run.captured_queries]
    data = sum(1 for sql in statements if sql.split(" ", 1)[0].upper() not in control)
    has_case = any(field.name == "case" for field in KgbDecision._meta.get_fields())
    return {
        "drafted": drafted,
        "cases": KgbDecision.objects.filter(case__isnull=False).count() if has_case else 0,
        "applications": Application.objects.count(),
        "statements": len(statements),
        "data_statements": data,
        "seconds": round(seconds, 3),
        "ms_per_draft": round(1000 * seconds / drafted, 2) if drafted else None,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--due", type=float, default=1 / 12, help="share of employees falling due in the window")
    parser.add_argument("--database", default="loket_bench_kgb")
    parser.add_argument("--label", default="", help="a name for this run in the output (e.g. before / after)")
    parser.add_argument("--no-save", action="store_true", help="do not save the figures in bench/results.json")
    args = parser.parse_args(argv)
    common.stop_on_sigterm()
    database_url = common.database_url_named(args.database)
    os.environ["LOKET_DATA_DIR"] = tempfile.mkdtemp(prefix="loket-bench-kgb-")
    common.fresh_database(database_url)
    seeded = seed(args.employees, args.due)
    figures = {**seeded, **measure(), "label": args.label}
    figures["target_statements"] = max_statements(figures["cases"])
    print(json.dumps(figures))
    if not args.no_save:
        common.save_result("kgb", figures)
    if seeded["on_engine"] and figures["statements"] > figures["target_statements"]:
        print(f"Target missed: {figures['statements']} statements > {figures['target_statements']}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
