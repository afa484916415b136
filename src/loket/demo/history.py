"""A year of applications, written in bulk: what the inboxes and dashboards of a running Loket look like.

Each application is simulated step by step on its service's published SOP with the same rules as
`loket.workflow.services`: deadlines by `org.deadlines.due_after` in the region's working-day calendar,
parallel steps that need every unit, returns that pause the clock (the application's deadline moves by
the paused working days and the step reopens with the days it had left), rejections and withdrawals.
Whatever would happen after `now` has not happened yet, so recent applications are still open with live
deadlines. On top of that a few applications per service are placed so that some tasks are overdue,
some due today (on a working day) and some on track.

Rows are bulk-created instead of calling the services thousands of times (seconds instead of minutes);
one audit event, `demo.history_seeded`, records the counts. The newest applications of the demo go
through the real service functions afterwards (`loket.demo.live`).
"""

import datetime as dt
import hashlib
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import OuterRef, Subquery

from loket.applications import rules as application_rules
from loket.applications.models import Application, ApplicationEvent, CaseConsent, CitizenProfile, Upload
from loket.applications.services import pin_hash
from loket.catalogue.models import Channel, Service
from loket.core import audit
from loket.demo.applications_data import (
    CONSENT_CODE_MINUTES_BEFORE,
    JABAR_POOLS,
    POOLS,
    REJECT_NOTES,
    RETURN_NOTES,
    WITHDRAW_REASONS,
    Answers,
    DemoService,
    NikMaker,
    Person,
    make_person,
)
from loket.demo.samples import sample_pdf, sample_png
from loket.org import deadlines
from loket.org.models import Region, Role, RoleAssignment
from loket.workflow import rules
from loket.workflow.models import ProcedureStep, Task

HISTORY_KEY = "demo-history-"
DAYS = 365
# Share of each channel where a service offers it (assisted: facilitators at a village point filing online for
# citizens near home; only where the agency has one, applications.rules.assisted_channel).
CHANNEL_WEIGHTS = {Channel.ONLINE: 62, Channel.COUNTER: 25, Channel.ASSISTED: 13}
PLANTED_PER_STATE = 2
BATCH = 2000


@dataclass
class Plan:
    """One demo service as the simulation needs it."""

    spec: DemoService
    service: Service
    region: Region
    steps: list[ProcedureStep]
    units: list[list]  # per step: the units that each get a task ([None] for an agency-wide step)
    actors: list[dict]  # per step: unit id -> users who may act there
    front: list  # officers who file counter applications (at the office)
    remote: list  # officers at a remote service point (village, phone, home visit) who file assisted ones
    channels: list[str]
    weights: list[int]
    documents: list[tuple[int, dict]]  # mandatory document requirements (index, requirement)


@dataclass
class Outcome:
    application: Application
    plan: Plan | None = None
    tasks: list[Task] = field(default_factory=list)
    events: list[ApplicationEvent] = field(default_factory=list)
    consent: CaseConsent | None = None


def _local_moment(day: dt.date, hour: float, region: Region) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time(0, 0), tzinfo=region.zoneinfo) + dt.timedelta(hours=hour)
    return moment.astimezone(dt.UTC)


