"""The back-office form editor: works without JavaScript, saves through `save_form`, refuses bad layouts."""

import json

import pytest
from django.test import Client

from loket.applications.models import FormDefinition
from loket.catalogue import services as catalogue
from loket.core.models import AuditEvent
from tests.helpers.applications import FORM
from tests.helpers.auth import force_login as login

pytestmark = pytest.mark.django_db


def url(service):
    return f"/kantor/editor/{service.code}/formulir/"


def post(client, service, standard, layout, action, **extra):
    data = {
        "standard": standard.pk,
        "layout": layout if isinstance(layout, str) else json.dumps(layout),
        "action": action,
        **extra,
    }
    return client.post(url(service), data)


def saved_fields(standard):
    return FormDefinition.objects.filter(standard=standard).values_list("fields", flat=True).first()


# ---------------------------------------------------------------- who may use it


def test_anonymous_is_sent_to_login(client, draft_service):
    response = client.get(url(draft_service))
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/?next=/kantor/editor/izin-reklame/formulir/")


@pytest.mark.parametrize("who", ["citizen", "editor_b", "officer_a"])
def test_users_who_may_not_edit_this_agency_get_404(client, draft_service, draft, who, request):
    login(client, request.getfixturevalue(who))
    assert client.get(url(draft_service)).status_code == 404
    assert post(client, draft_service, draft, FORM, "save").status_code == 404
    assert saved_fields(draft) is None


def test_unknown_service_is_404(client, editor_a):
    login(client, editor_a)
    assert client.get("/kantor/editor/tidak-ada/formulir/").status_code == 404


def test_province_admin_may_edit_a_kota_service(client, draft_service, province_admin):
    login(client, province_admin)
    assert client.get(url(draft_service)).status_code == 200


def test_post_without_csrf_token_is_refused(draft_service, draft, editor_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_a)
    assert post(client, draft_service, draft, FORM, "save").status_code == 403
    assert saved_fields(draft) is None


def test_a_standard_of_another_service_cannot_be_posted(client, draft_service, process_service, editor_a):
    login(client, editor_a)
    other = catalogue.open_draft(actor=editor_a, service=process_service)
    assert post(client, draft_service, other, FORM, "save").status_code == 404


# ---------------------------------------------------------------- the page


def test_page_shows_editor_preview_upload_slots_and_schema(client, draft_service, draft, editor_a):
    from loket.applications import services as applications

    applications.save_form(actor=editor_a, standard=draft, fields=FORM)
    login(client, editor_a)
    html = client.get(url(draft_service)).content.decode()
    assert 'name="layout"' in html and '{"key": "nama_usaha", "type": "text"' in html  # one field per line
    assert 'name="csrfmiddlewaretoken"' in html
    # The preview draws each field with the citizen pages' own renderer, labelled.
    assert '<label for="f-nama_usaha">Nama usaha (wajib)</label>' in html
    assert 'type="tel" id="f-hp"' in html
    assert 'id="f-nik_pemilik"' in html and "16 angka sesuai KTP-el." in html
    # Document requirements become upload slots (the datum requirement does not).
    assert '<label for="f-req_0">KTP-el (wajib)</label>' in html and 'accept=".pdf,.jpg,.jpeg"' in html
    assert 'id="f-req_2"' in html and "f-req_1" not in html
    assert '<details class="schema">' in html and "https://json-schema.org/draft/2020-12/schema" in html
    assert len(html.encode()) < 100_000


def test_saved_schema_can_be_opened_as_json(client, draft_service, draft, editor_a):
    from loket.applications import services as applications

    applications.save_form(actor=editor_a, standard=draft, fields=FORM)
    login(client, editor_a)
    response = client.get(url(draft_service) + "?skema=json")
    assert response["Content-Type"].startswith("application/schema+json")
    schema = json.loads(response.content)
    assert schema["required"] == ["nama_usaha", "nik_pemilik"] and schema["properties"]["hp"]["format"] == "phone-id"


