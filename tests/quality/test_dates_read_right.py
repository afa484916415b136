"""Every date a person reads is written as the language writes it (issue 15): "7 Desember 2026" or "7 Des 2026",
never "07-12-2026" nor "2026-12-07". Every HTML page of tests/helpers/routes.py, in Indonesian and in English, as
the actor the browser walk uses; only the text a person reads is searched (not attributes such as
<time datetime="2026-12-07T…"> or an <option value="2026-12-07">, which machines read).

The world (tests/helpers/world.py) has what puts dates on these pages: leave requests and KGB decisions, declared
relatives, open tasks with deadlines, signed documents, published versions."""

import html
import re

import pytest

from tests.helpers import report
from tests.helpers.routes import pages
from tests.helpers.world import client_for

# d-m-Y, d/m/Y and ISO (Y-m-d, optionally followed by a time): numbers only, never a month's name
NUMERIC_DATE = re.compile(r"(?<![\w-])(\d{1,2}[-/]\d{1,2}[-/]\d{4}|\d{4}-\d{2}-\d{2})(?![\w-])")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")

PAGES = [(pattern, route) for pattern, route in pages() if route.ready is None]  # script-drawn pages: no server text


def read_text(page_html: str) -> str:
    """The text of a page as a person reads it: no scripts, styles, tags or attributes."""
    return html.unescape(TAG.sub(" ", SCRIPT_OR_STYLE.sub(" ", page_html)))


def numeric_dates(page_html: str) -> list[str]:
    return sorted(set(NUMERIC_DATE.findall(read_text(page_html))))


def test_the_search_finds_numeric_dates_and_only_them():
    """A negative control for the search below."""
    assert numeric_dates("<p>Berlaku 07-12-2026</p><td>2026-12-07 10:00</td><p>1/2/2026</p>") == [
        "07-12-2026",
        "1/2/2026",
        "2026-12-07",
    ]
    readable = (
        '<time datetime="2026-12-07T10:00:00+07:00">7 Desember 2026</time> <option value="2026-12-07">7 Des 2026'
        "</option> IUM-2026-000123 NIP 19900817 201501 1 001 NIK 3273014101900001 3273-99-2000001"
    )
    assert numeric_dates(readable) == []


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(("pattern", "route"), PAGES, ids=[pattern or "/" for pattern, _ in PAGES])
def test_dates_on_every_page_are_written_in_words(world, settings, pattern, route, language):
    client = client_for(world, route.visitor(), route)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(route.url(world))
    assert response.status_code == 200, f"{pattern} ({language}): {response.status_code}, expected the page"
    report.add("pages_checked_for_dates")
    found = numeric_dates(response.content.decode())
    assert not found, f"{pattern} ({language}) prints dates as numbers: {found}"
