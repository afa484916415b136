"""The portal's identity per deployment and per region (issue 15): which one a page carries, the public crest and
colour sheet, the admin's checks of colours and uploaded crests, and the pure rules behind them."""

import pytest
from django.db import IntegrityError, transaction

from loket.core import identity as core_identity
from loket.org import identity, rules
from loket.org.admin import IdentityForm
from loket.org.models import Agency, Identity, IdentityLink, Role
from tests.helpers.catalogue import publish_service
from tests.helpers.org import make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>'


def _identity(slug, region=None, **fields):
    defaults = {"name_id": f"Loket {slug}", "logo_static": f"loket/crests/{slug}.svg"}
    return Identity.objects.create(slug=slug, region=region, **(defaults | fields))


@pytest.fixture
def identities(province, kota_bandung, banjarmasin):
    deployment = _identity("loket-jawa-barat", name_id="Loket Jawa Barat", phone="(022) 4233347")
    IdentityLink.objects.create(
        identity=deployment, kind="complaint", label_id="SP4N-LAPOR!", url="https://www.lapor.go.id/"
    )
    jabar = _identity("provinsi-jawa-barat", province, name_id="Loket Provinsi Jawa Barat")
    bjm = _identity(
        "kota-banjarmasin",
        banjarmasin,
        name_id="Loket Kota Banjarmasin",
        government_id="Pemerintah Kota Banjarmasin",
        address="Jl. R.E. Martadinata No. 1, Banjarmasin",
        phone="(0511) 3366330",
        email="layanan@banjarmasin.example",
        colour_primary="#0a5a75",
    )
    IdentityLink.objects.create(
        identity=bjm, kind="complaint", label_id="Pengaduan Kota Banjarmasin", url="tel:05113366331", order=1
    )
    return {"deployment": deployment, "jabar": jabar, "bjm": bjm}


# --- which identity a page carries --------------------------------------------------------------------------------


@pytest.mark.sqlite
def test_a_region_carries_its_own_identity_else_its_province_else_the_deployments(
    identities, kota_bandung, banjarmasin
):
    assert identity.resolve(banjarmasin).name_id == "Loket Kota Banjarmasin"
    assert identity.resolve(banjarmasin.pk).name_id == "Loket Kota Banjarmasin"  # by id as well
    assert identity.resolve(kota_bandung).name_id == "Loket Provinsi Jawa Barat"  # no own row: its province's
    assert identity.resolve(banjarmasin.parent).name_id == "Loket Jawa Barat"  # Kalimantan Selatan: the deployment's
    assert identity.resolve(None).name_id == "Loket Jawa Barat"
    assert core_identity.for_region(banjarmasin).phone == "(0511) 3366330"  # what the base template asks


def test_without_any_identity_the_settings_name_the_portal(db, settings):
    settings.LOKET_SITE_NAME = "Loket Percobaan"
    shown = identity.resolve(None)
    assert shown.name_id == "Loket Percobaan" and shown.logo_url.endswith("loket/crests/loket.svg")
    assert shown.privacy_url == "/privasi/" and shown.accessibility_url == "/aksesibilitas/"


def test_a_change_is_shown_on_the_next_page(identities, banjarmasin):
    assert identity.resolve(banjarmasin).name_id == "Loket Kota Banjarmasin"
    identities["bjm"].name_id = "Portal Layanan Banjarmasin"
    identities["bjm"].save()
    assert identity.resolve(banjarmasin).name_id == "Portal Layanan Banjarmasin"
    identities["bjm"].delete()
    assert identity.resolve(banjarmasin).name_id == "Loket Jawa Barat"


@pytest.mark.sqlite
def test_one_identity_per_region_and_one_for_the_deployment(identities, banjarmasin):
    with pytest.raises(IntegrityError), transaction.atomic():
        _identity("kedua", None)
    with pytest.raises(IntegrityError), transaction.atomic():
        _identity("banjarmasin-lagi", banjarmasin)


def test_the_snapshot_costs_no_query_once_read(identities, banjarmasin, django_assert_num_queries):
    identity.resolve(banjarmasin)
    with django_assert_num_queries(0):
        identity.resolve(banjarmasin)
        identity.resolve(None)


# --- pages of a region carry its identity ------------------------------------------------------------------------


@pytest.fixture
def banjarmasin_service(identities, banjarmasin, category):
    agency = Agency.objects.create(
        region=banjarmasin, slug="disdukcapil-kota-banjarmasin", name="Disdukcapil Kota Banjarmasin"
    )
    editor = make_user("editor_bjm", (Role.CATALOGUE_EDITOR, agency))
    return publish_service(editor, agency, category, "akta-kelahiran-bjm", "Akta Kelahiran")


