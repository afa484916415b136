"""The portal's visual identity as the base template shows it: name, crest, colours, contact, footer links.

Core draws the page but knows no regions: the organisation register keeps identities as data and registers
how to find the one of a region (`register`). A page belonging to a region puts `identity_region` (a Region,
or its id) in its template context; every other page shows the deployment's identity. Without a resolver or
without data (a fresh install, a broken database on the 500 page) the settings give a plain identity.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.templatetags.static import static

from loket.core.i18n import is_english

PRIVACY_PATH = "/privasi/"
ACCESSIBILITY_PATH = "/aksesibilitas/"
DEFAULT_LOGO = "loket/crests/loket.svg"


@dataclass(frozen=True)
class Link:
    kind: str  # privacy, accessibility, complaint, other
    label_id: str
    label_en: str
    url: str

    @property
    def label(self) -> str:
        return self.label_en if is_english() and self.label_en else self.label_id


@dataclass(frozen=True)
class Identity:
    key: str
    name_id: str
    name_en: str = ""
    short_name: str = ""
    government_id: str = ""
    government_en: str = ""
    logo_url: str = ""
    theme_url: str = ""  # a stylesheet setting the identity's colours ("" = Loket's own)
    address: str = ""
    phone: str = ""
    email: str = ""
    hours_id: str = ""
    hours_en: str = ""
    website: str = ""
    links: tuple[Link, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return self.name_en if is_english() and self.name_en else self.name_id

    @property
    def short(self) -> str:
        return self.short_name or self.name

    @property
    def government(self) -> str:
        return self.government_en if is_english() and self.government_en else self.government_id

    @property
    def hours(self) -> str:
        return self.hours_en if is_english() and self.hours_en else self.hours_id

    @property
    def phone_uri(self) -> str:
        digits = "".join(c for c in self.phone if c.isdigit() or c == "+")
        return f"tel:{digits}" if digits else ""

    def of_kind(self, kind: str) -> list[Link]:
        return [link for link in self.links if link.kind == kind]

    @property
    def privacy_url(self) -> str:
        return next((link.url for link in self.of_kind("privacy")), PRIVACY_PATH)

    @property
    def accessibility_url(self) -> str:
        return next((link.url for link in self.of_kind("accessibility")), ACCESSIBILITY_PATH)

    @property
    def complaint_links(self) -> list[Link]:
        return self.of_kind("complaint")

    @property
    def other_links(self) -> list[Link]:
        return self.of_kind("other")


def plain() -> Identity:
    """The identity the settings give when no data says otherwise."""
    channel = getattr(settings, "LOKET_COMPLAINT_CHANNEL", "")
    return Identity(
        key="loket",
        name_id=settings.LOKET_SITE_NAME,
        logo_url=static(DEFAULT_LOGO),
        links=(
            Link("privacy", "Pemberitahuan privasi", "Privacy notice", PRIVACY_PATH),
            Link("accessibility", "Pernyataan aksesibilitas", "Accessibility statement", ACCESSIBILITY_PATH),
            Link("complaint", channel, channel, "https://www.lapor.go.id/"),
        ),
    )


_RESOLVER: list[Callable] = []


def register(resolver: Callable) -> None:
    """resolver(region or region id or None) -> Identity. The organisation register fills it."""
    _RESOLVER[:] = [resolver]


def for_region(region=None) -> Identity:
    if not _RESOLVER:
        return plain()
    try:
        return _RESOLVER[0](region) or plain()
    except Exception:
        return plain()
