"""Citizen pages (mounted at the site root, before the catalogue's `layanan/<code>/`)."""

from django.urls import path

from loket.applications import claim_views, views

urlpatterns = [
    path("akun/profil/", views.profile, name="citizen_profile"),
    path("akun/klaim/", claim_views.claim, name="account_claim"),
    path("layanan/<slug:code>/ajukan/", views.apply, name="application_apply"),
    path("permohonan/", views.my_applications, name="my_applications"),
    path("permohonan/<str:tracking>/", views.status, name="application_status"),
    path("permohonan/<str:tracking>/tanda-terima/", views.receipt, name="application_receipt"),
    path("permohonan/<str:tracking>/perbaiki/", views.resubmit, name="application_resubmit"),
    path("permohonan/<str:tracking>/cabut/", views.withdraw, name="application_withdraw"),
    path("permohonan/<str:tracking>/akses/", views.accesses, name="application_accesses"),
    path("permohonan/<str:tracking>/berkas/<uuid:upload_id>/", views.download, name="application_download"),
    path("cek-status/", views.lookup, name="status_lookup"),
]
