"""Complete English, and no English left in Indonesian (issue 15: "untranslated words in English mode").

Every role of the world (tests/helpers/world.py) — citizen, officer, supervisor, agency head, signer, editor,
employee and superior, BKD (hr_admin), inspector, leader, province admin, receiving treasurer (finance_a) — signs in with the language cookie set,
opens every HTML page of tests/helpers/routes.py it may see, and then every page those pages link to (the
navigation, list rows, the inbox's and each record's detail pages). The visible text of each page — text
nodes and the attributes a person reads or hears (title, placeholder, aria-label, alt, button values) — is
searched for tell-tale words of the other language.

What is data is left out, not the UI: every text value stored in the database (names of services, agencies and
people, form answers, notes, an editor's Indonesian-only text that has no English version) is removed from a
text before it is searched, and so is text inside an element marked `translate="no"` or with another `lang`.
"""

import re
from collections import deque

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from lxml import html as lxml_html

from tests.helpers.routes import pages
from tests.helpers.world import client_for

pytestmark = pytest.mark.django_db

# The roles whose pages are read: one actor per kind of screen the world has.
ROLES = (
    "anonymous",
    "citizen",
    "officer_a",
    "supervisor_a",
    "head_a",
    "signer_a",
    "editor_a",
    "employee",
    "superior",
    "hr_admin",
    "inspector",
    "leader",
    "province_admin",
    "finance_a",
)
LIMIT = 100  # pages per role: the registry's pages and what they link to, one page of each list
SKIP = (
    "/static/",
    "/media/",
    "/akun/logout/",
    "/i18n/",
    "/api/",
    "/admin/",
    "/data/",  # open-data files
    "/healthz",
    "/favicon.ico",
    "/identitas/",  # crest and theme files
)
# Downloads and POST-only actions linked from pages (a GET answers with a file or a redirect, not a page).
SKIP_PATTERNS = re.compile(r"/(unduh|cetak|tanda-terima\.pdf|berkas/[^/]+)/?$|\.(pdf|csv|json|xlsx|zip)$")

# Tell-tale Indonesian words of UI text: an English page showing one of them has an untranslated string.
# Case-sensitive, whole words. ("Status", "Total", "Email", "Dashboard" are the same in both languages.)
INDONESIAN = [
    "Simpan",
    "Kembali",
    "Batal",
    "Permohonan",
    "permohonan",
    "Layanan",
    "layanan",
    "Tanggal",
    "Belum ada",
    "Cari",
    "Keluar",
    "Masuk",
    "hari kerja",
    "Tidak",
    "tidak",
    "Ya",
    "Unduh",
    "Kirim",
    "Setujui",
    "Tolak",
    "Pegawai",
    "pegawai",
    "Cuti",
    "cuti",
    "Halaman",
    "Dokumen",
    "dokumen",
    "Anda",
    "yang",
    "dan",
    "untuk",
    "dengan",
    "belum",
    "sudah",
    "Lihat",
    "Ubah",
    "Hapus",
    "Tambah",
    "Nama",
    "Nomor",
    "Alamat",
    "Berkas",
    "Petugas",
    "Tugas",
    "Pemohon",
    "Jumlah",
    "Semua",
    "Bulan",
    "Tahun",
    # the small words every Indonesian sentence has
    "di",
    "ke",
    "ini",
    "itu",
    "atau",
    "pada",
    "oleh",
    "akan",
    "bila",
    "jika",
    "dapat",
    "harus",
    "wajib",
    "sebagai",
    "mis.",
]
# Tell-tale English words of UI text: an Indonesian page showing one of them kept an English string.
ENGLISH = [
    "Save",
    "Back",
    "Cancel",
    "Application",
    "application",
    "Service",
    "service",
    "Date",
    "None yet",
    "No ",
    "Search",
    "Sign out",
    "Sign in",
    "working days",
    "Yes",
    "Download",
    "Submit",
    "Approve",
    "Reject",
    "Employee",
    "employee",
    "Leave",
    "the",
    "The",
    "and",
    "your",
    "Your",
    "with",
    "from",
    "for",
    "View",
    "Edit",
    "Delete",
    "Name",
    "Number",
    "Address",
    "Page",
    "Officer",
    "Applicant",
    "All",
    "Month",
    "Year",
    # the small words every English sentence has
    "of",
    "to",
    "is",
    "are",
    "by",
    "on",
    "in",
    "be",
    "e.g.",
]
# Attributes whose text is read (tooltips, placeholders, screen readers, buttons).
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
SKIP_ELEMENTS = {"script", "style", "template", "code", "pre", "textarea"}


