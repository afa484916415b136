"""The applicant's status page shows what higher layers add only through what they register (ADR 0011)."""

from pathlib import Path

from loket.applications import status_sections
from loket.feedback import services as feedback_services

TEMPLATES = Path(status_sections.__file__).parent / "templates"


def test_feedback_registers_the_survey_card():
    assert status_sections._SECTIONS["survey"] is feedback_services.status_section


def test_without_registrations_the_page_has_no_sections(monkeypatch):
    monkeypatch.setattr(status_sections, "_SECTIONS", {})
    assert status_sections.sections(object()) == []


def test_the_engine_templates_load_no_tag_library_of_a_higher_layer():
    """A higher layer's template tag on the engine's pages is an import the layers contract cannot see
    (and the survey tag was a query run from a template)."""
    allowed = {"tz", "static", "i18n", "l10n", "humanize", "cache"}
    for template in TEMPLATES.rglob("*.html"):
        for line in template.read_text().splitlines():
            if "{% load " in line:
                libraries = set(line.split("{% load ", 1)[1].split("%}", 1)[0].split())
                assert libraries <= allowed, f"{template.name}: {libraries - allowed}"
