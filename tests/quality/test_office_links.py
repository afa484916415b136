"""Links are shown only where the reader may go (issue 15: an agency head's "Layanan yang Anda kelola" gave 7×403 and
2×404). From /kantor/, every link on every back-office page an agency head, a supervisor and an officer reach opens
with 200 for them (after redirects), or is not shown."""

import re
from collections import deque

import pytest

from loket.catalogue import services as catalogue
from loket.org.models import Role
from tests.helpers.auth import login
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db
LIMIT = 120  # pages of /kantor/ visited per person: every kind of page, not every row
SKIP = ("/static/", "/akun/logout/", "/i18n/", "/api/")


def hrefs(html: str) -> set[str]:
    return {href.split("#")[0] for href in re.findall(r'href="(/[^"]*)"', html) if not href.startswith(SKIP)}


def walk(client, start: str = "/kantor/") -> tuple[dict[str, int], set[str]]:
    """Open `start` and every page it links to; follow the links of /kantor/ pages (without their query, one
    page of each list). Returns {url: status} of every link seen and the pages walked."""
    seen: dict[str, int] = {}
    walked: set[str] = set()
    todo = deque([start])
    while todo and len(walked) < LIMIT:
        url = todo.popleft()
        if url in walked:
            continue
        walked.add(url)
        response = client.get(url, follow=True)
        seen[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in hrefs(response.content.decode()):
            if href in seen:
                continue
            if href.startswith("/kantor/") and "?" not in href:
                todo.append(href)
            else:
                seen[href] = client.get(href, follow=True).status_code
    return seen, walked


@pytest.fixture
def catalogue_world(process_service, service_a, editor_a, submitted):
    """A published service with a pending draft over it, another published one, and a case in the inbox."""
    catalogue.open_draft(actor=editor_a, service=service_a)
    return process_service, service_a


def test_agency_head_opens_every_link(client, officers, catalogue_world):
    head = officers["head"]
    login(client, head)
    seen, walked = walk(client)
    broken = {url: status for url, status in seen.items() if status != 200}
    assert not broken, broken
    # the walk reached the catalogue and its services, which the head may read and publish but not edit
    process_service, service_a = catalogue_world
    assert "/kantor/layanan/" in walked
    assert f"/kantor/layanan/{service_a.code}/terbitkan/" in seen  # the pending draft: to its publication page
    assert f"/kantor/layanan/{process_service.code}/versi/" in seen
    for code in (process_service.code, service_a.code):
        assert f"/kantor/layanan/{code}/" not in seen  # the editor is not offered
        assert f"/kantor/editor/{code}/formulir/" not in seen
        assert f"/kantor/layanan/{code}/templat-dokumen/" not in seen


def test_catalogue_rows_link_to_the_editor_for_editors(client, editor_a, catalogue_world):
    login(client, editor_a)
    html = client.get("/kantor/layanan/").content.decode()
    for service in catalogue_world:
        assert f'href="/kantor/layanan/{service.code}/"' in html


@pytest.mark.parametrize("who", ["supervisor", "officer"])
def test_supervisor_and_officer_open_every_link(client, officers, agency_a, catalogue_world, who):
    login(client, make_user("penyelia_a", (Role.SUPERVISOR, agency_a)) if who == "supervisor" else officers["front"])
    seen, _ = walk(client)
    broken = {url: status for url, status in seen.items() if status != 200}
    assert not broken, broken
