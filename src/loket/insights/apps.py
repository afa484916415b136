from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "loket.insights"
    label = "insights"
