"""Dashboard and open-data benchmark: the same requests at 100,000 and at 10,000,000 applications.

The command centre reads only the summary tables of loket.insights (ADR 0006): one row per service
and month (counts and a processing-time histogram), survey totals, a backlog row per service and the
open applications. This benchmark writes those tables as the incremental feed would leave them for
N applications spread over 36 months — with INSERT … SELECT generate_series, in seconds even for
10 million — plus the open applications themselves (1.5 % of N, with their application rows, so the
overdue drill-down reads real rows), recounts the backlog and publishes the open-data files with the
product's own functions, and times each step.

Organisation: Jawa Barat with 27 kabupaten/kota, 20 agencies each (+20 provincial), 4 services per
agency (2,240 services). A governor's-office user (leader at province level, TOTP on) is signed in.

Measured with one keep-alive client (latency, not throughput), 5 sync gunicorn workers:
  dashboard  /kantor/dasbor/ at province, region, agency and service level, 12 and 36 months, CSV
  opendata   datapackage.json, a year's CSV/JSON, the API, and an agency's transparency page
Prints p50/p95 per group and size, the growth (10M ÷ 100k) and merges
{"p95_ms_100k", "p95_ms_10m", "growth", ...} as one JSON line (into bench/results.json under "dashboard"
with --save).
Target: dashboard p95 < 150 ms at 10 million and growth ≤ 1.5.

Also measures the incremental feed (fold of ApplicationEvent rows) in events per second on a small
generated history (--feed-apps, default 20,000 applications), and the set-based rebuild
(loket.insights.bulk) on N applications generated with their events (--rebuild-apps, default 1,000,000;
10,000,000 takes ~13 minutes to generate and ~3 minutes to rebuild on a 2-core box).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket .venv/bin/python bench/dashboard.py
"""

import argparse
import datetime as dt
import http.client
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

MONTHS = 36
AGENCIES_PER_REGION = 20
SERVICES_PER_AGENCY = 4
OPEN_SHARE = 0.015
P95_LIMIT_MS = 150
GROWTH_LIMIT = 1.5
KAB_KOTA = [f"32.{n:02d}" for n in range(1, 19)] + [f"32.{n}" for n in range(71, 80)]


def build_org() -> dict:
    from allauth.mfa.models import Authenticator
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import transaction

    from loket.catalogue.models import Category, Service, ServiceStandard
    from loket.org.models import Agency, Region, Role, RoleAssignment

    with transaction.atomic():
        province = Region.objects.create(code="32", name="Jawa Barat", level="province")
        regions = [province] + Region.objects.bulk_create(
            [
                Region(
                    code=code,
                    name=f"{'Kota' if code > '32.70' else 'Kabupaten'} {code}",
                    parent=province,
                    level="kota" if code > "32.70" else "kabupaten",
                )
                for code in KAB_KOTA
            ]
        )
        agencies = Agency.objects.bulk_create(
            [
                Agency(
                    region=region,
                    slug=f"opd-{region.code.replace('.', '-')}-{n}",
                    name=f"Dinas {n} {region.name}",
                    short_name=f"Dinas {n}",
                )
                for region in regions
                for n in range(AGENCIES_PER_REGION)
            ]
        )
        category = Category.objects.create(slug="umum", name_id="Umum", name_en="General")
        services = Service.objects.bulk_create(
            [
                Service(
                    code=f"layanan-{agency.pk}-{n}",
                    name_id=f"Layanan {n} {agency.name}",
                    category=category,
                    agency=agency,
                    channels=["online", "assisted", "counter"],
                )
                for agency in agencies
                for n in range(SERVICES_PER_AGENCY)
            ]
        )
        ServiceStandard.objects.bulk_create(
            [ServiceStandard(service=service, time_limit_days=5) for service in services]
        )
        user = get_user_model().objects.create_user(username="gubernur.bench", email="gub@example.go.id")
        RoleAssignment.objects.create(user=user, role=Role.LEADER, region=province)
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
        applicant = get_user_model().objects.create_user(username="pemohon.bench")
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    agency = agencies[AGENCIES_PER_REGION + 3]  # an agency of the first kabupaten
    return {
        "session": session.session_key,
        "region": KAB_KOTA[3],
        "agency": agency.slug,
        "service": f"layanan-{agency.pk}-1",
        "applicant": applicant.pk,
        "services": len(services),
    }


