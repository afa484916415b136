"""Random histories for the recomputation test, written as raw rows (no service function, no aggregate code).

A small world (built once per test): three provinces in the three time zones, a kota in each, a provincial
agency, services for citizens and businesses with a time limit of 3–10 working days, one without a limit and
one with 0, and two civil-service services (audience employee). Each example draws applications submitted,
returned, resubmitted, completed, rejected and withdrawn at moments within hours of local month boundaries,
calendar overrides near month ends (extra days off, holidays made working days, for a kota, its province or
everywhere), decision documents (digital, printed, awaiting signature, revoked), HR documents without an
application, survey answers, and levies (assessments paid near month edges through the provider or marked paid
without it, refunded or not, unpaid; provider payments that matched no case). Times are placed relative to `now`,
in the last fourteen local months.
"""

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from hypothesis import strategies as st

from loket.applications.models import Application, ApplicationEvent, CaseAccess
from loket.catalogue.models import Category, Service, ServiceStandard
from loket.core.models import CalendarDay
from loket.documents.models import Document
from loket.feedback.models import SurveyResponse
from loket.insights.models import ServiceBaseline
from loket.org.models import Agency, Region, Unit
from loket.workflow.models import ProcedureStep, Task

ZONES = {"WIB": ZoneInfo("Asia/Jakarta"), "WITA": ZoneInfo("Asia/Makassar"), "WIT": ZoneInfo("Asia/Jayapura")}
MONTHS_BACK = 14
SAFE_MARGIN = dt.timedelta(hours=1)  # nothing due or happening within an hour of `now`: no race with the clock

# (code, name, time zone, parent code)
REGIONS = (
    ("32", "Jawa Barat", "WIB", None),
    ("32.73", "Kota Bandung", "WIB", "32"),
    ("63", "Kalimantan Selatan", "WITA", None),
    ("63.71", "Kota Banjarmasin", "WITA", "63"),
    ("91", "Papua", "WIT", None),
    ("91.71", "Kota Jayapura", "WIT", "91"),
)
# (slug, region code)
AGENCIES = (
    ("bkpsdm-jabar", "32"),
    ("dpmptsp-bandung", "32.73"),
    ("dpmptsp-banjarmasin", "63.71"),
    ("disdukcapil-jayapura", "91.71"),
)
# (code, agency slug, audience, time limit in working days)
SERVICES = (
    ("izin-jabar", "bkpsdm-jabar", "citizen", 7),
    ("cuti-asn-jabar", "bkpsdm-jabar", "employee", 4),
    ("izin-bandung", "dpmptsp-bandung", "citizen", 5),
    ("nib-bandung", "dpmptsp-bandung", "business", None),
    ("izin-banjarmasin", "dpmptsp-banjarmasin", "citizen", 3),
    ("info-banjarmasin", "dpmptsp-banjarmasin", "business", 0),
    ("akta-jayapura", "disdukcapil-jayapura", "citizen", 10),
    ("kgb-asn-jayapura", "disdukcapil-jayapura", "employee", 2),
)
CHANNELS = ("online", "assisted", "counter")
HR_SUBJECTS = ("hr.leave_permit", "hr.kgb_notice")


@dataclass
class World:
    regions: dict  # code -> Region
    agencies: dict  # slug -> Agency
    units: dict  # slug -> Unit
    services: dict  # code -> Service
    applicants: list
    numbers: itertools.count = field(default_factory=lambda: itertools.count(1))
    steps: dict = field(default_factory=dict)  # service code -> ProcedureStep (civil-service services)
    officer: object = None  # decides the civil-service cases' tasks


