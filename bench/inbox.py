"""Inbox benchmark: an officer's and a plh's inbox at 10,000 and at 1,000,000 Task rows (growth = large ÷ small).

Seeds a fresh PostgreSQL database `loket_bench_inbox` (on the server of DATABASE_URL) with 100
agencies, each with its service, published standard and procedure step, and bulk-inserts
applications with four tasks each (the last one open while the application is in progress, the
others done) straight in SQL with `generate_series`. The work in hand is the same in both sizes —
2,200 open tasks, 200 of them in the officer's agency with deadlines from overdue to next week — and
only the history (done tasks of every agency, the officer's included) grows from 10,000 to 1,000,000
rows: the inbox must not slow down as the years of history pile up.

One application in ten is addressed to a person (ADR 0011: `Task.assignee`, open ones and history alike),
spread over 20 officials. Two inboxes are measured: the unit officer's (who must not see those) and a plh's,
an official with tasks of their own who stands in for another today (an hr.Delegation, read through
org.stand_ins), who sees their own and the principal's person-addressed tasks.

Measured in-process (no HTTP): the median time of `workflow.api.inbox_page` (the count plus the
first page with its related rows, exactly what GET /api/v1/inbox runs), also with the `sla` and
`service` filters, and of the whole endpoint through Django's test client; and the plh's inbox. Prints both
sizes and the growth, and merges {growth, plh_growth, …} into bench/results.json under "inbox". Target: both
growths ≤ 1.2.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket python bench/inbox.py
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

AGENCIES = 100
TASKS_PER_APPLICATION = 4  # a 3-step procedure whose middle step runs in two units
OPEN_APPLICATIONS = 2200  # the work in hand, the same at both sizes
OFFICER_OPEN = 200  # ... of which in the officer's agency
SMALL_TASKS = 10_000
LARGE_TASKS = 1_000_000
TARGET_GROWTH = 1.2
PERSONS = 20  # officials that person-addressed tasks go to; 0 is the principal, 1 the plh standing in
ADDRESSED_EVERY = 10  # one application in ten has its tasks addressed to a person


def seed_base() -> dict:
    """Regions, agencies with a unit, a service with a published standard and one procedure step each,
    an applicant and the officer; a lookup table bench_agency(idx → ids) for the SQL inserts."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from loket.catalogue.models import Category, Service, ServiceStandard
    from loket.org.models import Agency, Region, Role, RoleAssignment, Unit
    from loket.workflow.models import ProcedureStep

    users = get_user_model().objects
    province = Region.objects.create(code="32", name="Jawa Barat", level="province")
    kalsel = Region.objects.create(code="63", name="Kalimantan Selatan", level="province", time_zone="WITA")
    regions = [
        Region.objects.create(code=f"32.{n:02d}", name=f"Kabupaten {n}", level="kabupaten", parent=province)
        for n in range(1, 20)
    ]
    regions.append(
        Region.objects.create(code="63.71", name="Kota Banjarmasin", level="kota", parent=kalsel, time_zone="WITA")
    )
    agencies = Agency.objects.bulk_create(
        [
            Agency(region=regions[n % len(regions)], slug=f"opd-{n:03d}", name=f"Perangkat Daerah {n}")
            for n in range(AGENCIES)
        ]
    )
    units = Unit.objects.bulk_create([Unit(agency=agency, name="Bidang Pelayanan") for agency in agencies])
    category = Category.objects.create(slug="perizinan", name_id="Perizinan")
    services = Service.objects.bulk_create(
        [
            Service(code=f"layanan-{n:03d}", name_id=f"Layanan {n}", category=category, agency=agency)
            for n, agency in enumerate(agencies)
        ]
    )
    now = timezone.now()
    standards = ServiceStandard.objects.bulk_create(
        [
            ServiceStandard(service=service, version=1, status="published", published_at=now, time_limit_days=10)
            for service in services
        ]
    )
    for service, standard in zip(services, standards):
        service.current = standard
    Service.objects.bulk_update(services, ["current"])
    steps = ProcedureStep.objects.bulk_create(
        [
            ProcedureStep(
                standard=standard, position=1, name_id="Verifikasi berkas", role="officer", unit=unit, sla_days=3
            )
            for standard, unit in zip(standards, units)
        ]
    )
    applicant = users.create_user("warga", "warga@example.id", "rahasia-bench-123")
    officer = users.create_user("petugas", "petugas@example.go.id", "rahasia-bench-123")
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, agency=agencies[0])
    persons = [users.create_user(f"pejabat{n:02d}", f"pejabat{n:02d}@example.go.id") for n in range(PERSONS)]
    plh = _delegation(persons[0], persons[1], agencies[0])
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_person (idx int PRIMARY KEY, user_id bigint)")
        cursor.executemany("INSERT INTO bench_person VALUES (%s, %s)", [(n, u.pk) for n, u in enumerate(persons)])
        cursor.execute(
            "CREATE TABLE bench_agency (idx int PRIMARY KEY, agency_id bigint, region_id bigint, "
            "service_id bigint, standard_id bigint, step_id bigint, unit_id bigint)"
        )
        cursor.executemany(
            "INSERT INTO bench_agency VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                (n, agency.pk, agency.region_id, service.pk, standard.pk, step.pk, unit.pk)
                for n, (agency, service, standard, step, unit) in enumerate(
                    zip(agencies, services, standards, steps, units)
                )
            ],
        )
    return {"applicant": applicant.pk, "officer": officer, "plh": plh, "service": services[0].code}


