from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "loket.applications"
    label = "applications"

    def ready(self):
        from loket.applications import receivers  # noqa: F401
