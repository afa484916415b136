"""The frame of every page and the site's own pages (issue 15): header and footer, helpful error pages, the privacy
notice and accessibility statement, the favicon, and status boxes that say their tone in words and class."""

import pytest
from django.contrib.messages import constants
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import include, path

from loket.core import views
from loket.org.models import Identity, IdentityLink


def _denied(request):
    raise PermissionDenied


def _crash(request):
    raise RuntimeError("boom")


def _bad(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("bad")


urlpatterns = [
    path("uji/tolak/", _denied),
    path("uji/rusak/", _crash),
    path("uji/buruk/", _bad),
    path("identitas/", include("loket.org.identity_urls")),
]
handler400 = "loket.core.views.bad_request"
handler403 = "loket.core.views.forbidden"
handler404 = "loket.core.views.not_found"
handler500 = "loket.core.views.server_error"


@pytest.fixture
def deployment(db):
    identity = Identity.objects.create(
        slug="loket-uji",
        name_id="Loket Uji",
        name_en="Loket Test",
        government_id="Pemerintah Daerah Uji",
        address="Jl. Uji No. 1",
        phone="(022) 1234567",
        email="layanan@uji.example",
        hours_id="Senin–Jumat 08.00–15.00 WIB",
        hours_en="Monday–Friday 8:00–15:00 WIB",
    )
    IdentityLink.objects.create(
        identity=identity, kind="complaint", label_id="SP4N-LAPOR!", url="https://www.lapor.go.id/"
    )
    return identity


def _footer(page: str) -> str:
    return page[page.index('<footer class="site-footer"') : page.index("</footer>")]


def test_the_footer_gives_contact_complaints_privacy_and_accessibility(client, deployment):
    footer = _footer(client.get("/").content.decode())
    assert "Pemerintah Daerah Uji" in footer and "Jl. Uji No. 1" in footer
    assert 'href="tel:0221234567"' in footer and 'href="mailto:layanan@uji.example"' in footer
    assert "Senin–Jumat 08.00–15.00 WIB" in footer
    assert 'href="https://www.lapor.go.id/">SP4N-LAPOR!' in footer
    assert 'href="/privasi/"' in footer and 'href="/aksesibilitas/"' in footer


def test_the_footer_links_lead_to_real_pages_in_both_languages(client, deployment):
    privacy = client.get("/privasi/")
    assert privacy.status_code == 200
    text = privacy.content.decode()
    assert "Undang-Undang Nomor 27 Tahun 2022" in text and "Hak Anda" in text and "3 × 24 jam" in text
    assert "Pemerintah Daerah Uji" in text and "layanan@uji.example" in text
    statement = client.get("/aksesibilitas/").content.decode()
    assert "WCAG" in statement and "2.1 tingkat AA" in statement and "Yang belum mudah diakses" in statement
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/privasi/").content.decode()
    assert "Law 27 of 2022 on Personal Data Protection" in english and "Your rights" in english
    assert "What is not yet accessible" in client.get("/aksesibilitas/").content.decode()
    assert "Monday–Friday 8:00–15:00 WIB" in _footer(english) and "Loket Test" in english


def test_the_signed_in_header_folds_its_links_into_a_disclosure_menu(client, citizen):
    client.force_login(citizen)
    page = client.get("/").content.decode()
    header = page[page.index('<header class="site-header">') : page.index("</header>")]
    menu = header[header.index('<details class="nav-menu">') : header.index("</details>")]
    assert "<summary>Menu</summary>" in menu
    assert "/permohonan/" in menu and "Keluar" in menu and 'name="language"' in menu  # everything, without scripts
    assert "<script" not in page


@override_settings(ROOT_URLCONF="tests.core.test_site_pages")
@pytest.mark.parametrize(
    ("url", "status", "title", "advice"),
    [
        ("/tidak-ada/", 404, "Halaman tidak ditemukan", "Periksa kembali alamat"),
        ("/uji/tolak/", 403, "Akses ditolak", "masuk dengan akun yang benar"),
        ("/uji/buruk/", 400, "Permintaan tidak dapat diproses", "Muat ulang halaman sebelumnya"),
    ],
)
def test_error_pages_say_what_happened_and_what_to_do(client, deployment, url, status, title, advice):
    response = client.get(url)
    assert response.status_code == status
    page = response.content.decode()
    assert f"<h1>{title}</h1>" in page and f"Kode galat {status}" in page and advice in page
    assert "Apa yang terjadi" in page and "Yang dapat Anda lakukan" in page
    assert 'action="/layanan/"' in page and 'href="/cek-status/"' in page and 'href="#kontak"' in page
    assert "Loket Uji" in page and "(022) 1234567" in _footer(page)  # the identity and its contact


@override_settings(ROOT_URLCONF="tests.core.test_site_pages")
def test_the_500_page_helps_too(deployment):
    from django.test import Client

    response = Client(raise_request_exception=False).get("/uji/rusak/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Terjadi gangguan" in page and "cek statusnya dulu sebelum mengirim ulang" in page


def test_the_500_page_renders_even_when_the_site_context_fails(rf, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(views, "_error", broken)
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500 and "Terjadi gangguan" in response.content.decode()


def test_an_english_404(client, deployment):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/tidak-ada/").content.decode()
    assert "<h1>Page not found</h1>" in page and "Error code 404" in page and "What you can do" in page


def test_the_favicon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an icon file
    assert '<link rel="icon" href="/static/loket/crests/loket.svg">' in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("level", "css"),
    [
        (constants.SUCCESS, "msg msg-success"),
        (constants.INFO, "msg msg-info"),
        (constants.WARNING, "msg msg-warning"),
        (constants.ERROR, "msg msg-error"),
    ],
)
def test_a_message_shows_in_its_own_tone(rf, citizen, level, css):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = citizen
    request.session = {}
    storage = FallbackStorage(request)
    request._messages = storage
    storage.add(level, "Tersimpan.")
    page = render_to_string("core/base.html", {"messages": storage}, request=request)
    assert f'<p class="{css}">Tersimpan.</p>' in page


def test_the_stylesheet_gives_each_tone_its_colour_and_icon():
    from pathlib import Path

    import loket.core

    css = (Path(loket.core.__file__).parent / "static" / "loket" / "loket.css").read_text()
    for selector, tone in (
        (".notice-success", "--ok"),
        (".notice-warning", "--warn"),
        (".notice-error", "--bad"),
        (".notice[role=alert]", "--bad"),
    ):
        rule = css[css.index(selector) :]
        rule = rule[: rule.index("}")]
        assert f"--tone:var({tone})" in rule and "--icon:url(" in rule, selector
    # the default box is information, not an error
    base = css[css.index(".msg, .notice {") :]
    assert "--tone:var(--info)" in base[: base.index("}")]


def test_the_frame_does_not_shadow_a_pages_own_identity_variable(rf, citizen, deployment):
    """The task page has an `identity` of its own (the applicant's, masked): the frame's is `site_identity`."""
    from django.template import engines

    template = engines["django"].from_string(
        '{% extends "core/base.html" %}{% block content %}<p id="who">{{ identity.name }}</p>{% endblock %}'
    )
    request = rf.get("/")
    request.user = citizen
    page = template.render({"identity": {"name": "I*** M***"}}, request)
    assert '<p id="who">I*** M***</p>' in page and "Loket Uji" in page