def _counter_sql() -> str:
    hist = ", ".join(f"d{i}" for i in range(11))
    weights = (0.05, 0.15, 0.2, 0.15, 0.12, 0.1, 0.08, 0.06, 0.04, 0.03)
    first = ", ".join(f"floor(c * {w})::int" for w in weights)
    rest = " - ".join(f"floor(c * {w})::int" for w in weights)
    return f"""
    WITH svc AS (SELECT s.id, s.agency_id, a.region_id FROM catalogue_service s JOIN org_agency a ON a.id = s.agency_id),
    base AS (
      SELECT svc.id AS service_id, svc.agency_id, svc.region_id,
             (date_trunc('month', now()) - make_interval(months => m))::date AS month,
             floor(%(mean)s * (0.4 + 1.2 * random()) + random())::int AS r
      FROM svc CROSS JOIN generate_series(0, {MONTHS - 1}) AS m),
    counted AS (SELECT *, floor(r * 0.86)::int AS c FROM base WHERE r > 0)
    INSERT INTO insights_monthlystat (month, region_id, agency_id, service_id, received, received_online,
      received_assisted, received_counter, completed, completed_online, completed_assisted, completed_counter,
      rejected, withdrawn, returned, decided, decided_after_return, sla_measured, sla_met, days_sum,
      {hist}, {", ".join(f"d{i}" for i in range(11, 42))})
    SELECT month, region_id, agency_id, service_id, r, floor(r * 0.6)::int, floor(r * 0.13)::int,
      r - floor(r * 0.6)::int - floor(r * 0.13)::int, c, floor(c * 0.62)::int, floor(c * 0.13)::int,
      c - floor(c * 0.62)::int - floor(c * 0.13)::int, floor(r * 0.06)::int, floor(r * 0.02)::int,
      floor(r * 0.15)::int, c + floor(r * 0.06)::int, floor((c + floor(r * 0.06)) * 0.12)::int, c,
      floor(c * (0.75 + 0.2 * random()))::int, c * 4,
      {first}, c - {rest}, {", ".join("0" for _ in range(11, 42))}
    FROM counted"""


