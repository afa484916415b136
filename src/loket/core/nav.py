"""Links later stages add to the site's main navigation, registered in their AppConfig.ready().

The base template is core's; the wallet, staff records or the dashboard belong to later stages, which
core must not import. Each link says for whom it shows; anonymous visitors see none of them, so the
public pages stay cacheable.
"""

from dataclasses import dataclass
from typing import Callable

from loket.core.i18n import is_english


@dataclass(frozen=True)
class Link:
    area: str  # "main": the site header; "office": the sections listed on the back-office home
    order: int
    indonesian: str
    english: str
    url: str
    visible: Callable  # (user) -> bool


_LINKS: list[Link] = []


def register(*, order: int, indonesian: str, english: str, url: str, visible: Callable, area: str = "main") -> None:
    if any(link.url == url and link.area == area for link in _LINKS):
        return  # ready() may run twice in tests
    _LINKS.append(Link(area, order, indonesian, english, url, visible))
    _LINKS.sort(key=lambda link: link.order)


def links_for(user, area: str = "main") -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    english = is_english()
    return [{"url": link.url, "label": link.english if english else link.indonesian}
            for link in _LINKS if link.area == area and link.visible(user)]
