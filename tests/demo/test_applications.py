"""The demo's application engine data: forms and SOPs, officers with TOTP, a year of history, live cases."""

import base64
import datetime as dt
import hashlib
import hmac
import re
import struct
import time
from collections import Counter

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt, is_mfa_enabled
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils import timezone

from loket.applications.formspec import FormSpec
from loket.applications.models import Application, ApplicationEvent, FormDefinition, Upload
from loket.catalogue.models import Channel, Service
from loket.core import audit, uploads
from loket.core.models import AuditEvent
from loket.demo import seed
from loket.demo.applications_data import CITIZENS, DEMO_SERVICES
from loket.demo.history import HISTORY_KEY
from loket.demo.live import CASES, LIVE_KEY, Case, Live
from loket.notify.models import Notification
from loket.org import deadlines, permissions
from loket.org.models import Role, RoleAssignment
from loket.workflow.models import ProcedureStep, Task

TRACKING_RE = re.compile(r"^(?P<region>\d{2}(?:\d{2})?)-(?P<year>\d{2})-(?P<number>\d{7})$")
STAFF_ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.AGENCY_HEAD)


def demo_services():
    return Service.objects.filter(code__in=[s.code for s in DEMO_SERVICES]).select_related("current", "agency__region")


def rfc6238(secret: str, at: float, step: int = 30, digits: int = 6) -> str:
    """A TOTP code computed from the base32 secret as an authenticator app does (RFC 6238, HMAC-SHA1)."""
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", int(at // step)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits:0{digits}d}"


# --- forms and procedures ---------------------------------------------------------------------


def test_demo_services_publish_a_full_form_and_a_multi_step_procedure(seeded):
    services = list(demo_services())
    assert len(services) >= 6
    assert len({s.agency_id for s in services}) >= 4 and len({s.agency.region_id for s in services}) >= 3
    kinds: Counter[str] = Counter()
    parallel = 0
    for service in services:
        standard = service.current
        assert standard.version >= 2, service.code  # published again, now with its form and SOP
        form = FormDefinition.objects.get(standard=standard)
        keys = {f["key"] for f in form.fields}
        assert {"nik", "nama_lengkap", "alamat", "hp"} <= keys, service.code
        assert all(f["label"]["id"] and f["label"]["en"] for f in form.fields), service.code
        kinds.update(f["type"] for f in form.fields)
        kinds.update("conditional" for f in form.fields if f.get("show_if"))
        kinds.update("repeatable" for f in form.fields if f["type"] == "group")
        if service.audience == "business":
            assert keys & {"nib", "npwp"}, service.code
        steps = list(ProcedureStep.objects.filter(standard=standard).prefetch_related("parallel_units"))
        assert len(steps) >= 3, service.code
        assert sum(s.sla_days for s in steps) <= standard.time_limit_days, service.code
        for step in steps:
            units = [step.unit, *step.parallel_units.all()]
            assert all(u is None or u.agency_id == service.agency_id for u in units), service.code
        parallel += any(len(step.parallel_units.all()) >= 2 for step in steps)
        assert steps[-1].role == Role.AGENCY_HEAD
    assert parallel >= 1
    for kind in (
        "nik",
        "text",
        "address",
        "phone",
        "date",
        "choice",
        "number",
        "nib",
        "npwp",
        "email",
        "group",
        "textarea",
        "conditional",
        "repeatable",
    ):
        assert kinds[kind], kind


# --- accounts ---------------------------------------------------------------------------------


