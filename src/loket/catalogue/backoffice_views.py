"""Back office of the catalogue (/kantor/): editors create, edit, preview and publish standards.

Views stay thin: reads are scoped through `org.permissions`, writes go through `catalogue.services`.
A service outside the user's scope answers 404 (its existence does not leak); a service inside the
scope that the user may see but not change answers 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from loket.catalogue import queries, rules, services
from loket.catalogue.forms import AdoptForm, ServiceCreateForm, ServiceDetailsForm, StandardEditor, attach_errors
from loket.catalogue.models import Service, ServiceStandard
from loket.catalogue.views import AUDIENCE_LABELS, CHANNEL_LABELS, LEVEL_LABELS
from loket.core import money
from loket.core.errors import LoketError
from loket.core.errors import PermissionDenied as LoketPermissionDenied
from loket.core.i18n import tr
from loket.org import permissions
from loket.org.decorators import staff_page
from loket.org.models import Agency

PAGE_SIZE = 50
TEMPLATE_PAGE_SIZE = 20
VIEW = "catalogue.view_drafts"
EDIT = "catalogue.edit"
PUBLISH = "catalogue.publish"


backoffice = staff_page


def _service_for(request, code: str, action: str = VIEW) -> Service:
    """The service if it lies in the user's scope (else 404); 403 when the scope lacks `action`."""
    visible = permissions.agencies_for(request.user, VIEW)
    service = get_object_or_404(
        Service.objects.select_related(
            "agency__region", "category", "current", "template__current", "template__agency"
        ),
        code=code,
        agency__in=visible,
    )
    if action != VIEW and not permissions.can(request.user, action, service.agency_id):
        raise PermissionDenied
    return service


def _refusal(form, exc: LoketError) -> None:
    if isinstance(exc, LoketPermissionDenied):
        raise exc
    if exc.errors:
        attach_errors(form, exc.errors)
    else:
        form.add_error(None, exc.message)


# --- labels and display --------------------------------------------------------------------------

COMPONENT_LABELS = {key: (label_id, label_en) for key, label_id, label_en, _ in rules.COMPONENTS}
FIELD_LABELS = {
    **COMPONENT_LABELS,
    "summary": ("Ringkasan layanan", "Summary"),
    "fee_amount": ("Biaya/tarif", "Fee"),
    "fee_legal_basis": ("Dasar hukum biaya", "Legal basis of the fee"),
    "contact": ("Kontak dan alamat layanan", "Contact and address"),
    "handling_unit_id": ("Unit pelaksana", "Handling unit"),
}
# Where each publish error can be fixed on the edit page.
FIELD_ANCHORS = {"requirements": "persyaratan", "procedure": "prosedur", "handling_unit_id": "id_handling_unit"}


def label(field: str) -> str:
    label_id, label_en = FIELD_LABELS.get(field, (field, field))
    return tr(label_id, label_en)


def display_lines(field: str, value) -> list[str]:
    """A component value as plain lines of text (for the template diff)."""
    if value in (None, "", []):
        return []
    if field == "requirements":
        lines = []
        for item in value:
            kind = tr("dokumen", "document") if item.get("kind") == "document" else tr("data", "datum")
            need = tr("wajib", "mandatory") if item.get("mandatory") else tr("tidak wajib", "optional")
            types = ", ".join(item.get("file_types") or [])
            lines.append(
                f"{item.get('name', '')} ({need}, {kind}{': ' + types if types else ''})"
                + (f" — {item['description']}" if item.get("description") else "")
            )
        return lines
    if field == "procedure":
        return [
            f"{i}. {step.get('title', '')}" + (f" — {step['description']}" if step.get("description") else "")
            for i, step in enumerate(value, start=1)
        ]
    if field == "legal_basis":
        return [str(v) for v in value]
    if field == "time_limit_days":
        return [tr(f"{value} hari kerja", f"{value} working days")]
    if field == "fee_amount":
        return [money.rupiah(value)]
    return str(value).splitlines()


def compliance_panel(standard: ServiceStandard | None) -> dict:
    content = standard.content() if standard is not None else {}
    result = rules.compliance(content)
    return {
        "percent": result.percent,
        "complete": result.complete,
        "present": len(result.present),
        "total": result.total,
        "missing": [label(key) for key in result.missing],
    }


