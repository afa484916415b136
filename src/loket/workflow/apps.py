from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "loket.workflow"
    label = "workflow"

    def ready(self):
        from loket.core import nav, permissions
        from loket.workflow import receivers  # noqa: F401

        nav.register(
            area="office",
            order=10,
            indonesian="Kotak tugas",
            english="Task inbox",
            url="/kantor/tugas/",
            visible=lambda user: permissions.agencies_for(user, "application.view").exists(),
        )
        nav.register(
            area="office",
            order=20,
            indonesian="Loket: ajukan atas nama warga",
            english="Counter: apply for a citizen",
            url="/kantor/loket/",
            visible=lambda user: permissions.agencies_for(user, "application.assist").exists(),
        )
