"""Catalogue search by relevance with synonyms (issue 15): "KTP" lists the KTP-el services before the many
services that merely ask for a KTP-el, "akte kelahiran" finds "Akta Kelahiran", on PostgreSQL and SQLite alike."""

import pytest

from loket.catalogue import queries, search
from tests.helpers.catalogue import COMPLETE_CONTENT, publish_service

pytestmark = pytest.mark.sqlite


@pytest.fixture
def ktp_services(catalogue_data, editor_b, agency_b, social_category):
    """Two services about the identity card itself, beside three that only ask for one (catalogue_data)."""
    publish_service(
        editor_b,
        agency_b,
        social_category,
        "ktp-el-bogor",
        "Penerbitan KTP-el",
        name_en="Electronic identity card",
        content={**COMPLETE_CONTENT, "summary": "KTP elektronik baru atau pengganti.", "product": "KTP-el"},
    )
    publish_service(
        editor_b,
        agency_b,
        social_category,
        "rekam-ktp-bogor",
        "Perekaman Kartu Tanda Penduduk",
        name_en="Identity card enrolment",
        content={**COMPLETE_CONTENT, "summary": "Perekaman sidik jari dan foto.", "product": "Bukti perekaman"},
    )
    return catalogue_data


def found(q: str) -> list[str]:
    return list(queries.search_services(q=q).values_list("code", flat=True))


def test_ktp_ranks_the_identity_card_services_first(client, ktp_services):
    codes = found("KTP")
    # Alphabetically the billboard permit came first; by relevance the services named for the card do.
    assert set(codes[:2]) == {"ktp-el-bogor", "rekam-ktp-bogor"}
    assert set(codes[2:]) == {"akta-kelahiran-bogor", "izin-praktik-bandung", "reklame-banjarmasin"}
    page = client.get("/layanan/", {"q": "ktp"})
    assert [service.code for service in page.context["page"].object_list] == codes


def test_a_synonym_phrase_finds_the_same_services(ktp_services):
    assert set(found("kartu tanda penduduk")[:2]) == {"ktp-el-bogor", "rekam-ktp-bogor"}
    assert found("e-ktp")[0] in {"ktp-el-bogor", "rekam-ktp-bogor"}


def test_akte_finds_akta(ktp_services):
    assert found("akte kelahiran") == ["akta-kelahiran-bogor"]
    assert found("Akte") == ["akta-kelahiran-bogor"]


def test_name_outranks_summary(catalogue_data, editor_a, agency_a, category):
    publish_service(
        editor_a,
        agency_a,
        category,
        "izin-usaha-bandung",
        "Izin Usaha Mikro",
        content={**COMPLETE_CONTENT, "summary": "Termasuk usaha papan reklame kecil.", "product": "Nomor izin usaha"},
    )
    assert found("reklame") == ["reklame-banjarmasin", "izin-usaha-bandung"]
    # A synonym in the English name counts as the name: "billboard" finds the advertising permit first.
    assert found("billboard")[0] == "reklame-banjarmasin"


def test_excluded_words_and_alternatives_still_work_with_synonyms(ktp_services):
    assert "reklame-banjarmasin" not in found("ktp -reklame")
    assert set(found("akte or reklame")) == {"akta-kelahiran-bogor", "reklame-banjarmasin"}


def test_synonym_table_is_data():
    groups = search.parse_synonyms(["# comment", "KTP, ktp-el ,Kartu  Tanda Penduduk", "", "solo"])
    assert groups == [("ktp", "ktp-el", "kartu tanda penduduk")]
    shipped = search.synonym_groups()
    assert ("akta", "akte") in shipped and any("ktp-el" in group for group in shipped)


@pytest.mark.parametrize(
    "q, terms",
    [
        ("akte kelahiran", [("akte", "akta"), ("kelahiran",)]),
        ("Kartu Keluarga baru", [("kartu keluarga", "kk"), ("baru",)]),
        ("izin -reklame", [("izin",)]),
        ('"izin praktik" or sip', [("izin",), ("praktik",), ("sip", "surat izin praktik")]),
    ],
)
def test_terms_of_a_query(q, terms):
    assert search.terms(q, search.parse_synonyms(["akta,akte", "kk,kartu keluarga", "sip,surat izin praktik"])) == terms


@pytest.fixture
def demo_catalogue(db):
    """The demo's catalogue (loket.demo): its real services, standards only."""
    from loket.demo import seed

    seed.seed_catalogue()


def test_ktp_finds_the_demo_identity_card_service_first(demo_catalogue):
    """The demo has a KTP-el service (Disdukcapil Kota Bandung): "KTP" and its synonyms rank it above the many
    services that only ask for a KTP-el (birth certificate, KIA, practice licences, ...)."""
    for q in ("KTP", "ktp-el", "e-KTP", "kartu tanda penduduk"):
        codes = found(q)
        assert codes[0] == "ktp-el-kota-bandung", (q, codes[:5])
    assert len(found("KTP")) > 3  # the others are still found, after it
