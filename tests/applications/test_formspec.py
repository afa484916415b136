"""Form layouts -> JSON Schema 2020-12 -> field-level Indonesian validation messages."""

import pytest
from jsonschema import Draft202012Validator

from loket.applications.formspec import FormSpec, SpecError, normalize_phone, to_json_schema

pytestmark = pytest.mark.sqlite

LAYOUT = [
    {"key": "nama", "type": "text", "label": {"id": "Nama lengkap", "en": "Full name"}, "required": True},
    {"key": "nik", "type": "nik", "label": {"id": "NIK", "en": "NIK"}, "required": True},
    {"key": "hp", "type": "phone", "label": {"id": "Nomor HP"}, "required": True},
    {"key": "email", "type": "email", "label": {"id": "Email"}},
    {"key": "lahir", "type": "date", "label": {"id": "Tanggal lahir"}},
    {"key": "jumlah", "type": "number", "label": {"id": "Jumlah karyawan"}, "min": 0, "max": 10000},
    {
        "key": "jenis",
        "type": "choice",
        "label": {"id": "Jenis usaha"},
        "required": True,
        "options": [{"value": "mikro", "label": {"id": "Mikro"}}, {"value": "kecil", "label": {"id": "Kecil"}}],
    },
    {
        "key": "punya_nib",
        "type": "choice",
        "label": {"id": "Sudah punya NIB?"},
        "options": [{"value": "ya", "label": {"id": "Ya"}}, {"value": "tidak", "label": {"id": "Tidak"}}],
    },
    {
        "key": "nib",
        "type": "nib",
        "label": {"id": "NIB"},
        "required": True,
        "show_if": {"field": "punya_nib", "equals": "ya"},
    },
    {"key": "npwp", "type": "npwp", "label": {"id": "NPWP"}},
    {"key": "alamat", "type": "address", "label": {"id": "Alamat"}, "required": True},
    {
        "key": "anak",
        "type": "group",
        "label": {"id": "Data anak"},
        "repeat": {"min": 0, "max": 3},
        "fields": [
            {"key": "nama", "type": "text", "label": {"id": "Nama anak"}, "required": True},
            {"key": "nik", "type": "nik", "label": {"id": "NIK anak"}},
        ],
    },
    {"key": "ktp", "type": "file", "label": {"id": "Pindaian KTP"}, "required": True},
]

VALID = {
    "nama": "Siti Aminah",
    "nik": "3273014101900001",
    "hp": "0812-3456-7890",
    "email": "siti@example.id",
    "lahir": "1990-01-01",
    "jumlah": 5,
    "jenis": "mikro",
    "punya_nib": "ya",
    "nib": "1234567890123",
    "npwp": "01.234.567.8-901.000",
    "alamat": {"region": "32.73", "street": "Jl. Wastukencana 2"},
    "anak": [{"nama": "Budi"}],
    "ktp": "upl_abc123",
}


def test_schema_is_valid_draft_2020_12():
    schema = to_json_schema(LAYOUT)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "nib" not in schema["required"]  # conditional: required only when shown


def test_valid_answers_pass_and_are_normalized():
    cleaned, errors = FormSpec(LAYOUT).validate(VALID)
    assert errors == {}
    assert cleaned["hp"] == "+6281234567890"
    assert cleaned["npwp"] == "012345678901000"


@pytest.mark.parametrize(
    "change, path, fragment",
    [
        ({"nama": ""}, "nama", "Nama lengkap wajib diisi"),
        ({"nik": "3273013102900001"}, "nik", "31-02-1990"),
        ({"nik": "123"}, "nik", "16 angka"),
        ({"hp": "12345"}, "hp", "nomor Indonesia"),
        ({"email": "bukan-email"}, "email", "Alamat email"),
        ({"lahir": "1990-02-30"}, "lahir", "tanggal tidak valid"),
        ({"jumlah": -1}, "jumlah", "minimal 0"),
        ({"jumlah": "lima"}, "jumlah", "bilangan bulat"),
        ({"jenis": "raksasa"}, "jenis", "pilih salah satu"),
        ({"nib": "12"}, "nib", "13 angka"),
        ({"nib": ""}, "nib", "NIB wajib diisi"),
        ({"npwp": "123"}, "npwp", "15 atau 16"),
        ({"alamat": {"region": "Bandung", "street": "x"}}, "alamat.region", "format"),
        ({"anak": [{"nama": "A"}, {"nik": "3273014101900001"}]}, "anak.1.nama", "Nama anak wajib diisi"),
        ({"anak": [{"nama": "A"}] * 4}, "anak", "paling banyak 3"),
        ({"ktp": ""}, "ktp", "Pindaian KTP wajib diisi"),
        ({"tak_dikenal": "x"}, "__all__", "tidak dikenal"),
    ],
)
def test_errors_are_per_field_in_indonesian(change, path, fragment):
    _, errors = FormSpec(LAYOUT).validate({**VALID, **change})
    assert path in errors, errors
    assert any(fragment in message for message in errors[path]), errors[path]


