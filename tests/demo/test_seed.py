"""The demo seed: a realistic catalogue across regions, idempotent, audited and sealed."""

from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.db.models import Count, Max

from loket.catalogue import rules
from loket.catalogue import services as catalogue
from loket.catalogue.models import Audience, Service, ServiceStandard
from loket.core import audit
from loket.core.models import AuditEvent
from loket.demo import seed
from loket.org import permissions
from loket.org.models import Region

MANAGEMENT = {key for key, *_, group in rules.COMPONENTS if group == "management"}


def published_services():
    return Service.objects.filter(current__isnull=False)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_catalogue_spans_regions_agencies_and_audiences(seeded):
    published = published_services()
    assert published.count() >= 25
    assert published.values("agency__region").distinct().count() >= 3
    assert published.values("agency").distinct().count() >= 8
    assert set(published.values_list("audience", flat=True)) == set(Audience.values)
    assert published.filter(agency__region__parent__isnull=True).exists()  # province services too


def test_model_services_are_adopted_across_regions_with_one_pending_change(seeded):
    templates = Service.objects.filter(is_template=True, current__isnull=False)
    adopting_regions = {
        t.code: {a.agency.region.code for a in t.adoptions.filter(current__isnull=False)} for t in templates
    }
    assert max(len(regions) for regions in adopting_regions.values()) >= 2
    assert sum(len(regions) >= 2 for regions in adopting_regions.values()) >= 2

    pending = [
        s for s in Service.objects.filter(template__isnull=False, current__isnull=False) if catalogue.template_diff(s)
    ]
    assert pending, "a province template revised after adoption should show a pending change"
    for service in pending:  # not merged: the adopter still stands on the older template version
        assert service.current.template_base_id != service.template.current_id

    # Localized: each adopter of the PBG model publishes its own levy under its own regulation.
    pbg = Service.objects.filter(template__code="model-pbg", current__isnull=False).select_related("current")
    assert len({s.current.fee_amount for s in pbg}) == pbg.count() >= 2
    for service in pbg:
        assert service.current.fee_amount > 0
        assert service.agency.region.name in service.current.fee_legal_basis
        assert service.agency.address in service.current.contact


def test_some_drafts_are_never_published_and_incomplete(seeded):
    drafts = Service.objects.filter(current__isnull=True)
    assert drafts.count() >= 2
    incomplete = [s for s in drafts if rules.publish_errors(catalogue.draft_of(s).content())]
    assert len(incomplete) >= 2
    assert drafts.values("agency").distinct().count() >= 2


def test_every_published_version_is_valid_and_the_self_check_has_findings(seeded):
    versions = ServiceStandard.objects.filter(status=ServiceStandard.Status.PUBLISHED)
    for standard in versions:
        assert rules.publish_errors(standard.content()) == {}, standard.service.code
    complete = [s for s in published_services() if s.current.compliance().complete]
    partial = [s for s in published_services() if not s.current.compliance().complete]
    assert len(complete) > 3 * len(partial)
    assert len(partial) >= 2
    for service in partial:  # deliberately empty: one to three management components only
        missing = set(service.current.compliance().missing)
        assert 1 <= len(missing) <= 3 and missing <= MANAGEMENT, service.code

    with_history = published_services().annotate(n=Max("standards__version")).filter(n__gte=2)
    assert with_history.count() >= 2
    # Population documents are free by law (UU 24/2013 art. 79A).
    assert {s.current.fee_amount for s in published_services().filter(category__slug="kependudukan")} == {0}


def test_wita_region_is_served(seeded):
    banjarmasin = Region.objects.get(code="63.71")
    assert banjarmasin.time_zone == Region.TimeZone.WITA
    assert banjarmasin.parent.code == "63" and banjarmasin.parent.time_zone == Region.TimeZone.WITA
    services = published_services().filter(agency__region=banjarmasin)
    assert services.count() >= 3
    assert all("WITA" in s.current.contact for s in services)


