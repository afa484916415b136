"""Shared fixtures: a small province with two regions, agencies, users in roles, and services.

Tests run on PostgreSQL (DATABASE_URL from the Makefile). Tests marked `sqlite` also run in the
SQLite smoke pass (`make test-sqlite`), which proves the embedded default.
"""

import os

import pytest
from django.contrib.auth import get_user_model

from loket.catalogue import services as catalogue
from loket.catalogue.models import Category
from loket.org.models import Agency, Region, Role, RoleAssignment, Unit

if os.environ.get("LOKET_TEST_SQLITE") != "1":
    from django.conf import settings as _settings

    if _settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" and not os.environ.get(
        "LOKET_ALLOW_SQLITE_TESTS"
    ):
        raise RuntimeError("Tests must run on PostgreSQL: set DATABASE_URL (make test does)")


@pytest.fixture(autouse=True, scope="session")
def _signing_keys_in_a_temporary_dir(tmp_path_factory):
    """Signing keys (a CA and one key per official) made by tests go to a directory of this run, never to
    the checkout's data dir, where a later run with another SECRET_KEY could not decrypt them."""
    from django.conf import settings as django_settings

    previous = getattr(django_settings, "LOKET_SIGNING_DIR", None)
    django_settings.LOKET_SIGNING_DIR = str(tmp_path_factory.mktemp("signing"))
    yield
    django_settings.LOKET_SIGNING_DIR = previous


@pytest.fixture(autouse=True)
def _officer_mfa_off_by_default(settings):
    """Officer TOTP is enforced in production; suites that test it (tests/workflow) switch it back on."""
    settings.LOKET_REQUIRE_OFFICER_MFA = False
    # Fixtures create many users: a fast hasher keeps the suite quick (production keeps Django's default).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The worker's real mail transport is Django's test outbox (`mail.outbox`), as pytest-django does for
    # EMAIL_BACKEND; tests of the outbox backend itself set both.
    settings.LOKET_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Page and API caches live in process memory ("pages"): no test may see another test's pages. The shared
    # cache ("default": allauth's rate limits and used TOTP codes) is a table, rolled back with each test.
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def province(db):
    return Region.objects.create(code="32", name="Jawa Barat", level=Region.Level.PROVINCE)


@pytest.fixture
def kota_bandung(province):
    return Region.objects.create(code="32.73", name="Kota Bandung", level=Region.Level.KOTA, parent=province)


@pytest.fixture
def kab_bogor(province):
    return Region.objects.create(code="32.01", name="Kabupaten Bogor", level=Region.Level.KABUPATEN, parent=province)


@pytest.fixture
def banjarmasin(db):
    kalsel = Region.objects.create(
        code="63", name="Kalimantan Selatan", level=Region.Level.PROVINCE, time_zone=Region.TimeZone.WITA
    )
    return Region.objects.create(
        code="63.71", name="Kota Banjarmasin", level=Region.Level.KOTA, parent=kalsel, time_zone=Region.TimeZone.WITA
    )


@pytest.fixture
def province_agency(province):
    return Agency.objects.create(
        region=province,
        slug="dpmptsp-jabar",
        name="Dinas Penanaman Modal dan PTSP Provinsi Jawa Barat",
        short_name="DPMPTSP Jabar",
    )


@pytest.fixture
def agency_a(kota_bandung):
    agency = Agency.objects.create(
        region=kota_bandung, slug="dpmptsp-kota-bandung", name="DPMPTSP Kota Bandung", short_name="DPMPTSP"
    )
    Unit.objects.create(agency=agency, name="Bidang Perizinan")
    return agency


@pytest.fixture
def agency_b(kab_bogor):
    return Agency.objects.create(
        region=kab_bogor,
        slug="disdukcapil-kab-bogor",
        name="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bogor",
        short_name="Disdukcapil",
    )


@pytest.fixture
def category(db):
    return Category.objects.create(slug="perizinan", name_id="Perizinan", name_en="Licensing")


