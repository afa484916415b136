"""Command-centre dashboard (staff, in scope), public transparency pages and open-data downloads."""

import csv
import datetime as dt
import io
from fractions import Fraction

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from loket.catalogue.models import Audience, Service
from loket.core import dates
from loket.core.i18n import is_english, tr
from loket.insights import anomalies, charts, indicators, queries, rules
from loket.insights.models import PUBLIC_AUDIENCES
from loket.insights.services import refiling_days, save_baseline
from loket.org import permissions
from loket.org.decorators import staff_page
from loket.org.models import Agency, Region
from loket.workflow.services import return_limit

PERIODS = (3, 6, 12, 24, 36)
MONTHS_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
REFRESH_SECONDS = 300
CSV_COLUMNS = (
    "received",
    "completed",
    "rejected",
    "withdrawn",
    "completed_online",
    "completed_assisted",
    "completed_counter",
    "zero_visit_percent",
    "self_service_percent",
    "sla_measured",
    "sla_met",
    "sla_percent",
    "median_days",
    "p90_days",
    "returned",
    "returned_percent",
    "backlog",
    "waiting_applicant",
    "overdue",
    "respondents",
    "ikm",
    "ikm_grade",
    "sample_required",
    "sample_adequate",
    "sample_parts_adequate",
    "sample_parts",
    "completed_digital",
    "digital_percent",
)


def month_label(month, today: dt.date | None = None) -> str:
    """ "Des 2026"; the running month says so ("Des 2026 (s.d. 7 Des)"): a partial month is not a drop."""
    label = f"{tr(MONTHS_ID[month.month - 1], MONTHS_EN[month.month - 1])} {month.year}"
    today = today or timezone.localdate()
    if (month.year, month.month) == (today.year, today.month):
        short = tr(MONTHS_ID[today.month - 1], MONTHS_EN[today.month - 1])
        label += tr(f" (s.d. {today.day} {short})", f" (to {today.day} {short})")
    return label


def chart_label(month, today: dt.date | None = None) -> str:
    """A month under a bar: "Des 2026*" for the running month (the table says up to which day)."""
    today = today or timezone.localdate()
    label = f"{tr(MONTHS_ID[month.month - 1], MONTHS_EN[month.month - 1])} {month.year}"
    return label + "*" if (month.year, month.month) == (today.year, today.month) else label


def period_text(since: dt.date, today: dt.date | None = None) -> str:
    """The period a page shows, as it is: from the first day of its first month to today (the running month is not
    complete)."""
    today = today or timezone.localdate()
    return tr(
        f"{dates.long_date(since)} s.d. {dates.long_date(today)} (bulan berjalan belum lengkap)",
        f"{dates.long_date(since, english=True)} to {dates.long_date(today, english=True)} (the running month is "
        "not complete)",
    )


def freshness_text(region=None) -> str:
    """ "Data per 7 Desember 2026 pukul 03.10 WIB": up to when the figures include the records (issue 14)."""
    fresh = queries.freshness()
    if fresh.data is None:
        return tr("Data belum dihitung.", "Figures not computed yet.")
    zone, code = (region.zoneinfo, region.time_zone) if region is not None else (timezone.get_current_timezone(), "WIB")
    english = tr("id", "en") == "en"
    moment = dates.long_moment(timezone.localtime(fresh.data, zone), code, english=english)
    text = tr(f"Data per {moment}", f"Data as of {moment}")
    if fresh.documents is not None:
        documents = dates.long_moment(timezone.localtime(fresh.documents, zone), code, english=english)
        text += tr(f"; keputusan elektronik dihitung ulang {documents}", f"; digital decisions recounted {documents}")
    return text + "."


def _months(value) -> int:
    try:
        months = int(value)
    except (TypeError, ValueError):
        return 12
    return months if months in PERIODS else 12


def _pct(value):
    return float(value) if value is not None else None


