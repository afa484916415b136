from django.urls import path

from loket.catalogue import views

urlpatterns = [
    path("", views.home, name="home"),
]
