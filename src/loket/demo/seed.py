"""Idempotent demo data: regions, agencies, users in roles, and a catalogue of real-looking services.

Everything is found by its natural key (region code, agency slug, username, service code) and only
created when missing, in one transaction, so running the seed twice changes nothing. Services are
written through `loket.catalogue.services` acting as the demo superuser, so every change has its
audit event; org objects and accounts get an audit event here. The chain is sealed at the end so
`loket audit verify` passes straight after `loket demo`.
"""

import base64
import hashlib
from collections import Counter
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from loket.applications import services as applications
from loket.applications.models import Application, CitizenProfile
from loket.catalogue import services as catalogue
from loket.catalogue.models import Category, Service
from loket.core import audit
from loket.core.errors import LoketError
from loket.demo.applications_data import CITIZENS, DEMO_SERVICES, KTP_EL_FORM, POOLS, DemoService
from loket.demo.catalogue_data import ADOPTIONS, CATEGORIES, DRAFTS, PROFILES, SERVICES, TEMPLATES, ServiceSpec
from loket.demo.history import HISTORY_KEY, History
from loket.demo.identity import seed_identities
from loket.demo.live import Live
from loket.hr.cases import KGB_FORM, KGB_STEPS, LEAVE_FORM, LEAVE_STEPS
from loket.hr.functional.cases import PAK_FORM, PAK_STEPS
from loket.hr.pension.cases import PENSION_FORM, PENSION_STEPS
from loket.hr.promotion.cases import PROMOTION_FORM, PROMOTION_STEPS
from loket.hr.transfer.cases import TRANSFER_FORM, TRANSFER_STEPS
from loket.org import permissions
from loket.org.models import Agency, Region, Role, RoleAssignment, Unit
from loket.workflow import services as workflow
from loket.workflow.models import ProcedureStep, Task

DEMO_PASSWORD = "loket-demo-2026"
EMAIL_DOMAIN = "demo.loket.id"

# (Kemendagri code, name, level, parent code, time zone)
REGIONS = (
    ("32", "Jawa Barat", Region.Level.PROVINCE, None, "WIB"),
    ("32.01", "Kabupaten Bogor", Region.Level.KABUPATEN, "32", "WIB"),
    ("32.04", "Kabupaten Bandung", Region.Level.KABUPATEN, "32", "WIB"),
    ("32.73", "Kota Bandung", Region.Level.KOTA, "32", "WIB"),
    ("32.75", "Kota Bekasi", Region.Level.KOTA, "32", "WIB"),
    ("32.76", "Kota Depok", Region.Level.KOTA, "32", "WIB"),
    ("63", "Kalimantan Selatan", Region.Level.PROVINCE, None, "WITA"),
    ("63.71", "Kota Banjarmasin", Region.Level.KOTA, "63", "WITA"),
)


@dataclass(frozen=True)
class DemoAgency:
    slug: str
    region: str
    name: str
    short_name: str
    profile: str  # key of catalogue_data.PROFILES: the management texts of this kind of agency
    address: str
    phone: str
    email: str
    units: tuple[tuple[str, str | None], ...]  # (name, parent unit name)


DPMPTSP_UNITS = (
    ("Bidang Pelayanan Perizinan", None),
    ("Seksi Perizinan Kesehatan dan Pendidikan", "Bidang Pelayanan Perizinan"),
    ("Bidang Pengaduan dan Informasi Layanan", None),
)
DISDUKCAPIL_UNITS = (
    ("Bidang Pelayanan Pendaftaran Penduduk", None),
    ("Bidang Pelayanan Pencatatan Sipil", None),
    ("Seksi Kelahiran dan Kematian", "Bidang Pelayanan Pencatatan Sipil"),
)