class Selection:
    """What the dashboard shows: the user's scope narrowed to a region, an agency or a service."""

    def __init__(self, request):
        self.scope = permissions.agencies_for(request.user, "insights.view")
        if not self.scope.exists():
            raise PermissionDenied(
                tr(
                    "Dasbor hanya untuk pimpinan, kepala perangkat daerah, penyelia, admin wilayah dan inspektorat.",
                    "The dashboard is for leaders, agency heads, supervisors, regional admins and inspectors.",
                )
            )
        params = request.GET
        self.auto_refresh = params.get("segarkan") == "1"
        self.months = _months(params.get("bulan"))
        self.since, self.until = queries.month_range(self.months)
        self.audiences = PUBLIC_AUDIENCES
        self.region = self.agency = self.service = None
        self.agencies = self.scope
        self.services = None
        if params.get("layanan"):
            self.service = (
                Service.objects.select_related("agency__region")
                .filter(code=params["layanan"], agency__in=self.scope)
                .first()
            )
            if self.service is None:
                raise Http404
            self.agency, self.region = self.service.agency, self.service.agency.region
            self.agencies, self.services = [self.agency.pk], [self.service.pk]
            self.group = None
            if self.service.audience not in PUBLIC_AUDIENCES:
                self.audiences = (self.service.audience,)  # a civil-service case kind, shown on its own
        elif params.get("instansi"):
            self.agency = (
                Agency.objects.select_related("region").filter(slug=params["instansi"], pk__in=self.scope).first()
            )
            if self.agency is None:
                raise Http404
            self.region = self.agency.region
            self.agencies = [self.agency.pk]
            self.group = "service"
        elif params.get("wilayah"):
            self.region = Region.objects.filter(code=params["wilayah"]).first()
            if self.region is None or not self.scope.filter(region=self.region).exists():
                raise Http404
            self.agencies = self.scope.filter(region=self.region)
            self.group = "agency"
        else:
            self.group = "region"

    @property
    def public(self) -> bool:
        """Public services (the indicators of ADR 16), or one civil-service service drilled into."""
        return self.audiences == PUBLIC_AUDIENCES

    def query(self, **extra) -> str:
        from urllib.parse import urlencode

        params = {"bulan": self.months, **({"segarkan": 1} if self.auto_refresh else {}), **extra}
        return "?" + urlencode({key: value for key, value in params.items() if value})


def _labels(group: str, keys) -> dict:
    keys = [key for key in keys if key is not None]
    if group == "region":
        # The province's own row holds its provincial agencies only (its kab/kota have rows of their own).
        return {
            r.pk: (
                r.name
                if r.parent_id
                else tr(f"{r.name} (perangkat daerah provinsi)", f"{r.name} (provincial agencies)"),
                {"wilayah": r.code},
            )
            for r in Region.objects.filter(pk__in=keys)
        }
    if group == "agency":
        return {a.pk: (a.short_name or a.name, {"instansi": a.slug}) for a in Agency.objects.filter(pk__in=keys)}
    if group == "service":
        return {
            s.pk: (s.name_en if tr("id", "en") == "en" and s.name_en else s.name_id, {"layanan": s.code})
            for s in Service.objects.filter(pk__in=keys)
        }
    return {}