def test_seeding_twice_creates_and_changes_nothing(seeded):
    assert seeded.created > 3000
    before = row_counts()
    last_event = AuditEvent.objects.aggregate(m=Max("id"))["m"]
    last_edit = ServiceStandard.objects.aggregate(m=Max("updated_at"))["m"]

    assert seed.seed() == 0

    assert row_counts() == before
    assert AuditEvent.objects.aggregate(m=Max("id"))["m"] == last_event
    assert ServiceStandard.objects.aggregate(m=Max("updated_at"))["m"] == last_edit
    assert not Service.objects.values("code").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_audit_chain_verifies_and_records_every_publication(seeded):
    report = audit.verify()
    assert report.ok, report.problems
    assert report.unsealed == 0
    assert report.checked == AuditEvent.objects.count()
    published_versions = ServiceStandard.objects.filter(status=ServiceStandard.Status.PUBLISHED).count()
    assert AuditEvent.objects.filter(action="catalogue.standard_published").count() == published_versions
    assert (
        AuditEvent.objects.filter(action="catalogue.template_adopted").count()
        == Service.objects.filter(template__isnull=False).count()
    )
    # The catalogue is written by the demo administrator; applications by the citizens and officers who act. A
    # change of fee, requirements or decision template is published by a second official (four eyes).
    catalogue_events = AuditEvent.objects.filter(action__startswith="catalogue.")
    approved = catalogue_events.filter(action="catalogue.standard_published", data__has_key="terms")
    assert set(catalogue_events.exclude(pk__in=approved).values_list("actor_label", flat=True)) == {"admin"}
    assert approved.exists() and "admin" not in set(approved.values_list("actor_label", flat=True))
    requested = catalogue_events.filter(action="catalogue.publication_requested")
    assert requested.count() == approved.count() and set(requested.values_list("actor_label", flat=True)) == {"admin"}


def test_demo_logins_sign_in_with_their_scopes(seeded):
    users = get_user_model().objects
    for username, description in seed.DEMO_LOGINS:
        assert description
        user = authenticate(username=username, password=seed.DEMO_PASSWORD)
        assert user is not None, username
        assert user.email == f"{username}@demo.loket.id"

    def may_edit(username, agency_slug):
        return (
            permissions.agencies_for(users.get(username=username), "catalogue.edit").filter(slug=agency_slug).exists()
        )

    assert users.get(username="admin").is_superuser
    assert may_edit("admin.jabar", "dpmptsp-kab-bogor") and not may_edit("admin.jabar", "dpmptsp-kota-banjarmasin")
    assert may_edit("admin.bandung", "disdukcapil-kota-bandung") and not may_edit("admin.bandung", "dpmptsp-kab-bogor")
    assert may_edit("editor.dpmptsp.bandung", "dpmptsp-kota-bandung")
    assert not may_edit("editor.dpmptsp.bandung", "disdukcapil-kota-bandung")
    assert may_edit("editor.dinkes.kabbandung", "dinkes-kab-bandung")
    assert permissions.agencies_for(users.get(username="editor.banjarmasin"), "catalogue.edit").count() == 3
    assert not may_edit("petugas.dpmptsp.bandung", "dpmptsp-kota-bandung")
    kepala = users.get(username="kepala.dpmptsp.bandung")
    assert permissions.can(kepala, "catalogue.publish", published_services().get(code="slf-kota-bandung").agency)
    assert not permissions.is_staff_user(users.get(username="warga"))


def test_the_ktp_el_service_has_its_standard_form_and_sop(seeded):
    """The identity card the search synonyms know (KTP/KTP-el): Disdukcapil Kota Bandung's service, free, with a
    form that asks what kind of card is wanted and a three-step SOP within its time limit."""
    from loket.workflow.models import ProcedureStep

    service = Service.objects.select_related("current", "agency__region").get(code="ktp-el-kota-bandung")
    standard = service.current
    assert service.agency.slug == "disdukcapil-kota-bandung" and service.agency.region.name == "Kota Bandung"
    assert standard.fee_amount == 0 and standard.product.startswith("Kartu Tanda Penduduk Elektronik")
    keys = [field["key"] for field in standard.form.fields]
    assert keys[0] == "jenis_permohonan" and {"nik", "nomor_kk", "sudah_rekam", "tempat_ambil"} <= set(keys)
    steps = list(ProcedureStep.objects.filter(standard=standard).order_by("position"))
    assert [step.role for step in steps] == ["officer", "officer", "supervisor"]
    assert sum(step.sla_days for step in steps) <= standard.time_limit_days
    assert all(step.name_en for step in steps)
