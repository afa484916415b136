from django.shortcuts import render


def not_found(request, exception=None):
    return render(
        request,
        "core/error.html",
        {"status": 404, "title_id": "Halaman tidak ditemukan", "title_en": "Page not found"},
        status=404,
    )


def forbidden(request, exception=None):
    return render(
        request,
        "core/error.html",
        {"status": 403, "title_id": "Akses ditolak", "title_en": "Access denied"},
        status=403,
    )


def server_error(request):
    return render(
        request,
        "core/error.html",
        {"status": 500, "title_id": "Terjadi gangguan", "title_en": "Something went wrong"},
        status=500,
    )
