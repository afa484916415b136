"""Officer pages: the inbox, the supervisor's team view, one task with its actions, file downloads,
and the counter (loket) where an officer applies on a citizen's behalf.

Views stay thin: reads come from `workflow.queries`, state changes from `workflow.services` and
`applications.services`; every refusal is a LoketError shown on the page, a Conflict answers 409.
"""

import uuid
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from loket.applications import consent, formspec
from loket.applications import queries as application_queries
from loket.applications import render as form_render
from loket.applications import services as applications
from loket.applications.models import Application, CitizenProfile
from loket.catalogue.models import Audience, Channel, Service
from loket.core.errors import LoketError, NotFound
from loket.core.errors import PermissionDenied as LoketPermissionDenied
from loket.core.i18n import is_english, tr
from loket.core.identifiers import mask_nik
from loket.org import deadlines, permissions
from loket.org.decorators import staff_page
from loket.workflow import consent_views, decisions, queries, rules
from loket.workflow import services as workflow
from loket.workflow.services import Conflict

COUNTER_CITIZEN = "loket_counter_citizen"
COUNTER_RECEIPT = "loket_counter_receipt"


officer_page = staff_page


def work_page(view):
    """The inbox and task pages: back-office staff, and anyone a task is addressed to (a superior deciding a
    team member's leave) or who stands in for them."""
    return staff_page(view, also=queries.has_person_work)


