"""Every published KPI recomputed from the raw tables in plain SQL (PostgreSQL), from the definitions alone.

Definitions: Loket KPI definitions, version 2 (issue 14). Nothing here reads the summary tables or calls the
aggregate code (loket.insights, loket.org.deadlines, loket.core.calendar, loket.feedback.rules): the raw records
are `applications_application`, `workflow_applicationevent`, `catalogue_service(standard)`, `documents_document`,
`feedback_surveyresponse`, `org_region` and the calendar overrides `core_calendarday`. National holidays and cuti
bersama are not stored in a table: they come from the `holidays` package (Indonesia, categories PUBLIC and
GOVERNMENT), read here directly and passed to SQL as an array of dates.

The result is one row of figures per slice: (level, key, month) where level is "service" (every service, the
civil-service ones included: they have their own table with the same counts), "agency", "region" or "total"
(public services only: audience citizen or business), key the service/agency/region id (None for the total)
and month the first day of a local calendar month, or None for the whole period since..until.
"""

import datetime as dt

import holidays as holidays_lib
from django.db import connection

LEVELS = ("service", "agency", "region", "total")
PUBLIC_AUDIENCES = ("citizen", "business")
MAX_EXACT_DAYS = 40

# Region.time_zone codes and the IANA zones they stand for (definitions: "WIB Asia/Jakarta, WITA Asia/Makassar,
# WIT Asia/Jayapura").
_BASE = """
zone (code, name) AS (VALUES ('WIB', 'Asia/Jakarta'), ('WITA', 'Asia/Makassar'), ('WIT', 'Asia/Jayapura')),
place AS (
    SELECT r.id AS region_id, r.parent_id, zone.name AS tz FROM org_region r JOIN zone ON zone.code = r.time_zone
)"""

# Working days of each region: Monday to Friday, minus national holidays and cuti bersama, minus the days off an
# admin added for the region, its province or everywhere; a listed holiday an admin made a working day again
# (and no other override of the same day made it a day off) is a working day when it falls on Monday–Friday.
_CALENDAR = """
national (day) AS (SELECT unnest(%(national)s::date[])),
override AS (
    SELECT p.region_id, c.date AS day, bool_or(c.kind = 'day_off') AS day_off, bool_or(c.kind = 'working') AS working
    FROM place p
    JOIN core_calendarday c ON c.region_id IS NULL OR c.region_id = p.region_id OR c.region_id = p.parent_id
    GROUP BY p.region_id, c.date
),
calendar AS (
    SELECT p.region_id, g.day::date AS day,
           extract(isodow FROM g.day) <= 5
           AND NOT coalesce(o.day_off, false)
           AND (coalesce(o.working, false) OR g.day::date NOT IN (SELECT day FROM national)) AS working
    FROM place p
    CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS g (day)
    LEFT JOIN override o ON o.region_id = p.region_id AND o.day = g.day::date
),
-- per region, the working days from the first day of the calendar up to and including each day, as an array
-- indexed by (day - first day + 1): the working days in (a, b] are elapsed[b] - elapsed[a]
elapsed AS (
    SELECT region_id, array_agg(working_days ORDER BY day) AS upto
    FROM (
        SELECT region_id, day, count(*) FILTER (WHERE working) OVER (PARTITION BY region_id ORDER BY day) AS working_days
        FROM calendar
    ) running
    GROUP BY region_id
)"""

