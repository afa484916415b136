"""Officials' pages of the organisation register, mounted at /kantor/keluarga/."""

from django.urls import path

from loket.org import views

app_name = "org"

urlpatterns = [
    path("", views.relatives, name="relatives"),
    path("<int:relative_id>/cabut/", views.remove, name="remove_relative"),
    path("petugas/", views.overseen, name="overseen_relatives"),
]