AGENCIES = (
    DemoAgency(
        "dpmptsp-jabar",
        "32",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Provinsi Jawa Barat",
        "DPMPTSP Jabar",
        "dpmptsp",
        "Jl. Windu No. 26, Burangrang, Lengkong, Kota Bandung",
        "(022) 7312474",
        "dpmptsp@jabarprov.go.id",
        (
            ("Bidang Pelayanan Perizinan dan Nonperizinan", None),
            ("Bidang Pengembangan Standar Pelayanan", None),
            ("Bidang Pengaduan dan Informasi Layanan", None),
        ),
    ),
    DemoAgency(
        "disdik-jabar",
        "32",
        "Dinas Pendidikan Provinsi Jawa Barat",
        "Disdik Jabar",
        "disdik",
        "Jl. Dr. Radjiman No. 6, Pasirkaliki, Cicendo, Kota Bandung",
        "(022) 4264813",
        "disdik@jabarprov.go.id",
        (
            ("Bidang Pembinaan SMA", None),
            ("Bidang Pembinaan SMK", None),
            ("Kantor Cabang Dinas Pendidikan Wilayah VII", None),
        ),
    ),
    DemoAgency(
        "inspektorat-kota-bandung",
        "32.73",
        "Inspektorat Daerah Kota Bandung",
        "Inspektorat",
        "dpmptsp",  # no services of its own in the catalogue data: the profile is never used
        "Jl. Wastukencana No. 2, Babakan Ciamis, Sumur Bandung, Kota Bandung",
        "(022) 4234793",
        "inspektorat@bandung.go.id",
        (("Sekretariat Inspektorat", None),),
    ),
    DemoAgency(
        "bkd-jabar",
        "32",
        "Badan Kepegawaian Daerah Provinsi Jawa Barat",
        "BKD Jabar",
        "bkd",
        "Jl. Kawaluyaan Indah Raya No. 4, Jatisari, Buahbatu, Kota Bandung",
        "(022) 7564800",
        "bkd@jabarprov.go.id",
        (("Bidang Kesejahteraan dan Kinerja Pegawai", None), ("Bidang Mutasi dan Promosi", None)),
    ),
    DemoAgency(
        "bapenda-jabar",
        "32",
        "Badan Pendapatan Daerah Provinsi Jawa Barat",
        "Bapenda Jabar",
        "bapenda",
        "Jl. Soekarno-Hatta No. 528, Kota Bandung",
        "(022) 7561122",
        "bapenda@jabarprov.go.id",
        (("Bidang Pajak Daerah", None), ("UPTD Pengelolaan Pendapatan Daerah Kota Bandung I", None)),
    ),
    DemoAgency(
        "dishub-jabar",
        "32",
        "Dinas Perhubungan Provinsi Jawa Barat",
        "Dishub Jabar",
        "dishub",
        "Jl. Sukabumi No. 1, Kacapiring, Batununggal, Kota Bandung",
        "(022) 7272258",
        "dishub@jabarprov.go.id",
        (("Bidang Angkutan", None), ("Bidang Lalu Lintas", None)),
    ),
    DemoAgency(
        "dpmptsp-kota-bandung",
        "32.73",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Bandung",
        "DPMPTSP Kota Bandung",
        "dpmptsp",
        "Jl. Cianjur No. 34, Kacapiring, Batununggal, Kota Bandung",
        "(022) 7208127",
        "dpmptsp@bandung.go.id",
        DPMPTSP_UNITS
        + (
            ("Seksi Perizinan Pembangunan dan Lingkungan", "Bidang Pelayanan Perizinan"),
            ("Tim Penilai Teknis Bangunan Gedung", None),
        ),
    ),
    DemoAgency(
        "disdukcapil-kota-bandung",
        "32.73",
        "Dinas Kependudukan dan Pencatatan Sipil Kota Bandung",
        "Disdukcapil Kota Bandung",
        "disdukcapil",
        "Jl. Ambon No. 1B, Citarum, Bandung Wetan, Kota Bandung",
        "(022) 4209894",
        "disdukcapil@bandung.go.id",
        DISDUKCAPIL_UNITS,
    ),
    DemoAgency(
        "dinkes-kab-bandung",
        "32.04",
        "Dinas Kesehatan Kabupaten Bandung",
        "Dinkes Kabupaten Bandung",
        "dinkes",
        "Jl. Raya Soreang Km 17, Pamekaran, Soreang, Kabupaten Bandung",
        "(022) 5891305",
        "dinkes@bandungkab.go.id",
        (
            ("Bidang Sumber Daya Kesehatan", None),
            ("Seksi Perizinan Tenaga Kesehatan", "Bidang Sumber Daya Kesehatan"),
            ("Seksi Perizinan Fasilitas Kesehatan", "Bidang Sumber Daya Kesehatan"),
            ("Seksi Kefarmasian dan Pangan", "Bidang Sumber Daya Kesehatan"),
            ("Bidang Kesehatan Masyarakat", None),
            ("Seksi Kesehatan Lingkungan dan Kesehatan Kerja", "Bidang Kesehatan Masyarakat"),
        ),
    ),
    DemoAgency(
        "dpmptsp-kab-bandung",
        "32.04",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Bandung",
        "DPMPTSP Kabupaten Bandung",
        "dpmptsp",
        "Kompleks Pemerintah Kabupaten Bandung, Jl. Raya Soreang Km 17, Soreang",
        "(022) 5891690",
        "dpmptsp@bandungkab.go.id",
        DPMPTSP_UNITS,
    ),
    DemoAgency(
        "dpmptsp-kab-bogor",
        "32.01",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten Bogor",
        "DPMPTSP Kabupaten Bogor",
        "dpmptsp",
        "Jl. Tegar Beriman No. 1, Tengah, Cibinong, Kabupaten Bogor",
        "(021) 8757450",
        "dpmptsp@bogorkab.go.id",
        DPMPTSP_UNITS,
    ),
    DemoAgency(
        "dpmptsp-kota-bekasi",
        "32.75",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Bekasi",
        "DPMPTSP Kota Bekasi",
        "dpmptsp",
        "Jl. Jend. Ahmad Yani No. 1, Marga Jaya, Bekasi Selatan, Kota Bekasi",
        "(021) 88397163",
        "dpmptsp@bekasikota.go.id",
        DPMPTSP_UNITS,
    ),
    DemoAgency(
        "dpmptsp-kota-depok",
        "32.76",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Depok",
        "DPMPTSP Kota Depok",
        "dpmptsp",
        "Balai Kota Depok, Jl. Margonda Raya No. 54, Pancoran Mas, Kota Depok",
        "(021) 29402281",
        "dpmptsp@depok.go.id",
        DPMPTSP_UNITS,
    ),
    DemoAgency(
        "dinsos-kota-depok",
        "32.76",
        "Dinas Sosial Kota Depok",
        "Dinsos Kota Depok",
        "dinsos",
        "Balai Kota Depok, Jl. Margonda Raya No. 54, Pancoran Mas, Kota Depok",
        "(021) 29402270",
        "dinsos@depok.go.id",
        (("Bidang Perlindungan dan Jaminan Sosial", None), ("Bidang Rehabilitasi Sosial", None)),
    ),
    DemoAgency(
        "disdukcapil-kota-banjarmasin",
        "63.71",
        "Dinas Kependudukan dan Pencatatan Sipil Kota Banjarmasin",
        "Disdukcapil Kota Banjarmasin",
        "disdukcapil",
        "Jl. R.E. Martadinata No. 1, Kertak Baru Ilir, Banjarmasin Tengah",
        "(0511) 3352381",
        "disdukcapil@banjarmasinkota.go.id",
        DISDUKCAPIL_UNITS,
    ),
    DemoAgency(
        "dpmptsp-kota-banjarmasin",
        "63.71",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Banjarmasin",
        "DPMPTSP Kota Banjarmasin",
        "dpmptsp",
        "Mal Pelayanan Publik, Jl. R.E. Martadinata No. 1, Banjarmasin Tengah",
        "(0511) 3365218",
        "dpmptsp@banjarmasinkota.go.id",
        DPMPTSP_UNITS,
    ),
    DemoAgency(
        "dishub-kota-banjarmasin",
        "63.71",
        "Dinas Perhubungan Kota Banjarmasin",
        "Dishub Kota Banjarmasin",
        "dishub",
        "Jl. Lingkar Dalam Selatan, Pekauman, Banjarmasin Selatan",
        "(0511) 3261570",
        "dishub@banjarmasinkota.go.id",
        (("Bidang Angkutan", None), ("UPT Pengujian Kendaraan Bermotor", "Bidang Angkutan")),
    ),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    description: str  # shown by `loket demo` next to the login
    roles: tuple[tuple[str, str, str], ...] = ()  # (role, agency slug or region code, unit name)
    superuser: bool = False


# Village service points where a facilitator files online for citizens near home: their filings are "assisted"
# (issue 13, finding 5: the channel follows from where the officer serves, applications.rules.assisted_channel).
VILLAGE_POINTS = {
    "dpmptsp-kota-bandung": "Titik Layanan Kelurahan Cibiru",
    "dinsos-kota-depok": "Titik Layanan Kelurahan Beji",
    "dinkes-kab-bandung": "Titik Layanan Desa Cileunyi Wetan",
}


def _officer(username: str, first_name: str, description: str, role: str, agency: str, unit: str = "") -> tuple:
    last_name = next(a.short_name for a in AGENCIES if a.slug == agency)
    if username in HEADS:  # a person signs decisions: the account carries their name, never the role's
        _, first_name, last_name = HEADS[username]
    return (DemoUser(username, first_name, last_name, description, ((role, agency, unit),)),)


# The agency heads who sign decisions, as people: (sex, first name, last name). loket.demo.hr gives each the
# employee record (NIP, position, rank) that their signature block and signing certificate carry.
HEADS = {
    "kepala.dpmptsp.bandung": ("M", "Bambang", "Sutrisno"),
    "kepala.capil.banjarmasin": ("M", "Muhammad", "Rizani"),
    "kepala.dinsos.depok": ("F", "Endah", "Kusumawati"),
    "kepala.dinkes.kabbandung": ("F", "Yuli", "Astuti"),
    "kepala.dpmptsp.jabar": ("M", "Hendra", "Gunawan"),
}


USERS = (
    DemoUser("admin", "Admin", "Sistem", "administrator sistem (superuser)", superuser=True),
    DemoUser(
        "admin.jabar",
        "Admin",
        "Provinsi Jawa Barat",
        "admin provinsi Jawa Barat (semua kabupaten/kota di Jawa Barat)",
        ((Role.PROVINCE_ADMIN, "32", ""),),
    ),
    DemoUser(
        "admin.bandung", "Admin", "Kota Bandung", "admin wilayah Kota Bandung", ((Role.REGION_ADMIN, "32.73", ""),)
    ),
    DemoUser(
        "pimpinan.jabar",
        "Pimpinan",
        "Jawa Barat",
        "pimpinan daerah / pusat komando Jawa Barat: dasbor semua kabupaten/kota (/kantor/dasbor/)",
        ((Role.LEADER, "32", ""),),
    ),
    DemoUser(
        "pimpinan.bandung",
        "Pimpinan",
        "Kota Bandung",
        "wali kota Bandung: dasbor Kota Bandung saja",
        ((Role.LEADER, "32.73", ""),),
    ),
    DemoUser(
        "editor.dpmptsp.jabar",
        "Editor",
        "DPMPTSP Jabar",
        "editor katalog DPMPTSP Jabar (layanan model provinsi)",
        ((Role.CATALOGUE_EDITOR, "dpmptsp-jabar", ""),),
    ),
    DemoUser(
        "editor.dpmptsp.bandung",
        "Editor",
        "DPMPTSP Kota Bandung",
        "editor katalog DPMPTSP Kota Bandung",
        ((Role.CATALOGUE_EDITOR, "dpmptsp-kota-bandung", ""),),
    ),
    DemoUser(
        "editor.dinkes.kabbandung",
        "Editor",
        "Dinkes Kabupaten Bandung",
        "editor katalog Dinas Kesehatan Kabupaten Bandung",
        ((Role.CATALOGUE_EDITOR, "dinkes-kab-bandung", ""),),
    ),
    DemoUser(
        "editor.banjarmasin",
        "Editor",
        "Kota Banjarmasin",
        "editor katalog tiga perangkat daerah Kota Banjarmasin (WITA)",
        (
            (Role.CATALOGUE_EDITOR, "disdukcapil-kota-banjarmasin", ""),
            (Role.CATALOGUE_EDITOR, "dpmptsp-kota-banjarmasin", ""),
            (Role.CATALOGUE_EDITOR, "dishub-kota-banjarmasin", ""),
        ),
    ),
    # Officers of the agencies whose services take applications (loket.demo.applications_data).
    *_officer(
        "petugas.dpmptsp.bandung",
        "Petugas",
        "petugas front office DPMPTSP Kota Bandung",
        Role.OFFICER,
        "dpmptsp-kota-bandung",
        "Bidang Pelayanan Perizinan",
    ),
    *_officer(
        "loket.dpmptsp.bandung",
        "Petugas Loket",
        "petugas loket Mal Pelayanan Publik, DPMPTSP Kota Bandung",
        Role.OFFICER,
        "dpmptsp-kota-bandung",
        "Bidang Pelayanan Perizinan",
    ),
    *_officer(
        "verifikator.kesehatan.bandung",
        "Verifikator",
        "verifikator izin kesehatan, DPMPTSP Kota Bandung",
        Role.OFFICER,
        "dpmptsp-kota-bandung",
        "Seksi Perizinan Kesehatan dan Pendidikan",
    ),
    *_officer(
        "verifikator.bangunan.bandung",
        "Verifikator",
        "verifikator bangunan dan reklame, DPMPTSP Kota Bandung",
        Role.OFFICER,
        "dpmptsp-kota-bandung",
        "Seksi Perizinan Pembangunan dan Lingkungan",
    ),
    *_officer(
        "tpt.bandung",
        "Tim Penilai Teknis",
        "Tim Penilai Teknis bangunan gedung, DPMPTSP Kota Bandung",
        Role.OFFICER,
        "dpmptsp-kota-bandung",
        "Tim Penilai Teknis Bangunan Gedung",
    ),
    *_officer(
        "penyelia.dpmptsp.bandung",
        "Penyelia",
        "penyelia (kepala bidang) DPMPTSP Kota Bandung",
        Role.SUPERVISOR,
        "dpmptsp-kota-bandung",
    ),
    *_officer(
        "kepala.dpmptsp.bandung", "Kepala", "kepala DPMPTSP Kota Bandung", Role.AGENCY_HEAD, "dpmptsp-kota-bandung"
    ),
    # Complaints (loket.demo.complaints): the inspectorate of Kota Bandung handles reports of illegal fees and
    # conduct; its inspector (a region role) may reveal a confidential reporter, each reveal logged.
    *_officer(
        "petugas.inspektorat.bandung",
        "Petugas",
        "petugas pengaduan Inspektorat Daerah Kota Bandung (laporan pungli dan perilaku petugas)",
        Role.OFFICER,
        "inspektorat-kota-bandung",
    ),
    DemoUser(
        "inspektur.bandung",
        "Inspektur",
        "Kota Bandung",
        "inspektur Kota Bandung: mengawasi pengaduan, dapat membuka identitas pelapor rahasia (tercatat)",
        ((Role.INSPECTOR, "32.73", ""),),
    ),
    *_officer(
        "petugas.capil.banjarmasin",
        "Petugas",
        "petugas verifikasi kelahiran, Disdukcapil Kota Banjarmasin",
        Role.OFFICER,
        "disdukcapil-kota-banjarmasin",
        "Seksi Kelahiran dan Kematian",
    ),
    *_officer(
        "operator.capil.banjarmasin",
        "Operator",
        "operator pencatatan sipil, Disdukcapil Kota Banjarmasin",
        Role.OFFICER,
        "disdukcapil-kota-banjarmasin",
        "Bidang Pelayanan Pencatatan Sipil",
    ),
    *_officer(
        "penyelia.capil.banjarmasin",
        "Penyelia",
        "penyelia Disdukcapil Kota Banjarmasin",
        Role.SUPERVISOR,
        "disdukcapil-kota-banjarmasin",
    ),
    *_officer(
        "kepala.capil.banjarmasin",
        "Kepala",
        "kepala Disdukcapil Kota Banjarmasin",
        Role.AGENCY_HEAD,
        "disdukcapil-kota-banjarmasin",
    ),
    *_officer(
        "petugas.dinsos.depok",
        "Petugas",
        "petugas layanan SKTM, Dinsos Kota Depok",
        Role.OFFICER,
        "dinsos-kota-depok",
        "Bidang Perlindungan dan Jaminan Sosial",
    ),
    *_officer("penyelia.dinsos.depok", "Penyelia", "penyelia Dinsos Kota Depok", Role.SUPERVISOR, "dinsos-kota-depok"),
    *_officer(
        "fasilitator.beji.depok",
        "Fasilitator",
        "fasilitator titik layanan Kelurahan Beji, Dinsos Kota Depok",
        Role.OFFICER,
        "dinsos-kota-depok",
        VILLAGE_POINTS["dinsos-kota-depok"],
    ),
    *_officer(
        "fasilitator.cibiru.bandung",
        "Fasilitator",
        "fasilitator titik layanan Kelurahan Cibiru, DPMPTSP Kota Bandung",
        Role.OFFICER,
        "dpmptsp-kota-bandung",
        VILLAGE_POINTS["dpmptsp-kota-bandung"],
    ),
    *_officer(
        "fasilitator.cileunyi.kabbandung",
        "Fasilitator",
        "fasilitator titik layanan Desa Cileunyi Wetan, Dinkes Kabupaten Bandung",
        Role.OFFICER,
        "dinkes-kab-bandung",
        VILLAGE_POINTS["dinkes-kab-bandung"],
    ),
    *_officer("kepala.dinsos.depok", "Kepala", "kepala Dinsos Kota Depok", Role.AGENCY_HEAD, "dinsos-kota-depok"),
    *_officer(
        "petugas.pangan.kabbandung",
        "Petugas",
        "petugas keamanan pangan, Dinkes Kabupaten Bandung",
        Role.OFFICER,
        "dinkes-kab-bandung",
        "Seksi Kefarmasian dan Pangan",
    ),
    *_officer(
        "petugas.kesling.kabbandung",
        "Petugas",
        "petugas kesehatan lingkungan, Dinkes Kabupaten Bandung",
        Role.OFFICER,
        "dinkes-kab-bandung",
        "Seksi Kesehatan Lingkungan dan Kesehatan Kerja",
    ),
    *_officer(
        "penyelia.dinkes.kabbandung",
        "Penyelia",
        "penyelia Dinkes Kabupaten Bandung",
        Role.SUPERVISOR,
        "dinkes-kab-bandung",
    ),
    *_officer(
        "kepala.dinkes.kabbandung", "Kepala", "kepala Dinkes Kabupaten Bandung", Role.AGENCY_HEAD, "dinkes-kab-bandung"
    ),
    *_officer(
        "petugas.dpmptsp.jabar",
        "Petugas",
        "petugas nonperizinan DPMPTSP Jabar",
        Role.OFFICER,
        "dpmptsp-jabar",
        "Bidang Pelayanan Perizinan dan Nonperizinan",
    ),
    *_officer("penyelia.dpmptsp.jabar", "Penyelia", "penyelia DPMPTSP Jabar", Role.SUPERVISOR, "dpmptsp-jabar"),
    *_officer("kepala.dpmptsp.jabar", "Kepala", "kepala DPMPTSP Jabar", Role.AGENCY_HEAD, "dpmptsp-jabar"),
    # Citizens with a profile (loket.demo.applications_data.CITIZENS) and applications of their own.
    DemoUser("warga", "Ujang", "Permana", "warga Kota Bandung tanpa peran (pemohon layanan)"),
    DemoUser("rina.marlina", "Rina", "Marlina", "dokter di Kota Bandung (permohonan SIP dikembalikan lalu diperbaiki)"),
    DemoUser("asep.kurniawan", "Asep", "Kurniawan", "pelaku usaha pangan rumahan di Kabupaten Bandung"),
    DemoUser("nur.aini", "Nur", "Aini", "warga Kota Banjarmasin (WITA), akta kelahiran anaknya sudah selesai"),
    DemoUser("yusuf.hidayat", "Yusuf", "Hidayat", "warga Kota Depok yang mengurus SKTM di loket"),
)
DEMO_LOGINS = [(user.username, user.description) for user in USERS]


def totp_secret(username: str) -> str:
    """A fixed base32 TOTP secret per demo account (demo only: anyone can recompute it)."""
    return base64.b32encode(hashlib.sha256(f"loket-demo-totp:{username}".encode()).digest()[:20]).decode()


# Every back-office account signs in with a password and an authenticator code (officers must use TOTP).
DEMO_TOTP = {user.username: totp_secret(user.username) for user in USERS if user.roles or user.superuser}

# How a province model service names whoever adopts it (its texts must fit every kabupaten/kota).
TEMPLATE_PLACEHOLDERS = {"agency": "penyelenggara layanan", "region": "setempat", "province": "Jawa Barat"}


def region_label(region: Region) -> str:
    return f"Provinsi {region.name}" if region.level == Region.Level.PROVINCE else region.name


def placeholders(agency: Agency) -> dict[str, str]:
    return {"agency": agency.short_name, "region": region_label(agency.region), "province": agency.region.province.name}


def contact_text(agency: Agency) -> str:
    return (
        f"{agency.name}, {agency.address}. Telepon {agency.phone}, surel {agency.email}. "
        f"Jam layanan Senin–Jumat 08.00–15.00 {agency.region.time_zone}."
    )


class _Seeder:
    def __init__(self):
        self.created: Counter[str] = Counter()
        self.actor = None
        self.agencies: dict[str, Agency] = {}
        self.profiles = {a.slug: a.profile for a in AGENCIES}
        self._hash = ""

    def run(self) -> int:
        self.catalogue()
        self._authenticators()
        citizens = self._citizens()
        for spec in DEMO_SERVICES:
            self._workflow(spec)
        self._standard_procedures()
        if not Application.objects.filter(idempotency_key__startswith=HISTORY_KEY).exists():
            counts = History(actor=self.actor, now=timezone.now()).run(DEMO_SERVICES, citizens)
            self.created["applications"] += counts["applications"]
        self.created["applications"] += Live(citizens=citizens).run()
        return sum(self.created.values())

    def catalogue(self) -> None:
        """Places, agencies, the demo's people in their roles, and the service catalogue (standards only)."""
        self.actor = self._user(next(u for u in USERS if u.superuser))
        regions = self._regions()
        self.created["identities"] += seed_identities(self.actor)
        self._agencies(regions)
        categories = self._categories()
        for user in USERS:
            self._roles(self._user(user), user, regions)
        for spec in TEMPLATES:
            self._service(spec, categories, versions=1)
        for spec in SERVICES + DRAFTS:
            self._service(spec, categories)
        for adoption in ADOPTIONS:
            self._adopt(adoption)
        # The province revises its model services after the adoptions: adopters see a pending change.
        for spec in TEMPLATES:
            self._service(spec, categories)

    def _publish(self, service: Service) -> None:
        """Publish the service's draft; a change of fee, requirements or decision template is requested by the
        demo administrator and approved by a second official who may publish for the agency (four eyes)."""
        if not catalogue.term_changes(service):
            catalogue.publish(actor=self.actor, service=service)
            return
        catalogue.request_publication(actor=self.actor, service=service)
        catalogue.publish(actor=self._second_publisher(service), service=service)

    def _second_publisher(self, service: Service):
        names = [user.username for user in USERS if not user.superuser]
        for user in get_user_model().objects.filter(username__in=names).order_by("username"):
            if permissions.can(user, "catalogue.publish", service.agency_id):
                return user
        raise LoketError(f"No demo official other than the administrator may publish {service.code}")

    def _record(self, action: str, obj, **data) -> None:
        audit.record(action, obj=obj, actor=self.actor, data=data)

    # --- org ----------------------------------------------------------------------------------
    def _regions(self) -> dict[str, Region]:
        regions: dict[str, Region] = {}
        for code, name, level, parent, time_zone in REGIONS:
            region, created = Region.objects.get_or_create(
                code=code,
                defaults={"name": name, "level": level, "parent": regions.get(parent), "time_zone": time_zone},
            )
            if created:
                self.created["regions"] += 1
                self._record("org.region_created", region, code=code, name=name, time_zone=time_zone)
            regions[code] = region
        return regions

    def _agencies(self, regions: dict[str, Region]) -> None:
        for spec in AGENCIES:
            agency, created = Agency.objects.get_or_create(
                slug=spec.slug,
                defaults={
                    "region": regions[spec.region],
                    "name": spec.name,
                    "short_name": spec.short_name,
                    "address": spec.address,
                    "phone": spec.phone,
                    "email": spec.email,
                },
            )
            if created:
                self.created["agencies"] += 1
                self._record("org.agency_created", agency, slug=spec.slug, region=spec.region)
            self.agencies[spec.slug] = agency
            units: dict[str, Unit] = {}
            for name, parent in spec.units:
                unit, created = Unit.objects.get_or_create(
                    agency=agency, name=name, defaults={"parent": units.get(parent)}
                )
                if created:
                    self.created["units"] += 1
                    self._record("org.unit_created", unit, agency=spec.slug, name=name)
                units[name] = unit
            village = VILLAGE_POINTS.get(spec.slug)
            if village:
                unit, created = Unit.objects.get_or_create(
                    agency=agency, name=village, defaults={"service_point": Unit.ServicePoint.VILLAGE}
                )
                if created:
                    self.created["units"] += 1
                    self._record("org.unit_created", unit, agency=spec.slug, name=village, service_point="desa")

    def _categories(self) -> dict[str, Category]:
        categories = {}
        for slug, name_id, name_en in CATEGORIES:
            category, created = Category.objects.get_or_create(
                slug=slug, defaults={"name_id": name_id, "name_en": name_en}
            )
            if created:
                self.created["categories"] += 1
                self._record("catalogue.category_created", category, slug=slug)
            categories[slug] = category
        return categories

    # --- accounts -----------------------------------------------------------------------------
    def _user(self, spec: DemoUser):
        email = f"{spec.username}@{EMAIL_DOMAIN}"
        user, created = get_user_model().objects.get_or_create(
            username=spec.username,
            defaults={
                "email": email,
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "is_superuser": spec.superuser,
                "is_staff": spec.superuser,
                "password": self._password_hash(),
            },
        )
        if created:
            self.created["users"] += 1
            self._record("accounts.user_created", user, username=spec.username, superuser=spec.superuser)
        _, created = EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        self.created["emails"] += created
        return user

    def _password_hash(self) -> str:
        # Hashed once for all demo accounts: a strong hash takes a noticeable moment each time.
        if not self._hash:
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash

    def _roles(self, user, spec: DemoUser, regions: dict[str, Region]) -> None:
        for role, scope, unit_name in spec.roles:
            scope_fields = (
                {"region": regions[scope], "agency": None}
                if scope in regions
                else {"region": None, "agency": self.agencies[scope]}
            )
            unit = Unit.objects.get(agency=scope_fields["agency"], name=unit_name) if unit_name else None
            assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit, **scope_fields)
            if created:
                self.created["roles"] += 1
                self._record("org.role_assigned", assignment, username=user.username, role=role, scope=scope)

    def _authenticators(self) -> None:
        """A TOTP authenticator with the fixed demo secret for every back-office account."""
        users = get_user_model().objects.filter(username__in=DEMO_TOTP)
        active = set(
            Authenticator.objects.filter(user__in=users, type=Authenticator.Type.TOTP).values_list(
                "user__username", flat=True
            )
        )
        for user in users:
            if user.username not in active:
                TOTP.activate(user, DEMO_TOTP[user.username])
                self.created["authenticators"] += 1
                self._record("accounts.totp_activated", user, username=user.username)

    def _citizens(self) -> dict:
        """The demo citizens' profiles (NIK, name, address, phone), saved as a citizen saves them."""
        citizens = {}
        for username, person in CITIZENS.items():
            user = get_user_model().objects.get(username=username)
            if not CitizenProfile.objects.filter(user=user).exists():
                applications.save_profile(
                    user=user,
                    nik=person.nik,
                    full_name=person.full_name,
                    address=f"{person.street}, {POOLS[person.pool].town} {person.postal_code}",
                    phone=person.phone,
                    region=Region.objects.get(code=person.address()["region"]),
                )
                self.created["profiles"] += 1
            citizens[username] = (user, person)
        return citizens

    # --- forms and procedures -----------------------------------------------------------------
    def _workflow(self, spec: DemoService) -> None:
        """Give a published service its form and SOP, published as its next version."""
        service = Service.objects.get(code=spec.code)
        if ProcedureStep.objects.filter(standard_id=service.current_id).exists():
            return
        units = {unit.name: unit.pk for unit in service.agency.units.all()}
        draft = catalogue.open_draft(actor=self.actor, service=service)
        applications.save_form(actor=self.actor, standard=draft, fields=spec.form)
        workflow.save_procedure(
            actor=self.actor,
            standard=draft,
            steps=[
                {
                    "name_id": step.name_id,
                    "name_en": step.name_en,
                    "role": step.role,
                    "sla_days": step.sla_days,
                    "unit_id": units[step.unit] if step.unit else None,
                    "parallel_unit_ids": [units[name] for name in step.parallel],
                }
                for step in spec.steps
            ],
        )
        if spec.decision:
            from loket.documents import services as documents

            documents.save_template(actor=self.actor, standard=draft, **spec.decision)
        self._publish(service)
        self.created["versions"] += 1

    def _standard_procedures(self) -> None:
        """Every other published service gets a plain SOP too (verify, examine, decide), so that each one
        can be applied for online and shows its flowchart; the demo services above have richer ones."""
        has_sop = ProcedureStep.objects.filter(standard_id=OuterRef("current_id"))
        services = (
            Service.objects.filter(current__isnull=False)
            .filter(~Exists(has_sop))
            .select_related("current", "agency")
            .order_by("code")
        )
        for service in services:
            standard = service.current
            unit = standard.handling_unit_id or service.agency.units.order_by("pk").values_list("pk", flat=True).first()
            draft = catalogue.open_draft(actor=self.actor, service=service)
            steps = (
                [{**step, "unit_id": unit, "parallel_unit_ids": []} for step in CASE_PROCEDURES[service.code]]
                if service.code in CASE_PROCEDURES
                else plain_procedure(
                    standard.time_limit_days or 1, unit, paid=bool(standard.fee_amount or standard.fee_tariff)
                )
            )
            workflow.save_procedure(actor=self.actor, standard=draft, steps=steps)
            if service.code in CASE_FORMS:
                applications.save_form(actor=self.actor, standard=draft, fields=CASE_FORMS[service.code])
            self._publish(service)
            self.created["versions"] += 1

    # --- catalogue ----------------------------------------------------------------------------
    def _content(self, spec: ServiceSpec, agency: Agency) -> dict:
        """The full standard: the agency kind's management texts, then the service's own content."""
        if spec.draft_only:
            content = dict(spec.content)
        else:
            names = TEMPLATE_PLACEHOLDERS if spec.is_template else placeholders(agency)
            content = {key: text.format(**names) for key, text in PROFILES[self.profiles[agency.slug]].items()}
            content.update(spec.content)
            content.update(dict.fromkeys(spec.omit, ""))
            content["contact"] = contact_text(agency)
        if spec.unit:
            content["handling_unit_id"] = agency.units.get(name=spec.unit).pk
        return content

    def _service(self, spec: ServiceSpec, categories: dict[str, Category], versions: int | None = None) -> None:
        """Create the service if missing, then publish revisions until it has `versions` versions."""
        agency = self.agencies[spec.agency]
        service = Service.objects.filter(code=spec.code).first()
        if service is None:
            service = catalogue.create_service(
                actor=self.actor,
                agency=agency,
                code=spec.code,
                name_id=spec.name_id,
                name_en=spec.name_en,
                category=categories[spec.category],
                audience=spec.audience,
                channels=list(spec.channels),
                is_template=spec.is_template,
            )
            self.created["services"] += 1
            draft = catalogue.open_draft(actor=self.actor, service=service)
            catalogue.update_draft(actor=self.actor, draft=draft, changes=self._content(spec, agency))
        if spec.draft_only:
            return
        target = 1 + len(spec.revisions) if versions is None else versions
        while (published := service.current.version if service.current_id else 0) < target:
            if published:
                draft = catalogue.open_draft(actor=self.actor, service=service)
                catalogue.update_draft(actor=self.actor, draft=draft, changes=spec.revisions[published - 1])
            self._publish(service)
            self.created["versions"] += 1
            service.refresh_from_db()

    def _adopt(self, adoption) -> None:
        if Service.objects.filter(code=adoption.code).exists():
            return
        agency = self.agencies[adoption.agency]
        template = Service.objects.get(code=adoption.template)
        service = catalogue.adopt_template(actor=self.actor, template=template, agency=agency, code=adoption.code)
        self.created["services"] += 1
        if not adoption.publish:
            return
        profile = PROFILES[self.profiles[agency.slug]]
        names = placeholders(agency)
        local = {
            "contact": contact_text(agency),
            "staffing": profile["staffing"].format(**names),
            "facilities": profile["facilities"].format(**names),
            "handling_unit_id": agency.units.get(name=adoption.unit).pk,
            **adoption.local,
        }
        catalogue.update_draft(actor=self.actor, draft=catalogue.draft_of(service), changes=local)
        self._publish(service)
        self.created["versions"] += 1


