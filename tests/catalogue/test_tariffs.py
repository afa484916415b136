"""Levy tariffs as standard data (UU 1/2022 art. 87, PP 35/2023 art. 67, UU 25/2009 art. 21 h): what the public
page states is what the assessment charges."""

from decimal import Decimal

import pytest

from loket.catalogue import tariffs as rules
from loket.catalogue.tariffs import TariffError, charge, describe, parse_tariff

pytestmark = pytest.mark.sqlite

BILLBOARD = {
    "legal_basis": "Perda Kota Banjarmasin 1/2024 lampiran III",
    "items": [
        {"kind": "per_unit", "label": "Sewa titik reklame", "label_en": "Billboard site rent", "rate": 25000,
         "unit": "m²", "input": "luas", "minimum": 100000},
        {"kind": "per_unit", "label": "Masa pasang", "rate": 2000, "unit": "hari", "input": "hari", "maximum": 300000},
        {"kind": "flat", "label": "Biaya administrasi", "amount": 10000},
    ],
}  # fmt: skip

PBG = {
    "round_to": 100,
    "items": [
        {
            "kind": "formula",
            "label": "Retribusi PBG",
            "expression": "luas * shst * (indeks_lokalitas * indeks_terintegrasi)",
            "inputs": {"luas": "m²"},
            "constants": {"shst": 3500000, "indeks_lokalitas": "0.005", "indeks_terintegrasi": "0.6"},
        }
    ],
}


@pytest.mark.parametrize(
    ("tariff", "answers", "lines", "total"),
    [
        (rules.flat(150000), {}, [150000], 150000),
        (rules.flat(0), {}, [0], 0),
        # 4 m² × 25.000 = 100.000 (at the minimum); 30 days × 2.000 = 60.000; + 10.000
        (BILLBOARD, {"luas": "4", "hari": 30}, [100000, 60000, 10000], 170000),
        # 2 m² → 50.000 raised to the minimum 100.000; 365 days → 730.000 capped at 300.000
        (BILLBOARD, {"luas": 2, "hari": "365"}, [100000, 300000, 10000], 410000),
        # decimal area with a comma: 12,5 m² × 25.000 = 312.500
        (BILLBOARD, {"luas": "12,5", "hari": 1}, [312500, 2000, 10000], 324500),
        # 120 m² × 3.500.000 × 0,005 × 0,6 = 1.260.000
        (PBG, {"luas": 120}, [1260000], 1260000),
        # 33,3 m² → 349.650, rounded up per Rp100 → 349.700
        (PBG, {"luas": "33.3"}, [349650], 349700),
    ],
)
def test_charge(tariff, answers, lines, total):
    parsed = tariff if isinstance(tariff, rules.Tariff) else parse_tariff(tariff)
    result = charge(parsed, answers)
    assert [line.amount for line in result.lines] == lines
    assert result.total == total


def test_half_up_rounding_per_line():
    tariff = parse_tariff({"items": [{"kind": "per_unit", "label": "x", "rate": 3, "unit": "kg", "input": "berat"}]})
    assert charge(tariff, {"berat": "0.5"}).total == 2  # 1,5 -> 2
    assert charge(tariff, {"berat": "0.1"}).total == 0  # 0,3 -> 0


def test_formula_functions_and_unary_minus():
    tariff = parse_tariff(
        {
            "items": [
                {
                    "kind": "formula",
                    "label": "x",
                    "expression": "max(a * 1000, 50000) + min(-(-b), 3) * 10",
                    "inputs": {"a": "m", "b": "n"},
                }
            ]
        }
    )
    assert charge(tariff, {"a": 10, "b": 7}).total == 50030
    assert charge(tariff, {"a": 100, "b": 1}).total == 100010


def test_description_states_the_same_data_in_both_languages():
    tariff = parse_tariff(BILLBOARD)
    assert describe(tariff) == [
        "Sewa titik reklame: Rp25.000 per m² (paling sedikit Rp100.000)",
        "Masa pasang: Rp2.000 per hari (paling banyak Rp300.000)",
        "Biaya administrasi: Rp10.000",
    ]
    english = describe(tariff, english=True)
    assert english[0] == "Billboard site rent: Rp25.000 per m² (minimum Rp100.000)"
    assert describe(parse_tariff(PBG))[-1] == "Jumlah dibulatkan ke atas per Rp100"
    assert "shst = 3.500.000" in describe(parse_tariff(PBG))[0]
    assert describe(rules.flat(0)) == ["Retribusi: gratis"]


