"""The route registry: every URL pattern of the site, classified by who may reach it and how to build it.

The list of patterns comes from Django's URL resolver (`resolver_patterns()`); this module only adds
what the resolver cannot know: who may reach each route (`allowed`, a set of actor keys of
tests/helpers/world.py) and how to build a concrete URL from the world's fixtures (`url`).

Adding a route is one entry in ROUTES, keyed by its full pattern as the resolver prints it, e.g.

    "dokumen/<uuid:doc_id>/": Route(lambda w: f"/dokumen/{w.doc.pk}/", OWNER),

Everything else is generated from this table:
- tests/quality/test_routes.py: every pattern of the covered apps is classified (fails otherwise);
- tests/quality/test_refusal_matrix.py: every route × every actor — the allowed ones are served,
  the others refused (302 to login for anonymous, 403/404 for wrong role or scope, never 200/500);
- tests/quality/test_every_page.py: every HTML page in Chromium as an allowed actor (axe-core,
  200 % zoom, 360 px, keyboard).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from tests.helpers.world import ACTORS, EMPLOYEES, STAFF, TOTP_ACTORS

EVERYONE = frozenset(ACTORS)
SIGNED_IN = frozenset(ACTORS) - {"anonymous"}
ANONYMOUS = frozenset({"anonymous"})
OWNER = frozenset({"citizen"})
STAFF_ANY = frozenset(STAFF)
# catalogue.view_drafts over agency A (editor, head, supervisor of A; the province admin covers A's region)
CATALOGUE_VIEW_A = frozenset({"editor_a", "supervisor_a", "head_a", "province_admin"})
CATALOGUE_EDIT_A = frozenset({"editor_a", "province_admin"})
CATALOGUE_PUBLISH_A = frozenset({"editor_a", "head_a", "province_admin"})
CATALOGUE_EDIT_ANY = frozenset({"editor_a", "editor_b", "region_admin_b", "province_admin"})
TASK_A = frozenset({"officer_a", "supervisor_a", "head_a"})  # act on or oversee agency A's task
ACT_A = frozenset({"officer_a", "supervisor_a"})  # act on agency A's officer step
OVERSEE = frozenset({"supervisor_a", "head_a"})  # application.reassign somewhere
POLICY_A = frozenset({"supervisor_a"})  # workflow.assignment over agency A's units (supervisor, agency admin)
ASSIST_ANY = frozenset({"officer_a", "officer_b", "supervisor_a"})  # application.assist somewhere
ASSIST_A = frozenset({"officer_a", "supervisor_a"})
APP_READERS_A = OWNER | frozenset({"officer_a", "supervisor_a", "head_a", "province_admin"})  # application.view on A
# The API gives a case to its applicant, to officers whose work it is (officer_a has its open task) and to those who
# oversee agency A (application.oversee); every read by someone else is in the applicant's data tracker (issue 13).
API_READERS_A = OWNER | frozenset({"officer_a", "supervisor_a", "head_a", "inspector"})
# loket.documents: document.view / document.sign / document.revoke / document.template over agency A
DOC_VIEW_A = frozenset({"officer_a", "supervisor_a", "head_a", "signer_a", "province_admin", "inspector"})
DOC_SIGN_A = frozenset({"head_a", "signer_a"})
DOC_REVOKE_A = frozenset({"head_a", "signer_a"})
DOC_TEMPLATE_A = frozenset({"editor_a", "province_admin"})
# loket.hr: self-service needs an employee record; the BKD office needs hr.view / hr.manage over agency A
EMPLOYEE = frozenset(EMPLOYEES)
LEAVE_PARTIES = frozenset({"employee", "superior", "head_a"})  # the employee's leave: applicant and both approvers
TEAM_HEADS = frozenset({"superior", "head_a"})
# individual records of agency A's staff: the BKD of A's own region and the inspector; never the leader (aggregates
# only) nor the provincial BKD, whose office pages (hr.view / hr.manage somewhere) list only the province's staff
HR_VIEW_A = frozenset({"hr_admin", "inspector"})
HR_MANAGE_A = frozenset({"hr_admin"})
HR_OFFICE_ANY = HR_VIEW_A | {"hr_admin_province"}
HR_MANAGE_ANY = HR_MANAGE_A | {"hr_admin_province"}
# loket.feedback / loket.insights: insights.view somewhere (the dashboard scopes itself) / over agency A
INSIGHTS_ANY = frozenset({"supervisor_a", "head_a", "region_admin_b", "province_admin", "inspector", "leader"})
INSIGHTS_A = INSIGHTS_ANY - {"region_admin_b"}
AUDIT_ANY = frozenset({"inspector", "province_admin", "region_admin_b"})  # audit.view: the integrity report
# loket.org: officials (any back-office role, or an employee without one) declare relatives; those who oversee an
# agency's work (application.oversee) read its officials' declarations
OFFICIALS = STAFF_ANY | frozenset(EMPLOYEES)
OVERSEE_ANY = frozenset({"supervisor_a", "head_a", "inspector"})
# loket.payments: the receiving treasurer of agency A (payments.finance) only
FINANCE_A = frozenset({"finance_a"})


def _unit_a(world):
    from loket.org.models import Unit

    return Unit.objects.filter(agency=world.agency_a).order_by("pk").first()


def _card(world):
    """The world employee's e-Kartu in force (issued on first use)."""
    from loket.hr.card import services as cards

    return cards.card_for(world.employees["employee"])


def _unit_survey_url(world) -> str:
    from loket.feedback.services import unit_url

    return unit_url(_unit_a(world))


# Kinds of route. A "page" is an HTML page the browser walk visits; "file" a download; "action" a POST
# endpoint behind a page; "api" a JSON endpoint (fuzzed by tests/api_fuzz; refusals checked here too);
# "redirect" answers with a redirect by design; "excluded" is not checked here (the reason says why).
PAGE, FILE, ACTION, API, REDIRECT, EXCLUDED = "page", "file", "action", "api", "redirect", "excluded"


@dataclass(frozen=True)
class Route:
    url: Callable | None  # world -> path; None for excluded routes
    allowed: frozenset = EVERYONE
    kind: str = PAGE
    method: str = "GET"
    ok: tuple | None = (200,)  # what an allowed actor gets (None: anything but a server error)
    ok_for: tuple = ()  # ((actor, statuses), ...): what particular allowed actors get instead of `ok`
    others: tuple | None = None  # what a signed-in actor outside `allowed` gets, when that is not a refusal
    anonymous: tuple | None = None  # what anonymous gets when outside `allowed`, when not the login redirect
    reason: str = ""
    browse_as: str | None = None  # the actor the browser walk uses (default: the first allowed in ACTORS order)
    keyboard: bool = True  # check every form control by keyboard
    data: Callable | None = None  # world -> the form a POST route is sent (default: empty)
    session: Callable | None = None  # (world, user) -> session values the page needs (e.g. a chosen citizen)
    ready: str | None = None  # a CSS selector the browser waits for (pages drawn by script)

    def visitor(self) -> str:
        if self.browse_as:
            return self.browse_as
        # A route refused to everyone is still visited (e.g. by the CSRF check) as a signed-in citizen.
        return next((actor for actor in ACTORS if actor in self.allowed), "citizen")


