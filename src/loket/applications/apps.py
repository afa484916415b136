from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "loket.applications"
    label = "applications"

    def ready(self):
        from loket.applications import receivers  # noqa: F401
        from loket.applications.messages import CONSENT_MESSAGES
        from loket.applications.models import FormDefinition
        from loket.catalogue import extensions
        from loket.notify.messages import register

        register(CONSENT_MESSAGES)

        # A version can be applied for online only with its form (the public page asks, never imports us).
        extensions.register_online_requirement(
            "form", lambda standard, sections: FormDefinition.objects.filter(standard_id=standard.pk).exists()
        )