def _delegation(principal, plh, agency):
    """Both officials as employees of the first agency; the principal delegates to the plh around today."""
    import datetime as dt

    from django.utils import timezone

    from loket.hr.models import Delegation, Employee

    def employee(user, n):
        return Employee.objects.create(
            nip=f"1980010120050310{n:02d}",
            user=user,
            name=f"Pejabat {n}",
            birth_date=dt.date(1980, 1, 1),
            sex="M",
            status="PNS",
            service_start=dt.date(2005, 3, 1),
            agency=agency,
            region=agency.region,
            grade="IVa",
            position_type="administrator",
            position_name="Kepala Bidang",
            leave_records_from=2024,
        )

    today = timezone.localdate()
    Delegation.objects.create(
        delegator=employee(principal, 0),
        delegate=employee(plh, 1),
        first=today - dt.timedelta(days=1),
        last=today + dt.timedelta(days=7),
    )
    return plh


APPLICATIONS_SQL = """
INSERT INTO applications_application (
    tracking_number, service_id, standard_id, agency_id, region_id, applicant_id, channel, consent_note, status,
    data, idempotency_key, pin_hash, submitted_at, decided_at, due_at, paused_working_days, revision_count,
    decision_note, version)
SELECT 'B-' || lpad(g::text, 9, '0'), a.service_id, a.standard_id, a.agency_id, a.region_id, %(applicant)s,
       'online', '',
       CASE WHEN g <= %(open)s THEN 'submitted' ELSE 'completed' END,
       '{}'::jsonb, 'k' || lpad(g::text, 9, '0'), '', now() - ((g %% 365) || ' days')::interval,
       CASE WHEN g <= %(open)s THEN NULL ELSE now() - ((g %% 365) || ' days')::interval + interval '3 days' END,
       now() + interval '10 days', 0, 0, '', 1
FROM generate_series(%(first)s, %(last)s) AS g
JOIN bench_agency a ON a.idx = CASE WHEN g <= %(officer_open)s THEN 0
                                    WHEN g <= %(open)s THEN 1 + g %% %(others)s
                                    ELSE g %% %(agencies)s END
"""