def test_hidden_conditional_field_is_dropped_not_required():
    answers = {**VALID, "punya_nib": "tidak", "nib": "garbage"}
    cleaned, errors = FormSpec(LAYOUT).validate(answers)
    assert errors == {}
    assert "nib" not in cleaned


def test_english_messages():
    _, errors = FormSpec(LAYOUT).validate({**VALID, "nama": ""}, lang="en")
    assert errors["nama"] == ["Full name is required."]


@pytest.mark.parametrize(
    "layout, fragment",
    [
        ([{"key": "Nama", "type": "text", "label": {"id": "x"}}], "huruf kecil"),
        (
            [{"key": "a", "type": "text", "label": {"id": "x"}}, {"key": "a", "type": "text", "label": {"id": "y"}}],
            "dua kali",
        ),
        ([{"key": "a", "type": "warna", "label": {"id": "x"}}], "tidak dikenal"),
        ([{"key": "a", "type": "text", "label": {}}], "label"),
        ([{"key": "a", "type": "choice", "label": {"id": "x"}}], "pilihan"),
        ([{"key": "a", "type": "choice", "label": {"id": "x"}, "options": [{"label": {"id": "Ya"}}]}], "value"),
        ([{"key": "a", "type": "text", "label": {"id": "x"}, "show_if": {"field": "b", "equals": 1}}], "sebelumnya"),
    ],
)
def test_malformed_layouts_are_refused(layout, fragment):
    with pytest.raises(SpecError, match=fragment):
        to_json_schema(layout)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
    ],
)
def test_phone_normalization(raw, expected):
    assert normalize_phone(raw) == expected


ID_LAYOUT = [
    {"key": "nomor_kk", "type": "kk", "label": {"id": "Nomor KK", "en": "Family card number"}, "required": True},
    {"key": "npwp", "type": "npwp", "label": {"id": "NPWP"}},
    {"key": "paspor", "type": "passport", "label": {"id": "Nomor paspor"}},
    {"key": "nomor_str", "type": "licence", "label": {"id": "Nomor STR"}},
    {"key": "no_kk_lama", "type": "text", "label": {"id": "Nomor KK (formulir lama)"}},
    {
        "key": "anak",
        "type": "group",
        "label": {"id": "Data anak"},
        "fields": [{"key": "nik", "type": "nik", "label": {"id": "NIK anak"}}],
    },
]


@pytest.mark.parametrize(
    ("change", "path", "fragment"),
    [
        ({"nomor_kk": "3273"}, "nomor_kk", "Nomor KK harus terdiri dari 16 angka"),
        ({"npwp": "9999999999999999"}, "npwp", "NPWP 16 angka harus sama dengan NIK"),
        ({"paspor": "1234567"}, "paspor", "Nomor paspor harus"),
        ({"nomor_str": "X"}, "nomor_str", "Nomor izin/registrasi harus"),
    ],
)
def test_identifier_field_types_validate_with_indonesian_messages(change, path, fragment):
    answers = {"nomor_kk": "3273012005150007", **change}
    _, errors = FormSpec(ID_LAYOUT).validate(answers)
    assert fragment in errors[path][0]


def test_identifier_answers_are_normalized_and_masked():
    from loket.applications.formspec import identifier_paths, mask_answers

    cleaned, errors = FormSpec(ID_LAYOUT).validate(
        {
            "nomor_kk": "3273 0120 0515 0007",
            "paspor": "c1234567",
            "nomor_str": "3121100220145123",
            "no_kk_lama": "3273012005150008",
            "anak": [{"nik": "3273014101900001"}],
        }
    )
    assert not errors and cleaned["nomor_kk"] == "3273012005150007" and cleaned["paspor"] == "C1234567"
    masked = mask_answers(ID_LAYOUT, cleaned)
    assert masked["nomor_kk"] == "3273********0007" and masked["no_kk_lama"] == "3273********0008"
    assert masked["paspor"] == "C*****67" and masked["nomor_str"] == "31***********123"
    assert masked["anak"] == [{"nik": "327301********01"}]
    assert cleaned["nomor_kk"] == "3273012005150007"  # the stored answers are untouched
    revealed = mask_answers(ID_LAYOUT, cleaned, reveal={"anak.0.nik"})
    assert revealed["anak"][0]["nik"] == "3273014101900001" and revealed["nomor_kk"] == "3273********0007"
    assert identifier_paths(ID_LAYOUT, cleaned) == ["nomor_kk", "paspor", "nomor_str", "no_kk_lama", "anak.0.nik"]
