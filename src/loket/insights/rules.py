"""Pure KPI definitions of the command centre and the open data — no Django imports.

Every KPI Loket publishes is defined here once and table-tested in tests/insights/test_rules.py;
the summary tables (loket.insights.models) only keep the counts these functions need.

* Processing time (UU 25/2009 art. 21(c): the standard's time limit is in working days): the working
  days from the local date of submission to the local date of the decision, counted in the region's
  calendar (Mon–Fri minus national holidays, cuti bersama and the region's overrides), minus the working
  days the application spent returned to the applicant (the clock stops while the applicant revises —
  the same rule as loket.workflow.services.resume). Submitted and decided the same day = 0 days.
* SLA compliance: a completed application met its standard when its processing time is at most the
  standard's time limit in working days; completed applications of a standard without a limit are not
  measured (they count in neither numerator nor denominator). A rejected application whose processing time
  was already past the limit when it was rejected is measured as a miss (issue 13: rejecting an overdue
  application and having it filed again must not remove the miss from the figures); a rejection within the
  limit is not measured, as before.
* Median and p90: nearest-rank percentiles over whole working days (the smallest value with at least
  q % of the observations at or below it). Kept as a histogram: exact buckets 0..MAX_EXACT_DAYS and one
  overflow bucket; a percentile falling in the overflow is reported as "more than MAX_EXACT_DAYS".
* Zero office visits (insights.indicators "zero_visit"): completed applications filed online by the applicant
  (channel "online") or online by an officer serving them where they are — a village point, the phone line, a
  home visit (channel "assisted", applications.rules.assisted_channel) — over all completed applications. A
  filing at an office desk or counter (channel "counter") is a visit. "Online by the citizen" (self service) is
  shown beside it: completed "online" over all completed.
* Returned-for-revision rate: of the applications decided (completed or rejected) in a period, the share
  that had been returned to the applicant at least once.
* Shares are exact fractions, shown as percentages rounded half-up to one decimal.
"""

import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

# Histogram buckets of processing time: d0..d40 exact working days, then one overflow bucket.
MAX_EXACT_DAYS = 40
BUCKETS = MAX_EXACT_DAYS + 2  # indices 0..40 and 41 = "more than 40"
OVERFLOW = BUCKETS - 1


def working_days_used(working_days_between, submitted_day, decided_day, paused_working_days: int) -> int:
    """Processing time in working days (UU 25/2009 art. 21(c); clock stopped while returned).

    `working_days_between(a, b)` counts working days in (a, b] in the region's calendar
    (loket.core.calendar.WorkCalendar.working_days_between).
    """
    if decided_day < submitted_day:
        raise ValueError("Tanggal keputusan tidak boleh sebelum tanggal pengajuan.")
    if paused_working_days < 0:
        raise ValueError("Hari kerja jeda tidak boleh negatif.")
    return max(working_days_between(submitted_day, decided_day) - paused_working_days, 0)


def sla_met(days_used: int, time_limit_days: int | None) -> bool | None:
    """Whether a completed application met its standard's time limit; None when there is no limit."""
    if not time_limit_days:
        return None
    return days_used <= time_limit_days


def sla_outcome(kind: str, days_used: int, time_limit_days: int | None) -> bool | None:
    """How a decided application counts in SLA compliance (module docstring): True met, False missed, None not
    measured. `kind`: "completed" or "rejected"."""
    met = sla_met(days_used, time_limit_days)
    if kind == "completed" or met is None:
        return met
    return None if met else False  # a rejection counts only when it came after the limit


def rejected_late(days_used: int, time_limit_days: int | None) -> bool:
    """Whether a rejection came after the standard's time limit (a miss in SLA compliance)."""
    return sla_outcome("rejected", days_used, time_limit_days) is False


# A new filing of the same service by the same applicant this many days (or fewer) after a rejection is a re-filing
# of the rejected application (issue 13). CONFIGURABLE (setting LOKET_REFILING_DAYS): Loket's choice, no regulation.
REFILING_DAYS = 30


def bucket(days: int) -> int:
    """Histogram bucket of a processing time."""
    if days < 0:
        raise ValueError("Lama proses tidak boleh negatif.")
    return min(days, OVERFLOW)


def percentile(histogram: Sequence[int], q: int) -> int | None:
    """Nearest-rank q-th percentile (1 ≤ q ≤ 100) of a bucket histogram; None when it is empty.

    Returns the bucket index: a value of OVERFLOW means "more than MAX_EXACT_DAYS working days".
    """
    if not 1 <= q <= 100:
        raise ValueError("Persentil harus 1–100.")
    total = sum(histogram)
    if total == 0:
        return None
    rank = math.ceil(Fraction(q, 100) * total)  # nearest rank, 1-based
    running = 0
    for index, count in enumerate(histogram):
        running += count
        if running >= rank:
            return index
    raise AssertionError("unreachable")  # pragma: no cover


def median(histogram: Sequence[int]) -> int | None:
    """Nearest-rank median (the lower median for an even count)."""
    return percentile(histogram, 50)