def test_every_published_service_has_an_sop_within_its_time_limit_and_shows_its_flowchart(seeded, client):
    published = Service.objects.filter(current__isnull=False).select_related("current")
    assert published.count() >= 30
    for service in published:
        steps = list(ProcedureStep.objects.filter(standard_id=service.current_id))
        assert steps, service.code
        # a payment step runs with the case's clock stopped (ADR 20): its days are not the agency's
        agency_days = sum(step.sla_days for step in steps if not step.kind)
        assert agency_days <= (service.current.time_limit_days or 1), service.code
    for service in published[:: max(1, published.count() // 8)]:  # a sample of the public pages
        page = client.get(reverse("catalogue:service", args=[service.code])).content.decode()
        assert 'class="flowchart-figure"' in page and "<svg" in page, service.code


def test_officers_supervisors_and_heads_cover_every_step_and_use_totp(seeded):
    staff = RoleAssignment.objects.filter(role__in=STAFF_ROLES).select_related("user")
    assert {a.user.username for a in staff} <= set(seed.DEMO_TOTP)
    for service in demo_services():
        assignments = [a for a in staff if a.agency_id == service.agency_id]
        assert any(a.role == Role.SUPERVISOR for a in assignments), service.code
        assert any(a.role == Role.AGENCY_HEAD for a in assignments), service.code
        for step in ProcedureStep.objects.filter(standard=service.current).prefetch_related("parallel_units"):
            for unit in [*step.parallel_units.all()] or [step.unit]:
                if step.role == Role.OFFICER:
                    assert any(a.role == Role.OFFICER and a.unit_id == unit.pk for a in assignments), step


def test_every_back_office_account_has_the_printed_totp_secret_and_its_codes_work(seeded):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=seed.DEMO_TOTP)}
    assert set(users) == set(seed.DEMO_TOTP) and len(users) >= 20
    assert len(set(seed.DEMO_TOTP.values())) == len(users)
    now = time.time()
    for username, secret in seed.DEMO_TOTP.items():
        assert re.fullmatch(r"[A-Z2-7]{32}", secret), username
        authenticator = Authenticator.objects.get(user=users[username], type=Authenticator.Type.TOTP)
        assert decrypt(authenticator.data["secret"]) == secret
        assert is_mfa_enabled(users[username])
        assert TOTP(authenticator).validate_code(rfc6238(secret, now)), username
        assert not TOTP(authenticator).validate_code(rfc6238(secret, now - 3600)), username


def test_citizens_have_valid_profiles_and_no_authenticator(seeded):
    assert 3 <= len(CITIZENS) <= 5
    for username, person in CITIZENS.items():
        user = get_user_model().objects.get(username=username)
        assert user.citizen.nik == person.nik and user.citizen.full_name == person.full_name
        assert user.email == f"{username}@demo.loket.id"
        assert not Authenticator.objects.filter(user=user).exists()
        assert Application.objects.filter(applicant=user).exists(), username


# --- history ----------------------------------------------------------------------------------


def test_a_year_of_applications_in_every_status_and_channel(seeded):
    now = timezone.now()
    applications = Application.objects.all()
    assert applications.count() >= 3000
    assert set(applications.values_list("status", flat=True)) == set(Application.Status.values)
    channels = Counter(applications.values_list("channel", flat=True))
    assert set(channels) == set(Channel.values)
    assert (
        channels[Channel.ONLINE]
        > channels[Channel.COUNTER]
        > channels[Channel.ASSISTED]
        > 0.05 * sum(channels.values())
    )
    span = applications.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    assert span["last"] <= now and now - span["first"] >= dt.timedelta(days=330)
    months = {(a.year, a.month) for a in applications.values_list("submitted_at", flat=True)}
    assert len(months) >= 12
    for service in demo_services():
        used = set(applications.filter(service=service).values_list("channel", flat=True))
        assert used <= set(service.channels), service.code
    resubmitted = ApplicationEvent.objects.filter(kind="resubmitted").values("application")
    assert applications.filter(pk__in=resubmitted, status=Application.Status.COMPLETED).exists()
    assert applications.filter(status=Application.Status.RETURNED, paused_at__isnull=False).exists()
    assert AuditEvent.objects.filter(action="demo.history_seeded").count() == 1
    counts = AuditEvent.objects.get(action="demo.history_seeded").data
    assert counts["applications"] == applications.filter(idempotency_key__startswith=HISTORY_KEY).count()
    assert counts["tasks"] == Task.objects.filter(application__idempotency_key__startswith=HISTORY_KEY).count()


