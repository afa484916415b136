"""Public catalogue pages (issue 2 item 7 and the public half of item 6).

Tests marked `sqlite` also run in the SQLite smoke pass, which covers the fallback search.
"""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection

from loket.catalogue import queries
from loket.catalogue import services as catalogue
from loket.catalogue.models import Audience, Category
from loket.catalogue.rules import COMPONENTS
from tests.helpers.catalogue import COMPLETE_CONTENT, publish_change, publish_service

pytestmark = pytest.mark.django_db

CSS_BYTES = len(open(finders.find("loket/loket.css"), "rb").read())
PAGE_BUDGET = 100 * 1024


@pytest.fixture
def health(db):
    return Category.objects.create(slug="kesehatan", name_id="Kesehatan", name_en="Health")


@pytest.fixture
def civil(db):
    return Category.objects.create(slug="kependudukan", name_id="Kependudukan", name_en="Civil registration")


@pytest.fixture
def catalogue_data(service_a, editor_a, editor_b, agency_a, agency_b, category, civil):
    """Three published services in two kabupaten/kota and one draft that must never show."""
    reklame = publish_service(
        editor_a,
        agency_a,
        category,
        "izin-reklame-bandung",
        "Izin Reklame",
        name_en="Billboard permit",
        audience=Audience.BUSINESS,
        content={
            **COMPLETE_CONTENT,
            "summary": "Izin memasang papan reklame.",
            "product": "Surat Izin Reklame",
            "fee_amount": 150000,
            "fee_legal_basis": "Perda Kota Bandung 1/2024 tentang Pajak Daerah",
        },
    )
    akta = publish_service(
        editor_b,
        agency_b,
        civil,
        "akta-kelahiran-bogor",
        "Akta Kelahiran",
        name_en="Birth certificate",
        content={
            **COMPLETE_CONTENT,
            "summary": "Pencatatan kelahiran anak.",
            "product": "Kutipan akta kelahiran",
            "requirements": [
                {"name": "Surat keterangan lahir", "mandatory": True, "kind": "document", "file_types": ["pdf"]}
            ],
            "staffing": "",
            "evaluation": "",
        },
    )
    draft = catalogue.create_service(
        actor=editor_a, agency=agency_a, code="sktm-bandung", name_id="Surat Keterangan Tidak Mampu", category=category
    )
    return {"praktik": service_a, "reklame": reklame, "akta": akta, "draft": draft}


def codes(response) -> list[str]:
    return [service.code for service in response.context["page"].object_list]


def html(response) -> str:
    return response.content.decode()


# --- home -----------------------------------------------------------------------------------------


@pytest.mark.sqlite
def test_home_explains_loket_counts_and_warns_against_illegal_charges(client, catalogue_data):
    response = client.get("/")
    assert response.status_code == 200
    page = html(response)
    assert '<html lang="id">' in page
    assert 'action="/layanan/"' in page and 'name="q"' in page and 'for="home-q"' in page
    summary = response.context["summary"]
    assert (summary.services, summary.agencies) == (3, 2)
    assert [r.code for r in summary.regions] == ["32", "32.01", "32.73"]
    assert {r.code: r.service_count for r in summary.regions} == {"32": 3, "32.01": 1, "32.73": 2}
    assert "/layanan/?category=perizinan" in page and "/layanan/?region=32.73" in page
    assert "Tanpa pungutan liar" in page and settings.LOKET_COMPLAINT_CHANNEL in page
    assert "Surat Keterangan Tidak Mampu" not in page


# --- catalogue: search ----------------------------------------------------------------------------


@pytest.mark.sqlite
def test_catalogue_lists_only_published_services_by_name(client, catalogue_data):
    response = client.get("/layanan/")
    assert response.status_code == 200
    assert codes(response) == ["akta-kelahiran-bogor", "izin-praktik-bandung", "izin-reklame-bandung"]
    assert "3 layanan ditemukan" in html(response)


@pytest.mark.sqlite
def test_search_requires_every_word_case_insensitively(client, catalogue_data):
    assert codes(client.get("/layanan/", {"q": "IZIN  praktik"})) == ["izin-praktik-bandung"]
    assert set(codes(client.get("/layanan/", {"q": "izin"}))) == {"izin-praktik-bandung", "izin-reklame-bandung"}
    assert codes(client.get("/layanan/", {"q": "izin kelahiran"})) == []


def test_postgres_indonesian_stemmer_behaves_as_the_search_relies_on():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('indonesian', 'perizinan kesehatan pelayanan kelahiran')::text")
        vector = cursor.fetchone()[0]
    assert vector == "'izin':1 'lahir':4 'layan':3 'sehat':2"


