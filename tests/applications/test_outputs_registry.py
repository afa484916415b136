"""The engine's pages reach the wallet and decision documents only through what documents registers."""

import pytest

from loket.applications import outputs
from loket.core.errors import LoketError
from loket.documents import queries, services


def test_documents_registers_the_wallet_and_the_case_documents():
    registered = outputs._REGISTERED[0]
    assert registered.usable_in_wallet is queries.usable_in_wallet
    assert registered.reuse_as_upload is services.reuse_as_upload
    assert registered.of_application is queries.of_application


def test_without_documents_the_pages_offer_no_wallet_and_refuse_a_wallet_code(monkeypatch):
    monkeypatch.setattr(outputs, "_REGISTERED", [])
    assert outputs.wallet_choices(object()) == []
    assert outputs.documents_of(object()) == []
    with pytest.raises(LoketError):
        outputs.reuse_as_upload(holder=object(), code="X", requirement="ktp")
