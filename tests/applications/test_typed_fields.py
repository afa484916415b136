"""Typed answers (issue 15): time, date, money and identifiers checked in one place (`FormSpec.validate`, used by
the HTML form and the API alike), with Indonesian errors that name the field and the accepted format."""

import pytest

from loket.applications import render as form_render
from loket.applications.formspec import FormSpec, field_kind, normalize_date, normalize_time, parse_amount
from loket.applications.prefill import PROFILE

pytestmark = pytest.mark.sqlite

LAYOUT = [
    {"key": "nik", "type": "nik", "label": {"id": "NIK pemohon", "en": "Applicant's NIK"}, "required": True},
    {"key": "tanggal_lahir", "type": "date", "label": {"id": "Tanggal lahir", "en": "Date of birth"}},
    {"key": "mulai", "type": "time", "label": {"id": "Jam buka", "en": "Opening time"}},
    # A form published before `time` existed: a text field keyed like a time is checked as one.
    {"key": "jam_selesai", "type": "text", "label": {"id": "Jam selesai (JJ:MM)"}, "max_length": 5},
    {"key": "penghasilan", "type": "money", "label": {"id": "Penghasilan per bulan", "en": "Monthly income"}},
    {"key": "luas", "type": "number", "label": {"id": "Luas (m²)"}, "integer": False, "max": 100000},
    {"key": "npwp", "type": "npwp", "label": {"id": "NPWP usaha"}},
    {
        "key": "anak",
        "type": "group",
        "label": {"id": "Data anak"},
        "fields": [
            {"key": "nik", "type": "nik", "label": {"id": "NIK anak"}},
            {"key": "tanggal_lahir", "type": "date", "label": {"id": "Tanggal lahir anak"}},
        ],
    },
]
# A woman born 1 January 1990 (day 01 + 40 = 41 in the NIK).
VALID = {"nik": "3273014101900001", "tanggal_lahir": "1990-01-01"}


def validate(answers, lang="id"):
    return FormSpec(LAYOUT).validate({**VALID, **answers}, lang)


@pytest.mark.parametrize(
    "typed, expected",
    [("08:30", "08:30"), ("8:30", "08:30"), ("8.30", "08:30"), ("0830", "08:30"), ("23:59", "23:59")],
)
def test_times_are_read_as_people_type_them(typed, expected):
    cleaned, errors = validate({"mulai": typed})
    assert errors == {} and cleaned["mulai"] == expected


@pytest.mark.parametrize("typed", ["25:99", "24:00", "12:60", "jam 8", "8", "12:5"])
def test_impossible_times_are_refused_naming_field_and_format(typed):
    _, errors = validate({"mulai": typed, "jam_selesai": typed})
    for path, label in (("mulai", "Jam buka"), ("jam_selesai", "Jam selesai (JJ:MM)")):
        assert errors[path] == [f"{label}: jam tidak valid: tulis jam 00:00–23:59 dengan format JJ:MM (mis. 08:30)."], (
            errors
        )


def test_legacy_time_field_is_a_time_but_other_text_is_not():
    assert field_kind({"key": "pukul_lahir", "type": "text"}) == "time"
    assert field_kind({"key": "jam_mulai", "type": "text"}) == "time"
    assert field_kind({"key": "jamban", "type": "text"}) == "text"
    assert field_kind({"key": "nama_pejabat", "type": "text"}) == "text"


@pytest.mark.parametrize(
    "typed, expected",
    [("17-08-1990", "1990-08-17"), ("17/08/1990", "1990-08-17"), ("1-2-2003", "2003-02-01"), ("1990-08-17", None)],
)
def test_dates_in_indonesian_order_are_read(typed, expected):
    assert normalize_date(typed) == (expected or typed)


@pytest.mark.parametrize("typed", ["1990-02-30", "31-04-2020", "2020-13-01", "kemarin"])
def test_impossible_dates_are_refused_naming_field(typed):
    _, errors = validate({"tanggal_lahir": typed})
    assert errors["tanggal_lahir"][0].startswith("Tanggal lahir: tanggal tidak valid"), errors
    assert "HH-BB-TTTT" in errors["tanggal_lahir"][0]


def test_a_birth_date_contradicting_the_nik_is_refused():
    _, errors = validate({"tanggal_lahir": "1990-01-02"})
    assert errors == {
        "tanggal_lahir": [
            "Tanggal lahir tidak sesuai NIK pemohon: digit ke-7–12 NIK (410190) menunjukkan lahir 1 Januari 1990 "
            "(perempuan: tanggal lahir + 40)."
        ]
    }
    # The same rule in each row of a group, with the row's own NIK.
    _, errors = validate({"anak": [{"nik": "3273010505150001", "tanggal_lahir": "2015-05-06"}]})
    assert list(errors) == ["anak.0.tanggal_lahir"] and "NIK anak" in errors["anak.0.tanggal_lahir"][0]
    _, errors = validate({"tanggal_lahir": "1990-01-02"}, lang="en")
    assert errors["tanggal_lahir"][0].startswith("Date of birth does not match Applicant's NIK")