# One row per event that a counter names, with the local month of the event in the application's region.
_FACTS = """
event AS (
    SELECT e.id AS event_id, e.kind, a.id AS application_id, a.service_id, a.agency_id, a.region_id, a.channel,
           a.revision_count, a.paused_working_days, st.time_limit_days,
           sv.audience IN ('citizen', 'business') AS public,
           date_trunc('month', e.occurred_at AT TIME ZONE p.tz)::date AS month,
           (a.submitted_at AT TIME ZONE p.tz)::date AS submitted_day,
           (e.occurred_at AT TIME ZONE p.tz)::date AS event_day
    FROM workflow_applicationevent e
    JOIN applications_application a ON a.id = e.application_id
    JOIN place p ON p.region_id = a.region_id
    JOIN catalogue_service sv ON sv.id = a.service_id
    JOIN catalogue_servicestandard st ON st.id = a.standard_id
    WHERE e.kind IN ('submitted', 'returned', 'completed', 'rejected', 'withdrawn')
),
-- processing time of a decision: working days in (local submission date, local decision date], minus the
-- working days the application spent returned, never below 0
fact AS (
    SELECT ev.*,
           CASE WHEN ev.kind IN ('completed', 'rejected') THEN greatest(
               el.upto[ev.event_day - %(first)s::date + 1] - el.upto[ev.submitted_day - %(first)s::date + 1]
               - ev.paused_working_days, 0) END AS days,
           -- an issued decision document (not awaiting signature) delivered digitally, and none printed at a
           -- counter; HR documents (leave permits, KGB notices: subject "hr.…", with or without the case's
           -- application) never count
           ev.kind = 'completed'
           AND EXISTS (
               SELECT 1 FROM documents_document d
               WHERE d.application_id = ev.application_id AND d.subject_type NOT LIKE 'hr.%%'
                 AND d.status <> 'awaiting' AND d.delivery = 'digital'
           )
           AND NOT EXISTS (
               SELECT 1 FROM documents_document d
               WHERE d.application_id = ev.application_id AND d.subject_type NOT LIKE 'hr.%%' AND d.delivery = 'printed'
           ) AS completed_digital
    FROM event ev
    JOIN elapsed el ON el.region_id = ev.region_id
    WHERE ev.month BETWEEN %(since)s AND %(until)s
)"""

_COUNTS = """
SELECT level, key, month, received, received_online, received_assisted, received_counter, completed,
       completed_online, completed_assisted, completed_counter, rejected, withdrawn, returned, decided,
       decided_after_return, sla_measured, sla_met, completed_digital,
       round(100 * sla_met::numeric / nullif(sla_measured, 0), 1) AS sla_percent,
       round(100 * decided_after_return::numeric / nullif(decided, 0), 1) AS returned_percent,
       round(100 * (completed_online + completed_assisted)::numeric / nullif(completed, 0), 1) AS zero_visit_percent,
       round(100 * completed_online::numeric / nullif(completed, 0), 1) AS self_service_percent,
       round(100 * completed_digital::numeric / nullif(completed, 0), 1) AS digital_percent,
       CASE WHEN median > {max_days} THEN '>{max_days}' ELSE median::text END AS median_days,
       CASE WHEN p90 > {max_days} THEN '>{max_days}' ELSE p90::text END AS p90_days,
       {sample_size} AS sample_required
FROM (
    SELECT {level} AS level, {key} AS key, CASE WHEN GROUPING(month) = 0 THEN month END AS month,
           count(*) FILTER (WHERE kind = 'submitted') AS received,
           count(*) FILTER (WHERE kind = 'submitted' AND channel = 'online') AS received_online,
           count(*) FILTER (WHERE kind = 'submitted' AND channel = 'assisted') AS received_assisted,
           count(*) FILTER (WHERE kind = 'submitted' AND channel = 'counter') AS received_counter,
           count(*) FILTER (WHERE kind = 'completed') AS completed,
           count(*) FILTER (WHERE kind = 'completed' AND channel = 'online') AS completed_online,
           count(*) FILTER (WHERE kind = 'completed' AND channel = 'assisted') AS completed_assisted,
           count(*) FILTER (WHERE kind = 'completed' AND channel = 'counter') AS completed_counter,
           count(*) FILTER (WHERE kind = 'rejected') AS rejected,
           count(*) FILTER (WHERE kind = 'withdrawn') AS withdrawn,
           count(*) FILTER (WHERE kind = 'returned') AS returned,
           count(*) FILTER (WHERE kind IN ('completed', 'rejected')) AS decided,
           count(*) FILTER (WHERE kind IN ('completed', 'rejected') AND revision_count > 0) AS decided_after_return,
           count(*) FILTER (
               WHERE time_limit_days > 0 AND (kind = 'completed' OR (kind = 'rejected' AND days > time_limit_days))
           ) AS sla_measured,
           count(*) FILTER (WHERE kind = 'completed' AND time_limit_days > 0 AND days <= time_limit_days) AS sla_met,
           count(*) FILTER (WHERE completed_digital) AS completed_digital,
           -- nearest rank: the value at rank ceil(q/100 × n) of the sorted processing times of completed ones
           (array_agg(days ORDER BY days) FILTER (WHERE kind = 'completed'))[
               (50 * count(*) FILTER (WHERE kind = 'completed') + 99) / 100] AS median,
           (array_agg(days ORDER BY days) FILTER (WHERE kind = 'completed'))[
               (90 * count(*) FILTER (WHERE kind = 'completed') + 99) / 100] AS p90
    FROM fact
    WHERE {scope}
    GROUP BY GROUPING SETS ({sets})
) counted"""

