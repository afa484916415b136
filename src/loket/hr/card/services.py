"""e-Kartu services (ADR 0018): issue, re-issue, revoke and verify employee cards; publish the keys and the
revocation list. Every change of a card is written here, audited, in the caller's transaction.

- `cards_for_employees(employees)`: issues in bulk (one UPDATE for the superseded cards, one bulk INSERT, one audit
  event per batch); `refresh_stale(today)` is the idempotent job that issues a card to every active employee without
  one and re-issues every card whose printed facts changed (bulk imports send no post_save).
- `revoke(card)` and the receiver of `hr.signals.employee_left` stop a card from a date.
- `check(text, today)`: what the public page says of a scanned QR text.
"""

import datetime as dt
import hashlib
import logging
import os
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from loket.core import audit
from loket.core.errors import LoketError
from loket.core.i18n import tr
from loket.documents import pki
from loket.documents.render import public_url
from loket.hr.card import cose, rules
from loket.hr.models import CardKey, CardRevocationList, CardWithdrawal, Employee, EmployeeCard, PensionFile
from loket.hr.pension import rules as pension_rules
from loket.hr.pension import services as pension_services
from loket.org.models import TZ_NAMES, Region

log = logging.getLogger(__name__)
BATCH = 2000
REVOKED_LIST = -65550  # the revocation list's claim: [[cti, revoked on (ISO date), "dicabut" or "diganti"], ...]
LIST_HOURS = 48  # a published revocation list is good for two days (exp); the worker publishes it afresh


def valid_years() -> int:
    return int(getattr(settings, "LOKET_CARD_VALID_YEARS", rules.VALID_YEARS_DEFAULT))


# --- keys --------------------------------------------------------------------------------------------------------


def _current_key_row(region: Region) -> CardKey:
    """The region's signing key record (the latest generation), created with generation 1 on first use: the key an
    installation already had (`seals/card-<code>`) becomes generation 1 as it is."""
    row = CardKey.objects.filter(region=region).order_by("-generation").first()
    if row is None:
        key = pki.card_key(region.code, region.name).key
        row, _ = CardKey.objects.get_or_create(
            kid=cose.kid_of(key.public_key()),
            defaults={"region": region, "generation": 1, "created_at": timezone.now()},
        )
    return row


def region_key(region: Region):
    """The region's current private key and its kid: it signs new cards and the revocation list."""
    row = _current_key_row(region)
    return pki.card_key(region.code, region.name, row.generation).key, row.kid


def rotate_key(region: Region, *, actor=None, now=None) -> CardKey:
    """A new signing key for the region (a management command: `loket manage rotate_card_key`): the new generation
    signs every card and list from now on; the one before is retired but stays published until the last card it
    signed has expired, so those cards still verify offline. The revocation list is published afresh (new key)."""
    now = now or timezone.now()
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=region.pk).first()
        current = _current_key_row(region)
        generation = current.generation + 1
        key = pki.card_key(region.code, region.name, generation).key
        CardKey.objects.filter(region=region, retired_at__isnull=True).update(retired_at=now)
        row = CardKey.objects.create(
            region=region, generation=generation, kid=cose.kid_of(key.public_key()), created_at=now
        )
        audit.record(
            "hr.card_key_rotated",
            actor=actor,
            object_type="org.region",
            object_id=str(region.pk),
            data={"kid": row.kid, "retired": current.kid, "generation": generation},
        )
        queue_revocation_list(region.pk)
    return row


def reissue_region(region: Region, *, today: dt.date, actor=None) -> int:
    """Re-issue every card in force of the region's active employees (with the current key). Returns how many."""
    employees = active(Employee.objects.select_related("agency", "region")).filter(
        region=region, cards__revoked_at__isnull=True
    )
    done, batch, replaced = 0, [], set()
    for employee in employees.order_by("pk").iterator(chunk_size=BATCH):
        batch.append(employee)
        if len(batch) >= BATCH:
            done += len(cards_for_employees(batch, actor=actor, today=today, replaced_in=replaced))
            batch = []
    if batch:
        done += len(cards_for_employees(batch, actor=actor, today=today, replaced_in=replaced))
    _queue_lists(replaced)
    return done