def build_world() -> World:
    regions = {}
    for code, name, zone, parent in REGIONS:
        level = Region.Level.PROVINCE if parent is None else Region.Level.KOTA
        regions[code] = Region.objects.create(
            code=code, name=name, level=level, time_zone=zone, parent=regions.get(parent)
        )
    agencies, units = {}, {}
    for slug, region in AGENCIES:
        agencies[slug] = Agency.objects.create(region=regions[region], slug=slug, name=slug.upper(), short_name=slug)
        units[slug] = Unit.objects.create(agency=agencies[slug], name=f"Loket {slug}")
    category = Category.objects.create(slug="uji-rekomputasi", name_id="Uji", name_en="Test")
    services = {}
    for code, slug, audience, limit in SERVICES:
        service = Service.objects.create(
            code=code,
            name_id=code.replace("-", " ").title(),
            category=category,
            agency=agencies[slug],
            audience=audience,
        )
        standard = ServiceStandard.objects.create(
            service=service, version=1, status=ServiceStandard.Status.PUBLISHED, time_limit_days=limit
        )
        service.current = standard
        service.save(update_fields=["current"])
        services[code] = service
    users = get_user_model()
    applicants = [users.objects.create_user(username=f"pemohon_rekomputasi_{i}") for i in range(3)]
    world = World(regions, agencies, units, services, applicants)
    world.officer = users.objects.create_user(username="petugas_rekomputasi")
    for code, _, audience, _ in SERVICES:
        if audience == "employee":
            world.steps[code] = ProcedureStep.objects.create(
                standard=services[code].current, position=1, name_id="Verifikasi", sla_days=2
            )
    # the manual baseline of one civil-service service (the other has none: its cut is "—")
    ServiceBaseline.objects.create(
        service=services["cuti-asn-jabar"],
        working_days=Decimal("6.5"),
        touch_minutes=Decimal("45"),
        source="Uji rekomputasi",
    )
    return world


# ---------------------------------------------------------------- moments near local month boundaries


@dataclass(frozen=True)
class Moment:
    """`months_back` local months before the current one, at its first instant plus `minutes` (negative: the
    end of the month before), in the time zone of the region it is placed in."""

    months_back: int
    minutes: int

    def at(self, zone: str, now: dt.datetime) -> dt.datetime:
        local_now = now.astimezone(ZONES[zone])
        year, month = local_now.year, local_now.month - self.months_back
        while month < 1:
            year, month = year - 1, month + 12
        start = dt.datetime(year, month, 1, tzinfo=ZONES[zone])
        return (start + dt.timedelta(minutes=self.minutes)).astimezone(dt.UTC)


HOUR = 60
moments = st.builds(
    Moment,
    months_back=st.integers(0, MONTHS_BACK - 1),
    minutes=st.one_of(
        st.integers(-6 * HOUR, 6 * HOUR),  # within hours of the boundary
        st.integers(-3 * 24 * HOUR, 3 * 24 * HOUR),  # within days of it
        st.integers(0, 27 * 24 * HOUR),  # anywhere in the month
    ),
)
gaps = st.one_of(
    st.integers(0, 3 * HOUR),
    st.integers(3 * HOUR, 3 * 24 * HOUR),
    st.integers(1 * 24 * HOUR, 25 * 24 * HOUR),
).map(lambda minutes: dt.timedelta(minutes=minutes))


# ---------------------------------------------------------------- applications


@dataclass(frozen=True)
class Plan:
    service: str
    channel: str
    submitted: Moment
    returns: tuple  # per return: (gap to the return, gap to the resubmission or None, paused working days)
    ending: str  # completed, rejected, withdrawn, open
    ending_gap: dt.timedelta
    step_event: bool  # an event of another kind in between (never counted)
    documents: tuple  # decision documents: (status, delivery)
    due_in: dt.timedelta  # due time relative to now, for an application still open


returns = st.lists(
    st.tuples(gaps, st.one_of(st.none(), gaps), st.integers(0, 4)),
    max_size=2,
)
documents = st.sampled_from(
    [
        (),
        (("valid", "digital"),),
        (("valid", "digital"),),
        (("valid", "printed"),),
        (("awaiting", "digital"),),
        (("revoked", "digital"),),
        (("superseded", "digital"), ("valid", "printed")),
        (("revoked", "printed"), ("valid", "digital")),
        (("awaiting", "digital"), ("valid", "digital")),
    ]
)
due = st.one_of(st.integers(-20 * 24, -1), st.integers(1, 20 * 24)).map(lambda hours: dt.timedelta(hours=hours))

plans = st.builds(
    Plan,
    service=st.sampled_from([code for code, *_ in SERVICES]),
    channel=st.sampled_from(CHANNELS),
    submitted=moments,
    returns=returns.map(tuple),
    ending=st.sampled_from(["completed", "completed", "completed", "rejected", "withdrawn", "open"]),
    ending_gap=gaps,
    step_event=st.booleans(),
    documents=documents,
    due_in=due,
)


