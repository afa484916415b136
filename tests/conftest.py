"""Fixtures shared by the test folders: a small province with two regions, agencies, users in roles, services,
the process service with its applicant and submitted application, agency A's staff (HR), the quality harness's
world, and one Chromium. Plain helpers (factories, sample data) live in tests/helpers.

Tests run on PostgreSQL (DATABASE_URL from the Makefile). Tests marked `sqlite` also run in the
SQLite smoke pass (`make test-sqlite`), which proves the embedded default.
"""

import datetime as dt
import os

import pytest

from loket.applications import services as applications
from loket.catalogue import services as catalogue
from loket.catalogue.models import Category
from loket.hr.importing import upsert_employees
from loket.hr.models import Employee
from loket.org.models import Agency, Region, Role, Unit
from loket.workflow import services as workflow
from tests.helpers.applications import ANSWERS, FORM, PDF
from tests.helpers.auth import activate_totp
from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS
from tests.helpers.catalogue import COMPLETE_CONTENT, REQUIREMENTS, publish_service
from tests.helpers.hr import STAFF, numbered, publish_kgb_service, publish_leave_service, row
from tests.helpers.org import make_user

if os.environ.get("LOKET_TEST_SQLITE") != "1":
    from django.conf import settings as _settings

    if _settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" and not os.environ.get(
        "LOKET_ALLOW_SQLITE_TESTS"
    ):
        raise RuntimeError("Tests must run on PostgreSQL: set DATABASE_URL (make test does)")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """`--dist loadgroup` (Makefile): send every test of one `xdist_group` to the same worker.

    pytest-xdist 3.8 groups a test by renaming it `<nodeid>@<group>` through `item._nodeid`, which pytest 9 no
    longer reads (a node's id is `item._id`): without this hook every group was ignored, so each worker that got a
    share of a group set up the group's expensive fixture again (the screenshots' `loket demo`, the demo seed).
    Same suffix as pytest-xdist's, set where pytest 9 reads it, on the worker only (the controller schedules by it).
    """
    if not getattr(config.option, "loadgroup", False) or not hasattr(config, "workerinput"):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        names = {
            str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")
        }
        suffix = "@" + "_".join(sorted(names))
        if names and not item.nodeid.endswith(suffix):
            item._id = NodeId.parse(item.nodeid + suffix)


@pytest.fixture(autouse=True, scope="session")
def _signing_keys_in_a_temporary_dir(tmp_path_factory):
    """Signing keys (a CA and one key per official) made by tests go to a directory of this run, never to
    the checkout's data dir, where a later run with another SECRET_KEY could not decrypt them."""
    from django.conf import settings as django_settings

    previous = getattr(django_settings, "LOKET_SIGNING_DIR", None)
    django_settings.LOKET_SIGNING_DIR = str(tmp_path_factory.mktemp("signing"))
    yield
    django_settings.LOKET_SIGNING_DIR = previous


@pytest.fixture(autouse=True, scope="session")
def _field_key_in_a_temporary_dir(tmp_path_factory):
    """The key that encrypts TOTP secrets at rest (loket.core.field_crypto) is made in this run's directory."""
    from django.conf import settings as django_settings

    previous = getattr(django_settings, "LOKET_FIELD_KEY_FILE", None)
    django_settings.LOKET_FIELD_KEY_FILE = str(tmp_path_factory.mktemp("field-key") / "field_key")
    yield
    django_settings.LOKET_FIELD_KEY_FILE = previous


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    """Every test starts in the site's language: a test that switched to English (a page in English, a message
    rendered for an English reader) must not decide the language of the next test on the same worker."""
    from django.utils import translation

    translation.activate("id")
    yield
    translation.deactivate()


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


@pytest.fixture
def officer_a(agency_a):
    """A back-office user of agency A who may not edit the catalogue."""
    return make_user("petugas_saja", (Role.OFFICER, agency_a))


@pytest.fixture
def api(client):
    """The Django test client, answering parsed JSON for GET requests under /api/v1/."""

    class Api:
        def get(self, path, **params):
            response = client.get("/api/v1" + path, params)
            assert response["Content-Type"].startswith("application/json"), response.content[:200]
            return response

    return Api()


