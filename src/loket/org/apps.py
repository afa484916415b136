from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "loket.org"
    label = "org"
    verbose_name = "Wilayah dan perangkat daerah"

    def ready(self):
        from loket.core import nav
        from loket.org.permissions import is_staff_user

        nav.register_staff_check(is_staff_user)

        from loket.core import identity as core_identity
        from loket.org import identity

        core_identity.register(identity.resolve)
        identity.connect()

        from loket.org import people

        nav.register(
            area="office",
            order=90,
            indonesian="Keluarga yang saya nyatakan",
            english="Relatives I declared",
            url="/kantor/keluarga/",
            visible=lambda user: is_staff_user(user) or people.is_member(user),
        )