# Krejcie & Morgan: the minimum sample of a population n, chi-square 3.841, P = 0.5, d = 0.05, rounded to the
# nearest respondent (halves up).
_SAMPLE_SIZE = "floor(3.841 * 0.25 * {n} / (0.0025 * ({n} - 1) + 3.841 * 0.25) + 0.5)::int"

_SURVEYS = """
survey AS (
    SELECT s.*, date_trunc('month', s.created_at AT TIME ZONE p.tz)::date AS month,
           s.service_id IS NULL OR sv.audience IN ('citizen', 'business') AS public
    FROM feedback_surveyresponse s
    JOIN place p ON p.region_id = s.region_id
    LEFT JOIN catalogue_service sv ON sv.id = s.service_id
)
-- PermenPANRB 14/2017: NRR per element = total / respondents; IKM = sum of NRR / 9 × 25, shown rounded half-up
-- to 2 places; grade A/B/C/D by the rounded value against the printed bounds
SELECT *, CASE WHEN respondents = 0 THEN NULL WHEN ikm >= 88.31 THEN 'A' WHEN ikm >= 76.61 THEN 'B' WHEN ikm >= 65.00 THEN 'C' ELSE 'D' END AS ikm_grade
FROM (
    SELECT level, key, month, respondents, {nrr}, round(25 * ({totals})::numeric / (9 * respondents), 2) AS ikm
    FROM (
        SELECT {level} AS level, {key} AS key, CASE WHEN GROUPING(month) = 0 THEN month END AS month,
               count(*) AS respondents, {sums}
        FROM survey
        WHERE month BETWEEN %(since)s AND %(until)s AND {scope}
        GROUP BY GROUPING SETS ({sets})
    ) answered
) indexed"""

_BACKLOG = """
SELECT {level} AS level, {key} AS key, NULL::date AS month,
       count(*) AS backlog,
       count(*) FILTER (WHERE a.status = 'returned') AS waiting_applicant,
       count(*) FILTER (WHERE a.status = 'submitted' AND a.due_at < %(now)s) AS overdue
FROM applications_application a
JOIN catalogue_service sv ON sv.id = a.service_id
WHERE a.status IN ('submitted', 'returned') AND {scope}
GROUP BY GROUPING SETS ({sets})"""

# Per scope: the SQL level name and key, the grouping sets, and which rows count. The civil-service services
# (audience employee) are in the per-service figures only.
_PUBLIC_LEVEL = (
    "CASE WHEN GROUPING({p}agency_id) = 0 THEN 'agency' WHEN GROUPING({p}region_id) = 0 THEN 'region' ELSE 'total' END"
)
_PUBLIC_KEY = (
    "CASE WHEN GROUPING({p}agency_id) = 0 THEN {p}agency_id WHEN GROUPING({p}region_id) = 0 THEN {p}region_id END"
)
_GROUPINGS = (
    {
        "counts": {
            "level": "'service'",
            "key": "service_id",
            "sets": "(service_id, month), (service_id)",
            "scope": "true",
        },
        "surveys": {
            "level": "'service'",
            "key": "service_id",
            "sets": "(service_id, month), (service_id)",
            "scope": "service_id IS NOT NULL",
        },
        "backlog": {"level": "'service'", "key": "a.service_id", "sets": "(a.service_id)", "scope": "true"},
    },
    {
        "counts": {
            "level": _PUBLIC_LEVEL.format(p=""),
            "key": _PUBLIC_KEY.format(p=""),
            "sets": "(agency_id, month), (agency_id), (region_id, month), (region_id), (month), ()",
            "scope": "public",
        },
        "surveys": {
            "level": _PUBLIC_LEVEL.format(p=""),
            "key": _PUBLIC_KEY.format(p=""),
            "sets": "(agency_id, month), (agency_id), (region_id, month), (region_id), (month), ()",
            "scope": "public",
        },
        "backlog": {
            "level": _PUBLIC_LEVEL.format(p="a."),
            "key": _PUBLIC_KEY.format(p="a."),
            "sets": "(a.agency_id), (a.region_id), ()",
            "scope": "sv.audience IN ('citizen', 'business')",
        },
    },
)