def publish_problems(errors: dict, service: Service) -> list[dict]:
    edit_url = reverse("backoffice:service_edit", args=[service.code])
    return [
        {"field": label(field), "messages": msgs, "href": f"{edit_url}#{FIELD_ANCHORS.get(field, 'id_' + field)}"}
        for field, msgs in errors.items()
    ]


TEXT_COMPONENTS = (
    "complaints",
    "facilities",
    "competence",
    "supervision",
    "staffing",
    "guarantee",
    "security",
    "evaluation",
)


def standard_sections(standard: ServiceStandard) -> list[tuple[int, str, str]]:
    """The free-text components with their PermenPANRB 15/2014 number, for read-only pages."""
    return [(rules.COMPONENT_KEYS.index(key) + 1, label(key), getattr(standard, key)) for key in TEXT_COMPONENTS]


# --- dashboard -----------------------------------------------------------------------------------


def _status(service: Service, draft: ServiceStandard | None) -> dict:
    if service.current_id is None:
        return {"key": "draft", "label": tr("Draf, belum terbit", "Draft, not yet published")}
    version = service.current.version
    if draft is not None:
        return {
            "key": "pending",
            "version": version,
            "label": tr(f"Draf menunggu terbit (di atas v{version})", f"Draft pending over v{version}"),
        }
    return {"key": "published", "version": version, "label": tr(f"Terbit v{version}", f"Published v{version}")}


def _template_changed(service: Service, draft: ServiceStandard | None) -> bool:
    if not service.template_id or service.template.current_id is None:
        return False
    mine = draft or service.current
    if mine is None or mine.template_base_id in (None, service.template.current_id):
        return False
    return bool(services.template_diff(service))


def _service_rows(page_services: list[Service]) -> list[dict]:
    drafts = {
        d.service_id: d
        for d in ServiceStandard.objects.filter(
            service__in=[s.pk for s in page_services], status=ServiceStandard.Status.DRAFT
        )
    }
    rows = []
    for service in page_services:
        draft = drafts.get(service.pk)
        rows.append(
            {
                "service": service,
                "status": _status(service, draft),
                "published_percent": service.compliance_percent if service.current_id else None,
                "draft_percent": draft.compliance().percent if draft else None,
                "template_changed": _template_changed(service, draft),
            }
        )
    return rows


def _link_rows(user, rows: list[dict]) -> None:
    """Each row's link goes where the reader may go (issue 15: an agency head's list gave 403s): the standard's
    editor for those who edit the agency's catalogue, the publication page of a pending draft for those who may
    publish it, else the versions (every reader of drafts)."""
    agencies = {row["service"].agency_id for row in rows}
    edit = set(permissions.agencies_for(user, EDIT).filter(pk__in=agencies).values_list("pk", flat=True))
    publish = set(permissions.agencies_for(user, PUBLISH).filter(pk__in=agencies).values_list("pk", flat=True))
    for row in rows:
        service = row["service"]
        if service.agency_id in edit:
            row["link"] = reverse("backoffice:service_edit", args=[service.code])
        elif service.agency_id in publish and row["status"]["key"] == "pending":
            row["link"] = reverse("backoffice:service_publish", args=[service.code])
        else:
            row["link"] = reverse("backoffice:service_versions", args=[service.code])
        row["may_edit"] = service.agency_id in edit


def _agency_groups(rows: list[dict]) -> list[dict]:
    """Rows grouped by agency, each group with the agency's share of complete published standards.

    Counted like the public agency page: over published services, by their current standard
    (`compliance_percent` is 100 exactly when all 14 components are present).
    """
    agency_ids = list(dict.fromkeys(row["service"].agency_id for row in rows))
    published = Q(services__current__isnull=False)
    stats = {
        a.pk: a
        for a in Agency.objects.filter(pk__in=agency_ids).annotate(
            total=Count("services", filter=published),
            complete=Count("services", filter=published & Q(services__compliance_percent=100)),
        )
    }
    groups: list[dict] = []
    for row in rows:
        agency = row["service"].agency
        if not groups or groups[-1]["agency"].pk != agency.pk:
            stat = stats[agency.pk]
            groups.append(
                {
                    "agency": agency,
                    "total": stat.total,
                    "complete": stat.complete,
                    "share": stat.complete * 100 // stat.total if stat.total else 0,
                    "rows": [],
                }
            )
        groups[-1]["rows"].append(row)
    return groups


