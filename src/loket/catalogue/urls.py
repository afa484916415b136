"""Public catalogue pages (namespace `catalogue`)."""

from django.urls import path

from loket.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("layanan/", views.catalogue, name="catalogue"),
    path("layanan/<slug:code>/", views.service_detail, name="service"),
    path("layanan/<slug:code>/versi/<int:version>/", views.service_version, name="service_version"),
    path("instansi/<slug:slug>/", views.agency_detail, name="agency"),
    path("wilayah/<str:code>/", views.region_detail, name="region"),
]
