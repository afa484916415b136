"""Issue 11, finding 5: a submission far larger than its form allows is refused by the shape precheck
(loket.applications.formspec.FormSpec.precheck) without the JSON Schema validator walking it."""

import json

import pytest
from jsonschema import Draft202012Validator

from loket.applications.formspec import FormSpec
from tests.applications.test_citizen_pages import (
    FAMILY_FORM,
    applicant_client,
    apply_url,
    family_service,
)
from tests.helpers.api import token_caller
from tests.helpers.applications import ANSWERS

ROWS = 90_000


@pytest.fixture
def validator_calls(monkeypatch):
    calls = []
    original = Draft202012Validator.iter_errors

    def spy(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Draft202012Validator, "iter_errors", spy)
    return calls


def family_answers(rows: int) -> dict:
    return {
        "jenis": "baru",
        "alamat": {"region": "32.73", "street": "Jl. Asia Afrika 1"},
        "anak": [{"nama": "A"}] * rows,
    }


def test_precheck_refuses_90000_rows_without_the_validator(validator_calls):
    _cleaned, errors = FormSpec(FAMILY_FORM).validate(family_answers(ROWS))
    assert errors == {"anak": ["Data anak: paling banyak 3 baris."]}
    assert validator_calls == []


def test_precheck_leaves_a_valid_submission_to_the_validator(validator_calls):
    _cleaned, errors = FormSpec(FAMILY_FORM).validate(family_answers(2))
    assert errors == {} and validator_calls  # the validator ran


def test_api_refuses_90000_rows_by_the_precheck(db, family_service, applicant, settings, validator_calls):
    # Above the default body limit this is a 413 before anything; raised here to reach the precheck behind it.
    settings.LOKET_MAX_REQUEST_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
    body = {"service": family_service.code, "data": family_answers(ROWS), "idempotency_key": "besar"}
    response = token_caller(applicant).post("/applications", body)
    assert response.status_code == 422, response.content[:300]
    assert response.json()["errors"]["anak"] == ["Data anak: paling banyak 3 baris."]
    assert validator_calls == []


def test_api_refuses_90000_rows_by_size_with_the_default_limit(db, family_service, applicant, validator_calls):
    body = {"service": family_service.code, "data": family_answers(ROWS), "idempotency_key": "besar"}
    assert len(json.dumps(body)) > 1024 * 1024
    response = token_caller(applicant).post("/applications", body)
    assert response.status_code == 413 and validator_calls == []


def test_html_form_refuses_too_many_rows_by_the_precheck(applicant_client, family_service, validator_calls):
    post = {"_key": "k", "_action": "submit", "jenis": "baru", "alamat-region": "32.73", "alamat-street": "Jl. A 1"}
    post.update({f"anak-{i}-nama": "A" for i in range(200)})
    response = applicant_client.post(apply_url(family_service), post)
    assert response.status_code == 400
    assert "Data anak: paling banyak 3 baris." in response.content.decode()
    assert validator_calls == []


def test_html_form_with_90000_rows_is_refused_before_any_parsing(applicant_client, family_service, validator_calls):
    post = {"_key": "k", "_action": "submit", "jenis": "baru"}
    post.update({f"anak-{i}-nama": "A" for i in range(ROWS)})
    response = applicant_client.post(apply_url(family_service), post)
    assert response.status_code in (400, 413)
    assert validator_calls == []
