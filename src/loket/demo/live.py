"""The newest demo applications, made through the real service functions.

Citizens and counter officers submit with real uploads (`store_upload`), officers approve, return,
reject and claim with `workflow.services`, citizens resubmit and withdraw: so these applications have
their full audit trail, their status-page history and their notifications in the outbox, exactly as
if people had used the site a moment ago.
"""

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from loket.applications import consent
from loket.applications import services as applications
from loket.applications.models import Application, CitizenProfile
from loket.catalogue.models import Channel, Service
from loket.core.identifiers import parse_nik
from loket.demo.applications_data import (
    DEMO_SERVICES,
    JABAR_POOLS,
    POOLS,
    REJECT_NOTES,
    RETURN_NOTES,
    Answers,
    NikMaker,
    Person,
)
from loket.demo.samples import sample_pdf, sample_png
from loket.notify.models import Notification
from loket.org import permissions
from loket.workflow import services as workflow
from loket.workflow.models import Task

LIVE_KEY = "demo-live-"


@dataclass(frozen=True)
class Case:
    service: str
    applicant: str | int  # a demo citizen's username, or the n-th made-up resident of the service's area
    channel: str = Channel.ONLINE
    filer: str = ""  # the officer who files an assisted or counter application
    actions: tuple[tuple[str, str], ...] = ()  # (username, approve|return|reject|claim|resubmit|withdraw)


AKTA, SIP, PBG, REKLAME = (
    "akta-kelahiran-kota-banjarmasin",
    "sip-dokter-kota-bandung",
    "pbg-kota-bandung",
    "izin-reklame-kota-bandung",
)
SKTM, IRT, RISET = "sktm-kota-depok", "spp-irt-kab-bandung", "surat-keterangan-penelitian-jabar"
CASES = (
    Case(
        AKTA,
        "nur.aini",
        actions=(
            ("petugas.capil.banjarmasin", "approve"),
            ("operator.capil.banjarmasin", "approve"),
            ("kepala.capil.banjarmasin", "approve"),
        ),
    ),
    # Whoever files for a citizen never decides that case (issue 13): another officer takes it.
    Case(AKTA, 0, Channel.COUNTER, "operator.capil.banjarmasin", (("petugas.capil.banjarmasin", "approve"),)),
    Case(AKTA, 1, actions=(("petugas.capil.banjarmasin", "claim"),)),
    Case(AKTA, 2),
    Case(
        SIP,
        "rina.marlina",
        actions=(
            ("petugas.dpmptsp.bandung", "return"),
            ("rina.marlina", "resubmit"),
            ("loket.dpmptsp.bandung", "approve"),
        ),
    ),
    Case(SIP, 0, Channel.COUNTER, "loket.dpmptsp.bandung", (("petugas.dpmptsp.bandung", "claim"),)),
    Case(PBG, "warga", actions=(("petugas.dpmptsp.bandung", "approve"), ("tpt.bandung", "approve"))),
    Case(PBG, 1, Channel.ASSISTED, "fasilitator.cibiru.bandung"),
    Case(
        REKLAME,
        2,
        actions=(
            ("petugas.dpmptsp.bandung", "approve"),
            ("verifikator.bangunan.bandung", "approve"),
            ("kepala.dpmptsp.bandung", "approve"),
        ),
    ),
    Case(REKLAME, "warga"),
    Case(SKTM, "yusuf.hidayat", Channel.COUNTER, "petugas.dinsos.depok", (("penyelia.dinsos.depok", "approve"),)),
    Case(SKTM, 0, Channel.ASSISTED, "fasilitator.beji.depok", (("penyelia.dinsos.depok", "reject"),)),
    Case(SKTM, 1, Channel.COUNTER, "petugas.dinsos.depok"),
    Case(SKTM, 2, Channel.ASSISTED, "fasilitator.beji.depok", (("penyelia.dinsos.depok", "claim"),)),
    Case(IRT, "asep.kurniawan", actions=(("petugas.pangan.kabbandung", "approve"),)),
    Case(IRT, 0, Channel.ASSISTED, "fasilitator.cileunyi.kabbandung"),
    Case(IRT, 1, actions=(("petugas.pangan.kabbandung", "return"),)),
    Case(RISET, "warga", actions=(("warga", "withdraw"),)),
    Case(RISET, 0, actions=(("petugas.dpmptsp.jabar", "approve"), ("penyelia.dpmptsp.jabar", "approve"))),
    Case(RISET, 1),
    # Waiting for an outside step: the research permit needs the police's notice (SKCK-like) first.
    Case(RISET, 2, actions=(("petugas.dpmptsp.jabar", "wait"),)),
)

WAIT_NOTE = "Menunggu rekomendasi Badan Kesatuan Bangsa dan Politik (Kesbangpol) atas lokasi penelitian."


