from django.urls import path, re_path

from loket.insights import views

urlpatterns = [
    path("kantor/dasbor/", views.dashboard, name="insights_dashboard"),
    # the HR office's manual baselines of the civil-service services (issue 17), beside its other pages
    path("kantor/kepegawaian/angka-manual/", views.baselines, name="insights_baselines"),
    path("kantor/kepegawaian/angka-manual/<str:code>/", views.baseline_edit, name="insights_baseline_edit"),
    path("kantor/integritas/", views.integrity_report, name="integrity_report"),
    path("transparansi/", views.transparency_index, name="transparency_index"),
    path("transparansi/log-audit/kepala-<int:pk>.json", views.audit_anchor, name="audit_anchor"),
    path("transparansi/<slug:slug>/", views.transparency, name="transparency"),
    path("data/", views.open_data, name="open_data"),
    path("data/indikator/", views.indicator_catalogue, name="indicator_catalogue"),
    path("data/datapackage.json", views.open_data_file, {"name": "datapackage.json"}, name="open_data_descriptor"),
    re_path(r"^data/log-audit/kepala-rantai\.(?P<fmt>json|csv)$", views.audit_anchors_file, name="audit_anchors_file"),
    re_path(
        r"^data/(?P<name>\d{4}/(?:layanan|ikm|kepegawaian|pembayaran|pembayaran-tanpa-kasus)-bulanan\.(?:csv|json))$",
        views.open_data_file,
        name="open_data_file",
    ),
]
