"""Filing and following a complaint (issue 19, ADR 0021). State changes of complaints live here; the case's status,
tasks and clock are the engine's.

- `file(...)`: checks the report, routes it by kind (rules.handler_for), gives it a receipt code and a secret, and
  opens its case at the handling desk. An anonymous or confidential report's case has a pseudonymous applicant
  account of its own, so the handlers never see who reported.
- `follow(code, secret, client=...)`: the complaint for a receipt code and its secret; wrong secrets lock out the
  client that guessed, never the reporter.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from loket.applications import services as engine
from loket.applications.models import Application
from loket.catalogue.models import Service
from loket.complaints import cases, rules
from loket.complaints.models import Complaint, ComplaintDesk
from loket.core import audit, limits
from loket.core.errors import LoketError
from loket.core.i18n import tr
from loket.org.models import Agency

TITLE_MAX, BODY_MIN, BODY_MAX = 150, 20, 5000


@dataclass(frozen=True)
class Filed:
    complaint: Complaint
    secret: str  # shown once to the reporter, never stored


def _key() -> bytes:
    return hashlib.sha256(b"loket-complaint-secret\n" + settings.SECRET_KEY.encode()).digest()


def _check_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise LoketError(tr("Isi judul pengaduan.", "Enter a title."), field="title")
    if len(title) > TITLE_MAX:
        raise LoketError(
            tr(f"Judul paling banyak {TITLE_MAX} huruf.", f"A title has at most {TITLE_MAX} characters."),
            field="title",
        )
    if len(body) < BODY_MIN:
        raise LoketError(
            tr(
                f"Ceritakan apa yang terjadi (paling sedikit {BODY_MIN} huruf).",
                f"Tell what happened (at least {BODY_MIN} characters).",
            ),
            field="body",
        )
    if len(body) > BODY_MAX:
        raise LoketError(
            tr(f"Isi pengaduan paling banyak {BODY_MAX} huruf.", f"A complaint has at most {BODY_MAX} characters."),
            field="body",
        )
    return title, body


def _about(kind: str, service_id, application, agency_id) -> tuple[Service | None, Agency]:
    """The service and agency a complaint is about; an application names both."""
    service = None
    if application is not None:
        service = application.service
    elif service_id:
        service = Service.objects.select_related("agency").filter(pk=service_id).first()
        if service is None:
            raise LoketError(tr("Layanan tidak ditemukan.", "Service not found."), field="service")
    if service is not None:
        return service, service.agency
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    if agency is None:
        raise LoketError(
            tr("Pilih layanan atau instansi yang Anda adukan.", "Choose the service or agency concerned."),
            field="service",
        )
    return None, agency


def desk_for(kind: str, agency: Agency) -> ComplaintDesk:
    """Conduct goes to the inspectorate of the agency's region (or the nearest enclosing region's); the rest to the
    agency's own desk. Never the other way round, whatever the reporter picked."""
    if rules.handler_for(kind) == rules.INSPECTORATE:
        region = agency.region
        while region is not None:
            desk = (
                ComplaintDesk.objects.select_related("service")
                .filter(region=region, inspectorate=True)
                .exclude(agency=agency)  # a report about the inspectorate itself goes to the one above it
                .first()
            )
            if desk is not None:
                return desk
            region = region.parent
        raise LoketError(
            tr(
                "Inspektorat yang berwenang belum membuka kanal pengaduan di Loket; laporkan melalui SP4N-LAPOR! "
                "(lapor.go.id) atau Ombudsman RI.",
                "The competent inspectorate has no complaint channel on Loket yet; report through SP4N-LAPOR! "
                "(lapor.go.id) or the Ombudsman.",
            )
        )
    desk = ComplaintDesk.objects.select_related("service").filter(agency=agency).first()
    if desk is None:
        raise LoketError(
            tr(
                "Instansi ini belum membuka kanal pengaduan di Loket; laporkan melalui SP4N-LAPOR! (lapor.go.id).",
                "This agency has no complaint channel on Loket yet; report through SP4N-LAPOR! (lapor.go.id).",
            )
        )
    return desk


def _pseudonym(code: str):
    """The applicant account of a report whose handlers must not know who reported: inactive, no password, no
    contact — it exists so the engine's rules hold unchanged."""
    # A random name: the receipt code (half of the reporter's credential) never shows on an officer's screen.
    user = get_user_model()(username=f"pelapor-{secrets.token_hex(8)}", is_active=False)
    user.set_unusable_password()
    user.save()
    return user


