"""One small, complete world for the quality harness: every role in two agencies, every kind of object.

`build_world()` is a plain function (used by the refusal matrix, the page walk in Chromium and the
security tests). It creates:

- Jawa Barat with Kota Bandung (agency A, with units) and Kabupaten Bogor (agency B), plus the
  province agency that publishes a model service;
- services: `svc_a` (agency A, form + 3-step SOP, published), `svc_b` (agency B, published),
  `model` (province model service) and `adopted` (agency A's adoption of it, a draft);
- applications: `app` (the citizen's, submitted, one open task at step 1 with a KTP upload),
  `returned` (the citizen's, returned for correction), `assisted` (filed at officer A's counter with the
  citizen's consent code), `held` (the consent record of a counter filing for a citizen with no phone or e-mail:
  a signed form awaiting a supervisor's review, its work held);
- one actor per role that matters (see ACTORS): citizens, officers, supervisors, heads, editors,
  admins, and the region-scoped roles;
- output documents (loket.documents): `doc` (the citizen's completed application's decision, signed by
  `signer_a` with their own key and TOTP code), `awaiting` (another one, waiting for signature) and
  `share_token` (the citizen's 7-day share link of `doc`);
- `relative`: a relative officer A declared (conflict of interest, loket.org);
- civil servants (loket.hr), imported through the SIASN import path: agency A's head (`head_a`'s account,
  the authorized official), the head of Bidang Perizinan (`superior`), one of its staff (`employee`) and
  an employee of agency B (`employee_b`); the employee's `leave` (waiting for the superior) and
  `leave_done` (approved by both; the official's approval signed its permit with their TOTP code; the
  permit's loket.documents row is `permit_doc`, an HR document of agency A);
  KGB drafts `kgb` (the employee's, waiting for the official's signature) and `kgb_review` (the
  superior's, under BKD review), each a system-opened case of agency A's KGB service with its task in the
  official's or `hr_admin`'s inbox; `import_job` (an import started by `hr_admin`); `promotion` (the employee's
  rank promotion at the next promotion date, verified by BKD and waiting for the official's signature); `pension` (the
  employee's pension file, verified, with BKN's approval, waiting for the official's signature); `pak` (the
employee's credit-point decree in a functional post, verified and waiting for the official's signature);
- levy payments (loket.payments): `discrepancy`, an open finding of yesterday's reconciliation of agency A's bills,
  in the inbox of `finance_a` (agency A's receiving treasurer).
"""

import datetime as dt
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client
from django.utils import timezone

from loket.applications import services as applications
from loket.catalogue import services as catalogue
from loket.catalogue.models import Category
from loket.core.errors import LoketError
from loket.documents import services as documents
from loket.documents.models import Document
from loket.hr import services as hr
from loket.hr.importing import upsert_employees
from loket.hr.kgb import services as kgb
from loket.hr.leave import services as leave_services
from loket.hr.models import Employee, KgbDecision
from loket.org import services as org_services
from loket.org.models import Agency, Region, Role, RoleAssignment, Unit
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import consent_code
from tests.helpers.auth import activate_totp, totp_code
from tests.helpers.catalogue import COMPLETE_CONTENT, publish_service
from tests.helpers.hr import nip, numbered, publish_kgb_service, publish_leave_service, row, to_csv
from tests.helpers.org import make_user
from tests.helpers.payments import finance_world
from tests.helpers.workflow import first_requirement

PASSWORD = "rahasia-uji-123"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
NIK_OWNER = "3273014101900001"
NIK_OTHER = "3201015505910002"
NIK_HELD = "3273010707450001"  # the citizen with no phone or e-mail of `held`
FORM = [
    {"key": "nama_usaha", "type": "text", "label": {"id": "Nama usaha", "en": "Business name"}, "required": True},
    {"key": "nik_pemilik", "type": "nik", "label": {"id": "NIK pemilik"}, "required": True},
    {"key": "hp", "type": "phone", "label": {"id": "Nomor HP"}},
]
ANSWERS = {"nama_usaha": "Warung Sunda Bu Imas", "nik_pemilik": NIK_OWNER, "hp": "081234567890"}

