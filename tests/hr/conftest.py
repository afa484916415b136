"""HR fixtures: an agency with a unit tree, its heads, staff, an HR admin, and CSV helpers."""

import datetime as dt

import pytest

from loket.hr.importing import upsert_employees
from loket.hr.models import Employee
from loket.org.models import Role, Unit
from tests.conftest import make_user

HEADER = [
    "NIP_BARU",
    "NAMA",
    "GELAR_DEPAN",
    "GELAR_BELAKANG",
    "STATUS_CPNS_PNS",
    "GOL_AKHIR_NAMA",
    "TMT_GOLONGAN",
    "MK_TAHUN",
    "MK_BULAN",
    "JENIS_JABATAN_NAMA",
    "JABATAN_NAMA",
    "TMT_JABATAN",
    "SATUAN_KERJA_KERJA_NAMA",
    "UNOR_NAMA",
    "KEPALA_UNOR",
    "GAJI_POKOK",
    "TMT_KGB",
    "PREDIKAT_KINERJA",
    "TINGKAT_PENDIDIKAN_NAMA",
]


def nip(birth: str, tmt: str, sex: int, serial: int) -> str:
    """birth YYYYMMDD, tmt YYYYMM (PNS) or YYYY2F (PPPK)."""
    return f"{birth}{tmt}{sex}{serial:03d}"


def row(
    nip_: str,
    name: str,
    *,
    agency="dpmptsp-kota-bandung",
    unit="",
    head="",
    status="P",
    grade="III/a",
    position_type="Pelaksana",
    position="Pengadministrasi Perizinan",
    tmt_grade="01-04-2020",
    mkg="6",
    salary="3196000",
    tmt_kgb="01-04-2024",
    performance="baik",
    **extra,
) -> dict:
    values = {
        "NIP_BARU": nip_,
        "NAMA": name,
        "GELAR_DEPAN": "",
        "GELAR_BELAKANG": "",
        "STATUS_CPNS_PNS": status,
        "GOL_AKHIR_NAMA": grade,
        "TMT_GOLONGAN": tmt_grade,
        "MK_TAHUN": mkg,
        "MK_BULAN": "0",
        "JENIS_JABATAN_NAMA": position_type,
        "JABATAN_NAMA": position,
        "TMT_JABATAN": "01-01-2022",
        "SATUAN_KERJA_KERJA_NAMA": agency,
        "UNOR_NAMA": unit,
        "KEPALA_UNOR": head,
        "GAJI_POKOK": salary,
        "TMT_KGB": tmt_kgb,
        "PREDIKAT_KINERJA": performance,
        "TINGKAT_PENDIDIKAN_NAMA": "S1",
    }
    values.update(extra)
    return values