# Four tasks per application: the last one open for applications in progress, all others approved.
# Open deadlines run from 5 days overdue to 9 days ahead, so every SLA state is present.
TASKS_SQL = """
INSERT INTO workflow_task (
    application_id, step_id, unit_id, agency_id_cache, step_role, status, created_at, due_at, completed_at, note,
    version, assignee_id)
SELECT app.id, a.step_id, a.unit_id, app.agency_id, 'officer',
       CASE WHEN waiting THEN 'open' ELSE 'approved' END,
       app.submitted_at,
       CASE WHEN waiting THEN now() + (((app.id %% 15) - 5) || ' days')::interval
            ELSE app.submitted_at + interval '3 days' END,
       CASE WHEN waiting THEN NULL ELSE app.submitted_at + interval '1 day' END,
       '', 1, person.user_id
FROM applications_application app
JOIN bench_agency a ON a.agency_id = app.agency_id
LEFT JOIN bench_person person
       ON app.id %% %(addressed_every)s = 0 AND person.idx = (app.id / %(addressed_every)s) %% %(persons)s
CROSS JOIN generate_series(1, %(per_application)s) AS n
CROSS JOIN LATERAL (SELECT n = %(per_application)s AND app.status = 'submitted' AS waiting) AS state
WHERE app.id > %(after)s
"""


def grow_to(tasks: int, applicant: int) -> float:
    """Insert applications (and their tasks) until the Task table holds `tasks` rows; seconds taken."""
    from django.db import connection

    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM workflow_task")
        have = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(max(id), 0), count(*) FROM applications_application")
        last_id, applications = cursor.fetchone()
        wanted = tasks // TASKS_PER_APPLICATION
        if have >= tasks:
            return 0.0
        cursor.execute(
            APPLICATIONS_SQL,
            {
                "applicant": applicant,
                "open": OPEN_APPLICATIONS,
                "officer_open": OFFICER_OPEN,
                "others": AGENCIES - 1,
                "agencies": AGENCIES,
                "first": applications + 1,
                "last": wanted,
            },
        )
        cursor.execute(
            TASKS_SQL,
            {
                "per_application": TASKS_PER_APPLICATION,
                "after": last_id,
                "addressed_every": ADDRESSED_EVERY,
                "persons": PERSONS,
            },
        )
        cursor.execute("ANALYZE applications_application")
        cursor.execute("ANALYZE workflow_task")
    return time.perf_counter() - began


def median_ms(action, repeat: int) -> float:
    action()  # warm: plans, caches
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        timings.append(time.perf_counter() - began)
    return round(statistics.median(timings) * 1000, 3)


