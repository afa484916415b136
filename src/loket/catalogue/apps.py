from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "loket.catalogue"
    label = "catalogue"
    verbose_name = "Katalog layanan"

    def ready(self):
        from loket.catalogue import cache

        cache.connect()

        from loket.core import nav
        from loket.org import permissions

        nav.register(
            area="office",
            order=50,
            indonesian="Katalog layanan dan standar pelayanan",
            english="Service catalogue and standards",
            url="/kantor/layanan/",
            visible=lambda user: permissions.agencies_for(user, "catalogue.view_drafts").exists(),
        )