# --- a draft service for the form and procedure editors (tests/applications, tests/workflow) ---------


@pytest.fixture
def draft_service(editor_a, agency_a, category):
    """Never published: its only standard is a draft with a 5-day time limit."""
    service = catalogue.create_service(
        actor=editor_a,
        agency=agency_a,
        code="izin-reklame",
        name_id="Izin Reklame",
        name_en="Billboard permit",
        category=category,
    )
    draft = catalogue.draft_of(service)
    catalogue.update_draft(
        actor=editor_a, draft=draft, changes={**COMPLETE_CONTENT, "time_limit_days": 5, "requirements": REQUIREMENTS}
    )
    return service


@pytest.fixture
def draft(draft_service):
    return catalogue.draft_of(draft_service)


# --- the process service of tests/applications, used by most suites ---------------------------------
# A published service with a form, two document requirements and a 3-step SOP (step 2 parallel).


@pytest.fixture
def units(agency_a):
    return {
        "front": Unit.objects.get(agency=agency_a, name="Bidang Perizinan"),
        "tech": Unit.objects.create(agency=agency_a, name="Tim Teknis"),
        "legal": Unit.objects.create(agency=agency_a, name="Subbagian Hukum"),
    }


@pytest.fixture
def officers(agency_a, units):
    return {
        "front": make_user("petugas_front", (Role.OFFICER, agency_a)),
        "tech": make_user("petugas_tech", (Role.OFFICER, agency_a)),
        "head": make_user("kepala_a", (Role.AGENCY_HEAD, agency_a)),
    }


@pytest.fixture
def process_service(editor_a, agency_a, category, units):
    service = catalogue.create_service(
        actor=editor_a,
        agency=agency_a,
        code="izin-usaha-mikro",
        name_id="Izin Usaha Mikro",
        category=category,
        channels=["online", "counter", "assisted"],
    )
    draft = catalogue.open_draft(actor=editor_a, service=service)
    catalogue.update_draft(
        actor=editor_a,
        draft=draft,
        changes={
            **COMPLETE_CONTENT,
            "time_limit_days": 6,
            "requirements": [
                {
                    "name": "KTP-el",
                    "description": "",
                    "mandatory": True,
                    "kind": "document",
                    "file_types": ["pdf", "jpg"],
                },
                {
                    "name": "Foto lokasi",
                    "description": "",
                    "mandatory": False,
                    "kind": "document",
                    "file_types": ["png", "jpg"],
                },
                {"name": "NIK", "description": "", "mandatory": True, "kind": "datum", "file_types": []},
            ],
        },
    )
    applications.save_form(actor=editor_a, standard=draft, fields=FORM)
    workflow.save_procedure(
        actor=editor_a,
        standard=draft,
        steps=[
            {"name_id": "Verifikasi berkas", "role": "officer", "unit_id": units["front"].pk, "sla_days": 2},
            {
                "name_id": "Kajian teknis dan hukum",
                "role": "officer",
                "parallel_unit_ids": [units["tech"].pk, units["legal"].pk],
                "sla_days": 2,
            },
            {"name_id": "Penetapan oleh kepala dinas", "role": "agency_head", "sla_days": 1},
        ],
    )
    catalogue.publish(actor=editor_a, service=service)
    service.refresh_from_db()
    return service


@pytest.fixture
def applicant(db):
    user = make_user("warga_imas")
    applications.save_profile(user=user, nik="3273014101900001", full_name="Imas Masitoh", phone="081234567890")
    return user


@pytest.fixture
def ktp(applicant):
    return applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf", requirement="req_0")


@pytest.fixture
def submitted(process_service, applicant, ktp):
    application, pin = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=process_service,
        answers=ANSWERS,
        upload_ids={"req_0": str(ktp.pk)},
        idempotency_key="k-1",
    )
    return application


# --- agency A's staff (tests/hr, tests/browser) ------------------------------------------------------