def fill(applications: int, org: dict) -> dict:
    """Write the summary tables as N applications leave them; time each step."""
    from django.db import connection, transaction

    from loket.insights import opendata, services
    from loket.insights.models import SCORE_TOTAL_FIELDS
    from loket.insights.services import COUNT_COLUMNS, SURVEY_COLUMNS

    timings = {}
    mean = applications / (org["services"] * MONTHS)
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "TRUNCATE insights_monthlystat, insights_feedbackstat, insights_agencymonthstat, "
            "insights_regionmonthstat, insights_openapplication, insights_backlogstat, insights_opendatafile"
        )
        cur.execute("DELETE FROM applications_application WHERE tracking_number LIKE 'B-%%'")
        cur.execute(_counter_sql(), {"mean": mean})
        scores = ", ".join(SCORE_TOTAL_FIELDS)
        values = ", ".join(
            "LEAST(4 * n, GREATEST(n, floor(n * (2.8 + 1.1 * random()))::int))" for _ in SCORE_TOTAL_FIELDS
        )
        cur.execute(f"""INSERT INTO insights_feedbackstat (month, region_id, agency_id, service_id, respondents, {scores})
            SELECT month, region_id, agency_id, service_id, n, {values}
            FROM (SELECT month, region_id, agency_id, service_id, floor(completed * 0.35 + random())::int AS n
                  FROM insights_monthlystat) s WHERE n > 0""")
        counts = ", ".join(COUNT_COLUMNS)
        sums = ", ".join(f"sum({name})" for name in COUNT_COLUMNS)
        survey = ", ".join(SURVEY_COLUMNS)
        for table, keys in (
            ("insights_agencymonthstat", "agency_id, month, region_id"),
            ("insights_regionmonthstat", "region_id, month"),
        ):
            cur.execute(f"""INSERT INTO {table} ({keys}, {counts}, {survey}, documents_digital, documents_total)
                SELECT {keys}, {sums}, {", ".join("0" for _ in SURVEY_COLUMNS)}, floor(sum(completed) * 0.7)::int,
                       sum(completed)
                FROM insights_monthlystat GROUP BY {keys}""")
            group = keys.split(",")[0]
            cur.execute(f"""UPDATE {table} t SET {", ".join(f"{name} = f.{name}" for name in SURVEY_COLUMNS)}
                FROM (SELECT {group}, month, {", ".join(f"sum({name}) AS {name}" for name in SURVEY_COLUMNS)}
                      FROM insights_feedbackstat GROUP BY {group}, month) f
                WHERE t.{group} = f.{group} AND t.month = f.month""")
        open_count = int(applications * OPEN_SHARE)
        cur.execute(
            """
            CREATE TEMP TABLE bench_svc ON COMMIT DROP AS
              SELECT row_number() OVER (ORDER BY s.id) - 1 AS idx, s.id, s.agency_id, a.region_id, st.id AS standard_id
              FROM catalogue_service s JOIN org_agency a ON a.id = s.agency_id
              JOIN catalogue_servicestandard st ON st.service_id = s.id;
            CREATE TEMP TABLE bench_open ON COMMIT DROP AS
              SELECT g, (g %% %(services)s) AS idx, now() - make_interval(days => (g %% 30)::int) AS submitted,
                     now() + make_interval(hours => (((g * 7919) %% 480) - 120)::int) AS due,
                     CASE WHEN g %% 5 = 0 THEN 'returned' ELSE 'submitted' END AS status
              FROM generate_series(1::bigint, %(open)s) AS g;
            INSERT INTO applications_application (tracking_number, service_id, standard_id, agency_id, region_id,
              applicant_id, channel, consent_note, status, data, idempotency_key, pin_hash, submitted_at, due_at,
              paused_working_days, revision_count, decision_note, version)
            SELECT 'B-' || o.g, s.id, s.standard_id, s.agency_id, s.region_id, %(applicant)s, 'online', '', o.status,
                   '{}'::jsonb, 'k' || o.g, '', o.submitted, o.due, 0, 0, '', 0
            FROM bench_open o JOIN bench_svc s ON s.idx = o.idx;
            INSERT INTO insights_openapplication (application_id, region_id, agency_id, service_id, status,
              submitted_at, due_at)
            SELECT id, region_id, agency_id, service_id, status, submitted_at, due_at
            FROM applications_application WHERE tracking_number LIKE 'B-%%';
            ANALYZE insights_monthlystat; ANALYZE insights_feedbackstat; ANALYZE insights_openapplication;
            ANALYZE insights_agencymonthstat; ANALYZE insights_regionmonthstat; ANALYZE applications_application;""",
            {"services": org["services"], "open": open_count, "applicant": org["applicant"]},
        )
        cur.execute("SELECT count(*), coalesce(sum(received), 0) FROM insights_monthlystat")
        rows, received = cur.fetchone()
    timings["generate_s"] = round(time.perf_counter() - began, 2)
    began = time.perf_counter()
    services.recompute_backlog()
    timings["backlog_recount_s"] = round(time.perf_counter() - began, 2)
    began = time.perf_counter()
    opendata.publish()
    timings["publish_opendata_s"] = round(time.perf_counter() - began, 2)
    return {**timings, "monthly_rows": rows, "applications": int(received), "open_applications": open_count}


