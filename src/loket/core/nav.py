"""Links later stages add to the site's main navigation, registered in their AppConfig.ready().

The base template is core's; the wallet, staff records or the dashboard belong to later stages, which
core must not import. Each link says for whom it shows; a link for everyone (`visible=None`) is the same
for every visitor, so the anonymous public pages stay cacheable.
"""

from collections.abc import Callable
from dataclasses import dataclass

from loket.core.i18n import is_english


@dataclass(frozen=True)
class Link:
    # "main": the site header; "office": the sections listed on the back-office home; "hr_office": the HR office's
    # menu (a read model's page for the HR office, e.g. its manual baselines, without hr knowing that app)
    area: str
    order: int
    indonesian: str
    english: str
    url: str
    visible: Callable | None  # (user) -> bool; None: everyone, anonymous visitors too


_LINKS: list[Link] = []


def register(
    *, order: int, indonesian: str, english: str, url: str, visible: Callable | None, area: str = "main"
) -> None:
    if any(link.url == url and link.area == area for link in _LINKS):
        return  # ready() may run twice in tests
    _LINKS.append(Link(area, order, indonesian, english, url, visible))
    _LINKS.sort(key=lambda link: link.order)


def links_for(user, area: str = "main") -> list[dict]:
    signed_in = getattr(user, "is_authenticated", False)
    english = is_english()
    return [
        {"url": link.url, "label": link.english if english else link.indonesian, "public": link.visible is None}
        for link in _LINKS
        if link.area == area and (link.visible is None or (signed_in and link.visible(user)))
    ]


# Whether a user belongs to the back office (shows its link); the organisation register decides and
# registers the rule here (core knows no roles).
_STAFF_CHECK: list[Callable] = []


def register_staff_check(check: Callable) -> None:
    _STAFF_CHECK[:] = [check]


def is_staff(user) -> bool:
    return bool(_STAFF_CHECK) and bool(_STAFF_CHECK[0](user))