def recent_login(world, user) -> dict:
    """allauth's record of a password login just now: pages that ask to re-authenticate first open at once."""
    import time

    from allauth.account.internal.flows import login

    return {
        login.AUTHENTICATION_METHODS_SESSION_KEY: [
            {"method": "password", "at": time.time(), "reauthenticated": True, "username": user.get_username()}
        ],
        login._AUTHENTICATION_METHODS_USER_SESSION_KEY: str(user.pk),
    }


def counter_citizen(world, user) -> dict:
    """The citizen the counter officer has found (the counter's first step)."""
    return {"loket_counter_citizen": world.users["other_citizen"].pk}


def excluded(reason: str) -> Route:
    return Route(None, kind=EXCLUDED, reason=reason)


def api(url, allowed=EVERYONE, method="GET", ok=(200,), data=None) -> Route:
    """A JSON API route; `data` (world -> dict) is the JSON body of a POST (default `{}`)."""
    return Route(url, allowed, kind=API, method=method, ok=ok, anonymous=(401,), data=data)


TRACK = "tracking_number"

ROUTES: dict[str, Route] = {
    # --- site plumbing
    "healthz": Route(lambda w: "/healthz", kind=FILE),
    "i18n/setlang/": Route(lambda w: "/i18n/setlang/", kind=ACTION, method="POST", ok=(302,)),
    "favicon.ico": Route(lambda w: "/favicon.ico", kind=FILE),
    # --- the site's own pages and the portal's identity (loket.core.views, loket.org.identity_urls)
    "privasi/": Route(lambda w: "/privasi/"),
    "aksesibilitas/": Route(lambda w: "/aksesibilitas/"),
    "identitas/<slug:slug>/lambang": Route(lambda w: f"/identitas/{w.identity_bandung.slug}/lambang", kind=FILE),
    "identitas/<slug:slug>/tema.css": Route(lambda w: f"/identitas/{w.identity.slug}/tema.css", kind=FILE),
    # --- public catalogue (loket.catalogue.urls)
    "": Route(lambda w: "/"),
    "layanan/": Route(lambda w: "/layanan/"),
    "layanan/<slug:code>/": Route(lambda w: f"/layanan/{w.svc_a.code}/"),
    "layanan/<slug:code>/versi/<int:version>/": Route(lambda w: f"/layanan/{w.svc_b.code}/versi/1/"),
    "instansi/<slug:slug>/": Route(lambda w: f"/instansi/{w.agency_a.slug}/"),
    "wilayah/<str:code>/": Route(lambda w: f"/wilayah/{w.bandung.code}/"),
    # --- citizen pages (loket.applications.urls)
    "akun/profil/": Route(lambda w: "/akun/profil/", SIGNED_IN, browse_as="citizen"),
    "akun/klaim/": Route(lambda w: "/akun/klaim/"),  # a citizen registered at a counter claims the account
    "layanan/<slug:code>/ajukan/": Route(
        lambda w: f"/layanan/{w.svc_a.code}/ajukan/", SIGNED_IN, browse_as="citizen", ok=(200, 302)
    ),  # staff without a citizen profile: to the profile,
    "permohonan/": Route(lambda w: "/permohonan/", SIGNED_IN, browse_as="citizen"),
    "permohonan/<str:tracking>/": Route(lambda w: f"/permohonan/{w.app.tracking_number}/", OWNER),
    "permohonan/<str:tracking>/tanda-terima/": Route(
        lambda w: f"/permohonan/{w.app.tracking_number}/tanda-terima/", OWNER
    ),
    "permohonan/<str:tracking>/perbaiki/": Route(
        lambda w: f"/permohonan/{w.returned.tracking_number}/perbaiki/", OWNER
    ),
    "permohonan/<str:tracking>/cabut/": Route(lambda w: f"/permohonan/{w.app.tracking_number}/cabut/", OWNER),
    "permohonan/<str:tracking>/akses/": Route(lambda w: f"/permohonan/{w.app.tracking_number}/akses/", OWNER),
    "permohonan/<str:tracking>/berkas/<uuid:upload_id>/": Route(
        lambda w: f"/permohonan/{w.app.tracking_number}/berkas/{w.upload.pk}/", OWNER, kind=FILE
    ),
    "cek-status/": Route(lambda w: "/cek-status/"),
    # --- complaints (loket.complaints.urls): anyone, no account needed
    "pengaduan/": Route(lambda w: "/pengaduan/"),
    "pengaduan/lacak/": Route(lambda w: "/pengaduan/lacak/"),
    "pengaduan/publik/": Route(lambda w: "/pengaduan/publik/"),
    # the back office: any staff lists its desks' complaints; one complaint is read by those who handle or oversee
    # it (here the inspector: the world's report is at the inspectorate's desk), who may reveal a confidential
    # reporter (logged)
    "kantor/pengaduan/": Route(lambda w: "/kantor/pengaduan/", STAFF_ANY, browse_as="inspector"),
    "kantor/pengaduan/<int:complaint_id>/": Route(
        lambda w: f"/kantor/pengaduan/{w.complaint.pk}/", frozenset({"inspector"})
    ),
    "kantor/pengaduan/<int:complaint_id>/tindakan/": Route(
        lambda w: f"/kantor/pengaduan/{w.complaint.pk}/tindakan/",
        frozenset({"inspector"}),
        kind=ACTION,
        method="POST",
        data=lambda w: {"action": "reveal"},
    ),
    # --- the officer's landing page (loket.workflow.urls.office_urlpatterns): staff, and a superior with a task
    "kantor/": Route(lambda w: "/kantor/", STAFF_ANY | {"superior"}, browse_as="supervisor_a"),
    # --- catalogue back office (loket.catalogue.backoffice_urls, /kantor/)
    "kantor/layanan/": Route(lambda w: "/kantor/layanan/", STAFF_ANY, browse_as="editor_a"),
    "kantor/layanan/baru/": Route(lambda w: "/kantor/layanan/baru/", CATALOGUE_EDIT_ANY),
    "kantor/layanan/<slug:code>/": Route(lambda w: f"/kantor/layanan/{w.svc_a.code}/", CATALOGUE_EDIT_A),
    "kantor/layanan/<slug:code>/data/": Route(lambda w: f"/kantor/layanan/{w.svc_a.code}/data/", CATALOGUE_EDIT_A),
    "kantor/layanan/<slug:code>/pratinjau/": Route(
        lambda w: f"/kantor/layanan/{w.adopted.code}/pratinjau/", CATALOGUE_VIEW_A, browse_as="editor_a"
    ),
    "kantor/layanan/<slug:code>/terbitkan/": Route(
        lambda w: f"/kantor/layanan/{w.adopted.code}/terbitkan/", CATALOGUE_PUBLISH_A
    ),
    "kantor/layanan/<slug:code>/versi/": Route(
        lambda w: f"/kantor/layanan/{w.svc_a.code}/versi/", CATALOGUE_VIEW_A, browse_as="editor_a"
    ),
    "kantor/layanan/<slug:code>/versi/<int:version>/": Route(
        lambda w: f"/kantor/layanan/{w.svc_a.code}/versi/1/", CATALOGUE_VIEW_A, browse_as="editor_a"
    ),
    "kantor/layanan/<slug:code>/model/": Route(
        lambda w: f"/kantor/layanan/{w.adopted.code}/model/", CATALOGUE_VIEW_A, browse_as="editor_a"
    ),
    "kantor/model/<slug:code>/adopsi/": Route(lambda w: f"/kantor/model/{w.model.code}/adopsi/", CATALOGUE_EDIT_ANY),
    # --- form and procedure editors (loket.workflow.editor_urls, /kantor/editor/)
    "kantor/editor/<slug:code>/formulir/": Route(
        lambda w: f"/kantor/editor/{w.adopted.code}/formulir/", CATALOGUE_EDIT_A
    ),
    "kantor/editor/<slug:code>/prosedur/": Route(
        lambda w: f"/kantor/editor/{w.adopted.code}/prosedur/", CATALOGUE_EDIT_A
    ),
    # --- officer inbox and tasks (loket.workflow.urls, /kantor/tugas/)
    # Staff, and whoever a task is addressed to: the superior deciding the employee's waiting leave request.
    "kantor/tugas/": Route(lambda w: "/kantor/tugas/", STAFF_ANY | {"superior"}, browse_as="officer_a"),
    "kantor/tugas/tim/": Route(lambda w: "/kantor/tugas/tim/", OVERSEE),
    # "Ambil tugas berikutnya": whoever opens the inbox; with nothing to take it redirects back with a message.
    "kantor/tugas/berikutnya/": Route(
        lambda w: "/kantor/tugas/berikutnya/", STAFF_ANY | {"superior"}, kind=ACTION, method="POST", ok=None
    ),
    # A unit's assignment policy (issue 13): the unit's supervisor (supervisor_a covers all of A) or agency admin.
    "kantor/tugas/penugasan/": Route(lambda w: "/kantor/tugas/penugasan/", POLICY_A),
    "kantor/tugas/penugasan/<int:unit_id>/": Route(
        lambda w: f"/kantor/tugas/penugasan/{_unit_a(w).pk}/",
        POLICY_A,
        kind=ACTION,
        method="POST",
        ok=None,
        data=lambda w: {"policy": "manual"},
    ),
    "kantor/tugas/<int:task_id>/": Route(lambda w: f"/kantor/tugas/{w.task.pk}/", TASK_A),
    "kantor/tugas/<int:task_id>/tindak/": Route(
        lambda w: f"/kantor/tugas/{w.task.pk}/tindak/",
        ACT_A,
        kind=ACTION,
        method="POST",
        ok=None,
        data=lambda w: {"action": "approve", "note": "Berkas lengkap.", "version": w.task.version},
    ),
    "kantor/tugas/<int:task_id>/ambil/": Route(
        lambda w: f"/kantor/tugas/{w.task.pk}/ambil/", ACT_A, kind=ACTION, method="POST", ok=None
    ),
    "kantor/tugas/<int:task_id>/lepas/": Route(
        lambda w: f"/kantor/tugas/{w.task.pk}/lepas/", ACT_A, kind=ACTION, method="POST", ok=None
    ),
    "kantor/tugas/<int:task_id>/alihkan/": Route(
        lambda w: f"/kantor/tugas/{w.task.pk}/alihkan/",
        OVERSEE,
        kind=ACTION,
        method="POST",
        ok=None,
        data=lambda w: {"officer": w.users["officer_a"].pk},
    ),
    "kantor/tugas/<int:task_id>/nik/": Route(
        lambda w: f"/kantor/tugas/{w.task.pk}/nik/", TASK_A, kind=ACTION, method="POST", ok=None
    ),
    "kantor/tugas/<int:task_id>/identitas/": Route(
        lambda w: f"/kantor/tugas/{w.task.pk}/identitas/",
        TASK_A,
        kind=ACTION,
        method="POST",
        ok=None,
        data=lambda w: {"field": "nik_pemilik", "reason": "Mencocokkan dokumen"},
    ),
    "kantor/tugas/<int:task_id>/berkas/<uuid:upload_id>/": Route(
        lambda w: f"/kantor/tugas/{w.task.pk}/berkas/{w.upload.pk}/",
        OVERSEE,
        kind=FILE,
        reason="an officer opens the applicant's files once the task is theirs (claimed); overseers always",
    ),
    # --- counter (assisted submission, /kantor/loket/)
    "kantor/loket/": Route(lambda w: "/kantor/loket/", ASSIST_ANY),
    "kantor/loket/layanan/": Route(lambda w: "/kantor/loket/layanan/", ASSIST_ANY, session=counter_citizen),
    "kantor/loket/layanan/<slug:code>/": Route(
        lambda w: f"/kantor/loket/layanan/{w.svc_a.code}/", ASSIST_A, session=counter_citizen
    ),
    "kantor/loket/tanda-terima/<str:tracking>/": Route(
        lambda w: f"/kantor/loket/tanda-terima/{w.assisted.tracking_number}/", frozenset({"officer_a"})
    ),
    # a supervisor's review of a signed consent form (supervisors and heads of agency A; issue 13, finding 5)
    "kantor/loket/persetujuan/": Route(lambda w: "/kantor/loket/persetujuan/", OVERSEE),
    "kantor/loket/persetujuan/<int:consent_id>/": Route(lambda w: f"/kantor/loket/persetujuan/{w.held.pk}/", OVERSEE),
    "kantor/loket/persetujuan/<int:consent_id>/berkas/": Route(
        lambda w: f"/kantor/loket/persetujuan/{w.held.pk}/berkas/", OVERSEE, kind=FILE
    ),
    # --- JSON API (/api/v1/): fuzzed with schemathesis in tests/api_fuzz; refusals of the scoped ones here
    "api/v1/openapi.json": Route(lambda w: "/api/v1/openapi.json", kind=FILE),
    "api/v1/docs": Route(
        lambda w: "/api/v1/docs",
        keyboard=False,
        ready=".opblock",
        reason="ninja's Swagger UI: its own widgets; axe and layout still checked",
    ),
    "api/v1/": Route(lambda w: "/api/v1/", kind=FILE),
    # Open311 GeoReport v2 (loket.complaints.open311): public reads without personal data; filing needs an api_key
    # (the world issues none: a POST without one is refused with 403 for everyone; tests/complaints/test_open311.py)
    "^open311/v2/discovery\\.(?P<fmt>json|xml)$": Route(lambda w: "/open311/v2/discovery.json", kind=FILE),
    "^open311/v2/services\\.(?P<fmt>json|xml)$": Route(lambda w: "/open311/v2/services.json", kind=FILE),
    "^open311/v2/services/(?P<code>[\\w-]+)\\.(?P<fmt>json|xml)$": Route(
        lambda w: f"/open311/v2/services/{w.svc_a.code}.json", kind=FILE
    ),
    "^open311/v2/requests\\.(?P<fmt>json|xml)$": Route(
        lambda w: "/open311/v2/requests.json", kind=API, method="POST", ok=(403,), others=(403,), anonymous=(403,)
    ),
    # the world's complaint is not published and was filed on the web, not by an Open311 app: nobody reads it here
    "^open311/v2/requests/(?P<request_id>[\\w-]+)\\.(?P<fmt>json|xml)$": Route(
        lambda w: f"/open311/v2/requests/{w.complaint.receipt_code}.json",
        kind=FILE,
        ok=(404,),
        others=(404,),
        anonymous=(404,),
    ),
    "api/v1/^.*$": Route(lambda w: "/api/v1/tidak-ada", kind=FILE, ok=(404,), others=(404,), anonymous=(404,)),
    "api/v1/regions": api(lambda w: "/api/v1/regions"),
    "api/v1/agencies": api(lambda w: "/api/v1/agencies"),
    "api/v1/services": api(lambda w: "/api/v1/services"),
    "api/v1/services/<code>": api(lambda w: f"/api/v1/services/{w.svc_a.code}"),
    "api/v1/status/<tracking>": api(lambda w: f"/api/v1/status/{w.app.tracking_number}?pin={w.pin}"),
    # A provider's signed callback (loket.payments.api): no account can reach it; the world has no provider, so
    # everyone gets 404 (tests/payments test the signed path: 401 for a bad signature, 200 once stored).
    "api/v1/pembayaran/notifikasi/<provider>": Route(
        lambda w: "/api/v1/pembayaran/notifikasi/bank",
        kind=API,
        method="POST",
        ok=(404,),
        others=(404,),
        anonymous=(404,),
    ),
    "api/v1/applications/<tracking>": api(lambda w: f"/api/v1/applications/{w.app.tracking_number}", API_READERS_A),
    "api/v1/inbox": api(lambda w: "/api/v1/inbox", STAFF_ANY),
    "api/v1/uploads": api(lambda w: "/api/v1/uploads", SIGNED_IN, method="POST", ok=(422,)),
    "api/v1/applications": api(lambda w: "/api/v1/applications", SIGNED_IN, method="POST", ok=(422,)),
    "api/v1/applications/consent-codes": api(
        lambda w: "/api/v1/applications/consent-codes", SIGNED_IN, method="POST", ok=(422,)
    ),
    "api/v1/applications/with-files": api(
        lambda w: "/api/v1/applications/with-files", SIGNED_IN, method="POST", ok=(422,)
    ),
    "api/v1/applications/<tracking>/actions": api(
        lambda w: f"/api/v1/applications/{w.app.tracking_number}/actions", SIGNED_IN, method="POST", ok=(422,)
    ),
    # --- output documents (loket.documents): public verification and share links
    "verifikasi/<str:code>": Route(lambda w: f"/verifikasi/{w.doc.code}"),
    "verifikasi/": Route(lambda w: "/verifikasi/"),
    "bagikan/<str:token>": Route(lambda w: f"/bagikan/{w.share_token}"),
    "bagikan/<str:token>/unduh": Route(lambda w: f"/bagikan/{w.share_token}/unduh", kind=FILE),
    # the citizen's wallet (any signed-in user has one; a document is its holder's only)
    "dompet/": Route(lambda w: "/dompet/", SIGNED_IN, browse_as="citizen"),
    "dompet/<str:code>/unduh": Route(lambda w: f"/dompet/{w.doc.code}/unduh", OWNER, kind=FILE),
    "dompet/<str:code>/bagikan": Route(
        lambda w: f"/dompet/{w.doc.code}/bagikan", OWNER, kind=ACTION, method="POST", data=lambda w: {"days": "7"}
    ),
    # back office: lists show only what the role may see; a document's pages need document.* in its agency
    "kantor/dokumen/": Route(lambda w: "/kantor/dokumen/", STAFF_ANY, browse_as="signer_a"),
    "kantor/dokumen/tanda-tangan/": Route(lambda w: "/kantor/dokumen/tanda-tangan/", STAFF_ANY, browse_as="signer_a"),
    # A levy assessment as the agency sees it (loket.payments): those who read the agency's documents; the refund
    # form only for those who may sign (payment.refund).
    "kantor/retribusi/<int:pk>/": Route(
        lambda w: f"/kantor/retribusi/{w.assessment.pk}/", DOC_VIEW_A, browse_as="signer_a"
    ),
    "kantor/dokumen/<str:code>/": Route(lambda w: f"/kantor/dokumen/{w.doc.code}/", DOC_VIEW_A, browse_as="signer_a"),
    "kantor/dokumen/<str:code>/tanda-tangan": Route(
        lambda w: f"/kantor/dokumen/{w.awaiting.code}/tanda-tangan",
        DOC_SIGN_A,
        kind=ACTION,
        method="POST",
        ok=(302,),
        data=lambda w: {"otp": "000000"},
    ),  # a wrong code: refused with a message, nothing signed
    "kantor/dokumen/<str:code>/cabut": Route(
        lambda w: f"/kantor/dokumen/{w.doc.code}/cabut",
        DOC_REVOKE_A,
        kind=ACTION,
        method="POST",
        ok=(302,),
        data=lambda w: {"action": "revoke", "reason": ""},
    ),  # no reason: refused
    "kantor/dokumen/<str:code>/cetak": Route(
        lambda w: f"/kantor/dokumen/{w.doc.code}/cetak", DOC_VIEW_A, kind=ACTION, method="POST"
    ),
    "kantor/dokumen/<str:code>/unduh": Route(lambda w: f"/kantor/dokumen/{w.doc.code}/unduh", DOC_VIEW_A, kind=FILE),
    "kantor/layanan/<slug:code>/templat-dokumen/": Route(
        lambda w: f"/kantor/layanan/{w.standard.service.code}/templat-dokumen/",
        DOC_TEMPLATE_A,
        kind=REDIRECT,
        ok=(302,),
        reason="sends the editor to the template of the service's draft, or of its published version",
    ),
    "kantor/templat-dokumen/<int:standard_id>/": Route(
        lambda w: f"/kantor/templat-dokumen/{w.standard.pk}/", DOC_TEMPLATE_A
    ),
    "kantor/templat-dokumen/<int:standard_id>/pratinjau": Route(
        lambda w: f"/kantor/templat-dokumen/{w.standard.pk}/pratinjau",
        DOC_TEMPLATE_A,
        kind=ACTION,
        method="POST",
        data=lambda w: {"title": "Surat Izin Usaha Mikro", "body": "Diberikan kepada {{ pemohon.nama }}."},
    ),
    "kantor/kop-surat/<str:region_code>/": Route(lambda w: f"/kantor/kop-surat/{w.bandung.code}/", DOC_TEMPLATE_A),
    "api/v1/documents/<code>/verification": api(lambda w: f"/api/v1/documents/{w.doc.code}/verification"),
    "api/v1/documents/verification": api(lambda w: "/api/v1/documents/verification", method="POST", ok=(400, 422)),
    # --- civil servants' self-service (loket.hr, /pegawai/): an employee record is needed, then person-based scope
    "pegawai/": Route(lambda w: "/pegawai/", EMPLOYEE, browse_as="employee"),
    "pegawai/cuti/": Route(lambda w: "/pegawai/cuti/", EMPLOYEE, browse_as="employee"),
    "pegawai/cuti/baru/": Route(lambda w: "/pegawai/cuti/baru/", EMPLOYEE, browse_as="employee"),
    # BKD in scope reads them too (the HR profile page links here), without an employee record
    "pegawai/cuti/<int:leave_id>/": Route(
        lambda w: f"/pegawai/cuti/{w.leave.pk}/", LEAVE_PARTIES | HR_VIEW_A, browse_as="superior"
    ),  # the approver's view, with the decision form
    "pegawai/cuti/<int:leave_id>/batal/": Route(
        lambda w: f"/pegawai/cuti/{w.leave_done.pk}/batal/",
        frozenset({"employee"}),
        kind=ACTION,
        method="POST",
        ok=(302,),
    ),
    # a valid decision: only the direct superior may take it (the official's turn comes after it; head_a is
    # visited before the superior, see world.ACTORS); the employee and the official are refused with 403
    "pegawai/cuti/<int:leave_id>/putuskan/": Route(
        lambda w: f"/pegawai/cuti/{w.leave.pk}/putuskan/",
        frozenset({"superior"}),
        kind=ACTION,
        method="POST",
        ok=(302,),
        data=lambda w: {"decision": "approved"},
    ),
    "pegawai/cuti/<int:leave_id>/surat-izin/": Route(
        lambda w: f"/pegawai/cuti/{w.leave_done.pk}/surat-izin/", LEAVE_PARTIES | HR_VIEW_A, browse_as="employee"
    ),
    "pegawai/dokumen/": Route(lambda w: "/pegawai/dokumen/", EMPLOYEE, browse_as="employee"),
    "pegawai/persetujuan/": Route(lambda w: "/pegawai/persetujuan/", EMPLOYEE, browse_as="superior"),
    # the month of the employee's pending leave: the team calendar has a day on it
    "pegawai/tim/": Route(lambda w: f"/pegawai/tim/?bulan={w.leave.first:%Y-%m}", TEAM_HEADS, browse_as="superior"),
    "pegawai/tim/<str:nip>/": Route(lambda w: f"/pegawai/tim/{w.employees['employee'].nip}/", frozenset({"superior"})),
    "pegawai/delegasi/": Route(lambda w: "/pegawai/delegasi/", EMPLOYEE, browse_as="superior"),
    "pegawai/kgb/": Route(lambda w: "/pegawai/kgb/", EMPLOYEE),
    "pegawai/angka-kredit/": Route(lambda w: "/pegawai/angka-kredit/", EMPLOYEE),
    "pegawai/angka-kredit/tandatangani/": Route(
        lambda w: "/pegawai/angka-kredit/tandatangani/", EMPLOYEE, browse_as="head_a"
    ),
    "pegawai/angka-kredit/<int:pak_id>/tandatangani/": Route(
        lambda w: f"/pegawai/angka-kredit/{w.pak.pk}/tandatangani/",
        frozenset({"head_a"}),
        kind=ACTION,
        method="POST",
        ok=(302,),
    ),  # the official (a wrong code is told on the list); the employee, BKD and the others are refused
    "pegawai/kgb/<int:decision_id>/": Route(
        lambda w: f"/pegawai/kgb/{w.kgb.pk}/", frozenset({"head_a"}) | HR_VIEW_A, browse_as="head_a"
    ),  # the official, with the signing form
    "pegawai/kgb/<int:decision_id>/tandatangani/": Route(
        lambda w: f"/pegawai/kgb/{w.kgb.pk}/tandatangani/", frozenset({"head_a"}), kind=ACTION, method="POST", ok=(302,)
    ),
    "pegawai/kgb/<int:decision_id>/tunda/": Route(
        lambda w: f"/pegawai/kgb/{w.kgb.pk}/tunda/", frozenset({"head_a"}), kind=ACTION, method="POST", ok=(302,)
    ),
    # --- BKD back office (/kantor/kepegawaian/): hr.view / hr.manage over the employee's agency
    "kantor/kepegawaian/": Route(lambda w: "/kantor/kepegawaian/", HR_OFFICE_ANY, browse_as="hr_admin"),
    # the manual baselines of the civil-service services (insights, issue 17): read by the HR office and the
    # inspectorate; changed by the HR office of the service's region only (hr.manage over agency A)
    "kantor/kepegawaian/angka-manual/": Route(
        lambda w: "/kantor/kepegawaian/angka-manual/", HR_OFFICE_ANY, browse_as="hr_admin"
    ),
    "kantor/kepegawaian/angka-manual/<str:code>/": Route(
        lambda w: "/kantor/kepegawaian/angka-manual/cuti-asn-kota-bandung/", HR_MANAGE_A
    ),
    "kantor/kepegawaian/pegawai/<str:nip>/": Route(
        lambda w: f"/kantor/kepegawaian/pegawai/{w.employees['employee'].nip}/", HR_VIEW_A, browse_as="hr_admin"
    ),
    "kantor/kepegawaian/pegawai/<str:nip>/fungsional/": Route(
        lambda w: f"/kantor/kepegawaian/pegawai/{w.employees['employee'].nip}/fungsional/",
        HR_VIEW_A,
        browse_as="hr_admin",
    ),
    "kantor/kepegawaian/angka-kredit/": Route(
        lambda w: "/kantor/kepegawaian/angka-kredit/", HR_OFFICE_ANY, browse_as="hr_admin"
    ),
    "kantor/kepegawaian/angka-kredit/<int:pak_id>/": Route(
        lambda w: f"/kantor/kepegawaian/angka-kredit/{w.pak.pk}/", HR_VIEW_A, browse_as="hr_admin"
    ),
    "kantor/kepegawaian/impor/": Route(lambda w: "/kantor/kepegawaian/impor/", HR_MANAGE_ANY),
    "kantor/kepegawaian/impor/<int:job_id>/": Route(
        lambda w: f"/kantor/kepegawaian/impor/{w.import_job.pk}/", HR_MANAGE_A
    ),
    "kantor/kepegawaian/kgb/": Route(lambda w: "/kantor/kepegawaian/kgb/", HR_OFFICE_ANY, browse_as="hr_admin"),
    "kantor/kepegawaian/kgb/ekspor-gaji/": Route(
        lambda w: "/kantor/kepegawaian/kgb/ekspor-gaji/", HR_MANAGE_ANY, browse_as="hr_admin"
    ),
    "kantor/kepegawaian/kgb/<int:decision_id>/": Route(
        lambda w: f"/kantor/kepegawaian/kgb/{w.kgb_review.pk}/",
        HR_MANAGE_ANY,
        kind=ACTION,
        method="POST",
        ok=(302,),
        data=lambda w: {"action": ""},
    ),  # refused before it is read to whoever manages no HR; a manager elsewhere is told the action is unknown
    # --- performance ratings (SKP) and e-Pangkat
    "pegawai/kinerja/": Route(lambda w: "/pegawai/kinerja/?tahun=2025", TEAM_HEADS, browse_as="superior"),
    "kantor/kepegawaian/kinerja/impor/": Route(lambda w: "/kantor/kepegawaian/kinerja/impor/", HR_MANAGE_ANY),
    "kantor/kepegawaian/pegawai/<str:nip>/kinerja/": Route(
        lambda w: f"/kantor/kepegawaian/pegawai/{w.employees['employee'].nip}/kinerja/",
        HR_MANAGE_A,
        kind=ACTION,
        method="POST",
        ok=(302,),
        data=lambda w: {"year": "2025", "rating": "baik"},
    ),
    "pegawai/kenaikan-pangkat/": Route(lambda w: "/pegawai/kenaikan-pangkat/", EMPLOYEE, browse_as="employee"),
    "pegawai/kenaikan-pangkat/tandatangani/": Route(
        lambda w: "/pegawai/kenaikan-pangkat/tandatangani/", EMPLOYEE, browse_as="head_a"
    ),
    "pegawai/kenaikan-pangkat/<int:promotion_id>/": Route(
        lambda w: f"/pegawai/kenaikan-pangkat/{w.promotion.pk}/",
        frozenset({"employee", "head_a"}) | HR_VIEW_A,
        browse_as="employee",
    ),  # the employee's from the start (their case), the official who signs it, BKD
    "pegawai/kenaikan-pangkat/<int:promotion_id>/tandatangani/": Route(
        lambda w: f"/pegawai/kenaikan-pangkat/{w.promotion.pk}/tandatangani/",
        frozenset({"head_a"}),
        kind=ACTION,
        method="POST",
        ok=(302,),
    ),
    "kantor/kepegawaian/kenaikan-pangkat/": Route(
        lambda w: "/kantor/kepegawaian/kenaikan-pangkat/", HR_OFFICE_ANY, browse_as="hr_admin"
    ),
    "kantor/kepegawaian/kenaikan-pangkat/<int:promotion_id>/": Route(
        lambda w: f"/kantor/kepegawaian/kenaikan-pangkat/{w.promotion.pk}/", HR_VIEW_A, browse_as="hr_admin"
    ),
    "pegawai/pensiun/": Route(lambda w: "/pegawai/pensiun/", EMPLOYEE, browse_as="employee"),
    "pegawai/pensiun/tandatangani/": Route(lambda w: "/pegawai/pensiun/tandatangani/", EMPLOYEE, browse_as="head_a"),
    "pegawai/pensiun/<int:file_id>/tandatangani/": Route(
        lambda w: f"/pegawai/pensiun/{w.pension.pk}/tandatangani/",
        frozenset({"head_a"}),
        kind=ACTION,
        method="POST",
        ok=(302,),
    ),
    "kantor/kepegawaian/pensiun/": Route(lambda w: "/kantor/kepegawaian/pensiun/", HR_OFFICE_ANY, browse_as="hr_admin"),
    "kantor/kepegawaian/pensiun/<int:file_id>/": Route(
        lambda w: f"/kantor/kepegawaian/pensiun/{w.pension.pk}/", HR_VIEW_A, browse_as="hr_admin"
    ),
    # --- e-Mutasi (transfers): the employee, the officials of both sides, BKD; the formation
    "pegawai/mutasi/": Route(lambda w: "/pegawai/mutasi/", EMPLOYEE, browse_as="employee"),
    "pegawai/mutasi/setujui/": Route(lambda w: "/pegawai/mutasi/setujui/", EMPLOYEE, browse_as="head_a"),
    "pegawai/mutasi/<int:transfer_id>/setujui/": Route(
        lambda w: f"/pegawai/mutasi/{w.transfer.pk}/setujui/",
        frozenset({"head_a"}),  # the sending agency's official, whose approval is due
        kind=ACTION,
        method="POST",
        ok=(302,),
    ),
    "pegawai/mutasi/tandatangani/": Route(lambda w: "/pegawai/mutasi/tandatangani/", EMPLOYEE, browse_as="head_a"),
    "pegawai/mutasi/<int:transfer_id>/tandatangani/": Route(
        lambda w: f"/pegawai/mutasi/{w.transfer_sign.pk}/tandatangani/",
        frozenset({"head_a"}),
        kind=ACTION,
        method="POST",
        ok=(302,),
    ),
    "kantor/kepegawaian/mutasi/": Route(lambda w: "/kantor/kepegawaian/mutasi/", HR_OFFICE_ANY, browse_as="hr_admin"),
    "kantor/kepegawaian/mutasi/<int:transfer_id>/": Route(
        lambda w: f"/kantor/kepegawaian/mutasi/{w.transfer_sign.pk}/", HR_VIEW_A, browse_as="hr_admin"
    ),
    "kantor/kepegawaian/formasi/": Route(lambda w: "/kantor/kepegawaian/formasi/", HR_OFFICE_ANY, browse_as="hr_admin"),
    # --- e-Kartu (the digital employee card): the holder, BKD, and the public verification (no login)
    "pegawai/kartu/": Route(lambda w: "/pegawai/kartu/", EMPLOYEE, browse_as="employee"),
    "pegawai/kartu/kartu.pdf": Route(lambda w: "/pegawai/kartu/kartu.pdf", EMPLOYEE, kind=FILE),
    "kantor/kepegawaian/kartu/": Route(lambda w: "/kantor/kepegawaian/kartu/", HR_OFFICE_ANY, browse_as="hr_admin"),
    "kantor/kepegawaian/pegawai/<str:nip>/kartu/": Route(
        lambda w: f"/kantor/kepegawaian/pegawai/{_card(w).employee.nip}/kartu/", HR_VIEW_A, browse_as="hr_admin"
    ),
    "kantor/kepegawaian/pegawai/<str:nip>/kartu.pdf": Route(
        lambda w: f"/kantor/kepegawaian/pegawai/{_card(w).employee.nip}/kartu.pdf", HR_VIEW_A, kind=FILE
    ),
    "kartu/v/<str:token>": Route(lambda w: f"/kartu/v/{_card(w).token}"),
    "kartu/kunci.json": Route(lambda w: (_card(w), "/kartu/kunci.json")[1], kind=FILE),
    "kartu/dicabut/<str:code>.cwt": Route(lambda w: f"/kartu/dicabut/{_card(w).region.code}.cwt", kind=FILE),
    "kartu/periksa/": Route(lambda w: "/kartu/periksa/"),
    "api/v1/hr/me": api(lambda w: "/api/v1/hr/me", EMPLOYEE),
    "api/v1/hr/employees/<nip>": api(
        lambda w: f"/api/v1/hr/employees/{w.employees['employee'].nip}", frozenset({"employee", "superior"}) | HR_VIEW_A
    ),
    "api/v1/hr/leave": api(lambda w: "/api/v1/hr/leave", EMPLOYEE),
    "api/v1/hr/leave/<leave_id>/decision": api(
        lambda w: f"/api/v1/hr/leave/{w.leave.pk}/decision",
        frozenset({"superior"}),
        method="POST",
        data=lambda w: {"decision": "approved"},
    ),
    # --- accounts (allauth, /akun/)
    "akun/login/": Route(lambda w: "/akun/login/", ANONYMOUS, others=(302,)),
    "akun/signup/": Route(lambda w: "/akun/signup/", ANONYMOUS, others=(302,)),
    "akun/logout/": Route(lambda w: "/akun/logout/", SIGNED_IN, anonymous=(302,), browse_as="citizen"),
    "akun/inactive/": Route(lambda w: "/akun/inactive/"),
    "akun/reauthenticate/": Route(lambda w: "/akun/reauthenticate/", SIGNED_IN, browse_as="citizen"),
    # allauth 65.22: re-authentication by an e-mailed code. Loket re-authenticates by password or TOTP only
    # (ACCOUNT_REAUTHENTICATION_METHODS), so allauth refuses these to every signed-in user (403); anonymous
    # goes to the login page.
    "akun/reauthenticate/code/": Route(
        lambda w: "/akun/reauthenticate/code/",
        frozenset(),
        kind=ACTION,
        reason="re-authentication by code is not among Loket's methods",
    ),
    "akun/reauthenticate/code/confirm/": Route(
        lambda w: "/akun/reauthenticate/code/confirm/",
        frozenset(),
        kind=ACTION,
        reason="re-authentication by code is not among Loket's methods",
    ),
    "akun/email/": Route(lambda w: "/akun/email/", SIGNED_IN, browse_as="citizen"),
    "akun/confirm-email/": Route(lambda w: "/akun/confirm-email/"),
    "akun/^confirm-email/(?P<key>[-:\\w]+)/$": Route(lambda w: "/akun/confirm-email/kunci-palsu/", ok=(200, 404)),
    "akun/password/change/": Route(lambda w: "/akun/password/change/", SIGNED_IN, browse_as="citizen"),
    "akun/password/set/": Route(
        lambda w: "/akun/password/set/",
        SIGNED_IN,
        kind=REDIRECT,
        ok=(302,),
        reason="every fixture user has a password: allauth sends them to password/change",
    ),
    "akun/password/reset/": Route(lambda w: "/akun/password/reset/", ANONYMOUS, others=(200, 302)),
    "akun/password/reset/done/": Route(lambda w: "/akun/password/reset/done/"),
    "akun/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": Route(
        lambda w: "/akun/password/reset/key/1-kunci-palsu/", ANONYMOUS, others=(200, 302)
    ),
    "akun/password/reset/key/done/": Route(lambda w: "/akun/password/reset/key/done/"),
    "akun/login/code/confirm/": Route(
        lambda w: "/akun/login/code/confirm/",
        kind=REDIRECT,
        ok=(302,),
        reason="only inside a pending login-by-code; login by code is off",
    ),
    "akun/2fa/": Route(lambda w: "/akun/2fa/", SIGNED_IN, browse_as="officer_a"),
    "akun/2fa/authenticate/": Route(
        lambda w: "/akun/2fa/authenticate/",
        kind=REDIRECT,
        ok=(302,),
        reason="only inside a pending login (password accepted, TOTP asked)",
    ),
    "akun/2fa/reauthenticate/": Route(
        lambda w: "/akun/2fa/reauthenticate/",
        SIGNED_IN,
        kind=REDIRECT,
        ok=(302,),
        ok_for=tuple((actor, (200,)) for actor in sorted(TOTP_ACTORS)),
        reason="only for a user with an authenticator",
    ),
    "akun/2fa/totp/activate/": Route(
        lambda w: "/akun/2fa/totp/activate/",
        SIGNED_IN,
        browse_as="officer_a",
        session=recent_login,
        # TOTP already active: to the 2FA page
        ok_for=tuple((actor, (302,)) for actor in sorted(TOTP_ACTORS)),
    ),
    "akun/2fa/totp/deactivate/": Route(
        lambda w: "/akun/2fa/totp/deactivate/",
        SIGNED_IN,
        kind=REDIRECT,
        ok=(302, 404),
        reason="only for a user with TOTP active",
    ),
    "akun/2fa/recovery-codes/": Route(
        lambda w: "/akun/2fa/recovery-codes/",
        SIGNED_IN,
        kind=REDIRECT,
        ok=(302, 404),
        reason="only for a user with TOTP active",
    ),
    "akun/2fa/recovery-codes/generate/": Route(
        lambda w: "/akun/2fa/recovery-codes/generate/",
        SIGNED_IN,
        kind=REDIRECT,
        ok=(302, 404),
        reason="only for a user with TOTP active",
    ),
    "akun/2fa/recovery-codes/download/": Route(
        lambda w: "/akun/2fa/recovery-codes/download/",
        SIGNED_IN,
        kind=REDIRECT,
        ok=(302, 404),
        reason="only for a user with TOTP active",
    ),
}

