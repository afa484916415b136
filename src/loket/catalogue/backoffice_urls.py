"""Back office of the catalogue, mounted at /kantor/ (see loket.urls)."""

from django.urls import path

from loket.catalogue import backoffice_views as views

app_name = "backoffice"

urlpatterns = [
    # /kantor/ itself is the officer's landing page (workflow.views.office_home)
    path("layanan/", views.dashboard, name="dashboard"),
    path("layanan/baru/", views.service_create, name="service_create"),
    path("layanan/<slug:code>/", views.service_edit, name="service_edit"),
    path("layanan/<slug:code>/data/", views.service_details, name="service_details"),
    path("layanan/<slug:code>/pratinjau/", views.service_preview, name="service_preview"),
    path("layanan/<slug:code>/terbitkan/", views.service_publish, name="service_publish"),
    path("layanan/<slug:code>/versi/", views.service_versions, name="service_versions"),
    path("layanan/<slug:code>/versi/<int:version>/", views.service_version, name="service_version"),
    path("layanan/<slug:code>/model/", views.template_diff, name="template_diff"),
    path("model/<slug:code>/adopsi/", views.template_adopt, name="template_adopt"),
]