# IKM per service unit (the unit's QR poster): the answers that name a unit, of the public services.
_UNIT_SURVEYS = {
    "level": "'unit'",
    "key": "unit_id",
    "sets": "(unit_id, month), (unit_id)",
    "scope": "public AND unit_id IS NOT NULL",
}

# Sample adequacy of a figure pooled over several agencies (a region, the province): judged per agency, over the
# agency's public applications received (the population) and respondents in the slice's months — "k of n agencies
# adequate", n the agencies with a population or respondents; a slice where fewer than two agencies have either is
# that agency's own figure.
_POOLED = """
activity AS (
    SELECT a.agency_id, a.region_id, date_trunc('month', e.occurred_at AT TIME ZONE p.tz)::date AS month,
           count(*) FILTER (WHERE e.kind = 'submitted') AS received, 0 AS respondents
    FROM workflow_applicationevent e
    JOIN applications_application a ON a.id = e.application_id
    JOIN place p ON p.region_id = a.region_id
    JOIN catalogue_service sv ON sv.id = a.service_id
    WHERE e.kind IN ('submitted', 'returned', 'completed', 'rejected', 'withdrawn')
      AND sv.audience IN ('citizen', 'business')
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT s.agency_id, s.region_id, date_trunc('month', s.created_at AT TIME ZONE p.tz)::date, 0, count(*)
    FROM feedback_surveyresponse s
    JOIN place p ON p.region_id = s.region_id
    LEFT JOIN catalogue_service sv ON sv.id = s.service_id
    WHERE s.service_id IS NULL OR sv.audience IN ('citizen', 'business')
    GROUP BY 1, 2, 3
),
per_agency AS (
    SELECT CASE WHEN GROUPING(region_id) = 0 THEN 'region' ELSE 'total' END AS level,
           CASE WHEN GROUPING(region_id) = 0 THEN region_id END AS key,
           CASE WHEN GROUPING(month) = 0 THEN month END AS month,
           agency_id, sum(received) AS received, sum(respondents) AS respondents
    FROM activity
    WHERE month BETWEEN %(since)s AND %(until)s
    GROUP BY GROUPING SETS ((region_id, month, agency_id), (region_id, agency_id), (month, agency_id), (agency_id))
)
SELECT level, key, month, count(*) AS active_agencies,
       count(*) FILTER (WHERE received > 0 OR respondents > 0) AS sample_parts,
       count(*) FILTER (WHERE (received > 0 OR respondents > 0) AND respondents >= {sample_size}) AS sample_parts_adequate
FROM per_agency
GROUP BY level, key, month"""