def _adopting_agencies(user, template: Service):
    """Kabupaten/kota agencies the user may edit that lie under the template's province."""
    return permissions.agencies_for(user, EDIT).filter(region__parent_id=template.agency.region_id)


def _model_services(request) -> dict:
    edit_agencies = list(
        permissions.agencies_for(request.user, EDIT).filter(region__parent__isnull=False).select_related("region")
    )
    if not edit_agencies:
        return {"show": False, "page": None, "entries": []}
    province_ids = {a.region.parent_id for a in edit_agencies}
    templates = (
        Service.objects.filter(is_template=True, current__isnull=False, agency__region_id__in=province_ids)
        .select_related("agency", "current")
        .order_by("name_id")
    )
    page = Paginator(templates, TEMPLATE_PAGE_SIZE).get_page(request.GET.get("model_page"))
    adoptions: dict[int, list[Service]] = {}
    for adopted in Service.objects.filter(template__in=list(page.object_list), agency__in=edit_agencies).select_related(
        "agency"
    ):
        adoptions.setdefault(adopted.template_id, []).append(adopted)
    entries = []
    for template in page.object_list:
        adopted = adoptions.get(template.pk, [])
        taken = {s.agency_id for s in adopted}
        eligible = [a for a in edit_agencies if a.region.parent_id == template.agency.region_id and a.pk not in taken]
        entries.append(
            {
                "template": template,
                "adopted": adopted,
                "form": AdoptForm(agencies=Agency.objects.filter(pk__in=[a.pk for a in eligible]))
                if eligible
                else None,
            }
        )
    return {"show": True, "page": page, "entries": entries}


