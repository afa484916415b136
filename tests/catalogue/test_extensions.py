"""The layers above the catalogue register what they add to the public standard page (ADR 0011)."""

from loket.catalogue import extensions


def test_workflow_registers_the_flowchart_and_the_engine_both_online_requirements():
    assert set(extensions._SECTIONS) == {"flowchart"}
    assert set(extensions._ONLINE_REQUIREMENTS) == {"form", "procedure"}


def test_online_applications_need_every_registered_requirement(monkeypatch):
    monkeypatch.setattr(extensions, "_ONLINE_REQUIREMENTS", {})
    assert not extensions.accepts_online_applications(object(), {})
    extensions.register_online_requirement("yes", lambda standard, sections: True)
    assert extensions.accepts_online_applications(object(), {})
    extensions.register_online_requirement("no", lambda standard, sections: False)
    assert not extensions.accepts_online_applications(object(), {})
