"""Pure rules of the service standard: UU 25/2009 art. 21, PermenPANRB 15/2014."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket.catalogue import rules
from tests.helpers.catalogue import COMPLETE_CONTENT

pytestmark = pytest.mark.sqlite


def test_fourteen_components_in_regulation_order():
    # PermenPANRB 15/2014: six service-delivery and eight management components.
    assert len(rules.COMPONENTS) == 14
    groups = [group for *_, group in rules.COMPONENTS]
    assert groups == ["delivery"] * 6 + ["management"] * 8


def test_complete_standard_has_every_component():
    result = rules.compliance(COMPLETE_CONTENT)
    assert result.complete and result.percent == 100 and result.missing == ()


@pytest.mark.parametrize(
    "change, missing",
    [
        ({"requirements": []}, "requirements"),
        ({"procedure": []}, "procedure"),
        ({"time_limit_days": None}, "time_limit_days"),
        ({"time_limit_days": 0}, "time_limit_days"),
        ({"fee_amount": None}, "fee"),
        ({"product": "   "}, "product"),
        ({"complaints": ""}, "complaints"),
        ({"legal_basis": []}, "legal_basis"),
        ({"facilities": ""}, "facilities"),
        ({"competence": ""}, "competence"),
        ({"supervision": ""}, "supervision"),
        ({"staffing": ""}, "staffing"),
        ({"guarantee": ""}, "guarantee"),
        ({"security": ""}, "security"),
        ({"evaluation": ""}, "evaluation"),
    ],
)
def test_each_missing_component_is_named(change, missing):
    result = rules.compliance({**COMPLETE_CONTENT, **change})
    assert result.missing == (missing,)
    assert result.percent == 13 * 100 // 14


def test_free_service_counts_as_fee_present():
    # A fee of Rp0 is a published fee (many adminduk services are free by law).
    assert "fee" in rules.compliance({**COMPLETE_CONTENT, "fee_amount": 0}).present


def test_empty_standard_is_zero_percent():
    assert rules.compliance({}).percent == 0


def test_complete_content_is_publishable():
    assert rules.publish_errors(COMPLETE_CONTENT) == {}


@pytest.mark.parametrize(
    "change, field, fragment",
    [
        ({"time_limit_days": 0}, "time_limit_days", "lebih dari 0"),
        ({"time_limit_days": None}, "time_limit_days", "lebih dari 0"),
        ({"time_limit_days": 400}, "time_limit_days", "paling lama"),
        ({"fee_amount": -1}, "fee_amount", "tidak boleh negatif"),
        ({"fee_amount": None}, "fee_amount", "tulis 0"),
        ({"fee_amount": 1500.5}, "fee_amount", "bilangan bulat"),
        ({"fee_amount": 50000, "fee_legal_basis": ""}, "fee_legal_basis", "dasar hukum"),
        ({"requirements": []}, "requirements", "Minimal satu"),
        ({"product": ""}, "product", "Produk layanan"),
        ({"procedure": []}, "procedure", "Prosedur"),
        (
            {"requirements": [{"name": "", "kind": "document", "file_types": ["pdf"]}]},
            "requirements",
            "Nama persyaratan",
        ),
        ({"requirements": [{"name": "KTP", "kind": "foto", "file_types": []}]}, "requirements", "Jenis persyaratan"),
        ({"requirements": [{"name": "KTP", "kind": "document", "file_types": []}]}, "requirements", "jenis berkas"),
        (
            {"requirements": [{"name": "KTP", "kind": "document", "file_types": ["exe"]}]},
            "requirements",
            "tidak dikenal",
        ),
    ],
)
def test_publish_errors_explain_in_indonesian(change, field, fragment):
    errors = rules.publish_errors({**COMPLETE_CONTENT, **change})
    assert field in errors
    assert any(fragment in message for message in errors[field])


@given(st.integers(min_value=0, max_value=10**12))
def test_any_whole_rupiah_fee_with_basis_is_valid(amount):
    content = {**COMPLETE_CONTENT, "fee_amount": amount, "fee_legal_basis": "Perda 1/2024"}
    assert "fee_amount" not in rules.publish_errors(content)


def test_template_changes_flags_conflicts_and_ignores_local_fields():
    base = {**COMPLETE_CONTENT}
    template = {**COMPLETE_CONTENT, "time_limit_days": 3, "product": "SIP elektronik", "fee_amount": 100}
    mine = {**COMPLETE_CONTENT, "product": "SIP versi kota", "fee_amount": 25000}
    changes = {c["field"]: c for c in rules.template_changes(base, template, mine)}
    assert set(changes) == {"time_limit_days", "product"}  # the fee is local: never part of the diff
    assert not changes["time_limit_days"]["conflict"]
    assert changes["product"]["conflict"]


def test_merge_keeps_local_fields():
    template = {**COMPLETE_CONTENT, "time_limit_days": 3, "fee_amount": 0}
    mine = {
        **COMPLETE_CONTENT,
        "fee_amount": 25000,
        "fee_legal_basis": "Perda Kota Bandung 1/2024",
        "contact": "Balai Kota",
    }
    merged = rules.merge_template(template, mine)
    assert merged["time_limit_days"] == 3
    assert merged["fee_amount"] == 25000
    assert merged["fee_legal_basis"] == "Perda Kota Bandung 1/2024"
    assert merged["contact"] == "Balai Kota"