# The other apps' demo data is seeded after the citizen services: each module has `seed_demo() -> int`
# (idempotent; returns objects created). Order matters: employees before their leave requests, signed
# documents before the survey and the statistics that count them.
STAGE_SEEDERS = (
    "loket.demo.hr",
    "loket.demo.careers",
    "loket.demo.pension",
    "loket.demo.transfer",
    "loket.demo.complaints",
    "loket.demo.cards",
    "loket.demo.documents",
    "loket.demo.feedback",
    "loket.demo.insights",
)


def _stage_seeders():
    import importlib

    for name in STAGE_SEEDERS:
        yield importlib.import_module(name).seed_demo


# Civil-service cases follow their kind's steps (hr.cases): leave goes to the superior, then the official; a KGB
# draft to BKD when it needs a review, then to the official who signs the notice.
CASE_PROCEDURES = {
    "cuti-asn-jabar": [dict(step) for step in LEAVE_STEPS],
    "kgb-asn-jabar": [dict(step) for step in KGB_STEPS],
    # KTP-el: the register check and the printing by the registration unit, the head of division hands it over
    "ktp-el-kota-bandung": [
        {
            "name_id": "Verifikasi data SIAK",
            "name_en": "Checking the population register",
            "role": "officer",
            "sla_days": 1,
        },
        {
            "name_id": "Perekaman dan pencetakan KTP-el",
            "name_en": "Biometrics and printing",
            "role": "officer",
            "sla_days": 1,
        },
        {
            "name_id": "Pengesahan dan penyerahan",
            "name_en": "Approval and hand-over",
            "role": "supervisor",
            "sla_days": 1,
        },
    ],
    "kenaikan-pangkat-jabar": [dict(step) for step in PROMOTION_STEPS],
    "penetapan-angka-kredit-jabar": [dict(step) for step in PAK_STEPS],
    "pensiun-asn-jabar": [dict(step) for step in PENSION_STEPS],
    "mutasi-asn-jabar": [dict(step) for step in TRANSFER_STEPS],
}
CASE_FORMS = {
    "cuti-asn-jabar": LEAVE_FORM,
    "kgb-asn-jabar": KGB_FORM,
    "ktp-el-kota-bandung": KTP_EL_FORM,
    "kenaikan-pangkat-jabar": PROMOTION_FORM,
    "penetapan-angka-kredit-jabar": PAK_FORM,
    "pensiun-asn-jabar": PENSION_FORM,
    "mutasi-asn-jabar": TRANSFER_FORM,
}


