from django.urls import path

from loket.payments import views

app_name = "payments"

urlpatterns = [
    path("kantor/keuangan/", views.finance_inbox, name="finance_inbox"),
    path("kantor/keuangan/selisih/<int:discrepancy_id>/", views.finance_discrepancy, name="finance_discrepancy"),
    path("kantor/keuangan/selisih/<int:discrepancy_id>/selesaikan", views.finance_resolve, name="finance_resolve"),
    path("kantor/keuangan/laporan/", views.finance_report, name="finance_report"),
    path("kantor/keuangan/laporan/unduh", views.finance_report_csv, name="finance_report_csv"),
    path("kantor/retribusi/<int:pk>/", views.office_assessment, name="office_assessment"),
]
