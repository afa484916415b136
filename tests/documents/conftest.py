"""Documents fixtures: a one-step service (the agency head decides), a signing official with TOTP, helpers."""

import time

import pytest

from loket.applications import services as applications
from loket.catalogue import services as catalogue
from loket.documents import pki
from loket.documents import services as documents
from loket.org.models import Role
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.applications.conftest import ANSWERS, FORM, PDF, applicant
from tests.conftest import COMPLETE_CONTENT, make_user
from tests.workflow.conftest import activate_totp, totp_code


@pytest.fixture(scope="session")
def _signing_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("signing")


@pytest.fixture(autouse=True)
def _document_storage(settings, tmp_path, _signing_dir):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_SIGNING_DIR = str(_signing_dir)
    settings.LOKET_PUBLIC_URL = "https://loket.example.go.id"
    settings.LOKET_SIGNING_BACKEND = "local"
    # Used TOTP codes live in the shared cache, a database table: rolled back with each test.


@pytest.fixture
def head_a(agency_a):
    return make_user("kepala_dinas_a", (Role.AGENCY_HEAD, agency_a))


@pytest.fixture
def simple_service(editor_a, agency_a, category):
    service = catalogue.create_service(
        actor=editor_a, agency=agency_a, code="izin-usaha-mikro", name_id="Izin Usaha Mikro", category=category
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


def file(service, user, key="k-1", upload_ids=None):
    if upload_ids is None:
        upload = applications.store_upload(owner=user, data=PDF, name="ktp.pdf")
        upload_ids = {"req_0": str(upload.pk)}
    application, _ = applications.submit(
        actor=user, applicant=user, service=service, answers=ANSWERS, upload_ids=upload_ids, idempotency_key=key
    )
    return application


def complete(application, head):
    task = Task.objects.get(application=application, status=Task.Status.OPEN)
    workflow.act(actor=head, task_id=task.pk, action="approve")
    application.refresh_from_db()
    return application


@pytest.fixture
def official(agency_a):
    user = make_user("pejabat_ttd_a", (Role.SIGNING_OFFICIAL, agency_a))
    user.first_name, user.last_name = "Asep", "Sunandar"
    user.save()
    user.totp_secret = activate_totp(user)
    return user


def sign_now(document, official):
    """Sign with the official's current code (a used code is remembered in the cache: start afresh)."""
    from django.core.cache import cache

    cache.clear()
    return documents.sign(actor=official, document=document, otp=totp_code(official.totp_secret, time.time()))


@pytest.fixture
def completed(simple_service, applicant, head_a):
    return complete(file(simple_service, applicant), head_a)


@pytest.fixture
def signed(completed, official):
    return sign_now(completed.documents.get(), official)


@pytest.fixture
def root_pem():
    return pki.root().cert
