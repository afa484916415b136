"""Editing a levy's tariff in the catalogue's back office (issue 18, ADR 20): flat, per-unit and formula items as rows
that work without JavaScript, checked whole by catalogue.tariffs with its Indonesian messages, and previewed as the
public page will state it (tariffs.describe: the same data the assessment charges)."""

import re

import pytest
from django.test import Client

from loket.catalogue import services as catalogue
from loket.catalogue import tariffs
from loket.catalogue.models import ServiceStandard
from tests.helpers.catalogue import form_data

pytestmark = pytest.mark.django_db


def _rows(items, blank=1) -> dict:
    data = {}
    for i, item in enumerate([*items, *([{}] * blank)]):
        for key in ("kind", "label", "label_en", "amount", "rate", "unit", "minimum", "maximum", "input", "expression",
                    "constants"):  # fmt: skip
            data[f"tariff-{i}-{key}"] = item.get(key, "flat" if key == "kind" else "")
    data["tariff-TOTAL"] = str(len(items) + blank)
    return data


def _post(client, service, items, **content):
    data = {**form_data(fee_amount=None, fee_legal_basis="Perda Kota Bandung 1/2024", **content), **_rows(items)}
    return client.post(f"/kantor/layanan/{service.code}/", data)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _draft(service) -> ServiceStandard:
    return ServiceStandard.objects.get(service=service, status=ServiceStandard.Status.DRAFT)


def test_per_unit_and_flat_items_are_saved_and_previewed(service_a, editor_a):
    client = Client()
    client.force_login(editor_a)
    response = _post(client, service_a, [
        {"kind": "per_unit", "label": "Sewa titik reklame", "label_en": "Billboard site", "rate": "25.000",
         "unit": "m²", "input": "luas", "minimum": "50.000"},
        {"kind": "flat", "label": "Biaya administrasi", "amount": "10000"},
    ])  # fmt: skip
    assert response.status_code == 302, _text(response)[:2000]
    stored = _draft(service_a).fee_tariff
    assert stored["items"] == [
        {"kind": "per_unit", "label": "Sewa titik reklame", "label_en": "Billboard site", "rate": 25000, "unit": "m²",
         "input": "luas", "minimum": 50000},
        {"kind": "flat", "label": "Biaya administrasi", "amount": 10000},
    ]  # fmt: skip
    page = _text(client.get(f"/kantor/layanan/{service_a.code}/"))
    shown = tariffs.describe(tariffs.parse_tariff(stored))
    assert shown == ["Sewa titik reklame: Rp25.000 per m² (paling sedikit Rp50.000)", "Biaya administrasi: Rp10.000"]
    for line in shown:
        assert line in page  # the preview is the public page's wording, from the data that is charged
    assert tariffs.charge(tariffs.parse_tariff(stored), {"luas": 4}).total == 110000
    assert 'value="Sewa titik reklame"' in page  # the rows come back to edit


def test_a_formula_round_trips(service_a, editor_a):
    client = Client()
    client.force_login(editor_a)
    response = _post(client, service_a, [
        {"kind": "formula", "label": "Retribusi tenda", "expression": "luas * lama * tarif",
         "input": "luas:m², lama:hari", "constants": "tarif=2.500"},
    ])  # fmt: skip
    assert response.status_code == 302, _text(response)[:2000]
    item = _draft(service_a).fee_tariff["items"][0]
    assert item["inputs"] == {"luas": "m²", "lama": "hari"} and item["constants"] == {"tarif": 2500}
    page = _text(client.get(f"/kantor/layanan/{service_a.code}/"))
    assert 'value="lama:hari, luas:m²"' in page and 'value="tarif=2500"' in page  # (stored with sorted keys)
    assert (
        "Retribusi tenda: luas * lama * tarif (dengan tarif = 2.500)" in page or "Retribusi tenda: luas * lama" in page
    )


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"kind": "per_unit", "label": "Sewa", "rate": "25000", "input": "luas"}, "satuan (mis. m², hari, buah)"),
        ({"kind": "flat", "label": "Biaya", "amount": "-5"}, "tidak boleh negatif"),
        ({"kind": "flat", "label": "Biaya", "amount": "sepuluh ribu"}, "harus berupa angka"),
        (
            {"kind": "formula", "label": "Rumus", "expression": "luas * __import__", "input": "luas:m²"},
            "nama yang tidak dikenal: __import__",
        ),
    ],
)
def test_a_broken_tariff_is_refused_in_indonesian(service_a, editor_a, item, message):
    client = Client()
    client.force_login(editor_a)
    before = ServiceStandard.objects.filter(service=service_a, status=ServiceStandard.Status.DRAFT).first()
    response = _post(client, service_a, [item])
    assert response.status_code == 400  # the edit page again, with its errors
    page = _text(response)
    assert message in page and 'href="#tarif"' in page
    after = ServiceStandard.objects.filter(service=service_a, status=ServiceStandard.Status.DRAFT).first()
    assert (after.fee_tariff if after else None) == (before.fee_tariff if before else None)


def test_fixed_fee_and_tariff_together_are_refused(service_a, editor_a):
    client = Client()
    client.force_login(editor_a)
    data = {**form_data(fee_amount="5000", fee_legal_basis="Perda 1/2024"),
            **_rows([{"kind": "flat", "label": "Biaya", "amount": "10000"}])}  # fmt: skip
    page = _text(client.post(f"/kantor/layanan/{service_a.code}/", data, follow=True))
    assert "Isi biaya tetap atau tarif, tidak keduanya." in page  # what publishing would refuse, said at once


def test_a_post_without_tariff_rows_keeps_the_stored_tariff(service_a, editor_a):
    draft = catalogue.open_draft(actor=editor_a, service=service_a)
    tariff = {"items": [{"kind": "flat", "label": "Retribusi", "amount": 7000}]}
    catalogue.update_draft(actor=editor_a, draft=draft, changes={"fee_amount": None, "fee_tariff": tariff,
                                                                 "fee_legal_basis": "Perda 1/2024"})  # fmt: skip
    client = Client()
    client.force_login(editor_a)
    response = client.post(f"/kantor/layanan/{service_a.code}/", form_data(fee_amount=None,
                                                                          fee_legal_basis="Perda 1/2024"))  # fmt: skip
    assert response.status_code == 302
    assert _draft(service_a).fee_tariff == tariff