# Civil-service cases (audience employee) completed in the months since..until, per service, from the cases, their
# tasks, the officers' readings (case accesses), the signed documents and the manual baselines (definitions:
# insights.indicators "staff_days", "staff_touch", "staff_cut", "pages_avoided", version 3):
# - days: working days in (local opening date, local date of the case's first signature]; a case with no signed
#   document is not measured; a signature before the opening counts as on the opening day;
# - touch: per task an officer decided (approved, returned, rejected), from their first reading of the case within
#   the task's life, else from when it became theirs (if within its life, after its creation), else from its
#   creation, to the decision, whole seconds, at most the cap; summed over the completed cases; none at all (no
#   officer decided a task): no mean and no cut (version 4);
# - paper: signed documents of those cases delivered electronically and never printed, their pages, and those
#   without a page count.
_STAFF = """
staff_case AS (
    SELECT a.id, a.service_id, a.region_id,
           date_trunc('month', a.decided_at AT TIME ZONE p.tz)::date AS month,
           (a.submitted_at AT TIME ZONE p.tz)::date AS opened_day,
           (SELECT (greatest(min(d.signed_at), a.submitted_at) AT TIME ZONE p.tz)::date
              FROM documents_document d WHERE d.application_id = a.id AND d.signed_at IS NOT NULL
            HAVING count(*) > 0) AS signed_day
    FROM applications_application a
    JOIN place p ON p.region_id = a.region_id
    JOIN catalogue_service sv ON sv.id = a.service_id
    WHERE a.status = 'completed' AND sv.audience = 'employee' AND a.decided_at IS NOT NULL
),
touch AS (
    SELECT t.application_id, sum(least(%(cap)s, greatest(0, floor(extract(epoch FROM t.completed_at - coalesce(
        (SELECT min(r.at) FROM applications_caseaccess r
          WHERE r.application_id = t.application_id AND r.actor_id = t.completed_by_id
            AND r.kind IN ('opened', 'preview') AND r.at >= t.created_at AND r.at <= t.completed_at),
        CASE WHEN t.assigned_at > t.created_at AND t.assigned_at <= t.completed_at THEN t.assigned_at END,
        t.created_at)))))) AS seconds
    FROM workflow_task t
    WHERE t.completed_by_id IS NOT NULL AND t.completed_at IS NOT NULL
      AND t.status IN ('approved', 'returned', 'rejected')
    GROUP BY t.application_id
),
paper AS (
    SELECT application_id, count(*) AS documents, coalesce(sum(pages), 0) AS pages,
           count(*) FILTER (WHERE pages IS NULL) AS unpaged
    FROM documents_document
    WHERE application_id IS NOT NULL AND signed_at IS NOT NULL AND delivery = 'digital' AND printed_at IS NULL
    GROUP BY application_id
),
measured AS (
    SELECT c.service_id, c.month, c.signed_day IS NOT NULL AS decreed,
           el.upto[c.signed_day - %(first)s::date + 1] - el.upto[c.opened_day - %(first)s::date + 1] AS days,
           coalesce(t.seconds, 0) AS seconds, t.application_id IS NOT NULL AS touched,
           coalesce(pp.documents, 0) AS documents, coalesce(pp.pages, 0) AS pages,
           coalesce(pp.unpaged, 0) AS unpaged
    FROM staff_case c
    JOIN elapsed el ON el.region_id = c.region_id
    LEFT JOIN touch t ON t.application_id = c.id
    LEFT JOIN paper pp ON pp.application_id = c.id
    WHERE c.month BETWEEN %(since)s AND %(until)s
),
per_service AS (
    SELECT service_id, CASE WHEN GROUPING(month) = 0 THEN month END AS month,
           count(*) AS completed, count(*) FILTER (WHERE decreed) AS decreed,
           sum(days) FILTER (WHERE decreed) AS days_sum,
           (array_agg(days ORDER BY days) FILTER (WHERE decreed))[(50 * count(*) FILTER (WHERE decreed) + 99) / 100]
               AS median,
           (array_agg(days ORDER BY days) FILTER (WHERE decreed))[(90 * count(*) FILTER (WHERE decreed) + 99) / 100]
               AS p90,
           sum(seconds) AS seconds, count(*) FILTER (WHERE touched) AS touched, sum(documents) AS documents,
           sum(pages) AS pages, sum(unpaged) AS unpaged
    FROM measured
    GROUP BY GROUPING SETS ((service_id, month), (service_id))
)
SELECT 'service' AS level, coalesce(s.service_id, bb.service_id) AS key, s.month,
       coalesce(s.decreed, 0) AS decreed,
       CASE WHEN s.median > {max_days} THEN '>{max_days}' ELSE s.median::text END AS decree_median_days,
       CASE WHEN s.p90 > {max_days} THEN '>{max_days}' ELSE s.p90::text END AS decree_p90_days,
       round(s.days_sum::numeric / nullif(s.decreed, 0), 1) AS decree_mean_days,
       CASE WHEN s.touched > 0 THEN round(s.seconds::numeric / 60 / s.completed, 1) END AS touch_minutes_mean,
       coalesce(round(s.seconds::numeric / 3600, 1), 0) AS touch_hours_total,
       coalesce(s.documents, 0) AS documents_paperless, coalesce(s.pages, 0) AS pages_avoided,
       coalesce(s.unpaged, 0) AS documents_unpaged,
       b.working_days AS baseline_days, b.touch_minutes AS baseline_touch_minutes,
       round(100 * (b.working_days * s.decreed - s.days_sum) / nullif(b.working_days * s.decreed, 0), 1)
           AS days_cut_percent,
       CASE WHEN s.touched > 0 THEN round(100 * (b.touch_minutes * 60 * s.completed - s.seconds)
           / nullif(b.touch_minutes * 60 * s.completed, 0), 1) END AS touch_cut_percent
FROM per_service s
-- a service with a baseline and nothing completed in the period shows its baseline and no cut
FULL JOIN insights_servicebaseline bb ON bb.service_id = s.service_id AND s.month IS NULL
LEFT JOIN insights_servicebaseline b ON b.service_id = coalesce(s.service_id, bb.service_id)"""


