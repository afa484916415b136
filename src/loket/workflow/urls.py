"""Officer pages, mounted at /kantor/tugas/; the counter (`counter_urlpatterns`) is mounted at /kantor/loket/."""

from django.urls import path

from loket.workflow import consent_views, views

app_name = "workflow"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("tim/", views.team, name="team"),
    path("berikutnya/", views.task_take_next, name="take_next"),
    path("penugasan/", views.assignment_policies, name="assignment"),
    path("penugasan/<int:unit_id>/", views.assignment_policy_set, name="assignment_set"),
    path("<int:task_id>/", views.task_detail, name="task"),
    path("<int:task_id>/tindak/", views.task_act, name="act"),
    path("<int:task_id>/ambil/", views.task_claim, name="claim"),
    path("<int:task_id>/lepas/", views.task_release, name="release"),
    path("<int:task_id>/alihkan/", views.task_reassign, name="reassign"),
    path("<int:task_id>/nik/", views.reveal_nik, name="reveal_nik"),
    path("<int:task_id>/identitas/", views.reveal_identifier, name="reveal_identifier"),
    path("<int:task_id>/berkas/<uuid:upload_id>/", views.download, name="download"),
]

# The officer's landing page: loket/urls.py mounts it at /kantor/ (before the catalogue's back office).
office_urlpatterns = [path("", views.office_home, name="office_home")]

# Assisted submission at the counter: loket/urls.py mounts these with
# path("kantor/loket/", include(counter_urlpatterns)) (names are global: counter_*).
counter_urlpatterns = [
    path("", views.counter_start, name="counter_start"),
    path("layanan/", views.counter_services, name="counter_services"),
    path("layanan/<slug:code>/", views.counter_form, name="counter_form"),
    path("tanda-terima/<str:tracking>/", views.counter_receipt, name="counter_receipt"),
    # A supervisor's review of signed consent forms (citizens with no phone or e-mail: issue 13, finding 5).
    path("persetujuan/", consent_views.consent_reviews, name="counter_consent_reviews"),
    path("persetujuan/<int:consent_id>/", consent_views.consent_review, name="counter_consent_review"),
    path("persetujuan/<int:consent_id>/berkas/", consent_views.consent_scan, name="counter_consent_scan"),
]
