"""Every state change of the catalogue: one transaction each, each writing its audit event."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from loket.catalogue import rules, signals, terms
from loket.catalogue.models import Audience, Category, Channel, Service, ServiceStandard
from loket.core import audit
from loket.core.errors import LoketError
from loket.core.i18n import tr
from loket.org import permissions
from loket.org.models import Agency


def _snapshot(standard: ServiceStandard) -> dict:
    return standard.content()


def _copy_content(source: ServiceStandard, target: ServiceStandard) -> None:
    for field in rules.CONTENT_FIELDS:
        setattr(target, field, getattr(source, field))
    target.handling_unit_id = source.handling_unit_id
    target.template_base_id = source.template_base_id


@transaction.atomic
def create_service(
    *,
    actor,
    agency: Agency,
    code: str,
    name_id: str,
    name_en: str = "",
    category: Category,
    audience: str = Audience.CITIZEN,
    channels=None,
    is_template: bool = False,
) -> Service:
    permissions.require(actor, "catalogue.edit", agency)
    errors: dict[str, list[str]] = {}
    if not code or Service.objects.filter(code=code).exists():
        errors["code"] = ["Kode layanan wajib diisi dan belum dipakai layanan lain."]
    if not name_id.strip():
        errors["name_id"] = ["Nama layanan (Bahasa Indonesia) wajib diisi."]
    if audience not in Audience.values:
        errors["audience"] = ["Sasaran layanan tidak dikenal."]
    channels = list(channels or [Channel.ONLINE])
    if any(c not in Channel.values for c in channels):
        errors["channels"] = ["Saluran layanan tidak dikenal."]
    if is_template and agency.region.parent_id is not None:
        errors["is_template"] = ["Hanya perangkat daerah provinsi yang dapat menerbitkan layanan model."]
    if errors:
        raise LoketError("Data layanan belum benar.", errors=errors)
    service = Service.objects.create(
        code=code,
        name_id=name_id.strip(),
        name_en=name_en.strip(),
        category=category,
        agency=agency,
        audience=audience,
        channels=channels,
        is_template=is_template,
    )
    ServiceStandard.objects.create(service=service, created_by=_user(actor))
    audit.record(
        "catalogue.service_created",
        obj=service,
        actor=actor,
        data={"code": code, "agency": agency.slug, "is_template": is_template},
    )
    return service


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def draft_of(service: Service) -> ServiceStandard | None:
    return service.standards.filter(status=ServiceStandard.Status.DRAFT).first()


@transaction.atomic
def open_draft(*, actor, service: Service) -> ServiceStandard:
    """The service's draft; created from the latest published version when there is none."""
    permissions.require(actor, "catalogue.edit", service.agency_id)
    # Read afresh under the lock: a caller's copy may predate the latest publish, and the draft must start
    # from the version the public sees now.
    service = Service.objects.select_for_update().get(pk=service.pk)
    draft = draft_of(service)
    if draft:
        return draft
    draft = ServiceStandard(service=service, created_by=_user(actor))
    if service.current_id:
        _copy_content(service.current, draft)
    draft.save()
    signals.draft_opened.send(sender=Service, source=service.current, draft=draft)
    audit.record("catalogue.draft_opened", obj=draft, actor=actor, data={"service": service.code})
    return draft


EDITABLE_FIELDS = rules.CONTENT_FIELDS + ("handling_unit_id",)


@transaction.atomic
def update_draft(*, actor, draft: ServiceStandard, changes: dict) -> ServiceStandard:
    permissions.require(actor, "catalogue.edit", draft.service.agency_id)
    draft = ServiceStandard.objects.select_for_update().get(pk=draft.pk)
    if not draft.is_draft:
        raise LoketError("Versi yang sudah terbit tidak dapat diubah; buka draf baru.")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise LoketError(f"Kolom tidak dikenal: {', '.join(sorted(unknown))}.")
    errors = _field_errors(changes, draft)
    if errors:
        raise LoketError("Isian standar pelayanan belum benar.", errors=errors)
    before = {k: getattr(draft, k) for k in changes}
    for key, value in changes.items():
        setattr(draft, key, value)
    draft.save()
    changed = sorted(k for k in changes if before[k] != changes[k])
    audit.record(
        "catalogue.draft_updated", obj=draft, actor=actor, data={"service": draft.service.code, "fields": changed}
    )
    return draft