def _header(page: str) -> str:
    return page[page.index('<header class="site-header">') : page.index("</header>")]


def _footer(page: str) -> str:
    return page[page.index('<footer class="site-footer"') : page.index("</footer>")]


@pytest.mark.sqlite
def test_a_banjarmasin_service_page_shows_banjarmasins_name_crest_and_contact(client, banjarmasin_service):
    page = client.get(f"/layanan/{banjarmasin_service.code}/").content.decode()
    header, footer = _header(page), _footer(page)
    assert "Loket Kota Banjarmasin" in header and "Jawa Barat" not in header
    assert "loket/crests/kota-banjarmasin.svg" in header
    assert "<title>Akta Kelahiran · Loket Kota Banjarmasin</title>" in page
    assert "(0511) 3366330" in footer and 'href="tel:05113366330"' in footer
    assert "Pengaduan Kota Banjarmasin" in footer and "Jawa Barat" not in footer
    assert "/identitas/kota-banjarmasin/tema.css?v=" in page  # its colours


def test_generic_pages_carry_the_deployments_identity(client, identities):
    page = client.get("/").content.decode()
    assert "Loket Jawa Barat" in _header(page) and "Banjarmasin" not in page
    assert "SP4N-LAPOR!" in _footer(page)


def test_the_region_page_and_the_agency_page_carry_the_regions_identity(client, banjarmasin_service):
    assert "Loket Kota Banjarmasin" in _header(client.get("/wilayah/63.71/").content.decode())
    assert "Loket Kota Banjarmasin" in _header(client.get("/instansi/disdukcapil-kota-banjarmasin/").content.decode())


def test_an_application_page_carries_its_regions_identity(client, submitted, identities, province):
    identities["jabar"].name_id = "Loket Jabar untuk Kota Bandung"
    identities["jabar"].save()
    client.force_login(submitted.applicant)
    page = client.get(f"/permohonan/{submitted.tracking_number}/").content.decode()
    assert "Loket Jabar untuk Kota Bandung" in _header(page)  # Kota Bandung has no row: its province's


def test_the_apply_form_carries_the_services_region_identity(client, banjarmasin_service, citizen):
    from loket.applications import services as applications

    applications.save_profile(user=citizen, nik="6371014101900001", full_name="Nur Aini")
    client.force_login(citizen)
    response = client.get(f"/layanan/{banjarmasin_service.code}/ajukan/")
    assert response.status_code == 200
    assert "Loket Kota Banjarmasin" in _header(response.content.decode())


# --- crest and colours, served publicly -------------------------------------------------------------------------


def test_the_colour_sheet_sets_the_identitys_colours(client, identities):
    response = client.get("/identitas/kota-banjarmasin/tema.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    assert "--brand:#0a5a75" in response.content.decode()
    assert "immutable" in response["Cache-Control"]
    assert client.get("/identitas/tidak-ada/tema.css").status_code == 404


def test_an_uploaded_crest_is_served_as_an_image_that_cannot_run_scripts(client, identities):
    bjm = identities["bjm"]
    assert client.get(f"/identitas/{bjm.slug}/lambang").status_code == 404  # a bundled crest only
    bjm.logo_data, bjm.logo_type = SVG, "image/svg+xml"
    bjm.save()
    response = client.get(f"/identitas/{bjm.slug}/lambang")
    assert response.status_code == 200 and response.content == SVG
    assert response["Content-Type"] == "image/svg+xml" and "default-src 'none'" in response["Content-Security-Policy"]
    assert identity.resolve(bjm.region).logo_url.startswith(f"/identitas/{bjm.slug}/lambang?v=")


# --- the admin form -----------------------------------------------------------------------------------------------


def _form(data=None, files=None, instance=None):
    base = {
        "slug": "kota-contoh",
        "name_id": "Loket Kota Contoh",
        "colour_primary": "#0b5394",
        "colour_dark": "#083d6e",
        "colour_accent": "#b8860b",
    }
    return IdentityForm(data=base | (data or {}), files=files or {}, instance=instance)


def test_the_admin_refuses_colours_white_text_cannot_be_read_on(db):
    form = _form({"colour_primary": "#f2a900"})
    assert not form.is_valid()
    assert "Kontras warna ini dengan putih hanya 2,01:1" in form.errors["colour_primary"][0]
    assert "#rrggbb" in _form({"colour_dark": "biru"}).errors["colour_dark"][0]
    assert _form().is_valid()


def test_the_admin_takes_a_png_or_a_clean_svg_crest_and_refuses_a_script(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = _form(files={"logo_file": SimpleUploadedFile("lambang.png", PNG, "image/png")})
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.logo_type == "image/png" and bytes(saved.logo_data) == PNG
    evil = SVG.replace(b"<circle", b'<circle onload="alert(1)"')
    refused = _form({"slug": "lain"}, files={"logo_file": SimpleUploadedFile("x.svg", evil, "image/svg+xml")})
    assert not refused.is_valid() and "tanpa skrip" in refused.errors["logo_file"][0]
    removed = _form({"remove_logo": "on"}, instance=saved)
    assert removed.is_valid() and removed.save().logo_type == ""


# --- pure rules ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ((0, 0, 0), (255, 255, 255), 21.0),
        ((255, 255, 255), (255, 255, 255), 1.0),
        ((0x0B, 0x53, 0x94), (255, 255, 255), 7.8),  # Loket's blue
        ((0x76, 0x76, 0x76), (255, 255, 255), 4.54),  # the lightest grey that passes AA
    ],
)
def test_contrast_ratio_follows_wcag(first, second, ratio):
    assert rules.contrast_ratio(first, second) == pytest.approx(ratio, abs=0.05)


