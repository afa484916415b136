"""What the layers above the catalogue add to a standard version's public page (ADR 0011).

The catalogue never imports the engine: the procedure's flowchart and the checks that a version can be
applied for online (it has a form, it has a procedure) are registered here by `workflow` and
`applications` in their AppConfig.ready(). With nothing registered the page shows the standard alone.
"""

from collections.abc import Callable

_SECTIONS: dict[str, Callable] = {}
_ONLINE_REQUIREMENTS: dict[str, Callable] = {}


def register_section(name: str, build: Callable) -> None:
    """`build(standard)` returns the template context value `name` of the public page (or None)."""
    _SECTIONS[name] = build


def register_online_requirement(name: str, check: Callable) -> None:
    """`check(standard, sections)` is true when this layer has what an online application needs."""
    _ONLINE_REQUIREMENTS[name] = check


def sections(standard) -> dict:
    return {name: build(standard) for name, build in _SECTIONS.items()}


def accepts_online_applications(standard, built_sections: dict) -> bool:
    return bool(_ONLINE_REQUIREMENTS) and all(
        check(standard, built_sections) for check in _ONLINE_REQUIREMENTS.values()
    )
