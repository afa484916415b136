from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "loket.feedback"
    label = "feedback"
