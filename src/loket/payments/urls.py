from django.urls import path

from loket.payments import views

app_name = "payments"

urlpatterns = [
    path("kantor/retribusi/<int:pk>/", views.office_assessment, name="office_assessment"),
]
