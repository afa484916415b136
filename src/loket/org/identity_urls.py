"""The identities' crests and colour sheets, mounted at /identitas/ (public, cacheable)."""

from django.urls import path

from loket.org import views

urlpatterns = [
    path("<slug:slug>/lambang", views.identity_logo, name="identity_logo"),
    path("<slug:slug>/tema.css", views.identity_theme, name="identity_theme"),
]