def test_a_birth_date_agreeing_with_the_nik_passes_in_either_order():
    assert validate({"tanggal_lahir": "01-01-1990"})[1] == {}
    assert validate({"anak": [{"nik": "3273010505150001", "tanggal_lahir": "05-05-2015"}]})[1] == {}


def test_a_wrong_nik_is_reported_once_on_the_nik():
    _, errors = validate({"nik": "3273013102900001", "tanggal_lahir": "1990-02-28"})
    assert errors == {"nik": ["NIK pemohon: Tanggal lahir pada NIK tidak valid: tanggal 31-02-1990 tidak ada."]}


@pytest.mark.parametrize(
    "typed, integer, expected",
    [
        ("2.385.000", True, 2385000),
        ("Rp2.385.000", True, 2385000),
        ("Rp 2.385.000", True, 2385000),
        ("2385000", True, 2385000),
        ("2.385.000,00", True, 2385000),
        ("2.385.000,50", True, "2.385.000,50"),  # no cents in a whole-rupiah field: kept, then refused
        ("1,5", False, 1.5),
        ("12.5", False, 12.5),
        ("1.250", False, 1250),  # a dot before three digits groups thousands, as Indonesians write
        ("dua juta", True, "dua juta"),
        (2385000, True, 2385000),
    ],
)
def test_amounts_as_indonesians_write_them(typed, integer, expected):
    assert parse_amount(typed, integer=integer) == expected


def test_money_accepts_thousands_dots_and_refuses_words():
    cleaned, errors = validate({"penghasilan": "2.385.000", "luas": "1,5"})
    assert errors == {} and cleaned["penghasilan"] == 2385000 and cleaned["luas"] == 1.5
    _, errors = validate({"penghasilan": "dua juta"})
    assert errors["penghasilan"] == ["Penghasilan per bulan harus berupa jumlah rupiah tanpa sen, mis. 2.385.000."]
    _, errors = validate({"penghasilan": "-5"})
    assert errors["penghasilan"] == ["Penghasilan per bulan minimal 0."]


def test_the_api_gets_the_same_reading_of_typed_strings():
    # The API posts JSON: the same strings are read by the same FormSpec, not by the HTML form's parser.
    cleaned, errors = FormSpec(LAYOUT).validate({**VALID, "mulai": "7.05", "penghasilan": "Rp 1.500.000"})
    assert errors == {} and cleaned["mulai"] == "07:05" and cleaned["penghasilan"] == 1500000


def test_identifier_errors_name_their_field():
    _, errors = validate({"npwp": "123"})
    assert errors["npwp"] == ["NPWP usaha: NPWP harus 15 atau 16 angka."]


def test_normalize_time_leaves_other_text_alone():
    assert normalize_time("pagi") == "pagi"


# --- the HTML form: types, hints, money shown with dots, prefill marks ---------------------------------------


def test_time_and_money_controls_say_their_format():
    html = form_render.render_form(LAYOUT, {"penghasilan": 2385000}).html
    assert 'id="f-mulai" name="mulai" value="" inputmode="numeric"' in html
    assert "format JJ:MM, mis. 08:30" in html and "mis. 2.385.000" in html
    assert 'name="penghasilan" value="2.385.000"' in html  # read back as the applicant would write it
    assert "Jam selesai (JJ:MM)" in html and 'id="f-jam_selesai-hint"' in html  # the legacy field gets the hint


def test_posted_money_becomes_a_number_in_the_html_form():
    from django.http import QueryDict

    answers, _ = form_render.parse_answers(LAYOUT, QueryDict("penghasilan=2.385.000&luas=abc"))
    assert answers == {"penghasilan": 2385000, "luas": "abc"}


def test_prefilled_values_are_marked_beside_their_field():
    html = form_render.render_form(
        LAYOUT, {"nik": "3273014101900001", "npwp": "012345678901000"}, prefilled={"nik": PROFILE, "npwp": "3273-26-1"}
    ).html
    assert '<p class="hint prefill-note" id="f-nik-prefill"><strong>Terisi otomatis</strong> dari profil Anda.' in html
    assert "dari permohonan Anda sebelumnya (3273-26-1)" in html
    assert 'aria-describedby="f-nik-hint f-nik-prefill"' in html
    assert "f-mulai-prefill" not in html