def test_layout_text_round_trips(client, draft_service, draft, editor_a):
    from loket.applications.editor import dump

    layout = FORM + [
        {
            "key": "anak",
            "type": "group",
            "label": {"id": "Anak"},
            "repeat": {"min": 0, "max": 3},
            "fields": [{"key": "nama", "type": "text", "label": {"id": "Nama <b>&</b>"}}],
        }
    ]
    assert json.loads(dump(layout)) == layout
    login(client, editor_a)
    response = post(client, draft_service, draft, layout, "preview")
    textarea = response.content.decode().split('name="layout"', 1)[1].split("</textarea>", 1)[0]
    assert "Nama &lt;b&gt;&amp;&lt;/b&gt;" in textarea and "<b>" not in textarea


def test_add_field_updates_working_copy_and_preview_without_saving(client, draft_service, draft, editor_a):
    login(client, editor_a)
    response = post(
        client,
        draft_service,
        draft,
        [],
        "add",
        **{
            "add-key": "jenis_usaha",
            "add-type": "choice",
            "add-label_id": "Jenis usaha",
            "add-label_en": "Business type",
            "add-required": "on",
            "add-options": "Perorangan\nbadan | Badan usaha | Company",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    layout = json.loads(response.context["layout_text"])
    assert layout == [
        {
            "key": "jenis_usaha",
            "type": "choice",
            "label": {"id": "Jenis usaha", "en": "Business type"},
            "required": True,
            "options": [
                {"value": "perorangan", "label": {"id": "Perorangan"}},
                {"value": "badan", "label": {"id": "Badan usaha", "en": "Company"}},
            ],
        }
    ]
    assert 'type="radio" id="f-jenis_usaha-1"' in html and "Badan usaha</label>" in html
    assert "Ada perubahan yang belum disimpan." in html
    assert saved_fields(draft) is None  # nothing saved until "Simpan formulir"


def test_add_conditional_field_and_field_into_group(client, draft_service, draft, editor_a):
    login(client, editor_a)
    start = [
        {
            "key": "punya_npwp",
            "type": "choice",
            "label": {"id": "Punya NPWP?"},
            "options": [{"value": "ya", "label": {"id": "Ya"}}, {"value": "tidak", "label": {"id": "Tidak"}}],
        },
        {"key": "anak", "type": "group", "label": {"id": "Anak"}, "fields": []},
    ]
    response = post(
        client,
        draft_service,
        draft,
        start,
        "add",
        **{
            "add-key": "npwp",
            "add-type": "npwp",
            "add-label_id": "NPWP",
            "add-required": "on",
            "add-show_if_field": "punya_npwp",
            "add-show_if_equals": "ya",
        },
    )
    layout = json.loads(response.context["layout_text"])
    assert layout[2]["show_if"] == {"field": "punya_npwp", "equals": "ya"}
    assert "Isi hanya bila “Punya NPWP?” dijawab “Ya”. Dalam hal itu wajib diisi." in response.content.decode()
    response = post(
        client,
        draft_service,
        draft,
        layout,
        "add",
        **{"add-key": "nik_anak", "add-type": "nik", "add-label_id": "NIK anak", "add-parent": "anak"},
    )
    layout = json.loads(response.context["layout_text"])
    assert layout[1]["fields"] == [{"key": "nik_anak", "type": "nik", "label": {"id": "NIK anak"}}]
    assert 'id="f-anak-0-nik_anak"' in response.content.decode()


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"add-key": "Nama Usaha", "add-type": "text", "add-label_id": "Nama"}, "harus huruf kecil"),
        ({"add-key": "nama_usaha", "add-type": "text", "add-label_id": "Lagi"}, "dipakai dua kali"),
        ({"add-key": "x", "add-type": "text", "add-label_id": ""}, "label Bahasa Indonesia wajib diisi"),
        ({"add-key": "pilih", "add-type": "choice", "add-label_id": "Pilih"}, "pilihan jawaban belum diisi"),
        (
            {
                "add-key": "y",
                "add-type": "text",
                "add-label_id": "Y",
                "add-show_if_field": "nik_pemilik",
                "add-show_if_equals": "1",
            },
            "",
        ),
    ],
)
def test_add_field_refusals_keep_the_working_copy(client, draft_service, draft, editor_a, extra, message):
    login(client, editor_a)
    response = post(client, draft_service, draft, FORM, "add", **extra)
    if not message:  # the last case is valid: a condition on a text field
        assert response.status_code == 200
        assert json.loads(response.context["layout_text"])[-1]["show_if"] == {"field": "nik_pemilik", "equals": "1"}
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert json.loads(response.context["layout_text"]) == FORM


