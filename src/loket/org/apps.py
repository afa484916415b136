from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "loket.org"
    label = "org"
    verbose_name = "Wilayah dan perangkat daerah"
