"""Loket's routes plus `/bench/floor/`: a bare Django view returning constant JSON (the floor)."""

from django.http import JsonResponse
from django.urls import path

from loket.urls import handler403, handler404, handler500  # noqa: F401
from loket.urls import urlpatterns as loket_urlpatterns

FLOOR_BODY = {"count": 0, "page": 1, "page_size": 20, "items": []}


def floor(request):
    return JsonResponse(FLOOR_BODY)


urlpatterns = [path("bench/floor/", floor), *loket_urlpatterns]
