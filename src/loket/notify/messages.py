"""Notification texts, Indonesian and English. `{...}` placeholders are filled from the context."""

import datetime as dt
import re

from django.conf import settings

from loket.core.dates import long_date

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    # template: {language: (subject, body)}
    "application_submitted": {
        "id": (
            "Permohonan {tracking} diterima",
            "Permohonan {service} Anda telah diterima dengan nomor {tracking}. Batas waktu penyelesaian: {due}. "
            "Pantau status di {url}",
        ),
        "en": (
            "Application {tracking} received",
            "Your application for {service} was received as {tracking}. Deadline: {due}. Track it at {url}",
        ),
    },
    "application_step": {
        "id": ("Permohonan {tracking}: {step}", "Permohonan {tracking} kini pada tahap {step}. Status: {url}"),
        "en": ("Application {tracking}: {step}", "Application {tracking} is now at step {step}. Status: {url}"),
    },
    "application_returned": {
        "id": (
            "Permohonan {tracking} perlu diperbaiki",
            "Petugas mengembalikan permohonan {tracking} untuk diperbaiki: {note}. Perbaiki di {url}",
        ),
        "en": (
            "Application {tracking} needs changes",
            "The officer returned application {tracking} for revision: {note}. Fix it at {url}",
        ),
    },
    "application_completed": {
        "id": ("Permohonan {tracking} selesai", "Permohonan {service} Anda ({tracking}) telah selesai. {url}"),
        "en": ("Application {tracking} completed", "Your application for {service} ({tracking}) is complete. {url}"),
    },
    "application_rejected": {
        "id": ("Permohonan {tracking} ditolak", "Permohonan {tracking} ditolak dengan alasan: {note}. {url}"),
        "en": ("Application {tracking} rejected", "Application {tracking} was rejected: {note}. {url}"),
    },
    "application_waiting": {
        "id": (
            "Permohonan {tracking} menunggu langkah di luar Loket",
            "Permohonan {tracking} menunggu: {note}. Selama menunggu, batas waktu penyelesaian tidak berjalan. {url}",
        ),
        "en": (
            "Application {tracking} is waiting for an outside step",
            "Application {tracking} is waiting for: {note}. The deadline does not run while it waits. {url}",
        ),
    },
    "application_resumed": {
        "id": (
            "Permohonan {tracking} diproses kembali",
            "Permohonan {tracking} diproses kembali. Batas waktu penyelesaian: {due}. {url}",
        ),
        "en": ("Application {tracking} resumed", "Application {tracking} is in process again. Deadline: {due}. {url}"),
    },
    "application_withdrawn": {
        "id": ("Permohonan {tracking} dicabut", "Permohonan {tracking} telah Anda cabut."),
        "en": ("Application {tracking} withdrawn", "You withdrew application {tracking}."),
    },
    "application_lookup_locked": {
        "id": (
            "Pengecekan status {tracking} dikunci",
            "Ada terlalu banyak percobaan PIN yang salah untuk permohonan {tracking}, sehingga pengecekan status "
            "tanpa masuk dikunci selama 24 jam. Permohonan Anda aman dan tetap diproses; lihat statusnya dengan "
            "masuk ke akun Anda: {url}. Jika bukan Anda yang mencoba, jangan bagikan PIN kepada siapa pun.",
        ),
        "en": (
            "Status lookups for {tracking} locked",
            "There were too many wrong PIN attempts for application {tracking}, so status lookups without "
            "signing in are locked for 24 hours. Your application is safe and still being processed; see its "
            "status by signing in: {url}. If this was not you, do not share your PIN with anyone.",
        ),
    },
    "second_factor_locked": {
        "id": (
            "Penandatanganan dengan akun Anda dikunci {minutes} menit",
            "Pada {date} pukul {clock_id} ada 5 kode verifikasi (TOTP) yang salah saat menandatangani dengan akun Anda, sehingga "
            "penandatanganan dikunci {minutes} menit. Jika bukan Anda yang mencoba, segera ganti kata sandi dan "
            "hubungi admin.",
        ),
        "en": (
            "Signing with your account is locked for {minutes} minutes",
            "On {date} at {clock_en} five wrong verification (TOTP) codes were given to sign with your account, so signing is "
            "locked for {minutes} minutes. If this was not you, change your password and contact the "
            "administrator at once.",
        ),
    },
    "task_reminder": {
        "id": ("Pengingat: {tracking} jatuh tempo {due}", "Tahap {step} permohonan {tracking} jatuh tempo {due}."),
        "en": ("Reminder: {tracking} due {due}", "Step {step} of application {tracking} is due {due}."),
    },
    "task_escalated": {
        "id": (
            "Eskalasi: {tracking} melewati batas waktu",
            "Tahap {step} permohonan {tracking} melewati batas waktu {due}. Mohon ditindaklanjuti.",
        ),
        "en": ("Escalation: {tracking} is overdue", "Step {step} of application {tracking} passed its deadline {due}."),
    },
}


class _Blank(dict):
    def __missing__(self, key):
        return ""


def register(messages: dict[str, dict[str, tuple[str, str]]]) -> None:
    """Add a later stage's texts (called from its AppConfig.ready): notify never imports those stages.
    A key registered twice with different texts is a programming error."""
    for key, texts in messages.items():
        if MESSAGES.setdefault(key, texts) != texts:
            raise ValueError(f"notification template {key!r} is already registered with other texts")


def absolute_links(context: dict) -> dict:
    """Links of a message that leaves Loket (e-mail, SMS) as full addresses: a path alone means nothing in a
    mail client. In-app notices keep the path, which the page links as it is."""
    base = settings.LOKET_PUBLIC_URL.rstrip("/")
    return {
        key: base + value
        if (key == "url" or str(key).endswith("_url")) and isinstance(value, str) and value.startswith("/")
        else value
        for key, value in context.items()
    }


def _dates_in(context: dict, *, english: bool) -> dict:
    """A date kept as ISO text (`due`: "2026-12-17") reads as the language writes it: "17 Desember 2026"."""
    out = dict(context)
    for key, value in context.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                out[key] = long_date(dt.date.fromisoformat(value), english=english)
            except ValueError:
                pass
    return out


def render(template: str, language: str, context: dict, *, absolute: bool = False) -> tuple[str, str]:
    texts = MESSAGES[template]
    subject, body = texts.get(language) or texts["id"]
    context = _dates_in(context or {}, english=language == "en")
    values = _Blank(absolute_links(context) if absolute else context)
    return _one_stop(subject.format_map(values)), _one_stop(body.format_map(values))


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def _one_stop(text: str) -> str:
    """A value ending in a full stop ("Foto KTP tidak jelas.", "Budi, S.AP.") before the template's own stop
    reads with one stop, not two (an ellipsis stays)."""
    return _DOUBLE_STOP.sub(".", text)
