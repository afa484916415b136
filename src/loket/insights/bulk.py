"""Set-based rebuild of the summaries on PostgreSQL (ADR 0006): the same definitions as the incremental
fold (loket.insights.services.fold_events / fold_surveys), computed in a few INSERT … SELECT statements.

Working days come from a temporary table of working-day ordinals per region, filled from each region's
WorkCalendar (loket.org.deadlines.calendar_for): ord(d) = working days up to and including d, so
working_days_between(a, b) = ord(b) − ord(a). Used by `services.rebuild()` on PostgreSQL; tested to give
exactly the rows the incremental fold gives (tests/insights/test_bulk.py).
"""

import datetime as dt

from django.db import connection, transaction

from loket.insights import rules
from loket.insights.models import COUNTER_FIELDS, HISTOGRAM_FIELDS, PUBLIC_AUDIENCES, SCORE_TOTAL_FIELDS, Watermark
from loket.org import deadlines
from loket.org.models import TZ_NAMES, Region

KINDS = ("submitted", "returned", "resubmitted", "completed", "rejected", "withdrawn")


def supported() -> bool:
    return connection.vendor == "postgresql"


def _tz_case(column: str) -> str:
    cases = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in TZ_NAMES.items())
    return f"(CASE {column} {cases} END)"


def _workdays(cursor, first: dt.date, last: dt.date) -> None:
    cursor.execute("DROP TABLE IF EXISTS insights_workday")  # a second rebuild within one outer transaction
    cursor.execute(
        "CREATE TEMP TABLE insights_workday (region_id bigint, day date, ord int, "
        "PRIMARY KEY (region_id, day)) ON COMMIT DROP"
    )
    rows = []
    for region in Region.objects.select_related("parent"):
        calendar = deadlines.calendar_for(region)
        day, ordinal = first, 0
        while day <= last:
            ordinal += calendar.is_working_day(day)
            rows.append((region.pk, day, ordinal))
            day += dt.timedelta(days=1)
    with cursor.copy("COPY insights_workday (region_id, day, ord) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute("ANALYZE insights_workday")


def rebuild() -> dict[str, int]:
    """Recompute MonthlyStat, the rollups, FeedbackStat and OpenApplication from all events and answers.
    The caller has emptied the tables; watermarks are set to the last rows read. Returns rows read."""
    tz = _tz_case("r.time_zone")
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT coalesce(max(id), 0) FROM workflow_applicationevent")
        last_event = cur.fetchone()[0]
        cur.execute("SELECT coalesce(max(id), 0) FROM feedback_surveyresponse")
        last_survey = cur.fetchone()[0]
        cur.execute(
            f"""SELECT min((a.submitted_at AT TIME ZONE {tz})::date), max((e.occurred_at AT TIME ZONE {tz})::date)
            FROM workflow_applicationevent e JOIN applications_application a ON a.id = e.application_id
            JOIN org_region r ON r.id = a.region_id WHERE e.kind IN ('completed', 'rejected') AND e.id <= %s""",
            [last_event],
        )
        first, last = cur.fetchone()
        if first:
            _workdays(cur, first - dt.timedelta(days=1), last)
        else:
            cur.execute("DROP TABLE IF EXISTS insights_workday")
            cur.execute("CREATE TEMP TABLE insights_workday (region_id bigint, day date, ord int) ON COMMIT DROP")
        counters = {
            "received": "kind = 'submitted'",
            **{f"received_{c}": f"kind = 'submitted' AND channel = '{c}'" for c in ("online", "assisted", "counter")},
            "completed": "kind = 'completed'",
            **{f"completed_{c}": f"kind = 'completed' AND channel = '{c}'" for c in ("online", "assisted", "counter")},
            "rejected": "kind = 'rejected'",
            "withdrawn": "kind = 'withdrawn'",
            "returned": "kind = 'returned'",
            "decided": "kind IN ('completed', 'rejected')",
            "decided_after_return": "kind IN ('completed', 'rejected') AND revision_count > 0",
            # a rejection after the limit is a miss (rules.sla_outcome)
            "sla_measured": "time_limit_days > 0 AND (kind = 'completed' OR (kind = 'rejected' AND used > time_limit_days))",
            "sla_met": "kind = 'completed' AND time_limit_days > 0 AND used <= time_limit_days",
        }
        assert set(counters) | {"days_sum"} == set(COUNTER_FIELDS)
        histogram = [f"count(*) FILTER (WHERE kind = 'completed' AND used = {i})" for i in range(rules.OVERFLOW)] + [
            f"count(*) FILTER (WHERE kind = 'completed' AND used >= {rules.OVERFLOW})"
        ]
        columns = [*counters, "days_sum", *HISTOGRAM_FIELDS]
        values = (
            [f"count(*) FILTER (WHERE {condition})" for condition in counters.values()]
            + ["coalesce(sum(used) FILTER (WHERE kind = 'completed'), 0)"]
            + histogram
        )
        cur.execute(
            f"""
            INSERT INTO insights_monthlystat (month, region_id, agency_id, service_id, {", ".join(columns)})
            SELECT month, region_id, agency_id, service_id, {", ".join(values)}
            FROM (
              SELECT date_trunc('month', e.occurred_at AT TIME ZONE {tz})::date AS month, a.region_id, a.agency_id,
                     a.service_id, e.kind, a.channel, a.revision_count, st.time_limit_days,
                     CASE WHEN e.kind IN ('completed', 'rejected')
                          THEN GREATEST(decided.ord - submitted.ord - a.paused_working_days, 0) END AS used
              FROM workflow_applicationevent e
              JOIN applications_application a ON a.id = e.application_id
              JOIN catalogue_servicestandard st ON st.id = a.standard_id
              JOIN org_region r ON r.id = a.region_id
              LEFT JOIN insights_workday submitted ON e.kind IN ('completed', 'rejected')
                   AND submitted.region_id = a.region_id AND submitted.day = (a.submitted_at AT TIME ZONE {tz})::date
              LEFT JOIN insights_workday decided ON e.kind IN ('completed', 'rejected') AND decided.region_id = a.region_id
                   AND decided.day = (e.occurred_at AT TIME ZONE {tz})::date
              WHERE e.id <= %s AND e.kind IN ({", ".join(f"'{k}'" for k in KINDS if k != "resubmitted")})
            ) facts
            GROUP BY month, region_id, agency_id, service_id""",
            [last_event],
        )
        scores = ", ".join(SCORE_TOTAL_FIELDS)
        cur.execute(
            f"""
            INSERT INTO insights_feedbackstat (month, region_id, agency_id, service_id, unit_id, respondents, {scores})
            SELECT date_trunc('month', s.created_at AT TIME ZONE {tz})::date, s.region_id, s.agency_id, s.service_id,
                   s.unit_id, count(*), {", ".join(f"sum(s.u{i})" for i in range(1, 10))}
            FROM feedback_surveyresponse s JOIN org_region r ON r.id = s.region_id WHERE s.id <= %s
            GROUP BY 1, 2, 3, 4, 5""",
            [last_survey],
        )
        counts = ", ".join(COUNTER_FIELDS + HISTOGRAM_FIELDS)
        survey = ("respondents",) + SCORE_TOTAL_FIELDS
        # The rollups hold the public services only (models.PUBLIC_AUDIENCES); a unit's walk-in survey (no service)
        # belongs to its agency's public work.
        public = ", ".join(f"'{audience}'" for audience in PUBLIC_AUDIENCES)
        for table, keys in (
            ("insights_agencymonthstat", "agency_id, month"),
            ("insights_regionmonthstat", "region_id, month"),
        ):
            fixed = ", region_id" if table == "insights_agencymonthstat" else ""
            picked = ", min(m.region_id)" if fixed else ""
            grouped = ", ".join(f"m.{key.strip()}" for key in keys.split(","))
            cur.execute(f"""
                INSERT INTO {table} ({keys}{fixed}, {counts}, {", ".join(survey)}, completed_digital)
                SELECT {grouped}{picked}, {", ".join(f"sum(m.{name})" for name in COUNTER_FIELDS + HISTOGRAM_FIELDS)},
                       {", ".join("0" for _ in survey)}, 0
                FROM insights_monthlystat m JOIN catalogue_service s ON s.id = m.service_id
                WHERE s.audience IN ({public}) GROUP BY {grouped}""")
            cur.execute(f"""
                INSERT INTO {table} ({keys}{fixed}, {counts}, {", ".join(survey)}, completed_digital)
                SELECT {grouped}{picked}, {", ".join("0" for _ in COUNTER_FIELDS + HISTOGRAM_FIELDS)},
                       {", ".join(f"sum(m.{name})" for name in survey)}, 0
                FROM insights_feedbackstat m LEFT JOIN catalogue_service s ON s.id = m.service_id
                WHERE m.service_id IS NULL OR s.audience IN ({public}) GROUP BY {grouped}
                ON CONFLICT ({keys}) DO UPDATE SET {", ".join(f"{name} = excluded.{name}" for name in survey)}""")
        cur.execute("""
            INSERT INTO insights_openapplication (application_id, region_id, agency_id, service_id, status,
                                                  submitted_at, due_at)
            SELECT id, region_id, agency_id, service_id, status, submitted_at, due_at
            FROM applications_application WHERE status IN ('submitted', 'returned')""")
        for name, last_id in (("events", last_event), ("surveys", last_survey)):
            Watermark.objects.update_or_create(name=name, defaults={"last_id": last_id})
    return {"events": last_event, "surveys": last_survey}