def test_condition_value_must_be_an_option_of_a_choice(client, draft_service, draft, editor_a):
    login(client, editor_a)
    layout = [
        {"key": "jenis", "type": "choice", "label": {"id": "Jenis"}, "options": [{"value": "a", "label": {"id": "A"}}]}
    ]
    response = post(
        client,
        draft_service,
        draft,
        layout,
        "add",
        **{
            "add-key": "lain",
            "add-type": "text",
            "add-label_id": "Lainnya",
            "add-show_if_field": "jenis",
            "add-show_if_equals": "b",
        },
    )
    assert response.status_code == 400
    assert "Nilai syarat harus salah satu pilihan isian &#x27;jenis&#x27;: a." in response.content.decode()


def test_move_up_down_and_delete(client, draft_service, draft, editor_a):
    login(client, editor_a)
    keys = lambda r: [f["key"] for f in json.loads(r.context["layout_text"])]  # noqa: E731
    response = post(client, draft_service, draft, FORM, "up", target="2")
    assert keys(response) == ["nama_usaha", "hp", "nik_pemilik"]
    # The moved field stays chosen, so pressing the button again keeps moving it.
    assert 'value="1" id="t-1" checked' in response.content.decode()
    response = post(client, draft_service, draft, FORM, "down", target="0")
    assert keys(response) == ["nik_pemilik", "nama_usaha", "hp"]
    response = post(client, draft_service, draft, FORM, "up", target="0")  # already first: unchanged
    assert keys(response) == ["nama_usaha", "nik_pemilik", "hp"]
    response = post(client, draft_service, draft, FORM, "delete", target="1")
    assert keys(response) == ["nama_usaha", "hp"]
    assert saved_fields(draft) is None


def test_move_inside_a_group(client, draft_service, draft, editor_a):
    login(client, editor_a)
    layout = FORM + [
        {
            "key": "anak",
            "type": "group",
            "label": {"id": "Anak"},
            "fields": [
                {"key": "nama", "type": "text", "label": {"id": "Nama"}},
                {"key": "nik", "type": "nik", "label": {"id": "NIK"}},
            ],
        }
    ]
    response = post(client, draft_service, draft, layout, "up", target="3.1")
    assert [f["key"] for f in json.loads(response.context["layout_text"])[3]["fields"]] == ["nik", "nama"]
    assert 'id="t-3.0" checked' in response.content.decode() and "4.1. <b>NIK</b>" in response.content.decode()


@pytest.mark.parametrize(
    "target, message",
    [
        ("", "Pilih dahulu isian yang akan dipindah atau dihapus."),
        ("9", "Isian yang dipilih tidak ditemukan."),
        ("x", "Isian yang dipilih tidak ditemukan."),
    ],
)
def test_move_or_delete_needs_a_chosen_field(client, draft_service, draft, editor_a, target, message):
    login(client, editor_a)
    response = post(client, draft_service, draft, FORM, "delete", target=target)
    assert response.status_code == 400
    assert message in response.content.decode().split('id="list-error"', 1)[1]
    assert json.loads(response.context["layout_text"]) == FORM


def test_save_valid_layout_is_audited_and_redirects(client, draft_service, draft, editor_a):
    login(client, editor_a)
    response = post(client, draft_service, draft, FORM, "save")
    assert response.status_code == 302 and response["Location"] == url(draft_service)
    assert saved_fields(draft) == FORM
    event = AuditEvent.objects.filter(action="applications.form_saved").latest("pk")
    assert event.actor_id == editor_a.pk and event.data == {"service": "izin-reklame", "fields": 3}
    assert "Formulir disimpan." in client.get(url(draft_service)).content.decode()