def _latencies(port: int, paths: list[str], cookie: str, repeat: int) -> tuple[list[float], dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": f"sessionid={cookie}", "Accept-Language": "id", "Connection": "keep-alive"}
    latencies, statuses = [], {}
    for round_number in range(repeat + 1):
        for path in paths:
            began = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if round_number:  # the first round warms every worker's caches
                latencies.append(time.perf_counter() - began)
                statuses[response.status] = statuses.get(response.status, 0) + 1
    conn.close()
    return sorted(latencies), statuses


def targets(org: dict) -> dict[str, list[str]]:
    year = dt.date.today().year
    base = "/kantor/dasbor/"
    return {
        "dashboard": [
            base,
            f"{base}?bulan=36",
            f"{base}?bulan=3",
            f"{base}?wilayah={org['region']}",
            f"{base}?instansi={org['agency']}",
            f"{base}?layanan={org['service']}",
            f"{base}?format=csv",
        ],
        "opendata": [
            "/data/datapackage.json",
            f"/data/{year}/ikm-bulanan.csv",
            f"/data/{year}/layanan-bulanan.csv",
            f"/api/v1/statistik/{year}/ikm-bulanan",
            f"/api/v1/statistik/instansi/{org['agency']}",
            f"/transparansi/{org['agency']}/",
        ],
    }


def measure(server, org: dict, repeat: int) -> dict:
    out = {}
    for name, paths in targets(org).items():
        latencies, statuses = _latencies(server.port, paths, org["session"], repeat)
        bad = {status: n for status, n in statuses.items() if status != 200}
        if bad:
            raise SystemExit(f"{name}: unexpected statuses {bad}")
        out[name] = {
            "p50_ms": round(common.percentile(latencies, 50) * 1000, 1),
            "p95_ms": round(common.percentile(latencies, 95) * 1000, 1),
            "max_ms": round(latencies[-1] * 1000, 1),
            "requests": len(latencies),
        }
    return out


def feed_rate(applications: int, org: dict) -> dict:
    """Events folded per second by the incremental feed, on a generated history of `applications`."""
    from django.db import connection, transaction

    from loket.insights import services
    from loket.insights.models import Watermark

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "DELETE FROM insights_openapplication; DELETE FROM insights_backlogstat; "
            "DELETE FROM insights_monthlystat; DELETE FROM insights_agencymonthstat; "
            "DELETE FROM insights_regionmonthstat;"
        )
        cur.execute("DELETE FROM applications_application WHERE tracking_number LIKE 'B-%%'")
        cur.execute(
            """
            CREATE TEMP TABLE bench_svc ON COMMIT DROP AS
              SELECT row_number() OVER (ORDER BY s.id) - 1 AS idx, s.id, s.agency_id, a.region_id, st.id AS standard_id
              FROM catalogue_service s JOIN org_agency a ON a.id = s.agency_id
              JOIN catalogue_servicestandard st ON st.service_id = s.id;
            INSERT INTO applications_application (tracking_number, service_id, standard_id, agency_id, region_id,
              applicant_id, channel, consent_note, status, data, idempotency_key, pin_hash, submitted_at, decided_at,
              due_at, paused_working_days, revision_count, decision_note, version)
            SELECT 'F-' || g, s.id, s.standard_id, s.agency_id, s.region_id, %(applicant)s,
                   (ARRAY['online','assisted','counter'])[(1 + g %% 3)::int], '', 'completed', '{}'::jsonb, 'f' || g, '',
                   now() - make_interval(days => (30 + g %% 300)::int), now() - make_interval(days => (20 + g %% 300)::int),
                   now(), 0, 0, '', 0
            FROM generate_series(1::bigint, %(n)s) AS g JOIN bench_svc s ON s.idx = g %% %(services)s;
            INSERT INTO workflow_applicationevent (application_id, occurred_at, kind, step_name, note)
            SELECT id, submitted_at, 'submitted', '', '' FROM applications_application WHERE tracking_number LIKE 'F-%%'
            UNION ALL
            SELECT id, submitted_at + interval '1 day', 'step_approved', '', '' FROM applications_application
              WHERE tracking_number LIKE 'F-%%'
            UNION ALL
            SELECT id, decided_at, 'completed', '', '' FROM applications_application WHERE tracking_number LIKE 'F-%%';""",
            {"n": applications, "services": org["services"], "applicant": org["applicant"]},
        )
        cur.execute("SELECT count(*) FROM workflow_applicationevent")
        events = cur.fetchone()[0]
    Watermark.objects.update_or_create(name="events", defaults={"last_id": 0})
    began = time.perf_counter()
    services.catch_up(lag=dt.timedelta(0))
    seconds = time.perf_counter() - began
    return {"feed_events": events, "feed_seconds": round(seconds, 2), "feed_events_per_s": round(events / seconds)}


