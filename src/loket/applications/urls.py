from django.urls import path

from loket.applications import views

urlpatterns = [
    path("permohonan/<str:tracking>/", views.status, name="application_status"),
]
