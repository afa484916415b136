"""What a notice reads like once it leaves Loket (issue 15, "words and numbers"): a mail client or a phone
cannot follow a bare path, and a deadline reads as a date of the reader's language, not "17-12-2026"."""

import pytest

from loket.notify.messages import render


@pytest.fixture
def public_url(settings):
    settings.LOKET_PUBLIC_URL = "https://loket.jabarprov.go.id/"


CONTEXT = {
    "tracking": "JBR-2026-000123",
    "service": "Izin Reklame",
    "url": "/permohonan/JBR-2026-000123/",
    "due": "2026-12-17",
}


def test_mail_and_sms_carry_full_addresses(public_url):
    subject, body = render("application_submitted", "id", CONTEXT, absolute=True)
    assert "https://loket.jabarprov.go.id/permohonan/JBR-2026-000123/" in body
    assert "jabarprov.go.id//" not in body


def test_in_app_notice_keeps_the_path(public_url):
    _subject, body = render("application_submitted", "id", CONTEXT)
    assert "di /permohonan/JBR-2026-000123/" in body


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Batas waktu penyelesaian: 17 Desember 2026."), ("en", "Deadline: 17 December 2026.")],
)
def test_deadline_reads_as_a_date_of_the_language(public_url, language, expected):
    _subject, body = render("application_submitted", language, CONTEXT, absolute=True)
    assert expected in body


def test_full_addresses_and_odd_values_are_left_alone(public_url):
    context = {**CONTEXT, "url": "https://example.org/x", "due": "17-12-2026", "note": "2026-13-45"}
    _subject, body = render("application_submitted", "id", context, absolute=True)
    assert "https://example.org/x" in body and "17-12-2026" in body


def test_a_note_ending_in_a_full_stop_reads_with_one(public_url):
    context = {**CONTEXT, "note": "Foto KTP tidak jelas."}
    _subject, body = render("application_returned", "id", context)
    assert "tidak jelas. Perbaiki" in body and ".." not in body
    context = {**CONTEXT, "note": "Berkas menyusul..."}
    _subject, body = render("application_returned", "id", context)
    assert "menyusul..." in body
