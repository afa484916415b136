"""The inspectorate's anomaly report (issue 13): unusual return/rejection/out-of-order shares per officer, cases
returned repeatedly, decisions on one's own case, revocations per signer — from the raw records."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.core.models import AuditEvent
from loket.documents.models import Document
from loket.insights import anomalies, rules
from loket.org.models import Role
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import file_application
from tests.helpers.auth import login
from tests.helpers.org import make_user


@pytest.mark.parametrize(
    "count, total, others, others_total, flagged",
    [
        (9, 9, 0, 50, False),  # too few decisions to mean anything
        (10, 10, 1, 50, True),
        (3, 10, 1, 50, True),  # 30 % against 2 %
        (3, 10, 10, 50, False),  # 30 % against 20 %: not twice the rest
        (2, 10, 0, 50, True),  # 20 % against 0 %
        (1, 10, 0, 50, False),  # 10 %: under the 20 % floor
        (5, 20, 0, 0, True),  # alone in the agency: 25 % is above the floor
    ],
)
def test_unusual_rate_rule(count, total, others, others_total, flagged):
    assert rules.unusual_rate(count, total, others, others_total) is flagged


def test_claiming_a_newer_task_before_older_ones_is_recorded(process_service, applicant, officers):
    older = [file_application(process_service, applicant, f"urut-{n}") for n in range(3)]
    newest = file_application(process_service, applicant, "urut-baru")
    Task.objects.filter(application__in=older).update(due_at=timezone.now() + dt.timedelta(days=1))
    task = Task.objects.get(application=newest, status="open")
    workflow.claim(actor=officers["front"], task_id=task.pk)
    event = AuditEvent.objects.get(action="workflow.task_claimed")
    assert event.data["older_unclaimed"] == 3 and event.data["agency"] == newest.agency_id


def test_the_inspector_sees_where_discretion_concentrates(
    client, process_service, applicant, officers, agency_a, kota_bandung
):
    returner = officers["front"]
    colleague = make_user("petugas_rekan", (Role.OFFICER, agency_a))
    for n in range(12):
        mine = file_application(process_service, applicant, f"kembali-{n}")
        task = Task.objects.get(application=mine, status="open")
        workflow.act(actor=returner, task_id=task.pk, action="return", note="Tidak terbaca", requirements=["KTP-el"])
        other = file_application(process_service, applicant, f"setuju-{n}")
        workflow.act(actor=colleague, task_id=Task.objects.get(application=other, status="open").pk, action="approve")
    rows = {row.name: row for row in anomalies.officers([agency_a.pk], timezone.now() - dt.timedelta(days=1))}
    assert rows["petugas_front"].returned == 12 and rows["petugas_front"].flags == ("returns",)
    assert rows["petugas_rekan"].flags == ()

    inspector = make_user("inspektur_bandung", (Role.INSPECTOR, kota_bandung))
    login(client, inspector)
    page = client.get("/kantor/integritas/")
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert "Pengembalian jauh di atas rekan seinstansi" in html and "petugas_front" in html
    assert 'href="/kantor/integritas/"' in client.get("/kantor/").content.decode()
    login(client, officers["tech"])
    assert client.get("/kantor/integritas/").status_code == 404


def test_decisions_on_ones_own_case_are_refused_and_old_ones_reported(simple_service, agency_a, head_a, official):
    # Finding 1: "an agency head filed one, approved the final step and signed his own decision".
    from loket.applications import services as applications
    from loket.core.errors import PermissionDenied
    from loket.documents import services as documents
    from tests.helpers.documents import complete, file

    applications.save_profile(user=official, nik="3273014101900009", full_name="Asep Sunandar")
    own = complete(file(simple_service, official, key="milik-pejabat"), head_a)
    document = own.documents.get()
    with pytest.raises(PermissionDenied, match="permohonan Anda sendiri"):
        documents.sign(actor=official, document=document, otp="000000")
    # A decision signed by its holder before the rule existed is listed for the inspectorate.
    Document.objects.filter(pk=document.pk).update(signed_by=official, signed_at=timezone.now(), sha256="0" * 64)
    rows = anomalies.self_dealing([agency_a.pk], timezone.now() - dt.timedelta(days=1))
    assert [(row["what"], row["reference"]) for row in rows] == [("signed", document.number)]


def test_a_case_put_on_hold_repeatedly_is_shown_to_the_inspector(
    client, process_service, applicant, officers, kota_bandung
):
    case = file_application(process_service, applicant, "ditunda")
    officer = officers["front"]
    for _ in range(2):  # each hold stops the clock and moves the deadlines
        task = Task.objects.get(application=case, status="open")
        workflow.act(actor=officer, task_id=task.pk, action="wait", note="Menunggu rekomendasi teknis")
        task = Task.objects.get(application=case, status="open")
        workflow.act(actor=officer, task_id=task.pk, action="resume", note="")
    [row] = anomalies.repeated_waits([case.agency_id], timezone.now() - dt.timedelta(days=1))
    assert row["application__tracking_number"] == case.tracking_number and row["waits"] == 2
    login(client, make_user("inspektur_bandung", (Role.INSPECTOR, kota_bandung)))
    html = client.get("/kantor/integritas/").content.decode()
    assert "Permohonan yang berulang kali ditunda" in html and f"{case.tracking_number}</strong>" in html
    assert "2 kali ditunda" in html