@pytest.mark.parametrize(
    ("value", "minimum", "refused"),
    [
        ("#0b5394", rules.TEXT_CONTRAST, False),
        ("#767676", rules.TEXT_CONTRAST, False),
        ("#777777", rules.TEXT_CONTRAST, True),
        ("#b8860b", rules.NON_TEXT_CONTRAST, False),
        ("#f2a900", rules.NON_TEXT_CONTRAST, True),
        ("0b5394", rules.TEXT_CONTRAST, True),
        ("#0b539", rules.TEXT_CONTRAST, True),
        ("#0g5394", rules.TEXT_CONTRAST, True),
    ],
)
def test_colour_refusal(value, minimum, refused):
    assert (rules.colour_refusal(value, minimum=minimum) is not None) is refused


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PNG, "image/png"),
        (SVG, "image/svg+xml"),
        (b'<?xml version="1.0"?>\n' + SVG, "image/svg+xml"),
        (SVG.replace(b"<circle", b"<script>alert(1)</script><circle"), None),
        (SVG.replace(b"<circle", b'<circle onclick="x()"'), None),
        (SVG.replace(b"<circle", b'<a href="javascript:x()"/><circle'), None),
        (SVG.replace(b"<circle", b'<image href="https://example.com/x.png"/><circle'), None),
        (SVG.replace(b"<circle", b"<foreignObject/><circle"), None),
        (b"GIF89a", None),
        (b"<html><svg></svg></html>", None),
    ],
)
def test_logo_kind(data, kind):
    assert rules.logo_kind(data) == kind


def test_an_operator_sets_up_a_regions_identity_in_the_admin_and_it_is_audited(db, banjarmasin):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from loket.core.models import AuditEvent

    root = get_user_model().objects.create_superuser("root", "root@example.go.id", "rahasia-uji-123")
    client = Client()
    client.force_login(root)
    assert client.get("/admin/org/identity/add/").status_code == 200
    response = client.post(
        "/admin/org/identity/add/",
        {
            "region": banjarmasin.pk,
            "slug": "kota-banjarmasin",
            "name_id": "Loket Kota Banjarmasin",
            "colour_primary": "#0a5a75",
            "colour_dark": "#073f52",
            "colour_accent": "#b8860b",
            "logo_file": SimpleUploadedFile("lambang.svg", SVG, "image/svg+xml"),
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-0-kind": "privacy",
            "links-0-label_id": "Pemberitahuan privasi",
            "links-0-url": "/privasi/",
            "links-0-order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Identity.objects.get(slug="kota-banjarmasin")
    assert saved.logo_type == "image/svg+xml" and saved.links.get().url == "/privasi/"
    event = AuditEvent.objects.get(action="admin.identity_created")
    assert event.data["values"]["logo_data"] == f"[{len(SVG)} bytes]"  # the size, never the bytes
    assert identity.resolve(banjarmasin).logo_url.startswith("/identitas/kota-banjarmasin/lambang?v=")


def test_a_cached_public_page_shows_a_changed_identity_at_once(client, banjarmasin_service, settings, identities):
    settings.LOKET_PAGE_CACHE_SECONDS = 300
    url = f"/layanan/{banjarmasin_service.code}/"
    assert "Loket Kota Banjarmasin" in client.get(url).content.decode()
    identities["bjm"].name_id = "Portal Layanan Banjarmasin"
    identities["bjm"].save()
    assert "Portal Layanan Banjarmasin" in client.get(url).content.decode()
