"""What the layers above the engine add to the applicant's status page, registered at start-up (ADR 0011).

The engine never imports them: `feedback` (the satisfaction survey of an ended case) registers a section
here in its AppConfig.ready(), and the status view asks every registered section for what to show, so
the reads happen in the view and not in a template tag. With nothing registered the page shows the case
alone.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class StatusSection:
    template: str  # included after the decision note, with `section` bound to `values`
    values: dict = field(default_factory=dict)


_SECTIONS: dict[str, Callable] = {}


def register_section(name: str, build: Callable) -> None:
    """`build(application)` returns a StatusSection, or None when it has nothing to show for this case."""
    _SECTIONS[name] = build


def sections(application) -> list[StatusSection]:
    return [section for build in _SECTIONS.values() if (section := build(application)) is not None]
