from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "loket.workflow"
    label = "workflow"

    def ready(self):
        from loket.core import nav
        from loket.core.jobs import register_periodic_job
        from loket.org import permissions
        from loket.workflow import jobs, receivers  # noqa: F401

        register_periodic_job("workflow.sla_sweep", jobs.periodic_round, order=20)

        from loket.applications import engine
        from loket.catalogue import extensions
        from loket.workflow.procedure import WorkflowProcedure

        engine.register_procedure(WorkflowProcedure())
        from loket.workflow.queries import flowchart_for

        # The public standard page draws the SOP; a version with no procedure cannot be applied for online.
        extensions.register_section("flowchart", flowchart_for)
        extensions.register_online_requirement("procedure", lambda standard, sections: bool(sections.get("flowchart")))

        nav.register(
            area="office",
            order=10,
            indonesian="Kotak tugas",
            english="Task inbox",
            url="/kantor/tugas/",
            visible=lambda user: permissions.agencies_for(user, "application.view").exists(),
        )
        nav.register(
            area="office",
            order=12,
            indonesian="Tugas tim",
            english="Team tasks",
            url="/kantor/tugas/tim/",
            visible=lambda user: permissions.agencies_for(user, "application.reassign").exists(),
        )
        nav.register(
            area="office",
            order=14,
            indonesian="Aturan penugasan unit",
            english="Units' assignment rules",
            url="/kantor/tugas/penugasan/",
            visible=lambda user: permissions.units_for(user, "workflow.assignment").exists(),
        )
        nav.register(
            area="office",
            order=20,
            indonesian="Loket: ajukan atas nama warga",
            english="Counter: apply for a citizen",
            url="/kantor/loket/",
            visible=lambda user: permissions.agencies_for(user, "application.assist").exists(),
        )
        nav.register(
            area="office",
            order=25,
            indonesian="Tinjauan formulir persetujuan",
            english="Consent form reviews",
            url="/kantor/loket/persetujuan/",
            visible=lambda user: permissions.agencies_for(user, "application.reassign").exists(),
        )
