from django.apps import AppConfig


class HrConfig(AppConfig):
    name = "loket.hr"
    label = "hr"

    def ready(self):
        # HR notification texts: merged here until the lead moves them into loket.notify.messages.
        from loket.hr.messages import HR_MESSAGES
        from loket.notify.messages import MESSAGES

        for key, texts in HR_MESSAGES.items():
            MESSAGES.setdefault(key, texts)