def test_search_finds_derived_indonesian_words(client, catalogue_data, editor_b, agency_b, health):
    # This service says "izin" and "sehat" only in derived forms or bare roots, never "perizinan".
    publish_service(
        editor_b,
        agency_b,
        health,
        "izin-klinik-bogor",
        "Izin Operasional Klinik",
        content={**COMPLETE_CONTENT, "summary": "Untuk klinik pratama.", "product": "Izin operasional"},
    )
    found = codes(client.get("/layanan/", {"q": "perizinan klinik"}))
    assert found == ["izin-klinik-bogor"]
    # "sehat" (healthy) finds services about "kesehatan" (health).
    assert "izin-praktik-bandung" in codes(client.get("/layanan/", {"q": "sehat"}))
    # "lahir" (be born) finds "Akta Kelahiran".
    assert codes(client.get("/layanan/", {"q": "lahir"})) == ["akta-kelahiran-bogor"]


def test_search_ranks_name_matches_first(client, catalogue_data, editor_a, agency_a, category):
    publish_service(
        editor_a,
        agency_a,
        category,
        "izin-usaha-bandung",
        "Izin Usaha Mikro",
        content={**COMPLETE_CONTENT, "summary": "Termasuk usaha papan reklame kecil.", "product": "Nomor izin usaha"},
    )
    found = codes(client.get("/layanan/", {"q": "reklame"}))
    assert found == ["izin-reklame-bandung", "izin-usaha-bandung"]


def test_search_uses_the_expression_of_the_gin_index():
    # The GIN index can serve the search only if the WHERE clause has its exact expression. PostgreSQL
    # prints both in the same normalized form, so compare them as text: the planner may still prefer
    # another index on a tiny table, which says nothing about the expression.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef('catalogue_service_fts'::regclass)")
        indexdef = cursor.fetchone()[0]
    expression = indexdef.split("USING gin (", 1)[1][:-1]
    assert expression == "to_tsvector('indonesian'::regconfig, COALESCE(search_text, ''::text))"
    plan = queries.search_services(q="izin praktik").explain()
    assert expression + " @@ '''izin'' & ''praktik'''::tsquery" in plan, plan


def test_search_accepts_any_text_safely(client, catalogue_data):
    for q in ["izin & | !", "'", '"izin praktik"', "-reklame izin", "yang", "x" * 500]:
        assert client.get("/layanan/", {"q": q}).status_code == 200
    # A NUL byte is refused for every page in one place (core.request_limits), with a readable page.
    for params in ({"q": "izin\x00"}, {"region": "32\x00", "agency": "a\x00", "category": "\x00"}):
        refused = client.get("/layanan/", params)
        assert refused.status_code == 400 and "NUL" in refused.content.decode()
    assert codes(client.get("/layanan/", {"q": "izin -reklame"})) == ["izin-praktik-bandung"]


# --- catalogue: filters, pagination, empty state --------------------------------------------------


@pytest.mark.sqlite
@pytest.mark.parametrize(
    "params, expected",
    [
        ({"region": "32"}, {"akta-kelahiran-bogor", "izin-praktik-bandung", "izin-reklame-bandung"}),
        ({"region": "32.73"}, {"izin-praktik-bandung", "izin-reklame-bandung"}),
        ({"region": "32.01"}, {"akta-kelahiran-bogor"}),
        ({"agency": "disdukcapil-kab-bogor"}, {"akta-kelahiran-bogor"}),
        ({"category": "perizinan"}, {"izin-praktik-bandung", "izin-reklame-bandung"}),
        ({"audience": "business"}, {"izin-reklame-bandung"}),
        ({"region": "32.73", "audience": "citizen"}, {"izin-praktik-bandung"}),
        ({"region": "32.01", "category": "perizinan"}, set()),
        ({"audience": "nonsense"}, {"akta-kelahiran-bogor", "izin-praktik-bandung", "izin-reklame-bandung"}),
    ],
)
def test_catalogue_filters(client, catalogue_data, params, expected):
    assert set(codes(client.get("/layanan/", params))) == expected


@pytest.mark.sqlite
def test_filter_form_uses_get_with_labelled_fields_and_keeps_choices(client, catalogue_data):
    page = html(client.get("/layanan/", {"region": "32.73", "category": "perizinan", "q": "izin"}))
    form = re.search(r'<form method="get" action="/layanan/".*?</form>', page, re.S).group(0)
    for name in ("q", "region", "agency", "category", "audience"):
        field_id = re.search(rf'id="([^"]+)" name="{name}"', form).group(1)
        assert f'<label for="{field_id}">' in form
    assert '<option value="32.73" selected>' in form and '<option value="perizinan" selected>' in form
    assert 'value="izin"' in form
    # With a region chosen, the agency choices are that region's agencies only.
    assert "dpmptsp-kota-bandung" in form and "disdukcapil-kab-bogor" not in form


