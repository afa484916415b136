from django.urls import path

from loket.feedback import views

urlpatterns = [
    path("permohonan/<str:tracking>/survei/", views.application_survey, name="survey_application"),
    path("survei/terima-kasih/", views.thanks, name="survey_thanks"),
    path("survei/<int:unit_id>/<str:token>/", views.unit_survey, name="survey_unit"),
    path("kantor/survei/", views.posters, name="survey_posters"),
    path("kantor/survei/unit/<int:unit_id>/", views.poster, name="survey_poster"),
]