def pattern(words: list[str]) -> re.Pattern:
    # whole words; a dotted identifier (permohonan.data.nama_usaha) is code, not a word
    return re.compile(r"(?<![\w.-])(" + "|".join(re.escape(word.strip()) for word in words) + r")(?![\w-]|\.\w)")


INDONESIAN_RE = pattern(INDONESIAN)
ENGLISH_RE = pattern(ENGLISH)


def choice_labels() -> set[str]:
    """The Indonesian label of every model choice that has an English one of its own (`EN_CHOICES`, shown with
    `loket.core.i18n.choice_label`) or differs from its value: shown whole on an English page, it was printed with
    Django's `get_<field>_display`, which knows only the Indonesian."""
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("loket."):
            continue
        for model_field in model._meta.concrete_fields:
            for value, label in model_field.choices or ():
                label = str(label)
                english = getattr(model, "EN_CHOICES", {}).get(model_field.name, {}).get(value)
                if english and english != label or (not english and label.lower() != str(value).lower()):
                    found.add(label)
    return found - SAME_IN_BOTH


# Choice labels that read the same in English (abbreviations, names).
SAME_IN_BOTH = {"WIB (UTC+7)", "WITA (UTC+8)", "WIT (UTC+9)"}


def stored_texts() -> list[str]:
    """Every text stored in the database (character and text fields, and the strings inside JSON fields),
    longest first: what a page shows of them is data, in whichever language it was written."""
    found: set[str] = set()

    def leaves(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from leaves(item)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from leaves(item)

    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                for text in leaves(value):
                    for line in text.splitlines():
                        line = " ".join(line.split())
                        if len(line) >= 3:
                            found.add(line)
    return sorted(found, key=len, reverse=True)


def visible_texts(document) -> list[str]:
    """The texts a person reads or hears on the page, each element's own text separately."""
    texts: list[str] = []
    page_lang = document.get("lang", "")

    def visit(element, skipped: bool):
        if not isinstance(element.tag, str):
            return
        tag = element.tag.lower()
        own_lang = element.get("lang")
        skipped = (
            skipped
            or tag in SKIP_ELEMENTS
            or element.get("translate") == "no"
            or element.get("hidden") is not None
            or (own_lang is not None and own_lang != page_lang)
        )
        if not skipped:
            if element.text:
                texts.append(element.text)
            for name in READ_ATTRIBUTES:
                if element.get(name):
                    texts.append(element.get(name))
            if tag == "input" and element.get("type") in ("submit", "button") and element.get("value"):
                texts.append(element.get("value"))
            if tag == "meta" and element.get("name") == "description" and element.get("content"):
                texts.append(element.get("content"))
        for child in element:
            visit(child, skipped)
            if child.tail and not skipped:
                texts.append(child.tail)

    visit(document, False)
    # the document's title is inside <head>, read as any other element's text
    return [" ".join(text.split()) for text in texts if text.strip()]


def leftovers(html: str, words: re.Pattern, data: list[str], labels: frozenset = frozenset()) -> set[str]:
    """Texts of the page holding a tell-tale word of the other language once stored data is taken out, or being
    one of `labels` (Indonesian choice labels) whole."""
    document = lxml_html.document_fromstring(html)
    found = set()
    for text in visible_texts(document):
        if text.strip(" ,.;:()") in labels or text.strip(" ,.;:()").capitalize() in labels:
            found.add(text[:160])
            continue
        if not words.search(text):
            continue
        rest = text
        for value in data:
            if value in rest:
                rest = rest.replace(value, " ")
        if words.search(rest):
            found.add(text[:160])
    return found


def links(html: str) -> list[str]:
    document = lxml_html.document_fromstring(html)
    found = []
    for href in document.xpath("//a/@href"):
        href = href.split("#")[0]
        if not href.startswith("/") or href.startswith("//") or href.startswith(SKIP):
            continue
        if SKIP_PATTERNS.search(href.split("?")[0]):
            continue
        found.append(href)
    return found


def read_site(
    world, actor: str, language: str, words: re.Pattern, data: list[str], labels: frozenset = frozenset()
) -> tuple[dict, int]:
    """{text: pages it is on} for every leftover `actor` meets; and how many pages were read."""
    client = client_for(world, actor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    starts = [route.url(world) for _pattern, route in pages() if actor in route.allowed]
    todo = deque(starts)
    queued = set(starts)
    seen_paths: set[str] = set()
    found: dict[str, set[str]] = {}
    read = 0
    while todo and read < LIMIT:
        url = todo.popleft()
        path = url.split("?")[0]
        if "?" in url and path in seen_paths:
            continue  # one page of each list: another filter or page of it has the same words
        seen_paths.add(path)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        read += 1
        for text in leftovers(body, words, data, labels):
            found.setdefault(text, set()).add(url)
        for href in links(body):
            if href not in queued:
                queued.add(href)
                todo.append(href)
    return found, read


def report(found: dict[str, set[str]]) -> str:
    return "\n".join(f"  {text!r} on {', '.join(sorted(urls)[:3])}" for text, urls in sorted(found.items()))


@pytest.fixture(scope="module")
def data(module_world, django_db_blocker) -> list[str]:
    """The world's stored texts, read once per module: every test starts from the same world (each runs in a
    savepoint rolled back at its end), so each would read the same list again."""
    with django_db_blocker.unblock():
        return stored_texts()


@pytest.mark.parametrize("actor", ROLES)
def test_english_pages_have_no_indonesian_ui_text(world, data, actor):
    found, read = read_site(world, actor, "en", INDONESIAN_RE, data, frozenset(choice_labels()))
    assert read >= 3, f"{actor} read only {read} pages"
    assert not found, f"{len(found)} Indonesian texts on {read} English pages as {actor}:\n{report(found)}"


@pytest.mark.parametrize("actor", ROLES)
def test_indonesian_pages_have_no_english_ui_text(world, data, actor):
    found, read = read_site(world, actor, "id", ENGLISH_RE, data)
    assert read >= 3, f"{actor} read only {read} pages"
    assert not found, f"{len(found)} English texts on {read} Indonesian pages as {actor}:\n{report(found)}"


ENGLISH_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Applications</title></head><body>
<nav><a href="/">Home</a> <a href="/layanan/">Services</a></nav>
<main><h1>Your applications</h1><p>Belum ada permohonan.</p>
<table><tr><td>Izin Usaha Warung Sunda Bu Imas</td><td translate="no">Tidak diketahui</td></tr></table>
<p lang="id">Bahasa Indonesia</p><input type="submit" value="Simpan"><a title="Unduh PDF" href="/x">PDF</a>
<dl><dt>Delivery</dt><dd>Dicetak di loket</dd></dl></main></body></html>"""


def test_the_reader_finds_ui_words_and_leaves_data_alone():
    """A negative control: UI text in the wrong language is found, stored data and marked text are not."""
    found = leftovers(ENGLISH_PAGE, INDONESIAN_RE, ["Izin Usaha Warung Sunda Bu Imas"], frozenset({"Dicetak di loket"}))
    assert found == {"Belum ada permohonan.", "Simpan", "Unduh PDF", "Dicetak di loket"}
    # without the data allow-list the service name is found too ("Usaha" is no tell-tale, "Tidak" in it would be)
    assert "Izin Usaha Warung Sunda Bu Imas" not in found
    assert leftovers(ENGLISH_PAGE, ENGLISH_RE, []) == {"Your applications"}


def test_choice_labels_are_those_without_an_english_twin():
    labels = choice_labels()
    assert "Dicetak di loket" in labels  # documents.Document.delivery: has an English label (EN_CHOICES)
    assert "PNS" not in labels and "WIB (UTC+7)" not in labels  # the same in both languages