# Actor key -> what they are. "anonymous" has no user. Scopes: A = Kota Bandung's agency, B = Kab. Bogor's.
ACTORS = {
    "anonymous": "not signed in",
    "citizen": "the applicant who owns `app` and `returned`",
    "other_citizen": "another citizen",
    "officer_a": "officer of agency A (no unit: all of A's officer steps)",
    "officer_b": "officer of agency B",
    "supervisor_a": "supervisor of agency A",
    "head_a": "head of agency A",
    "editor_a": "catalogue editor of agency A",
    "editor_b": "catalogue editor of agency B",
    "region_admin_b": "region admin of Kabupaten Bogor",
    "province_admin": "province admin of Jawa Barat",
    "inspector": "inspector of Jawa Barat (region role, no catalogue or task rights; hr.view and document.view)",
    "leader": "leader (pimpinan) of Jawa Barat: aggregates only (insights.view), no individual HR records",
    # loket.documents and loket.hr. `head_a` is also the kadis employee: the authorized official for leave and KGB
    # (listed before `superior`: in one matrix test the superior's approval moves a leave request to the official).
    "signer_a": "signing official of agency A, with a signing key and TOTP",
    "employee": "civil servant of agency A (staff of Bidang Perizinan, no back-office role), owns `leave`",
    "superior": "civil servant heading Bidang Perizinan: the employee's direct superior (no back-office role)",
    "employee_b": "civil servant of agency B (no back-office role)",
    "hr_admin": "BKD of Kota Bandung (region role hr_admin: hr.view and hr.manage over agency A)",
    "hr_admin_province": "BKD of Provinsi Jawa Barat (hr_admin of the province's own staff only, not agency A's)",
    "finance_a": "receiving treasurer (bendahara penerimaan) of agency A: payments.finance, nothing else",
}
CITIZENS = {"citizen", "other_citizen"}
TOTP_ACTORS = {"head_a", "signer_a"}  # have an authenticator (they sign documents with their own code)
EMPLOYEES = {"head_a", "employee", "superior", "employee_b"}  # linked to an hr.Employee row
STAFF = set(ACTORS) - CITIZENS - {"anonymous"} - (EMPLOYEES - {"head_a"})  # any back-office role


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)  # actor -> session key (sign_in_everyone)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    world = World()
    province = Region.objects.create(code="32", name="Jawa Barat", level=Region.Level.PROVINCE)
    bandung = Region.objects.create(code="32.73", name="Kota Bandung", level=Region.Level.KOTA, parent=province)
    bogor = Region.objects.create(code="32.01", name="Kabupaten Bogor", level=Region.Level.KABUPATEN, parent=province)
    prov_agency = Agency.objects.create(
        region=province, slug="dpmptsp-jabar", name="DPMPTSP Provinsi Jawa Barat", short_name="DPMPTSP Jabar"
    )
    agency_a = Agency.objects.create(
        region=bandung, slug="dpmptsp-kota-bandung", name="DPMPTSP Kota Bandung", short_name="DPMPTSP"
    )
    agency_b = Agency.objects.create(
        region=bogor, slug="disdukcapil-kab-bogor", name="Disdukcapil Kabupaten Bogor", short_name="Disdukcapil"
    )
    units = {
        name: Unit.objects.create(agency=agency_a, name=label)
        for name, label in (("front", "Bidang Perizinan"), ("tech", "Tim Teknis"), ("legal", "Subbagian Hukum"))
    }
    category = Category.objects.create(slug="perizinan", name_id="Perizinan", name_en="Licensing")

    u = world.users
    u["citizen"] = make_user("warga")
    u["other_citizen"] = make_user("warga_lain")
    u["officer_a"] = make_user("petugas_a", (Role.OFFICER, agency_a))
    u["officer_b"] = make_user("petugas_b", (Role.OFFICER, agency_b))
    u["supervisor_a"] = make_user("penyelia_a", (Role.SUPERVISOR, agency_a))
    u["head_a"] = make_user("kepala_a", (Role.AGENCY_HEAD, agency_a))
    u["editor_a"] = make_user("editor_a", (Role.CATALOGUE_EDITOR, agency_a))
    u["editor_b"] = make_user("editor_b", (Role.CATALOGUE_EDITOR, agency_b))
    u["region_admin_b"] = make_user("admin_bogor", (Role.REGION_ADMIN, bogor))
    u["province_admin"] = make_user("admin_prov", (Role.PROVINCE_ADMIN, province))
    u["inspector"] = make_user("inspektur", (Role.INSPECTOR, province))
    u["leader"] = make_user("gubernur", (Role.LEADER, province))
    u["finance_a"] = make_user("bendahara_a", (Role.FINANCE_OFFICER, agency_a))
    editor_prov = make_user("editor_prov", (Role.CATALOGUE_EDITOR, prov_agency))
    applications.save_profile(user=u["citizen"], nik=NIK_OWNER, full_name="Imas Masitoh", phone="081234567890")
    applications.save_profile(user=u["other_citizen"], nik=NIK_OTHER, full_name="Siti Aminah")

    svc_a = catalogue.create_service(
        actor=u["editor_a"],
        agency=agency_a,
        code="izin-usaha-mikro",
        name_id="Izin Usaha Mikro",
        name_en="Micro business licence",
        category=category,
        channels=["online", "counter", "assisted"],
    )
    draft = catalogue.open_draft(actor=u["editor_a"], service=svc_a)
    catalogue.update_draft(
        actor=u["editor_a"],
        draft=draft,
        changes={
            **COMPLETE_CONTENT,
            "requirements": [
                {
                    "name": "KTP-el",
                    "description": "",
                    "mandatory": True,
                    "kind": "document",
                    "file_types": ["pdf", "jpg"],
                },
                {
                    "name": "Foto lokasi",
                    "description": "",
                    "mandatory": False,
                    "kind": "document",
                    "file_types": ["png", "jpg"],
                },
            ],
        },
    )
    applications.save_form(actor=u["editor_a"], standard=draft, fields=FORM)
    workflow.save_procedure(
        actor=u["editor_a"],
        standard=draft,
        steps=[
            {"name_id": "Verifikasi berkas", "role": "officer", "sla_days": 2},
            {"name_id": "Kajian teknis", "role": "officer", "sla_days": 2},
            {"name_id": "Penetapan oleh kepala dinas", "role": "agency_head", "sla_days": 1},
        ],
    )
    catalogue.publish(actor=u["editor_a"], service=svc_a)
    svc_a.refresh_from_db()
    svc_b = publish_service(
        u["editor_b"],
        agency_b,
        category,
        "akta-kelahiran-bogor",
        "Penerbitan Akta Kelahiran",
        name_en="Birth certificate",
    )
    # a second version, so that version 1 is a historic page of its own
    catalogue.update_draft(
        actor=u["editor_b"],
        draft=catalogue.open_draft(actor=u["editor_b"], service=svc_b),
        changes={"summary": "Pencatatan kelahiran penduduk, versi 2."},
    )
    catalogue.publish(actor=u["editor_b"], service=svc_b)
    svc_b.refresh_from_db()
    model = publish_service(
        editor_prov,
        prov_agency,
        category,
        "izin-praktik-model",
        "Izin Praktik Tenaga Kesehatan (model)",
        is_template=True,
    )
    adopted = catalogue.adopt_template(actor=u["editor_a"], template=model, agency=agency_a)

    def file(user, key, actor=None):
        upload = applications.store_upload(owner=user, data=PDF, name="ktp.pdf", requirement="req_0")
        application, pin = applications.submit(
            actor=actor or user,
            applicant=user,
            service=svc_a,
            answers=ANSWERS,
            upload_ids={"req_0": str(upload.pk)},
            idempotency_key=key,
            **({"channel": "counter", "consent_code": consent_code(actor, user, svc_a)} if actor else {}),
        )
        return application, upload, pin

    app, upload, pin = file(u["citizen"], "world-1")
    returned, _, _ = file(u["citizen"], "world-2")
    task_returned = Task.objects.get(application=returned, status=Task.Status.OPEN)
    workflow.act(
        actor=u["officer_a"],
        task_id=task_returned.pk,
        action="return",
        note="KTP buram, unggah ulang.",
        requirements=first_requirement(task_returned),
    )
    returned.refresh_from_db()
    assisted, _, _ = file(u["other_citizen"], "world-3", actor=u["officer_a"])
    held = held_case(u["officer_a"], svc_a)

    world.objects.update(documents_world(u, svc_a, file))
    world.objects.update(hr_world(u, agency_a, agency_b, bandung))

    world.objects.update(identity_world(province, bandung))
    world.objects.update(complaints_world(u, bandung, svc_a))
    world.objects.update(finance_world(agency_a))
    world.objects.update(payments_world(app))
    world.objects.update(
        province=province,
        bandung=bandung,
        bogor=bogor,
        agency_a=agency_a,
        agency_b=agency_b,
        prov_agency=prov_agency,
        units=units,
        category=category,
        svc_a=svc_a,
        svc_b=svc_b,
        model=model,
        adopted=adopted,
        app=app,
        upload=upload,
        pin=pin,
        returned=returned,
        assisted=assisted,
        held=held,
        task=Task.objects.get(application=app, status=Task.Status.OPEN),
        # a relative of officer A's who has filed nothing here (officer A still acts on `app` and `assisted`)
        relative=org_services.declare_relative(
            actor=u["officer_a"], nik="3273015507850003", name="Nining Suryani", relation="saudara_kandung"
        ),
    )
    return world


