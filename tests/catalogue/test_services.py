"""Catalogue state changes: drafts, publishing, versions, adoption (issue 2 items 4, 5, 8, 10)."""

import pytest

from loket.catalogue import services
from loket.catalogue.models import Service, ServiceStandard
from loket.core.errors import LoketError, PermissionDenied
from loket.core.models import AuditEvent
from tests.helpers.catalogue import COMPLETE_CONTENT, publish_service

pytestmark = pytest.mark.django_db


@pytest.mark.sqlite
def test_publish_freezes_version_one(service_a):
    standard = service_a.current
    assert standard.version == 1 and standard.status == "published"
    assert service_a.compliance_percent == 100
    assert "Izin Praktik" in service_a.search_text
    standard.product = "diubah"
    with pytest.raises(ValueError, match="immutable"):
        standard.save()


def test_new_draft_starts_from_latest_and_publishes_as_v2(service_a, editor_a):
    draft = services.open_draft(actor=editor_a, service=service_a)
    assert draft.product == service_a.current.product and draft.version is None
    assert services.open_draft(actor=editor_a, service=service_a).pk == draft.pk  # one draft at a time
    services.update_draft(actor=editor_a, draft=draft, changes={"time_limit_days": 3})
    v2 = services.publish(actor=editor_a, service=service_a)
    service_a.refresh_from_db()
    assert v2.version == 2 and service_a.current_id == v2.pk
    v1 = service_a.standards.get(version=1)
    assert v1.time_limit_days == 5  # the older version stays as it was published


def test_publish_without_draft_is_refused(service_a, editor_a):
    with pytest.raises(LoketError, match="Tidak ada draf"):
        services.publish(actor=editor_a, service=service_a)


def test_publish_refuses_incomplete_delivery_components(editor_a, agency_a, category):
    service = services.create_service(actor=editor_a, agency=agency_a, code="sktm", name_id="SKTM", category=category)
    with pytest.raises(LoketError) as excinfo:
        services.publish(actor=editor_a, service=service)
    assert {"time_limit_days", "fee_amount", "requirements", "product", "procedure"} <= set(excinfo.value.errors)
    assert not service.standards.filter(status="published").exists()


def test_published_version_may_lack_management_components(editor_a, agency_a, category):
    content = {**COMPLETE_CONTENT, "staffing": "", "evaluation": ""}
    service = publish_service(editor_a, agency_a, category, "akta", "Akta Kelahiran", content=content)
    assert service.current.compliance().missing == ("staffing", "evaluation")
    assert service.compliance_percent == 85


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"time_limit_days": 0}, "time_limit_days"),
        ({"fee_amount": -5}, "fee_amount"),
        ({"fee_amount": True}, "fee_amount"),
        ({"requirements": "KTP"}, "requirements"),
        ({"legal_basis": "UU"}, "legal_basis"),
    ],
)
def test_update_draft_validates_types(service_a, editor_a, changes, field):
    draft = services.open_draft(actor=editor_a, service=service_a)
    with pytest.raises(LoketError) as excinfo:
        services.update_draft(actor=editor_a, draft=draft, changes=changes)
    assert field in excinfo.value.errors
    draft.refresh_from_db()
    assert draft.time_limit_days == 5  # nothing was saved


def test_handling_unit_must_belong_to_the_agency(service_a, editor_a, agency_b):
    from loket.org.models import Unit

    foreign = Unit.objects.create(agency=agency_b, name="Seksi lain")
    draft = services.open_draft(actor=editor_a, service=service_a)
    with pytest.raises(LoketError):
        services.update_draft(actor=editor_a, draft=draft, changes={"handling_unit_id": foreign.pk})


def test_editor_of_other_agency_is_refused(service_a, editor_b):
    with pytest.raises(PermissionDenied):
        services.open_draft(actor=editor_b, service=service_a)
    with pytest.raises(PermissionDenied):
        services.publish(actor=editor_b, service=service_a)


def test_every_change_is_audited(service_a):
    actions = list(AuditEvent.objects.filter(data__service=service_a.code).values_list("action", flat=True))
    assert "catalogue.draft_updated" in actions and "catalogue.standard_published" in actions
    assert AuditEvent.objects.filter(action="catalogue.service_created", object_id=str(service_a.pk)).exists()


