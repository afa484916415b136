from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "loket.notify"
    label = "notify"

    def ready(self):
        from loket.core.jobs import register_periodic_job
        from loket.notify import jobs

        register_periodic_job("notify.deliver", jobs.periodic_round, order=10)
        register_periodic_job("core.limits_purge", jobs.purge_limits_round, order=90)