def complaints_world(u, bandung, service) -> dict:
    """The inspectorate of Kota Bandung with its complaint desk, and a confidential illegal-fee report by the citizen
    about agency A's service, open at that desk (no actor handles it: the inspector oversees and may reveal)."""
    from loket.complaints import services as complaints
    from tests.helpers.complaints import open_desk

    inspectorate = Agency.objects.create(
        region=bandung, slug="inspektorat-kota-bandung", name="Inspektorat Kota Bandung"
    )
    open_desk(inspectorate, inspectorate=True)
    filed = complaints.file(
        actor=u["citizen"],
        kind="pungli",
        identity="confidential",
        title="Diminta uang tambahan",
        body="Petugas meminta uang tambahan agar berkas diproses lebih cepat.",
        service_id=service.pk,
    )
    return {"inspectorate": inspectorate, "complaint": filed.complaint}


def payments_world(app) -> dict:
    """A paid levy assessment of the citizen's case (loket.payments): the officials' assessment page. Written as a
    row: the world has no provider (tests/payments run the simulator)."""
    import datetime as dt

    from django.utils import timezone

    from loket.payments.models import Assessment

    now = timezone.now()
    assessment = Assessment.objects.create(
        application=app,
        task=Task.objects.filter(application=app).first(),
        agency_id=app.agency_id,
        region_id=app.region_id,
        number="SKRD/32.73/2026/0999999",
        reference="LKT0000999999",
        amount=110000,
        lines=[{"label": "Retribusi", "amount": 110000, "detail": ""}],
        status=Assessment.Status.PAID,
        issued_at=now - dt.timedelta(days=1),
        due_at=now + dt.timedelta(days=6),
        provider="bank",
        codes=Assessment.Codes.READY,
        va_number="8881000999999",
        paid_at=now,
        paid_channel="qris",
        paid_event="evt_dunia",
    )
    return {"assessment": assessment}