def _events(plan: Plan, zone: str, now: dt.datetime) -> tuple[list, int, int]:
    """The events of a plan up to now: [(kind, moment)], revisions, paused working days."""
    moment = plan.submitted.at(zone, now)
    while moment > now - SAFE_MARGIN:
        moment -= dt.timedelta(days=31)
    events, revisions, paused = [("submitted", moment)], 0, 0
    for to_return, to_resubmit, days in plan.returns:
        moment += to_return
        events.append(("returned", moment))
        revisions += 1
        if to_resubmit is None:
            break
        moment += to_resubmit
        events.append(("resubmitted", moment))
        paused += days
    if events[-1][0] != "returned" and plan.step_event:
        events.append(("step_approved", moment + dt.timedelta(minutes=1)))
    if plan.ending != "open" and (events[-1][0] != "returned" or plan.ending == "withdrawn"):
        moment += plan.ending_gap
        events.append((plan.ending, moment))
    while events[-1][1] > now - SAFE_MARGIN:  # what would happen after now has not happened yet
        events.pop()
    if not any(kind == "resubmitted" for kind, _ in events):
        paused = 0
    revisions = sum(kind == "returned" for kind, _ in events)
    return events, revisions, paused


def _status(kind: str) -> str:
    return {"returned": "returned", "completed": "completed", "rejected": "rejected", "withdrawn": "withdrawn"}.get(
        kind, "submitted"
    )


def write_application(world: World, plan: Plan, now: dt.datetime) -> Application:
    service = world.services[plan.service]
    agency = service.agency
    region = world.regions[next(code for slug, code in AGENCIES if slug == agency.slug)]
    events, revisions, paused = _events(plan, region.time_zone, now)
    last_kind, last_moment = next((kind, moment) for kind, moment in reversed(events) if kind != "step_approved")
    status = _status(last_kind)
    number = next(world.numbers)
    applicant = world.applicants[number % len(world.applicants)]
    application = Application.objects.create(
        tracking_number=f"RK-{number:06d}",
        service=service,
        standard=service.current,
        agency=agency,
        region=region,
        applicant=applicant,
        channel=plan.channel,
        status=status,
        data={},
        idempotency_key=f"rekomputasi-{number}",
        submitted_at=events[0][1],
        due_at=now + plan.due_in if status in ("submitted", "returned") else events[0][1] + dt.timedelta(days=9),
        decided_at=last_moment if status in ("completed", "rejected", "withdrawn") else None,
        paused_working_days=paused,
        revision_count=revisions,
    )
    ApplicationEvent.objects.bulk_create(
        [ApplicationEvent(application=application, kind=kind, occurred_at=moment) for kind, moment in events]
    )
    if status in ("completed", "rejected") and service.audience != "employee":
        for status_, delivery in plan.documents:
            write_document(world, agency, region, applicant, status_, delivery, last_moment, application=application)
    elif status == "completed":
        # A civil-service case issues its HR document (leave permit, KGB notice), linked to the case as the demo's
        # are, beside the decision document the engine leaves awaiting signature.
        subject = ("hr.leave_permit" if service.code.startswith("cuti") else "hr.kgb_notice", f"rk-{number}")
        write_document(
            world, agency, region, applicant, "valid", "digital", last_moment, application=application, subject=subject
        )
        write_document(world, agency, region, applicant, "awaiting", "digital", last_moment, application=application)
        write_tasks(world, plan, application, events[0][1], last_moment)
    return application


