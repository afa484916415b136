from django.apps import AppConfig


class HrConfig(AppConfig):
    name = "loket.hr"
    label = "hr"

    def ready(self):
        from loket.hr.messages import HR_MESSAGES
        from loket.notify.messages import register

        register(HR_MESSAGES)

        from loket.core import nav

        nav.register(order=30, indonesian="Kepegawaian saya", english="My civil-service records", url="/pegawai/",
                     visible=_is_employee)
        nav.register(area="office", order=60, indonesian="Kepegawaian (BKD)", english="Civil service (BKD)",
                     url="/kantor/kepegawaian/", visible=_hr_staff)


def _is_employee(user) -> bool:
    """Whether the header shows the employee's link: remembered for a minute per user, so that the pages
    of every signed-in user do not pay a query for it."""
    from django.core.cache import cache

    from loket.hr.queries import employee_of

    key = f"loket:hr:is-employee:{user.pk}"
    known = cache.get(key)
    if known is None:
        known = employee_of(user) is not None
        cache.set(key, known, 60)
    return known


def _hr_staff(user) -> bool:
    from loket.core import permissions

    return permissions.agencies_for(user, "hr.view").exists() or permissions.agencies_for(user, "hr.manage").exists()