def recompute_staff(*, since: dt.date, until: dt.date, cap_seconds: int) -> dict[tuple, dict]:
    """{("service", id, month): figures} of the civil-service services with a case completed in since..until, per
    local month of completion and for the whole period (month None; also a service with only a baseline)."""
    with connection.cursor() as cursor:
        first, last = _day_range(cursor)
        params = {
            "national": national_holidays(first, last),
            "first": first,
            "last": last,
            "since": since,
            "until": until,
            "cap": cap_seconds,
        }
        rows = _rows(cursor, f"WITH {_BASE}, {_CALENDAR}, {_STAFF.format(max_days=MAX_EXACT_DAYS)}", params)
    return {(row.pop("level"), row.pop("key"), row.pop("month")): row for row in rows}


# Levies (issue 18; insights.indicators "levy_revenue", "cashless_share", "payments_without_case", version 5), from
# `payments_assessment` and `payments_paymentevent`:
# - paid: assessments with a payment moment (paid_at; refunded later still counted), placed by the local month of
#   that moment in the time zone of their application's region, per the application's service; their amounts;
# - cashless: of them, those whose paying event (provider, paid_event) is a stored `payment.paid` event applied to
#   that assessment;
# - without a case: stored `payment.paid` events with the outcome unknown_bill and no assessment, by the month of
#   their receipt in the system's time zone; `payments` beside them: every levy paid in that month.
_PAYMENTS = """
paid AS (
    SELECT ap.service_id, a.amount,
           date_trunc('month', a.paid_at AT TIME ZONE p.tz)::date AS month,
           EXISTS (SELECT 1 FROM payments_paymentevent e
                    WHERE e.assessment_id = a.id AND e.provider = a.provider AND e.event_id = a.paid_event
                      AND e.kind = 'payment.paid' AND e.outcome = 'applied') AS cashless
    FROM payments_assessment a
    JOIN applications_application ap ON ap.id = a.application_id
    JOIN place p ON p.region_id = ap.region_id
    WHERE a.paid_at IS NOT NULL
),
orphan AS (
    SELECT date_trunc('month', received_at AT TIME ZONE %(system_tz)s)::date AS month, count(*) AS n
    FROM payments_paymentevent
    WHERE kind = 'payment.paid' AND outcome = 'unknown_bill' AND assessment_id IS NULL
    GROUP BY 1
),
paid_month AS (SELECT month, count(*) AS n FROM paid GROUP BY month)
SELECT 'service' AS level, service_id AS key, CASE WHEN GROUPING(month) = 0 THEN month END AS month,
       count(*) AS payments, sum(amount) AS revenue_rupiah, count(*) FILTER (WHERE cashless) AS cashless_payments,
       round(100.0 * count(*) FILTER (WHERE cashless) / count(*), 1) AS cashless_percent,
       NULL::bigint AS payments_without_case
FROM paid
WHERE month BETWEEN %(since)s AND %(until)s
GROUP BY GROUPING SETS ((service_id, month), (service_id))
UNION ALL
SELECT 'deployment', NULL, coalesce(o.month, m.month), coalesce(m.n, 0), NULL, NULL, NULL, coalesce(o.n, 0)
FROM orphan o FULL JOIN paid_month m ON m.month = o.month
WHERE coalesce(o.month, m.month) BETWEEN %(since)s AND %(until)s"""


def recompute_payments(*, since: dt.date, until: dt.date, system_tz: str) -> dict[tuple, dict]:
    """{("service", id, month): levies paid} per service and local month of payment and for the whole period
    (month None), and {("deployment", None, month): {"payments_without_case", "payments"}} per month."""
    with connection.cursor() as cursor:
        rows = _rows(cursor, f"WITH {_BASE}, {_PAYMENTS}", {"since": since, "until": until, "system_tz": system_tz})
    out = {}
    for row in rows:
        level, key, month = row.pop("level"), row.pop("key"), row.pop("month")
        if level == "deployment":
            row = {"payments_without_case": row["payments_without_case"], "payments": row["payments"]}
        else:
            row.pop("payments_without_case")
        out[(level, key, month)] = row
    return out


def national_holidays(first: dt.date, last: dt.date) -> list[dt.date]:
    """National holidays and cuti bersama of the years first..last, from the `holidays` package."""
    table = holidays_lib.Indonesia(
        years=range(first.year, last.year + 1), categories=(holidays_lib.PUBLIC, holidays_lib.GOVERNMENT)
    )
    return sorted(table.keys())


