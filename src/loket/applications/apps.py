from django.apps import AppConfig

# The name under which the citizen profile's NIK is registered with org.people (the engine reads it itself).
CITIZEN_PROFILE = "citizen_profile"


class ApplicationsConfig(AppConfig):
    name = "loket.applications"
    label = "applications"

    def ready(self):
        from loket.applications import receivers  # noqa: F401
        from loket.applications.messages import CONSENT_MESSAGES
        from loket.applications.queries import profile_niks
        from loket.org import people

        # A citizen is known by the NIK of their profile (an official's declared relatives, issue 13).
        people.register_niks(CITIZEN_PROFILE, profile_niks)
        from loket.applications.models import FormDefinition
        from loket.catalogue import extensions
        from loket.notify.messages import register

        register(CONSENT_MESSAGES)

        # A version can be applied for online only with its form (the public page asks, never imports us).
        extensions.register_online_requirement(
            "form", lambda standard, sections: FormDefinition.objects.filter(standard_id=standard.pk).exists()
        )
