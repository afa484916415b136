"""HR: SIASN CSV rows (NIP, header, rows, CSV bytes), the seven staff of agency A, and an official's TOTP code."""

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


_SECRETS: dict[int, str] = {}


def otp(employee_or_user) -> str:
    """The current TOTP code of an official (activating their authenticator on first use). The cache of used
    codes is cleared first, so a test may sign twice within one 30-second step."""
    import time

    from allauth.mfa.models import Authenticator
    from django.core.cache import cache

    from tests.helpers.auth import activate_totp, totp_code

    user = getattr(employee_or_user, "user", employee_or_user)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        _SECRETS[user.pk] = activate_totp(user)
    cache.clear()
    if 30 - time.time() % 30 < 3:  # a code about to expire may be refused by the time it is posted
        time.sleep(30 - time.time() % 30 + 0.1)
    return totp_code(_SECRETS[user.pk], time.time())


def publish_leave_service(agency, category=None, code: str = "cuti-asn-jabar"):
    """A published leave service of `agency` with e-Cuti's SOP and form, carrying the leave cases of its
    region (and the regions below it): every leave request becomes a case on the engine."""
    from loket.hr.cases import LEAVE_FORM, LEAVE_STEPS
    from loket.hr.models import CaseService

    return _publish_case_service(
        agency, category, code, "Permohonan Cuti Pegawai ASN", CaseService.Kind.LEAVE, LEAVE_STEPS, LEAVE_FORM
    )


def publish_kgb_service(agency, category=None, code: str = "kgb-asn-jabar"):
    """A published KGB service of `agency` with e-KGB's SOP (BKD's review, the official's signature) and its
    read-only form, carrying the KGB cases of its region and the regions below it: every KGB draft of an
    employee with an account becomes a system-opened case on the engine."""
    from loket.hr.cases import KGB_FORM, KGB_STEPS, KGB_TIME_LIMIT_DAYS
    from loket.hr.models import CaseService

    return _publish_case_service(
        agency,
        category,
        code,
        "Kenaikan Gaji Berkala (KGB)",
        CaseService.Kind.KGB,
        KGB_STEPS,
        KGB_FORM,
        time_limit_days=KGB_TIME_LIMIT_DAYS,
    )


def _publish_case_service(agency, category, code, name, kind, steps, form, time_limit_days=None):
    from loket.applications import services as applications
    from loket.catalogue import services as catalogue
    from loket.catalogue.models import Category
    from loket.hr.models import CaseService
    from loket.org.models import Role
    from loket.workflow import services as workflow
    from tests.helpers.catalogue import COMPLETE_CONTENT
    from tests.helpers.org import make_user

    category = category or Category.objects.get_or_create(slug="kepegawaian", defaults={"name_id": "Kepegawaian"})[0]
    editor = make_user(f"editor_{code}", (Role.CATALOGUE_EDITOR, agency))
    service = catalogue.create_service(
        actor=editor,
        agency=agency,
        code=code,
        name_id=name,
        category=category,
        audience="employee",
        channels=["online"],
    )
    content = dict(COMPLETE_CONTENT)
    if time_limit_days:
        content["time_limit_days"] = time_limit_days
    draft = catalogue.open_draft(actor=editor, service=service)
    catalogue.update_draft(actor=editor, draft=draft, changes=content)
    workflow.save_procedure(actor=editor, standard=draft, steps=[dict(step) for step in steps])
    applications.save_form(actor=editor, standard=draft, fields=form)
    catalogue.publish(actor=editor, service=service)
    service.refresh_from_db()
    CaseService.objects.create(kind=kind, region=agency.region, service=service)
    return service


def publish_promotion_service(agency, category=None, code: str = "kenaikan-pangkat-jabar"):
    """A published promotion service of `agency` with e-Pangkat's SOP (BKD's verification with BKN's approval as
    an outside step, the official's signature) and its read-only form, carrying the promotion cases of its region."""
    from loket.hr.models import CaseService
    from loket.hr.promotion.cases import PROMOTION_FORM, PROMOTION_STEPS, PROMOTION_TIME_LIMIT_DAYS

    return _publish_case_service(
        agency,
        category,
        code,
        "Kenaikan Pangkat PNS",
        CaseService.Kind.PROMOTION,
        PROMOTION_STEPS,
        PROMOTION_FORM,
        time_limit_days=PROMOTION_TIME_LIMIT_DAYS,
    )