def expected_counts(officer) -> tuple[int, int]:
    """What each inbox must list, counted independently of the code under test: the officer's agency's open
    tasks without an assignee; the open tasks addressed to the plh or to the principal they stand in for."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE t.agency_id_cache = r.agency_id AND t.assignee_id IS NULL), "
            "count(*) FILTER (WHERE t.assignee_id IN (SELECT user_id FROM bench_person WHERE idx IN (0, 1))) "
            "FROM workflow_task t, org_roleassignment r WHERE t.status = 'open' AND r.user_id = %s",
            [officer.pk],
        )
        return cursor.fetchone()


def measure(officer, plh, service: str, token: str, repeat: int) -> dict:
    from django.db import connection
    from django.test import Client

    from loket.workflow.api import inbox_page

    client = Client()
    officer_open, plh_open = expected_counts(officer)

    def plain():
        count, rows = inbox_page(officer)
        assert count == officer_open and len(rows) == 20, (count, len(rows))
        assert not any(task.assignee_id for task in rows)

    def overdue():
        inbox_page(officer, sla="overdue")

    def due_today():
        inbox_page(officer, sla="due_today")

    def by_service():
        count, _rows = inbox_page(officer, service=service)
        assert count == officer_open

    def endpoint():
        response = client.get("/api/v1/inbox", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.content

    def as_plh():
        # the account as each request loads it: whom the plh stands in for is read every time
        user = type(plh).objects.get(pk=plh.pk)
        count, rows = inbox_page(user)
        assert count == plh_open and len(rows) == min(20, plh_open), (count, len(rows))

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE status = 'open') FROM workflow_task")
        rows, open_rows = cursor.fetchone()
    return {
        "tasks": rows,
        "open_tasks": open_rows,
        "officer_open": officer_open,
        "plh_open": plh_open,
        "query_ms": median_ms(plain, repeat),
        "overdue_ms": median_ms(overdue, repeat),
        "due_today_ms": median_ms(due_today, repeat),
        "service_ms": median_ms(by_service, repeat),
        "endpoint_ms": median_ms(endpoint, repeat),
        "plh_ms": median_ms(as_plh, repeat),
    }


def explain(user) -> str:
    """EXPLAIN ANALYZE of the page query `inbox_page` runs (the HTML inbox's `open_tasks`)."""
    from django.utils import timezone

    from loket.workflow import queries

    tasks = queries.open_tasks(user, queries.InboxFilters(), timezone.now())[:20]
    return tasks.explain(analyze=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=SMALL_TASKS)
    parser.add_argument("--large", type=int, default=LARGE_TASKS)
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per query (median)")
    parser.add_argument("--database", default="loket_bench_inbox")
    args = parser.parse_args(argv)
    began = time.perf_counter()

    database_url = common.database_url_named(args.database)
    common.fresh_database(database_url)

    from loket.core import tokens

    base = seed_base()
    token = tokens.issue(actor=None, user=base["officer"], name="bench")[1]

    sizes = {}
    for label, size in (("small", args.small), ("large", args.large)):
        seconds = grow_to(size, base["applicant"])
        sizes[label] = measure(base["officer"], base["plh"], base["service"], token, args.repeat)
        figures = sizes[label]
        print(
            f"{figures['tasks']:>9,} tasks ({figures['open_tasks']:,} open; inserted in {seconds:.1f} s): "
            f"inbox query {figures['query_ms']} ms, endpoint {figures['endpoint_ms']} ms, "
            f"plh inbox {figures['plh_ms']} ms",
            flush=True,
        )

    small, large = sizes["small"], sizes["large"]
    names = [
        ("query_ms", "inbox query (count + page)"),
        ("overdue_ms", "  sla=overdue"),
        ("due_today_ms", "  sla=due_today"),
        ("service_ms", "  service=…"),
        ("endpoint_ms", "GET /api/v1/inbox (in-process)"),
        ("plh_ms", "plh's inbox (own + principal's person tasks)"),
    ]
    print()
    common.print_table(
        ["median ms", f"{small['tasks']:,} tasks", f"{large['tasks']:,} tasks", "growth"],
        [[label, small[key], large[key], f"{large[key] / small[key]:.2f}"] for key, label in names],
    )
    print("\nPlan at the large size (first page):")
    print(explain(base["officer"]))
    print("\nPlan of the plh's inbox at the large size (first page):")
    print(explain(base["plh"]))

    growth = round(large["query_ms"] / small["query_ms"], 3)
    plh_growth = round(large["plh_ms"] / small["plh_ms"], 3)
    result = {
        "growth": growth,
        "small_tasks": small["tasks"],
        "large_tasks": large["tasks"],
        "open_tasks": large["open_tasks"],
        "officer_open_tasks": large["officer_open"],
        "addressed_share": round(1 / ADDRESSED_EVERY, 3),
        "plh_open_tasks": large["plh_open"],
        "plh_growth": plh_growth,
        "plh_small_ms": small["plh_ms"],
        "plh_large_ms": large["plh_ms"],
        "small_ms": small["query_ms"],
        "large_ms": large["query_ms"],
        "endpoint_growth": round(large["endpoint_ms"] / small["endpoint_ms"], 3),
        "endpoint_small_ms": small["endpoint_ms"],
        "endpoint_large_ms": large["endpoint_ms"],
        "sla_overdue_growth": round(large["overdue_ms"] / small["overdue_ms"], 3),
        "sla_due_today_growth": round(large["due_today_ms"] / small["due_today_ms"], 3),
        "service_filter_growth": round(large["service_ms"] / small["service_ms"], 3),
    }
    common.save_result("inbox", result)
    print(f"({time.perf_counter() - began:.0f} s in all)")
    met = growth <= TARGET_GROWTH and plh_growth <= TARGET_GROWTH
    print(
        f"Target: growth <= {TARGET_GROWTH} (officer and plh) — "
        + ("met." if met else f"NOT met: officer {growth}, plh {plh_growth}")
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