def add_histograms(histograms: Iterable[Sequence[int]]) -> list[int]:
    total = [0] * BUCKETS
    for histogram in histograms:
        for index, count in enumerate(histogram):
            total[index] += count
    return total


def zero_visit(counts) -> Fraction | None:
    """Share of completed applications whose applicant did not come to an office (module docstring)."""
    return share(counts["completed_online"] + counts["completed_assisted"], counts["completed"])


def share(part: int, whole: int) -> Fraction | None:
    """part / whole, None when there is nothing to divide (shown as "—")."""
    if whole < 0 or part < 0:
        raise ValueError("Jumlah tidak boleh negatif.")
    if whole == 0:
        return None
    if part > whole:
        raise ValueError("Bagian tidak boleh melebihi keseluruhan.")
    return Fraction(part, whole)


def percent(value: Fraction | None, places: int = 1) -> Decimal | None:
    """A share as a percentage rounded half-up (100 × value), None stays None."""
    if value is None:
        return None
    scaled = value * 100 * 10**places
    return Decimal(math.floor(scaled + Fraction(1, 2))).scaleb(-places)


def days_label(index: int | None) -> str:
    """A percentile bucket for display: "—", "3" or "> 40"."""
    if index is None:
        return "—"
    return f"> {MAX_EXACT_DAYS}" if index == OVERFLOW else str(index)


# ---------------------------------------------------------------- integrity anomalies (issue 13)
#
# The inspectorate (APIP, PP 60/2008 art. 48-49) looks where discretion concentrates: an officer whose share of
# returns or rejections, or of tasks taken out of deadline order, is far above the agency's. A flag is a reason to
# look, not a finding: it needs enough decisions to mean something and a rate clearly above the baseline.
MIN_DECISIONS = 10
RATE_FACTOR = 2  # at least twice the agency's rate
MIN_RATE = Fraction(1, 5)  # and at least 20 %


def unusual_rate(count: int, total: int, baseline_count: int, baseline_total: int) -> bool:
    """Whether `count` of `total` is an unusual share against the rest of the agency (`baseline_count` of
    `baseline_total`, the officer's own decisions excluded); with no one else to compare, against MIN_RATE."""
    if total < MIN_DECISIONS or total <= 0:
        return False
    rate = Fraction(count, total)
    baseline = Fraction(baseline_count, baseline_total) if baseline_total else Fraction(0)
    return rate >= MIN_RATE and rate >= RATE_FACTOR * baseline


# ---------------------------------------------------------------- civil-service cases against the paper process
#
# SMART Birokrasi's claim is measured, not asserted: for each civil-service app on the engine (audience "employee":
# e-Cuti, e-KGB, e-Pangkat, e-Fungsional, and any later one) Loket counts how long a case took from its opening to
# its signed decree, how long officers spent on it, and sets both against the pre-digital average the HR office
# recorded for that service with its source (insights.ServiceBaseline). The indicators are in insights.indicators
# ("staff_days", "staff_touch", "staff_cut", "pages_avoided").

# A task decided by an officer counts at most this long (minutes) as time spent on it: a task opened in the morning
# and decided the next day was not worked on overnight. CONFIGURABLE (setting LOKET_TOUCH_CAP_MINUTES): Loket's
# choice, no regulation; the figure is an upper bound of officers' attention, not a stopwatch.
TOUCH_CAP_MINUTES = 60


def decree_days(working_days_between, opened_day, signed_day) -> int:
    """Working days from the opening of a case (the employee's request, or the system's proactive opening) to the
    signature of its decree: working days in (opened_day, signed_day] in the region's calendar, with no day taken
    off for waits (the employee waits through them too; the paper baseline is elapsed time)."""
    if signed_day < opened_day:
        raise ValueError("Tanggal tanda tangan tidak boleh sebelum tanggal pembukaan kasus.")
    return working_days_between(opened_day, signed_day)


def task_touch_seconds(created, assigned, first_read, completed, cap_seconds: int) -> int:
    """The time an officer spent on one task they decided (approved, returned or rejected), in seconds:

    from their first reading of the case for it (the task page opened, `first_read`: the earliest at or after the
    task's creation), or without a recorded reading from the moment it became theirs (claimed, assigned or
    reassigned: `assigned`), or else from the task's creation, to their decision (`completed`); at most
    `cap_seconds`. A moment outside the task's life (before its creation, after the decision) or None is ignored.
    A decision without an officer is not a touch (the caller leaves it out)."""
    if cap_seconds < 0:
        raise ValueError("Batas waktu sentuh tidak boleh negatif.")
    start = created
    if first_read is not None and created <= first_read <= completed:
        start = first_read
    elif assigned is not None and created < assigned <= completed:
        start = assigned
    seconds = int((completed - start).total_seconds())
    return min(max(seconds, 0), cap_seconds)


def touch_seconds(tasks, cap_seconds: int) -> int:
    """Officer touch time of one case: the sum of `task_touch_seconds` over its tasks decided by an officer, each a
    tuple (created, assigned, first_read, completed)."""
    return sum(task_touch_seconds(*task, cap_seconds) for task in tasks)