def plain_procedure(time_limit_days: int, unit_id: int | None, *, paid: bool = False) -> list[dict]:
    """A generic SOP within the standard's time limit: verification by an officer of the handling unit,
    technical examination when there is time for it, the decision by the head of the agency; a service with a
    levy has the applicant pay it after the first step (payments: the clock stops meanwhile)."""
    steps = _plain_steps(time_limit_days, unit_id)
    if paid:
        payment = {
            "name_id": "Pembayaran retribusi",
            "name_en": "Levy payment",
            "role": "officer",
            "sla_days": 1,
            "unit_id": unit_id,
            "parallel_unit_ids": [],
            "kind": "payment",
        }
        steps.insert(1, payment)
    return steps


def _plain_steps(time_limit_days: int, unit_id: int | None) -> list[dict]:
    decide = {
        "name_id": "Penetapan dan penandatanganan keputusan",
        "name_en": "Decision and signature",
        "role": "agency_head",
        "sla_days": 1,
        "unit_id": None,
        "parallel_unit_ids": [],
    }
    if time_limit_days <= 1:
        return [{**decide, "name_id": "Verifikasi dan penetapan", "name_en": "Verification and decision"}]
    verify_days = max(1, time_limit_days // 3)
    verify = {
        "name_id": "Verifikasi persyaratan",
        "name_en": "Verification of requirements",
        "role": "officer",
        "sla_days": verify_days,
        "unit_id": unit_id,
        "parallel_unit_ids": [],
    }
    examine_days = time_limit_days - verify_days - 1
    if examine_days < 1:
        return [verify, decide]
    examine = {
        "name_id": "Pemeriksaan teknis",
        "name_en": "Technical examination",
        "role": "officer",
        "sla_days": examine_days,
        "unit_id": unit_id,
        "parallel_unit_ids": [],
    }
    return [verify, examine, decide]


def seed() -> int:
    """Create whatever demo data is missing; returns how many objects were created (0 on a rerun)."""
    with transaction.atomic():
        created = _Seeder().run()
    for seed_stage in _stage_seeders():
        with transaction.atomic():
            created += seed_stage()
    audit.seal_pending()
    return created


def seed_catalogue() -> int:
    """Only the catalogue part of the demo (tests of search and catalogue pages over the demo's real services)."""
    seeder = _Seeder()
    seeder.catalogue()
    return sum(seeder.created.values())


def summary() -> str:
    """One line of counts, in Indonesian, for the `seed_demo` command."""
    services = Service.objects.all()
    published = services.filter(current__isnull=False)
    return (
        f"Data demo siap: {Region.objects.count()} wilayah, {Agency.objects.count()} perangkat daerah, "
        f"{Unit.objects.count()} unit, {Category.objects.count()} kategori, {published.count()} layanan terbit "
        f"({published.filter(is_template=True).count()} layanan model, "
        f"{published.filter(template__isnull=False).count()} adopsi), "
        f"{services.filter(current__isnull=True).count()} draf, {len(USERS)} akun demo "
        f"({len(DEMO_TOTP)} dengan TOTP), {ProcedureStep.objects.values('standard').distinct().count()} "
        f"versi layanan dengan SOP, {Application.objects.count()} permohonan, "
        f"{Task.objects.filter(status=Task.Status.OPEN).count()} tugas terbuka."
    )