def test_history_follows_the_workflow_rules(seeded):
    open_statuses = {Application.Status.SUBMITTED}
    apps = Application.objects.filter(idempotency_key__startswith=HISTORY_KEY).prefetch_related("tasks", "events")
    for app in apps.order_by("pk")[::10]:  # a tenth of the history: every service and outcome among them
        tasks, events = list(app.tasks.all()), list(app.events.all())
        has_open = any(t.status == Task.Status.OPEN for t in tasks)
        assert has_open == (app.status in open_statuses), app.tracking_number
        assert events[0].kind == "submitted" and events[0].occurred_at == app.submitted_at
        assert [e.occurred_at for e in events] == sorted(e.occurred_at for e in events)
        if app.status == Application.Status.COMPLETED:
            assert events[-1].kind == "completed" and app.decided_at == events[-1].occurred_at
        if app.status == Application.Status.REJECTED:
            assert app.decision_note and events[-1].kind == "rejected"
        if app.status == Application.Status.RETURNED:
            assert app.paused_at and events[-1].kind == "returned" and events[-1].note
        assert app.revision_count == sum(e.kind == "returned" for e in events)
        if app.revision_count == 0:
            # Deadlines are working days in the region's calendar, exactly as the engine computes them.
            assert app.due_at == deadlines.due_after(app.submitted_at, app.standard.time_limit_days, app.region)
            for task in tasks:
                assert task.due_at == deadlines.due_after(task.created_at, task.step.sla_days, app.region)
        for task in tasks:
            if task.completed_at:
                assert task.created_at < task.completed_at <= timezone.now()
    # Every counter or assisted filing carries the code the citizen read out before it was filed (issue 13).
    filed_for = apps.exclude(channel=Channel.ONLINE)
    assert filed_for.exists() and not filed_for.filter(consent__isnull=True).exists()
    for app in filed_for.select_related("consent").order_by("pk")[::20]:
        assert app.consent.method == "code" and app.consent.officer_id == app.assisted_by_id
        assert app.consent.verified_at < app.submitted_at and "***" in app.consent.sent_to
    # The channel is where the filing happened: "assisted" only from a village service point (issue 13, finding 5).
    live = Application.objects.filter(idempotency_key__startswith=LIVE_KEY).exclude(channel=Channel.ONLINE)
    assert live.filter(channel=Channel.ASSISTED).exists()
    for app in live.select_related("assisted_by"):
        points = set(app.assisted_by.loket_roles.values_list("unit__service_point", flat=True))
        assert (points == {"desa"}) == (app.channel == Channel.ASSISTED), app.tracking_number


def test_every_historical_answer_is_valid_for_its_form(seeded):
    specs = {}
    for app in Application.objects.select_related("standard__form").order_by("pk")[::5]:
        spec = specs.setdefault(app.standard_id, FormSpec(app.standard.form.fields))
        _cleaned, errors = spec.validate(app.data)
        assert errors == {}, (app.tracking_number, errors)


def test_tracking_numbers_are_unique_and_look_like_the_engines(seeded):
    rows = list(Application.objects.values_list("tracking_number", "region__code", "submitted_at"))
    assert len({r[0] for r in rows}) == len(rows)
    numbers = set()
    for tracking, region, submitted_at in rows:
        match = TRACKING_RE.match(tracking)
        assert match and match["region"] == region.replace(".", ""), tracking
        assert match["year"] == f"{submitted_at:%y}"
        numbers.add(int(match["number"]))
    assert len(numbers) == len(rows)

    # A citizen applying after the seed gets a number that was never used (numbers come from the sequence in
    # blocks per process, so they are unique but not in submission order: ADR 9).
    citizens = {name: (get_user_model().objects.get(username=name), person) for name, person in CITIZENS.items()}
    application = Live(citizens=citizens).play(999, Case("akta-kelahiran-kota-banjarmasin", "nur.aini"))
    assert TRACKING_RE.match(application.tracking_number)
    assert int(application.tracking_number.rsplit("-", 1)[1]) not in numbers


def test_open_tasks_show_every_sla_state_in_each_service(seeded):
    now = timezone.now()
    for service in demo_services():
        region = service.agency.region
        tasks = Task.objects.filter(application__service=service, status=Task.Status.OPEN)
        states = Counter(deadlines.sla_state(now, t.due_at, region) for t in tasks)
        assert states["overdue"] >= 2 and states["on_track"] >= 2, (service.code, states)
        calendar = deadlines.calendar_for(region)
        today = deadlines.local_date(now, region)
        if calendar.is_working_day(today):
            assert states["due_today"] >= 2, (service.code, states)
        else:  # deadlines end on working days: the ones due next working day show as due today then
            next_day = calendar.add_working_days(today, 1)
            assert any(deadlines.local_date(t.due_at, region) == next_day for t in tasks), service.code
        # Every step has something waiting, so every unit's and role's inbox has live deadlines.
        waiting = set(tasks.values_list("step__position", flat=True))
        assert waiting == set(ProcedureStep.objects.filter(standard=service.current).values_list("position", flat=True))


def test_every_officer_supervisor_and_head_has_work_in_the_inbox(seeded):
    staff = (
        get_user_model()
        .objects.filter(
            loket_roles__role__in=STAFF_ROLES, loket_roles__agency__services__code__in=[s.code for s in DEMO_SERVICES]
        )
        .exclude(loket_roles__unit__service_point="desa")  # village facilitators file for citizens, decide nothing
        .distinct()
    )
    assert staff.count() >= 15
    for user in staff:
        assert Task.objects.filter(permissions.task_scope(user), status=Task.Status.OPEN).exists(), user.username


