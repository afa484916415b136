"""The back-office SOP editor: rows of steps saved through `save_procedure`, SLA budget, flowchart preview."""

import pytest
from django.test import Client

from loket.catalogue import services as catalogue
from loket.core.models import AuditEvent
from loket.org.models import Unit
from loket.workflow.models import ProcedureStep
from tests.helpers.auth import force_login as login

pytestmark = pytest.mark.django_db


@pytest.fixture
def _officer_mfa_on():
    """The editor is tested with the root rule (officer TOTP off), as before it moved here from tests/editor: this
    overrides the folder's autouse fixture for this module only; the TOTP gate has its own tests (test_mfa.py)."""


def url(service):
    return f"/kantor/editor/{service.code}/prosedur/"


def rows_data(standard, rows, action="save", initial=0):
    data = {
        "standard": standard.pk,
        "action": action,
        "steps-TOTAL_FORMS": len(rows),
        "steps-INITIAL_FORMS": initial,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 100,
    }
    for index, row in enumerate(rows):
        row = {"role": "officer", **row}
        for key, value in row.items():
            data[f"steps-{index}-{key}"] = value
    return data


def saved(standard):
    return [
        (
            s.position,
            s.name_id,
            s.role,
            s.unit.name if s.unit else None,
            sorted(u.name for u in s.parallel_units.all()),
            s.sla_days,
        )
        for s in ProcedureStep.objects.filter(standard=standard).order_by("position")
    ]


BLANK = {"name_id": "", "name_en": "", "sla_days": ""}


# ---------------------------------------------------------------- who may use it


def test_anonymous_is_sent_to_login(client, draft_service):
    response = client.get(url(draft_service))
    assert response.status_code == 302 and response["Location"].startswith("/akun/login/")


@pytest.mark.parametrize("who", ["citizen", "editor_b", "officer_a"])
def test_users_who_may_not_edit_this_agency_get_404(client, draft_service, draft, units, who, request):
    login(client, request.getfixturevalue(who))
    assert client.get(url(draft_service)).status_code == 404
    data = rows_data(draft, [{"name_id": "Verifikasi", "unit": units["front"].pk, "sla_days": 1}])
    assert client.post(url(draft_service), data).status_code == 404
    assert saved(draft) == []


def test_post_without_csrf_token_is_refused(draft_service, draft, editor_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_a)
    response = client.post(url(draft_service), rows_data(draft, [{"name_id": "Verifikasi", "sla_days": 1}]))
    assert response.status_code == 403
    assert saved(draft) == []


# ---------------------------------------------------------------- editing


def test_empty_draft_shows_two_blank_rows_and_budget(client, draft_service, editor_a, units):
    login(client, editor_a)
    response = client.get(url(draft_service))
    html = response.content.decode()
    assert response.context["formset"].total_form_count() == 2
    assert "0 dari 5 hari kerja terpakai" in html
    assert "Belum ada langkah untuk digambar." in html
    # Units of this agency only, offered for the acting unit and as parallel checkboxes.
    assert html.count(">Tim Teknis</option>") == 2 and 'type="checkbox" name="steps-0-parallel_units"' in html
    assert "csrfmiddlewaretoken" in html


def test_save_steps_with_parallel_step_ignoring_blank_rows(client, draft_service, draft, editor_a, units):
    login(client, editor_a)
    data = rows_data(
        draft,
        [
            {"name_id": "Verifikasi berkas", "name_en": "Document check", "unit": units["front"].pk, "sla_days": 2},
            BLANK,
            {
                "name_id": "Kajian teknis dan hukum",
                "parallel_units": [units["tech"].pk, units["legal"].pk],
                "sla_days": 2,
            },
            {"name_id": "Penetapan", "role": "agency_head", "sla_days": 1},
            BLANK,
        ],
    )
    response = client.post(url(draft_service), data)
    assert response.status_code == 302 and response["Location"] == url(draft_service)
    assert saved(draft) == [
        (1, "Verifikasi berkas", "officer", "Bidang Perizinan", [], 2),
        (2, "Kajian teknis dan hukum", "officer", None, ["Subbagian Hukum", "Tim Teknis"], 2),
        (3, "Penetapan", "agency_head", None, [], 1),
    ]
    event = AuditEvent.objects.filter(action="workflow.procedure_saved").latest("pk")
    assert event.actor_id == editor_a.pk and event.data == {"service": "izin-reklame", "steps": 3}

    page = client.get(url(draft_service))
    html = page.content.decode()
    assert "Prosedur (SOP) disimpan." in html
    assert "5 dari 5 hari kerja terpakai" in html
    assert page.context["formset"].total_form_count() == 5  # 3 steps + 2 blank rows
    assert "<svg" in html and 'class="parallel-unit"' in html and html.count('class="parallel-unit"') == 2
    assert "<figure" in html and "Verifikasi berkas — oleh Petugas, Bidang Perizinan; paling lama 2 hari kerja." in html