ROUTES.update(
    {
        # loket.payments: the receiving treasurer's discrepancies of the daily reconciliation and the daily report
        # (issue 18). Resolving without a note is refused with the page again (400); another agency's treasurer
        # would get 404 (tests/payments/test_finance_inbox.py).
        "kantor/keuangan/": Route(lambda w: "/kantor/keuangan/", FINANCE_A),
        "kantor/keuangan/selisih/<int:discrepancy_id>/": Route(
            lambda w: f"/kantor/keuangan/selisih/{w.discrepancy.pk}/", FINANCE_A
        ),
        "kantor/keuangan/selisih/<int:discrepancy_id>/selesaikan": Route(
            lambda w: f"/kantor/keuangan/selisih/{w.discrepancy.pk}/selesaikan",
            FINANCE_A,
            kind=ACTION,
            method="POST",
            ok=(400,),
        ),
        "kantor/keuangan/laporan/": Route(lambda w: "/kantor/keuangan/laporan/", FINANCE_A),
        "kantor/keuangan/laporan/unduh": Route(lambda w: "/kantor/keuangan/laporan/unduh", FINANCE_A, kind=FILE),
        # loket.org: declared relatives (conflict of interest, issue 13). `relative` is officer_a's declaration:
        # only they may withdraw it (the reason is missing here: the page answers with the message, 302).
        "kantor/keluarga/": Route(lambda w: "/kantor/keluarga/", OFFICIALS, browse_as="officer_a"),
        "kantor/keluarga/<int:relative_id>/cabut/": Route(
            lambda w: f"/kantor/keluarga/{w.relative.pk}/cabut/",
            frozenset({"officer_a"}),
            kind=ACTION,
            method="POST",
            ok=(302,),
        ),
        "kantor/keluarga/petugas/": Route(lambda w: "/kantor/keluarga/petugas/", OVERSEE_ANY, browse_as="supervisor_a"),
        # loket.feedback: the SKM survey after a decision (the applicant), the per-unit QR survey (anyone, with a
        # signed token), the office's survey pages (insights.view)
        "permohonan/<str:tracking>/survei/": Route(lambda w: f"/permohonan/{w.app.tracking_number}/survei/", OWNER),
        "survei/terima-kasih/": Route(lambda w: "/survei/terima-kasih/"),
        "survei/<int:unit_id>/<str:token>/": Route(_unit_survey_url),
        "kantor/survei/": Route(lambda w: "/kantor/survei/", INSIGHTS_ANY),
        "kantor/survei/unit/<int:unit_id>/": Route(lambda w: f"/kantor/survei/unit/{_unit_a(w).pk}/", INSIGHTS_A),
        # loket.insights: the command centre (insights.view), public transparency pages and open data
        "kantor/dasbor/": Route(lambda w: "/kantor/dasbor/", INSIGHTS_ANY),
        "kantor/integritas/": Route(lambda w: "/kantor/integritas/", AUDIT_ANY),
        "transparansi/": Route(lambda w: "/transparansi/"),
        "transparansi/<slug:slug>/": Route(lambda w: f"/transparansi/{w.agency_a.slug}/"),
        "transparansi/log-audit/kepala-<int:pk>.json": Route(
            lambda w: "/transparansi/log-audit/kepala-1.json", kind=FILE, ok=(200, 404)
        ),  # the audit chain's published heads (ADR 0012): public
        "^data/log-audit/kepala-rantai\\.(?P<fmt>json|csv)$": Route(
            lambda w: "/data/log-audit/kepala-rantai.json", kind=FILE
        ),
        "data/": Route(lambda w: "/data/"),
        "data/indikator/": Route(lambda w: "/data/indikator/"),  # the indicator catalogue (issue 14): public
        "data/datapackage.json": Route(lambda w: "/data/datapackage.json", kind=FILE, ok=(200, 404)),
        "^data/(?P<name>\\d{4}/(?:layanan|ikm|kepegawaian|pembayaran|pembayaran-tanpa-kasus)-bulanan\\.(?:csv|json))$": Route(
            lambda w: "/data/2026/layanan-bulanan.csv", kind=FILE, ok=(200, 404)
        ),
        "api/v1/statistik/instansi/<slug>": api(lambda w: f"/api/v1/statistik/instansi/{w.agency_a.slug}"),
        "api/v1/statistik/datapackage": api(lambda w: "/api/v1/statistik/datapackage", ok=(200, 404)),
        "api/v1/statistik/<year>/<resource>": api(lambda w: "/api/v1/statistik/2026/layanan-bulanan", ok=(200, 404)),
    }
)