@pytest.fixture
def org(agency_a):
    """agency_a (Kota Bandung): Bidang Perizinan > Seksi Perizinan Usaha; Bidang Pengaduan."""
    bidang = Unit.objects.get(agency=agency_a, name="Bidang Perizinan")
    seksi = Unit.objects.create(agency=agency_a, name="Seksi Perizinan Usaha", parent=bidang)
    pengaduan = Unit.objects.create(agency=agency_a, name="Bidang Pengaduan")
    return {"agency": agency_a, "bidang": bidang, "seksi": seksi, "pengaduan": pengaduan}


@pytest.fixture
def leave_service(province_agency, category):
    """The province's leave service (for the province and its regencies), with e-Cuti's SOP and form: every
    leave request of `staff` is a case on the engine."""
    return publish_leave_service(province_agency, category)


@pytest.fixture
def kgb_service(province_agency, category):
    """The province's KGB service (for the province and its regencies), with e-KGB's SOP and form: every KGB
    draft of `staff` is a system-opened case on the engine."""
    return publish_kgb_service(province_agency, category)


@pytest.fixture
def staff(org, leave_service, kgb_service):
    """Seven employees of agency_a with accounts (username = NIP), heads set; returns {key: Employee}."""
    rows = [
        row(n, name, unit=org[u].name if u else "", head=h, grade=g, position_type=t)
        for (n, name, u, h, g, t) in STAFF.values()
    ]
    outcome = upsert_employees(numbered(rows), source="csv", today=dt.date(2026, 11, 23))
    assert outcome.ok, outcome.errors
    employees = {key: Employee.objects.get(nip=value[0]) for key, value in STAFF.items()}
    for employee in employees.values():
        employee.user.set_password("rahasia-uji-123")
        employee.user.email = f"{employee.nip}@example.go.id"
        employee.user.save()
    return employees


# --- a one-step service and a signing official (tests/documents, tests/browser) ----------------------


@pytest.fixture
def head_a(agency_a):
    return make_user("kepala_dinas_a", (Role.AGENCY_HEAD, agency_a))


@pytest.fixture
def simple_service(editor_a, agency_a, category):
    service = catalogue.create_service(
        actor=editor_a,
        agency=agency_a,
        code="izin-usaha-mikro",
        name_id="Izin Usaha Mikro",
        category=category,
        channels=["online", "counter", "assisted"],
    )
    draft = catalogue.open_draft(actor=editor_a, service=service)
    catalogue.update_draft(
        actor=editor_a,
        draft=draft,
        changes={
            **COMPLETE_CONTENT,
            "product": "Surat Izin Usaha Mikro",
            "requirements": [
                {"name": "KTP-el", "description": "", "mandatory": True, "kind": "document", "file_types": ["pdf"]}
            ],
        },
    )
    applications.save_form(actor=editor_a, standard=draft, fields=FORM)
    workflow.save_procedure(
        actor=editor_a,
        standard=draft,
        steps=[{"name_id": "Penetapan oleh kepala dinas", "role": "agency_head", "sla_days": 1}],
    )
    catalogue.publish(actor=editor_a, service=service)
    service.refresh_from_db()
    return service


@pytest.fixture
def official(agency_a):
    user = make_user("pejabat_ttd_a", (Role.SIGNING_OFFICIAL, agency_a))
    user.first_name, user.last_name = "Asep", "Sunandar"
    user.save()
    user.totp_secret = activate_totp(user)
    return user


# --- the quality harness's world (tests/quality, tests/security, tests/api_fuzz) ---------------------


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world (tests/helpers/world.py), built once per module inside a transaction that is rolled back at
    the end of the module: each test still runs in its own savepoint."""
    from django.db import transaction
    from django.test import override_settings

    from tests.helpers.world import FAST, MATRIX, build_world, sign_in_everyone, signing_settings

    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), **FAST, **MATRIX, **signing_settings(tmp_path_factory)),
    ):
        with transaction.atomic():
            world = build_world()
            world.sessions = sign_in_everyone(world)
            yield world
            transaction.set_rollback(True)


@pytest.fixture
def world(module_world, db):
    return module_world


# --- one Chromium for the whole run -------------------------------------------------------------
# Session-scoped and defined here, at the root, so that every suite (tests/browser, tests/quality) shares
# the one Playwright instance: a second sync Playwright in the same process is refused.
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