def test_budget_counts_used_days(client, draft_service, draft, editor_a, units):
    login(client, editor_a)
    client.post(
        url(draft_service),
        rows_data(draft, [{"name_id": "Verifikasi", "sla_days": 1}, {"name_id": "Penetapan", "sla_days": 2}]),
    )
    assert "3 dari 5 hari kerja terpakai (sisa 2)." in client.get(url(draft_service)).content.decode()


def test_sla_over_the_time_limit_is_refused(client, draft_service, draft, editor_a, units):
    login(client, editor_a)
    response = client.post(
        url(draft_service),
        rows_data(
            draft,
            [
                {"name_id": "Verifikasi", "unit": units["front"].pk, "sla_days": 4},
                {"name_id": "Penetapan", "role": "agency_head", "sla_days": 3},
            ],
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Jumlah SLA semua langkah (7 hari kerja) melebihi jangka waktu layanan (5 hari kerja)." in html
    assert "7 dari 5 hari kerja terpakai — melebihi jangka waktu layanan 2 hari kerja." in html
    assert 'value="Penetapan"' in html  # the rows are kept for fixing
    assert saved(draft) == []
    assert not AuditEvent.objects.filter(action="workflow.procedure_saved").exists()


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"name_id": "", "name_en": "Check", "sla_days": 1}], "Langkah 1: nama langkah wajib diisi."),
        (
            [{"name_id": "Cek", "sla_days": ""}, {"name_id": "Tetap", "sla_days": 1}],
            "Langkah 1: SLA harus bilangan bulat minimal 1 hari kerja.",
        ),
        (
            [{"name_id": "Kajian", "parallel_units": "UNIT", "sla_days": 1}],
            "Langkah 1: langkah paralel memerlukan minimal dua unit.",
        ),
        ([BLANK, BLANK], "Prosedur minimal memuat satu langkah."),
    ],
)
def test_invalid_procedures_are_refused_with_messages(client, draft_service, draft, editor_a, units, rows, message):
    login(client, editor_a)
    rows = [{**row, "parallel_units": units["tech"].pk} if row.get("parallel_units") == "UNIT" else row for row in rows]
    response = client.post(url(draft_service), rows_data(draft, rows))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert saved(draft) == []


def test_unit_of_another_agency_is_refused(client, draft_service, draft, editor_a, agency_b):
    foreign = Unit.objects.create(agency=agency_b, name="Bidang Lain")
    login(client, editor_a)
    response = client.post(
        url(draft_service), rows_data(draft, [{"name_id": "Cek", "unit": foreign.pk, "sla_days": 1}])
    )
    assert response.status_code == 400
    assert "Periksa isian yang ditandai." in response.content.decode()
    assert saved(draft) == []


