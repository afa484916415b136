from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "loket.workflow"
    label = "workflow"

    def ready(self):
        from loket.workflow import receivers  # noqa: F401
