"""Complaint desks for tests: complaints.desks.open_desk as a catalogue editor of the agency would open it."""


def open_desk(agency, *, inspectorate: bool = False, category=None):
    from loket.catalogue.models import Category
    from loket.complaints import desks
    from loket.org.models import Role
    from tests.helpers.org import make_user

    category = category or Category.objects.get_or_create(slug="pengaduan", defaults={"name_id": "Pengaduan"})[0]
    editor = make_user(f"editor_pengaduan_{agency.slug}", (Role.CATALOGUE_EDITOR, agency))
    return desks.open_desk(
        actor=editor, agency=agency, category=category, code=f"pengaduan-{agency.slug}"[:60], inspectorate=inspectorate
    )
