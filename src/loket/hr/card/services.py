"""e-Kartu services (ADR 0018): issue, re-issue, revoke and verify employee cards; publish the keys and the
revocation list. Every change of a card is written here, audited, in the caller's transaction.

- `cards_for_employees(employees)`: issues in bulk (one UPDATE for the superseded cards, one bulk INSERT, one audit
  event per batch); `refresh_stale(today)` is the idempotent job that issues a card to every active employee without
  one and re-issues every card whose printed facts changed (bulk imports send no post_save).
- `revoke(card)` and the receiver of `hr.signals.employee_left` stop a card from a date.
- `check(text, today)`: what the public page says of a scanned QR text.
"""

import datetime as dt
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
from loket.hr.models import CardWithdrawal, Employee, EmployeeCard, PensionFile
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


def region_key(region: Region):
    """The region's private key and its kid (created on first use, kept in the signing dir)."""
    key = pki.card_key(region.code, region.name).key
    return key, cose.kid_of(key.public_key())


def published_regions():
    """Regions whose keys are published: every region that has issued a card."""
    ids = EmployeeCard.objects.values_list("region_id", flat=True).distinct()
    return Region.objects.filter(pk__in=ids).order_by("code")


def jwks() -> dict:
    """The published key set (RFC 7517 JWK Set): one ES256 key per region that issues cards, with the region's time
    zone (`tz`, IANA; `zone`, WIB/WITA/WIT) for the offline checker's dates."""
    keys = []
    for region in published_regions():
        key, _kid = region_key(region)
        jwk = cose.public_jwk(key.public_key(), region_code=region.code, region_name=region.name)
        keys.append({**jwk, "tz": TZ_NAMES[region.time_zone], "zone": region.time_zone})
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


def cards_for_employees(employees: list[Employee], *, actor=None, today: dt.date, now=None) -> list[EmployeeCard]:
    """Issue a card to each of `employees` (agency and region loaded), superseding the card in force."""
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
            issued_at=now,
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
            cards_for_employees(batch, actor=actor, today=today)
            batch = []
    if batch:
        cards_for_employees(batch, actor=actor, today=today)
    return result


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
    """The region's signed revocation list: a CWT (iss = region code, iat = issue time, exp = two days later) whose
    claim -65550 lists [cti, revoked on, "dicabut" or "diganti"] of every stopped card still inside its validity:
    the reason (death, dismissal, ...) stays on BKD's pages."""
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