def to_csv(rows: list[dict], delimiter=",") -> bytes:
    header = list(HEADER) + [k for k in rows[0] if k not in HEADER] if rows else list(HEADER)
    lines = [delimiter.join(header)] + [delimiter.join(r.get(h, "") for h in header) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def numbered(rows: list[dict]):
    return list(enumerate(rows, start=2))


@pytest.fixture
def org(agency_a):
    """agency_a (Kota Bandung): Bidang Perizinan > Seksi Perizinan Usaha; Bidang Pengaduan."""
    bidang = Unit.objects.get(agency=agency_a, name="Bidang Perizinan")
    seksi = Unit.objects.create(agency=agency_a, name="Seksi Perizinan Usaha", parent=bidang)
    pengaduan = Unit.objects.create(agency=agency_a, name="Bidang Pengaduan")
    return {"agency": agency_a, "bidang": bidang, "seksi": seksi, "pengaduan": pengaduan}


STAFF = {
    # key: (nip, name, unit key, head, grade, position type)
    "kadis": (nip("19700101", "199503", 1, 1), "Bambang Sutrisno", "", "Y", "IV/c", "JPT"),
    "kabid": (nip("19750505", "200003", 1, 2), "Dewi Lestari", "bidang", "Y", "IV/a", "Administrator"),
    "kasi": (nip("19800808", "200503", 2, 3), "Rudi Hartono", "seksi", "Y", "III/d", "Pengawas"),
    "staf": (nip("19900202", "201503", 2, 4), "Siti Aminah", "seksi", "", "III/a", "Pelaksana"),
    "staf2": (nip("19920303", "201803", 1, 5), "Agus Salim", "seksi", "", "III/a", "Pelaksana"),
    "kabid2": (nip("19780707", "200303", 2, 6), "Rina Wati", "pengaduan", "Y", "IV/a", "Administrator"),
    "staf3": (nip("19910909", "201603", 1, 7), "Joko Widodo", "pengaduan", "", "II/c", "Pelaksana"),
}


@pytest.fixture
def leave_service(province_agency, category):
    """The province's leave service (kind "leave" for the province and its regencies), with e-Cuti's SOP."""
    from loket.applications import services as applications
    from loket.catalogue import services as catalogue
    from loket.hr.cases import LEAVE_FORM, LEAVE_STEPS
    from loket.hr.models import CaseService
    from loket.workflow import services as workflow
    from tests.conftest import COMPLETE_CONTENT

    editor = make_user("editor_bkd", (Role.CATALOGUE_EDITOR, province_agency))
    service = catalogue.create_service(
        actor=editor,
        agency=province_agency,
        code="cuti-asn-jabar",
        name_id="Permohonan Cuti Pegawai ASN",
        category=category,
        audience="employee",
        channels=["online"],
    )
    draft = catalogue.open_draft(actor=editor, service=service)
    catalogue.update_draft(actor=editor, draft=draft, changes=dict(COMPLETE_CONTENT))
    workflow.save_procedure(actor=editor, standard=draft, steps=[dict(step) for step in LEAVE_STEPS])
    applications.save_form(actor=editor, standard=draft, fields=LEAVE_FORM)
    catalogue.publish(actor=editor, service=service)
    service.refresh_from_db()
    CaseService.objects.create(kind=CaseService.Kind.LEAVE, region=province_agency.region, service=service)
    return service


@pytest.fixture
def staff(org, leave_service):
    """Seven employees of agency_a with accounts (username = NIP), heads set; returns {key: Employee}."""
    rows = [
        row(n, name, unit=org[u].name if u else "", head=h, grade=g, position_type=t)
        for (n, name, u, h, g, t) in STAFF.values()
    ]
    outcome = upsert_employees(numbered(rows), source="csv", today=dt.date(2026, 11, 23))
    assert outcome.ok, outcome.errors
    employees = {key: Employee.objects.get(nip=value[0]) for key, value in STAFF.items()}
    for employee in employees.values():
        employee.user.set_password("rahasia-uji-123")
        employee.user.email = f"{employee.nip}@example.go.id"
        employee.user.save()
    return employees


@pytest.fixture
def hr_admin(kota_bandung):
    return make_user("bkd_bandung", (Role.HR_ADMIN, kota_bandung))


@pytest.fixture
def hr_admin_bogor(kab_bogor):
    return make_user("bkd_bogor", (Role.HR_ADMIN, kab_bogor))


# --- signed documents (the leave permit and the KGB notice are PAdES-signed PDFs from loket.documents) -----


@pytest.fixture(scope="session")
def _hr_signing_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("hr-signing")


@pytest.fixture(autouse=True)
def _signed_document_storage(settings, tmp_path, _hr_signing_dir):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_SIGNING_DIR = str(_hr_signing_dir)
    settings.LOKET_PUBLIC_URL = "https://loket.example.go.id"
    settings.LOKET_SIGNING_BACKEND = "local"
    # Used TOTP codes live in the shared cache, a database table: rolled back with each test.


_SECRETS: dict[int, str] = {}


def otp(employee_or_user) -> str:
    """The current TOTP code of an official (activating their authenticator on first use). The cache of used
    codes is cleared first, so a test may sign twice within one 30-second step."""
    import time

    from allauth.mfa.models import Authenticator
    from django.core.cache import cache

    from tests.workflow.conftest import activate_totp, totp_code

    user = getattr(employee_or_user, "user", employee_or_user)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        _SECRETS[user.pk] = activate_totp(user)
    cache.clear()
    return totp_code(_SECRETS[user.pk], time.time())
