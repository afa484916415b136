"""Every published figure read where the public and the leaders read it, and compared with the recomputation:

* the dashboard and transparency queries (`queries.overview`, `summarize` → `Kpi.as_row()`): the province
  (total, trend, rows = regions), each region (total, trend, rows = agencies), each agency (total, trend,
  rows = services), each service (total, trend); the cells per key and month of `breakdown` are shown nowhere
  but in the open data (service × month) and the API (agency × month), which are compared;
* the open-data files as published (`opendata.read("<year>/layanan-bulanan.json")`, `ikm-bulanan.json`);
* the API (`GET /api/v1/statistik/instansi/<slug>`: total, months and services of its 12 months).
"""

import datetime as dt
import json

from loket.insights import opendata, queries
from tests.helpers.recompute import sql
from tests.helpers.recompute.compare import (
    COUNTS,
    DAYS,
    NRR,
    PAYMENTS,
    SHARES,
    STAFF,
    WITHOUT_CASE,
    Comparison,
    kpi_figures,
)

EMPLOYEE = ("employee",)
# The open data per service and month: every count, SLA, the days, zero visit beside self service and digital
# decisions (issue 14, findings 1 and 3: one definition in code, docs, dashboard, open data and API).
SERVICE_FILE = COUNTS + ("sla_percent", "zero_visit_percent", "self_service_percent", "digital_percent") + DAYS
# Shown only by some surfaces; compared wherever a surface shows them.
SERVICE_FILE_OPTIONAL = tuple(name for name in SHARES if name not in SERVICE_FILE)
IKM_FILE = ("respondents", *NRR, "ikm", "ikm_grade", "received", "sample_required", "sample_adequate")
UNIT_FIGURES = ("respondents", "ikm", "ikm_grade")


def months_between(since: dt.date, until: dt.date) -> list[dt.date]:
    months, month = [], since
    while month <= until:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _row(kpi):
    return None if kpi is None else kpi.as_row()


