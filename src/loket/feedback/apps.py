from django.apps import AppConfig

SURVEY_INVITE = {
    "id": (
        "Bagaimana layanan kami? ({tracking})",
        "Permohonan {service} Anda ({tracking}) telah selesai diproses. Mohon isi survei kepuasan singkat "
        "(9 pertanyaan, 1 menit): {url}",
    ),
    "en": (
        "How did we do? ({tracking})",
        "Your application for {service} ({tracking}) has been decided. Please take the short satisfaction "
        "survey (9 questions, 1 minute): {url}",
    ),
}


class FeedbackConfig(AppConfig):
    name = "loket.feedback"
    label = "feedback"

    def ready(self):
        from loket.applications import status_sections
        from loket.core import nav
        from loket.feedback import services
        from loket.notify.messages import register
        from loket.org import permissions

        register({"survey_invite": SURVEY_INVITE})
        # The engine's status page shows the survey card without importing feedback.
        status_sections.register_section("survey", services.status_section)

        def may_view(user) -> bool:
            return permissions.agencies_for(user, "insights.view").exists()

        nav.register(
            area="office",
            order=40,
            indonesian="Survei kepuasan (SKM/IKM)",
            english="Satisfaction survey (SKM/IKM)",
            url="/kantor/survei/",
            visible=may_view,
        )