def held_case(officer, service):
    """A counter filing for a citizen with no phone or e-mail (not an actor): its proof is the scan of a signed
    consent form, so its work waits for a supervisor's review (issue 13, finding 5)."""
    person = make_user("warga_tanpa_kontak")
    person.email = ""
    person.save(update_fields=["email"])
    applications.save_profile(user=person, nik=NIK_HELD, full_name="Aki Karta")
    scan = applications.store_upload(owner=person, data=PDF, name="persetujuan.pdf", requirement="consent_scan")
    ktp = applications.store_upload(owner=person, data=PDF, name="ktp.pdf", requirement="req_0")
    application, _ = applications.submit(
        actor=officer,
        applicant=person,
        service=service,
        answers={**ANSWERS, "nik_pemilik": NIK_HELD},
        upload_ids={"req_0": str(ktp.pk)},
        idempotency_key="world-held",
        channel="counter",
        consent_scan=str(scan.pk),
    )
    return application.consent


def documents_world(u, service, file) -> dict:
    """A signing official with a key and TOTP; the citizen's completed applications' decisions: one signed,
    one awaiting signature; a share link of the signed one."""
    agency = service.agency
    u["signer_a"] = make_user("pejabat_ttd_a", (Role.SIGNING_OFFICIAL, agency))
    u["signer_a"].first_name, u["signer_a"].last_name = "Asep", "Sunandar"
    u["signer_a"].save()
    secret = activate_totp(u["signer_a"])

    def completed(key):
        application, _, _ = file(u["citizen"], key)
        # the three steps of svc_a's SOP, each by another person (one approval per person and case: issue 13)
        for actor in (u["officer_a"], u["supervisor_a"], u["head_a"]):
            task = Task.objects.get(application=application, status=Task.Status.OPEN)
            workflow.act(actor=actor, task_id=task.pk, action="approve")
        return application.documents.get()  # issued on completion (lifecycle.case_changed signal)

    doc = completed("world-doc-1")
    doc = documents.sign(actor=u["signer_a"], document=doc, otp=totp_code(secret, time.time()))
    awaiting = completed("world-doc-2")
    token = documents.share_token(holder=u["citizen"], document=doc, days=7)
    return {"doc": doc, "awaiting": awaiting, "share_token": token, "totp_secret": secret, "standard": service.current}