def published_regions():
    """Regions whose keys are published: every region that has issued a card or holds a card key."""
    ids = set(EmployeeCard.objects.values_list("region_id", flat=True).distinct())
    ids.update(CardKey.objects.values_list("region_id", flat=True))
    return Region.objects.filter(pk__in=ids).order_by("code")


def _key_entry(region: Region, row: CardKey, last_valid: dt.date | None) -> dict:
    key = pki.card_key(region.code, region.name, row.generation).key
    jwk = cose.public_jwk(key.public_key(), region_code=region.code, region_name=region.name)
    entry = {**jwk, "tz": TZ_NAMES[region.time_zone], "zone": region.time_zone}
    entry["status"] = "retired" if row.retired_at else "current"
    entry["from"] = row.created_at.isoformat(timespec="seconds")
    if row.retired_at:
        entry["retired"] = row.retired_at.isoformat(timespec="seconds")
        entry["until"] = (last_valid or timezone.localdate(row.retired_at)).isoformat()
    return entry


def jwks(*, today: dt.date | None = None) -> dict:
    """The published key set (RFC 7517 JWK Set): each region's current ES256 key, and its retired keys while a card
    they signed is still inside its validity (`status` "current" / "retired"; `from`, `retired` the moments it began
    and stopped signing; `until` the last day a card it signed can be valid), with the region's time zone (`tz`,
    IANA; `zone`, WIB/WITA/WIT) for the offline checker's dates."""
    from django.db.models import Max

    today = today or timezone.localdate()
    keys = []
    for region in published_regions():
        current = _current_key_row(region)
        last_valid = dict(
            EmployeeCard.objects.filter(region=region, revoked_at__isnull=True)
            .values("kid")
            .annotate(last=Max("valid_until"))
            .values_list("kid", "last")
        )
        rows = CardKey.objects.filter(region=region).order_by("-generation")
        for row in rows:
            if row.pk != current.pk and (last_valid.get(row.kid) is None or last_valid[row.kid] < today):
                continue  # retired, and no card it signed is valid any more: no longer published
            keys.append(_key_entry(region, row, last_valid.get(row.kid)))
    return {"keys": keys}


def public_keys() -> dict:
    return {jwk["kid"]: cose.public_key_from_jwk(jwk) for jwk in jwks()["keys"]}


# --- issuing -----------------------------------------------------------------------------------------------------


def facts_of(employee: Employee) -> dict[str, str]:
    return rules.printed_facts(
        name=employee.name,
        front_title=employee.front_title,
        back_title=employee.back_title,
        nip=employee.nip,
        grade=employee.grade,
        position=employee.position_name,
        agency=employee.agency.name,
    )


def _pension_on(employee: Employee, post: tuple[str, str] | None, filed: dt.date | None = None) -> dt.date | None:
    """The retirement date as e-Pensiun sets it: a live pension file's date, else `retirement_of` (statute ages
    and the region's LOKET_PENSION_STATUTE_AGES included)."""
    if filed is not None:
        return filed
    try:
        return pension_services.retirement_of(employee, post)[1]
    except LoketError:
        return None  # an unknown post's pension date is HR's to decide: the card runs its years


def _posts(ids: list[int]) -> dict[int, tuple[str, str]]:
    return pension_services.current_levels(ids)


def _filed(ids: list[int]) -> dict[int, dt.date]:
    """employee -> pension date of their live (not cancelled) pension file."""
    return dict(
        PensionFile.objects.filter(employee_id__in=ids)
        .exclude(status=PensionFile.Status.CANCELLED)
        .values_list("employee_id", "pension_date")
    )


def pension_dates(employees: list[Employee]) -> dict[int, dt.date | None]:
    """employee -> the date their card stops at (retirement), for `employees`."""
    ids = [e.pk for e in employees]
    posts = _posts([e.pk for e in employees if e.position_type == pension_rules.FUNGSIONAL])
    filed = _filed(ids)
    return {e.pk: _pension_on(e, posts.get(e.pk), filed.get(e.pk)) for e in employees}


