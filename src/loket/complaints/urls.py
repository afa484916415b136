from django.urls import path, re_path

from loket.complaints import office_views, open311, views

app_name = "complaints"

urlpatterns = [
    path("pengaduan/", views.new, name="new"),
    path("pengaduan/lacak/", views.follow, name="follow"),
    path("pengaduan/publik/", views.register, name="register"),
    # Open311 GeoReport v2: JSON and XML
    re_path(r"^open311/v2/discovery\.(?P<fmt>json|xml)$", open311.discovery, name="open311_discovery"),
    re_path(r"^open311/v2/services\.(?P<fmt>json|xml)$", open311.service_list, name="open311_services"),
    re_path(
        r"^open311/v2/services/(?P<code>[\w-]+)\.(?P<fmt>json|xml)$",
        open311.service_definition,
        name="open311_service",
    ),
    re_path(r"^open311/v2/requests\.(?P<fmt>json|xml)$", open311.requests_, name="open311_requests"),
    re_path(
        r"^open311/v2/requests/(?P<request_id>[\w-]+)\.(?P<fmt>json|xml)$",
        open311.request_one,
        name="open311_request",
    ),
    path("kantor/pengaduan/", office_views.register, name="office_register"),
    path("kantor/pengaduan/<int:complaint_id>/", office_views.detail, name="office_detail"),
    path("kantor/pengaduan/<int:complaint_id>/tindakan/", office_views.act, name="office_act"),
]