def _int(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


# ---------------------------------------------------------------- the officer's landing page (/kantor/)


@work_page
def office_home(request):
    """Where staff land after signing in: their queue in numbers, the nearest deadlines, and the sections of the
    back office they may use (registered by each app with its permission check: `core.nav`, area "office")."""
    now = timezone.now()
    user = request.user
    works = queries.takes_unit_tasks(user) or queries.has_person_work(user)
    context = {"works": works, "may_oversee": queries.may_oversee(user)}
    if works:
        context["queue"] = queries.queue_summary(user, now)
        nearest = queries.open_tasks(user, queries.InboxFilters(), now)[: queries.HOME_TASKS]
        context["rows"] = queries.inbox_rows(nearest, now, user)
    if context["may_oversee"]:
        context["team"] = queries.team_summary(user, now)
    return render(request, "workflow/office_home.html", context)


# ---------------------------------------------------------------- inbox and team view


@work_page
def inbox(request):
    return _task_list(request, team=False)


@officer_page
def team(request):
    if not queries.may_oversee(request.user):
        raise PermissionDenied
    return _task_list(request, team=True)


def _task_list(request, *, team: bool):
    now = timezone.now()
    filters = queries.InboxFilters.from_params(request.GET)
    tasks = queries.open_tasks(request.user, filters, now, team=team)
    page = Paginator(tasks, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queries.inbox_rows(page.object_list, now, request.user)
    if team:
        candidates = workflow.reassign_choices(request.user, [row["task"] for row in rows])
        for row in rows:
            task = row["task"]
            row["candidates"] = [
                {"user": person, "label": queries.candidate_label(person, task)}
                for person in candidates.get(task.pk, [])
            ]
    return render(
        request,
        "workflow/inbox.html",
        {
            "team": team,
            "page": page,
            "rows": rows,
            "filters": filters,
            "services": queries.service_choices(request.user),
            "sla_choices": queries.sla_choices(),
            "claim_choices": queries.claim_choices(),
            "sort_choices": queries.sort_choices(),
            "may_oversee": team or queries.may_oversee(request.user),
            "may_assist": _may_assist(request.user),
            "may_set_policies": queries.may_set_policies(request.user),
            "may_take": not team and queries.takes_unit_tasks(request.user),
            # tasks a unit's automatic policy could give to nobody: the supervisor hands them on
            "stranded": queries.stranded_count(tasks) if team else 0,
        },
    )


# ---------------------------------------------------------------- one task


def _task_or_404(user, task_id: int):
    task = queries.task_for_page(user, task_id)
    if task is None:
        raise Http404(tr("Tugas tidak ditemukan atau bukan wewenang Anda.", "Task not found or not yours."))
    return task


def _render_task(
    request,
    task,
    *,
    status: int = 200,
    problem: str = "",
    conflict: bool = False,
    errors: dict | None = None,
    posted: dict | None = None,
    reveal: bool = False,
    reveal_paths=(),
):
    application = task.application
    user = request.user
    may_act = task.status == task.Status.OPEN and permissions.can_act_on_task(user, task)
    claimed_by_other = bool(task.claimed_by_id and task.claimed_by_id != user.pk)
    sla = deadlines.sla_state(timezone.now(), task.due_at, application.region)
    fields = applications.form_spec(application.standard).fields
    # One reading of the rule: a second approval bars only the approve button; any other reason, the whole task.
    reason = workflow.separation_reason(user, task, approving=True) if may_act else None
    approve_reason = reason if reason == rules.SECOND_APPROVAL else None
    conflict_reason = reason if reason and not approve_reason else None
    held = workflow.consent_hold(application) if task.status == task.Status.OPEN else None
    may_act = may_act and not conflict_reason and not held
    personal = permissions.may_read_personal_data(user, task)
    returned_so_far = queries.returns_of(application)
    context = {
        "personal": personal,
        "task": task,
        "application": application,
        "conflict_of_interest": tr(*workflow.SEPARATION_MESSAGES[conflict_reason]) if conflict_reason else "",
        "approve_refused": tr(*workflow.SEPARATION_MESSAGES[approve_reason]) if approve_reason else "",
        "requirement_names": [str(r.get("name", "")) for r in application.standard.requirements or []],
        "returns_left": max(workflow.return_limit() - returned_so_far, 0),
        "problem": problem,
        "conflict": conflict,
        "errors": errors or {},
        "posted": posted or {},
        "identity": queries.applicant_identity(application, reveal=reveal and personal, masked=not personal),
        "answers": queries.answer_rows(fields, application.data or {}, reveal=reveal_paths) if personal else [],
        "submitted": queries.local_time(application.submitted_at, application.region),
        "uploads": queries.upload_rows(application) if personal else [],
        "history": queries.history(application),
        "due": queries.local_time(task.due_at, application.region),
        "application_due": queries.local_time(application.due_at, application.region) if application.due_at else "",
        "sla": sla,
        "sla_label": queries.sla_label(sla),
        "decision_page": decisions.page_for(application),
        "may_act": may_act and personal and not claimed_by_other,
        "may_claim": may_act and not task.claimed_by_id,
        "may_release": may_act and task.claimed_by_id == user.pk,
        "claimed_by_other": claimed_by_other,
        "claimed_by": queries.person_label(task.claimed_by),
        "assignment_label": queries.assignment_label(task),
        "assisted_by": queries.person_label(application.assisted_by),
        "consent_statement": application_queries.consent_statement(application, for_staff=True),
        "consent_held": tr(*workflow.HOLD_MESSAGES[held]) if held else "",
        "consent_review": (
            application_queries.consent_scans_for(user, pending=True)
            .filter(application_id=application.pk)
            .exclude(officer=user)
            .first()
            if held
            else None
        ),
        "assignee": queries.person_label(task.assignee) if task.assignee_id else "",
        "acting_for": queries.acting_for_label(task, user),
        # a person-addressed task belongs to that person or their plh: it is never reassigned
        "may_reassign": task.status == task.Status.OPEN
        and not task.assignee_id
        and permissions.can(user, "application.reassign", application.agency_id),
    }
    if context["may_reassign"]:
        context["candidates"] = [
            {"user": person, "label": queries.candidate_label(person, task)}
            for person in workflow.reassign_choices(user, [task]).get(task.pk, [])
        ]
    response = render(request, "workflow/task.html", context, status=status)
    if reveal or reveal_paths:
        response["Cache-Control"] = "no-store"
    return response


@work_page
def task_detail(request, task_id: int):
    task = _task_or_404(request.user, task_id)
    workflow.record_task_opened(actor=request.user, task=task)
    return _render_task(request, task)


def _taken_task_or_404(user, task_id: int):
    """A task whose personal data the user may read (reveal, download): otherwise it is not theirs to open."""
    task = _task_or_404(user, task_id)
    if not permissions.may_read_personal_data(user, task):
        raise Http404(
            tr(
                "Ambil tugas ini terlebih dahulu untuk membuka data pemohon.",
                "Claim this task first to open the applicant's data.",
            )
        )
    return task


def _refused(request, task_id: int, exc: LoketError, posted: dict | None = None):
    """Show a refusal on the task page as it is now (a conflict: the state someone else left it in)."""
    task = _task_or_404(request.user, task_id)
    return _render_task(
        request,
        task,
        status=exc.status,
        problem=exc.message,
        conflict=isinstance(exc, Conflict),
        errors=exc.errors,
        posted=posted,
    )


@work_page
@require_POST
def task_act(request, task_id: int):
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    version = _int(request.POST.get("version"))
    posted = {"action": action, "note": note, "requirements": request.POST.getlist("requirements")}
    if version is None:
        incomplete = LoketError(
            tr(
                "Formulir tidak lengkap. Muat ulang halaman lalu coba lagi.",
                "The form is incomplete. Reload and try again.",
            )
        )
        return _refused(request, task_id, incomplete, posted)
    try:
        task = workflow.act(
            actor=request.user,
            task_id=task_id,
            action=action,
            note=note,
            expected_version=version,
            requirements=request.POST.getlist("requirements"),
        )
    except (LoketPermissionDenied, NotFound):
        raise
    except LoketError as exc:
        return _refused(request, task_id, exc, posted)
    done = {
        "approve": tr("Tahap disetujui.", "Step approved."),
        "return": tr(
            "Permohonan dikembalikan kepada pemohon untuk diperbaiki.", "Returned to the applicant for revision."
        ),
        "reject": tr(
            "Permohonan ditolak; alasan dikirim kepada pemohon.", "Rejected; the reason was sent to the applicant."
        ),
        "wait": tr(
            "Permohonan menunggu langkah di luar Loket; batas waktu berhenti.",
            "The application waits for an outside step; its deadline is stopped.",
        ),
        "resume": tr("Permohonan diproses kembali; batas waktu berjalan lagi.", "Resumed; the deadline runs again."),
    }
    messages.success(request, f"{task.application.tracking_number}: {done[action]}")
    return redirect("workflow:inbox")


@work_page
@require_POST
def task_claim(request, task_id: int):
    return _claim_or_release(
        request,
        task_id,
        workflow.claim,
        tr("Tugas diambil; petugas lain tidak dapat menindaklanjutinya.", "Task claimed."),
    )


@work_page
@require_POST
def task_release(request, task_id: int):
    return _claim_or_release(
        request,
        task_id,
        workflow.release,
        tr("Tugas dilepas dan kembali ke antrean unit.", "Task released back to the unit's queue."),
    )


def _claim_or_release(request, task_id: int, change, done: str):
    try:
        change(actor=request.user, task_id=task_id)
    except (LoketPermissionDenied, NotFound):
        raise
    except LoketError as exc:
        return _refused(request, task_id, exc)
    messages.success(request, done)
    return redirect("workflow:task", task_id=task_id)


@officer_page
@require_POST
def task_reassign(request, task_id: int):
    if request.POST.get("back") == "team":
        back = redirect("workflow:team")
    else:
        back = redirect("workflow:task", task_id=task_id)
    officer = get_user_model().objects.filter(pk=_int(request.POST.get("officer")) or 0, is_active=True).first()
    if officer is None:
        messages.error(request, tr("Pilih petugas tujuan.", "Choose an officer."))
        return back
    try:
        task = workflow.reassign(actor=request.user, task_id=task_id, officer=officer)
    except (LoketPermissionDenied, NotFound):
        raise
    except LoketError as exc:
        messages.error(request, exc.message)
        return back
    tracking, whom = task.application.tracking_number, queries.person_label(officer)
    messages.success(
        request, tr(f"Tugas {tracking} dialihkan kepada {whom}.", f"Task {tracking} reassigned to {whom}.")
    )
    return back


@work_page
@require_POST
def task_take_next(request):
    """ "Ambil tugas berikutnya": the earliest-due task of the officer's queues that nobody holds (FIFO by deadline)."""
    task = workflow.take_next(actor=request.user)
    if task is None:
        messages.info(
            request,
            tr(
                "Tidak ada tugas di antrean unit Anda yang dapat Anda ambil saat ini.",
                "There is no task in your unit's queue that you may take now.",
            ),
        )
        return redirect("workflow:inbox")
    tracking = task.application.tracking_number
    messages.success(
        request,
        tr(
            f"Tugas {tracking} diambil: tenggatnya paling dekat di antara tugas yang dapat Anda kerjakan.",
            f"Task {tracking} claimed: its deadline is the nearest among the tasks you may take.",
        ),
    )
    return redirect("workflow:task", task_id=task.pk)


@officer_page
def assignment_policies(request):
    """The units whose assignment policy the user sets (the unit's supervisor, the agency admin)."""
    rows = queries.policy_rows(request.user)
    if not rows:
        raise PermissionDenied
    return render(
        request,
        "workflow/assignment.html",
        {
            "rows": rows,
            "choices": queries.policy_choices(),
            "may_oversee": queries.may_oversee(request.user),
            "may_assist": _may_assist(request.user),
            "may_set_policies": True,
        },
    )


@officer_page
@require_POST
def assignment_policy_set(request, unit_id: int):
    policy = request.POST.get("policy", "")
    try:
        row = workflow.set_assignment_policy(actor=request.user, unit_id=unit_id, policy=policy)
    except (LoketPermissionDenied, NotFound):
        raise
    except LoketError as exc:
        messages.error(request, exc.message)
        return redirect("workflow:assignment")
    label = dict(queries.policy_choices())[row.policy]
    messages.success(
        request,
        tr(f"Aturan penugasan {row.unit.name}: {label}.", f"Assignment rule of {row.unit.name}: {label}."),
    )
    return redirect("workflow:assignment")


@officer_page
@require_POST
def reveal_nik(request, task_id: int):
    """Show the applicant's full NIK once, and leave an audit event (UU 27/2022 on personal data)."""
    task = _taken_task_or_404(request.user, task_id)
    application = task.application
    profile = getattr(application.applicant, "citizen", None)
    paths = ()
    if profile is not None:
        workflow.record_nik_view(actor=request.user, task=task, nik=profile.nik)
        # The same number where the form asked for it again: nothing more is disclosed.
        fields = applications.form_spec(application.standard).fields
        paths = queries.paths_with_value(fields, application.data or {}, profile.nik)
    return _render_task(request, task, reveal=True, reveal_paths=paths)


@officer_page
@require_POST
def reveal_identifier(request, task_id: int):
    """Show one identifier answer (KK, NPWP, passport, licence number, NIK) in full; audited."""
    task = _taken_task_or_404(request.user, task_id)
    application, path = task.application, request.POST.get("field", "")
    fields = applications.form_spec(application.standard).fields
    if path not in formspec.identifier_paths(fields, application.data or {}):
        raise Http404(tr("Isian ini bukan nomor identitas.", "This answer is not an identifier."))
    workflow.record_identifier_view(actor=request.user, task=task, field=path, reason=request.POST.get("reason", ""))
    return _render_task(request, task, reveal_paths={path})


@work_page
def download(request, task_id: int, upload_id: uuid.UUID):
    task = _taken_task_or_404(request.user, task_id)
    upload = queries.upload_for_task(task, upload_id)
    if upload is None:
        raise Http404
    workflow.record_download(actor=request.user, task=task, upload=upload)
    response = FileResponse(
        upload.file.open("rb"), as_attachment=True, filename=upload.original_name, content_type=upload.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- counter (assisted submission)


def _assist_agencies(user):
    return permissions.agencies_for(user, "application.assist")


def _may_assist(user) -> bool:
    return _assist_agencies(user).exists()


def counter_page(view):
    @officer_page
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _may_assist(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _counter_citizen(request) -> CitizenProfile | None:
    user_id = request.session.get(COUNTER_CITIZEN)
    if not user_id:
        return None
    return CitizenProfile.objects.select_related("user").filter(user_id=user_id).first()


@counter_page
def counter_start(request):
    context = {"found": None, "not_found": False, "errors": {}, "posted": {}, "citizen": _counter_citizen(request)}
    status = 200
    if request.method == "POST":
        step = request.POST.get("step")
        context["mode"] = step
        if step == "reset":
            request.session.pop(COUNTER_CITIZEN, None)
            request.session.pop(COUNTER_RECEIPT, None)
            return redirect("counter_start")
        if step == "find":
            nik = "".join(request.POST.get("nik", "").split())
            context["posted"] = {"nik": nik}
            profile = CitizenProfile.objects.filter(nik=nik).select_related("user").first() if nik else None
            if profile is not None:
                request.session[COUNTER_CITIZEN] = profile.user_id
                name = profile.full_name
                messages.success(request, tr(f"Warga ditemukan: {name}.", f"Citizen found: {name}."))
                return redirect("counter_services")
            context["not_found"] = True
            if not nik:
                context["errors"] = {"nik": [tr("Masukkan NIK warga.", "Enter the citizen's NIK.")]}
                status = 400
        elif step == "register":
            posted = {key: request.POST.get(key, "") for key in ("nik", "full_name", "address", "phone", "email")}
            context["posted"] = posted
            try:
                profile = applications.register_citizen(officer=request.user, **posted)
            except LoketError as exc:
                context["errors"] = exc.errors or {"__all__": [exc.message]}
                context["problem"] = exc.message
                context["not_found"] = True
                status = exc.status
            else:
                request.session[COUNTER_CITIZEN] = profile.user_id
                name = profile.full_name
                messages.success(request, tr(f"Warga terdaftar: {name}.", f"Citizen registered: {name}."))
                return redirect("counter_services")
    return render(request, "workflow/counter_start.html", context, status=status)


def _counter_services(user):
    return (
        Service.objects.filter(agency__in=_assist_agencies(user), current__isnull=False)
        .exclude(audience=Audience.EMPLOYEE)
        .select_related("agency")
        .order_by("name_id")
    )


@counter_page
def counter_services(request):
    citizen = _counter_citizen(request)
    if citizen is None:
        messages.info(request, tr("Cari atau daftarkan warga terlebih dahulu.", "Find or register the citizen first."))
        return redirect("counter_start")
    return render(
        request,
        "workflow/counter_services.html",
        {
            "citizen": citizen,
            "nik": mask_nik(citizen.nik),
            # only services whose standard offers the counter or assisted filing (a small list per agency)
            "services": [s for s in _counter_services(request.user) if _offers_assistance(s, request.user)],
        },
    )


# --- the service form: the citizen's own form renderer (loket.applications.render), plus consent and channel.
# Counter-only controls start with "_" so they can never collide with a form field key.

KEY, ACTION = "_key", "_action"
# The proof of consent (issue 13, finding 5): where to send the code, the code the citizen reads out, or the scan
# of a signed consent form (a citizen with no phone or e-mail) and the id of one already uploaded.
CONSENT_TO, CONSENT_CODE, CONSENT_SCAN, CONSENT_SCAN_ID = "_consent_to", "_consent_code", "_consent_scan", "_scan_id"
CONSENT_FIELDS = ("consent_to", "consent_code", "consent_scan", "channel")


def _store_files(owner, requirements: list[dict], answers: dict, pending, slot_ids: dict, files) -> dict:
    """Store every file chosen in this post for the citizen; refused files become field errors."""
    limit = getattr(settings, "LOKET_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
    errors: dict[str, list[str]] = {}
    for slot, requirement in form_render.document_slots(requirements):
        chosen = files.get(form_render.slot_file_name(slot))
        if not chosen:
            continue
        try:
            # Reading one byte past the limit is enough for the size check, whatever was sent.
            upload = applications.store_upload(
                owner=owner,
                data=chosen.read(limit + 1),
                name=chosen.name,
                requirement=slot,
                allowed=requirement.get("file_types") or form_render.DEFAULT_FILE_TYPES,
            )
        except LoketError as exc:
            errors[slot] = [f"{requirement.get('name', slot)}: {exc.message}"]
        else:
            slot_ids[slot] = str(upload.pk)
    for item in pending:
        try:
            upload = applications.store_upload(
                owner=owner, data=item.file.read(limit + 1), name=item.file.name, allowed=item.allowed
            )
        except LoketError as exc:
            errors[item.path] = [exc.message]
        else:
            form_render.set_answer(answers, item.path, str(upload.pk))
    return errors


def _filing_channel(user, service) -> str:
    """Where the officer serves decides the filing's channel (applications.rules.assisted_channel); not a choice."""
    return applications.filing_channel(user, service)


def _offers_assistance(service, user) -> bool:
    """Whether the service takes filings through the channel of where this officer serves."""
    return _filing_channel(user, service) in (service.channels or [])


def _missing_documents(requirements: list[dict], slot_ids: dict) -> dict[str, list[str]]:
    """Mandatory documents not chosen yet, reported with the other errors (submit checks them again)."""
    missing = {}
    for slot, requirement in form_render.document_slots(requirements):
        if requirement.get("mandatory", True) and slot not in slot_ids:
            name = requirement.get("name", slot)
            missing[slot] = [tr(f"{name} wajib diunggah.", f"{name} is required.")]
    return missing


def _counter_form_page(
    request, *, citizen, service, standard, fields, answers, slot_ids, errors, state, status=200, prefilled=None
):
    uploads = application_queries.uploads_owned(
        citizen.user,
        list(slot_ids.values()) + form_render.file_answer_ids(fields, answers) + [state.get("scan_id", "")],
    )
    kept = {
        slot: uploads[value]
        for slot, value in slot_ids.items()
        if value in uploads and uploads[value].application_id is None
    }
    slot_names = {slot for slot, _ in form_render.document_slots(standard.requirements)}
    keys = {field["key"] for field in fields}
    own = {key: errors[key] for key in CONSENT_FIELDS if key in errors and key not in keys}
    rest = {key: value for key, value in errors.items() if key not in own}
    form = form_render.render_form(
        fields,
        answers,
        {k: v for k, v in rest.items() if k not in slot_names},
        uploads=uploads,
        regions=application_queries.region_options() if form_render.needs_regions(fields) else [],
        prefilled=prefilled,
        on_behalf=True,
    )
    slots = form_render.render_slots(standard.requirements, kept, {k: v for k, v in rest.items() if k in slot_names})
    labels = {
        "consent_to": ("consent-to", tr("Kirim kode ke", "Send the code to")),
        "consent_code": ("consent-code", tr("Kode persetujuan", "Consent code")),
        "consent_scan": ("consent-scan", tr("Formulir persetujuan", "Consent form")),
        "channel": ("channel-counter", tr("Saluran pengajuan", "Channel")),
    }
    summary = (
        [
            form_render.SummaryItem(labels[key][0], labels[key][1], message)
            for key, messages in own.items()
            for message in messages
        ]
        + [item for item in form.summary if not item.anchor]
        + [item for item in form.summary if item.anchor]
        + slots.summary
    )
    sent = application_queries.live_consent_code(officer=request.user, citizen=citizen.user, service=service)
    return render(
        request,
        "workflow/counter_form.html",
        {
            "citizen": citizen,
            "nik": mask_nik(citizen.nik),
            "service": service,
            "standard": standard,
            "fields_html": form.html,
            "slots_html": slots.html,
            "has_slots": bool(slot_names),
            "summary": summary,
            "errors": own,
            "state": state,
            "channel_label": Channel(_filing_channel(request.user, service)).label,
            "contacts": consent.contacts(citizen.user),
            "sent": sent,
            "sent_until": queries.local_time(sent.expires_at, service.agency.region) if sent else "",
            "scan": uploads.get(state.get("scan_id", "")) if state.get("scan_id") else None,
            "names": {
                "key": KEY,
                "action": ACTION,
                "to": CONSENT_TO,
                "code": CONSENT_CODE,
                "scan": CONSENT_SCAN,
                "scan_id": CONSENT_SCAN_ID,
            },
        },
        status=status,
    )


@counter_page
def counter_form(request, code: str):
    citizen = _counter_citizen(request)
    if citizen is None:
        messages.info(request, tr("Cari atau daftarkan warga terlebih dahulu.", "Find or register the citizen first."))
        return redirect("counter_start")
    service = get_object_or_404(_counter_services(request.user).select_related("current", "agency__region"), code=code)
    if not _offers_assistance(service, request.user):
        raise Http404(
            tr(
                "Layanan ini tidak diselenggarakan melalui loket atau pendampingan.",
                "This service is not offered at the counter or with assistance.",
            )
        )
    standard, fields, ready = application_queries.application_form(service)
    if not ready:
        return render(request, "applications/not_online.html", {"service": service})
    page = {"citizen": citizen, "service": service, "standard": standard, "fields": fields}
    if request.method != "POST":
        # Prefilled from the citizen served (their profile and their own applications), never the officer's.
        answers, sources = application_queries.prefill_for(citizen.user, fields)
        return _counter_form_page(
            request,
            **page,
            answers=answers,
            slot_ids={},
            errors={},
            state={"key": uuid.uuid4().hex, "to": "", "code": "", "scan_id": ""},
            prefilled=sources,
        )
    key = request.POST.get(KEY, "")[:64]
    already = application_queries.application_by_key(citizen.user, key)
    if already is not None:  # the same form posted twice: show the first result, store nothing again
        return redirect("counter_receipt", tracking=already.tracking_number)
    answers, pending = form_render.parse_answers(fields, request.POST, request.FILES)
    slot_ids = form_render.parse_slot_ids(standard.requirements, request.POST)
    errors = _store_files(citizen.user, standard.requirements, answers, pending, slot_ids, request.FILES)
    state = {
        "key": key,
        "to": request.POST.get(CONSENT_TO, ""),
        "code": request.POST.get(CONSENT_CODE, "").strip()[:20],
        "scan_id": request.POST.get(CONSENT_SCAN_ID, "")[:36],
    }
    errors.update(consent_views.store_scan(citizen, request.FILES.get(CONSENT_SCAN), state))
    if request.POST.get(ACTION) == "send_code":
        # A plain POST of the whole form: the code goes out and the page comes back with everything kept.
        refused, status = consent_views.send_code(request, citizen, service, state)
        errors.update(refused)
        return _counter_form_page(
            request,
            **page,
            answers=answers,
            slot_ids=slot_ids,
            errors=errors,
            state=state,
            status=max(status, 400) if errors else 200,
        )
    if request.POST.get(ACTION) == "refresh":
        # Keep what was typed and show one more empty row per group; nothing is filed.
        return _counter_form_page(
            request,
            **page,
            answers=answers,
            slot_ids=slot_ids,
            errors=errors,
            state=state,
            status=400 if errors else 200,
        )
    if errors:
        # Report every problem at once, not the first refusal only (a code is checked only when it is filed).
        errors = {
            **applications.form_spec(standard).validate(answers, "en" if is_english() else "id")[1],
            **_missing_documents(standard.requirements, slot_ids),
            **consent.missing_proof(citizen.user, state["code"], state["scan_id"]),
            **errors,
        }
    else:
        try:
            application, pin = applications.submit(
                actor=request.user,
                applicant=citizen.user,
                service=service,
                answers=answers,
                upload_ids=slot_ids,
                idempotency_key=key,
                consent_code=state["code"],
                consent_scan=state["scan_id"],
            )
        except (LoketPermissionDenied, NotFound):
            raise
        except LoketError as exc:
            errors = exc.errors or {"__all__": [exc.message]}
        else:
            if pin is not None:
                request.session[COUNTER_RECEIPT] = {"tracking": application.tracking_number, "pin": pin}
            return redirect("counter_receipt", tracking=application.tracking_number)
    return _counter_form_page(
        request, **page, answers=answers, slot_ids=slot_ids, errors=errors, state=state, status=400
    )


@counter_page
def counter_receipt(request, tracking: str):
    application = get_object_or_404(
        Application.objects.select_related("service", "agency", "region", "applicant__citizen"),
        tracking_number=tracking,
        assisted_by=request.user,
    )
    receipt = request.session.get(COUNTER_RECEIPT) or {}
    pin = receipt.get("pin") if receipt.get("tracking") == tracking else None
    profile = getattr(application.applicant, "citizen", None)
    return render(
        request,
        "workflow/counter_receipt.html",
        {
            "application": application,
            "pin": pin,
            "name": profile.full_name if profile else "",
            "nik": mask_nik(profile.nik) if profile else "",
            "submitted": queries.local_time(application.submitted_at, application.region),
            "due": queries.local_time(application.due_at, application.region) if application.due_at else "",
            "lookup_url": _lookup_url(request),
        },
    )


def _lookup_url(request) -> str:
    """Where the citizen checks the status with tracking number + PIN (the citizen pages own that route)."""
    try:
        return request.build_absolute_uri(reverse("status_lookup"))
    except NoReverseMatch:
        return ""