class History:
    def __init__(self, *, actor, now: dt.datetime, seed: int = 2026):
        self.actor = actor
        self.now = now
        self.rng = random.Random(seed)
        self.niks = NikMaker(self.rng, set(CitizenProfile.objects.values_list("nik", flat=True)))
        self.answers = Answers(self.rng, self.niks)
        self.counts: Counter[str] = Counter()
        self.samples: dict[str, tuple[str, int, str]] = {}
        self.points: dict[int, str] = {}  # officer id -> where they serve citizens (Application.assistance_point)

    # --- setup -------------------------------------------------------------------------------
    def plans(self, specs: tuple[DemoService, ...]) -> list[Plan]:
        plans = []
        for spec in specs:
            service = Service.objects.select_related("current", "agency__region").get(code=spec.code)
            steps = list(ProcedureStep.objects.filter(standard=service.current).prefetch_related("parallel_units"))
            staff = list(RoleAssignment.objects.filter(agency=service.agency).select_related("user", "unit"))
            actors, units = [], []
            for step in steps:
                step_units = list(step.parallel_units.all()) or [step.unit]
                units.append(step_units)
                allowed = {
                    Role.OFFICER: (Role.OFFICER,),
                    Role.SUPERVISOR: (Role.SUPERVISOR,),
                    Role.AGENCY_HEAD: (Role.AGENCY_HEAD,),
                }[step.role]
                by_unit = {}
                for unit in step_units:
                    people = [
                        a.user for a in staff if a.role in allowed and (unit is None or a.unit_id in (None, unit.pk))
                    ]
                    by_unit[unit.pk if unit else None] = people or [self.actor]
                actors.append(by_unit)
            front_unit = steps[0].unit_id
            front = [a.user for a in staff if a.role == Role.OFFICER and a.unit_id == front_unit] or [
                a.user for a in staff if a.role in (Role.OFFICER, Role.SUPERVISOR)
            ]
            remote = [
                a.user
                for a in staff
                if a.role == Role.OFFICER and a.unit and a.unit.service_point in application_rules.REMOTE_POINTS
            ]
            front = [user for user in front if user not in remote]
            filers = {Channel.ONLINE: True, Channel.COUNTER: bool(front), Channel.ASSISTED: bool(remote)}
            channels = [c for c in CHANNEL_WEIGHTS if c in service.channels and filers[c]]
            places = defaultdict(set)
            for a in staff:
                places[a.user_id].add(a.unit.service_point if a.unit else "")
            self.points.update({user: application_rules.assistance_point(frozenset(p)) for user, p in places.items()})
            documents = [
                (index, r)
                for index, r in enumerate(service.current.requirements)
                if r.get("kind") == "document" and r.get("mandatory", True)
            ]
            plans.append(
                Plan(
                    spec,
                    service,
                    service.agency.region,
                    steps,
                    units,
                    actors,
                    front,
                    remote,
                    channels,
                    [CHANNEL_WEIGHTS[c] for c in channels],
                    documents,
                )
            )
        return plans

    def people(self, citizens: dict) -> dict[str, list[tuple]]:
        """Applicants per pool: the demo citizens plus made-up residents (bulk-created, no password)."""
        today = self.now.date()
        regions = {code: Region.objects.get(code=code) for code in POOLS}
        pools: dict[str, list[tuple]] = defaultdict(list)
        for user, person in citizens.values():
            pools[person.pool].append((user, person))
        users, profiles, persons = [], [], []
        number = 0
        for code, pool in POOLS.items():
            for _ in range(pool.size):
                number += 1
                person = make_person(self.rng, self.niks, code, number, today, "demo.loket.id")
                joined = self.now - dt.timedelta(days=self.rng.randint(DAYS + 5, DAYS + 900))
                users.append(
                    get_user_model()(
                        username=person.username,
                        email=person.email,
                        first_name=person.first_name,
                        last_name=person.last_name,
                        password=make_password(None),
                        date_joined=joined,
                    )
                )
                persons.append(person)
        get_user_model().objects.bulk_create(users, batch_size=BATCH)
        by_name = dict(
            get_user_model().objects.filter(username__in=[p.username for p in persons]).values_list("username", "pk")
        )
        for user, person in zip(users, persons, strict=True):
            user.pk = by_name[person.username]
            pool = POOLS[person.pool]
            profiles.append(
                CitizenProfile(
                    user=user,
                    nik=person.nik,
                    full_name=person.full_name,
                    address=f"{person.street}, {pool.town} {person.postal_code}",
                    region=regions[person.pool],
                    phone=person.phone,
                )
            )
            pools[person.pool].append((user, person))
        CitizenProfile.objects.bulk_create(profiles, batch_size=BATCH)
        self.counts["applicants"] = len(users)
        pools["32"] = [entry for code in JABAR_POOLS for entry in pools[code]]
        return pools

    def _sample_files(self) -> None:
        """Two small real files that the historical upload rows point to (no thousands of copies)."""
        pdf = sample_pdf("Dokumen persyaratan (contoh)", ("Berkas ini mewakili unggahan riwayat permohonan demo.",))
        for kind, data in (("pdf", pdf), ("png", sample_png())):
            name = default_storage.save(f"uploads/demo/contoh-persyaratan.{kind}", ContentFile(data))
            self.samples[kind] = (name, len(data), hashlib.sha256(data).hexdigest())

    # --- time ----------------------------------------------------------------------------------
    def _working_moment(self, start: dt.datetime, days: int, region: Region) -> dt.datetime:
        """A moment in office hours on the `days`-th working day after `start` (0: later the same day)."""
        calendar = deadlines.calendar_for(region)
        day = calendar.add_working_days(deadlines.local_date(start, region), days)
        moment = _local_moment(day, self.rng.uniform(8, 16), region)
        if moment <= start:
            moment = start + dt.timedelta(minutes=self.rng.randint(15, 150))
        return moment

    def _finish(self, start: dt.datetime, sla: int, region: Region) -> dt.datetime:
        """When an officer acts: mostly early, about one in ten after the deadline."""
        if self.rng.random() < 0.1:
            days = sla + self.rng.choice((1, 1, 1, 2, 2, 3, 5))
        else:
            days = min(sla, int(self.rng.triangular(0, sla + 1, 0)))
        return self._working_moment(start, days, region)

    def _submissions(self, plan: Plan) -> list[tuple[dt.datetime, str]]:
        region = plan.region
        calendar = deadlines.calendar_for(region)
        today = deadlines.local_date(self.now, region)
        found = []
        for back in range(DAYS, -1, -1):
            day = today - dt.timedelta(days=back)
            working = calendar.is_working_day(day)
            channels = plan.channels if working else [c for c in plan.channels if c == Channel.ONLINE]
            if not channels:
                continue
            growth = 0.7 + 0.6 * (DAYS - back) / DAYS  # more people apply online as the service becomes known
            rate = plan.spec.per_working_day * growth * (1 if working else 0.15)
            for _ in range(_poisson(self.rng, rate)):
                channel = self.rng.choices(channels, [CHANNEL_WEIGHTS[c] for c in channels])[0]
                hour = self.rng.uniform(8, 15) if channel != Channel.ONLINE else self.rng.uniform(6, 23)
                moment = _local_moment(day, hour, region)
                if moment < self.now:
                    found.append((moment, channel))
        return found

    def _planted(self, plan: Plan) -> list[tuple[dt.datetime, str, int]]:
        """Submissions still open right now: at the first step overdue, due today (on a working day) and on
        track, and one at every later step. (moment, channel, index of the step where it waits)."""
        region = plan.region
        calendar = deadlines.calendar_for(region)
        today = deadlines.local_date(self.now, region)
        sla = plan.steps[0].sla_days
        starts: dict[str, list[dt.date]] = {"overdue": [], "due_today": []}
        back = 0
        while len(starts["overdue"]) < PLANTED_PER_STATE or (
            calendar.is_working_day(today) and not starts["due_today"]
        ):
            back += 1
            day = today - dt.timedelta(days=back)
            due = calendar.add_working_days(day, sla)
            if due == today and calendar.is_working_day(day):
                starts["due_today"].append(day)
            elif due < today - dt.timedelta(days=1) and calendar.is_working_day(day) and back > 3:
                starts["overdue"].append(day)
            if back > 60:
                break
        found = []
        for state in ("overdue", "due_today"):
            days = starts[state][:PLANTED_PER_STATE]
            for number in range(PLANTED_PER_STATE if days else 0):
                found.append((_local_moment(days[number % len(days)], self.rng.uniform(8, 11), region), 0))
        for _ in range(PLANTED_PER_STATE):
            found.append((self.now - dt.timedelta(minutes=self.rng.randint(10, 90)), 0))
        # One application waiting at each later step, so every unit and role has work in its inbox.
        for index in range(1, len(plan.steps)):
            day = today
            for _ in range(index + 1):
                day -= dt.timedelta(days=1)
                while not calendar.is_working_day(day):
                    day -= dt.timedelta(days=1)
            found.append((_local_moment(day, self.rng.uniform(8, 9), region), index))
        planted = []
        for moment, open_at in found:
            working = calendar.is_working_day(deadlines.local_date(moment, region))
            channels = [c for c in plan.channels if working or c == Channel.ONLINE] or plan.channels
            planted.append((moment, self.rng.choices(channels, [CHANNEL_WEIGHTS[c] for c in channels])[0], open_at))
        return planted

    # --- simulation ----------------------------------------------------------------------------
    def _actor(self, plan: Plan, index: int, unit):
        return self.rng.choice(plan.actors[index][unit.pk if unit else None])

    def _outcome(self, index: int, last: int, revisions: int) -> str:
        if index == last:
            weights = {"approve": 985, "reject": 10, "return": 5 if revisions == 0 else 0, "withdraw": 0}
        elif index == 0:
            weights = {"approve": 860, "return": 100 if revisions == 0 else 30, "reject": 25, "withdraw": 15}
        else:
            weights = {"approve": 940, "return": 35 if revisions < 2 else 0, "reject": 20, "withdraw": 5}
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def simulate(
        self,
        plan: Plan,
        number: int,
        submitted_at: dt.datetime,
        channel: str,
        applicant,
        person: Person,
        *,
        open_at: int | None = None,
    ) -> Outcome:
        """One application from submission to now; with `open_at`, approved quickly up to that step, then open."""
        region, standard = plan.region, plan.service.current
        filer = {Channel.ONLINE: [applicant], Channel.COUNTER: plan.front, Channel.ASSISTED: plan.remote}[channel]
        filer = self.rng.choice(filer)
        app = Application(
            service=plan.service,
            standard=standard,
            agency_id=plan.service.agency_id,
            region=region,
            applicant=applicant,
            channel=channel,
            assisted_by=None if channel == Channel.ONLINE else filer,
            assistance_point=self._point(filer) if channel != Channel.ONLINE else "",
            data=self.answers.for_service(plan.spec, person, submitted_at),
            idempotency_key=f"{HISTORY_KEY}{number}",
            submitted_at=submitted_at,
            due_at=deadlines.due_after(submitted_at, standard.time_limit_days or 1, region),
        )
        out = Outcome(app, plan)
        if channel != Channel.ONLINE:
            out.consent = self._consent(app, filer, person, submitted_at)
        self._event(out, "submitted", submitted_at, filer)
        last = len(plan.steps) - 1
        index, start, days = 0, submitted_at, None
        while True:
            step = plan.steps[index]
            due = deadlines.due_after(start, days or step.sla_days, region)
            tasks = [
                Task(
                    application=app,
                    step=step,
                    unit=unit,
                    agency_id_cache=app.agency_id,
                    step_role=step.role,
                    created_at=start,
                    due_at=due,
                )
                for unit in plan.units[index]
            ]
            out.tasks.extend(tasks)
            days = None
            if open_at is None:
                outcome = self._outcome(index, last, app.revision_count)
            else:
                outcome = "open" if index == open_at else "approve"
            if outcome == "open":
                self._leave_open(plan, index, tasks)
                return out
            if outcome == "approve":
                done = sorted(
                    (
                        (
                            self._finish(start, step.sla_days, region)
                            if open_at is None
                            else self._working_moment(start, self.rng.choice((0, 1)), region),
                            task,
                        )
                        for task in tasks
                    ),
                    key=lambda x: x[0],
                )
                for moment, task in done:
                    if moment > self.now:
                        self._leave_open(plan, index, [task])
                        continue
                    self._close(task, Task.Status.APPROVED, moment, self._actor(plan, index, task.unit))
                    self._event(out, "step_approved", moment, task.completed_by, step.name_id)
                if done[-1][0] > self.now:
                    return out
                start = done[-1][0]
                if index == last:
                    app.status, app.decided_at = Application.Status.COMPLETED, start
                    app.version += 1
                    self._event(out, "completed", start, done[-1][1].completed_by)
                    return out
                index += 1
                continue
            moment = self._finish(start, step.sla_days, region)
            if moment > self.now:
                self._leave_open(plan, index, tasks)
                return out
            if outcome == "withdraw":
                self._withdraw(out, tasks, moment, applicant)
                return out
            acting = self.rng.choice(tasks)
            officer = self._actor(plan, index, acting.unit)
            notes = (RETURN_NOTES if outcome == "return" else REJECT_NOTES)[plan.spec.code]
            note = self.rng.choice(notes)
            self._close(
                acting, Task.Status.RETURNED if outcome == "return" else Task.Status.REJECTED, moment, officer, note
            )
            for sibling in tasks:
                if sibling is not acting:
                    sibling.status, sibling.version = Task.Status.CANCELLED, 1
            app.version += 1
            if outcome == "reject":
                app.status, app.decided_at, app.decision_note = Application.Status.REJECTED, moment, note
                self._event(out, "rejected", moment, officer, step.name_id, note)
                return out
            app.status, app.paused_at = Application.Status.RETURNED, moment
            app.revision_count += 1
            self._event(out, "returned", moment, officer, step.name_id, note)
            back = self._working_moment(moment, self.rng.choice((1, 1, 2, 2, 3, 4, 5, 7)), region)
            chance = self.rng.random()
            if chance < 0.06 or back > self.now:
                return out  # still waiting for the applicant's fix
            if chance < 0.10:
                self._withdraw(out, [], back, applicant)
                return out
            calendar = deadlines.calendar_for(region)
            paused = calendar.working_days_between(
                deadlines.local_date(moment, region), deadlines.local_date(back, region)
            )
            if paused:
                app.due_at = deadlines.due_after(app.due_at, paused, region)
            app.paused_working_days += paused
            used = calendar.working_days_between(
                deadlines.local_date(acting.created_at, region), deadlines.local_date(moment, region)
            )
            days = rules.remaining_days(step.sla_days, used)
            app.status, app.paused_at = Application.Status.SUBMITTED, None
            app.version += 1
            self._event(out, "resubmitted", back, filer)
            start = back

    def _point(self, officer) -> str:
        return self.points.get(officer.pk, application_rules.OFFICE_PLACE)

    def _consent(self, app: Application, officer, person: Person, submitted_at: dt.datetime) -> CaseConsent:
        """The code the citizen read out to the officer who filed for them (sent to their phone, else e-mail)."""
        by_sms = bool(person.phone)
        return CaseConsent(
            application=app,
            method=CaseConsent.Method.CODE,
            officer=officer,
            channel="sms" if by_sms else "email",
            sent_to=application_rules.mask_phone(person.phone)
            if by_sms
            else application_rules.mask_email(person.email),
            verified_at=submitted_at - dt.timedelta(minutes=self.rng.choice(CONSENT_CODE_MINUTES_BEFORE)),
        )

    def _leave_open(self, plan: Plan, index: int, tasks: list[Task]) -> None:
        for task in tasks:
            if plan.steps[index].role == Role.OFFICER and self.rng.random() < 0.45:
                task.claimed_by, task.version = self._actor(plan, index, task.unit), 1
            # The worker reminded and escalated long-overdue tasks back then; fresh ones are left to it.
            if task.due_at < self.now - dt.timedelta(days=1):
                task.reminded_at = max(task.created_at, task.due_at - dt.timedelta(days=1))
                task.escalated_at = task.due_at + dt.timedelta(hours=1)

    @staticmethod
    def _close(task: Task, status: str, moment: dt.datetime, officer, note: str = "") -> None:
        task.status, task.completed_at, task.completed_by, task.note, task.version = status, moment, officer, note, 1

    def _withdraw(self, out: Outcome, tasks: list[Task], moment: dt.datetime, applicant) -> None:
        for task in tasks:
            task.status = Task.Status.CANCELLED
        reason = self.rng.choice(WITHDRAW_REASONS)
        app = out.application
        app.status, app.decided_at, app.decision_note = Application.Status.WITHDRAWN, moment, reason
        app.version += 1
        self._event(out, "withdrawn", moment, applicant, note=reason)

    @staticmethod
    def _event(out: Outcome, kind: str, moment: dt.datetime, actor, step_name: str = "", note: str = "") -> None:
        out.events.append(
            ApplicationEvent(
                application=out.application, occurred_at=moment, kind=kind, actor=actor, step_name=step_name, note=note
            )
        )

    # --- writing -------------------------------------------------------------------------------
    def run(self, specs: tuple[DemoService, ...], citizens: dict) -> Counter:
        plans = self.plans(specs)
        pools = self.people(citizens)
        self._sample_files()
        wanted = []
        for plan in plans:
            wanted += [(moment, channel, plan, None) for moment, channel in self._submissions(plan)]
            wanted += [(moment, channel, plan, open_at) for moment, channel, open_at in self._planted(plan)]
        wanted.sort(key=lambda item: item[0])
        outcomes = []
        for number, (moment, channel, plan, open_at) in enumerate(wanted, start=1):
            applicant, person = self.rng.choice(pools[plan.spec.pool])
            outcome = self.simulate(plan, number, moment, channel, applicant, person, open_at=open_at)
            outcomes.append(outcome)
        self._number(outcomes)
        self._write(outcomes)
        audit.record(
            "demo.history_seeded",
            actor=self.actor,
            object_type="applications.application",
            data=dict(sorted(self.counts.items())),
        )
        return self.counts

    def _number(self, outcomes: list[Outcome]) -> None:
        """Tracking numbers as `_next_tracking_number` makes them: region, year, a number never reused."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval('applications_tracking_seq') FROM generate_series(1, %s)", [len(outcomes)]
                )
                numbers = sorted(row[0] for row in cursor.fetchall())
        else:
            # SQLite numbers by the highest id: give the rows those ids so later submissions continue after them.
            first = (Application.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
            numbers = list(range(first, first + len(outcomes)))
        for outcome, number in zip(outcomes, numbers, strict=True):
            app = outcome.application
            if connection.vendor != "postgresql":
                app.pk = number
            app.tracking_number = f"{app.region.code.replace('.', '')}-{app.submitted_at:%y}-{number:07d}"
            app.pin_hash = pin_hash(app.tracking_number, f"{self.rng.randrange(10**6):06d}")

    def _write(self, outcomes: list[Outcome]) -> None:
        applications = [o.application for o in outcomes]
        Application.objects.bulk_create(applications, batch_size=BATCH)
        tasks = [task for o in outcomes for task in o.tasks]
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        events = [event for o in outcomes for event in o.events]
        ApplicationEvent.objects.bulk_create(events, batch_size=BATCH)
        consents = [o.consent for o in outcomes if o.consent is not None]
        for record in consents:
            record.application_id = record.application.pk
        CaseConsent.objects.bulk_create(consents, batch_size=BATCH)
        uploads = []
        for outcome in outcomes:
            app = outcome.application
            for index, requirement in outcome.plan.documents:
                kind = "pdf" if "pdf" in (requirement.get("file_types") or ["pdf"]) else "png"
                name, size, digest = self.samples[kind]
                uploads.append(
                    Upload(
                        owner=app.applicant,
                        application=app,
                        requirement=f"req_{index}",
                        file=name,
                        original_name=f"{_slug(requirement['name'])}.{kind}",
                        content_type="application/pdf" if kind == "pdf" else "image/png",
                        size=size,
                        sha256=digest,
                    )
                )
        Upload.objects.bulk_create(uploads, batch_size=BATCH)
        # Uploaded when the application was filed, not today.
        Upload.objects.filter(application__idempotency_key__startswith=HISTORY_KEY).update(
            created_at=Subquery(Application.objects.filter(pk=OuterRef("application_id")).values("submitted_at")[:1])
        )
        self.counts.update(
            {
                "applications": len(applications),
                "tasks": len(tasks),
                "events": len(events),
                "uploads": len(uploads),
                "consents": len(consents),
            }
        )
        self.counts.update(f"status_{a.status}" for a in applications)
        self.counts.update(f"channel_{a.channel}" for a in applications)
        self.counts["open_tasks"] = sum(task.status == Task.Status.OPEN for task in tasks)


def _slug(text: str) -> str:
    cleaned = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(part for part in cleaned.split("-") if part)[:60] or "berkas"


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: fine for the small daily means used here."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