def mean(total, count: int) -> Fraction | None:
    """total / count as an exact fraction, None when there is nothing to average (shown as "—")."""
    if count < 0 or total < 0:
        raise ValueError("Jumlah tidak boleh negatif.")
    return None if count == 0 else Fraction(total) / count


def percent_cut(measured, baseline) -> Fraction | None:
    """How much shorter the measured average is than the paper baseline, as a share of the baseline:
    (baseline − measured) / baseline. Negative when Loket is slower; None without a baseline (or a zero one) or
    without a measurement. `baseline` may be a Decimal (as entered), `measured` a Fraction."""
    if measured is None or baseline is None:
        return None
    baseline = Fraction(baseline)
    if baseline <= 0:
        return None
    if measured < 0:
        raise ValueError("Nilai terukur tidak boleh negatif.")
    return (baseline - Fraction(measured)) / baseline


def signed_percent(value: Fraction | None, places: int = 1) -> Decimal | None:
    """`percent` for a value that may be negative (a cut that is an increase): rounded half away from zero."""
    if value is None:
        return None
    magnitude = percent(abs(value), places)
    return -magnitude if value < 0 else magnitude


# ---------------------------------------------------------------- the manual baseline the HR office enters
#
# The pre-digital average of one service (insights.ServiceBaseline), entered by the region's HR office on its page:
# working days from the request to the signed decree on paper, and optionally the officers' minutes per case, with
# the source it comes from (required: a figure without its source is not published beside Loket's measurement).
# The limits are Loket's sanity bounds (no regulation): a paper process of more than BASELINE_MAX_DAYS working days
# (about four years) or an officer spending more than BASELINE_MAX_MINUTES minutes (about a month of working hours)
# on one case is a typing error, not a baseline.

BASELINE_MAX_DAYS = Decimal("999.9")
BASELINE_MAX_MINUTES = Decimal("9999.9")
BASELINE_TEXT_LIMITS = {"source": 1000, "period": 100, "notes": 2000}


def _decimal_input(text: str) -> Decimal | None:
    """A number as typed in Indonesian or English: "13,5", "13.5", " 14 ". None when it is not a plain number with
    at most one decimal (no thousands separators, no exponent, no sign)."""
    text = (text or "").strip().replace(",", ".")
    if not text.isascii() or text.count(".") > 1 or not text.replace(".", "").isdigit() or text.startswith("."):
        return None
    whole, _, fraction = text.partition(".")
    if len(fraction) > 1:
        return None
    return Decimal(text).quantize(Decimal("0.1"))  # as stored (one decimal): the audit's before and after compare


def clean_baseline(
    working_days: str, touch_minutes: str, source: str, period: str = "", notes: str = ""
) -> tuple[dict, dict]:
    """(values, errors) of a manual baseline as typed: values {working_days: Decimal, touch_minutes: Decimal|None,
    source, period, notes} when there is no error; errors {field: (Indonesian, English)} otherwise."""
    errors: dict = {}
    days_text = (working_days or "").strip()
    days = _decimal_input(days_text)
    if not days_text:
        errors["working_days"] = (
            "Isi rata-rata hari kerja proses manual.",
            "Enter the manual process's average working days.",
        )
    elif days is None:
        errors["working_days"] = (
            "Tulis angka dengan paling banyak satu desimal, misalnya 14 atau 13,5.",
            "Write a number with at most one decimal, such as 14 or 13.5.",
        )
    elif not 0 < days <= BASELINE_MAX_DAYS:
        errors["working_days"] = (
            "Hari kerja harus lebih dari 0 dan paling banyak 999,9.",
            "Working days must be more than 0 and at most 999.9.",
        )
    minutes_text = (touch_minutes or "").strip()
    minutes = _decimal_input(minutes_text) if minutes_text else None
    if minutes_text and minutes is None:
        errors["touch_minutes"] = (
            "Tulis angka menit dengan paling banyak satu desimal, misalnya 90 atau 42,5; kosongkan bila tidak diketahui.",
            "Write the minutes with at most one decimal, such as 90 or 42.5; leave it empty when unknown.",
        )
    elif minutes is not None and not 0 < minutes <= BASELINE_MAX_MINUTES:
        errors["touch_minutes"] = (
            "Waktu sentuh harus lebih dari 0 dan paling banyak 9.999,9 menit per kasus.",
            "Touch time must be more than 0 and at most 9,999.9 minutes per case.",
        )
    texts = {"source": (source or "").strip(), "period": (period or "").strip(), "notes": (notes or "").strip()}
    if not texts["source"]:
        errors["source"] = (
            "Sebutkan sumber angka ini (kajian, hitung waktu atau laporan: judul, tahun, halaman). Angka tanpa sumber "
            "tidak ditampilkan.",
            "Name the source of these figures (a study, a time count or a report: title, year, page). Figures "
            "without a source are not shown.",
        )
    for name, limit in BASELINE_TEXT_LIMITS.items():
        if name not in errors and len(texts[name]) > limit:
            errors[name] = (f"Paling banyak {limit} karakter.", f"At most {limit} characters.")
    if errors:
        return {}, errors
    return {"working_days": days, "touch_minutes": minutes, **texts}, {}
