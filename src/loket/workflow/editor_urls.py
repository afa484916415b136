"""The form and procedure editors, mounted at /kantor/editor/ (see loket.urls)."""

from django.urls import path

from loket.applications import editor_views as form_views
from loket.workflow import editor_views as procedure_views

app_name = "editor"

urlpatterns = [
    path("<slug:code>/formulir/", form_views.form_editor, name="form"),
    path("<slug:code>/prosedur/", procedure_views.procedure_editor, name="procedure"),
]