def _request_leave(user, start: dt.date):
    """An annual leave request of two working days from `start` on (skipping weeks a holiday makes invalid)."""
    refusals = []
    for week in range(12):
        first = start + dt.timedelta(days=(1 - start.weekday()) % 7, weeks=week)
        if first.year != (first + dt.timedelta(days=1)).year:
            continue
        try:
            return leave_services.request_leave(
                actor=user,
                leave_type="tahunan",
                first=first,
                last=first + dt.timedelta(days=1),
                reason="Acara keluarga",
                address="Garut",
            )
        except LoketError as exc:
            refusals.append(f"{first}: {exc.message}")
    raise AssertionError("no week in the next three months takes two days of annual leave:\n" + "\n".join(refusals))


def identity_world(province, bandung) -> dict:
    """The portal's identities (issue 15): the deployment's, with its footer links, and Kota Bandung's own with an
    uploaded crest, so that every page walks with a full header and footer and agency A's pages with their region's."""
    from loket.org.models import Identity, IdentityLink

    deployment = Identity.objects.create(
        slug="loket-jawa-barat",
        name_id="Loket Jawa Barat",
        short_name="Loket Jabar",
        government_id="Pemerintah Daerah Provinsi Jawa Barat",
        logo_static="loket/crests/jawa-barat.svg",
        colour_primary="#0f5e3c",
        colour_dark="#0a4029",
        colour_accent="#b8860b",
        address="Jl. Diponegoro No. 22, Kota Bandung",
        phone="(022) 4233347",
        email="layanan@loket.example",
        hours_id="Senin–Jumat 08.00–15.00 WIB",
    )
    bandung_identity = Identity.objects.create(
        slug="kota-bandung",
        region=bandung,
        name_id="Loket Kota Bandung",
        government_id="Pemerintah Kota Bandung",
        logo_data=b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>',
        logo_type="image/svg+xml",
        colour_primary="#1f4e9c",
        colour_dark="#163a75",
        phone="(022) 4234793",
    )
    for identity in (deployment, bandung_identity):
        IdentityLink.objects.bulk_create(
            [
                IdentityLink(identity=identity, kind="privacy", label_id="Pemberitahuan privasi", url="/privasi/"),
                IdentityLink(
                    identity=identity, kind="accessibility", label_id="Pernyataan aksesibilitas", url="/aksesibilitas/"
                ),
                IdentityLink(
                    identity=identity, kind="complaint", label_id="SP4N-LAPOR!", url="https://www.lapor.go.id/"
                ),
            ]
        )
    return {"identity": deployment, "identity_bandung": bandung_identity}