def _rows(cursor, sql: str, params: dict) -> list[dict]:
    cursor.execute(sql, params)
    names = [column.name for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _day_range(cursor) -> tuple[dt.date, dt.date]:
    cursor.execute(
        """SELECT min(a.submitted_at)::date, max(e.occurred_at)::date
        FROM applications_application a LEFT JOIN workflow_applicationevent e ON e.application_id = a.id"""
    )
    first, last = cursor.fetchone()
    today = dt.date.today()
    first, last = first or today, max(last or today, first or today)
    return first - dt.timedelta(days=3), last + dt.timedelta(days=3)


def recompute(*, since: dt.date, until: dt.date, now: dt.datetime) -> dict[tuple, dict]:
    """{(level, key, month): figures} for the months since..until (first days, both included): per month, and
    for the whole period (month None). Backlog, waiting_applicant and overdue (current state at `now`) are in the
    period rows only."""
    out: dict[tuple, dict] = {}

    def merge(rows):
        for row in rows:
            key = (row.pop("level"), row.pop("key"), row.pop("month"))
            out.setdefault(key, {}).update(row)

    with connection.cursor() as cursor:
        first, last = _day_range(cursor)
        params = {
            "national": national_holidays(first, last),
            "first": first,
            "last": last,
            "since": since,
            "until": until,
            "now": now,
        }
        for grouping in _GROUPINGS:
            counts = _COUNTS.format(
                max_days=MAX_EXACT_DAYS, sample_size=_SAMPLE_SIZE.format(n="received"), **grouping["counts"]
            )
            merge(_rows(cursor, f"WITH {_BASE}, {_CALENDAR}, {_FACTS} {counts}", params))
            merge(_rows(cursor, f"WITH {_BASE}, {_surveys(grouping['surveys'])}", params))
            merge(_rows(cursor, _BACKLOG.format(**grouping["backlog"]), params))
        merge(_rows(cursor, f"WITH {_BASE}, {_surveys(_UNIT_SURVEYS)}", params))
        pooled = {}
        for row in _rows(
            cursor, f"WITH {_BASE}, {_POOLED.format(sample_size=_SAMPLE_SIZE.format(n='received'))}", params
        ):
            pooled[(row.pop("level"), row.pop("key"), row.pop("month"))] = row
    for (level, key, month), row in out.items():
        if level == "unit":
            continue
        several = pooled.get((level, key, month), {}).get("sample_parts", 0) >= 2
        if level in ("region", "total") and several:
            parts = pooled[(level, key, month)]
            row.update(
                sample_required=None,
                sample_adequate=None,
                sample_parts=parts["sample_parts"],
                sample_parts_adequate=parts["sample_parts_adequate"],
            )
        else:
            required = row.get("sample_required", 0)
            row.update(
                sample_required=required,
                sample_adequate=row.get("respondents", 0) >= required,
                sample_parts=None,
                sample_parts_adequate=None,
            )
    return out


def _surveys(grouping: dict) -> str:
    return _SURVEYS.format(
        nrr=", ".join(f"round(s{i}::numeric / respondents, 2) AS nrr_u{i}" for i in range(1, 10)),
        totals=" + ".join(f"s{i}" for i in range(1, 10)),
        sums=", ".join(f"sum(u{i}) AS s{i}" for i in range(1, 10)),
        **grouping,
    )


def catalogue() -> dict:
    """Names and memberships from the raw tables, for labels and for which slices a published page covers:
    {"services": {id: {...}}, "agencies": {id: {...}}, "regions": {id: {...}}, "units": {id: {...}}}."""
    with connection.cursor() as cursor:
        services = _rows(
            cursor,
            """SELECT s.id, s.code, s.agency_id, s.audience, s.current_id IS NOT NULL AS published,
                      s.audience IN ('citizen', 'business') AS public
               FROM catalogue_service s""",
            {},
        )
        agencies = _rows(cursor, "SELECT id, slug, name, region_id FROM org_agency", {})
        regions = _rows(cursor, "SELECT id, code, parent_id FROM org_region", {})
        units = _rows(cursor, "SELECT id, name, agency_id FROM org_unit", {})
    return {
        "units": {row["id"]: row for row in units},
        "services": {row["id"]: row for row in services},
        "agencies": {row["id"]: row for row in agencies},
        "regions": {row["id"]: row for row in regions},
    }
