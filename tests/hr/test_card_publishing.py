"""e-Kartu's published material: the signed revocation list is built by the worker after a revocation or issue
(a task on the database queue, run here by an in-process worker) and served as stored bytes with a strong ETag
(If-None-Match -> 304); key rotation (kid in the protected header, retired keys published until their cards expire,
the management command)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from loket.core.models import AuditEvent
from loket.hr.card import cose, rules
from loket.hr.card import services as cards
from loket.hr.models import CardKey, CardRevocationList, EmployeeCard
from tests.helpers.hr import run_worker

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def issued(staff):
    cards.refresh_stale(today=timezone.localdate())
    return staff


def in_force(employee) -> EmployeeCard:
    return EmployeeCard.objects.get(employee=employee, revoked_at__isnull=True)


def listed(client, code: str, etag: str | None = None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(f"/kartu/dicabut/{code}.cwt", **headers)


@pytest.mark.django_db(transaction=True)
def test_a_revocation_queues_the_list_and_the_worker_publishes_it(client, issued):
    staf, staf2 = issued["staf"], issued["staf2"]
    region = staf.region
    run_worker()  # nothing revoked yet: the issue queued nothing, or only a list without entries
    card = in_force(staf)
    cards.revoke(card, reason=rules.LOST, on=timezone.localdate())
    assert DBTaskResult.objects.filter(status="READY", task_path__endswith="publish_revocation_list").exists()
    assert run_worker() >= 1
    stored = CardRevocationList.objects.get(region=region)
    keys = cards.public_keys()
    code, _issued, entries = cards.read_revocation_list(bytes(stored.content), keys)
    assert code == region.code and card.serial in entries and stored.entries == len(entries)

    first = listed(client, region.code)
    assert first.status_code == 200 and first.content == bytes(stored.content)  # the stored bytes, not rebuilt
    assert first["ETag"] == stored.etag and first["ETag"].startswith('"') and not first["ETag"].startswith("W/")
    assert first["Cache-Control"] == "public, max-age=60, must-revalidate"
    again = listed(client, region.code, first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    assert listed(client, region.code, '"something-else"').status_code == 200

    # A second revocation: the worker publishes again, the old tag no longer matches, the card is on the list.
    other = in_force(staf2)
    cards.employee_left(staf2, on=timezone.localdate(), reason=rules.DEATH)
    run_worker()
    changed = listed(client, region.code, first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    _code, _issued, entries = cards.read_revocation_list(changed.content, cards.public_keys())
    assert {card.serial, other.serial} <= set(entries) and entries[other.serial][1] == rules.REVOKED


@pytest.mark.django_db(transaction=True)
def test_a_replaced_card_reaches_the_list_through_the_worker(client, issued):
    from loket.hr.models import Employee

    staf = issued["staf"]
    old = in_force(staf)
    run_worker()
    Employee.objects.filter(pk=staf.pk).update(position_name="Analis Kebijakan Ahli Muda")
    assert cards.refresh_stale().reissued == 1
    run_worker()
    body = listed(client, staf.region.code).content
    _code, _issued, entries = cards.read_revocation_list(body, cards.public_keys())
    assert entries[old.serial][1] == rules.SUPERSEDED


@pytest.mark.django_db
def test_without_a_stored_list_the_page_builds_one_and_a_stale_one_is_rebuilt(client, issued):
    region = issued["staf"].region
    assert not CardRevocationList.objects.exists()
    response = listed(client, region.code)
    assert response.status_code == 200 and CardRevocationList.objects.get(region=region).etag == response["ETag"]
    CardRevocationList.objects.filter(region=region).update(expires_at=timezone.now() + dt.timedelta(hours=1))
    rebuilt = listed(client, region.code)
    assert CardRevocationList.objects.get(region=region).expires_at > timezone.now() + dt.timedelta(hours=40)
    assert cards.read_revocation_list(rebuilt.content, cards.public_keys())[0] == region.code


@pytest.mark.django_db
def test_the_daily_job_refreshes_every_published_list(issued):
    assert cards.refresh_revocation_lists() == 1
    first = CardRevocationList.objects.get()
    later = timezone.now() + dt.timedelta(days=1)
    assert cards.refresh_revocation_lists(now=later) == 1
    assert CardRevocationList.objects.get().issued_at > first.issued_at


# --- key rotation ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_kid_is_in_the_protected_header(issued):
    import cbor2

    card = in_force(issued["staf"])
    protected, unprotected, _payload, _signature = cbor2.loads(cose.unb64url(card.token)).value
    assert cbor2.loads(protected) == {1: -7, 4: card.kid.encode()} and unprotected == {}


@pytest.mark.django_db
def test_rotation_signs_new_cards_with_the_new_key_and_old_cards_verify_until_they_expire(client, issued):
    from loket.hr.models import Employee

    staf, staf2 = issued["staf"], issued["staf2"]
    region = staf.region
    old_card = in_force(staf)
    old_kid = old_card.kid
    out = []
    call_command("rotate_card_key", region.code, stdout=type("W", (), {"write": lambda self, s: out.append(s)})())
    assert old_kid in out[0] and "kunci baru" in out[0]
    current = CardKey.objects.get(region=region, retired_at__isnull=True)
    assert current.generation == 2 and current.kid != old_kid
    assert CardKey.objects.get(kid=old_kid).retired_at is not None
    assert AuditEvent.objects.filter(action="hr.card_key_rotated").count() == 1

    published = {k["kid"]: k for k in client.get("/kartu/kunci.json").json()["keys"]}
    assert published[current.kid]["status"] == "current" and "retired" not in published[current.kid]
    retired = published[old_kid]
    assert retired["status"] == "retired" and retired["retired"] and retired["from"]
    assert retired["until"] == EmployeeCard.objects.filter(kid=old_kid).latest("valid_until").valid_until.isoformat()
    # the card signed with the retired key still verifies, online and with the published keys
    assert cards.check(old_card.token).status == rules.VALID
    assert cose.verify(cose.unb64url(old_card.token), cards.public_keys())
    # a new card and the revocation list are signed with the new key
    Employee.objects.filter(pk=staf2.pk).update(position_name="Analis Kebijakan Ahli Muda")
    cards.refresh_stale()
    new_card = in_force(staf2)
    assert new_card.kid == current.kid and cards.check(new_card.token).status == rules.VALID
    body = listed(client, region.code).content
    assert cose.kid_in(body) == current.kid
    assert cards.read_revocation_list(body, cards.public_keys())[0] == region.code


@pytest.mark.django_db
def test_a_retired_key_leaves_the_key_set_when_its_last_card_has_expired(issued):
    region = issued["staf"].region
    old_kid = in_force(issued["staf"]).kid
    cards.rotate_key(region)
    later = max(EmployeeCard.objects.filter(kid=old_kid).values_list("valid_until", flat=True))
    assert old_kid in {k["kid"] for k in cards.jwks(today=later)["keys"]}
    assert old_kid not in {k["kid"] for k in cards.jwks(today=later + dt.timedelta(days=1))["keys"]}
    cards.reissue_region(region, today=timezone.localdate())  # every card re-issued with the new key
    assert old_kid not in {k["kid"] for k in cards.jwks()["keys"]}  # nothing in force it signed: no longer published


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_region(issued):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="99.99"):
        call_command("rotate_card_key", "99.99")


@pytest.mark.django_db
def test_a_bulk_reissue_queues_the_regions_list_once(issued):
    from loket.hr.models import Employee

    ready = DBTaskResult.objects.filter(status="READY", task_path__endswith="publish_revocation_list")
    before = ready.count()
    Employee.objects.filter(pk__in=[e.pk for e in issued.values()]).update(position_name="Analis Kebijakan Ahli Muda")
    assert cards.refresh_stale().reissued == len(issued)
    assert ready.count() == before + 1  # one region, one task, however many batches
    cards.revoke(in_force(issued["staf"]), reason=rules.LOST, on=timezone.localdate())
    assert ready.count() == before + 2  # a single revocation queues its own