@pytest.mark.sqlite
def test_empty_result_explains_what_to_do(client, catalogue_data):
    page = html(client.get("/layanan/", {"q": "paspor", "region": "32.01"}))
    assert "0 layanan ditemukan" in page
    assert "Tidak ada layanan yang cocok." in page and "Hapus semua filter" in page


def test_pagination_twenty_per_page_keeps_the_query(client, editor_a, agency_a, category):
    for number in range(45):
        catalogue_service = publish_service(
            editor_a, agency_a, category, f"surat-{number:02d}", f"Surat Keterangan {number:02d}"
        )
        assert catalogue_service.current_id
    first = client.get("/layanan/", {"q": "surat"})
    assert len(codes(first)) == 20 and codes(first)[0] == "surat-00"
    page = html(first)
    assert 'aria-label="Halaman hasil"' in page
    assert 'href="?page=2&amp;q=surat" rel="next"' in page
    assert 'href="?page=1&amp;q=surat" aria-current="page"' in page
    assert "halaman 1 dari 3" in page
    third = client.get("/layanan/", {"q": "surat", "page": 3})
    assert codes(third) == [f"surat-{n}" for n in range(40, 45)]
    assert 'rel="prev"' in html(third) and 'rel="next"' not in html(third)
    assert codes(client.get("/layanan/", {"q": "surat", "page": "abc"}))[0] == "surat-00"
    assert codes(client.get("/layanan/", {"q": "surat", "page": 99})) == codes(third)