def write_tasks(world: World, plan: Plan, application: Application, opened: dt.datetime, decided: dt.datetime) -> None:
    """The tasks of a completed civil-service case (officer touch time): the officer's, created at the opening,
    taken some time later and decided before the completion, with a reading of the case when the plan has a step
    event, some before the task (ignored), some during it; and one step the system skipped (no officer)."""
    span = decided - opened
    step = world.steps[plan.service]
    completed = opened + span / 2
    assigned = opened + span / 4 if plan.channel != "online" else None
    Task.objects.create(
        application=application,
        step=step,
        agency_id_cache=application.agency_id,
        step_role=step.role,
        status="approved" if plan.channel != "counter" else "returned",
        created_at=opened,
        due_at=opened + dt.timedelta(days=3),
        completed_at=completed,
        completed_by=world.officer,
        claimed_by=world.officer if assigned else None,
        assigned_at=assigned,
    )
    if plan.step_event:
        for moment in (opened - dt.timedelta(minutes=5), opened + span / 3, opened + span / 5):
            CaseAccess.objects.create(
                application=application, actor=world.officer, kind="opened", actor_label="Petugas", at=moment
            )
    Task.objects.create(
        application=application,
        step=step,
        agency_id_cache=application.agency_id,
        step_role=step.role,
        status="approved",
        created_at=completed,
        due_at=completed + dt.timedelta(days=3),
        completed_at=completed,
        completed_by=None,
    )


def write_document(world, agency, region, holder, status, delivery, moment, *, application=None, subject=("", "")):
    number = next(world.numbers)
    return Document.objects.create(
        code=f"RK{number:014d}",
        application=application,
        subject_type=subject[0],
        subject_ref=subject[1],
        agency=agency,
        region=region,
        holder=holder,
        holder_name="Pemohon Uji",
        kind="izin",
        title="Surat Izin",
        year=moment.year,
        sequence=number,
        number=f"{number}/RK/{moment.year}",
        body="",
        status=status,
        created_at=moment,
        signed_at=None if status == "awaiting" else moment,
        sha256="" if status == "awaiting" else f"{number:064d}",
        delivery=delivery,
        printed_at=moment if delivery == "printed" else None,
        # pages counted when signed; every fifth one unknown (a file the backfill could not read)
        pages=None if status == "awaiting" or number % 5 == 0 else 1 + number % 4,
    )


# ---------------------------------------------------------------- calendar, HR documents, surveys


@dataclass(frozen=True)
class Override:
    region: str | None  # a region code, or None for everywhere
    near: Moment  # the day is the local date of this moment in Jakarta (near a month end)
    shift_days: int
    kind: str


overrides = st.lists(
    st.builds(
        Override,
        region=st.sampled_from([None] + [code for code, *_ in REGIONS]),
        near=st.builds(Moment, months_back=st.integers(0, MONTHS_BACK - 1), minutes=st.just(0)),
        shift_days=st.integers(-4, 3),
        kind=st.sampled_from(["day_off", "day_off", "working"]),
    ),
    max_size=5,
)


def write_overrides(world: World, items, now: dt.datetime, holidays: list[dt.date]) -> None:
    """Overrides near month ends; a "working" override lands on a national holiday when one is near."""
    seen = set()
    for item in items:
        day = item.near.at("WIB", now).astimezone(ZONES["WIB"]).date() + dt.timedelta(days=item.shift_days)
        if item.kind == "working":
            near = [h for h in holidays if abs((h - day).days) <= 20]
            day = near[0] if near else day
        if (day, item.region) in seen:
            continue
        seen.add((day, item.region))
        CalendarDay.objects.create(
            date=day,
            region=world.regions[item.region] if item.region else None,
            kind=item.kind,
            name=f"Uji {item.kind}",
        )


@dataclass(frozen=True)
class HrDocument:
    agency: str
    subject: str
    signed: Moment


hr_documents = st.lists(
    st.builds(
        HrDocument,
        agency=st.sampled_from([slug for slug, _ in AGENCIES]),
        subject=st.sampled_from(HR_SUBJECTS),
        signed=moments,
    ),
    max_size=3,
)


def write_hr_document(world: World, item: HrDocument, now: dt.datetime) -> Document:
    agency = world.agencies[item.agency]
    region = agency.region
    moment = min(item.signed.at(region.time_zone, now), now - SAFE_MARGIN)
    number = next(world.numbers)
    return write_document(
        world, agency, region, world.applicants[0], "valid", "digital", moment, subject=(item.subject, f"rk-{number}")
    )


@dataclass(frozen=True)
class Answer:
    agency: str
    service: int | None  # index among the agency's services, or None (a unit's QR poster)
    unit: bool
    created: Moment
    scores: tuple


answer = st.builds(
    Answer,
    agency=st.sampled_from([slug for slug, _ in AGENCIES]),
    service=st.one_of(st.none(), st.integers(0, 1)),
    unit=st.booleans(),
    created=moments,
    scores=st.tuples(*[st.integers(1, 4)] * 9),
)


