"""Identifiers on forms (KK, NPWP, passport, licence numbers, NIK): masked for officers, in the API
and in the decision's variables; revealed one field at a time through an audited POST (issue 11)."""

import datetime as dt

import pytest

from loket.applications import services as applications
from loket.catalogue import services as catalogue
from loket.core.models import AuditEvent
from loket.documents import render
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.api import session_caller, token_caller
from tests.helpers.auth import login
from tests.helpers.catalogue import COMPLETE_CONTENT

pytestmark = pytest.mark.django_db

FORM = [
    {"key": "nama_lengkap", "type": "text", "label": {"id": "Nama lengkap"}, "required": True},
    {"key": "nomor_kk", "type": "kk", "label": {"id": "Nomor KK"}, "required": True},
    {"key": "npwp", "type": "npwp", "label": {"id": "NPWP"}},
    {"key": "paspor", "type": "passport", "label": {"id": "Nomor paspor"}},
    {"key": "nomor_str", "type": "licence", "label": {"id": "Nomor STR"}},
    {"key": "no_kk_lama", "type": "text", "label": {"id": "Nomor KK lama"}},  # a legacy text field
]
ANSWERS = {
    "nama_lengkap": "Imas Masitoh",
    "nomor_kk": "3273012005150007",
    "npwp": "012345678901000",
    "paspor": "C1234567",
    "nomor_str": "3121100220145123",
    "no_kk_lama": "3273012005150998",
}
FULL = ("3273012005150007", "012345678901000", "C1234567", "3121100220145123", "3273012005150998")
MASKED = ("3273********0007", "01**********000", "C*****67", "31***********123", "3273********0998")


@pytest.fixture
def id_application(editor_a, agency_a, category, units, applicant, ktp):
    service = catalogue.create_service(
        actor=editor_a, agency=agency_a, code="izin-praktik-uji", name_id="Izin Praktik Uji", category=category
    )
    draft = catalogue.open_draft(actor=editor_a, service=service)
    requirement = {"name": "KTP-el", "description": "", "mandatory": True, "kind": "document", "file_types": ["pdf"]}
    catalogue.update_draft(actor=editor_a, draft=draft, changes={**COMPLETE_CONTENT, "requirements": [requirement]})
    applications.save_form(actor=editor_a, standard=draft, fields=FORM)
    workflow.save_procedure(
        actor=editor_a,
        standard=draft,
        steps=[{"name_id": "Verifikasi berkas", "role": "officer", "unit_id": units["front"].pk, "sla_days": 2}],
    )
    catalogue.publish(actor=editor_a, service=service)
    service.refresh_from_db()
    application, _pin = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=service,
        answers=ANSWERS,
        upload_ids={"req_0": str(ktp.pk)},
        idempotency_key="k-id",
    )
    return application


def _page(application) -> str:
    return f"/kantor/tugas/{Task.objects.get(application=application, status='open').pk}/"


def _take(client, application) -> None:
    assert client.post(_page(application) + "ambil/").status_code == 302


def test_officer_sees_identifiers_masked_on_the_task_page(client, officers, id_application):
    login(client, officers["front"])
    _take(client, id_application)
    html = client.get(_page(id_application)).content.decode()
    for full, masked in zip(FULL, MASKED, strict=True):
        assert masked in html and full not in html


def test_identifier_reveal_is_one_audited_post_per_field(client, officers, id_application):
    login(client, officers["front"])
    url = _page(id_application) + "identitas/"
    response = client.post(url, {"field": "nomor_kk", "reason": "Sebelum mengambil tugas"})
    assert response.status_code == 404  # the applicant's data is read only once the task is the officer's
    _take(client, id_application)
    assert client.get(url, {"field": "nomor_kk"}).status_code == 405
    assert client.post(url, {"field": "nama_lengkap"}).status_code == 404  # not an identifier
    response = client.post(url, {"field": "nomor_kk", "reason": "Mencocokkan dengan KK asli"})
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "3273012005150007" in html and "C1234567" not in html and "C*****67" in html
    event = AuditEvent.objects.get(action="applications.identifier_viewed")
    assert event.actor_id == officers["front"].pk and event.object_id == str(id_application.pk)
    assert event.data["field"] == "nomor_kk" and event.data["tracking"] == id_application.tracking_number
    assert event.data["reason"] == "Mencocokkan dengan KK asli" and "3273012005150007" not in str(event.data)


def test_api_masks_identifiers_for_officers_and_not_for_the_applicant(officers, applicant, id_application):
    officer = token_caller(officers["front"]).get(f"/applications/{id_application.tracking_number}")
    assert officer.status_code == 200
    data = officer.json()["data"]
    assert [data[key] for key in ("nomor_kk", "npwp", "paspor", "nomor_str", "no_kk_lama")] == list(MASKED)
    own = session_caller(applicant).get(f"/applications/{id_application.tracking_number}").json()["data"]
    assert [own[key] for key in ("nomor_kk", "npwp", "paspor", "nomor_str", "no_kk_lama")] == list(FULL)


def test_decision_document_variables_mask_identifiers(id_application):
    variables = render.variables_for(id_application, number="503/1/X/2026", issued=dt.date(2026, 11, 23))
    printed = str(variables["permohonan"])
    assert all(full not in printed for full in FULL)
    assert variables["permohonan"]["data"]["nomor_kk"] == "3273********0007"
    assert ("Nomor KK", "3273********0007") in variables["permohonan"]["isian"]
    body = render.render_body("KK {{ permohonan.data.nomor_kk }}; STR {{ permohonan.data.nomor_str }}", variables)
    assert body == "KK 3273********0007; STR 31***********123"


def test_a_number_the_document_is_about_may_be_printed_in_full(id_application):
    """E.g. the STR number on a SIP: the form marks it `print_full`; everything else stays masked."""
    form = id_application.standard.form
    form.fields = [dict(field, print_full=True) if field["key"] == "nomor_str" else field for field in form.fields]
    variables = render.variables_for(id_application, number="503/1/X/2026", issued=dt.date(2026, 11, 23))
    assert variables["permohonan"]["data"]["nomor_str"] == "3121100220145123"
    assert variables["permohonan"]["data"]["nomor_kk"] == "3273********0007"