# The same patterns again with an object whose audience differs (ROUTES holds one entry per pattern); the
# refusal matrix checks these too. An HR document (the employee's signed leave permit, issued through
# loket.documents) is personal data (UU 27/2022): in the documents office it is shown only to whoever holds
# document.view over agency A AND may read the employee's HR record (the employee, their superior, the BKD
# of the employee's own region, the inspector) — never to agency A's document officers as such.
HR_RECORD_READERS = frozenset({"employee", "superior"}) | HR_VIEW_A
HR_DOC_VIEW_A = DOC_VIEW_A & HR_RECORD_READERS
VARIANTS = {
    "kantor/dokumen/<str:code>/ (HR document)": Route(
        lambda w: f"/kantor/dokumen/{w.permit_doc.code}/", HR_DOC_VIEW_A, browse_as="inspector"
    ),
    "kantor/dokumen/<str:code>/unduh (HR document)": Route(
        lambda w: f"/kantor/dokumen/{w.permit_doc.code}/unduh", HR_DOC_VIEW_A, kind=FILE
    ),
    "kantor/dokumen/<str:code>/cetak (HR document)": Route(
        lambda w: f"/kantor/dokumen/{w.permit_doc.code}/cetak", HR_DOC_VIEW_A, kind=ACTION, method="POST"
    ),
}