def _field_errors(changes: dict, draft: ServiceStandard) -> dict[str, list[str]]:
    """Type and range checks that hold for drafts too (publishing checks completeness)."""
    errors: dict[str, list[str]] = {}
    if "time_limit_days" in changes:
        value = changes["time_limit_days"]
        if value is not None and (not isinstance(value, int) or not 0 < value <= rules.MAX_TIME_LIMIT_DAYS):
            errors["time_limit_days"] = [f"Jangka waktu harus bilangan bulat 1–{rules.MAX_TIME_LIMIT_DAYS} hari kerja."]
    if "fee_amount" in changes:
        value = changes["fee_amount"]
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            errors["fee_amount"] = ["Biaya harus bilangan bulat rupiah dan tidak boleh negatif."]
    if "requirements" in changes:
        items = changes["requirements"]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            errors["requirements"] = ["Daftar persyaratan tidak valid."]
        else:
            for index, item in enumerate(items, start=1):
                for message in rules.validate_requirement(item):
                    errors.setdefault("requirements", []).append(f"Persyaratan {index}: {message}")
    for key in ("procedure", "legal_basis"):
        if key in changes and not isinstance(changes[key], list):
            errors[key] = ["Harus berupa daftar."]
    if changes.get("handling_unit_id"):
        if not draft.service.agency.units.filter(pk=changes["handling_unit_id"]).exists():
            errors["handling_unit_id"] = ["Unit pelaksana harus unit dari perangkat daerah ini."]
    return errors


def _publishable_draft(service: Service) -> ServiceStandard:
    draft = draft_of(service)
    if draft is None:
        raise LoketError(tr("Tidak ada draf untuk diterbitkan.", "There is no draft to publish."))
    errors = rules.publish_errors(draft.content())
    if errors:
        raise LoketError(
            tr("Standar pelayanan belum dapat diterbitkan.", "The service standard cannot be published yet."),
            errors=errors,
        )
    signals.before_publish.send(sender=Service, draft=draft)
    return draft


def term_changes(service: Service, draft: ServiceStandard | None = None) -> list[dict]:
    """The changes of fee, requirements and decision template the draft would publish (catalogue.terms)."""
    draft = draft or draft_of(service)
    if draft is None or not service.current_id:
        return []
    return terms.changes(service.current, draft)


@transaction.atomic
def request_publication(*, actor, service: Service) -> ServiceStandard:
    """Put a draft that changes the citizen's terms to a second official (four eyes; UU 25/2009 art. 21)."""
    permissions.require(actor, "catalogue.edit", service.agency_id)
    service = Service.objects.select_for_update().get(pk=service.pk)
    draft = _publishable_draft(service)
    changed = term_changes(service, draft)
    if not changed:
        raise LoketError(
            tr(
                "Draf ini tidak mengubah biaya, persyaratan, atau templat keputusan; dapat langsung diterbitkan.",
                "This draft changes no fee, requirement or decision template; it can be published directly.",
            )
        )
    draft.approval_requested_by = _user(actor)
    draft.approval_requested_at = timezone.now()
    draft.approval_terms = terms.digest(terms.snapshots(draft))
    draft.save(update_fields=["approval_requested_by", "approval_requested_at", "approval_terms", "updated_at"])
    audit.record(
        "catalogue.publication_requested",
        obj=draft,
        actor=actor,
        data={"service": service.code, "terms": {c["name"]: c["lines"] for c in changed}},
    )
    return draft


def _check_second_approver(actor, draft: ServiceStandard, changed: list[dict]) -> None:
    if not changed:
        return
    if draft.approval_requested_by_id is None:
        raise LoketError(
            tr(
                "Perubahan biaya, persyaratan, atau templat keputusan harus diajukan lalu disetujui pejabat kedua "
                "sebelum terbit.",
                "A change of fee, requirements or decision template must be requested and approved by a second "
                "official before it is published.",
            )
        )
    if draft.approval_requested_by_id == getattr(actor, "pk", None):
        raise LoketError(
            tr(
                "Anda mengajukan perubahan ini; penerbitannya harus disetujui pejabat lain.",
                "You requested this change; another official must approve its publication.",
            )
        )
    if draft.approval_terms != terms.digest(terms.snapshots(draft)):
        raise LoketError(
            tr(
                "Draf berubah setelah diajukan; ajukan kembali agar yang disetujui sama dengan yang terbit.",
                "The draft changed after it was requested; request again so that what is approved is what is "
                "published.",
            )
        )


@transaction.atomic
def publish(*, actor, service: Service) -> ServiceStandard:
    """Freeze the draft as the next version and make it the one the public sees. A draft that changes the fee,
    the requirements or the decision template is published only by a second official (four eyes)."""
    permissions.require(actor, "catalogue.publish", service.agency_id)
    service = Service.objects.select_for_update().get(pk=service.pk)
    draft = _publishable_draft(service)
    changed = term_changes(service, draft)
    _check_second_approver(actor, draft, changed)
    version = (service.standards.aggregate(v=Max("version"))["v"] or 0) + 1
    draft.version = version
    draft.status = ServiceStandard.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.published_by = _user(actor)
    draft.approved_by = _user(actor) if changed else None
    draft.save(publishing=True)
    service.current = draft
    service.compliance_percent = draft.compliance().percent
    service.search_text = search_text(service, draft)
    service.save(update_fields=["current", "compliance_percent", "search_text"])
    data = {"service": service.code, "version": version, "compliance": draft.compliance().percent}
    if changed:
        data |= {
            "terms": {c["name"]: c["lines"] for c in changed},
            "requested_by": draft.approval_requested_by_id,
        }
    audit.record("catalogue.standard_published", obj=draft, actor=actor, data=data)
    return draft


