"""Page counts of signed documents (the paper an electronic decision spares, insights "pages_avoided"): recorded
when a document is signed, backfilled from the stored PDFs of documents signed before, unreadable files kept."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from loket.documents import pagecount, pdf
from loket.documents.backfill import fill_pages
from loket.documents.models import Document


def _letter(body: str) -> pdf.Letter:
    return pdf.Letter(
        code="UJIHALAMAN",
        verify_url="https://loket.example.go.id/v/UJIHALAMAN",
        title="Surat Uji",
        number="1/UJI/2026",
        body=body,
        letterhead=["PEMERINTAH KOTA UJI", "DINAS UJI"],
        place_date="Bandung, 7 Desember 2026",
        official_title="Kepala Dinas Uji",
        official_name="Asep Sunandar",
    )


@pytest.mark.parametrize(
    "paragraphs, pages",
    [
        (1, 1),  # a short letter
        (60, 3),  # a long one runs over pages ("Halaman 1 dari 3")
    ],
)
def test_the_count_is_the_rendered_letters_pages(paragraphs, pages):
    body = "\n\n".join(
        f"Paragraf {index} dengan isi surat yang cukup panjang untuk satu baris." for index in range(paragraphs)
    )
    rendered = pdf.render(_letter(body))
    assert pagecount.count(rendered.pdf) == pages


@pytest.mark.parametrize("data", [None, b"", b"not a pdf", b"%PDF-1.7\n%broken", b"\x00" * 50])
def test_unreadable_bytes_give_no_count(data):
    assert pagecount.count(data) is None


@pytest.mark.sqlite
def test_signing_records_the_pages_of_the_signed_pdf(signed):
    assert signed.pages == 1
    signed.file.open("rb")
    assert pagecount.count(signed.file.read()) == signed.pages


@pytest.mark.sqlite
def test_backfill_counts_old_documents_and_keeps_unreadable_ones(signed, completed, official, head_a):
    from tests.helpers.documents import complete, file, sign_now

    other = sign_now(
        complete(file(completed.service, completed.applicant, key="k-2"), head_a).documents.get(), official
    )
    # Documents signed before the count existed: one with a good file, one whose file is damaged, one whose file
    # is gone from the storage.
    Document.objects.filter(pk=signed.pk).update(pages=None)
    damaged = Document.objects.get(pk=other.pk)
    name = damaged.file.name
    damaged.file.storage.delete(name)
    damaged.file.storage.save(name, ContentFile(b"%PDF-1.7 rusak"))
    Document.objects.filter(pk=other.pk).update(pages=None)
    before = {row["id"]: row for row in Document.objects.values()}

    result = fill_pages(Document)
    assert result.counted == 1 and result.unreadable == [other.code]
    assert Document.objects.get(pk=signed.pk).pages == 1
    kept = Document.objects.get(pk=other.pk)
    assert kept.pages is None and kept.file.name == name and kept.sha256 == before[other.pk]["sha256"]
    assert Document.objects.count() == len(before)

    kept.file.storage.delete(name)  # missing altogether: still kept, listed by the command
    from io import StringIO

    out = StringIO()
    call_command("documents_pages", stdout=out)
    assert "counted: 0" in out.getvalue() and other.code in out.getvalue()
    assert Document.objects.filter(pk=other.pk, pages__isnull=True).exists()


@pytest.mark.sqlite
def test_documents_awaiting_signature_are_not_counted(completed):
    document = completed.documents.get()
    assert document.pages is None
    assert fill_pages(Document).counted == 0
    assert Document.objects.get(pk=document.pk).pages is None
