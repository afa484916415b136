"""The site's own pages: helpful error pages (400, 403, 404, 500), the privacy notice, the accessibility statement,
and the favicon."""

import logging
from pathlib import Path

from django.http import FileResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import cache_control

logger = logging.getLogger(__name__)

# What happened and what to do, per status (Indonesian, English). The page adds links home, to the service
# search, to status checking and to the contact of the portal's operator.
ERRORS = {
    400: {
        "title_id": "Permintaan tidak dapat diproses",
        "title_en": "The request could not be processed",
        "what_id": "Permintaan yang diterima tidak lengkap atau tidak sesuai, misalnya formulir yang sudah kedaluwarsa atau tautan yang terpotong.",
        "what_en": "The request we received was incomplete or malformed, for example a form that has expired or a link that was cut off.",
        "todo_id": [
            "Muat ulang halaman sebelumnya, lalu isi dan kirim formulirnya sekali lagi.",
            "Bila Anda menyalin tautan, pastikan tautannya lengkap.",
        ],
        "todo_en": [
            "Reload the previous page, then fill in and send the form once more.",
            "If you copied a link, make sure it is complete.",
        ],
    },
    403: {
        "title_id": "Akses ditolak",
        "title_en": "Access denied",
        "what_id": "Halaman ini hanya untuk akun atau peran tertentu, misalnya pemohon yang bersangkutan atau petugas instansi yang menanganinya.",
        "what_en": "This page is only for certain accounts or roles, for example the applicant concerned or the officers of the agency handling it.",
        "todo_id": [
            "Pastikan Anda masuk dengan akun yang benar.",
            "Petugas: mintalah peran yang diperlukan kepada admin perangkat daerah Anda.",
            "Bila menurut Anda ini keliru, hubungi kami melalui kontak di bawah.",
        ],
        "todo_en": [
            "Make sure you are signed in with the right account.",
            "Officers: ask your agency's administrator for the role you need.",
            "If you think this is a mistake, contact us through the details below.",
        ],
    },
    404: {
        "title_id": "Halaman tidak ditemukan",
        "title_en": "Page not found",
        "what_id": "Alamat ini tidak ada di portal. Alamatnya mungkin salah ketik, atau halamannya sudah dipindah atau dicabut.",
        "what_en": "This address does not exist on the portal. It may be mistyped, or the page may have moved or been withdrawn.",
        "todo_id": [
            "Periksa kembali alamat yang Anda ketik.",
            "Cari layanan yang Anda perlukan di katalog.",
            "Punya nomor permohonan? Cek statusnya.",
        ],
        "todo_en": [
            "Check the address you typed.",
            "Search the catalogue for the service you need.",
            "Have a tracking number? Check its status.",
        ],
    },
    500: {
        "title_id": "Terjadi gangguan",
        "title_en": "Something went wrong",
        "what_id": "Terjadi kesalahan di sisi kami, bukan karena Anda. Kesalahan ini sudah tercatat untuk diperbaiki petugas teknis.",
        "what_en": "Something went wrong on our side, not yours. The error has been recorded for our technical staff.",
        "todo_id": [
            "Coba lagi beberapa menit lagi.",
            "Bila Anda sedang mengirim permohonan, cek statusnya dulu sebelum mengirim ulang agar tidak tercatat dua kali.",
            "Bila gangguan berlanjut, hubungi kami melalui kontak di bawah.",
        ],
        "todo_en": [
            "Try again in a few minutes.",
            "If you were sending an application, check its status before sending it again so it is not filed twice.",
            "If the problem continues, contact us through the details below.",
        ],
    },
}


def _error(request, status: int):
    return render(request, "core/error.html", {"status": status, **ERRORS[status]}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400)


def forbidden(request, exception=None):
    return _error(request, 403)


def not_found(request, exception=None):
    return _error(request, 404)


def server_error(request):
    try:
        return _error(request, 500)
    except Exception:  # the database or a template failed too: a plain page without the site's context
        logger.exception("The 500 page could not be rendered with the site's context")
        facts = ERRORS[500]
        context = {"status": 500, "title_id": facts["title_id"], "title_en": facts["title_en"]}
        context |= {"message_id": facts["what_id"], "message_en": facts["what_en"]}
        html = render_to_string("core/request_refused.html", context)
        return HttpResponseServerError(html)


def privacy(request):
    return render(request, "core/privacy.html")


def accessibility(request):
    return render(request, "core/accessibility.html")


@cache_control(public=True, max_age=86400)
def favicon(request):
    path = Path(__file__).parent / "static" / "loket" / "favicon.ico"  # ships with Loket
    return FileResponse(path.open("rb"), content_type="image/x-icon")