def publish_pension_service(agency, category=None, code: str = "pensiun-asn-jabar"):
    """A published pension service of `agency` with e-Pensiun's SOP (BKD's verification with BKN's approval as an
    outside step, the official's signature) and its read-only form, carrying the pension cases of its region."""
    from loket.hr.models import CaseService
    from loket.hr.pension.cases import PENSION_FORM, PENSION_STEPS, PENSION_TIME_LIMIT_DAYS

    return _publish_case_service(
        agency,
        category,
        code,
        "Pensiun PNS",
        CaseService.Kind.PENSION,
        PENSION_STEPS,
        PENSION_FORM,
        time_limit_days=PENSION_TIME_LIMIT_DAYS,
    )


def publish_pak_service(agency, category=None, code: str = "penetapan-angka-kredit-jabar"):
    """A published credit-point decree (PAK) service of `agency` with e-Fungsional's SOP (BKD's verification, the
    official's signature) and its read-only form, carrying the PAK cases of its region."""
    from loket.hr.functional.cases import PAK_FORM, PAK_STEPS, PAK_TIME_LIMIT_DAYS
    from loket.hr.models import CaseService

    return _publish_case_service(
        agency,
        category,
        code,
        "Penetapan Angka Kredit Jabatan Fungsional",
        CaseService.Kind.PAK,
        PAK_STEPS,
        PAK_FORM,
        time_limit_days=PAK_TIME_LIMIT_DAYS,
    )


def run_worker() -> int:
    """Run every task on the database queue in this process, as `loket worker --batch` does (a test with
    `django_db(transaction=True)`: the queued rows are committed). Returns how many ran; a failed task fails the
    test."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.filter(status="SUCCESSFUL").count()
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    return DBTaskResult.objects.filter(status="SUCCESSFUL").count() - before


def publish_transfer_service(agency, category=None, code: str = "mutasi-asn-jabar", decree_by: str = "receiving"):
    """A published transfer service of `agency` with e-Mutasi's SOP (both officials' approvals, the receiving BKD's
    verification with BKN's approval as an outside step, the decree's signature) carrying the transfer cases into
    its region and the regions below it."""
    from loket.hr.models import CaseService
    from loket.hr.transfer.cases import TRANSFER_FORM, TRANSFER_TIME_LIMIT_DAYS, transfer_steps

    return _publish_case_service(
        agency,
        category,
        code,
        "Mutasi Pegawai ASN",
        CaseService.Kind.TRANSFER,
        transfer_steps(decree_by),
        TRANSFER_FORM,
        time_limit_days=TRANSFER_TIME_LIMIT_DAYS,
    )


def receiving_province(province_agency, *, quota: int = 2, position: str = "Analis Perizinan", bkd: str = "bkd_jabar"):
    """The province's side of a transfer: its agency's head (an employee with an account, the official who approves
    and signs), a unit, the province's HR office (BKD) and a formation of `quota` places for `position` at any grade.
    Returns {"head", "unit", "bkd", "formation"}."""
    import datetime as dt

    from loket.hr.models import Employee, Formation, Headship
    from loket.org.models import Role, Unit
    from tests.helpers.org import make_user

    unit = Unit.objects.create(agency=province_agency, name="Bidang Pelayanan Perizinan")
    head_user = make_user("kadis_jabar")
    head = Employee.objects.create(
        nip=nip("19720303", "199803", 1, 91),
        user=head_user,
        name="Hendra Gunawan",
        birth_date=dt.date(1972, 3, 3),
        sex="M",
        status="PNS",
        service_start=dt.date(1998, 3, 1),
        agency=province_agency,
        region=province_agency.region,
        grade="IVc",
        position_type="jpt",
        position_name="Kepala Dinas Penanaman Modal dan PTSP Provinsi Jawa Barat",
        leave_records_from=2026,
    )
    Headship.objects.create(agency=province_agency, employee=head)
    bkd_user = make_user(bkd, (Role.HR_ADMIN, province_agency.region))
    formation = Formation.objects.create(
        agency=province_agency, unit=unit, position_type="pelaksana", position_name=position, quota=quota
    )
    return {"head": head, "unit": unit, "bkd": bkd_user, "formation": formation}
