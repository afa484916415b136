from django.apps import AppConfig


class HrConfig(AppConfig):
    name = "loket.hr"
    label = "hr"