@pytest.mark.parametrize(
    "layout, message",
    [
        (
            '[{"key": "a", "type": "text",}]',
            "bukan JSON yang sah (baris 1, kolom 30): nama properti harus diapit tanda kutip ganda",
        ),
        ('{"key": "a"}', "harus berupa daftar isian"),
        (
            [{"key": "a", "type": "text", "label": {"id": "A"}}, {"key": "a", "type": "date", "label": {"id": "B"}}],
            "Isian 2: kunci &#x27;a&#x27; dipakai dua kali.",
        ),
        ([{"key": "a", "type": "warna", "label": {"id": "A"}}], "jenis &#x27;warna&#x27; tidak dikenal"),
        (
            [{"key": "b", "type": "text", "label": {"id": "B"}, "show_if": {"field": "a", "equals": 1}}],
            "syarat &#x27;show_if&#x27; harus merujuk isian sebelumnya",
        ),
        (
            [{"key": "c", "type": "choice", "label": {"id": "C"}, "options": [{"label": "tanpa nilai"}]}],
            "setiap pilihan harus punya &#x27;value&#x27;",
        ),
    ],
)
def test_malformed_layouts_are_refused_next_to_the_textarea(client, draft_service, draft, editor_a, layout, message):
    login(client, editor_a)
    response = post(client, draft_service, draft, layout, "save")
    assert response.status_code == 400
    html = response.content.decode()
    error = html.split('id="layout-error"', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert 'aria-invalid="true"' in html
    assert saved_fields(draft) is None
    assert not AuditEvent.objects.filter(action="applications.form_saved").exists()


def test_invalid_working_copy_previews_the_saved_form(client, draft_service, draft, editor_a):
    from loket.applications import services as applications

    applications.save_form(actor=editor_a, standard=draft, fields=FORM)
    login(client, editor_a)
    broken = FORM + [{"key": "hp", "type": "text", "label": {"id": "Nomor HP lagi"}}]
    response = post(client, draft_service, draft, broken, "preview")
    html = response.content.decode()
    assert "pratinjau menampilkan formulir yang terakhir disimpan" in html
    assert "Nomor HP lagi" in response.context["layout_text"] and '<label for="f-hp">Nomor HP</label>' in html
    schema = html.split('<details class="schema">', 1)[1].split("</details>", 1)[0]
    assert "Isian 4: kunci &#x27;hp&#x27; dipakai dua kali." in schema


def test_malformed_json_stays_in_the_textarea_as_typed(client, draft_service, draft, editor_a):
    login(client, editor_a)
    typed = '[{"key": "a" "type": "text"}]'
    response = post(
        client, draft_service, draft, typed, "add", **{"add-key": "b", "add-type": "text", "add-label_id": "B"}
    )
    assert response.context["layout_text"] == typed
    assert "tanda koma kurang" in response.content.decode()


# ---------------------------------------------------------------- published versions are frozen


def test_published_form_is_read_only(client, process_service, editor_a):
    login(client, editor_a)
    html = client.get(url(process_service)).content.decode()
    assert "buka draf baru" in html.lower()
    assert 'name="layout"' not in html and 'value="add"' not in html
    assert '<label for="f-nama_usaha">Nama usaha (wajib)</label>' in html  # still previewed


def test_posting_to_a_published_version_is_refused(client, process_service, editor_a):
    login(client, editor_a)
    published = process_service.current
    before = saved_fields(published)
    response = post(client, process_service, published, [], "save")
    assert response.status_code == 400
    assert "buka draf baru" in response.content.decode()
    response = post(
        client, process_service, published, before, "add", **{"add-key": "z", "add-type": "text", "add-label_id": "Z"}
    )
    assert "buka draf baru" in response.content.decode()
    assert saved_fields(published) == before


def test_open_new_draft_then_edit(client, process_service, editor_a):
    login(client, editor_a)
    response = client.post(url(process_service), {"action": "open_draft"})
    assert response.status_code == 302
    draft = catalogue.draft_of(process_service)
    assert saved_fields(draft) == saved_fields(process_service.current)  # the form was copied into the draft
    html = client.get(url(process_service)).content.decode()
    assert 'name="layout"' in html and f'name="standard" value="{draft.pk}"' in html
    assert post(client, process_service, draft, FORM[:1], "save").status_code == 302
    assert saved_fields(draft) == FORM[:1]
    assert saved_fields(process_service.current) != FORM[:1]


def test_editor_offers_the_identifier_field_types(client, draft_service, draft, editor_a):
    """KK, passport and licence numbers are typed fields the editor can choose (issue 11)."""
    login(client, editor_a)
    html = client.get(url(draft_service)).content.decode()
    for value, label in (("kk", "Nomor KK"), ("passport", "Nomor paspor"), ("licence", "Nomor izin/registrasi")):
        assert f'<option value="{value}">{label}' in html