def make_user(username: str, *roles):
    """roles: (role, scope) pairs; scope is a Region for admin roles, an Agency otherwise."""
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.go.id", password="rahasia-uji-123"
    )
    for role, scope in roles:
        if isinstance(scope, Region):
            RoleAssignment.objects.create(user=user, role=role, region=scope)
        else:
            RoleAssignment.objects.create(user=user, role=role, agency=scope)
    return user


@pytest.fixture
def editor_a(agency_a):
    return make_user("editor_a", (Role.CATALOGUE_EDITOR, agency_a))


@pytest.fixture
def editor_b(agency_b):
    return make_user("editor_b", (Role.CATALOGUE_EDITOR, agency_b))


@pytest.fixture
def province_editor(province_agency):
    return make_user("editor_prov", (Role.CATALOGUE_EDITOR, province_agency))


@pytest.fixture
def province_admin(province):
    return make_user("admin_prov", (Role.PROVINCE_ADMIN, province))


@pytest.fixture
def citizen(db):
    return make_user("warga")


COMPLETE_CONTENT = {
    "summary": "Izin bagi tenaga kesehatan untuk berpraktik.",
    "requirements": [
        {
            "name": "KTP-el",
            "description": "Pindaian KTP elektronik",
            "mandatory": True,
            "kind": "document",
            "file_types": ["pdf", "jpg"],
        },
        {
            "name": "Nomor STR",
            "description": "Surat Tanda Registrasi yang berlaku",
            "mandatory": True,
            "kind": "datum",
            "file_types": [],
        },
    ],
    "procedure": [
        {"title": "Pemohon mengisi formulir daring", "description": ""},
        {"title": "Verifikasi berkas oleh petugas", "description": ""},
        {"title": "Penerbitan izin bertanda tangan elektronik", "description": ""},
    ],
    "time_limit_days": 5,
    "fee_amount": 0,
    "fee_legal_basis": "",
    "product": "Surat Izin Praktik (SIP)",
    "complaints": "SP4N-LAPOR!, email pengaduan, kotak saran di MPP",
    "legal_basis": ["UU 17/2023 tentang Kesehatan"],
    "facilities": "Ruang tunggu ramah disabilitas, jalur kursi roda",
    "competence": "Memahami regulasi perizinan kesehatan",
    "supervision": "Kepala bidang dan Inspektorat",
    "staffing": "3 orang",
    "guarantee": "Layanan diselesaikan sesuai jangka waktu atau pemohon dapat mengadu",
    "security": "Dokumen bertanda tangan elektronik tersertifikasi",
    "evaluation": "Evaluasi kinerja pelaksana setiap semester",
    "contact": "Jl. Wastukencana No. 2 Bandung",
}


def publish_service(actor, agency, category, code, name_id, content=None, **kwargs):
    service = catalogue.create_service(
        actor=actor,
        agency=agency,
        code=code,
        name_id=name_id,
        name_en=kwargs.pop("name_en", ""),
        category=category,
        **kwargs,
    )
    draft = catalogue.open_draft(actor=actor, service=service)
    catalogue.update_draft(actor=actor, draft=draft, changes=dict(content or COMPLETE_CONTENT))
    catalogue.publish(actor=actor, service=service)
    service.refresh_from_db()
    return service


@pytest.fixture
def service_a(editor_a, agency_a, category):
    return publish_service(
        editor_a,
        agency_a,
        category,
        "izin-praktik-bandung",
        "Izin Praktik Tenaga Kesehatan",
        name_en="Health worker practice licence",
    )


# --- one Chromium for the whole run -------------------------------------------------------------
# Session-scoped and defined here, at the root, so that every suite (tests/browser, tests/quality) shares
# the one Playwright instance: a second sync Playwright in the same process is refused.
CHROMIUM = os.environ.get("LOKET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread; Django would then refuse the ORM
    # calls that seed data and set up the test database. The tests themselves stay synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
