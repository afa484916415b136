from django.apps import AppConfig


class HrConfig(AppConfig):
    name = "loket.hr"
    label = "hr"

    def ready(self):
        from loket.hr.messages import HR_MESSAGES
        from loket.notify.messages import register

        register(HR_MESSAGES)

        from loket.core import nav
        from loket.hr.queries import employee_of

        nav.register(order=30, indonesian="Kepegawaian saya", english="My civil-service records", url="/pegawai/",
                     visible=lambda user: employee_of(user) is not None)
        nav.register(area="office", order=60, indonesian="Kepegawaian (BKD)", english="Civil service (BKD)",
                     url="/kantor/kepegawaian/", visible=_hr_staff)


def _hr_staff(user) -> bool:
    from loket.core import permissions

    return permissions.agencies_for(user, "hr.view").exists() or permissions.agencies_for(user, "hr.manage").exists()