def test_duplicate_code_is_refused(service_a, editor_a, agency_a, category):
    with pytest.raises(LoketError) as excinfo:
        services.create_service(actor=editor_a, agency=agency_a, code=service_a.code, name_id="x", category=category)
    assert "code" in excinfo.value.errors


def test_only_province_agencies_publish_templates(editor_a, agency_a, category):
    with pytest.raises(LoketError) as excinfo:
        services.create_service(
            actor=editor_a, agency=agency_a, code="model", name_id="x", category=category, is_template=True
        )
    assert "is_template" in excinfo.value.errors


@pytest.fixture
def template(province_editor, province_agency, category):
    return publish_service(province_editor, province_agency, category, "sip-dokter", "SIP Dokter", is_template=True)


def test_adoption_copies_the_template_in_one_step(template, editor_a, agency_a):
    adopted = services.adopt_template(actor=editor_a, template=template, agency=agency_a)
    assert adopted.template_id == template.pk and adopted.agency == agency_a
    draft = services.draft_of(adopted)
    assert draft.requirements == template.current.requirements
    assert draft.template_base_id == template.current_id
    assert services.template_diff(adopted) == []
    with pytest.raises(LoketError, match="sudah mengadopsi"):
        services.adopt_template(actor=editor_a, template=template, agency=agency_a)


def test_adoption_outside_the_province_is_refused(template, banjarmasin):
    from loket.org.models import Agency, Role
    from tests.helpers.org import make_user

    agency = Agency.objects.create(region=banjarmasin, slug="bjm", name="DPMPTSP Banjarmasin")
    editor = make_user("ed_bjm", (Role.CATALOGUE_EDITOR, agency))
    with pytest.raises(LoketError, match="provinsi yang sama"):
        services.adopt_template(actor=editor, template=template, agency=agency)


def test_template_change_is_shown_and_merged_keeping_local_fee(template, editor_a, agency_a, province_editor):
    adopted = services.adopt_template(actor=editor_a, template=template, agency=agency_a)
    draft = services.draft_of(adopted)
    services.update_draft(
        actor=editor_a, draft=draft, changes={"fee_amount": 75000, "fee_legal_basis": "Perda Kota Bandung 1/2024"}
    )
    services.publish(actor=editor_a, service=adopted)

    template_draft = services.open_draft(actor=province_editor, service=template)
    services.update_draft(actor=province_editor, draft=template_draft, changes={"time_limit_days": 3})
    services.publish(actor=province_editor, service=template)

    adopted = Service.objects.get(pk=adopted.pk)
    diff = services.template_diff(adopted)
    assert [c["field"] for c in diff] == ["time_limit_days"]
    assert diff[0]["template_before"] == 5 and diff[0]["template_after"] == 3

    merged = services.merge_template(actor=editor_a, service=adopted)
    assert merged.time_limit_days == 3 and merged.fee_amount == 75000
    services.publish(actor=editor_a, service=adopted)
    adopted.refresh_from_db()
    assert services.template_diff(adopted) == []
    assert adopted.current.version == 2
    assert AuditEvent.objects.filter(action="catalogue.template_merged").count() == 1


def test_only_one_draft_per_service_in_the_database(service_a, editor_a):
    from django.db import IntegrityError, transaction

    services.open_draft(actor=editor_a, service=service_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceStandard.objects.create(service=service_a)


def test_database_refuses_raw_update_of_a_published_version(service_a):
    from django.db import DatabaseError, connection, transaction

    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE catalogue_servicestandard SET fee_amount = 999 WHERE id = %s", [service_a.current_id]
            )
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        ServiceStandard.objects.filter(pk=service_a.current_id).update(product="x")


def test_two_agencies_of_one_region_can_adopt_the_same_template(template, editor_a, agency_a, kota_bandung):
    from loket.org.models import Agency, Role
    from tests.helpers.org import make_user

    second = Agency.objects.create(region=kota_bandung, slug="dinkes-kota-bandung", name="Dinkes Kota Bandung")
    editor = make_user("ed_dinkes", (Role.CATALOGUE_EDITOR, second))
    first = services.adopt_template(actor=editor_a, template=template, agency=agency_a)
    other = services.adopt_template(actor=editor, template=template, agency=second)
    assert first.code != other.code and other.code.endswith("dinkes-kota-bandung")