def test_catalogue_page_query_count_does_not_grow_with_results(client, catalogue_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/layanan/", {"q": "izin", "region": "32"})


# --- service page ---------------------------------------------------------------------------------


@pytest.mark.sqlite
def test_service_page_presents_all_fourteen_components_in_order(client, catalogue_data):
    response = client.get("/layanan/izin-praktik-bandung/")
    assert response.status_code == 200
    page = html(response)
    positions = [
        page.index(f'id="c-{key}"><span class="num">{n}.</span> {label_id}</h3>')
        for n, (key, label_id, _en, _group) in enumerate(COMPONENTS, start=1)
    ]
    assert positions == sorted(positions)
    requirements = re.search(r'<ul class="requirements">.*?</ul>', page, re.S).group(0)
    assert "KTP-el" in requirements and "Wajib" in requirements and "Dokumen" in requirements
    assert "PDF, JPG" in requirements and "Nomor STR" in requirements and ">Data<" in requirements
    steps = re.search(r'<ol class="steps">(.*?)</ol>', page, re.S).group(1)
    assert steps.count("<li>") == 3 and steps.index("mengisi formulir") < steps.index("Penerbitan izin")
    assert "5 hari kerja" in page
    assert "UU 17/2023 tentang Kesehatan" in page
    assert "Versi 1, terbit" in page
    assert "14 dari 14 komponen terisi (100%)" in page


@pytest.mark.sqlite
def test_service_page_anti_pungli_notice_with_fee_and_where_to_report(client, catalogue_data):
    free = html(client.get("/layanan/izin-praktik-bandung/"))
    notice = re.search(r'<section class="notice[^"]*".*?</section>', free, re.S).group(0)
    assert "Gratis" in notice and "satu-satunya biaya yang sah" in notice
    assert settings.LOKET_COMPLAINT_CHANNEL in notice
    paid = html(client.get("/layanan/izin-reklame-bandung/"))
    notice = re.search(r'<section class="notice[^"]*".*?</section>', paid, re.S).group(0)
    assert "Rp150.000" in notice
    assert "Dasar hukum biaya: Perda Kota Bandung 1/2024 tentang Pajak Daerah" in paid


def test_anti_pungli_notice_names_the_agency_contact(client, catalogue_data):
    agency = catalogue_data["praktik"].agency
    agency.phone, agency.email = "022-4234793", "dpmptsp@bandung.go.id"
    agency.save()
    notice = re.search(
        r'<section class="notice[^"]*".*?</section>', html(client.get("/layanan/izin-praktik-bandung/")), re.S
    ).group(0)
    assert "022-4234793" in notice and 'href="mailto:dpmptsp@bandung.go.id"' in notice


@pytest.mark.sqlite
def test_drafts_and_unknown_services_are_not_public(client, catalogue_data, editor_a):
    assert client.get("/layanan/sktm-bandung/").status_code == 404
    assert client.get("/layanan/tidak-ada/").status_code == 404
    assert client.get("/layanan/izin-praktik-bandung/versi/2/").status_code == 404
    # A new draft of a published service stays invisible until it is published.
    draft = catalogue.open_draft(actor=editor_a, service=catalogue_data["praktik"])
    catalogue.update_draft(actor=editor_a, draft=draft, changes={"product": "Produk rahasia draf"})
    page = html(client.get("/layanan/izin-praktik-bandung/"))
    assert "Produk rahasia draf" not in page and "Surat Izin Praktik (SIP)" in page
    assert client.get("/layanan/izin-praktik-bandung/versi/2/").status_code == 404


@pytest.mark.sqlite
def test_older_versions_stay_readable_and_are_marked(client, catalogue_data, editor_a):
    service = catalogue_data["praktik"]
    draft = catalogue.open_draft(actor=editor_a, service=service)
    catalogue.update_draft(
        actor=editor_a,
        draft=draft,
        changes={"time_limit_days": 3, "fee_amount": 50000, "fee_legal_basis": "Perda 2/2025"},
    )
    publish_change(editor_a, service)
    current = html(client.get("/layanan/izin-praktik-bandung/"))
    assert "3 hari kerja" in current and "Versi 2, terbit" in current
    # What the citizen pays changed: the public page says so, from what to what (four eyes, issue 13).
    assert "Perubahan dari versi 1" in current and "Biaya: Gratis (Rp0) → Rp50.000" in current
    assert "Dasar hukum biaya: «-» → «Perda 2/2025»" in current
    assert 'href="/layanan/izin-praktik-bandung/versi/1/"' in current
    old = client.get("/layanan/izin-praktik-bandung/versi/1/")
    assert old.status_code == 200
    old_page = html(old)
    assert "Ini bukan standar pelayanan yang berlaku." in old_page and "5 hari kerja" in old_page
    assert "Baca versi yang berlaku (versi 2)" in old_page
    # The anti-pungli notice always states the fee in force, even on an archived version.
    assert re.search(r'<strong class="fee">Rp50.000</strong>', old_page)
    response = client.get("/layanan/izin-praktik-bandung/versi/2/")
    assert response.status_code == 302 and response["Location"] == "/layanan/izin-praktik-bandung/"


@pytest.mark.sqlite
def test_service_page_lists_missing_components(client, catalogue_data):
    page = html(client.get("/layanan/akta-kelahiran-bogor/"))
    assert "12 dari 14 komponen terisi (85%)" in page
    missing = re.search(r'<ul class="missing-list">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", missing) == ["Jumlah pelaksana", "Evaluasi kinerja pelaksana"]
    assert page.count("Belum diisi oleh instansi.") == 2


def test_adopted_service_names_its_province_model(
    client, province_editor, province_agency, category, editor_a, agency_a
):
    template = publish_service(
        province_editor,
        province_agency,
        category,
        "izin-praktik-model",
        "Izin Praktik Tenaga Kesehatan",
        is_template=True,
    )
    adopted = catalogue.adopt_template(actor=editor_a, template=template, agency=agency_a)
    assert client.get(f"/layanan/{adopted.code}/").status_code == 404  # adopted as a draft first
    catalogue.publish(actor=editor_a, service=adopted)
    page = html(client.get(f"/layanan/{adopted.code}/"))
    assert "Diadopsi dari layanan model Provinsi Jawa Barat" in page
    assert 'href="/layanan/izin-praktik-model/"' in page and "(berdasarkan versi 1)" in page
    model_page = html(client.get("/layanan/izin-praktik-model/"))
    assert "Ini layanan model provinsi" in model_page and f'href="/layanan/{adopted.code}/">Kota Bandung' in model_page


# --- agency and region pages ----------------------------------------------------------------------


@pytest.mark.sqlite
def test_agency_page_shows_services_and_compliance(client, catalogue_data, editor_b, agency_b, civil):
    publish_service(editor_b, agency_b, civil, "kk-bogor", "Kartu Keluarga")
    response = client.get("/instansi/disdukcapil-kab-bogor/")
    assert response.status_code == 200
    compliance = response.context["compliance"]
    assert (compliance.total, compliance.complete, compliance.percent) == (2, 1, 50)
    page = html(response)
    assert "<strong>50%</strong>" in page and "(1 dari 2)" in page
    assert "Akta Kelahiran</a> —" in page and "belum diisi: Jumlah pelaksana, Evaluasi kinerja pelaksana" in page
    assert 'href="/layanan/kk-bogor/"' in page
    assert client.get("/instansi/tidak-ada/").status_code == 404


def test_agency_without_published_services_says_so(client, catalogue_data, province_agency):
    page = html(client.get(f"/instansi/{province_agency.slug}/"))
    assert "belum menerbitkan layanan" in page
    assert "Surat Keterangan Tidak Mampu" not in html(client.get("/instansi/dpmptsp-kota-bandung/"))


@pytest.mark.sqlite
def test_region_pages_list_agencies_and_children(client, catalogue_data, province_agency):
    province = html(client.get("/wilayah/32/"))
    assert "Provinsi Jawa Barat" in province
    assert 'href="/wilayah/32.73/">Kota Bandung' in province and 'href="/wilayah/32.01/">Kabupaten Bogor' in province
    assert f'href="/instansi/{province_agency.slug}/"' in province
    assert "3 layanan" in province
    kota = html(client.get("/wilayah/32.73/"))
    assert 'href="/instansi/dpmptsp-kota-bandung/">DPMPTSP Kota Bandung</a> <span class="muted">· 2 layanan' in kota
    assert client.get("/wilayah/99/").status_code == 404
    assert client.get("/wilayah/32%00/").status_code == 400  # NUL: refused in one place


# --- language, size, no external requests ---------------------------------------------------------


@pytest.mark.sqlite
def test_english_switch_changes_labels_and_html_lang(client, catalogue_data):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/layanan/izin-reklame-bandung/"})
    assert response.status_code == 302 and response["Location"] == "/layanan/izin-reklame-bandung/"
    page = html(client.get("/layanan/izin-reklame-bandung/"))
    assert '<html lang="en">' in page
    assert "<h1>Billboard permit</h1>" in page
    for _key, _id, label_en, _group in COMPONENTS:
        assert f"</span> {label_en}</h3>" in page
    assert "No illegal charges" in page and "Mandatory" in page and "5 working days" in page
    assert "Version 1, published on" in page and "Businesses" in page
    free = html(client.get("/layanan/izin-praktik-bandung/"))
    assert '<strong class="fee">Free</strong>' in free
    assert "3 services found" in html(client.get("/layanan/"))
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    page = html(client.get("/layanan/izin-reklame-bandung/"))
    assert '<html lang="id">' in page and "<h1>Izin Reklame</h1>" in page and "Persyaratan" in page


def _assert_small_and_self_contained(page: str, url: str):
    assert len(page.encode()) + CSS_BYTES < PAGE_BUDGET, url
    assert "<script" not in page, url
    # Everything the browser loads comes from this site: stylesheets, images, frames, fonts.
    loaded = re.findall(
        r'<(?:link|img|iframe|source|video|audio|embed|object)\b[^>]*?(?:href|src|data)="([^"]+)"', page
    )
    assert loaded and all(ref.startswith("/") and not ref.startswith("//") for ref in loaded), (url, loaded)


def test_every_public_page_is_small_and_loads_nothing_from_other_hosts(
    client, catalogue_data, editor_a, agency_a, category
):
    for number in range(25):
        publish_service(
            editor_a,
            agency_a,
            category,
            f"layanan-{number:02d}",
            f"Layanan Perizinan Nomor {number:02d}",
            content={**COMPLETE_CONTENT, "summary": "Ringkasan layanan. " * 20},
        )
    urls = [
        "/",
        "/layanan/",
        "/layanan/?q=izin&region=32",
        "/layanan/?page=2",
        "/layanan/izin-praktik-bandung/",
        "/layanan/akta-kelahiran-bogor/",
        "/instansi/dpmptsp-kota-bandung/",
        "/wilayah/32/",
        "/wilayah/32.73/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_small_and_self_contained(html(response), url)


def test_anonymous_pages_are_cached_until_the_catalogue_changes(
    client, service_a, editor_a, settings, django_assert_max_num_queries
):
    from loket.catalogue import services as catalogue_services

    settings.LOKET_PAGE_CACHE_SECONDS = 60
    url = f"/layanan/{service_a.code}/"
    first = client.get(url)
    with django_assert_max_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    draft = catalogue_services.open_draft(actor=editor_a, service=service_a)
    catalogue_services.update_draft(actor=editor_a, draft=draft, changes={"product": "Surat Izin Praktik elektronik"})
    catalogue_services.publish(actor=editor_a, service=service_a)
    assert "Surat Izin Praktik elektronik" in client.get(url).content.decode()


def test_signed_in_users_are_never_served_the_anonymous_cache(client, service_a, editor_a, settings):
    settings.LOKET_PAGE_CACHE_SECONDS = 60
    client.get("/")
    client.force_login(editor_a)
    assert "/kantor/" in client.get("/").content.decode()