def write_answer(world: World, item: Answer, now: dt.datetime) -> SurveyResponse:
    agency = world.agencies[item.agency]
    own = [world.services[code] for code, slug, *_ in SERVICES if slug == item.agency]
    service = None if item.service is None else own[item.service % len(own)]
    return SurveyResponse.objects.create(
        source=SurveyResponse.Source.UNIT if item.unit else SurveyResponse.Source.APPLICATION,
        region=agency.region,
        agency=agency,
        service=service,
        unit=world.units[item.agency] if item.unit else None,
        created_at=min(item.created.at(agency.region.time_zone, now), now - SAFE_MARGIN),
        **{f"u{i}": score for i, score in enumerate(item.scores, start=1)},
    )


# ---------------------------------------------------------------- levies (issue 18)


@dataclass(frozen=True)
class Levy:
    """An assessment of one of the history's applications (index modulo their number; one per application),
    paid at `paid` (local to the application's region; None: unpaid) through the provider or marked paid without
    a provider event, refunded later or not."""

    application: int
    paid: Moment | None
    amount: int
    cashless: bool
    refunded: bool


levies = st.lists(
    st.builds(
        Levy,
        application=st.integers(0, 13),
        paid=st.one_of(st.none(), moments, moments),
        amount=st.one_of(st.integers(1, 10**6), st.integers(10**6, 5 * 10**9)),
        cashless=st.sampled_from([True, True, True, False]),
        refunded=st.booleans(),
    ),
    max_size=6,
)
# provider payments that matched no assessment, near the deployment's (WIB) month boundaries
orphan_payments = st.lists(moments, max_size=2)


def write_levy(world: World, item: Levy, application: Application, now: dt.datetime) -> None:
    """The assessment and, when paid through the provider, its applied `payment.paid` event, as raw rows."""
    from loket.payments.models import Assessment, PaymentEvent

    if Assessment.objects.filter(application=application).exists():
        return
    number = next(world.numbers)
    step, _ = ProcedureStep.objects.get_or_create(
        standard=application.standard, position=90, defaults={"name_id": "Pembayaran", "kind": "payment", "sla_days": 1}
    )
    task = Task.objects.create(
        application=application, step=step, agency_id_cache=application.agency_id, step_role=step.role,
        status="approved", created_at=application.submitted_at, due_at=application.submitted_at + 3 * DAY,
    )  # fmt: skip
    paid_at = None
    if item.paid is not None:
        paid_at = item.paid.at(application.region.time_zone, now)
        while paid_at > now - SAFE_MARGIN:
            paid_at -= dt.timedelta(days=31)
    assessment = Assessment.objects.create(
        application=application, task=task, agency_id=application.agency_id, region_id=application.region_id,
        number=f"SKRD/RK/{number:07d}", reference=f"RK{number:010d}", amount=item.amount,
        issued_at=application.submitted_at, due_at=application.submitted_at + 7 * DAY, provider="rk",
        status=("refunded" if item.refunded else "paid") if paid_at else "issued", paid_at=paid_at,
    )  # fmt: skip
    if paid_at and item.cashless:
        PaymentEvent.objects.create(
            provider="rk", event_id=f"evt_rk_{number}", kind="payment.paid", reference=assessment.reference,
            amount=item.amount, body="{}", received_at=paid_at + dt.timedelta(minutes=1),
            processed_at=paid_at + dt.timedelta(minutes=2), outcome="applied", assessment=assessment,
        )  # fmt: skip
        Assessment.objects.filter(pk=assessment.pk).update(paid_event=f"evt_rk_{number}")
    elif paid_at:  # marked paid with an event id no stored event has: not through the provider
        Assessment.objects.filter(pk=assessment.pk).update(paid_event=f"evt_tunai_{number}")


def write_orphan_payment(world: World, moment: Moment, now: dt.datetime) -> None:
    from loket.payments.models import PaymentEvent

    received = moment.at("WIB", now)
    while received > now - SAFE_MARGIN:
        received -= dt.timedelta(days=31)
    number = next(world.numbers)
    PaymentEvent.objects.create(
        provider="rk", event_id=f"evt_yatim_{number}", kind="payment.paid", reference=f"TIDAKADA{number}",
        amount=50000, body="{}", received_at=received, processed_at=received, outcome="unknown_bill",
    )  # fmt: skip


