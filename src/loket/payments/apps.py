from django.apps import AppConfig

PAYMENT_CODES = {
    "id": (
        "Kode pembayaran retribusi {tracking}",
        "Retribusi permohonan {service} ({tracking}) siap dibayar: {note}. Bayar lewat QRIS atau rekening virtual "
        "di halaman permohonan: {url}. Petugas tidak menerima uang tunai.",
    ),
    "en": (
        "Levy payment codes for {tracking}",
        "The levy for your application for {service} ({tracking}) can be paid: {note}. Pay by QRIS or virtual "
        "account on the application page: {url}. Officers never take cash.",
    ),
}


class PaymentsConfig(AppConfig):
    name = "loket.payments"
    label = "payments"

    def ready(self):
        from loket.applications import status_sections
        from loket.core import nav
        from loket.core.jobs import register_periodic_job
        from loket.notify.messages import register
        from loket.org import permissions
        from loket.payments import reconciliation, services, views
        from loket.workflow import step_kinds

        register({"payment_codes": PAYMENT_CODES})
        step_kinds.register(
            step_kinds.StepKind(name="payment", applies=services.step_applies, opened=services.step_opened)
        )
        status_sections.register_section("payment", views.status_section)
        from loket.applications.lifecycle import case_changed

        case_changed.connect(services.on_case_changed, dispatch_uid="payments.on_case_changed")
        register_periodic_job("payments.round", services.run_round, order=40)
        register_periodic_job("payments.reconcile", reconciliation.run_due, order=41)
        nav.register(
            area="office",
            order=45,
            indonesian="Keuangan retribusi",
            english="Levy finance",
            url="/kantor/keuangan/",
            visible=lambda user: permissions.agencies_for(user, "payments.finance").exists(),
        )
