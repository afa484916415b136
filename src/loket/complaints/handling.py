"""Handling a complaint (issue 19, ADR 0021): the tier and its deadline, internal notes, the answer, the reporter's
rating and one reopening, what the inspectorate may reveal, and what the public register shows. Each state change
here; who may act is the engine's (the open task in the actor's scope) or complaints.rules'."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from loket.applications import services as engine
from loket.applications.models import Application
from loket.complaints import cases, rules
from loket.complaints.models import Complaint, ComplaintNote
from loket.core import audit
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import tr
from loket.org import permissions
from loket.workflow import rules as workflow_rules
from loket.workflow import services as workflow
from loket.workflow.models import Task

ANSWER_MIN = 20


def tiers():
    return rules.DEFAULT_TIERS


def open_case_of(complaint: Complaint) -> Application | None:
    """The case of the complaint that is being handled now: the reopened one once there is one."""
    case = complaint.reopen_case or complaint.case
    return case if case is not None and case.is_open else None


def _locked(complaint_id: int) -> Complaint:
    complaint = Complaint.objects.select_for_update().select_related("desk__agency").filter(pk=complaint_id).first()
    if complaint is None:
        raise NotFound(tr("Pengaduan tidak ditemukan.", "Complaint not found."))
    return complaint


def my_task(actor, complaint: Complaint) -> Task:
    """The open task of the complaint's current case that `actor` may act on: in their scope (the engine's), not
    taken by a colleague, and never their own complaint (a confidential or anonymous case's applicant is a
    pseudonym, so the engine cannot see that the officer is the reporter: the rule is here). NotFound otherwise."""
    case = open_case_of(complaint)
    task = None
    if case is not None:
        task = Task.objects.filter(application_id=case.pk, status=Task.Status.OPEN).order_by("pk").first()
    if task is None:
        raise NotFound(tr("Pengaduan ini tidak sedang ditangani.", "This complaint is not being handled."))
    task = workflow.get_task_for(actor, task.pk)
    if task.claimed_by_id not in (None, actor.pk):
        raise NotFound(
            tr("Pengaduan ini sedang ditangani petugas lain.", "Another officer is handling this complaint.")
        )
    if complaint.reporter_id == actor.pk:
        raise PermissionDenied(
            tr(
                "Anda tidak dapat menangani pengaduan Anda sendiri; pengaduan ini harus ditangani petugas lain.",
                "You cannot handle your own complaint; another officer must.",
            )
        )
    return task


def set_tier(*, actor, complaint_id: int, tier: str, now=None) -> Complaint:
    """The officer handling a first complaint chooses its tier; the case is then due the tier's working days after
    filing."""
    known = {t.code: t for t in tiers()}
    if tier not in known:
        raise LoketError(tr("Pilih tingkat penanganan.", "Choose a handling tier."), field="tier")
    with transaction.atomic():
        complaint = _locked(complaint_id)
        task = my_task(actor, complaint)
        if complaint.reopen_case_id:
            raise LoketError(
                tr("Tingkat ditetapkan pada pengaduan pertama.", "The tier is set on the first complaint.")
            )
        if complaint.tier and not permissions.can(actor, "application.reassign", complaint.desk.agency_id):
            # The handler cannot give themself more time: a changed tier moves the deadline.
            raise PermissionDenied(
                tr(
                    "Tingkat penanganan sudah ditetapkan; perubahannya hanya oleh penyelia.",
                    "The handling tier is set; only a supervisor may change it.",
                )
            )
        previous = complaint.tier
        workflow.set_deadline_for_kind(
            task.application_id, actor=actor, working_days=known[tier].days, note=f"Tingkat penanganan: {tier}", now=now
        )
        complaint.tier = tier
        complaint.save(update_fields=["tier"])
        audit.record("complaints.tier_set", obj=complaint, actor=actor, data={"tier": tier, "was": previous})
    return complaint


def add_note(*, actor, complaint_id: int, text: str, now=None) -> ComplaintNote:
    text = (text or "").strip()
    if not text:
        raise LoketError(tr("Tulis catatannya.", "Write the note."), field="text")
    with transaction.atomic():
        complaint = _locked(complaint_id)
        my_task(actor, complaint)
        note = ComplaintNote.objects.create(
            complaint=complaint, author=actor, text=text[:5000], created_at=now or timezone.now()
        )
        audit.record("complaints.note_added", obj=complaint, actor=actor)
    return note


def answer(*, actor, complaint_id: int, text: str, now=None) -> Complaint:
    """The final answer to the reporter: the open step is approved with it, which ends the case. A first complaint
    needs its tier first."""
    text = (text or "").strip()
    if len(text) < ANSWER_MIN:
        raise LoketError(
            tr(
                f"Tulis jawaban yang jelas bagi pelapor (paling sedikit {ANSWER_MIN} huruf).",
                f"Write a clear answer for the reporter (at least {ANSWER_MIN} characters).",
            ),
            field="text",
        )
    if workflow_rules.demands_money(text):
        raise LoketError(
            tr(
                "Jawaban tidak boleh meminta pembayaran atau uang dalam bentuk apa pun.",
                "An answer may never ask for payment or money of any kind.",
            ),
            field="text",
        )
    now = now or timezone.now()
    with transaction.atomic():
        complaint = _locked(complaint_id)
        task = my_task(actor, complaint)
        if not complaint.reopen_case_id and not complaint.tier:
            raise LoketError(tr("Tetapkan dulu tingkat penanganannya.", "Set the handling tier first."), field="tier")
        workflow.decide_for_kind(task.application_id, actor=actor, action="approve", note=text, now=now)
        complaint.answer, complaint.answered_by, complaint.answered_at = text, actor, now
        complaint.save(update_fields=["answer", "answered_by", "answered_at"])
        audit.record(
            "complaints.answered", obj=complaint, actor=actor, data={"reopened": bool(complaint.reopen_case_id)}
        )
    return complaint


def rate(complaint_id: int, rating: int) -> Complaint:
    """The reporter (who proved the receipt code and secret: the caller's session) rates the final answer, 1-5."""
    if rating not in range(1, 6):
        raise LoketError(tr("Pilih nilai 1 sampai 5.", "Choose a rating from 1 to 5."), field="rating")
    with transaction.atomic():
        complaint = _locked(complaint_id)
        if complaint.answered_at is None:
            raise LoketError(tr("Pengaduan belum dijawab.", "The complaint has not been answered yet."))
        complaint.rating = rating
        complaint.save(update_fields=["rating"])
        audit.record("complaints.rated", obj=complaint, data={"rating": rating})
    return complaint


def reopen(complaint_id: int, reason: str, *, now=None) -> Complaint:
    """The reporter is not satisfied: once, with a reason, within 30 days of the answer. A new case of the same
    desk, for a supervisor (its SOP skips the first step)."""
    now = now or timezone.now()
    with transaction.atomic():
        complaint = _locked(complaint_id)
        refusal = rules.reopen_refusal(
            answered_at=complaint.answered_at, reopened=complaint.reopened, reason=reason or "", now=now
        )
        if refusal:
            raise LoketError(tr(*refusal), field="reason")
        reason = reason.strip()[:2000]
        complaint.reopen_reason, complaint.reopened = reason, complaint.reopened + 1
        complaint.answered_at = None
        complaint.save(update_fields=["reopen_reason", "reopened", "answered_at"])
        complaint.reopen_case = engine.open_case(
            actor=None,
            applicant=complaint.case.applicant,
            service=complaint.desk.service,
            data=cases.case_data(complaint, reason=reason),
            idempotency_key=cases.case_key(complaint, reopened=True),
            channel=cases.CHANNEL,
            notify=False,
        )
        complaint.save(update_fields=["reopen_case"])
        audit.record("complaints.reopened", obj=complaint)
    return complaint


def reader_kind(actor, complaint: Complaint) -> str:
    """How complaints.rules sees a reader: the region's inspector or the inspectorate desk's own staff; at an
    agency's desk, whoever holds or answered the complaint's work, and the agency's supervisors and head; anyone
    else (another officer of the agency, a region or province admin) reads nothing of it."""
    if actor is None or not actor.is_authenticated:
        return rules.READER_OTHER
    if permissions.can(actor, "complaint.reveal_identity", complaint.desk.agency_id):
        return rules.READER_INSPECTOR
    oversees = permissions.can(actor, "application.reassign", complaint.desk.agency_id)
    if not (oversees or _works_on(actor, complaint)):
        return rules.READER_OTHER
    return rules.READER_INSPECTOR if complaint.desk.inspectorate else rules.READER_HANDLER


def _works_on(actor, complaint: Complaint) -> bool:
    if complaint.answered_by_id == actor.pk:
        return True
    if not permissions.can(actor, "application.assist", complaint.desk.agency_id):
        return False
    case_ids = [pk for pk in (complaint.case_id, complaint.reopen_case_id) if pk]
    tasks = Task.objects.filter(application_id__in=case_ids).only(
        "assignee_id", "claimed_by_id", "completed_by_id", "agency_id_cache", "step_role", "unit_id", "status"
    )
    return any(
        permissions.is_own_work(actor, task)
        or (task.status == Task.Status.OPEN and task.claimed_by_id is None and permissions.can_act_on_task(actor, task))
        for task in tasks
    )


def reveal_identity(*, actor, complaint_id: int) -> dict:
    """Who reported, for a reader the rules allow; every reveal is logged. Anonymous reports have nobody to show."""
    complaint = Complaint.objects.select_related("desk", "reporter").filter(pk=complaint_id).first()
    if complaint is None:
        raise NotFound(tr("Pengaduan tidak ditemukan.", "Complaint not found."))
    handler = rules.INSPECTORATE if complaint.desk.inspectorate else rules.AGENCY
    if not rules.identity_visible(complaint.identity, reader_kind(actor, complaint), handler=handler):
        raise PermissionDenied(
            tr(
                "Identitas pelapor hanya dapat dilihat Inspektorat.",
                "Only the inspectorate may see who reported.",
            )
        )
    reporter = complaint.reporter
    identity = {
        "name": complaint.reporter_name or (reporter.get_full_name() or reporter.username if reporter else ""),
        "contact": complaint.reporter_contact or (reporter.email if reporter else ""),
    }
    audit.record("complaints.identity_revealed", obj=complaint, actor=actor)
    return identity


def publish(*, actor, complaint_id: int, title: str, summary: str, now=None) -> Complaint:
    """A moderator puts an answered complaint on the public register in their own words (no personal data)."""
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title or len(summary) < 20:
        raise LoketError(
            tr("Isi judul dan ringkasan (paling sedikit 20 huruf).", "Enter a title and a summary (20+ characters)."),
            field="summary",
        )
    with transaction.atomic():
        complaint = _locked(complaint_id)
        permissions.require(actor, "complaint.moderate", complaint.desk.agency_id)
        if complaint.answered_at is None:
            raise LoketError(tr("Hanya pengaduan yang sudah dijawab.", "Only answered complaints."))
        complaint.public_title, complaint.public_summary = title[:150], summary[:2000]
        complaint.published_at, complaint.moderated_by = now or timezone.now(), actor
        complaint.save(update_fields=["public_title", "public_summary", "published_at", "moderated_by"])
        audit.record("complaints.published", obj=complaint, actor=actor)
    return complaint