def rebuild_rate(applications: int, org: dict) -> dict:
    """Generate N applications with their events (INSERT … SELECT generate_series) and time the set-based
    rebuild (loket.insights.bulk via services.rebuild) that turns them into the summaries."""
    from django.db import connection, transaction

    from loket.insights import services

    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM workflow_applicationevent")
        cur.execute("DELETE FROM applications_application")
        cur.execute(
            """
            CREATE TEMP TABLE bench_svc ON COMMIT DROP AS
              SELECT row_number() OVER (ORDER BY s.id) - 1 AS idx, s.id, s.agency_id, a.region_id, st.id AS standard_id
              FROM catalogue_service s JOIN org_agency a ON a.id = s.agency_id
              JOIN catalogue_servicestandard st ON st.service_id = s.id;
            INSERT INTO applications_application (tracking_number, service_id, standard_id, agency_id, region_id,
              applicant_id, channel, consent_note, status, data, idempotency_key, pin_hash, submitted_at, decided_at,
              due_at, paused_working_days, revision_count, decision_note, version)
            SELECT 'R-' || g, s.id, s.standard_id, s.agency_id, s.region_id, %(applicant)s,
                   (ARRAY['online','online','assisted','counter'])[(1 + g %% 4)::int], '',
                   CASE WHEN g %% 50 = 0 THEN 'submitted' WHEN g %% 17 = 0 THEN 'rejected' ELSE 'completed' END,
                   '{}'::jsonb, 'r' || g, '', t.submitted, CASE WHEN g %% 50 = 0 THEN NULL ELSE t.submitted
                   + make_interval(hours => (20 + (g * 7919) %% 400)::int) END, t.submitted + interval '9 days',
                   CASE WHEN g %% 7 = 0 THEN 2 ELSE 0 END, CASE WHEN g %% 7 = 0 THEN 1 ELSE 0 END, '', 0
            FROM generate_series(1::bigint, %(n)s) AS g
            JOIN bench_svc s ON s.idx = g %% %(services)s
            CROSS JOIN LATERAL (SELECT now() - make_interval(hours => (24 + (g * 104729) %% (24 * 1070))::int)) AS t(submitted);
            INSERT INTO workflow_applicationevent (application_id, occurred_at, kind, step_name, note)
            SELECT id, submitted_at, 'submitted', '', '' FROM applications_application
            UNION ALL SELECT id, submitted_at + interval '1 hour', 'returned', '', '' FROM applications_application
              WHERE revision_count > 0
            UNION ALL SELECT id, submitted_at + interval '3 days', 'resubmitted', '', '' FROM applications_application
              WHERE revision_count > 0
            UNION ALL SELECT id, decided_at, status, '', '' FROM applications_application WHERE decided_at IS NOT NULL;
            ANALYZE applications_application; ANALYZE workflow_applicationevent;""",
            {"n": applications, "services": org["services"], "applicant": org["applicant"]},
        )
        cur.execute("SELECT count(*) FROM workflow_applicationevent")
        events = cur.fetchone()[0]
    generated = time.perf_counter() - began
    began = time.perf_counter()
    services.rebuild()
    rebuilt = time.perf_counter() - began
    from django.db.models import Sum

    from loket.insights.models import MonthlyStat

    received = MonthlyStat.objects.aggregate(n=Sum("received"))["n"]
    assert received == applications, (received, applications)
    return {
        "rebuild_applications": applications,
        "rebuild_events": events,
        "rebuild_generate_s": round(generated, 1),
        "rebuild_s": round(rebuilt, 1),
        "rebuild_events_per_s": round(events / rebuilt),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=30, help="rounds over each group's paths")
    parser.add_argument("--feed-apps", type=int, default=20_000)
    parser.add_argument(
        "--rebuild-apps",
        type=int,
        default=1_000_000,
        help="applications generated with their events for the set-based rebuild (0: skip)",
    )
    parser.add_argument("--save", action="store_true", help="merge the figures into bench/results.json")
    args = parser.parse_args()
    common.stop_on_sigterm()
    url = common.database_url_named("loket_bench_dashboard")
    common.fresh_database(url)
    org = build_org()
    figures = {}
    for label, size in (("100k", args.small), ("10m", args.large)):
        print(f"Ringkasan untuk {size:,} permohonan …", flush=True)
        filled = fill(size, org)
        print(f"  {filled}", flush=True)
        with common.Server(url) as server:
            measured = measure(server, org, args.repeat)
        figures[label] = {**filled, **measured}
        print(f"  {measured}", flush=True)
    print(f"Umpan inkremental: {args.feed_apps:,} permohonan …", flush=True)
    feed = feed_rate(args.feed_apps, org)
    if args.rebuild_apps:
        print(f"Bangun ulang dari {args.rebuild_apps:,} permohonan beserta peristiwanya …", flush=True)
        feed.update(rebuild_rate(args.rebuild_apps, org))
    small, large = figures["100k"], figures["10m"]
    result = {
        "p95_ms_100k": small["dashboard"]["p95_ms"],
        "p95_ms_10m": large["dashboard"]["p95_ms"],
        "growth": round(large["dashboard"]["p95_ms"] / small["dashboard"]["p95_ms"], 3),
        "p50_ms_100k": small["dashboard"]["p50_ms"],
        "p50_ms_10m": large["dashboard"]["p50_ms"],
        "opendata_p95_ms_100k": small["opendata"]["p95_ms"],
        "opendata_p95_ms_10m": large["opendata"]["p95_ms"],
        "opendata_growth": round(large["opendata"]["p95_ms"] / small["opendata"]["p95_ms"], 3),
        "generate_s_100k": small["generate_s"],
        "generate_s_10m": large["generate_s"],
        "publish_opendata_s_10m": large["publish_opendata_s"],
        "backlog_recount_s_10m": large["backlog_recount_s"],
        "monthly_rows_10m": large["monthly_rows"],
        "open_applications_10m": large["open_applications"],
        "applications_10m": large["applications"],
        "services": org["services"],
        **feed,
    }
    common.print_table(
        ["grup", "ukuran", "p50 ms", "p95 ms", "maks ms"],
        [
            [
                name,
                label,
                figures[label][name]["p50_ms"],
                figures[label][name]["p95_ms"],
                figures[label][name]["max_ms"],
            ]
            for name in ("dashboard", "opendata")
            for label in ("100k", "10m")
        ],
    )
    import json

    print(json.dumps(result, sort_keys=True))
    if args.save:
        common.save_result("dashboard", result)
    ok = result["p95_ms_10m"] < P95_LIMIT_MS and result["growth"] <= GROWTH_LIMIT
    print(
        "TARGET "
        + ("TERCAPAI" if ok else "BELUM TERCAPAI")
        + f": p95 10M {result['p95_ms_10m']} ms (< {P95_LIMIT_MS}), growth {result['growth']} (≤ {GROWTH_LIMIT})"
    )


if __name__ == "__main__":
    main()
