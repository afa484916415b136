"""Catalogue fixtures: a small published catalogue across two kabupaten/kota and a WITA city (the API tests)."""

import pytest

from loket.catalogue import services as catalogue
from loket.catalogue.models import Category
from loket.org.models import Agency, Role
from tests.helpers.catalogue import COMPLETE_CONTENT, publish_service
from tests.helpers.org import make_user


@pytest.fixture
def social_category(db):
    return Category.objects.create(slug="sosial", name_id="Sosial", name_en="Social")


@pytest.fixture
def agency_banjarmasin(banjarmasin):
    return Agency.objects.create(
        region=banjarmasin,
        slug="disdukcapil-banjarmasin",
        name="Disdukcapil Kota Banjarmasin",
        short_name="Disdukcapil",
    )


@pytest.fixture
def catalogue_data(service_a, editor_b, agency_b, agency_banjarmasin, category, social_category):
    """service_a (Bandung, citizen, perizinan), one Bogor business service, one Banjarmasin service,
    and a Bogor service that only has a draft."""
    bogor = publish_service(
        editor_b,
        agency_b,
        social_category,
        "akta-kelahiran-bogor",
        "Penerbitan Akta Kelahiran",
        name_en="Birth certificate",
        audience="business",
        content={
            **COMPLETE_CONTENT,
            "product": "Akta kelahiran",
            "fee_amount": 15000,
            "fee_legal_basis": "Perda Kabupaten Bogor 1/2020",
            "summary": "Pencatatan kelahiran penduduk.",
        },
    )
    editor_bjm = make_user("editor_bjm", (Role.CATALOGUE_EDITOR, agency_banjarmasin))
    banjarmasin = publish_service(
        editor_bjm,
        agency_banjarmasin,
        category,
        "reklame-banjarmasin",
        "Izin Reklame",
        name_en="Billboard permit",
        content={
            **COMPLETE_CONTENT,
            "product": "Surat izin reklame",
            "summary": "Izin pemasangan reklame di ruang publik.",
        },
    )
    draft_only = catalogue.create_service(
        actor=editor_b, agency=agency_b, code="draf-rahasia-bogor", name_id="Layanan Rahasia Draf", category=category
    )
    return {"bandung": service_a, "bogor": bogor, "banjarmasin": banjarmasin, "draft_only": draft_only}
