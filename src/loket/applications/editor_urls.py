"""The form and procedure editors, mounted at /kantor/editor/ (see loket.urls)."""

from django.urls import path

from loket.applications import editor_views as views

app_name = "editor"

urlpatterns = [
    path("<slug:code>/formulir/", views.form_editor, name="form"),
    path("<slug:code>/prosedur/", views.procedure_editor, name="procedure"),
]