# Django's admin: superusers (is_staff) only, Django's own views and tests. One entry covers all its patterns;
# the refusal matrix checks its index refuses every actor of the world (none is is_staff).
ADMIN_PREFIX = "admin/"
ADMIN = Route(
    lambda w: "/admin/",
    frozenset(),
    kind=REDIRECT,
    others=(302,),
    anonymous=(302,),
    reason="Django admin (is_staff only)",
    keyboard=False,
)

# Apps whose routes are being built right now by other engineers: their unclassified patterns are
# reported in the terminal summary, not failed. Remove an app from this tuple once its routes are in ROUTES.
PENDING_APPS: tuple[str, ...] = ()


def _api_modules() -> dict[str, str]:
    """Full pattern of each ninja operation -> the module of its view function (ninja wraps them all)."""
    from loket.api.router import api as ninja_api

    modules = {}
    for _prefix, router in ninja_api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                pattern = "api/v1/" + path.strip("/").replace("{", "<").replace("}", ">")
                modules[pattern] = operation.view_func.__module__
    return modules


def resolver_patterns(patterns=None, prefix: str = "") -> list[tuple[str, str]]:
    """(full pattern, module of the view) for every URL pattern the site serves."""
    if patterns is None:
        api_modules = _api_modules()
        return [
            (pattern, api_modules.get(pattern, module))
            for pattern, module in resolver_patterns(get_resolver().url_patterns, "")
        ]
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            found.extend(resolver_patterns(entry.url_patterns, prefix + str(entry.pattern)))
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), getattr(entry.callback, "__module__", "")))
    return found


def classify(pattern: str) -> Route | None:
    if pattern.startswith(ADMIN_PREFIX):
        return ADMIN
    return ROUTES.get(pattern)


def pending(pattern: str, module: str) -> bool:
    return module.startswith(PENDING_APPS)


def checked_routes() -> list[tuple[str, Route]]:
    """Every classified route that is served now (stale registry entries are reported by test_routes)."""
    served = {pattern for pattern, _ in resolver_patterns()}
    return [(pattern, route) for pattern, route in ROUTES.items() if pattern in served and route.kind != EXCLUDED]


def pages() -> list[tuple[str, Route]]:
    return [(pattern, route) for pattern, route in checked_routes() if route.kind == PAGE]


__all__ = ["ROUTES", "VARIANTS", "Route", "classify", "resolver_patterns", "checked_routes", "pages"]
