from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "loket.insights"
    label = "insights"

    def ready(self):
        from loket.core import nav
        from loket.core.jobs import register_periodic_job
        from loket.insights import jobs, queries
        from loket.org import permissions

        register_periodic_job("insights", jobs.periodic_round, order=40)

        nav.register(order=50, indonesian="Transparansi", english="Transparency", url="/transparansi/", visible=None)
        nav.register(order=55, indonesian="Data terbuka", english="Open data", url="/data/", visible=None)
        nav.register(
            area="office",
            order=30,
            indonesian="Dasbor pusat komando",
            english="Command-centre dashboard",
            url="/kantor/dasbor/",
            visible=lambda user: permissions.agencies_for(user, "insights.view").exists(),
        )
        nav.register(
            area="hr_office",
            order=90,
            indonesian="Angka proses manual",
            english="Manual process figures",
            url="/kantor/kepegawaian/angka-manual/",
            visible=lambda user: queries.baseline_readers_agencies(user).exists(),
        )
        nav.register(
            area="office",
            order=35,
            indonesian="Laporan integritas",
            english="Integrity report",
            url="/kantor/integritas/",
            visible=lambda user: permissions.agencies_for(user, "audit.view").exists(),
        )