class Verifier:
    """Recomputes the figures of months since..until at `now` and compares every surface with them."""

    def __init__(self, *, since: dt.date, until: dt.date, now: dt.datetime, phase: str):
        self.since, self.until, self.now, self.phase = since, until, now, phase
        self.months = months_between(since, until)
        self.catalogue = sql.catalogue()
        self.expected = sql.recompute(since=since, until=until, now=now)
        self.comparison = Comparison(
            {
                "service": {pk: row["code"] for pk, row in self.catalogue["services"].items()},
                "agency": {pk: row["slug"] for pk, row in self.catalogue["agencies"].items()},
                "region": {pk: row["code"] for pk, row in self.catalogue["regions"].items()},
                "unit": {
                    pk: f"{self.catalogue['agencies'][row['agency_id']]['slug']}/{row['name']}"
                    for pk, row in self.catalogue["units"].items()
                },
            }
        )
        self._windows: dict[tuple, dict] = {}

    # ---------------------------------------------------------------- helpers

    def _expected_keys(self, level: str, month_rows: bool) -> set:
        return {key for (lvl, key, month) in self.expected if lvl == level and (month is not None) == month_rows}

    def _kpi(self, surface, level, key, month, published, expected=None):
        expected = self.expected if expected is None else expected
        self.comparison.check(
            f"{self.phase}: {surface}",
            level,
            key,
            month,
            expected.get((level, key, month)),
            published,
            kpi_figures(level, month),
        )

    def _trend(self, surface, level, key, by_month: dict):
        for month in self.months:
            self._kpi(surface, level, key, month, _row(by_month.get(month)))

    def _agencies_of(self, region_id) -> list[int]:
        return [pk for pk, row in self.catalogue["agencies"].items() if row["region_id"] == region_id]

    def _services_of(self, agency_id) -> list[int]:
        return [pk for pk, row in self.catalogue["services"].items() if row["agency_id"] == agency_id]

    # ---------------------------------------------------------------- the dashboard and transparency queries

    def check_queries(self, *, every_page: bool = True) -> None:
        since, until = self.since, self.until
        everyone = list(self.catalogue["agencies"])
        total, by_month, by_key = queries.overview(everyone, since=since, until=until, group="region")
        surface = "overview(province, group=region)"
        self._kpi(surface, "total", None, None, total.as_row())
        self._trend(surface, "total", None, by_month)
        for region in (set(by_key) - {None}) | self._expected_keys("region", False):
            self._kpi(surface, "region", region, None, _row(by_key.get(region)))
        if every_page:
            surface = "summarize(province)"
            self._kpi(surface, "total", None, None, _row(queries.summarize(everyone, since=since, until=until)[None]))
            self._trend(surface, "total", None, queries.summarize(everyone, since=since, until=until, group="month"))

        for region in self.catalogue["regions"]:
            agencies = self._agencies_of(region)
            if not agencies:
                continue
            surface = "overview(region, group=agency)"
            total, by_month, by_key = queries.overview(agencies, since=since, until=until, group="agency")
            self._kpi(surface, "region", region, None, total.as_row())
            self._trend(surface, "region", region, by_month)
            for agency in agencies:
                self._kpi(surface, "agency", agency, None, _row(by_key.get(agency)))

        catalogue = self.catalogue["services"]
        for agency in self.catalogue["agencies"]:
            public = [pk for pk in self._services_of(agency) if catalogue[pk]["public"]]
            staff = [pk for pk in self._services_of(agency) if not catalogue[pk]["public"]]
            surface = "overview(agency, group=service)"
            total, by_month, by_key = queries.overview([agency], since=since, until=until, group="service")
            self._kpi(surface, "agency", agency, None, total.as_row())
            self._trend(surface, "agency", agency, by_month)
            for service in set(public) | (set(by_key) - {None}):
                self._kpi(surface, "service", service, None, _row(by_key.get(service)))
            # the civil-service cases of the agency, in their own table
            surface = "overview(agency, group=service, audiences=employee)"
            _, _, by_key = queries.overview([agency], since=since, until=until, group="service", audiences=EMPLOYEE)
            for service in set(staff) | (set(by_key) - {None}):
                self._kpi(surface, "service", service, None, _row(by_key.get(service)))
            for service in (*public, *staff) if every_page else ():
                if ("service", service, None) not in self.expected and service not in by_key:
                    continue
                audiences = {} if catalogue[service]["public"] else {"audiences": EMPLOYEE}
                total, by_month, _ = queries.overview(
                    [agency], since=since, until=until, services=[service], **audiences
                )
                self._kpi("overview(service)", "service", service, None, total.as_row())
                self._trend("overview(service)", "service", service, by_month)
        if every_page:
            self.check_staff_cases_and_units(everyone)

    def check_staff_cases_and_units(self, everyone) -> None:
        """The dashboard's table of civil-service cases, and IKM per service unit."""
        since, until = self.since, self.until
        shown = {service.pk: kpi for service, kpi, _ in queries.employee_services(everyone, since=since, until=until)}
        staff = {pk for pk, row in self.catalogue["services"].items() if not row["public"]}
        for service in staff | set(shown):
            self._kpi("employee_services(province)", "service", service, None, _row(shown.get(service)))
        agencies = self.catalogue["agencies"]
        units = {(agencies[row["agency_id"]]["name"], row["name"]): pk for pk, row in self.catalogue["units"].items()}
        shown = {
            units[(row["agency"], row["unit"])]: {
                "respondents": row["respondents"],
                "ikm": row["ikm"].index_display,
                "ikm_grade": row["ikm"].grade,
            }
            for row in queries.unit_ikm(everyone, since=since, until=until)
        }
        for unit in set(shown) | self._expected_keys("unit", False):
            self.comparison.check(
                f"{self.phase}: unit_ikm(province)",
                "unit",
                unit,
                None,
                self.expected.get(("unit", unit, None)),
                shown.get(unit),
                UNIT_FIGURES,
            )

    # ---------------------------------------------------------------- civil-service cases against paper

    def check_staff(self) -> None:
        """The dashboard's civil-service table per app (queries.employee_services → StaffFigures.as_row) against
        the recomputation from cases, tasks, readings, documents and baselines (insights.indicators "staff_*")."""
        from loket.insights.services import touch_cap_seconds

        expected = sql.recompute_staff(since=self.since, until=self.until, cap_seconds=touch_cap_seconds())
        self.expected_staff = expected
        everyone = list(self.catalogue["agencies"])
        shown = {
            service.pk: figures.as_row()
            for service, _, figures in queries.employee_services(everyone, since=self.since, until=self.until)
        }
        staff = {pk for pk, row in self.catalogue["services"].items() if not row["public"]}
        for service in staff | set(shown):
            want = expected.get(("service", service, None))
            published = shown.get(service)
            self.comparison.check(
                f"{self.phase}: employee_services(province) against paper",
                "service",
                service,
                None,
                want,
                published,
                STAFF,
            )

    # ---------------------------------------------------------------- open data

    def check_staff_open_data(self) -> None:
        """`<year>/kepegawaian-bulanan.json`: each civil-service service × month, the counts beside the figures
        against the paper process (the same recomputation, per month)."""
        services = self.catalogue["services"]
        by_code = {row["code"]: pk for pk, row in services.items()}
        staff = {pk for pk, row in services.items() if not row["public"]}
        months = {
            month
            for (level, key, month) in [*self.expected, *self.expected_staff]
            if level == "service" and month is not None and key in staff
        }
        for year in sorted({month.year for month in months}):
            surface = f"{self.phase}: open data {year}/kepegawaian-bulanan.json"
            stored = opendata.read(f"{year}/kepegawaian-bulanan.json")
            content = json.loads(stored.content) if stored else {"data": []}
            published = {
                (by_code[row["service_code"]], dt.date.fromisoformat(row["month"] + "-01")): row
                for row in content["data"]
            }
            wanted = {(key, month) for key in staff for month in months if month.year == year}
            for service, month in sorted(set(published) | wanted, key=lambda item: (item[1], item[0])):
                counts = self.expected.get(("service", service, month)) or {}
                figures = self.expected_staff.get(("service", service, month)) or {}
                want = {name: counts.get(name) for name in ("received", "completed", "zero_visit_percent")}
                want.update(figures)
                # every month of a service shows its baseline (the cut only where something was measured)
                baseline = self.expected_staff.get(("service", service, None)) or {}
                want.update({name: baseline.get(name) for name in ("baseline_days", "baseline_touch_minutes")})
                if not figures and not any(counts.get(name) for name in COUNTS):
                    want = None  # nothing happened to a case of it that month (a survey answer is not a case)
                self.comparison.check(
                    surface,
                    "service",
                    service,
                    month,
                    want,
                    published.get((service, month)),
                    ("received", "completed", "zero_visit_percent", *STAFF),
                )

    def check_open_data(self) -> None:
        self.check_staff_open_data()
        services = self.catalogue["services"]
        by_code = {row["code"]: pk for pk, row in services.items()}
        by_slug = {row["slug"]: pk for pk, row in self.catalogue["agencies"].items()}
        years = sorted({month.year for (_, _, month) in self.expected if month is not None})
        for year in years:
            surface = f"{self.phase}: open data {year}/layanan-bulanan.json"
            stored = opendata.read(f"{year}/layanan-bulanan.json")
            content = json.loads(stored.content) if stored else {"fields": list(SERVICE_FILE), "data": []}
            shown = set(content["fields"])
            figures = list(SERVICE_FILE)
            optional = [name for name in SERVICE_FILE_OPTIONAL if name in shown]
            published = {}
            for row in content["data"]:
                month = dt.date.fromisoformat(row["month"] + "-01")
                published[(by_code[row["service_code"]], month)] = row
            wanted = {
                (key, month)
                for (level, key, month) in self.expected
                if level == "service" and month is not None and month.year == year and services[key]["public"]
            }
            for service, month in sorted(set(published) | wanted, key=lambda item: (item[1], item[0])):
                if not services[service]["public"]:
                    self.comparison.extra(
                        surface, "service", service, month, f"audience {services[service]['audience']}"
                    )
                    continue
                self.comparison.check(
                    surface,
                    "service",
                    service,
                    month,
                    self.expected.get(("service", service, month)),
                    published.get((service, month)),
                    figures,
                    optional=optional,
                )
            surface = f"{self.phase}: open data {year}/ikm-bulanan.json"
            stored = opendata.read(f"{year}/ikm-bulanan.json")
            content = json.loads(stored.content) if stored else {"data": []}
            published = {}
            for row in content["data"]:
                month = dt.date.fromisoformat(row["month"] + "-01")
                published[(by_slug[row["agency_slug"]], month)] = {
                    **row,
                    "ikm_grade": row.get("grade"),
                    "received": row.get("population"),
                }
            wanted = {
                (key, month)
                for (level, key, month), figures in self.expected.items()
                if level == "agency" and month is not None and month.year == year and figures.get("respondents")
            }
            for agency, month in sorted(set(published) | wanted, key=lambda item: (item[1], item[0])):
                self.comparison.check(
                    surface,
                    "agency",
                    agency,
                    month,
                    self.expected.get(("agency", agency, month)),
                    published.get((agency, month)),
                    IKM_FILE,
                )

    # ---------------------------------------------------------------- the API

    def _window(self, since: dt.date, until: dt.date) -> dict:
        if (since, until) not in self._windows:
            self._windows[(since, until)] = sql.recompute(since=since, until=until, now=self.now)
        return self._windows[(since, until)]

    def check_api(self, client) -> None:
        services = self.catalogue["services"]
        by_code = {row["code"]: pk for pk, row in services.items()}
        for agency, row in self.catalogue["agencies"].items():
            surface = "API /statistik/instansi/<slug>"
            response = client.get(f"/api/v1/statistik/instansi/{row['slug']}")
            assert response.status_code == 200, response.content[:300]
            data = response.json()
            since = dt.date.fromisoformat(data["from_month"] + "-01")
            until = dt.date.fromisoformat(data["to_month"] + "-01")
            expected = self._window(since, until)
            self._kpi(surface + " total", "agency", agency, None, data["total"], expected)
            months = {dt.date.fromisoformat(item["month"] + "-01"): item for item in data["months"]}
            for month in months_between(since, until):
                self._kpi(surface + " months", "agency", agency, month, months.get(month), expected)
            shown = {by_code[item["code"]]: item for item in data["services"]}
            listed = {pk for pk in self._services_of(agency) if services[pk]["published"] and services[pk]["public"]}
            for service in sorted(set(shown) | listed):
                self._kpi(surface + " services", "service", service, None, shown.get(service), expected)

    # ---------------------------------------------------------------- levies (anti-pungli in numbers)

    def check_payments(self) -> None:
        """The levies on the dashboard and transparency pages (queries.payment_figures per service for the period,
        payments_without_case) and in the open data (pembayaran-bulanan per service × month,
        pembayaran-tanpa-kasus-bulanan per month) against the recomputation from the assessments and events."""
        from django.conf import settings

        expected = sql.recompute_payments(since=self.since, until=self.until, system_tz=settings.TIME_ZONE)
        everyone = list(self.catalogue["agencies"])
        _, shown = queries.payment_figures(everyone, since=self.since, until=self.until, group="service")
        keys = {key for (level, key, month) in expected if level == "service" and month is None} | set(shown)
        for service in keys:
            published = shown.get(service)
            self.comparison.check(
                f"{self.phase}: payment_figures(province, service)",
                "service",
                service,
                None,
                expected.get(("service", service, None)),
                published.as_row() if published else None,
                PAYMENTS,
            )
        orphans = sum(row["payments_without_case"] for (level, _, _), row in expected.items() if level == "deployment")
        self.comparison.check(
            f"{self.phase}: payments_without_case(period)",
            "total",
            None,
            None,
            {"payments_without_case": orphans},
            {"payments_without_case": queries.payments_without_case(since=self.since, until=self.until)},
            ("payments_without_case",),
        )
        by_code = {row["code"]: pk for pk, row in self.catalogue["services"].items()}
        months = {month for (_, _, month) in expected if month is not None}
        for year in sorted({month.year for month in months}):
            stored = opendata.read(f"{year}/pembayaran-bulanan.json")
            content = json.loads(stored.content) if stored else {"data": []}
            published = {
                (by_code[row["service_code"]], dt.date.fromisoformat(row["month"] + "-01")): row
                for row in content["data"]
            }
            wanted = {
                (key, month)
                for (level, key, month) in expected
                if level == "service" and month is not None and month.year == year
            }
            for service, month in sorted(set(published) | wanted, key=lambda item: (item[1], item[0])):
                self.comparison.check(
                    f"{self.phase}: open data {year}/pembayaran-bulanan.json",
                    "service",
                    service,
                    month,
                    expected.get(("service", service, month)),
                    published.get((service, month)),
                    PAYMENTS,
                )
            stored = opendata.read(f"{year}/pembayaran-tanpa-kasus-bulanan.json")
            content = json.loads(stored.content) if stored else {"data": []}
            published = {dt.date.fromisoformat(row["month"] + "-01"): row for row in content["data"]}
            wanted = {month for (level, _, month) in expected if level == "deployment" and month.year == year}
            for month in sorted(set(published) | wanted):
                self.comparison.check(
                    f"{self.phase}: open data {year}/pembayaran-tanpa-kasus-bulanan.json",
                    "total",
                    None,
                    month,
                    expected.get(("deployment", None, month)),
                    published.get(month),
                    WITHOUT_CASE,
                )

    def check_all(self, client, *, every_page: bool = True) -> Comparison:
        """Every surface; with `every_page` False only the pages that together read every summary table (the
        province, region and agency pages and the open data), for a second rebuild path of the same history."""
        self.check_queries(every_page=every_page)
        self.check_staff()
        self.check_open_data()
        self.check_payments()
        if every_page:
            self.check_api(client)
        return self.comparison
