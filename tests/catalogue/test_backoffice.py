"""Back office of the catalogue at /kantor/ (issue 2 items 5, 6 and 8).

Every view is checked against an anonymous visitor, a citizen without a role and an editor of
another agency; the happy paths go through the HTML forms exactly as a browser without JS would.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from loket.catalogue import services as catalogue
from loket.catalogue.forms import parse_rupiah
from loket.catalogue.models import Service, ServiceStandard
from loket.core.models import AuditEvent
from loket.org.models import Agency, Role, Unit
from tests.helpers.catalogue import COMPLETE_CONTENT, form_data, publish_change, publish_service
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def events(action: str):
    return AuditEvent.objects.filter(action=action)


@pytest.fixture
def model_service(province_editor, province_agency, category):
    """A published province model service with a free fee."""
    return publish_service(
        province_editor,
        province_agency,
        category,
        "izin-praktik-model",
        "Izin Praktik Tenaga Kesehatan (model)",
        is_template=True,
    )


@pytest.fixture
def adopted(model_service, editor_a, agency_a):
    service = catalogue.adopt_template(actor=editor_a, template=model_service, agency=agency_a)
    return service


# --- who may enter --------------------------------------------------------------------------------


def service_urls(code: str) -> list[str]:
    base = f"/kantor/layanan/{code}/"
    return [
        base,
        base + "data/",
        base + "pratinjau/",
        base + "terbitkan/",
        base + "versi/",
        base + "versi/1/",
        base + "model/",
    ]


@pytest.fixture
def world(service_a, adopted, model_service):
    """Agency A owns a published service and an adopted one; the province owns a model service."""
    return {"service": service_a, "adopted": adopted, "model": model_service}


def all_urls(world) -> list[str]:
    return (
        ["/kantor/layanan/", "/kantor/layanan/baru/", f"/kantor/model/{world['model'].code}/adopsi/"]
        + service_urls(world["service"].code)
        + service_urls(world["adopted"].code)
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(world, method):
    client = Client()
    for url in all_urls(world):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/akun/login/?next=/kantor/"), url


@pytest.mark.parametrize("method", ["get", "post"])
def test_citizen_without_role_is_refused(world, citizen, method):
    client = login(citizen)
    for url in all_urls(world):
        assert getattr(client, method)(url).status_code == 403, url


@pytest.mark.parametrize("method", ["get", "post"])
def test_editor_of_another_agency_gets_404_and_changes_nothing(world, editor_b, method):
    client = login(editor_b)
    before = AuditEvent.objects.count()
    for code in (world["service"].code, world["adopted"].code):
        for url in service_urls(code):
            data = form_data() if method == "post" else None
            response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
            assert response.status_code == 404, url
    assert AuditEvent.objects.count() == before
    assert ServiceStandard.objects.filter(service=world["service"], status="draft").count() == 0
    dashboard = text(client.get("/kantor/layanan/"))
    assert world["service"].code not in dashboard and world["adopted"].code not in dashboard


def test_editor_cannot_create_a_service_for_another_agency(editor_a, agency_b, category):
    response = login(editor_a).post(
        "/kantor/layanan/baru/",
        {
            "agency": agency_b.pk,
            "code": "susupan",
            "name_id": "Layanan susupan",
            "category": category.pk,
            "audience": "citizen",
            "channels": ["online"],
        },
    )
    assert response.status_code == 400
    assert "Pilih perangkat daerah yang Anda kelola." in text(response)
    assert not Service.objects.filter(code="susupan").exists()


def test_adoption_is_refused_outside_the_province_and_for_foreign_agencies(
    model_service, editor_b, agency_a, banjarmasin
):
    bjm_agency = Agency.objects.create(region=banjarmasin, slug="dpmptsp-bjm", name="DPMPTSP Kota Banjarmasin")
    editor_bjm = make_user("editor_bjm", (Role.CATALOGUE_EDITOR, bjm_agency))
    url = f"/kantor/model/{model_service.code}/adopsi/"
    assert login(editor_bjm).post(url, {"agency": bjm_agency.pk}).status_code == 403
    # editor_b may adopt for Kabupaten Bogor, but not on behalf of Kota Bandung's agency.
    response = login(editor_b).post(url, {"agency": agency_a.pk})
    assert response.status_code == 400
    assert "Pilih perangkat daerah kabupaten/kota yang Anda kelola." in text(response)
    assert not Service.objects.filter(template=model_service).exists()


def test_province_editor_cannot_adopt_their_own_model(model_service, province_editor):
    assert login(province_editor).get(f"/kantor/model/{model_service.code}/adopsi/").status_code == 403


def test_unknown_codes_and_non_models_are_404(world, editor_a):
    client = login(editor_a)
    assert client.get("/kantor/layanan/tidak-ada/").status_code == 404
    assert client.post(f"/kantor/model/{world['service'].code}/adopsi/").status_code == 404  # not a model
    assert client.get(f"/kantor/layanan/{world['service'].code}/model/").status_code == 404  # not adopted
    assert client.get(f"/kantor/layanan/{world['service'].code}/versi/9/").status_code == 404


def test_supervisor_may_look_but_not_edit_publish_or_merge(world, agency_a):
    supervisor = make_user("penyelia", (Role.SUPERVISOR, agency_a))
    client = login(supervisor)
    code, adopted = world["service"].code, world["adopted"].code
    for url in (
        f"/kantor/layanan/{code}/pratinjau/",
        f"/kantor/layanan/{code}/versi/",
        "/kantor/layanan/",
        f"/kantor/layanan/{adopted}/model/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/kantor/layanan/{code}/").status_code == 403
    assert client.post(f"/kantor/layanan/{code}/", form_data()).status_code == 403
    assert client.post(f"/kantor/layanan/{code}/data/").status_code == 403
    assert client.post(f"/kantor/layanan/{adopted}/terbitkan/").status_code == 403
    assert client.post(f"/kantor/layanan/{adopted}/model/").status_code == 403
    assert client.get("/kantor/layanan/baru/").status_code == 403


def test_agency_head_may_publish_but_not_edit(service_a, editor_a, agency_a):
    draft = catalogue.open_draft(actor=editor_a, service=service_a)
    catalogue.update_draft(actor=editor_a, draft=draft, changes={"time_limit_days": 4})
    head = make_user("kepala", (Role.AGENCY_HEAD, agency_a))
    client = login(head)
    assert client.get(f"/kantor/layanan/{service_a.code}/").status_code == 403
    response = client.post(f"/kantor/layanan/{service_a.code}/terbitkan/")
    assert response.status_code == 302
    service_a.refresh_from_db()
    assert service_a.current.version == 2 and service_a.current.published_by == head


def test_posts_need_a_csrf_token(service_a, editor_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_a)
    assert client.post(f"/kantor/layanan/{service_a.code}/", form_data()).status_code == 403
    assert client.post(f"/kantor/layanan/{service_a.code}/terbitkan/").status_code == 403
    assert not ServiceStandard.objects.filter(service=service_a, status="draft").exists()
    page = client.get(f"/kantor/layanan/{service_a.code}/")
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()


# --- the editor's round trip ----------------------------------------------------------------------


def test_create_edit_preview_publish_then_v2_keeps_v1(editor_a, agency_a, category):
    client = login(editor_a)
    unit = Unit.objects.get(agency=agency_a)

    response = client.post(
        "/kantor/layanan/baru/",
        {
            "agency": agency_a.pk,
            "code": "izin-reklame",
            "name_id": "Izin Reklame",
            "name_en": "Billboard permit",
            "category": category.pk,
            "audience": "business",
            "channels": ["online", "counter"],
        },
    )
    assert response.status_code == 302 and response["Location"] == "/kantor/layanan/izin-reklame/"
    service = Service.objects.get(code="izin-reklame")
    assert service.agency == agency_a and service.channels == ["online", "counter"] and not service.is_template

    page = client.get("/kantor/layanan/izin-reklame/")
    assert page.status_code == 200
    assert 'name="req-2-name"' in page.content.decode() and 'name="req-3-name"' not in page.content.decode()

    response = client.post(
        "/kantor/layanan/izin-reklame/",
        form_data(fee_amount="150.000", fee_legal_basis="Perda Kota Bandung 1/2024", handling_unit=unit.pk),
    )
    assert response.status_code == 302
    draft = catalogue.draft_of(service)
    assert draft.fee_amount == 150000 and draft.handling_unit == unit
    assert [r["name"] for r in draft.requirements] == ["KTP-el", "Nomor STR"]  # blank rows ignored
    assert draft.requirements[1]["file_types"] == [] and draft.requirements[0]["file_types"] == ["pdf", "jpg"]
    assert len(draft.procedure) == 3 and draft.legal_basis == ["UU 17/2023 tentang Kesehatan"]
    assert draft.compliance().complete

    edit = client.get("/kantor/layanan/izin-reklame/")
    body = edit.content.decode()
    assert 'name="req-4-name"' in body and 'value="150.000"' in body  # two rows + three empty ones
    assert "14 dari 14 komponen" in text(edit)

    preview = text(client.get("/kantor/layanan/izin-reklame/pratinjau/"))
    assert "PRATINJAU — belum terbit" in preview and "Rp150.000" in preview and "KTP-el" in preview
    assert "Tanpa pungutan liar" in preview and "Versi 1, terbit" in preview  # the public page, as published
    assert not Service.objects.get(code="izin-reklame").current_id  # previewing changed nothing

    confirm = text(client.get("/kantor/layanan/izin-reklame/terbitkan/"))
    assert "Terbitkan versi 1" in confirm
    response = client.post("/kantor/layanan/izin-reklame/terbitkan/")
    assert response.status_code == 302 and response["Location"] == "/kantor/layanan/izin-reklame/versi/"
    service.refresh_from_db()
    v1 = service.current
    assert v1.version == 1 and v1.fee_amount == 150000 and catalogue.draft_of(service) is None

    # Saving the same content again opens no draft; a real change does, and publishes as v2.
    client.post(
        "/kantor/layanan/izin-reklame/",
        form_data(fee_amount="150000", fee_legal_basis="Perda Kota Bandung 1/2024", handling_unit=unit.pk),
    )
    assert catalogue.draft_of(service) is None
    client.post(
        "/kantor/layanan/izin-reklame/",
        form_data(
            fee_amount="175.000", fee_legal_basis="Perda Kota Bandung 2/2025", time_limit_days=3, handling_unit=unit.pk
        ),
    )
    assert catalogue.draft_of(service).fee_amount == 175000
    dashboard = text(client.get("/kantor/layanan/"))
    assert "Draf menunggu terbit (di atas v1)" in dashboard
    preview = text(client.get("/kantor/layanan/izin-reklame/pratinjau/"))
    assert "Versi 2, terbit" in preview and "Rp175.000" in preview and "Rp150.000" not in preview

    # A change of fee needs a second official: the editor who made it cannot publish it alone (issue 13).
    confirm = text(client.get("/kantor/layanan/izin-reklame/terbitkan/"))
    assert "Biaya: Rp150.000 → Rp175.000" in confirm and "Ajukan untuk disetujui pejabat kedua" in confirm
    alone = client.post("/kantor/layanan/izin-reklame/terbitkan/")
    assert alone.status_code == 400 and "disetujui pejabat kedua" in text(alone)
    assert client.post("/kantor/layanan/izin-reklame/terbitkan/", {"action": "request"}).status_code == 302
    own = client.post("/kantor/layanan/izin-reklame/terbitkan/")
    assert own.status_code == 400 and "harus disetujui pejabat lain" in text(own)
    assert Service.objects.get(pk=service.pk).current.version == 1
    approver = login(make_user("kepala_a", (Role.AGENCY_HEAD, agency_a)))
    waiting = text(approver.get("/kantor/layanan/izin-reklame/terbitkan/"))
    assert "Diajukan oleh" in waiting and "Setujui dan terbitkan versi 2" in waiting
    assert approver.post("/kantor/layanan/izin-reklame/terbitkan/").status_code == 302
    service.refresh_from_db()
    assert service.current.version == 2 and service.current.fee_amount == 175000
    assert service.current.approved_by.username == "kepala_a" and service.current.approval_requested_by == editor_a
    public = text(Client().get("/layanan/izin-reklame/"))
    assert "Perubahan dari versi 1" in public and "Biaya: Rp150.000 → Rp175.000" in public
    published = events("catalogue.standard_published").filter(data__version=2).get()
    assert published.actor_id != editor_a.pk and published.data["requested_by"] == editor_a.pk

    v1.refresh_from_db()
    assert (v1.fee_amount, v1.time_limit_days, v1.fee_legal_basis) == (150000, 5, "Perda Kota Bandung 1/2024")
    old = text(client.get("/kantor/layanan/izin-reklame/versi/1/"))
    assert "Rp150.000" in old and "Versi lama" in old
    assert "Tidak ada draf yang menunggu terbit." in text(client.get("/kantor/layanan/izin-reklame/pratinjau/"))
    versions = text(client.get("/kantor/layanan/izin-reklame/versi/"))
    assert "v2" in versions and "v1" in versions and "tampil bagi publik" in versions

    code = "izin-reklame"
    assert events("catalogue.service_created").filter(data__code=code).count() == 1
    assert events("catalogue.draft_opened").count() == 1  # the first draft comes with the service
    updates = events("catalogue.draft_updated").filter(data__service=code)
    assert updates.count() == 2 and updates.filter(actor_id=editor_a.pk).count() == 2
    published = events("catalogue.standard_published").filter(data__service=code).order_by("id")
    assert [e.data["version"] for e in published] == [1, 2]
    assert all(e.request_id for e in published)  # written inside a request


def test_service_data_page_changes_names_and_is_audited(service_a, editor_a, category):
    client = login(editor_a)
    response = client.post(
        f"/kantor/layanan/{service_a.code}/data/",
        {
            "name_id": "Izin Praktik Nakes",
            "name_en": "Practice licence",
            "category": category.pk,
            "audience": "citizen",
            "channels": ["online", "assisted"],
        },
    )
    assert response.status_code == 302
    service_a.refresh_from_db()
    assert service_a.name_id == "Izin Praktik Nakes" and service_a.channels == ["online", "assisted"]
    assert "Izin Praktik Nakes" in service_a.search_text
    event = events("catalogue.service_updated").get()
    assert event.data["fields"] == ["channels", "name_en", "name_id"]
    response = client.post(
        f"/kantor/layanan/{service_a.code}/data/", {"name_id": "", "category": category.pk, "audience": "citizen"}
    )
    assert response.status_code == 400
    assert "Wajib diisi." in text(response) and "Pilih minimal satu saluran layanan." in text(response)


# --- validation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, amount",
    [("150000", 150000), ("150.000", 150000), ("Rp 1.250.000", 1250000), ("0", 0), ("", None), (" 75 000 ", 75000)],
)
def test_fee_accepts_whole_rupiah_as_people_type_it(typed, amount):
    assert parse_rupiah(typed) == amount


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-5", "Biaya tidak boleh negatif"),
        ("-150.000", "Biaya tidak boleh negatif"),
        ("150.000,50", "tanpa desimal"),
        ("1500.5", "tanpa desimal"),
        ("12,5", "tanpa desimal"),
        ("seratus ribu", "harus berupa angka rupiah"),
    ],
)
def test_fee_refuses_negatives_and_decimals_next_to_the_field(service_a, editor_a, typed, message):
    response = login(editor_a).post(f"/kantor/layanan/{service_a.code}/", form_data(fee_amount=typed))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    # The message sits in the field's error list, which the input points at.
    assert 'id="id_fee_amount_error"' in body
    assert re.search(
        r'<input[^>]*aria-describedby="id_fee_amount_helptext id_fee_amount_error"[^>]*'
        r'id="id_fee_amount"',
        body,
    ) or re.search(
        r'<input[^>]*id="id_fee_amount"[^>]*aria-describedby="id_fee_amount_helptext id_fee_amount_error"', body
    )
    assert not ServiceStandard.objects.filter(service=service_a, status="draft").exists()


def test_edit_form_reports_row_and_range_errors_in_indonesian(service_a, editor_a):
    data = form_data(time_limit_days=0)
    data["req-0-name"] = ""  # description kept: the row is not blank, so its name is required
    data["req-1-kind"] = "document"
    data["req-1-file_types"] = []
    data["step-1-title"] = ""
    data["step-1-description"] = "Berkas diperiksa"  # text without a step name: not a blank row
    response = login(editor_a).post(f"/kantor/layanan/{service_a.code}/", data)
    assert response.status_code == 400
    body = text(response)
    assert "Jangka waktu harus lebih dari 0 hari kerja." in body
    assert "Nama persyaratan wajib diisi." in body
    assert "Pilih minimal satu jenis berkas untuk persyaratan dokumen." in body
    assert "Tuliskan nama langkah." in body
    assert 'id="id_req-0-name_error"' in body and 'aria-invalid="true"' in body
    assert 'id="id_req-2-name_error"' not in body and 'id="id_step-3-title_error"' not in body  # blank rows
    assert not ServiceStandard.objects.filter(service=service_a, status="draft").exists()


def test_publish_shows_what_blocks_it(editor_a, agency_a, category):
    service = catalogue.create_service(actor=editor_a, agency=agency_a, code="sktm", name_id="SKTM", category=category)
    client = login(editor_a)
    confirm = text(client.get("/kantor/layanan/sktm/terbitkan/"))
    assert "Belum dapat diterbitkan" in confirm and "Terbitkan versi 1" not in confirm
    response = client.post("/kantor/layanan/sktm/terbitkan/")
    assert response.status_code == 400
    body = text(response)
    for message in (
        "Jangka waktu penyelesaian harus lebih dari 0 hari kerja.",
        "Biaya wajib diisi; tulis 0 bila layanan gratis.",
        "Minimal satu persyaratan harus dicantumkan.",
        "Produk layanan wajib disebutkan.",
        "Prosedur layanan wajib memuat minimal satu langkah.",
    ):
        assert message in body
    assert 'href="/kantor/layanan/sktm/#persyaratan"' in body
    assert service.standards.filter(status="published").count() == 0
    assert not events("catalogue.standard_published").exists()
    # A fee above Rp0 needs its regional regulation.
    client.post("/kantor/layanan/sktm/", form_data(fee_amount="10.000", fee_legal_basis=""))
    body = text(client.post("/kantor/layanan/sktm/terbitkan/"))
    assert "Biaya lebih dari Rp0 wajib menyebutkan dasar hukumnya" in body


def test_edit_page_lists_missing_components(editor_a, agency_a, category):
    catalogue.create_service(actor=editor_a, agency=agency_a, code="sktm", name_id="SKTM", category=category)
    client = login(editor_a)
    client.post("/kantor/layanan/sktm/", form_data(staffing="", evaluation="", security=""))
    body = text(client.get("/kantor/layanan/sktm/"))
    assert "11 dari 14 komponen" in body
    missing = body.split("Komponen yang belum terisi:")[1].split("</ul>")[0]
    assert "Jumlah pelaksana" in missing and "Evaluasi kinerja pelaksana" in missing
    assert "Jaminan keamanan dan keselamatan pelayanan" in missing and "Persyaratan" not in missing


def test_create_form_validation(editor_a, agency_a, category, service_a):
    client = login(editor_a)
    page = client.get("/kantor/layanan/baru/").content.decode()
    assert 'name="is_template"' not in page  # only province agencies publish model services
    assert f'value="{agency_a.pk}"' in page
    response = client.post(
        "/kantor/layanan/baru/",
        {
            "agency": agency_a.pk,
            "code": service_a.code,
            "name_id": "Duplikat",
            "category": category.pk,
            "audience": "citizen",
            "channels": ["online"],
        },
    )
    assert response.status_code == 400
    assert "Kode layanan wajib diisi dan belum dipakai layanan lain." in text(response)
    response = client.post(
        "/kantor/layanan/baru/",
        {"agency": agency_a.pk, "code": "Kode Salah!", "name_id": "", "category": "", "audience": "citizen"},
    )
    body = text(response)
    assert "Kode hanya boleh berisi huruf kecil, angka, dan tanda hubung." in body
    assert "Wajib diisi." in body and "Pilih minimal satu saluran layanan." in body
    assert 'aria-describedby="id_code_helptext id_code_error"' in body
    response = client.post(
        "/kantor/layanan/baru/",
        {
            "agency": agency_a.pk,
            "code": "baru",
            "name_id": "Baru",
            "category": category.pk,
            "audience": "citizen",
            "channels": ["online"],
        },
    )
    assert "Kode ini dipakai sistem" in text(response)
    response = client.post(
        "/kantor/layanan/baru/",
        {
            "agency": agency_a.pk,
            "code": "model-palsu",
            "name_id": "Palsu",
            "category": category.pk,
            "audience": "citizen",
            "channels": ["online"],
            "is_template": "on",
        },
    )
    assert Service.objects.get(code="model-palsu").is_template is False  # the field is not offered


def test_province_editor_creates_a_model_service(province_editor, province_agency, category):
    client = login(province_editor)
    assert 'name="is_template"' in client.get("/kantor/layanan/baru/").content.decode()
    client.post(
        "/kantor/layanan/baru/",
        {
            "agency": province_agency.pk,
            "code": "legalisir-model",
            "name_id": "Legalisir Ijazah",
            "category": category.pk,
            "audience": "citizen",
            "channels": ["online"],
            "is_template": "on",
        },
    )
    assert Service.objects.get(code="legalisir-model").is_template


# --- dashboard ----------------------------------------------------------------------------------------


def test_dashboard_groups_services_with_status_compliance_and_share(editor_a, agency_a, category, service_a):
    catalogue.create_service(actor=editor_a, agency=agency_a, code="sktm", name_id="SKTM", category=category)
    partial = publish_service(
        editor_a, agency_a, category, "akta", "Akta", content={**COMPLETE_CONTENT, "staffing": "", "evaluation": ""}
    )
    client = login(editor_a)
    body = text(client.get("/kantor/layanan/"))
    assert agency_a.name in body
    assert "1 dari 2 layanan terbit memiliki standar lengkap (50%)" in body  # the draft-only one not counted
    assert "Draf, belum terbit" in body and "Terbit v1" in body
    assert f"{partial.compliance_percent}%" in body and "100%" in body
    assert "Layanan model provinsi" in body  # the section exists for kabupaten/kota editors


def test_dashboard_paginates(editor_a, agency_a, category):
    for i in range(55):
        catalogue.create_service(
            actor=editor_a, agency=agency_a, code=f"layanan-{i:02d}", name_id=f"Layanan {i:02d}", category=category
        )
    client = login(editor_a)
    first, second = text(client.get("/kantor/layanan/")), text(client.get("/kantor/layanan/?page=2"))
    assert "Halaman 1 dari 2" in first and "layanan-49" in first and "layanan-50" not in first
    assert "layanan-54" in second and "layanan-00" not in second


def test_officer_sees_an_empty_back_office(agency_a, service_a):
    officer = make_user("petugas", (Role.OFFICER, agency_a))
    client = login(officer)
    body = text(client.get("/kantor/layanan/"))
    assert "Belum ada layanan dalam cakupan Anda." in body and service_a.code not in body
    assert client.get(f"/kantor/layanan/{service_a.code}/pratinjau/").status_code == 404


# --- province model services ----------------------------------------------------------------------------


def test_adopt_change_diff_and_merge_keep_the_local_fee(
    model_service, editor_a, agency_a, province_editor, agency_b, editor_b
):
    client = login(editor_a)
    dashboard = text(client.get("/kantor/layanan/"))
    assert "Layanan model provinsi" in dashboard and model_service.name_id in dashboard
    assert f'action="/kantor/model/{model_service.code}/adopsi/"' in dashboard

    confirm = client.get(f"/kantor/model/{model_service.code}/adopsi/")
    assert confirm.status_code == 200 and agency_b.name not in text(confirm)  # only the user's own agencies
    response = client.post(f"/kantor/model/{model_service.code}/adopsi/", {"agency": agency_a.pk})
    adopted = Service.objects.get(template=model_service, agency=agency_a)
    assert response.status_code == 302 and response["Location"] == f"/kantor/layanan/{adopted.code}/"
    assert adopted.code == "izin-praktik-model-3273"
    assert events("catalogue.template_adopted").filter(actor_id=editor_a.pk).count() == 1
    # Adopting twice is refused with a clear message.
    again = client.post(f"/kantor/model/{model_service.code}/adopsi/", {"agency": agency_a.pk})
    assert again.status_code == 400 and "sudah mengadopsi" in text(again)

    # Kota Bandung sets its own fee under its regional regulation and publishes v1.
    client.post(
        f"/kantor/layanan/{adopted.code}/", form_data(fee_amount="50.000", fee_legal_basis="Perda Kota Bandung 3/2024")
    )
    assert client.post(f"/kantor/layanan/{adopted.code}/terbitkan/").status_code == 302
    assert "Layanan model berubah" not in text(client.get("/kantor/layanan/"))

    # The province changes the model: shorter time limit, one more legal basis, a new fee of its own.
    draft = catalogue.open_draft(actor=province_editor, service=model_service)
    catalogue.update_draft(
        actor=province_editor,
        draft=draft,
        changes={
            "time_limit_days": 3,
            "legal_basis": ["UU 17/2023 tentang Kesehatan", "PP 28/2024"],
            "fee_amount": 25000,
            "fee_legal_basis": "Perda Provinsi",
        },
    )
    publish_change(province_editor, model_service)
    model_service.refresh_from_db()

    dashboard = text(client.get("/kantor/layanan/"))
    assert "Layanan model berubah" in dashboard
    assert f'href="/kantor/layanan/{adopted.code}/model/"' in dashboard
    diff = client.get(f"/kantor/layanan/{adopted.code}/model/")
    body = text(diff)
    assert diff.status_code == 200
    assert "Jangka waktu penyelesaian" in body and "5 hari kerja" in body and "3 hari kerja" in body
    assert "PP 28/2024" in body
    assert "Biaya/tarif</th>" not in body  # the fee is local: never offered for merging
    assert 'badge-warn">KONFLIK' not in body  # Kota Bandung did not touch what the province changed
    assert "Gabungkan" in body

    response = client.post(f"/kantor/layanan/{adopted.code}/model/")
    assert response.status_code == 302 and response["Location"] == f"/kantor/layanan/{adopted.code}/"
    merged = catalogue.draft_of(adopted)
    assert merged.time_limit_days == 3 and merged.legal_basis[-1] == "PP 28/2024"
    assert merged.fee_amount == 50000 and merged.fee_legal_basis == "Perda Kota Bandung 3/2024"
    assert merged.template_base_id == model_service.current_id
    assert events("catalogue.template_merged").filter(actor_id=editor_a.pk).count() == 1
    assert "Layanan model berubah" not in text(client.get("/kantor/layanan/"))
    assert "Tidak ada perubahan layanan model" in text(client.get(f"/kantor/layanan/{adopted.code}/model/"))
    assert client.post(f"/kantor/layanan/{adopted.code}/terbitkan/").status_code == 302
    adopted.refresh_from_db()
    assert adopted.current.version == 2 and adopted.current.fee_amount == 50000


def test_diff_marks_conflicts_with_local_edits(model_service, adopted, editor_a, province_editor):
    client = login(editor_a)
    client.post(f"/kantor/layanan/{adopted.code}/", form_data(product="Surat Izin Praktik Kota Bandung"))
    draft = catalogue.open_draft(actor=province_editor, service=model_service)
    catalogue.update_draft(actor=province_editor, draft=draft, changes={"product": "SIP elektronik"})
    catalogue.publish(actor=province_editor, service=model_service)
    body = text(client.get(f"/kantor/layanan/{adopted.code}/model/"))
    row = body.split("Produk pelayanan")[1].split("</tr>")[0]
    assert 'badge-warn">KONFLIK' in row and "SIP elektronik" in row and "Surat Izin Praktik Kota Bandung" in row


def test_second_agency_in_the_same_city_gets_its_own_code(model_service, adopted, kota_bandung):
    other = Agency.objects.create(region=kota_bandung, slug="dinkes-bandung", name="Dinas Kesehatan Kota Bandung")
    editor = make_user("editor_dinkes", (Role.CATALOGUE_EDITOR, other))
    response = login(editor).post(f"/kantor/model/{model_service.code}/adopsi/", {"agency": other.pk})
    assert response.status_code == 302
    assert Service.objects.get(template=model_service, agency=other).code == "izin-praktik-model-dinkes-bandung"


# --- accounts and admin ---------------------------------------------------------------------------------


def test_login_page_uses_the_site_layout():
    body = Client().get("/akun/login/").content.decode()
    assert '<html lang="id">' in body and 'id="main"' in body and 'class="skip"' in body
    assert 'for="id_login"' in body and 'for="id_password"' in body


def test_audit_log_admin_is_read_only(service_a):
    admin = get_user_model().objects.create_superuser("root", "root@example.go.id", "rahasia-uji-123")
    client = login(admin)
    assert client.get("/admin/core/auditevent/").status_code == 200
    event = AuditEvent.objects.first()
    assert client.get(f"/admin/core/auditevent/{event.pk}/change/").status_code == 200  # view only
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    assert client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"/admin/catalogue/servicestandard/{service_a.current_id}/change/").status_code == 200
    assert client.get("/admin/catalogue/service/add/").status_code == 403


def test_admin_changes_to_agencies_are_audited(agency_a):
    admin = get_user_model().objects.create_superuser("root", "root@example.go.id", "rahasia-uji-123")
    client = login(admin)
    response = client.post(
        f"/admin/org/agency/{agency_a.pk}/change/",
        {
            "region": agency_a.region_id,
            "slug": agency_a.slug,
            "name": "DPMPTSP Kota Bandung (baru)",
            "short_name": "DPMPTSP",
            "address": "",
            "phone": "",
            "email": "",
            "website": "",
        },
    )
    assert response.status_code == 302
    event = events("admin.agency_changed").get()
    assert event.actor_id == admin.pk and event.data["fields"] == ["name"]
    assert event.data["values"]["name"] == "DPMPTSP Kota Bandung (baru)"


def test_a_post_without_row_counts_keeps_the_rows(service_a, editor_a):
    data = {k: v for k, v in form_data(product="Baru").items() if not k.endswith("TOTAL")}
    response = login(editor_a).post(f"/kantor/layanan/{service_a.code}/", data)
    assert response.status_code == 400 and "Formulir tidak lengkap" in text(response)
    assert not ServiceStandard.objects.filter(service=service_a, status="draft").exists()


def test_pages_speak_english_when_asked(service_a, editor_a):
    client = login(editor_a)
    client.cookies["django_language"] = "en"
    assert "Services you manage" in text(client.get("/kantor/layanan/"))
    edit = text(client.get(f"/kantor/layanan/{service_a.code}/"))
    assert "Save draft" in edit and "Compliance self-check" in edit and "Fee (rupiah)" in edit
    response = client.post(f"/kantor/layanan/{service_a.code}/", form_data(fee_amount="-1"))
    assert "The fee cannot be negative." in text(response)


def test_dashboard_queries_do_not_grow_with_services(editor_a, agency_a, category, django_assert_max_num_queries):
    client = login(editor_a)
    for i in range(3):
        catalogue.create_service(
            actor=editor_a, agency=agency_a, code=f"kecil-{i}", name_id=f"Kecil {i}", category=category
        )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/kantor/layanan/")
    for i in range(40):
        catalogue.create_service(
            actor=editor_a, agency=agency_a, code=f"banyak-{i}", name_id=f"Banyak {i}", category=category
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/kantor/layanan/")


def test_steps_stored_as_plain_text_survive_an_edit(service_a, editor_a):
    draft = catalogue.open_draft(actor=editor_a, service=service_a)
    catalogue.update_draft(actor=editor_a, draft=draft, changes={"procedure": ["Ajukan daring", "Ambil izin"]})
    page = login(editor_a).get(f"/kantor/layanan/{service_a.code}/").content.decode()
    assert 'name="step-0-title" value="Ajukan daring"' in page and 'name="step-1-title" value="Ambil izin"' in page
