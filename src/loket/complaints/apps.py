from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "loket.complaints"
    label = "complaints"