def _person(profile: CitizenProfile, pool: str) -> Person:
    nik = parse_nik(profile.nik)
    street, _, rest = profile.address.rpartition(", ")
    return Person(
        profile.user.username,
        profile.full_name,
        nik.sex,
        nik.birth_date,
        profile.nik,
        profile.phone,
        profile.user.email,
        pool,
        street or profile.address,
        rest[-5:] if rest[-5:].isdigit() else "",
    )


class Live:
    def __init__(self, *, citizens: dict, seed: int = 7):
        self.rng = random.Random(seed)
        self.citizens = citizens  # username -> (user, Person)
        self.answers = Answers(self.rng, NikMaker(self.rng, set(CitizenProfile.objects.values_list("nik", flat=True))))
        self.specs = {spec.code: spec for spec in DEMO_SERVICES}
        self.users = {}

    def user(self, username: str):
        if username not in self.users:
            self.users[username] = get_user_model().objects.get(username=username)
        return self.users[username]

    def resident(self, service_code: str, index: int) -> tuple:
        """The index-th made-up resident of the service's area (not a demo login)."""
        pool = self.specs[service_code].pool
        regions = JABAR_POOLS if pool == "32" else (pool,)
        profile = (
            CitizenProfile.objects.filter(region__code__in=regions, user__password__startswith="!")
            .select_related("user")
            .order_by("pk")[index]
        )
        home = next(code for code in POOLS if POOLS[code].region == profile.region.code)
        return profile.user, _person(profile, home)

    def run(self) -> int:
        if Application.objects.filter(idempotency_key__startswith=LIVE_KEY).exists():
            return 0
        for number, case in enumerate(CASES, start=1):
            self.play(number, case)
        return len(CASES)

    def play(self, number: int, case: Case) -> Application:
        service = Service.objects.select_related("current", "agency").get(code=case.service)
        if isinstance(case.applicant, str):
            applicant, person = self.citizens[case.applicant]
        else:
            applicant, person = self.resident(case.service, case.applicant)
        filer = self.user(case.filer) if case.filer else applicant
        answers = self.answers.for_service(self.specs[case.service], person, timezone.now())
        uploads = self.uploads(service, applicant)
        code = self.consent_code(filer, applicant, service) if filer.pk != applicant.pk else ""
        application, _pin = applications.submit(
            actor=filer,
            applicant=applicant,
            service=service,
            answers=answers,
            upload_ids=uploads,
            idempotency_key=f"{LIVE_KEY}{number}",
            channel=case.channel,
            consent_code=code,
        )
        for username, action in case.actions:
            actor = self.citizens[username][0] if username in self.citizens else self.user(username)
            self.act(application, actor, action)
        return application

    @staticmethod
    def consent_code(officer, citizen, service: Service) -> str:
        """The officer sends the citizen a consent code and the citizen reads it out (here: from the outbox)."""
        contact = consent.contacts(citizen)[0]
        sent = consent.send_code(officer=officer, citizen=citizen, service=service, channel=contact.channel)
        return Notification.objects.get(dedupe_key=f"consent-code:{sent.pk}:{sent.channel}").context["secret_code"]

    def uploads(self, service: Service, owner) -> dict[str, str]:
        """One small real file per mandatory document, written through the storage API."""
        found = {}
        for index, requirement in enumerate(service.current.requirements):
            if requirement.get("kind") != "document" or not requirement.get("mandatory", True):
                continue
            allowed = requirement.get("file_types") or ["pdf", "jpg", "png"]
            kind = "pdf" if "pdf" in allowed else "png"
            data = (
                sample_pdf(requirement["name"], (f"Pemohon: {owner.get_full_name() or owner.username}",))
                if kind == "pdf"
                else sample_png()
            )
            upload = applications.store_upload(
                owner=owner,
                data=data,
                name=f"persyaratan-{index + 1}.{kind}",
                requirement=f"req_{index}",
                allowed=allowed,
            )
            found[f"req_{index}"] = str(upload.pk)
        return found

    def act(self, application: Application, user, action: str) -> None:
        application.refresh_from_db()
        code = application.service.code
        if action == "resubmit":
            applications.resubmit(actor=user, application=application, answers=application.data)
            return
        if action == "withdraw":
            applications.withdraw(
                actor=user, application=application, reason="Lokasi penelitian berubah; saya akan mengajukan ulang."
            )
            return
        task = (
            Task.objects.filter(permissions.task_scope(user), application=application, status=Task.Status.OPEN)
            .order_by("pk")
            .first()
        )
        if task is None:
            raise RuntimeError(f"{user.username} has no open task on {application.tracking_number}")
        if action == "claim":
            workflow.claim(actor=user, task_id=task.pk)
            return
        note = {"return": RETURN_NOTES[code][0], "reject": REJECT_NOTES[code][0], "wait": WAIT_NOTE}.get(action, "")
        unmet = [application.standard.requirements[0]["name"]] if action == "return" else None
        workflow.act(actor=user, task_id=task.pk, action=action, note=note, requirements=unmet)
