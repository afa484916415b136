from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "loket.documents"
    label = "documents"

    def ready(self):
        from loket.applications.lifecycle import case_changed
        from loket.core import nav
        from loket.documents import services
        from loket.documents.messages import DOCUMENT_MESSAGES
        from loket.notify.messages import register
        from loket.org import permissions

        case_changed.connect(services.on_case_changed, dispatch_uid="loket.documents.issue")

        from loket.core import audit_anchor
        from loket.core.jobs import register_periodic_job
        from loket.documents import anchoring

        # The audit chain's head, signed with the province's seal, published daily (ADR 0012).
        audit_anchor.register(anchoring.SIGNER)
        register_periodic_job("documents.audit_anchor", anchoring.periodic_round, order=60)

        from loket.catalogue import terms
        from loket.catalogue.signals import draft_opened

        # The decision template is a term of the standard version: copied into each new draft, frozen on
        # publishing, and a change of it needs a second approver and is shown in the public version diff.
        draft_opened.connect(services.copy_template_into_draft, dispatch_uid="loket.documents.template_draft")
        terms.register(
            terms.Term(
                "template",
                "Templat keputusan",
                "Decision template",
                services.template_terms,
                services.describe_template_change,
            )
        )

        from loket.applications.outputs import DocumentOutputs, register_document_outputs
        from loket.documents import queries

        # The engine's forms offer wallet documents as uploads; its status page lists a case's documents.
        register_document_outputs(
            DocumentOutputs(
                usable_in_wallet=queries.usable_in_wallet,
                reuse_as_upload=services.reuse_as_upload,
                of_application=queries.of_application,
            )
        )
        register(DOCUMENT_MESSAGES)
        nav.register(
            order=20, indonesian="Dompet dokumen", english="Document wallet", url="/dompet/", visible=lambda user: True
        )
        nav.register(
            area="office",
            order=30,
            indonesian="Dokumen untuk ditandatangani",
            english="Documents to sign",
            url="/kantor/dokumen/tanda-tangan/",
            visible=lambda user: permissions.agencies_for(user, "document.sign").exists(),
        )
        nav.register(
            area="office",
            order=31,
            indonesian="Dokumen keluaran",
            english="Output documents",
            url="/kantor/dokumen/",
            visible=lambda user: permissions.agencies_for(user, "document.view").exists(),
        )