def test_long_overdue_history_is_already_escalated_and_fresh_deadlines_are_left_to_the_worker(seeded):
    now = timezone.now()
    open_tasks = Task.objects.filter(status=Task.Status.OPEN, application__idempotency_key__startswith=HISTORY_KEY)
    old = open_tasks.filter(due_at__lt=now - dt.timedelta(days=1))
    assert old.exists() and not old.filter(escalated_at__isnull=True).exists()
    assert not open_tasks.filter(due_at__gte=now, escalated_at__isnull=False).exists()


def test_history_uploads_point_at_two_real_sample_files(seeded):
    history = Upload.objects.filter(application__idempotency_key__startswith=HISTORY_KEY)
    assert history.count() >= Application.objects.filter(idempotency_key__startswith=HISTORY_KEY).count()
    files = set(history.values_list("file", flat=True))
    assert len(files) == 2
    for name in files:
        with default_storage.open(name) as handle:
            data = handle.read()
        assert uploads.check(data, name, ["pdf", "png"])["size"] == len(data)
    first = history.select_related("application").first()
    assert first.created_at == first.application.submitted_at


# --- the newest applications, through the real services ------------------------------------------


def test_live_cases_went_through_the_services_with_audit_trail_and_notifications(seeded):
    live = Application.objects.filter(idempotency_key__startswith=LIVE_KEY).order_by("pk")
    assert live.count() == len(CASES) >= 20
    assert (
        live.aggregate(m=Min("submitted_at"))["m"]
        > Application.objects.filter(idempotency_key__startswith=HISTORY_KEY).aggregate(m=Max("submitted_at"))["m"]
    )
    assert set(live.values_list("status", flat=True)) == set(Application.Status.values)
    for application in live:
        assert AuditEvent.objects.filter(action="applications.submitted", object_id=str(application.pk)).exists()
        assert Notification.objects.filter(context__tracking=application.tracking_number).exists()
        files = application.uploads.all()
        assert files, application.tracking_number
        for upload in files:
            assert default_storage.exists(upload.file.name)
        if application.channel != Channel.ONLINE:
            # filed with the code the citizen read out (issue 13, finding 5), spent once and recorded with the case
            proof = application.consent
            assert application.assisted_by and proof.method == "code" and proof.code.used_at and "****" in proof.sent_to
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "workflow.task_approve",
        "workflow.task_return",
        "workflow.task_reject",
        "workflow.task_claimed",
        "applications.resubmitted",
        "applications.withdrawn",
    } <= actions
    fixed = live.get(applicant__username="rina.marlina")
    assert [e.kind for e in fixed.events.all()][:3] == ["submitted", "returned", "resubmitted"]
    assert fixed.status == Application.Status.SUBMITTED and fixed.revision_count == 1
    # The parallel PBG step: one unit approved, the other still has it open.
    pbg = live.get(applicant__username="warga", service__code="pbg-kota-bandung")
    step_two = Task.objects.filter(application=pbg, step__position=2)
    assert sorted(step_two.values_list("status", flat=True)) == [Task.Status.APPROVED, Task.Status.OPEN]


def test_status_page_and_officer_inbox_show_the_seeded_work(seeded, client):
    warga = get_user_model().objects.get(username="warga")
    mine = Application.objects.filter(applicant=warga).order_by("-submitted_at").first()
    client.force_login(warga)
    page = client.get(reverse("application_status", args=[mine.tracking_number]))
    assert page.status_code == 200 and mine.tracking_number in page.content.decode()
    other = Application.objects.exclude(applicant=warga).first()
    assert client.get(reverse("application_status", args=[other.tracking_number])).status_code == 404

    officer = get_user_model().objects.get(username="petugas.capil.banjarmasin")
    client.force_login(officer)
    inbox = client.get("/kantor/tugas/")
    assert inbox.status_code == 200
    trackings = set(
        Task.objects.filter(permissions.task_scope(officer), status=Task.Status.OPEN).values_list(
            "application__tracking_number", flat=True
        )
    )
    assert any(tracking in inbox.content.decode() for tracking in trackings)


def test_seed_time_on_this_database(seeded, capsys):
    from django.db import connection

    with capsys.disabled():
        print(
            f"\n[demo seed] {connection.vendor}: {seeded.seconds:.1f} s for {seeded.created} objects, "
            f"{Application.objects.count()} applications, {Task.objects.count()} tasks"
        )
    assert audit.verify().ok
    by_service = dict(Application.objects.values_list("service__code").annotate(n=Count("id")))
    assert all(by_service[s.code] >= 150 for s in DEMO_SERVICES), by_service
