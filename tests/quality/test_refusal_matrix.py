"""The refusal matrix: every classified route × every actor of the world (tests/helpers/world.py).

Generated from tests/helpers/routes.py, not hand-picked: an actor in the route's `allowed` set is served
(`ok`, e.g. 200), every other actor is refused — anonymous with a redirect to the login page (401 for
the JSON API), a signed-in actor of the wrong role or scope with 403 or 404. Never 200, never 5xx.
POST routes are sent their form (or an empty one; the test client skips CSRF here, tests/security checks it),
and every page is also POSTed to by each actor it refuses: its POST branch must refuse them as well.
"""

import json

import pytest

from tests.helpers import report
from tests.helpers.routes import ADMIN, API, HR_DOC_VIEW_A, VARIANTS, checked_routes
from tests.helpers.world import ACTORS, client_for

REFUSED_SIGNED_IN = (403, 404)
CASES = [*checked_routes(), *VARIANTS.items(), ("admin/", ADMIN)]


def answer(client, route, url, world):
    if route.method == "POST":
        if route.kind == API:
            return client.post(
                url, json.dumps(route.data(world) if route.data else {}), content_type="application/json"
            )
        return client.post(url, route.data(world) if route.data else {})
    return client.get(url)


def verdict(route, actor: str, response) -> str | None:
    """None when the answer is right for this actor, else what is wrong."""
    status = response.status_code
    if status >= 500:
        return f"{status} (server error)"
    if actor in route.allowed:
        ok = dict(route.ok_for).get(actor, route.ok)
        return None if ok is None or status in ok else f"{status}, expected {ok} (allowed)"
    if actor == "anonymous":
        if route.anonymous is not None:
            return None if status in route.anonymous else f"{status}, expected {route.anonymous}"
        location = response.get("Location", "")
        if status == 302 and location.startswith("/akun/login/"):
            return None
        return f"{status} {location}, expected 302 to /akun/login/"
    if route.others is not None:
        if status in route.others:
            return None
        return f"{status}, expected {route.others}"
    return None if status in REFUSED_SIGNED_IN else f"{status}, expected 403/404 (refused)"


def refused(response) -> bool:
    """A refusal: to a login page, 401, 403 or 404 (not, say, the login page sending a signed-in user home)."""
    return response.status_code in (401, 403, 404) or (
        response.status_code == 302 and "login/" in response.get("Location", "")
    )


@pytest.mark.parametrize(("pattern", "route"), CASES, ids=[pattern or "/" for pattern, _ in CASES])
def test_route_refuses_everyone_outside_its_audience(world, pattern, route):
    url = route.url(world)
    wrong = []
    for actor in ACTORS:
        response = answer(client_for(world, actor, route), route, url, world)
        problem = verdict(route, actor, response)
        report.add("matrix_requests")
        if actor not in route.allowed and not problem and refused(response):
            report.add("refusals_checked")
        if problem:
            wrong.append(f"  {actor}: {route.method} {url} -> {problem}")
    assert not wrong, f"{pattern}:\n" + "\n".join(wrong)


# The same refusals for a POST to every page (forms post to their own page): a view's POST branch must not
# be weaker than its GET. Routes whose outsiders are not simply refused (`others`/`anonymous`) are left out.
POST_CASES = [
    (pattern, route)
    for pattern, route in checked_routes()
    if route.kind == "page" and route.others is None and route.anonymous is None and set(ACTORS) - route.allowed
]


@pytest.mark.parametrize(("pattern", "route"), POST_CASES, ids=[pattern or "/" for pattern, _ in POST_CASES])
def test_page_post_refuses_the_same_actors(world, pattern, route):
    url = route.url(world)
    wrong = []
    for actor in ACTORS:
        if actor in route.allowed:
            continue
        response = client_for(world, actor, route).post(url, {"simpan": "1"})
        report.add("matrix_requests")
        status, location = response.status_code, response.get("Location", "")
        if actor == "anonymous":
            ok = status == 302 and location.startswith("/akun/login/")
        else:
            ok = status in (403, 404, 405)  # 405: a GET-only page, nothing done either
        if not ok:
            wrong.append(f"  {actor}: POST {url} -> {status} {location}")
        else:
            report.add("refusals_checked")
    assert not wrong, f"{pattern}:\n" + "\n".join(wrong)


def test_hr_documents_are_listed_only_to_readers_of_the_employees_record(world):
    """Issue 11, finding B: the documents office lists an HR document (the leave permit) only to whoever may
    read the employee's HR record; a citizen's decision of the same agency stays listed to every officer."""
    permit, decision = world.permit_doc, world.doc
    assert HR_DOC_VIEW_A == {"inspector"}  # of agency A's document readers, only the inspector reads HR records
    for actor in ("officer_a", "supervisor_a", "signer_a", "province_admin", "inspector"):
        page = client_for(world, actor).get("/kantor/dokumen/").content.decode()
        assert decision.number in page, actor
        assert (permit.number in page) == (actor in HR_DOC_VIEW_A), actor