def file(
    *,
    actor,
    kind: str,
    identity: str,
    title: str,
    body: str,
    service_id=None,
    application: Application | None = None,
    agency_id=None,
    location: str = "",
    district: str = "",
    reporter_name: str = "",
    reporter_contact: str = "",
    channel: str = Complaint.Channel.WEB,
    latitude=None,
    longitude=None,
    open311_client=None,
    now=None,
) -> Filed:
    """File a complaint. `actor` is the signed-in citizen or None (the public form, the API)."""
    now = now or timezone.now()
    if kind not in rules.KINDS:
        raise LoketError(tr("Pilih jenis pengaduan.", "Choose the kind of complaint."), field="kind")
    if identity not in rules.IDENTITY_MODES:
        raise LoketError(
            tr("Pilih cara identitas Anda dipakai.", "Choose how your identity is used."), field="identity"
        )
    title, body = _check_text(title, body)
    reporter_name, reporter_contact = (reporter_name or "").strip()[:150], (reporter_contact or "").strip()[:150]
    signed_in = actor is not None and actor.is_authenticated
    if identity == rules.ANONYMOUS:
        reporter_name = reporter_contact = ""
    elif not signed_in and not (reporter_name and reporter_contact):
        raise LoketError(
            tr(
                "Isi nama dan kontak Anda, atau pilih lapor secara anonim.",
                "Give your name and contact, or choose to report anonymously.",
            ),
            field="reporter_name",
        )
    if application is not None and (not signed_in or application.applicant_id != actor.pk):
        raise LoketError(tr("Permohonan itu bukan milik Anda.", "That application is not yours."), field="application")
    service, agency = _about(kind, service_id, application, agency_id)
    desk = desk_for(kind, agency)
    secret = rules.new_secret(secrets.token_bytes(12))
    with transaction.atomic():
        complaint = _create(
            kind=kind,
            identity=identity,
            channel=channel,
            desk=desk,
            about_service=service,
            about_application=application,
            about_agency=agency,
            title=title,
            body=body,
            location=(location or "").strip()[:300],
            district=(district or "").strip()[:120],
            reporter_name=reporter_name,
            reporter_contact=reporter_contact,
            reporter=actor if signed_in and identity != rules.ANONYMOUS else None,
            latitude=latitude,
            longitude=longitude,
            open311_client=open311_client,
            filed_at=now,
            secret=secret,
        )
        applicant = actor if signed_in and identity == rules.IDENTIFIED else _pseudonym(complaint.receipt_code)
        complaint.case = engine.open_case(
            actor=None,
            applicant=applicant,
            service=desk.service,
            data=cases.case_data(complaint),
            idempotency_key=cases.case_key(complaint),
            channel=cases.CHANNEL,
            notify=applicant is actor,
        )
        complaint.save(update_fields=["case"])
        # No identity in the audit record: who reported is read, logged, from the complaint itself.
        audit.record(
            "complaints.filed",
            obj=complaint,
            actor=None,
            data={"kind": kind, "identity": identity, "desk": desk.pk, "channel": channel},
        )
    return Filed(complaint, secret)


def _create(*, secret: str, **fields) -> Complaint:
    for _ in range(5):  # 40-bit codes: a collision is rare; try again with another
        code = rules.new_receipt_code(secrets.token_bytes(5))
        try:
            with transaction.atomic():
                return Complaint.objects.create(
                    receipt_code=code, secret_digest=rules.secret_digest(_key(), code, secret), **fields
                )
        except IntegrityError:
            continue
    raise LoketError(tr("Coba kirim sekali lagi.", "Please send it again."))


REFUSED = tr("Kode pengaduan atau kata sandi tidak cocok.", "The receipt code or secret does not match.")


def client_key(address: str) -> str:
    """A client's address as limits count it: keyed and hashed, so the counters never hold an address that could
    be matched with the time an anonymous report was filed."""
    return hmac.new(_key(), f"client\n{address}".encode(), hashlib.sha256).hexdigest()[:32]


def follow(code: str, secret: str, *, client: str = "", now=None) -> Complaint:
    """The complaint a reporter follows with its receipt code and secret. Wrong secrets lock out the client that
    guessed (its hashed address, rules.FREE_TRIES per hour for one code), never the reporter: a right secret is
    never refused because someone else guessed. An unknown code and a wrong secret get the same answer."""
    canonical = rules.normalise_receipt_code(code)
    if canonical is None:
        raise LoketError(REFUSED)
    guesses = f"complaints:guess:{canonical}:{client}"
    if limits.peek(guesses) >= rules.FREE_TRIES:
        raise LoketError(
            tr(
                "Terlalu banyak percobaan dari perangkat ini. Coba lagi dalam satu jam.",
                "Too many tries from this device. Try again in an hour.",
            )
        )
    complaint = Complaint.objects.filter(receipt_code=canonical).first()
    expected = rules.secret_digest(_key(), canonical, secret)
    if complaint is not None and secrets.compare_digest(expected, complaint.secret_digest):
        return complaint
    failures = limits.hit(guesses, window=GUESS_WINDOW)
    if complaint is not None:
        audit.record("complaints.secret_refused", obj=complaint, data={"failures_from_this_client": failures})
    raise LoketError(REFUSED)


GUESS_WINDOW = 3600


def issue_open311_key(name: str, *, now=None) -> tuple:
    """A new Open311 client and its api_key (shown once; only its digest is kept)."""
    from loket.complaints.models import Open311Client

    name = (name or "").strip()
    if not name:
        raise LoketError(tr("Isi nama aplikasi.", "Enter the app's name."), field="name")
    key = secrets.token_urlsafe(24)
    client = Open311Client.objects.create(
        name=name[:120], key_digest=hashlib.sha256(key.encode()).hexdigest(), created_at=now or timezone.now()
    )
    audit.record("complaints.open311_client_created", obj=client, data={"name": client.name})
    return client, key


def open311_client_for(key: str):
    from loket.complaints.models import Open311Client

    if not key:
        return None
    return Open311Client.objects.filter(key_digest=hashlib.sha256(key.encode()).hexdigest(), active=True).first()