def active(employees=None):
    """Employees in the region's active registry: those who have not left it (e-Pensiun's `left_on`) and whose card
    was not withdrawn (dismissal, transfer out)."""
    employees = Employee.objects.all() if employees is None else employees
    return employees.filter(left_on__isnull=True, card_withdrawal__isnull=True)


def cards_for_employees(
    employees: list[Employee], *, actor=None, today: dt.date, now=None, replaced_in: set | None = None
) -> list[EmployeeCard]:
    """Issue a card to each of `employees` (agency and region loaded), superseding the card in force. The regions
    whose cards were replaced get their revocation list published afresh (queued now, or added to `replaced_in` for
    a caller issuing many batches, which queues each region once at the end)."""
    now = now or timezone.now()
    pensions = pension_dates(employees)
    years = valid_years()
    cards = []
    region_keys: dict[int, tuple] = {}
    for employee in employees:
        region = employee.region
        if region.pk not in region_keys:
            region_keys[region.pk] = region_key(region)
        key, kid = region_keys[region.pk]
        facts = facts_of(employee)
        until = rules.valid_until(today, years, pensions[employee.pk])
        serial = os.urandom(rules.CTI_BYTES)
        claims = rules.claims(
            region_code=region.code,
            serial=serial,
            facts=facts,
            valid_from=today,
            valid_until=until,
            zone=region.time_zone,
        )
        cards.append(
            EmployeeCard(
                employee=employee,
                region=region,
                serial=serial.hex(),
                kid=kid,
                facts=facts,
                fingerprint=rules.fingerprint(facts),
                valid_from=today,
                valid_until=until,
                issued_at=now,
                issued_by=actor,
                token=cose.b64url(cose.sign(claims, key)),
            )
        )
    ids = [e.pk for e in employees]
    with transaction.atomic():
        # Two issuers of one employee's card (the holder's page and the daily job) take turns: the second supersedes
        # the first's card instead of breaking the one-card-in-force index.
        list(Employee.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        superseded = EmployeeCard.objects.filter(employee__in=ids, revoked_at__isnull=True)
        replaced = superseded.update(revoked_at=now, revoked_on=today, revoke_reason=rules.SUPERSEDED)
        EmployeeCard.objects.bulk_create(cards, batch_size=BATCH)
        if replaced:  # the replaced cards join their region's revocation list
            regions = {card.region_id for card in cards}
            if replaced_in is not None:
                replaced_in.update(regions)
            else:
                for region_id in regions:
                    queue_revocation_list(region_id)
        audit.record(
            "hr.cards_issued",
            actor=actor,
            object_type="hr.employeecard",
            data={"count": len(cards), "superseded": replaced, "serials": [c.serial for c in cards[:20]]},
        )
    return cards


def issue(employee: Employee, *, actor=None, today: dt.date | None = None) -> EmployeeCard:
    """Issue (or re-issue) one employee's card; refused for an employee who left."""
    today = today or timezone.localdate()
    if CardWithdrawal.objects.filter(employee=employee).exists():
        raise LoketError(
            tr(
                "Pegawai ini sudah tidak aktif; kartu tidak diterbitkan lagi.",
                "This employee is no longer active; no card is issued.",
            )
        )
    employee = Employee.objects.select_related("agency", "region").get(pk=employee.pk)
    return cards_for_employees([employee], actor=actor, today=today)[0]


def latest_card(employee: Employee) -> EmployeeCard | None:
    return EmployeeCard.objects.filter(employee=employee).order_by("-issued_at", "-pk").first()


def card_for(employee: Employee, *, today: dt.date | None = None) -> EmployeeCard | None:
    """The card the employee's page shows: the card in force, re-issued first when the printed facts changed or
    when it expired, issued first when there is none; for an employee who left, their last card (revoked)."""
    today = today or timezone.localdate()
    card = latest_card(employee)
    if CardWithdrawal.objects.filter(employee=employee).exists():
        return card
    in_force = card if card is not None and card.revoked_at is None else None
    employee = Employee.objects.select_related("agency", "region").get(pk=employee.pk)
    if in_force is not None and in_force.fingerprint == rules.fingerprint(facts_of(employee)):
        if in_force.valid_until >= today or retired_among([employee], today=today):
            return in_force  # expired at the retirement date: kept, not re-issued every day
    return cards_for_employees([employee], today=today)[0]


def retired_among(employees: list[Employee], *, today: dt.date) -> set[int]:
    """Ids of `employees` whose retirement date has come by `today`: a card issued now would end today."""
    return {pk for pk, on in pension_dates(employees).items() if on is not None and on <= today}


@dataclass
class Refresh:
    issued: int = 0  # employees without a card in force who got one
    reissued: int = 0  # cards whose printed facts changed, or that expired


def refresh_stale(*, today: dt.date | None = None, agencies=None, actor=None) -> Refresh:
    """Issue a card to every active employee without one in force and re-issue every card whose printed facts
    changed or whose validity ended. Idempotent: a second run finds nothing to do."""
    today = today or timezone.localdate()
    employees = active(Employee.objects.select_related("agency", "region"))
    if agencies is not None:
        employees = employees.filter(agency__in=agencies)
    in_force = dict(
        EmployeeCard.objects.filter(revoked_at__isnull=True, employee__in=employees.values("pk")).values_list(
            "employee_id", "fingerprint"
        )
    )
    expired = set(
        EmployeeCard.objects.filter(revoked_at__isnull=True, valid_until__lt=today).values_list(
            "employee_id", flat=True
        )
    )
    # A card that ran out at the retirement date stays expired: re-issuing it would print a one-day card every day
    # (and a daily "replaced" row in the revocation list) until e-Pensiun marks the holder as left.
    retired = retired_among(list(employees.filter(pk__in=expired)), today=today)
    result = Refresh()
    batch: list[Employee] = []
    replaced: set[int] = set()
    for employee in employees.order_by("pk").iterator(chunk_size=BATCH):
        current = in_force.get(employee.pk)
        if current is None:
            result.issued += 1
        elif current != rules.fingerprint(facts_of(employee)) or (
            employee.pk in expired and employee.pk not in retired
        ):
            result.reissued += 1
        else:
            continue
        batch.append(employee)
        if len(batch) >= BATCH:
            cards_for_employees(batch, actor=actor, today=today, replaced_in=replaced)
            batch = []
    if batch:
        cards_for_employees(batch, actor=actor, today=today, replaced_in=replaced)
    _queue_lists(replaced)
    return result


def _queue_lists(region_ids) -> None:
    with transaction.atomic():
        for region_id in sorted(region_ids):
            queue_revocation_list(region_id)


# --- revoking ----------------------------------------------------------------------------------------------------


def revoke(card: EmployeeCard, *, reason: str, on: dt.date, actor=None) -> EmployeeCard:
    """Stop a card from `on` for one of rules.REASONS (audited). A card already stopped keeps its first reason."""
    if reason not in rules.REASONS:
        raise LoketError(tr("Alasan pencabutan tidak dikenal.", "Unknown reason for revocation."), field="reason")
    with transaction.atomic():
        card = EmployeeCard.objects.select_for_update().get(pk=card.pk)
        if card.revoked_at is not None:
            return card
        card.revoked_at, card.revoked_on, card.revoke_reason = timezone.now(), on, reason
        card.save(update_fields=["revoked_at", "revoked_on", "revoke_reason"])
        audit.record("hr.card_revoked", obj=card, actor=actor, data={"reason": reason, "on": on.isoformat()})
        queue_revocation_list(card.region_id)
    return card


def replace_lost(card: EmployeeCard, *, on: dt.date, today: dt.date, actor=None) -> EmployeeCard:
    """BKD's hand revocation: a lost, stolen or damaged card stops from `on` and a new card is issued at once.
    The holder leaving the registry is not done here but through e-Pensiun's mark_left (employee_left)."""
    with transaction.atomic():
        revoke(card, reason=rules.LOST, on=on, actor=actor)
        return issue(card.employee, actor=actor, today=today)


def employee_left(employee: Employee, *, on: dt.date, reason: str, actor=None) -> EmployeeCard | None:
    """The employee left the active registry: their card stops from `on` and none is issued again."""
    if reason not in rules.LEFT_REASONS:
        raise LoketError(tr("Alasan keluar tidak dikenal.", "Unknown reason for leaving."), field="reason")
    with transaction.atomic():
        CardWithdrawal.objects.get_or_create(employee=employee, defaults={"on": on, "reason": reason})
        card = EmployeeCard.objects.filter(employee=employee, revoked_at__isnull=True).first()
        return revoke(card, reason=reason, on=on, actor=actor) if card is not None else None


def on_employee_left(sender, *, employee, on, reason, **kwargs) -> None:
    """Receiver of hr.signals.employee_left (sent by e-Pensiun and the registry)."""
    employee_left(employee, on=on, reason=reason, actor=kwargs.get("actor"))


# --- verifying ---------------------------------------------------------------------------------------------------


def qr_text(card: EmployeeCard) -> str:
    return public_url(rules.PATH + card.token)


def qr_code(text: str):
    """The card's QR code (segno): the smallest version at level L, its error correction then raised as far as that
    version allows (rules.QR_ERROR, QR_BOOST)."""
    import segno

    return segno.make(text, error=rules.QR_ERROR, boost_error=rules.QR_BOOST, micro=False)


@dataclass
class Verdict:
    status: str  # rules.VALID, EXPIRED, NOT_YET, REVOKED, UNKNOWN
    card: EmployeeCard | None = None
    facts: rules.Decoded | None = None
    superseded: bool = False


def check(text: str, *, today: dt.date | None = None, keys: dict | None = None) -> Verdict:
    """What a scanned QR text is worth today: the signature checked against the published keys, then the card's
    record (revoked, superseded, expired). A payload that does not verify is UNKNOWN and nothing of it is shown."""
    today = today or timezone.localdate()
    token = rules.token_from_text(text)
    if token is None:
        return Verdict(rules.UNKNOWN)
    try:
        raw = cose.unb64url(token)
        decoded = rules.decoded(cose.verify(raw, public_keys() if keys is None else keys))
        kid = cose.kid_in(raw)
    except (cose.InvalidCard, ValueError):
        return Verdict(rules.UNKNOWN)
    card = EmployeeCard.objects.filter(serial=decoded.serial).select_related("region").first()
    if card is None or card.kid != kid or card.region.code != decoded.region_code or card.facts["nip"] != decoded.nip:
        return Verdict(rules.UNKNOWN)  # a genuine signature over another region's, or another card's, claims
    status = rules.status_of(
        valid_from=card.valid_from, valid_until=card.valid_until, revoked_on=card.revoked_on, today=today
    )
    return Verdict(status, card, decoded, superseded=card.revoke_reason == rules.SUPERSEDED)


def revocation_list(region: Region, *, now=None) -> bytes:
    """The region's signed revocation list, built now: a CWT signed with the region's current key (iss = region code,
    iat = nbf = issue time, exp = two days later) whose claim -65550 lists [cti, revoked on, "dicabut" or "diganti"]
    of every stopped card still inside its validity: the reason (death, dismissal, ...) stays on BKD's pages."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = (
        EmployeeCard.objects.filter(region=region, revoked_at__isnull=False, valid_until__gte=today)
        .order_by("revoked_on", "serial")
        .values_list("serial", "revoked_on", "revoke_reason")
    )
    claims = {
        rules.ISS: region.code,
        rules.IAT: int(now.timestamp()),
        rules.NBF: int(now.timestamp()),
        rules.EXP: int(now.timestamp()) + LIST_HOURS * 3600,
        REVOKED_LIST: [
            [bytes.fromhex(serial), on.isoformat(), rules.public_mark(reason)] for serial, on, reason in rows
        ],
    }
    key, _kid = region_key(region)
    return cose.sign(claims, key)


def queue_revocation_list(region_id: int) -> None:
    """Ask the worker to publish the region's list afresh (hr.tasks.publish_revocation_list), in the caller's
    transaction: the database queue commits the task with the revocation, or neither."""
    from loket.hr.tasks import publish_revocation_list

    publish_revocation_list.enqueue(region_id)


def publish_revocation_list(region: Region, *, now=None) -> CardRevocationList:
    """Build and store the region's signed list (the worker's task, run after the revocation committed: it reads
    every stopped card afresh, so a task that runs late never publishes less than one that ran early)."""
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=region.pk).first()  # one builder of a region's list at a time
        now = now or timezone.now()
        content = revocation_list(region, now=now)
        _region, issued, entries = read_revocation_list(content, public_keys_of(region))
        values = {
            "content": content,
            "etag": '"' + hashlib.sha256(content).hexdigest()[:32] + '"',
            "kid": cose.kid_in(content),
            "entries": len(entries),
            "issued_at": dt.datetime.fromtimestamp(issued, tz=dt.UTC),
            "expires_at": dt.datetime.fromtimestamp(issued + LIST_HOURS * 3600, tz=dt.UTC),
        }
        stored, _ = CardRevocationList.objects.update_or_create(region=region, defaults=values)
    return stored


def public_keys_of(region: Region) -> dict:
    key, kid = region_key(region)
    return {kid: key.public_key()}


def published_revocation_list(region: Region, *, now=None) -> CardRevocationList:
    """The list to serve: the stored one while it has more than a quarter of its life left; otherwise (a fresh
    installation, a worker that has been down) it is built and stored here, so the checker never gets a stale list."""
    now = now or timezone.now()
    stored = CardRevocationList.objects.filter(region=region).first()
    if stored is not None and stored.expires_at - now > dt.timedelta(hours=LIST_HOURS / 4):
        return stored
    log.warning("revocation list of region %s built on request (missing or old)", region.code)
    return publish_revocation_list(region, now=now)


def refresh_revocation_lists(*, now=None) -> int:
    """The daily job: every published region's list is built afresh (a list lives two days)."""
    done = 0
    for region in published_regions():
        publish_revocation_list(region, now=now)
        done += 1
    return done


