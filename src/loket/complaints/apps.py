from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "loket.complaints"
    label = "complaints"

    def ready(self):
        from loket.complaints import cases
        from loket.workflow import addressees, decisions

        addressees.register("complaint_handling", cases.handling_addressee)
        addressees.register("complaint_review", cases.review_addressee)
        decisions.register(cases.decision_page)