def hr_world(u, agency_a, agency_b, bandung) -> dict:
    """Civil servants imported through the SIASN import path, a leave request at each stage, KGB drafts."""
    today = timezone.localdate()
    due = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)  # next month's first day: KGB is due
    recent = f"01-{today.month:02d}-{today.year - 1}"  # a salary decree of last year: no KGB due yet
    people = {
        # key: (nip, name, unit, heads it, grade, position type, position, extra columns)
        "kadis": (
            nip("19700101", "199503", 1, 1),
            "Bambang Sutrisno",
            "",
            "Y",
            "IV/c",
            "JPT",
            "Kepala Dinas",
            {"EMAIL": u["head_a"].email},
        ),
        "superior": (
            nip("19750505", "200003", 1, 2),
            "Dewi Lestari",
            "Bidang Perizinan",
            "Y",
            "IV/a",
            "Administrator",
            "Kepala Bidang Perizinan",
            {"TMT_KGB": "", "TMT_GOLONGAN": ""},
        ),
        "employee": (
            nip("19900202", "201503", 2, 4),
            "Siti Aminah",
            "Bidang Perizinan",
            "",
            "III/a",
            "Pelaksana",
            "Pengadministrasi Perizinan",
            {"TMT_KGB": f"01-{due.month:02d}-{due.year - 2}", "MK_TAHUN": "6", "GAJI_POKOK": "3057300"},
        ),
        "employee_b": (
            nip("19910909", "201603", 1, 7),
            "Joko Susilo",
            "",
            "",
            "II/c",
            "Pelaksana",
            "Pengadministrasi Kependudukan",
            {"SATUAN_KERJA_KERJA_NAMA": agency_b.slug},
        ),
    }
    rows = [
        row(
            n,
            name,
            unit=unit,
            head=head,
            grade=grade,
            position_type=kind,
            position=position,
            **{"agency": agency_a.slug, "tmt_kgb": recent, "EMAIL": "", **extra},
        )
        for (n, name, unit, head, grade, kind, position, extra) in people.values()
    ]
    outcome = upsert_employees(numbered(rows), source="csv", today=today)
    assert outcome.ok, outcome.errors
    employees = {key: Employee.objects.select_related("user").get(nip=value[0]) for key, value in people.items()}
    assert employees["kadis"].user_id == u["head_a"].pk  # linked by the official email
    for key in ("employee", "superior", "employee_b"):
        u[key] = employees[key].user
        u[key].set_password(PASSWORD)  # imported accounts have none (the IdP or a reset sets it); fixtures do
        u[key].save(update_fields=["password"])
    publish_leave_service(agency_a, code="cuti-asn-kota-bandung")
    publish_kgb_service(agency_a, code="kgb-asn-kota-bandung")  # KGB drafts are system-opened cases
    u["hr_admin"] = make_user("bkd_bandung", (Role.HR_ADMIN, bandung))
    u["hr_admin_province"] = make_user("bkd_jabar", (Role.HR_ADMIN, bandung.parent))

    start = today + dt.timedelta(days=14)
    leave_done = _request_leave(u["employee"], start)
    # the direct superior, then the authorized official, whose approval signs the permit with their own TOTP code
    leave_services.decide(actor=u["superior"], leave_id=leave_done.pk, decision="approved")
    official_secret = activate_totp(u["head_a"])
    leave_services.decide(
        actor=u["head_a"], leave_id=leave_done.pk, decision="approved", otp=totp_code(official_secret, time.time())
    )
    leave_done.refresh_from_db()
    leave = _request_leave(u["employee"], leave_done.last + dt.timedelta(days=1))

    kgb.draft_due(agencies=Agency.objects.filter(pk=agency_a.pk), today=today)
    kgb_signature = KgbDecision.objects.get(employee=employees["employee"], status=KgbDecision.Status.SIGNATURE)
    kgb_review = KgbDecision.objects.get(employee=employees["superior"], status=KgbDecision.Status.REVIEW)
    job = hr.start_import(actor=u["hr_admin"], file_name="pegawai.csv", data=to_csv(rows[:1]))
    from loket.hr.models import Promotion
    from loket.hr.promotion.rules import next_promotion_date

    promotion = Promotion.objects.create(
        employee=employees["employee"],
        kind=Promotion.Kind.REGULAR,
        status=Promotion.Status.SIGNATURE,
        promotion_date=next_promotion_date(today),
        grade_from="IIIa",
        grade_to="IIIb",
        mkg_years=8,
        current_salary=3153600,
        new_salary=3287000,
        regulation="PP 5/2024",
        needs_bkn=False,
        official=employees["kadis"],
    )
    from decimal import Decimal

    from loket.hr.models import CreditDecree, FunctionalPosition

    post = FunctionalPosition.objects.create(
        employee=employees["employee"],
        name="Analis Kebijakan",
        level="ahli_pertama",
        first=dt.date(today.year - 2, 1, 1),
        reason=FunctionalPosition.Reason.FIRST,
    )
    pak = CreditDecree.objects.create(
        employee=employees["employee"],
        position=post,
        status=CreditDecree.Status.SIGNATURE,
        first=dt.date(today.year - 2, 1, 1),
        last=dt.date(today.year - 1, 12, 31),
        period_credit=Decimal("25"),
        established_before=Decimal("0"),
        total=Decimal("25"),
        grade="IIIa",
        level="ahli_pertama",
        step_kind="pangkat",
        credit_counted=Decimal("25"),
        required_rank=Decimal("50"),
        next_grade="IIIb",
        required_level=Decimal("100"),
        next_level="ahli_muda",
        in_level=Decimal("25"),
        shortfall=Decimal("25"),
        official=employees["kadis"],
    )
    from loket.hr.models import PensionFile

    pension = PensionFile.objects.create(  # the employee's pension file, verified, waiting for the official
        employee=employees["employee"],
        kind=PensionFile.Kind.EARLY,
        status=PensionFile.Status.SIGNATURE,
        pension_date=next_promotion_date(today).replace(day=1),
        last_grade="IIIa",
        last_salary=3153600,
        bank="bni",
        bank_account="0123456789",
        account_holder="Pegawai",
        bkn_number="PT-1/2026",
        bkn_date=today,
        official=employees["kadis"],
    )
    from loket.hr.models import Transfer

    # e-Mutasi: the employee's transfer to agency B (Kabupaten Bogor) awaiting the sending official's approval, and
    # the superior's transfer within agency A, verified, awaiting the official's signature of the decree.
    transfer = Transfer.objects.create(
        employee=employees["employee"],
        kind=Transfer.Kind.BETWEEN_REGIONS,
        origin=Transfer.Origin.EMPLOYEE,
        status=Transfer.Status.SENDER,
        grade="IIIa",
        from_region=agency_a.region,
        from_agency=agency_a,
        from_position_type="pelaksana",
        from_position_name="Pengadministrasi Perizinan",
        to_region=agency_b.region,
        to_agency=agency_b,
        to_position_type="pelaksana",
        to_position_name="Pengadministrasi Kependudukan",
        reason="Mengikuti suami.",
        effective_date=next_promotion_date(today),
        sender_official=employees["kadis"],
    )
    transfer_sign = Transfer.objects.create(
        employee=employees["superior"],
        kind=Transfer.Kind.WITHIN_AGENCY,
        origin=Transfer.Origin.AGENCY,
        status=Transfer.Status.SIGNATURE,
        grade="IVa",
        from_region=agency_a.region,
        from_agency=agency_a,
        from_position_type="administrator",
        from_position_name="Kepala Bidang Perizinan",
        to_region=agency_a.region,
        to_agency=agency_a,
        to_position_type="administrator",
        to_position_name="Kepala Bidang Pengaduan",
        reason="Rotasi.",
        effective_date=next_promotion_date(today),
        official=employees["kadis"],
        receiver_official=employees["kadis"],
    )
    return {
        "transfer": transfer,
        "transfer_sign": transfer_sign,
        "promotion": promotion,
        "pension": pension,
        "pak": pak,
        "employees": employees,
        "leave": leave,
        "leave_done": leave_done,
        "permit_doc": Document.objects.get(code=leave_done.permit.document_id),
        "kgb": kgb_signature,
        "kgb_review": kgb_review,
        "import_job": job,
    }