def dashboard_data(selection: Selection) -> dict:
    total, trend, grouped = queries.overview(
        selection.agencies,
        since=selection.since,
        until=selection.until,
        group=selection.group,
        services=selection.services,
        audiences=selection.audiences,
    )
    months, cursor = [], selection.since
    while cursor <= selection.until:
        months.append(cursor)
        cursor = (cursor.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    trend_rows = [
        {"month": month, "label": month_label(month), "kpi": trend.get(month) or queries.Kpi()} for month in months
    ]
    rows = []
    if selection.group:
        labels = _labels(selection.group, grouped)
        for key, kpi in grouped.items():
            if key not in labels:
                continue
            name, params = labels[key]
            rows.append({"name": name, "link": selection.query(**params), "kpi": kpi, "row": kpi.as_row()})
        rows.sort(key=lambda row: row["name"])
    return {"total": total, "total_row": total.as_row(), "trend": trend_rows, "rows": rows}


def staff_freshness_text(region=None) -> str:
    """When the civil-service figures against paper were last recounted (every 15 minutes, from the records)."""
    moment = queries.freshness().staff
    if moment is None:
        return tr(
            "Angka dibanding proses manual belum dihitung.",
            "The figures against the manual process are not computed yet.",
        )
    zone, code = (region.zoneinfo, region.time_zone) if region is not None else (timezone.get_current_timezone(), "WIB")
    english = tr("id", "en") == "en"
    when = dates.long_moment(timezone.localtime(moment, zone), code, english=english)
    return tr(
        f"Angka dibanding proses manual dihitung ulang {when}.", f"Figures against the manual process recounted {when}."
    )


def cut_text(percent) -> str:
    """A cut against the manual process as read: "turun 80,0%", "naik 12,5%" (slower than on paper), "—"."""
    if percent is None:
        return "—"
    shown = _decimal(abs(percent))
    return tr(f"turun {shown}%", f"down {shown}%") if percent >= 0 else tr(f"naik {shown}%", f"up {shown}%")


def _decimal(value) -> str:
    """One decimal with the language's separator (as |floatformat:1 writes it on the pages)."""
    from django.template.defaultfilters import floatformat

    return floatformat(value, 1)


def _staff_row(selection, service, kpi, figures) -> dict:
    row = figures.as_row()
    return {
        "service": service,
        "k": kpi,
        "r": kpi.as_row(),
        "s": row,
        "baseline": figures.baseline,
        "days_cut": cut_text(row["days_cut_percent"]),
        "touch_cut": cut_text(row["touch_cut_percent"]),
        "link": selection.query(layanan=service.code),
    }


def _staff_total(rows) -> dict | None:
    """Every civil-service app together: decrees signed, paper pages avoided, officer hours and the share of
    decisions without an office visit (sums of the per-app figures; days and cuts stay per app, their baselines
    differ)."""
    if not rows:
        return None
    kpi = queries.combine(kpi for _, kpi, _ in rows)
    sums = [figures.counts for _, _, figures in rows]
    return {
        "completed": kpi.completed,
        "decreed": sum(counts["decreed"] for counts in sums),
        "pages": sum(counts["pages"] for counts in sums),
        "documents": sum(counts["documents"] for counts in sums),
        "touch_hours": float(rules.percent(Fraction(sum(counts["touch_seconds"] for counts in sums), 360000))),
        "zero_visit_percent": kpi.as_row()["zero_visit_percent"],
    }


def _staff_service(selection, data) -> dict:
    """The drill-down into one civil-service service: its figures against the manual process for the period (the
    same as its row in the dashboard's civil-service table) and per month (insights.indicators "staff_*")."""
    service = selection.service
    figures = queries.staff_figures([service.pk], since=selection.since, until=selection.until).get(service.pk)
    row = _staff_row(selection, service, data["total"], figures or queries.StaffFigures())
    per_month = queries.staff_trend(service.pk, since=selection.since, until=selection.until)
    row["months"] = []
    for item in data["trend"]:
        month = (per_month.get(item["month"]) or queries.StaffFigures(baseline=row["baseline"])).as_row()
        row["months"].append(
            {"label": item["label"], "k": item["kpi"], "s": month, "cut": cut_text(month["days_cut_percent"])}
        )
    return row


def payments_freshness_text(region=None) -> str:
    moment = queries.payments_freshness()
    if moment is None:
        return tr("Angka retribusi belum dihitung.", "The levy figures are not computed yet.")
    zone, code = (region.zoneinfo, region.time_zone) if region is not None else (timezone.get_current_timezone(), "WIB")
    when = dates.long_moment(timezone.localtime(moment, zone), code, english=tr("id", "en") == "en")
    return tr(
        f"Angka retribusi dihitung ulang dari SKRD dan notifikasi penyedia {when}.",
        f"Levy figures recounted from the assessments and the provider's notifications {when}.",
    )


def levies(agencies, *, since: dt.date, until: dt.date, months: list, region=None, services=None, link=None) -> dict:
    """The anti-pungli figures of a scope and period (insights.indicators PAYMENT_INDICATORS): levies paid in
    rupiah, the share paid cashless through the provider against its target of 100%, payments without a case
    against 0; per month, per agency and per service. `link(kind, obj)` gives a drill-down query or None."""
    total, per_month = queries.payment_figures(agencies, since=since, until=until, group="month", services=services)
    _, per_agency = queries.payment_figures(agencies, since=since, until=until, group="agency", services=services)
    _, per_service = queries.payment_figures(agencies, since=since, until=until, group="service", services=services)
    agency_names = Agency.objects.in_bulk(per_agency)
    service_names = Service.objects.select_related("agency").in_bulk(per_service)
    without_case = queries.payments_without_case(since=since, until=until)
    row = total.as_row()
    return {
        "total": row,
        "cashless_ok": row["cashless_percent"] is None or row["cashless_percent"] >= queries.CASHLESS_TARGET,
        "cashless_target": queries.CASHLESS_TARGET,
        "without_case": without_case,
        "without_case_target": queries.WITHOUT_CASE_TARGET,
        "months": [
            {"label": month_label(month), "row": (per_month.get(month) or queries.PaymentFigures()).as_row()}
            for month in months
        ],
        "agencies": sorted(
            (
                {
                    "name": agency_names[key].short_name or agency_names[key].name,
                    "link": link("agency", agency_names[key]) if link else None,
                    "row": figures.as_row(),
                }
                for key, figures in per_agency.items()
                if key in agency_names
            ),
            key=lambda item: item["name"],
        ),
        "services": sorted(
            (
                {
                    "service": service_names[key],
                    "link": link("service", service_names[key]) if link else None,
                    "row": figures.as_row(),
                }
                for key, figures in per_service.items()
                if key in service_names
            ),
            key=lambda item: item["service"].name_id,
        ),
        "freshness": payments_freshness_text(region),
    }


@staff_page
@require_GET
def dashboard(request):
    selection = Selection(request)
    data = dashboard_data(selection)
    if request.GET.get("format") == "csv":
        return _csv(selection, data)
    group_label = {
        "region": tr("Wilayah", "Region"),
        "agency": tr("Perangkat daerah", "Agency"),
        "service": tr("Layanan", "Service"),
    }.get(selection.group, "")
    trend_chart = charts.bars(
        title=tr("Permohonan masuk dan selesai per bulan", "Applications received and completed per month"),
        desc=tr(
            "Diagram batang; * bulan berjalan, belum lengkap; angka lengkap ada di tabel di bawahnya.",
            "Bar chart; * the running month, not complete; the table below has the numbers.",
        ),
        labels=[chart_label(row["month"]) for row in data["trend"]],
        chart_id="trend",
        series=[
            (tr("Diterima", "Received"), [row["kpi"].received for row in data["trend"]]),
            (tr("Selesai", "Completed"), [row["kpi"].completed for row in data["trend"]]),
        ],
    )
    ranking_chart = (
        charts.ranking(
            title=tr(
                f"Kepatuhan waktu layanan per {group_label.lower()}", f"On-time completion by {group_label.lower()}"
            ),
            desc=tr(
                "Persentase selesai tepat waktu, tertinggi di atas; angka ada di tabel.",
                "Share completed on time, best first; the table has the numbers.",
            ),
            rows=[(row["name"], row["row"]["sla_percent"]) for row in data["rows"]],
            chart_id="ranking",
        )
        if data["rows"]
        else ""
    )
    overdue = queries.overdue_applications(selection.service.pk) if selection.service else []
    staff_cases = (
        queries.employee_services(selection.agencies, since=selection.since, until=selection.until)
        if selection.services is None
        else []
    )
    staff_service = _staff_service(selection, data) if selection.service and not selection.public else None
    units = (
        queries.unit_ikm(selection.agencies, since=selection.since, until=selection.until)
        if selection.agency and not selection.service
        else []
    )
    levy_figures = (
        levies(
            selection.agencies,
            since=selection.since,
            until=selection.until,
            months=[row["month"] for row in data["trend"]],
            region=selection.region,
            services=selection.services,
            link=lambda kind, obj: selection.query(
                **({"instansi": obj.slug} if kind == "agency" else {"layanan": obj.code})
            ),
        )
        if selection.public
        else None
    )
    here = {
        "wilayah": selection.region.code if selection.region and selection.group == "agency" else "",
        "instansi": selection.agency.slug if selection.agency and not selection.service else "",
        "layanan": selection.service.code if selection.service else "",
    }
    response = render(
        request,
        "insights/dashboard.html",
        {
            **data,
            "sel": selection,
            "group_label": group_label,
            "periods": PERIODS,
            "trend_chart": trend_chart,
            "ranking_chart": ranking_chart,
            "overdue": overdue,
            "staff_cases": [_staff_row(selection, service, kpi, figures) for service, kpi, figures in staff_cases],
            "staff_total": _staff_total(staff_cases),
            "staff_section": selection.services is None,
            "staff_service": staff_service,
            "staff_sources": any(figures.baseline for _, _, figures in staff_cases),
            "staff_freshness": staff_freshness_text(selection.region),
            "levies": levy_figures,
            "units": units,
            "period_text": period_text(selection.since),
            "freshness": freshness_text(selection.region),
            "public": selection.public,
            "version": indicators.VERSION,
            "auto_refresh": selection.auto_refresh,
            "csv_link": selection.query(**here, format="csv", segarkan=""),
            "refresh_on": selection.query(**here, segarkan=1),
            "refresh_off": selection.query(**here, segarkan=""),
            "days_label": rules.days_label,
        },
    )
    response["Cache-Control"] = "private, no-store"
    if selection.auto_refresh:
        # Opt-in (WCAG 2.2.1: the user turns it on and off): an HTTP Refresh, no script and no <meta> timer.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def _csv(selection: Selection, data: dict) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "from_month", "to_month", *CSV_COLUMNS])
    period = (selection.since.strftime("%Y-%m"), selection.until.strftime("%Y-%m"))
    rows = data["rows"] or [{"name": tr("Jumlah", "Total"), "row": data["total_row"]}]
    for row in rows:
        writer.writerow([row["name"], *period, *("" if row["row"][c] is None else row["row"][c] for c in CSV_COLUMNS)])
    if data["rows"]:
        writer.writerow(
            [
                tr("Jumlah", "Total"),
                *period,
                *("" if data["total_row"][c] is None else data["total_row"][c] for c in CSV_COLUMNS),
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dasbor-{period[0]}-{period[1]}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- public transparency pages


@require_GET
def transparency(request, slug: str):
    agency = Agency.objects.select_related("region").filter(slug=slug).first() if "\x00" not in slug else None
    if agency is None:
        raise Http404
    data = queries.agency_transparency(agency)
    trend = [(month_label(month), kpi) for month, kpi in data["trend"]]
    units = queries.unit_ikm([agency.pk], since=data["since"], until=data["until"])
    months = [data["since"]]
    while months[-1] < data["until"]:
        months.append((months[-1].replace(day=28) + dt.timedelta(days=4)).replace(day=1))
    levy_figures = levies(
        [agency.pk],
        since=data["since"],
        until=data["until"],
        months=months,
        region=agency.region,
        link=lambda kind, obj: reverse("catalogue:service", args=[obj.code]) if kind == "service" else None,
    )
    chart = (
        charts.bars(
            title=tr("Permohonan masuk dan selesai per bulan", "Applications received and completed per month"),
            desc=tr(
                "Diagram batang; * bulan berjalan, belum lengkap; angka lengkap ada di tabel di bawahnya.",
                "Bar chart; * the running month, not complete; the table below has the numbers.",
            ),
            labels=[chart_label(month) for month, _ in data["trend"]],
            chart_id="volume",
            series=[
                (tr("Diterima", "Received"), [kpi.received for _, kpi in trend]),
                (tr("Selesai", "Completed"), [kpi.completed for _, kpi in trend]),
            ],
        )
        if trend
        else ""
    )
    response = render(
        request,
        "insights/transparency.html",
        {
            **data,
            "agency": agency,
            "identity_region": agency.region_id,  # the agency's region's identity (core.identity)
            "trend_rows": [(label, kpi, kpi.as_row()) for label, kpi in trend],
            "chart": chart,
            "period_text": period_text(data["since"]),
            "freshness": freshness_text(agency.region),
            "units": units,
            "levies": levy_figures,
            "version": indicators.VERSION,
        },
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


def _definition(item) -> dict:
    return {
        "key": item.key,
        "name": tr(*item.name),
        "formula": tr(*item.formula),
        "basis": tr(*item.basis),
        "period": tr(*item.period),
        "fields": item.fields,
    }


@require_GET
def indicator_catalogue(request):
    """Every published indicator's definition, its regulation and its version history (issue 14)."""
    response = render(
        request,
        "insights/indicators.html",
        {
            "indicators": [_definition(item) for item in indicators.INDICATORS],
            "staff_indicators": [_definition(item) for item in indicators.STAFF_INDICATORS],
            "payment_indicators": [_definition(item) for item in indicators.PAYMENT_INDICATORS],
            "scope": tr(*indicators.SCOPE),
            "month": tr(*indicators.MONTH),
            "working_days": tr(*indicators.WORKING_DAYS),
            "version": indicators.VERSION,
            "changes": [
                (version, dates.long_date(dt.date.fromisoformat(day)) if day else "", tr(text_id, text_en))
                for version, day, text_id, text_en in reversed(indicators.CHANGES)
            ],
            "freshness": freshness_text(),
        },
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def transparency_index(request):
    from loket.insights import anchors

    agencies = Agency.objects.select_related("region").order_by("region__code", "name")
    response = render(
        request,
        "insights/transparency_index.html",
        {"agencies": agencies, "anchors": anchors.recent(), "pensions": queries.pension_timeliness()},
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


# ---------------------------------------------------------------- open data


@require_GET
def open_data(request):
    from loket.insights import opendata

    descriptor = opendata.read(opendata.DESCRIPTOR)
    response = render(
        request,
        "insights/open_data.html",
        {
            "years": opendata.years(),
            "resources": opendata.described(is_english()),
            "license": opendata.LICENSE,
            "generated_at": descriptor.generated_at if descriptor else None,
            "freshness": freshness_text(),
            "version": indicators.VERSION,
        },
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def open_data_file(request, name: str):
    from loket.insights import opendata

    stored = opendata.read(name)
    if stored is None:
        raise Http404
    response = HttpResponse(stored.content, content_type=stored.content_type)
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    response["Last-Modified"] = stored.generated_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    response["Link"] = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    return response


FLAG_LABELS = {
    "returns": ("Pengembalian jauh di atas rekan seinstansi", "Returns far above colleagues in the agency"),
    "rejections": ("Penolakan jauh di atas rekan seinstansi", "Rejections far above colleagues in the agency"),
    "out_of_order": (
        "Sering mengambil tugas tidak menurut urutan tenggat",
        "Often takes tasks out of deadline order",
    ),
}
REPORT_PERIODS = (30, 90, 365)


@staff_page
@require_GET
def integrity_report(request):
    """The inspectorate's anomaly report over the agencies in the user's audit scope (issue 13)."""
    agencies = permissions.agencies_for(request.user, "audit.view")
    agency_ids = list(agencies.values_list("pk", flat=True))
    if not agency_ids:
        raise Http404
    days = _int_param(request.GET.get("hari"), default=90)
    days = days if days in REPORT_PERIODS else 90
    since = timezone.now() - dt.timedelta(days=days)
    officer_rows = anomalies.officers(agency_ids, since)
    response = render(
        request,
        "insights/integrity.html",
        {
            "days": days,
            "periods": REPORT_PERIODS,
            "officers": [{"row": row, "flags": [tr(*FLAG_LABELS[flag]) for flag in row.flags]} for row in officer_rows],
            "flagged": sum(1 for row in officer_rows if row.flags),
            "repeated_returns": anomalies.repeated_returns(agency_ids, since),
            "repeated_waits": anomalies.repeated_waits(agency_ids, since),
            "self_dealing": anomalies.self_dealing(agency_ids, since),
            "revocations": anomalies.revocations(agency_ids, since),
            "late_refilings": anomalies.late_refilings(agency_ids, since),
            "refiling_days": refiling_days(),
            "return_limit": return_limit(),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _int_param(value, *, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# ---------------------------------------------------------------- the audit chain's published heads (ADR 0012)


def _public(response: HttpResponse, filename: str = "") -> HttpResponse:
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def audit_anchor(request, pk: int):
    """One published head as JSON: what a citizen, journalist or auditor keeps to verify the log later."""
    import json

    from loket.insights import anchors

    head = anchors.one(pk)
    if head is None:
        raise Http404
    body = json.dumps(head, ensure_ascii=False, indent=1)
    return _public(HttpResponse(body, content_type="application/json"), f"kepala-rantai-audit-{head['seal_seq']}.json")


@require_GET
def audit_anchors_file(request, fmt: str):
    from loket.insights import anchors

    if fmt == "json":
        return _public(HttpResponse(anchors.as_json(), content_type="application/json"))
    return _public(HttpResponse(anchors.as_csv(), content_type="text/csv; charset=utf-8"))


# ---------------------------------------------------------------- the manual baselines the HR office enters


def _baseline_reader(request):
    """The HR office and the inspectorate read the baselines; anyone else is refused."""
    if not queries.baseline_readers_agencies(request.user).exists():
        raise PermissionDenied(
            tr(
                "Angka proses manual dicatat oleh BKD/BKPSDM wilayah; halaman ini untuk BKD dan inspektorat.",
                "Manual process figures are recorded by the region's HR office; this page is for the HR office and "
                "the inspectorate.",
            )
        )


BASELINE_FIELD_LABELS = {
    "working_days": ("Hari kerja", "Working days"),
    "touch_minutes": ("Waktu sentuh (menit per kasus)", "Touch time (minutes per case)"),
    "source": ("Sumber", "Source"),
    "period": ("Periode", "Period"),
    "notes": ("Catatan", "Notes"),
}


def _history_rows(events) -> list[dict]:
    """Audit events of a baseline as read: when, who, and each changed field's old and new value (the page writes
    before/after, the admin writes changes)."""
    rows = []
    for event in events:
        data = event.data or {}
        if "after" in data:
            before, after = data.get("before") or {}, data["after"]
            names = data.get("changed") or sorted(after)
            changes = [(name, before.get(name), after.get(name)) for name in names]
        else:
            changes = [(name, item.get("old"), item.get("new")) for name, item in (data.get("changes") or {}).items()]
        rows.append(
            {
                "at": event.occurred_at,
                "who": event.actor_label,
                "changes": [
                    (tr(*BASELINE_FIELD_LABELS[name]), old, new)
                    for name, old, new in changes
                    if name in BASELINE_FIELD_LABELS
                ],
            }
        )
    return rows


@staff_page
@require_GET
def baselines(request):
    """The HR office's page of manual baselines: every civil-service service of its region with the pre-digital
    average it recorded and Loket's measured figures of the last 12 months against it (issue 17)."""
    _baseline_reader(request)
    rows = []
    for item in queries.baseline_services(request.user):
        figures = item["figures"].as_row()
        rows.append(
            {
                **item,
                "s": figures,
                "days_cut": cut_text(figures["days_cut_percent"]),
                "touch_cut": cut_text(figures["touch_cut_percent"]),
            }
        )
    since, _ = queries.month_range(12)
    response = render(
        request,
        "insights/baselines.html",
        {
            "rows": rows,
            "period_text": period_text(since),
            "staff_freshness": staff_freshness_text(),
            "may_edit_any": any(row["may_edit"] for row in rows),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@staff_page
@require_http_methods(["GET", "POST"])
def baseline_edit(request, code: str):
    """Enter or correct one service's manual baseline (the HR office of its region, hr.manage); validated by
    rules.clean_baseline, saved and audited by services.save_baseline."""
    _baseline_reader(request)
    service = (
        Service.objects.select_related("agency", "baseline__updated_by")
        .filter(code=code, audience=Audience.EMPLOYEE, agency__in=queries.baseline_readers_agencies(request.user))
        .first()
        if "\x00" not in code
        else None
    )
    if service is None:
        raise Http404
    if not permissions.can(request.user, "hr.manage", service.agency_id):
        raise PermissionDenied(
            tr(
                "Hanya BKD wilayah layanan ini yang dapat mengubah angka proses manualnya.",
                "Only the HR office of this service's region may change its manual process figures.",
            )
        )
    baseline = getattr(service, "baseline", None)
    errors: dict = {}
    if request.method == "POST":
        posted = {name: request.POST.get(name, "") for name in BASELINE_FIELD_LABELS}
        values, found = rules.clean_baseline(**posted)
        if found:
            errors = {name: tr(*message) for name, message in found.items()}
        else:
            save_baseline(actor=request.user, service=service, values=values)
            messages.success(
                request,
                tr(
                    f"Angka proses manual {service.name_id} tersimpan dan tercatat di log audit.",
                    f"The manual process figures of {service.name_en or service.name_id} are saved and audited.",
                ),
            )
            return redirect("insights_baselines")
    elif baseline is not None:
        posted = {
            "working_days": _decimal(baseline.working_days),
            "touch_minutes": "" if baseline.touch_minutes is None else _decimal(baseline.touch_minutes),
            "source": baseline.source,
            "period": baseline.period,
            "notes": baseline.notes,
        }
    else:
        posted = dict.fromkeys(BASELINE_FIELD_LABELS, "")
    response = render(
        request,
        "insights/baseline_edit.html",
        {
            "service": service,
            "baseline": baseline,
            "posted": posted,
            "errors": errors,
            "history": _history_rows(queries.baseline_history(service)),
            "max_days": rules.BASELINE_MAX_DAYS,
            "max_minutes": rules.BASELINE_MAX_MINUTES,
            "limits": rules.BASELINE_TEXT_LIMITS,
        },
        status=400 if errors else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response
