"""The back office of complaints (/kantor/pengaduan/): the desks' register and one complaint's page, where the
officer with its open task sets the tier, keeps internal notes and answers; the inspectorate may reveal who
reported (logged); a moderator puts an answered complaint on the public register. Thin: complaints.handling."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from loket.complaints import handling, queries, rules
from loket.complaints.models import Complaint
from loket.core.errors import LoketError, NotFound
from loket.core.errors import PermissionDenied as LoketPermissionDenied
from loket.core.i18n import choice_label, tr
from loket.org import permissions
from loket.org.decorators import staff_page


@staff_page
def register(request):
    page = Paginator(queries.office_list(request.user), 25).get_page(request.GET.get("page"))
    for complaint in page:
        complaint.kind_label = choice_label(complaint, "kind")
        case = handling.open_case_of(complaint) or complaint.reopen_case or complaint.case
        complaint.status_label = choice_label(case, "status") if case else ""
    return render(
        request,
        "complaints/office_register.html",
        {"page": page, "page_numbers": page.paginator.get_elided_page_range(page.number)},
    )


def _complaint_for(user, complaint_id: int) -> Complaint:
    complaint = (
        Complaint.objects.select_related("desk__agency", "case", "reopen_case", "about_service", "answered_by")
        .filter(pk=complaint_id)
        .first()
    )
    if complaint is None or (
        handling.reader_kind(user, complaint) == rules.READER_OTHER
        and not permissions.can(user, "complaint.moderate", complaint.desk.agency_id)
    ):
        raise Http404(tr("Pengaduan tidak ditemukan.", "Complaint not found."))
    return complaint


@staff_page
@require_GET
def detail(request, complaint_id: int):
    return _detail(request, complaint_id)


def _detail(request, complaint_id: int, revealed: dict | None = None, status: int = 200):
    complaint = _complaint_for(request.user, complaint_id)
    try:
        task = handling.my_task(request.user, complaint)
    except NotFound:
        task = None
    handler = rules.INSPECTORATE if complaint.desk.inspectorate else rules.AGENCY
    case = handling.open_case_of(complaint) or complaint.reopen_case or complaint.case
    context = {
        "complaint": complaint,
        "case": case,
        "task": task,
        "kind_label": choice_label(complaint, "kind"),
        "identity_label": choice_label(complaint, "identity"),
        "status_label": choice_label(case, "status") if case else "",
        "tiers": handling.tiers(),
        "tier_label": next((t for t in handling.tiers() if t.code == complaint.tier), None),
        "notes": complaint.notes.select_related("author"),
        "may_reveal": rules.identity_visible(
            complaint.identity, handling.reader_kind(request.user, complaint), handler=handler
        ),
        "revealed": revealed,
        "may_publish": complaint.answered_at is not None
        and permissions.can(request.user, "complaint.moderate", complaint.desk.agency_id),
    }
    return render(request, "complaints/office_detail.html", context, status=status)


def _refused(request, complaint_id: int, refusal: LoketError):
    messages.error(request, str(refusal))
    return _detail(request, complaint_id, status=400)


@staff_page
@require_POST
def act(request, complaint_id: int):
    action, post = request.POST.get("action", ""), request.POST
    try:
        if action == "tier":
            handling.set_tier(actor=request.user, complaint_id=complaint_id, tier=post.get("tier", ""))
            done = tr("Tingkat penanganan ditetapkan; tenggat disesuaikan.", "Handling tier set; deadline adjusted.")
        elif action == "note":
            handling.add_note(actor=request.user, complaint_id=complaint_id, text=post.get("text", ""))
            done = tr("Catatan internal disimpan.", "Internal note saved.")
        elif action == "answer":
            handling.answer(actor=request.user, complaint_id=complaint_id, text=post.get("text", ""))
            done = tr("Jawaban dikirim kepada pelapor.", "Answer sent to the reporter.")
        elif action == "publish":
            handling.publish(
                actor=request.user,
                complaint_id=complaint_id,
                title=post.get("title", ""),
                summary=post.get("summary", ""),
            )
            done = tr("Pengaduan tampil di daftar publik.", "The complaint is on the public register.")
        elif action == "reveal":
            revealed = handling.reveal_identity(actor=request.user, complaint_id=complaint_id)
            return _detail(request, complaint_id, revealed=revealed)
        else:
            raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))
    except LoketError as refusal:
        if isinstance(refusal, (NotFound, LoketPermissionDenied)):
            raise  # the page decorator answers 404 / 403
        return _refused(request, complaint_id, refusal)
    messages.success(request, done)
    return redirect("complaints:office_detail", complaint_id=complaint_id)