def test_free_and_inputs():
    assert rules.flat(0).free and not rules.flat(1).free
    assert parse_tariff(BILLBOARD).input_names == ("luas", "hari")
    assert parse_tariff(PBG).input_names == ("luas",)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "paling sedikit satu"),
        ({"items": []}, "paling sedikit satu"),
        ({"items": [{"kind": "flat", "label": "x", "amount": 1}] * 21}, "paling banyak"),
        ({"items": [{"kind": "gift", "label": "x"}]}, "jenis"),
        ({"items": [{"kind": "flat", "amount": 1}]}, "uraian"),
        ({"items": [{"kind": "flat", "label": "x", "amount": -1}]}, "negatif"),
        ({"items": [{"kind": "flat", "label": "x", "amount": "1000.5"}]}, "rupiah bulat"),
        ({"items": [{"kind": "flat", "label": "x", "amount": "seribu"}]}, "angka"),
        ({"items": [{"kind": "flat", "label": "x", "amount": True}]}, "angka"),
        ({"items": [{"kind": "flat", "label": "x", "amount": "Infinity"}]}, "terhingga"),
        ({"items": [{"kind": "per_unit", "label": "x", "rate": 1, "input": "luas"}]}, "satuan"),
        ({"items": [{"kind": "per_unit", "label": "x", "rate": 1, "unit": "m", "input": "1a"}]}, "nama isian"),
        ({"items": [{"kind": "per_unit", "label": "x", "rate": 1, "unit": "m", "input": "a", "minimum": 5,
                     "maximum": 4}]}, "batas bawah"),
        ({"items": [{"kind": "formula", "label": "x", "expression": "a * b", "inputs": {"a": "m"}}]}, "tidak dikenal: b"),
        ({"items": [{"kind": "formula", "label": "x", "expression": "a ** 2", "inputs": {"a": "m"}}]}, "hanya boleh"),
        ({"items": [{"kind": "formula", "label": "x", "expression": "__import__('os')", "inputs": {}}]}, "min dan max|tidak dikenal"),
        ({"items": [{"kind": "formula", "label": "x", "expression": "a.real", "inputs": {"a": "m"}}]}, "hanya boleh"),
        ({"items": [{"kind": "formula", "label": "x", "expression": "'1' + a", "inputs": {"a": "m"}}]}, "angka"),
        ({"items": [{"kind": "formula", "label": "x", "expression": "max(a)", "inputs": {"a": "m"}}]}, "dua nilai"),
        ({"items": [{"kind": "formula", "label": "x", "expression": "a +", "inputs": {"a": "m"}}]}, "tidak dapat dibaca"),
        ({"items": [{"kind": "formula", "label": "x", "expression": "a", "inputs": {"a": "m"},
                     "constants": {"a": 1}}]}, "sekaligus"),
        ({"items": [{"kind": "formula", "label": "x", "expression": "1" * 301}]}, "paling panjang"),
        ({"round_to": 0, "items": [{"kind": "flat", "label": "x", "amount": 1}]}, "Pembulatan"),
    ],
)  # fmt: skip
def test_broken_tariffs_are_refused_with_a_reason(data, message):
    with pytest.raises(TariffError, match=message):
        parse_tariff(data)


@pytest.mark.parametrize(
    ("tariff", "answers", "message"),
    [
        (BILLBOARD, {"hari": 1}, "Isian luas diperlukan"),
        (BILLBOARD, {"luas": "", "hari": 1}, "Isian luas diperlukan"),
        (BILLBOARD, {"luas": "-3", "hari": 1}, "negatif"),
        (BILLBOARD, {"luas": "tiga", "hari": 1}, "angka"),
        ({"items": [{"kind": "formula", "label": "x", "expression": "1000 / a", "inputs": {"a": "m"}}]}, {"a": 0},
         "membagi dengan nol"),
        ({"items": [{"kind": "formula", "label": "x", "expression": "a - 1000", "inputs": {"a": "m"}}]}, {"a": 1},
         "negatif"),
    ],
)  # fmt: skip
def test_answers_that_cannot_be_charged_are_refused(tariff, answers, message):
    with pytest.raises(TariffError, match=message) as refusal:
        charge(parse_tariff(tariff), answers)
    assert refusal.value.message


def test_missing_answer_names_its_field():
    with pytest.raises(TariffError) as refusal:
        charge(parse_tariff(BILLBOARD), {"luas": 1})
    assert refusal.value.field == "hari"


def test_exact_decimals_not_floats():
    # 0,1 + 0,2 in floats is 0,30000000000000004; in a tariff of 1.000.000 per unit that would drift.
    tariff = parse_tariff(
        {"items": [{"kind": "formula", "label": "x", "expression": "(a + b) * 1000000", "inputs": {"a": "", "b": ""}}]}
    )
    assert charge(tariff, {"a": "0.1", "b": "0.2"}).total == 300000
    assert rules._number(Decimal("1250.50")) == "1.250,5"


@pytest.mark.parametrize("luas", [10**40, "1e308", 10**4000, "9" * 5000])
def test_huge_answers_are_refused_not_crashed(luas):
    with pytest.raises(TariffError, match="terlalu besar|tidak wajar"):
        charge(parse_tariff(BILLBOARD), {"luas": luas, "hari": 1})


def test_a_huge_constant_is_refused_when_charged():
    tariff = parse_tariff(
        {
            "items": [
                {
                    "kind": "formula",
                    "label": "x",
                    "expression": "a * k",
                    "inputs": {"a": "m"},
                    "constants": {"k": "1e999"},
                }
            ]
        }
    )
    with pytest.raises(TariffError):
        charge(tariff, {"a": 2})
