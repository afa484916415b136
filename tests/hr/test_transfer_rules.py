"""e-Mutasi's rules (BKN regulation 5/2019; domain notes §12), table-tested."""

import datetime as dt

import pytest

from loket.hr.transfer import rules
from loket.hr.transfer.rules import BETWEEN_AGENCIES, BETWEEN_REGIONS, WITHIN_AGENCY, Policy

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("from_region", "from_agency", "to_region", "to_agency", "kind"),
    [
        (1, 10, 1, 10, WITHIN_AGENCY),  # unit to unit in one agency
        (1, 10, 1, 11, BETWEEN_AGENCIES),  # two agencies of one region
        (1, 10, 2, 20, BETWEEN_REGIONS),  # regency → province
        (2, 20, 1, 10, BETWEEN_REGIONS),  # province → regency
        (3, 30, 4, 40, BETWEEN_REGIONS),  # regency → regency
    ],
)
def test_the_kind_follows_from_both_places(from_region, from_agency, to_region, to_agency, kind):
    assert rules.transfer_kind(from_region, from_agency, to_region, to_agency) == kind


@pytest.mark.parametrize(
    ("kind", "approvals", "bkn", "first"),
    [
        (WITHIN_AGENCY, (), False, "verification"),
        (BETWEEN_AGENCIES, ("sender", "receiver"), False, "sender"),
        (BETWEEN_REGIONS, ("sender", "receiver"), True, "sender"),
    ],
)
def test_approvals_and_bkn_per_kind(kind, approvals, bkn, first):
    assert rules.approvals_needed(kind) == approvals
    assert rules.needs_bkn(kind) is bkn
    assert rules.first_status(kind) == first


@pytest.mark.parametrize(
    ("kind", "decree_by", "side"),
    [
        (WITHIN_AGENCY, "sending", "receiver"),  # one agency: one official
        (BETWEEN_AGENCIES, "receiving", "receiver"),
        (BETWEEN_REGIONS, "receiving", "receiver"),
        (BETWEEN_REGIONS, "sending", "sender"),
    ],
)
def test_who_sets_the_decree_is_policy(kind, decree_by, side):
    assert rules.decree_side(kind, Policy(decree_by=decree_by)) == side


@pytest.mark.parametrize(
    ("quota", "holders", "incoming", "free"),
    [(None, 0, 0, None), (3, 1, 1, 1), (3, 2, 1, 0), (2, 3, 0, 0), (0, 0, 0, 0), (5, 0, 0, 5)],
)
def test_vacancy(quota, holders, incoming, free):
    assert rules.vacancy(quota, holders, incoming) == free


def test_vacancy_refusals_name_the_position_and_the_unit():
    assert rules.vacancy_refusal(1, "Analis", "Bidang A") is None
    assert "belum ditetapkan" in rules.vacancy_refusal(None, "Analis", "Bidang A")[0]
    none_left = rules.vacancy_refusal(0, "Analis", "Bidang A")
    assert "Tidak ada lowongan formasi untuk jabatan Analis pada Bidang A" in none_left[0]
    assert "No vacancy" in none_left[1]


@pytest.mark.parametrize(
    ("first", "last", "months"),
    [
        (dt.date(2027, 1, 1), dt.date(2028, 1, 1), 12),
        (dt.date(2027, 1, 15), dt.date(2028, 1, 1), 11),
        (dt.date(2027, 3, 1), dt.date(2027, 1, 1), -2),
    ],
)
def test_months_between(first, last, months):
    assert rules.months_between(first, last) == months


BASE = {
    "status": "PNS",
    "left": False,
    "open_transfer": False,
    "pension_date": dt.date(2050, 1, 1),
    "service_start": dt.date(2015, 3, 1),
    "kind": BETWEEN_REGIONS,
    "effective": dt.date(2027, 2, 1),
    "today": TODAY,
    "same_place": False,
    "policy": Policy(),
}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"left": True}, ["tidak aktif"]),
        ({"status": "PPPK"}, ["hanya untuk PNS"]),
        ({"status": "CPNS"}, ["CPNS belum dapat"]),
        ({"status": "CPNS", "policy": Policy(cpns_may_move=True)}, []),
        ({"open_transfer": True}, ["sedang diproses"]),
        ({"same_place": True}, ["sama dengan jabatan"]),
        ({"effective": TODAY}, ["setelah hari ini"]),
        ({"pension_date": dt.date(2028, 1, 1)}, ["kurang dari 12 bulan"]),  # 11 months after 1 Feb 2027
        ({"pension_date": dt.date(2028, 2, 1)}, []),  # exactly 12 months
        ({"pension_date": dt.date(2028, 2, 1), "policy": Policy(pension_months=24)}, ["kurang dari 24 bulan"]),
        ({"pension_date": None}, []),  # the registry's post gives no retirement age: BKD checks
        ({"policy": Policy(min_service_years_between_regions=15)}, ["paling sedikit 15 tahun"]),
        ({"policy": Policy(min_service_years_between_regions=15), "kind": BETWEEN_AGENCIES}, []),
        ({"left": True, "open_transfer": True}, ["tidak aktif", "sedang diproses"]),
    ],
)
def test_eligibility_refusals(changes, expected):
    found = rules.eligibility_refusals(**{**BASE, **changes})
    assert len(found) == len(expected)
    for (indonesian, english), words in zip(found, expected, strict=True):
        assert words in indonesian and english