def test_reorder_delete_and_preview_without_saving(client, draft_service, draft, editor_a, units):
    login(client, editor_a)
    client.post(
        url(draft_service),
        rows_data(
            draft, [{"name_id": "A", "sla_days": 1}, {"name_id": "B", "sla_days": 1}, {"name_id": "C", "sla_days": 1}]
        ),
    )
    # Preview: C moved first, B deleted; nothing saved, the flowchart and rows show the new order.
    rows = [
        {"order": 2, "name_id": "A", "sla_days": 1},
        {"order": 3, "name_id": "B", "sla_days": 1, "delete": "on"},
        {"order": 1, "name_id": "C", "sla_days": 1},
        BLANK,
    ]
    response = client.post(url(draft_service), rows_data(draft, rows, action="preview", initial=3))
    assert response.status_code == 200
    assert [f.initial.get("name_id") for f in response.context["formset"].forms][:2] == ["C", "A"]
    assert [s["name"] for s in response.context["flowchart"]["steps"]] == ["C", "A"]
    assert "2 dari 5 hari kerja terpakai" in response.content.decode()
    assert [row[1] for row in saved(draft)] == ["A", "B", "C"]
    response = client.post(url(draft_service), rows_data(draft, rows, action="save", initial=3))
    assert response.status_code == 302
    assert [row[:2] for row in saved(draft)] == [(1, "C"), (2, "A")]


def test_published_procedure_is_read_only(client, process_service, editor_a, units):
    login(client, editor_a)
    html = client.get(url(process_service)).content.decode()
    assert "buka draf baru" in html.lower()
    assert "steps-TOTAL_FORMS" not in html
    assert "Kajian teknis dan hukum" in html and "<svg" in html
    published = process_service.current
    before = saved(published)
    response = client.post(url(process_service), rows_data(published, [{"name_id": "Baru", "sla_days": 1}]))
    assert response.status_code == 400
    assert "Prosedur versi yang sudah terbit tidak dapat diubah; buka draf baru." in response.content.decode()
    assert saved(published) == before


def test_open_new_draft_copies_steps_for_editing(client, process_service, editor_a, units):
    login(client, editor_a)
    assert client.post(url(process_service), {"action": "open_draft"}).status_code == 302
    draft = catalogue.draft_of(process_service)
    assert saved(draft) == saved(process_service.current)
    response = client.get(url(process_service))
    assert response.context["formset"].total_form_count() == 5
    assert "5 dari 6 hari kerja terpakai" in response.content.decode()


def test_the_editor_keeps_a_steps_kind_and_its_one_official_exemption(client, draft_service, draft, editor_a, units):
    """A payment step's kind and a signing step's named earlier step (e-Mutasi's receiving official) survive
    an editor save; a payment step's days are not counted against the time limit."""
    login(client, editor_a)
    data = rows_data(
        draft,
        [
            {"name_id": "Verifikasi", "unit": units["front"].pk, "sla_days": 2},
            {"name_id": "Pembayaran retribusi", "kind": "payment", "sla_days": 3},
            {"name_id": "Penetapan", "role": "agency_head", "sla_days": 1, "same_approver_step": "1"},
        ],
    )
    response = client.post(url(draft_service), data)
    assert response.status_code == 302
    steps = list(ProcedureStep.objects.filter(standard=draft).order_by("position"))
    assert [(s.kind, s.same_approver_step) for s in steps] == [("", None), ("payment", None), ("", 1)]
    page = client.get(url(draft_service))
    assert "3 dari 5 hari kerja terpakai" in page.content.decode()
    forms = page.context["formset"].forms
    assert forms[1].initial["kind"] == "payment" and forms[2].initial["same_approver_step"] == 1


@pytest.mark.parametrize("named", ["2", "3", "4"])
def test_a_step_names_only_an_earlier_decision_step(client, draft_service, draft, editor_a, units, named):
    """The exemption names an earlier step an official decides: not the payment step, not itself, not a later one."""
    login(client, editor_a)
    data = rows_data(
        draft,
        [
            {"name_id": "Verifikasi", "unit": units["front"].pk, "sla_days": 2},
            {"name_id": "Pembayaran retribusi", "kind": "payment", "sla_days": 3},
            {"name_id": "Penetapan", "role": "agency_head", "sla_days": 1, "same_approver_step": named},
        ],
    )
    response = client.post(url(draft_service), data)
    assert response.status_code == 400
    assert "Langkah 3: pejabat yang boleh memutus lagi" in response.content.decode()
    assert not ProcedureStep.objects.filter(standard=draft, same_approver_step__isnull=False).exists()
