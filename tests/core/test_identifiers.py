"""NIK and NIP parsing (UU 24/2013 Adminduk, Permendagri 73/2022; PP 11/2017, PP 49/2018)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket.core.identifiers import (
    PROVINCE_CODES,
    identifier_kind,
    mask_identifier,
    mask_nik,
    nik_birth_date_refusal,
    parse_identifier,
    parse_nik,
    parse_nip,
)

pytestmark = pytest.mark.sqlite
TODAY = dt.date(2026, 11, 23)


def test_nik_vector_from_the_domain_notes():
    nik = parse_nik("3578080102030001", today=TODAY)
    assert nik.province == "35" and nik.province_name == "Jawa Timur"
    assert nik.regency == "35.78" and nik.regency == "3578"
    assert nik.district == "35.78.08"
    assert nik.birth_date == dt.date(2003, 2, 1)
    assert nik.sex == "M"
    assert nik.sequence == "0001" and nik.sequence == 1


def test_nik_woman_has_day_plus_40():
    nik = parse_nik("3578086102010002", today=TODAY)
    assert nik.sex == "F" and nik.birth_date == dt.date(2001, 2, 21)


@pytest.mark.parametrize(
    "number, year",
    [
        ("3273011505990001", 1999),  # 99 cannot be 2099
        ("3273011505260001", 1926),  # 15 May 2026 would be... in the past: see next case
        ("3273011505250001", 2025),
        ("3273013012260001", 1926),  # 30 Dec 2026 is in the future on TODAY -> 1926
        ("3273012311260001", 2026),  # born today
    ],
)
def test_nik_century_is_the_latest_not_in_the_future(number, year):
    if number == "3273011505260001":
        year = 2026  # 15 May 2026 is before TODAY
    assert parse_nik(number, today=TODAY).birth_date.year == year


@pytest.mark.parametrize(
    "number, fragment",
    [
        ("357808010203000", "16 angka"),
        ("35780801020300011", "16 angka"),
        ("35780801020300a1", "16 angka"),
        ("", "16 angka"),
        (None, "16 angka"),
        ("2078080102030001", "kode provinsi 20"),
        ("9978080102030001", "kode provinsi 99"),
        ("3500080102030001", "kabupaten/kota"),
        ("3578000102030001", "kecamatan"),
        ("3578083102030001", "31-02"),  # 31 February
        ("3578087102030001", "31-02"),  # woman, 31 February
        ("3578080113030001", "bulan lahir 13"),
        ("3578080100030001", "bulan lahir 00"),
        ("3578080002030001", "tanggal lahir harus"),
        ("3578083502030001", "tanggal lahir harus"),  # day 35: neither a man's nor a woman's day
        ("3578080102030000", "0000"),
    ],
)
def test_nik_refusals_are_explained(number, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_nik(number, today=TODAY)


def test_papua_split_codes_are_accepted():
    for code in ("91", "92", "93", "94", "95", "96"):
        assert parse_nik(f"{code}01010101900001", today=TODAY).province == code


def test_region_later_split_is_not_rejected():
    # 91.01 was issued by Papua before Papua Selatan (93) split off: still valid.
    assert parse_nik("9101010101900001", today=TODAY).regency == "91.01"


@given(
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.integers(1, 99),
    st.integers(1, 99),
    st.dates(min_value=dt.date(1927, 1, 1), max_value=TODAY),
    st.booleans(),
    st.integers(1, 9999),
)
def test_nik_round_trip(province, regency, district, birth, female, sequence):
    day = birth.day + (40 if female else 0)
    number = f"{province}{regency:02d}{district:02d}{day:02d}{birth.month:02d}{birth.year % 100:02d}{sequence:04d}"
    nik = parse_nik(number, today=TODAY)
    assert nik.birth_date == birth
    assert nik.sex == ("F" if female else "M")
    assert nik.sequence == sequence


def test_mask_nik_hides_birth_date_and_sequence():
    assert mask_nik("3578080102030001") == "357808********01"


def test_nip_pns_vector():
    nip = parse_nip("196711101992031001", today=TODAY)
    assert nip.kind == "PNS"
    assert nip.birth_date == dt.date(1967, 11, 10)
    assert nip.tmt == dt.date(1992, 3, 1) and nip.tmt_month == 3
    assert nip.sex == "M"
    assert nip.serial == "001" and nip.serial == 1


def test_nip_pppk():
    nip = parse_nip("198503152022212002", today=TODAY)
    assert nip.kind == "PPPK"
    assert nip.birth_date == dt.date(1985, 3, 15)
    assert nip.tmt_year == 2022 and nip.tmt == dt.date(2022, 1, 1) and nip.tmt_month is None
    assert nip.frequency == 1
    assert nip.sex == "F"
    assert nip.serial == "002"


@pytest.mark.parametrize(
    "number, fragment",
    [
        ("19671110199203100", "18 angka"),
        ("1967111019920310011", "18 angka"),
        ("196702301992031001", "30-02-1967"),
        ("196711101992131001", "digit ke-13"),
        ("196711101992001001", "digit ke-13"),
        ("196711101992203001", "digit ke-13"),  # PPPK marker 2 followed by 0
        ("196711101992033001", "jenis kelamin"),
        ("196711101992031000", "000"),
        ("200711101992031001", "berusia 18"),
        ("203011101992031001", "masa depan"),
    ],
)
def test_nip_refusals_are_explained(number, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_nip(number, today=TODAY)


# ---------------------------------------------------------------- identifiers asked on forms (issue 11)


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("kk", "3273 0120 0515 0007", "3273012005150007"),
        ("npwp", "01.234.567.8-901.000", "012345678901000"),
        ("npwp", "3273014101900001", "3273014101900001"),  # 16 digits: the NIK of a person
        ("npwp", "0012345678901000", "0012345678901000"),  # 16 digits: 0 + the entity's old NPWP
        ("passport", "c 1234567", "C1234567"),
        ("licence", "503/12/sip-dr/2024", "503/12/SIP-DR/2024"),
        ("licence", "3121100220145123", "3121100220145123"),
    ],
)
def test_identifier_types_accept_and_normalize(kind, typed, stored):
    assert parse_identifier(kind, typed) == stored


@pytest.mark.parametrize(
    ("kind", "value", "fragment"),
    [
        ("kk", "32730120051500", "Nomor KK harus terdiri dari 16 angka"),
        ("kk", "9973012005150007", "kode provinsi 99"),
        ("kk", "3273012005150000", "nomor urut"),
        ("npwp", "1234", "NPWP harus 15 atau 16 angka"),
        ("npwp", "9999999999999999", "sama dengan NIK"),
        ("passport", "12345678", "Nomor paspor"),
        ("licence", "SIP-DR", "Nomor izin/registrasi"),
    ],
)
def test_identifier_refusals_are_explained_in_indonesian(kind, value, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_identifier(kind, value)


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        ("nik", "3273014101900001", "327301********01"),
        ("kk", "3273012005150007", "3273********0007"),
        ("npwp", "012345678901000", "01**********000"),
        ("passport", "C1234567", "C*****67"),
        ("licence", "503/12/SIP-DR/2024", "50*/**/***-**/*024"),
    ],
)
def test_identifier_masks_keep_only_what_is_needed_to_match_the_document(kind, value, masked):
    assert mask_identifier(kind, value) == masked


@pytest.mark.parametrize(
    ("field_type", "key", "kind"),
    [
        ("kk", "apa_saja", "kk"),
        ("text", "nomor_kk", "kk"),
        ("text", "no_kk_lama", "kk"),
        ("text", "nik_ibu", "nik"),
        ("text", "nomor_str", "licence"),
        ("text", "nomor_paspor", "passport"),
        ("text", "nomor_buku_nikah", None),
        ("text", "nama_usaha", None),
        ("choice", "sip_ke", None),
        ("date", "tanggal_kk", None),
    ],
)
def test_legacy_text_fields_named_like_an_identifier_are_treated_as_typed(field_type, key, kind):
    assert identifier_kind(field_type, key) == kind


# --- a birth date stated beside a NIK (UU 24/2013 art. 13; NIK digits 7–12 are DDMMYY, women's day + 40) ---


@pytest.mark.parametrize(
    "nik, birth, agrees",
    [
        ("3578080102030001", dt.date(2003, 2, 1), True),  # the domain vector: a man born 1 February 2003
        ("3578086102010001", dt.date(2001, 2, 21), True),  # a woman born 21 February 2001: day 61
        ("3578086102010001", dt.date(2001, 2, 61 - 40 - 1), False),  # one day off
        ("3578080102030001", dt.date(2003, 1, 2), False),  # day and month swapped
        ("3578086102010001", dt.date(2001, 2, 21).replace(year=1901), True),  # century only inferred: same digits
        ("3578080102030001", dt.date(2004, 2, 1), False),  # another year
        ("3273014101900001", dt.date(1990, 1, 1), True),  # a woman, 1 January 1990 (41)
        ("3273014101900001", dt.date(1990, 1, 41 - 40 + 1), False),
        ("123", dt.date(1990, 1, 1), True),  # an invalid NIK is the NIK field's error, not the date's
    ],
)
def test_birth_date_is_checked_against_the_nik(nik, birth, agrees):
    refusal = nik_birth_date_refusal(nik, birth, today=dt.date(2026, 12, 7))
    assert (refusal is None) is agrees, refusal


def test_a_contradicting_birth_date_names_the_date_in_the_nik():
    refusal = nik_birth_date_refusal("3578086102010001", dt.date(2001, 2, 22), today=dt.date(2026, 1, 1))
    assert refusal == (
        "Tanggal lahir tidak sesuai NIK: digit ke-7–12 NIK (610201) menunjukkan lahir 21 Februari 2001 "
        "(perempuan: tanggal lahir + 40)."
    )
