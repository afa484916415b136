from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "loket.core"
    label = "core"
    verbose_name = "Loket core"
