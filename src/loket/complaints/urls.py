from django.urls import path

from loket.complaints import views

app_name = "complaints"

urlpatterns = [
    path("pengaduan/", views.new, name="new"),
    path("pengaduan/lacak/", views.follow, name="follow"),
]