@backoffice
def dashboard(request):
    agencies = permissions.agencies_for(request.user, VIEW)
    queryset = (
        Service.objects.filter(agency__in=agencies)
        .select_related("agency__region", "current", "template")
        .order_by("agency__region__code", "agency__name", "name_id")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _service_rows(list(page.object_list))
    _link_rows(request.user, rows)
    return render(
        request,
        "catalogue/backoffice/dashboard.html",
        {
            "page": page,
            "groups": _agency_groups(rows),
            "can_create": permissions.agencies_for(request.user, EDIT).exists(),
            "models": _model_services(request),
        },
    )


# --- create and service data ---------------------------------------------------------------------


@backoffice
def service_create(request):
    agencies = permissions.agencies_for(request.user, EDIT)
    if not agencies.exists():
        raise PermissionDenied
    single = agencies.first() if agencies.count() == 1 else None
    form = ServiceCreateForm(request.POST or None, agencies=agencies, initial={"agency": single})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service = services.create_service(
                actor=request.user,
                agency=data["agency"],
                code=data["code"],
                name_id=data["name_id"],
                name_en=data["name_en"],
                category=data["category"],
                audience=data["audience"],
                channels=data["channels"],
                is_template=data.get("is_template", False),
            )
        except LoketError as exc:
            _refusal(form, exc)
        else:
            messages.success(
                request,
                tr(
                    "Layanan dibuat. Lengkapi standar pelayanannya di bawah ini.",
                    "Service created. Complete its service standard below.",
                ),
            )
            return redirect("backoffice:service_edit", service.code)
    return render(
        request, "catalogue/backoffice/service_create.html", {"form": form}, status=400 if form.errors else 200
    )


@backoffice
def service_details(request, code):
    service = _service_for(request, code, EDIT)
    initial = {
        "name_id": service.name_id,
        "name_en": service.name_en,
        "category": service.category_id,
        "audience": service.audience,
        "channels": service.channels,
    }
    form = ServiceDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_service(actor=request.user, service=service, **form.cleaned_data)
        except LoketError as exc:
            _refusal(form, exc)
        else:
            messages.success(request, tr("Data layanan disimpan.", "Service data saved."))
            return redirect("backoffice:service_edit", service.code)
    return render(
        request,
        "catalogue/backoffice/service_details.html",
        {"service": service, "form": form},
        status=400 if form.errors else 200,
    )


# --- edit, preview, publish ----------------------------------------------------------------------


def _unchanged(base: ServiceStandard | None, changes: dict) -> bool:
    return base is not None and all(getattr(base, key) == value for key, value in changes.items())


@backoffice
def service_edit(request, code):
    service = _service_for(request, code, EDIT)
    draft = services.draft_of(service)
    base = draft or service.current
    if request.method == "POST":
        editor = StandardEditor(agency=service.agency, standard=base, data=request.POST)
        if editor.is_valid():
            changes = editor.changes()
            if _unchanged(base, changes):
                messages.info(request, tr("Tidak ada perubahan untuk disimpan.", "Nothing changed."))
                return redirect("backoffice:service_edit", service.code)
            try:
                with transaction.atomic():
                    opened = services.open_draft(actor=request.user, service=service)
                    services.update_draft(actor=request.user, draft=opened, changes=changes)
            except LoketPermissionDenied:
                raise
            except LoketError as exc:
                editor.attach_errors(exc.errors or {"__all__": [exc.message]})
            else:
                messages.success(request, tr("Draf disimpan.", "Draft saved."))
                return redirect("backoffice:service_edit", service.code)
    else:
        editor = StandardEditor(agency=service.agency, standard=base)
    return render(
        request,
        "catalogue/backoffice/service_edit.html",
        {
            "service": service,
            "draft": draft,
            "editor": editor,
            "form": editor.form,
            "compliance": compliance_panel(base),
            "problems": publish_problems(rules.publish_errors(base.content()), service) if base else [],
            "template_changed": _template_changed(service, draft),
        },
        status=400 if editor.has_errors else 200,
    )


def _public_preview_context(service: Service, draft: ServiceStandard) -> dict:
    """The public service page's context for `draft`, as it will read once published today.

    The instances are changed in memory only (never saved): the draft gets the version number it
    will receive and stands in as the service's current standard, so the public template shows the
    draft's fee in its anti-pungli notice and lists earlier versions as superseded.
    """
    region = service.agency.region
    today = timezone.localtime(timezone.now(), region.zoneinfo).date()
    versions = [
        {"number": v.version, "published_on": timezone.localtime(v.published_at, region.zoneinfo).date()}
        for v in queries.published_versions(service)
    ]
    draft.version = (versions[0]["number"] if versions else 0) + 1
    service.current = draft
    compliance = draft.compliance()
    return {
        "service": service,
        "standard": draft,
        "is_current": True,
        "components": queries.components(draft),
        "compliance": compliance,
        "missing_labels": [queries.component_label(key) for key in compliance.missing],
        "published_on": today,
        "versions": [{"number": draft.version, "published_on": today}] + versions,
        "adoptions": queries.published_adoptions(service) if service.is_template else [],
        "audience_label": tr(*AUDIENCE_LABELS[service.audience])
        if service.audience in AUDIENCE_LABELS
        else service.audience,
        "channel_labels": [tr(*CHANNEL_LABELS[c]) for c in service.channels if c in CHANNEL_LABELS],
        "level_label": tr(*LEVEL_LABELS[region.level]) if region.level in LEVEL_LABELS else region.level,
    }


@backoffice
def service_preview(request, code):
    """The draft rendered with the public service template, under a clear "not published" banner."""
    service = _service_for(request, code)
    draft = services.draft_of(service)
    if draft is None:
        return render(request, "catalogue/backoffice/preview_none.html", {"service": service})
    return render(request, "catalogue/backoffice/preview.html", _public_preview_context(service, draft))


@backoffice
def service_publish(request, code):
    service = _service_for(request, code, PUBLISH)
    draft = services.draft_of(service)
    message = ""
    errors = rules.publish_errors(draft.content()) if draft else {}
    if request.method == "POST":
        requesting = request.POST.get("action") == "request"  # put a change of terms to a second official
        try:
            if requesting:
                services.request_publication(actor=request.user, service=service)
            else:
                standard = services.publish(actor=request.user, service=service)
        except LoketPermissionDenied:
            raise
        except LoketError as exc:
            message, errors = exc.message, exc.errors
        else:
            if requesting:
                done = tr(
                    "Perubahan diajukan. Pejabat lain yang berwenang menerbitkan perlu menyetujuinya.",
                    "The change was requested. Another official who may publish needs to approve it.",
                )
                messages.success(request, done)
                return redirect("backoffice:service_publish", service.code)
            done = tr(
                f"Versi {standard.version} terbit dan kini tampil bagi publik.",
                f"Version {standard.version} is published and now public.",
            )
            messages.success(request, done)
            return redirect("backoffice:service_versions", service.code)
    return render(
        request,
        "catalogue/backoffice/publish.html",
        {
            "service": service,
            "draft": draft,
            "message": message,
            "problems": publish_problems(errors, service),
            "compliance": compliance_panel(draft) if draft else None,
            "next_version": (service.current.version + 1) if service.current_id else 1,
            **queries.publication_approval(request.user, service, draft),
        },
        status=400 if request.method == "POST" and (errors or message) else 200,
    )


# --- versions ------------------------------------------------------------------------------------


@backoffice
def service_versions(request, code):
    service = _service_for(request, code)
    standards = list(service.standards.select_related("published_by").order_by("-status", "-version"))
    rows = [{"standard": s, "percent": s.compliance().percent} for s in standards]
    return render(request, "catalogue/backoffice/versions.html", {"service": service, "rows": rows})


@backoffice
def service_version(request, code, version):
    service = _service_for(request, code)
    standard = get_object_or_404(
        service.standards.select_related("handling_unit", "published_by"),
        version=version,
        status=ServiceStandard.Status.PUBLISHED,
    )
    return render(
        request,
        "catalogue/backoffice/version.html",
        {
            "service": service,
            "standard": standard,
            "sections": standard_sections(standard),
            "compliance": compliance_panel(standard),
        },
    )


# --- province model services ---------------------------------------------------------------------


def _adoption_code(template: Service, agency: Agency) -> str:
    """The adopted service's code: template code + region code, or + agency slug when that is taken."""
    code = f"{template.code}-{agency.region.code.replace('.', '')}"
    if Service.objects.filter(code=code).exists():
        code = f"{template.code}-{agency.slug}"[:100]
    return code


@backoffice
def template_adopt(request, code):
    template = get_object_or_404(
        Service.objects.select_related("agency__region", "current", "category"),
        code=code,
        is_template=True,
        current__isnull=False,
    )
    agencies = _adopting_agencies(request.user, template)
    if not agencies.exists():
        raise PermissionDenied
    form = AdoptForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        agency = form.cleaned_data["agency"]
        try:
            service = services.adopt_template(
                actor=request.user, template=template, agency=agency, code=_adoption_code(template, agency)
            )
        except LoketError as exc:
            _refusal(form, exc)
        else:
            messages.success(
                request,
                tr(
                    "Layanan model diadopsi sebagai draf. Sesuaikan biaya (perda retribusi), unit, dan kontak, "
                    "lalu terbitkan.",
                    "Model service adopted as a draft. Adjust the fee (local regulation), unit and contact, "
                    "then publish.",
                ),
            )
            return redirect("backoffice:service_edit", service.code)
    return render(
        request,
        "catalogue/backoffice/adopt.html",
        {"template": template, "form": form},
        status=400 if form.errors else 200,
    )


@backoffice
def template_diff(request, code):
    service = _service_for(request, code)
    if not service.template_id:
        raise Http404
    may_edit = permissions.can(request.user, EDIT, service.agency_id)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        try:
            services.merge_template(actor=request.user, service=service)
        except LoketPermissionDenied:
            raise
        except LoketError as exc:
            messages.error(request, exc.message)
            return redirect("backoffice:template_diff", service.code)
        messages.success(
            request,
            tr(
                "Perubahan layanan model digabungkan ke draf; nilai lokal (biaya, kontak, fasilitas, jumlah "
                "pelaksana) tetap. Periksa lalu terbitkan.",
                "Model changes merged into the draft; local values (fee, contact, facilities, staffing) kept. "
                "Review, then publish.",
            ),
        )
        return redirect("backoffice:service_edit", service.code)
    changes = [
        {
            "label": label(change["field"]),
            "before": display_lines(change["field"], change["template_before"]),
            "after": display_lines(change["field"], change["template_after"]),
            "mine": display_lines(change["field"], change["mine"]),
            "conflict": change["conflict"],
        }
        for change in services.template_diff(service)
    ]
    return render(
        request,
        "catalogue/backoffice/template_diff.html",
        {
            "service": service,
            "template": service.template,
            "changes": changes,
            "may_edit": may_edit,
            "local_fields": [label(f) for f in rules.LOCAL_FIELDS],
        },
    )
