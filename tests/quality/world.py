"""One small, complete world for the quality harness: every role in two agencies, every kind of object.

`build_world()` is a plain function (used by the refusal matrix, the page walk in Chromium and the
security tests). It creates:

- Jawa Barat with Kota Bandung (agency A, with units) and Kabupaten Bogor (agency B), plus the
  province agency that publishes a model service;
- services: `svc_a` (agency A, form + 3-step SOP, published), `svc_b` (agency B, published),
  `model` (province model service) and `adopted` (agency A's adoption of it, a draft);
- applications: `app` (the citizen's, submitted, one open task at step 1 with a KTP upload),
  `returned` (the citizen's, returned for correction), `assisted` (filed at officer A's counter);
- one actor per role that matters (see ACTORS): citizens, officers, supervisors, heads, editors,
  admins, and the region-scoped roles.
"""

from dataclasses import dataclass, field

from loket.applications import services as applications
from loket.catalogue import services as catalogue
from loket.catalogue.models import Category
from loket.org.models import Agency, Region, Role, RoleAssignment, Unit
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.conftest import COMPLETE_CONTENT, make_user, publish_service

PASSWORD = "rahasia-uji-123"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NIK_OWNER = "3273014101900001"
NIK_OTHER = "3201015505910002"
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
    "inspector": "inspector of Jawa Barat (region role, no catalogue or task rights)",
}
CITIZENS = {"citizen", "other_citizen"}
STAFF = set(ACTORS) - CITIZENS - {"anonymous"}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

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
    prov_agency = Agency.objects.create(region=province, slug="dpmptsp-jabar", name="DPMPTSP Provinsi Jawa Barat",
                                        short_name="DPMPTSP Jabar")
    agency_a = Agency.objects.create(region=bandung, slug="dpmptsp-kota-bandung", name="DPMPTSP Kota Bandung",
                                     short_name="DPMPTSP")
    agency_b = Agency.objects.create(region=bogor, slug="disdukcapil-kab-bogor",
                                     name="Disdukcapil Kabupaten Bogor", short_name="Disdukcapil")
    units = {name: Unit.objects.create(agency=agency_a, name=label) for name, label in
             (("front", "Bidang Perizinan"), ("tech", "Tim Teknis"), ("legal", "Subbagian Hukum"))}
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
    editor_prov = make_user("editor_prov", (Role.CATALOGUE_EDITOR, prov_agency))
    applications.save_profile(user=u["citizen"], nik=NIK_OWNER, full_name="Imas Masitoh", phone="081234567890")
    applications.save_profile(user=u["other_citizen"], nik=NIK_OTHER, full_name="Siti Aminah")

    svc_a = catalogue.create_service(actor=u["editor_a"], agency=agency_a, code="izin-usaha-mikro",
                                     name_id="Izin Usaha Mikro", name_en="Micro business licence", category=category,
                                     channels=["online", "counter"])
    draft = catalogue.open_draft(actor=u["editor_a"], service=svc_a)
    catalogue.update_draft(actor=u["editor_a"], draft=draft, changes={**COMPLETE_CONTENT, "requirements": [
        {"name": "KTP-el", "description": "", "mandatory": True, "kind": "document", "file_types": ["pdf", "jpg"]},
        {"name": "Foto lokasi", "description": "", "mandatory": False, "kind": "document",
         "file_types": ["png", "jpg"]},
    ]})
    applications.save_form(actor=u["editor_a"], standard=draft, fields=FORM)
    workflow.save_procedure(actor=u["editor_a"], standard=draft, steps=[
        {"name_id": "Verifikasi berkas", "role": "officer", "sla_days": 2},
        {"name_id": "Kajian teknis", "role": "officer", "sla_days": 2},
        {"name_id": "Penetapan oleh kepala dinas", "role": "agency_head", "sla_days": 1},
    ])
    catalogue.publish(actor=u["editor_a"], service=svc_a)
    svc_a.refresh_from_db()
    svc_b = publish_service(u["editor_b"], agency_b, category, "akta-kelahiran-bogor", "Penerbitan Akta Kelahiran",
                            name_en="Birth certificate")
    # a second version, so that version 1 is a historic page of its own
    catalogue.update_draft(actor=u["editor_b"], draft=catalogue.open_draft(actor=u["editor_b"], service=svc_b),
                           changes={"summary": "Pencatatan kelahiran penduduk, versi 2."})
    catalogue.publish(actor=u["editor_b"], service=svc_b)
    svc_b.refresh_from_db()
    model = publish_service(editor_prov, prov_agency, category, "izin-praktik-model",
                            "Izin Praktik Tenaga Kesehatan (model)", is_template=True)
    adopted = catalogue.adopt_template(actor=u["editor_a"], template=model, agency=agency_a)

    def file(user, key, actor=None):
        upload = applications.store_upload(owner=user, data=PDF, name="ktp.pdf", requirement="req_0")
        application, pin = applications.submit(actor=actor or user, applicant=user, service=svc_a, answers=ANSWERS,
                                               upload_ids={"req_0": str(upload.pk)}, idempotency_key=key,
                                               **({"channel": "counter", "consent_note": "Warga setuju secara lisan di loket."}
                                                  if actor else {}))
        return application, upload, pin

    app, upload, pin = file(u["citizen"], "world-1")
    returned, _, _ = file(u["citizen"], "world-2")
    task_returned = Task.objects.get(application=returned, status=Task.Status.OPEN)
    workflow.act(actor=u["officer_a"], task_id=task_returned.pk, action="return", note="KTP buram, unggah ulang.")
    returned.refresh_from_db()
    assisted, _, _ = file(u["other_citizen"], "world-3", actor=u["officer_a"])

    world.objects.update(
        province=province, bandung=bandung, bogor=bogor, agency_a=agency_a, agency_b=agency_b,
        prov_agency=prov_agency, units=units, category=category, svc_a=svc_a, svc_b=svc_b, model=model,
        adopted=adopted, app=app, upload=upload, pin=pin, returned=returned, assisted=assisted,
        task=Task.objects.get(application=app, status=Task.Status.OPEN),
    )
    return world