@dataclass(frozen=True)
class History:
    applications: list
    overrides: list
    hr_documents: list
    answers: list
    # after the first rebuild, folded incrementally:
    later: list  # applications arriving (bulk-loaded with past times)
    decide_later: list  # (index of an application, ending, minutes before now): decided if still open
    documents_later: list  # (index of an application, "sign" or "print"): its awaiting document is signed, or
    # its digital one printed at a counter
    later_answers: list
    levies: list = field(default_factory=list)  # written with the applications (before the rebuild)
    orphan_payments: list = field(default_factory=list)


histories = st.builds(
    History,
    applications=st.lists(plans, min_size=1, max_size=14),
    overrides=overrides,
    hr_documents=hr_documents,
    answers=st.lists(answer, max_size=8),
    later=st.lists(plans, max_size=4),
    decide_later=st.lists(
        st.tuples(st.integers(0, 13), st.sampled_from(["completed", "rejected", "withdrawn"]), st.integers(5, 55)),
        max_size=3,
    ),
    documents_later=st.lists(st.tuples(st.integers(0, 13), st.sampled_from(["sign", "print"])), max_size=2),
    later_answers=st.lists(answer, max_size=3),
    levies=levies,
    orphan_payments=orphan_payments,
)


def decide_later(application: Application, ending: str, moment: dt.datetime) -> None:
    """An open application decided (or withdrawn) at `moment`; a returned one is resubmitted first."""
    if application.status not in ("submitted", "returned"):
        return
    events = []
    if application.status == "returned":
        if ending != "withdrawn":
            events.append(ApplicationEvent(application=application, kind="resubmitted", occurred_at=moment))
    events.append(ApplicationEvent(application=application, kind=ending, occurred_at=moment))
    ApplicationEvent.objects.bulk_create(events)
    Application.objects.filter(pk=application.pk).update(status=ending, decided_at=moment)


def change_documents_later(application: Application, action: str, moment: dt.datetime) -> None:
    """Signing after completion (documents are issued awaiting signature), or printing at a counter, of a public
    service's decision."""
    if application.service.audience == "employee":
        return
    if action == "sign":
        document = application.documents.filter(status="awaiting").first()
        if document:
            Document.objects.filter(pk=document.pk).update(
                status="valid", signed_at=moment, sha256=f"{document.pk:064d}"
            )
    else:
        document = application.documents.filter(status="valid", delivery="digital").first()
        if document:
            Document.objects.filter(pk=document.pk).update(delivery="printed", printed_at=moment)


