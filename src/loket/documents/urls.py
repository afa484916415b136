from django.urls import path

from loket.documents import views

app_name = "documents"

urlpatterns = [
    path("verifikasi/<str:code>", views.verify_page, name="verify"),
    path("verifikasi/", views.verify_upload, name="verify_upload"),
    path("bagikan/<str:token>", views.shared, name="shared"),
    path("bagikan/<str:token>/unduh", views.shared_download, name="shared_download"),
    path("dompet/", views.wallet, name="wallet"),
    path("dompet/<str:code>/unduh", views.wallet_download, name="wallet_download"),
    path("dompet/<str:code>/bagikan", views.wallet_share, name="wallet_share"),
    path("kantor/dokumen/", views.office_list, name="office_list"),
    path("kantor/dokumen/tanda-tangan/", views.to_sign, name="to_sign"),
    path("kantor/dokumen/<str:code>/", views.office_detail, name="office_detail"),
    path("kantor/dokumen/<str:code>/tanda-tangan", views.sign, name="sign"),
    path("kantor/dokumen/<str:code>/cabut", views.end, name="end"),
    path("kantor/dokumen/<str:code>/cetak", views.printed, name="printed"),
    path("kantor/dokumen/<str:code>/unduh", views.office_download, name="office_download"),
    path("kantor/layanan/<slug:code>/templat-dokumen/", views.service_template, name="service_template"),
    path("kantor/templat-dokumen/<int:standard_id>/", views.template_edit, name="template_edit"),
    path("kantor/templat-dokumen/<int:standard_id>/pratinjau", views.template_preview, name="template_preview"),
    path("kantor/kop-surat/<str:region_code>/", views.letterhead_edit, name="letterhead_edit"),
]