def read_revocation_list(raw: bytes, keys: dict) -> tuple[str, int, dict[str, tuple[str, str]]]:
    """(region code, issued at, {serial hex: (revoked on, "dicabut" or "diganti")}) of a verified revocation list."""
    claims = cose.verify(raw, keys)
    entries = claims.get(REVOKED_LIST)
    if not isinstance(entries, list):
        raise cose.InvalidCard("not a revocation list")
    return claims[rules.ISS], claims[rules.IAT], {bytes(e[0]).hex(): (e[1], e[2]) for e in entries}


def photo_data_uri(employee: Employee) -> str:
    """The employee's photo as a data: URI, or "" (the card then shows initials)."""
    import base64

    try:
        photo = employee.photo
    except Employee.photo.RelatedObjectDoesNotExist:
        return ""
    return f"data:{photo.content_type};base64,{base64.b64encode(bytes(photo.content)).decode()}"


PHOTO_MAX = 300 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def _readable_image(content: bytes) -> bool:
    """Whether Pillow (fpdf2's image reader) opens and checks the file: the PDF card embeds it."""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    return True


def set_photo(employee: Employee, content: bytes, *, actor=None) -> None:
    """Keep the card photo (JPEG or PNG by its first bytes, at most 300 KB)."""
    from loket.hr.models import EmployeePhoto

    kind = next((t for magic, t in PHOTO_TYPES.items() if content.startswith(magic)), None)
    if kind is None or len(content) > PHOTO_MAX or not _readable_image(content):
        raise LoketError(
            tr("Foto harus JPEG atau PNG, paling besar 300 KB.", "The photo must be a JPEG or PNG of at most 300 KB."),
            field="photo",
        )
    with transaction.atomic():
        EmployeePhoto.objects.update_or_create(
            employee=employee, defaults={"content": content, "content_type": kind, "uploaded_by": actor}
        )
        audit.record("hr.card_photo", obj=employee, actor=actor, data={"bytes": len(content)})


def regions_by_code(code: str) -> Region | None:
    return Region.objects.filter(code=code).filter(Q(pk__in=EmployeeCard.objects.values("region_id"))).first()