# An example every run checks, whatever is drawn: the edges named in issue 14, one each.
DAY, HOURS = dt.timedelta(days=1), dt.timedelta(hours=1)
EDGES = History(
    applications=[
        # WIT: submitted 30 minutes before the local month began (still the month before in WIB and UTC), returned,
        # resubmitted 3 days later (2 working days paused), completed; its digital permit is printed afterwards
        Plan(
            "akta-jayapura",
            "online",
            Moment(1, -30),
            ((2 * HOURS, 3 * DAY, 2),),
            "completed",
            6 * DAY,
            True,
            (("valid", "digital"),),
            30 * HOURS,
        ),
        # WITA: rejected after its 3-day limit (an SLA miss), with a digital letter that never counts
        Plan(
            "izin-banjarmasin", "assisted", Moment(2, 45), (), "rejected", 9 * DAY, False, (("valid", "digital"),), DAY
        ),
        # WIB: returned 5 hours before the month ended, then withdrawn in the next month
        Plan("izin-bandung", "counter", Moment(1, -5 * 60), ((HOURS, None, 0),), "withdrawn", 2 * DAY, False, (), DAY),
        # no time limit / a limit of 0: never measured; a printed permit and a superseded digital one
        Plan("nib-bandung", "online", Moment(3, 0), (), "completed", 2 * DAY, False, (("valid", "printed"),), DAY),
        Plan(
            "info-banjarmasin",
            "counter",
            Moment(3, -1),
            (),
            "completed",
            25 * DAY,
            False,
            (("superseded", "digital"), ("valid", "printed")),
            DAY,
        ),
        # a civil-service case (audience employee) completed at the WIT month edge
        Plan(
            "kgb-asn-jayapura",
            "online",
            Moment(1, -10),
            (),
            "completed",
            3 * HOURS,
            False,
            (("valid", "digital"),),
            DAY,
        ),
        # open and overdue (decided after the rebuild), and open waiting on the applicant
        Plan("izin-jabar", "online", Moment(0, 60), (), "open", DAY, False, (), -5 * HOURS),
        Plan("izin-bandung", "online", Moment(1, 0), ((5 * HOURS, None, 0),), "open", DAY, False, (), 3 * DAY),
        # a month in which one agency only had a resubmission and another one worked: one agency active
        Plan(
            "izin-bandung",
            "online",
            Moment(6, 10 * 24 * 60),
            ((2 * DAY, 25 * DAY, 1),),
            "completed",
            40 * DAY,
            False,
            (),
            DAY,
        ),
        Plan("izin-banjarmasin", "online", Moment(5, 3 * 24 * 60), (), "completed", 2 * DAY, False, (), DAY),
        # signed after completion: awaiting signature at the rebuild
        Plan(
            "izin-jabar",
            "assisted",
            Moment(2, -2 * 60),
            (),
            "completed",
            4 * DAY,
            False,
            (("awaiting", "digital"),),
            DAY,
        ),
    ],
    overrides=[
        Override("91", Moment(1, 0), -1, "day_off"),  # the province of Jayapura, the last day of a month
        Override(None, Moment(2, 0), 0, "day_off"),  # everywhere, the first day of a month
        Override("63.71", Moment(4, 0), 0, "working"),  # a national holiday made a working day in Banjarmasin
    ],
    hr_documents=[
        HrDocument("bkpsdm-jabar", "hr.leave_permit", Moment(1, -20)),
        HrDocument("disdukcapil-jayapura", "hr.kgb_notice", Moment(2, 20)),
    ],
    answers=[
        Answer("disdukcapil-jayapura", 0, False, Moment(1, -20), (4,) * 9),
        Answer("bkpsdm-jabar", 1, True, Moment(2, 10), (2,) * 9),  # about a civil-service service
        Answer("dpmptsp-banjarmasin", None, True, Moment(1, -59), (3, 4, 3, 4, 3, 4, 3, 4, 1)),
    ],
    later=[Plan("akta-jayapura", "assisted", Moment(1, -100), (), "completed", HOURS, False, (), DAY)],
    decide_later=[(6, "completed", 10)],
    documents_later=[(0, "print"), (10, "sign")],
    later_answers=[Answer("dpmptsp-bandung", None, True, Moment(0, 30), (3,) * 9)],
    levies=[
        # paid 30 minutes into a WIT month (the month before in WIB and UTC), through the provider
        Levy(0, Moment(1, 30), 150000, True, False),
        # paid through the provider and refunded later: still a levy paid in its month
        Levy(1, Moment(2, 6 * 60), 2385000, True, True),
        # marked paid without a provider event: the cashless share falls under 100%
        Levy(2, Moment(2, -20), 10000, False, False),
        Levy(3, None, 5000, True, False),  # issued, never paid
    ],
    orphan_payments=[Moment(1, -5)],  # five minutes before a WIB month began
)


# A civil-service service with a manual baseline whose case was returned in one month and resubmitted in the next,
# completed in the one after: the middle month counts nothing (a resubmission is no filing), so it has no row in
# kepegawaian-bulanan and shows no baseline there (the SQL's per-service rows: a month with a count or a completion).
RESUBMISSION_ONLY = History(
    applications=[
        Plan(
            "cuti-asn-jabar",
            "online",
            Moment(5, 10 * 24 * 60),
            ((2 * DAY, 25 * DAY, 1),),
            "completed",
            40 * DAY,
            False,
            (("valid", "digital"),),
            DAY,
        ),
        Plan("kgb-asn-jayapura", "online", Moment(4, 60), (), "completed", 2 * DAY, False, (), DAY),
    ],
    overrides=[],
    hr_documents=[],
    answers=[],
    later=[],
    decide_later=[],
    documents_later=[],
    later_answers=[],
)