# --- the module-wide world of tests/quality, tests/security and tests/api_fuzz (fixtures in tests/conftest.py) ---

# The root conftest's rules (officer TOTP off, fast hashing), for the module-wide world as well.
FAST = {"LOKET_REQUIRE_OFFICER_MFA": False, "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}
# Every actor asks for the public status from the test client's one address within a test: the matrix checks
# audiences, not the per-address lookup limit (tests/applications/test_api_lookup_limits.py does).
MATRIX = {"LOKET_STATUS_LOOKUP_LIMIT": 1000}


def signing_settings(tmp_path_factory) -> dict:
    """loket.documents signs with the embedded CA, whose keys live in a directory of their own (not the data dir)."""
    return {"LOKET_SIGNING_DIR": str(tmp_path_factory.getbasetemp() / "signing"), "LOKET_SIGNING_BACKEND": "local"}


def sign_in_everyone(world) -> dict[str, str]:
    """One session per actor, made once per module (inside the module's transaction): each test uses them,
    and whatever a test changes in a session (messages, a chosen citizen) is rolled back with the test."""
    keys = {}
    for actor, user in world.users.items():
        client = Client()
        client.force_login(user)
        keys[actor] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def client_for(world, actor: str, route=None) -> Client:
    """A test client signed in as `actor` (by session, no login form), with the session the route needs."""
    client = Client()
    if actor != "anonymous":
        user = world.users[actor]
        if actor in world.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[actor]
        else:
            client.force_login(user)
        if route is not None and route.session is not None:
            session = client.session
            session.update(route.session(world, user))
            session.save()
    return client
