"""Demo complaints (issue 19): the complaint desks of DPMPTSP Kota Bandung and of the Inspectorate of Kota Bandung,
an anonymous report of an illegal fee waiting at the inspectorate (login petugas.inspektorat.bandung), a complaint
about a service answered by DPMPTSP's officer and shown on the public register (/pengaduan/publik/), and a
confidential one still open at DPMPTSP (the inspector, login inspektur.bandung, may reveal who reported).
Deterministic and idempotent: a rerun creates nothing."""

from django.contrib.auth import get_user_model

from loket.catalogue.models import Category, Service
from loket.complaints import desks, handling, rules, services
from loket.complaints.models import Complaint
from loket.org.models import Agency

DESKS = (("dpmptsp-kota-bandung", False), ("inspektorat-kota-bandung", True))
ABOUT = "dpmptsp-kota-bandung"
REPORTS = (
    {
        "kind": rules.PUNGLI,
        "identity": rules.ANONYMOUS,
        "title": "Diminta uang agar izin cepat selesai",
        "body": "Saat menyerahkan berkas, seorang petugas meminta Rp200.000 supaya izin reklame saya selesai minggu "
        "ini. Saya tidak membayar.",
    },
    {
        "kind": rules.SERVICE,
        "identity": rules.IDENTIFIED,
        "title": "Persyaratan di situs berbeda dengan di loket",
        "body": "Di situs tertulis fotokopi KTP saja, tetapi di loket diminta juga fotokopi KK.",
        "answer": "Terima kasih. Persyaratan di loket sudah kami selaraskan dengan standar pelayanan yang terbit: "
        "fotokopi KK tidak diperlukan.",
        "public": (
            "Persyaratan di loket berbeda dengan standar",
            "Petugas meminta dokumen yang tidak tercantum dalam standar pelayanan. Persyaratan di loket sudah "
            "diselaraskan dengan standar yang terbit.",
        ),
    },
    {
        "kind": rules.SERVICE,
        "identity": rules.CONFIDENTIAL,
        "title": "Antrean daring tidak dilayani",
        "body": "Nomor antrean daring saya dilewati dua kali; petugas mendahulukan yang datang langsung.",
    },
)


def seed_demo() -> int:
    if Complaint.objects.exists():
        return 0
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()  # the demo administrator writes the catalogue
    if admin is None:
        return 0
    category = Category.objects.filter(slug="pengaduan").first() or Category.objects.create(
        slug="pengaduan", name_id="Pengaduan", name_en="Complaints"
    )
    created = 0
    for slug, inspectorate in DESKS:
        agency = Agency.objects.get(slug=slug)
        desks.open_desk(
            actor=admin, agency=agency, category=category, code=f"pengaduan-{slug}", inspectorate=inspectorate
        )
        created += 1
    service = (
        Service.objects.filter(agency__slug=ABOUT, current__isnull=False, is_template=False)
        .exclude(code__startswith="pengaduan-")
        .order_by("code")
        .first()
    )
    citizen = User.objects.get(username="warga")
    supervisor = User.objects.get(username="penyelia.dpmptsp.bandung")
    for report in REPORTS:
        filed = services.file(
            actor=citizen if report["identity"] != rules.ANONYMOUS else None,
            kind=report["kind"],
            identity=report["identity"],
            title=report["title"],
            body=report["body"],
            service_id=service.pk,
        )
        created += 1
        if "answer" in report:
            officer = _handler(filed.complaint)
            handling.set_tier(actor=officer, complaint_id=filed.complaint.pk, tier="normatif")
            handling.answer(actor=officer, complaint_id=filed.complaint.pk, text=report["answer"])
            handling.rate(filed.complaint.pk, 4)
            title, summary = report["public"]
            handling.publish(actor=supervisor, complaint_id=filed.complaint.pk, title=title, summary=summary)
    return created


def _handler(complaint):
    """An officer of the desk whose scope holds the complaint's task (the unit's assignment may have given it to one)."""
    from loket.core.errors import NotFound
    from loket.org import permissions

    agency_id = complaint.desk.agency_id
    for person in sorted(permissions.people_with_roles(agency_id, None, ["officer", "supervisor"]), key=lambda u: u.pk):
        try:
            handling.my_task(person, complaint)
        except NotFound:
            continue
        return person
    raise NotFound("no officer of the desk holds the complaint's task")