def search_text(service: Service, standard: ServiceStandard) -> str:
    parts = [
        service.name_id,
        service.name_en,
        service.category.name_id,
        service.agency.name,
        standard.summary,
        standard.product,
    ]
    parts += [item.get("name", "") for item in standard.requirements]
    return "\n".join(p for p in parts if p)


@transaction.atomic
def adopt_template(*, actor, template: Service, agency: Agency, code: str | None = None) -> Service:
    """A kabupaten/kota adopts a province model service in one step (as a draft it then localizes)."""
    permissions.require(actor, "catalogue.edit", agency)
    if not template.is_template or template.current_id is None:
        raise LoketError("Layanan ini bukan layanan model provinsi yang sudah terbit.")
    if agency.region.parent_id != template.agency.region_id:
        raise LoketError("Layanan model hanya dapat diadopsi oleh kabupaten/kota di provinsi yang sama.")
    if Service.objects.filter(template=template, agency=agency).exists():
        raise LoketError("Perangkat daerah ini sudah mengadopsi layanan model tersebut.")
    code = code or _free_code(f"{template.code}-{agency.region.code.replace('.', '')}", agency.slug)
    service = Service.objects.create(
        code=code,
        name_id=template.name_id,
        name_en=template.name_en,
        category=template.category,
        agency=agency,
        audience=template.audience,
        channels=list(template.channels),
        template=template,
    )
    draft = ServiceStandard(service=service, created_by=_user(actor))
    _copy_content(template.current, draft)
    draft.contact = agency.address and f"{agency.name}, {agency.address}" or agency.name
    draft.handling_unit = None
    draft.template_base = template.current
    draft.save()
    signals.draft_opened.send(sender=Service, source=template.current, draft=draft)
    audit.record(
        "catalogue.template_adopted",
        obj=service,
        actor=actor,
        data={"template": template.code, "template_version": template.current.version, "agency": agency.slug},
    )
    return service


def _free_code(preferred: str, agency_slug: str) -> str:
    """The preferred code, or one made unique with the agency slug (two agencies of a region may adopt)."""
    if not Service.objects.filter(code=preferred).exists():
        return preferred
    candidate = f"{preferred}-{agency_slug}"[:100]
    suffix = 2
    while Service.objects.filter(code=candidate).exists():
        candidate = f"{preferred}-{agency_slug}"[:95] + f"-{suffix}"
        suffix += 1
    return candidate


def template_diff(service: Service) -> list[dict]:
    """What the province changed in the template since this service adopted or last merged it."""
    if not service.template_id or not service.template.current_id:
        return []
    mine = draft_of(service) or service.current
    if mine is None or mine.template_base_id is None:
        return []
    if mine.template_base_id == service.template.current_id:
        return []
    return rules.template_changes(mine.template_base.content(), service.template.current.content(), mine.content())


@transaction.atomic
def merge_template(*, actor, service: Service) -> ServiceStandard:
    """Take the template's latest version into this service's draft, keeping local fields."""
    changes = template_diff(service)
    if not changes:
        raise LoketError("Tidak ada perubahan layanan model yang perlu digabungkan.")
    draft = open_draft(actor=actor, service=service)
    template_current = service.template.current
    merged = rules.merge_template(template_current.content(), draft.content())
    for field, value in merged.items():
        setattr(draft, field, value)
    draft.template_base = template_current
    draft.save()
    audit.record(
        "catalogue.template_merged",
        obj=draft,
        actor=actor,
        data={
            "service": service.code,
            "template_version": template_current.version,
            "fields": [c["field"] for c in changes],
        },
    )
    return draft


@transaction.atomic
def update_service(
    *, actor, service: Service, name_id: str, name_en: str = "", category: Category, audience: str, channels
) -> Service:
    """Change a service's unversioned data (names, category, audience, channels)."""
    permissions.require(actor, "catalogue.edit", service.agency_id)
    service = Service.objects.select_for_update().select_related("agency", "category").get(pk=service.pk)
    errors: dict[str, list[str]] = {}
    if not name_id.strip():
        errors["name_id"] = ["Nama layanan (Bahasa Indonesia) wajib diisi."]
    if audience not in Audience.values:
        errors["audience"] = ["Sasaran layanan tidak dikenal."]
    channels = list(channels or [])
    if not channels or any(c not in Channel.values for c in channels):
        errors["channels"] = ["Pilih minimal satu saluran layanan yang dikenal."]
    if errors:
        raise LoketError("Data layanan belum benar.", errors=errors)
    new = {
        "name_id": name_id.strip(),
        "name_en": name_en.strip(),
        "category_id": category.pk,
        "audience": audience,
        "channels": channels,
    }
    changed = sorted(k for k, v in new.items() if getattr(service, k) != v)
    for key, value in new.items():
        setattr(service, key, value)
    service.category = category
    fields = ["name_id", "name_en", "category", "audience", "channels"]
    if service.current_id:
        # The public search text includes the names and category.
        service.search_text = search_text(service, service.current)
        fields.append("search_text")
    service.save(update_fields=fields)
    audit.record(
        "catalogue.service_updated", obj=service, actor=actor, data={"service": service.code, "fields": changed}
    )
    return service
