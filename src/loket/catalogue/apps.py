from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "loket.catalogue"
    label = "catalogue"
    verbose_name = "Katalog layanan"

    def ready(self):
        from loket.catalogue import cache

        cache.connect()
