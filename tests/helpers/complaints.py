"""Complaint desks for tests: a published complaint-handling service of an agency (or a region's inspectorate)
with the complaint SOP and its read-only form (complaints.cases)."""


def open_desk(agency, *, inspectorate: bool = False, category=None):
    from loket.applications import services as applications
    from loket.catalogue import services as catalogue
    from loket.catalogue.models import Category
    from loket.complaints.cases import COMPLAINT_FORM, COMPLAINT_STEPS, COMPLAINT_TIME_LIMIT_DAYS
    from loket.complaints.models import ComplaintDesk
    from loket.org.models import Role
    from loket.workflow import services as workflow
    from tests.helpers.catalogue import COMPLETE_CONTENT
    from tests.helpers.org import make_user

    category = category or Category.objects.get_or_create(slug="pengaduan", defaults={"name_id": "Pengaduan"})[0]
    editor = make_user(f"editor_pengaduan_{agency.slug}", (Role.CATALOGUE_EDITOR, agency))
    service = catalogue.create_service(
        actor=editor,
        agency=agency,
        code=f"pengaduan-{agency.slug}"[:60],
        name_id="Pengelolaan Pengaduan" + (" (Inspektorat)" if inspectorate else ""),
        category=category,
        audience="citizen",
        channels=["online"],
    )
    draft = catalogue.open_draft(actor=editor, service=service)
    catalogue.update_draft(
        actor=editor, draft=draft, changes={**COMPLETE_CONTENT, "time_limit_days": COMPLAINT_TIME_LIMIT_DAYS}
    )
    workflow.save_procedure(actor=editor, standard=draft, steps=[dict(step) for step in COMPLAINT_STEPS])
    applications.save_form(actor=editor, standard=draft, fields=COMPLAINT_FORM)
    catalogue.publish(actor=editor, service=service)
    service.refresh_from_db()
    return ComplaintDesk.objects.create(agency=agency, region=agency.region, service=service, inspectorate=inspectorate)
