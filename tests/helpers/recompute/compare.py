"""Figures compared, their normal form, and the report of disagreements (indicator, slice, month, expected,
published) that the recomputation tests print."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

COUNTS = (
    "received",
    "received_online",
    "received_assisted",
    "received_counter",
    "completed",
    "completed_online",
    "completed_assisted",
    "completed_counter",
    "rejected",
    "withdrawn",
    "returned",
    "decided",
    "decided_after_return",
    "sla_measured",
    "sla_met",
    "completed_digital",
)
SHARES = ("sla_percent", "returned_percent", "zero_visit_percent", "self_service_percent", "digital_percent")
DAYS = ("median_days", "p90_days")
SURVEY = ("respondents", "ikm", "ikm_grade")
BACKLOG = ("backlog", "waiting_applicant", "overdue")
# The minimum sample and whether it is reached, of an agency or a service (or a slice only one agency was active
# in); of a figure pooled over several agencies, instead, how many of its agencies reach theirs ("k of n").
SAMPLE = ("sample_required", "sample_adequate", "sample_parts", "sample_parts_adequate")
NRR = tuple(f"nrr_u{i}" for i in range(1, 10))
# Civil-service cases against the paper process (insights.queries.StaffFigures.as_row), per service and period.
STAFF_COUNTS = ("decreed", "documents_paperless", "pages_avoided", "documents_unpaged")
STAFF_NUMBERS = (
    "decree_mean_days",
    "touch_minutes_mean",
    "touch_hours_total",
    "baseline_days",
    "baseline_touch_minutes",
    "days_cut_percent",
    "touch_cut_percent",
)
STAFF_DAYS = ("decree_median_days", "decree_p90_days")
STAFF = STAFF_COUNTS + STAFF_DAYS + STAFF_NUMBERS
# Levies paid (insights.queries.PaymentFigures.as_row), per service and period or month; payments without a case
# per month (the deployment's).
PAYMENTS = ("payments", "revenue_rupiah", "cashless_payments", "cashless_percent")
WITHOUT_CASE = ("payments_without_case", "payments")
INTEGERS = frozenset(
    COUNTS
    + ("respondents",)
    + BACKLOG
    + ("sample_required", "sample_parts", "sample_parts_adequate")
    + STAFF_COUNTS
    + ("payments", "revenue_rupiah", "cashless_payments", "payments_without_case")
)
NUMBERS = frozenset(SHARES + ("ikm",) + NRR + STAFF_NUMBERS + ("cashless_percent",))
# What a slice with nothing in it shows (besides 0 for counts and None for shares, days and IKM).
EMPTY = {"sample_adequate": True, "sample_parts": None, "sample_parts_adequate": None, "touch_hours_total": 0}


def kpi_figures(level: str, month) -> tuple[str, ...]:
    """What a KPI row (Kpi.as_row, the API) must show for a slice: every indicator; backlog only for the period
    (it is a current state)."""
    figures = COUNTS + SHARES + DAYS + SURVEY + SAMPLE
    if month is None:
        figures += BACKLOG
    return figures


def empty_value(name: str):
    """A figure of a slice with nothing in it."""
    if name in EMPTY:
        return EMPTY[name]
    return 0 if name in INTEGERS else None


def normal(name: str, value):
    """One form per figure whatever the surface: ints, floats for shares and IKM, text for days ("7", ">40"),
    None for "nothing to show" (None or "" in CSV-like JSON)."""
    if value is None or value == "":
        return None
    if name in INTEGERS:
        return int(value)
    if name in NUMBERS:
        return float(Decimal(str(value)))
    if name in DAYS + STAFF_DAYS:
        return str(value).replace(" ", "")
    return value


@dataclass(frozen=True)
class Mismatch:
    surface: str
    indicator: str
    level: str
    slice: str
    month: str
    expected: object
    published: object

    def line(self) -> str:
        return (
            f"{self.surface} | {self.indicator} | {self.level} {self.slice} | {self.month} | "
            f"expected {self.expected!r} | published {self.published!r}"
        )


MISSING = object()


class Comparison:
    """Collects disagreements; `check` compares one published row with the recomputed one."""

    def __init__(self, labels: dict):
        self.labels = labels
        self.mismatches: list[Mismatch] = []
        self.compared = 0
        self._unpublished: set[tuple[str, str]] = set()

    def label(self, level: str, key) -> str:
        if level == "total":
            return "province"
        if level == "unit":
            return self.labels["unit"].get(key, f"#{key}")
        return self.labels[level].get(key, f"#{key}")

    def check(
        self, surface: str, level: str, key, month, expected: dict | None, published: dict | None, figures, optional=()
    ):
        """Compare `figures` (each must be on the surface) and `optional` ones where the surface shows them.
        `published` None: the surface has no row for the slice, i.e. nothing happened in it."""
        expected = expected or {}
        month_label = month.strftime("%Y-%m") if isinstance(month, dt.date) else "period"
        shown = [name for name in optional if published is not None and name in published]
        for name in (*figures, *shown):
            want = normal(name, expected.get(name, empty_value(name)))
            if published is None:
                got = empty_value(name)
            elif name not in published:
                if (surface, name) not in self._unpublished:
                    self._unpublished.add((surface, name))
                    self.mismatches.append(
                        Mismatch(surface, name, "-", "-", "-", "a figure", "not published on this surface")
                    )
                continue
            else:
                got = normal(name, published[name])
            self.compared += 1
            if want != got:
                self.mismatches.append(Mismatch(surface, name, level, self.label(level, key), month_label, want, got))

    def extra(self, surface: str, level: str, key, month, reason: str):
        month_label = month.strftime("%Y-%m") if isinstance(month, dt.date) else "period"
        self.mismatches.append(
            Mismatch(surface, "(row)", level, self.label(level, key), month_label, f"no row: {reason}", "a row")
        )

    def report(self, limit_per_indicator: int = 12) -> str:
        """Disagreements grouped by surface and indicator, a few examples each."""
        groups: dict[tuple[str, str], list[Mismatch]] = {}
        for item in self.mismatches:
            groups.setdefault((item.surface, item.indicator), []).append(item)
        lines = [f"{len(self.mismatches)} disagreements in {self.compared} figures compared"]
        for (surface, indicator), items in sorted(groups.items()):
            lines.append(f"-- {surface} / {indicator}: {len(items)}")
            lines.extend("   " + item.line() for item in items[:limit_per_indicator])
        return "\n".join(lines)
