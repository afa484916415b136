from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender, using="default", verbosity=1, **kwargs) -> None:
    """The shared cache's table (settings.CACHES["default"] without Redis) exists after every `migrate`,
    so no deployment step can forget it; `createcachetable` leaves an existing table alone."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "loket.core"
    label = "core"
    verbose_name = "Loket core"

    def ready(self):
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="loket-core-cache-table")
        # django.contrib.admin (first in INSTALLED_APPS) has imported every admin module by now: every editable
        # admin, ours and our dependencies' (groups, allauth's e-mail addresses, tasks), becomes audited.
        from loket.core.admin import audit_every_admin

        audit_every_admin()
