from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from loket.api.router import api
from loket.core import views as core_views
from loket.workflow.urls import counter_urlpatterns, office_urlpatterns


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("healthz", healthz),
    path("favicon.ico", core_views.favicon),
    path("privasi/", core_views.privacy, name="privacy"),
    path("aksesibilitas/", core_views.accessibility, name="accessibility"),
    # No CSRF token: choosing a language changes nothing of value, and a token would make the
    # anonymous public pages uncacheable (see catalogue/page_cache.py).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("api/v1/", api.urls),
    path("akun/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("identitas/", include("loket.org.identity_urls")),
    path("kantor/", include(office_urlpatterns)),
    path("kantor/tugas/", include("loket.workflow.urls")),
    path("kantor/loket/", include(counter_urlpatterns)),
    path("kantor/editor/", include("loket.workflow.editor_urls")),
    path("kantor/keluarga/", include("loket.org.urls")),
    path("kantor/", include("loket.catalogue.backoffice_urls")),
    path("", include("loket.documents.urls")),
    path("", include("loket.payments.urls")),
    path("", include("loket.feedback.urls")),
    path("", include("loket.complaints.urls")),
    path("", include("loket.insights.urls")),
    path("", include("loket.hr.urls")),
    path("", include("loket.applications.urls")),
    path("", include("loket.catalogue.urls")),
]

handler400 = "loket.core.views.bad_request"
handler404 = "loket.core.views.not_found"
handler500 = "loket.core.views.server_error"
handler403 = "loket.core.views.forbidden"
