"""A SIASN API sync writes through the same validated, all-or-nothing, idempotent path as a file import."""

import datetime as dt

from loket.hr import siasn
from loket.hr.models import Employee

TODAY = dt.date(2026, 11, 23)


def record(**changes):
    data = {
        "nipBaru": "199002022015032004",
        "nama": "Siti Aminah",
        "gelarBelakang": "S.AP.",
        "tglLahir": "02-02-1990",
        "jenisKelamin": "F",
        "statusPegawai": "PNS",
        "golRuangAkhir": "III/a",
        "tmtGolAkhir": "01-04-2020",
        "mkTahun": 6,
        "mkBulan": 0,
        "jenisJabatan": "Jabatan Pelaksana",
        "jabatanNama": "Pengadministrasi Perizinan",
        "satuanKerjaKerjaNama": "DPMPTSP Kota Bandung",
        "unorNama": "Seksi Perizinan Usaha",
        "emailGov": None,
        "email": "siti@example.go.id",
        "agamaNama": "Islam",
    }
    data.update(changes)
    return data


def test_sync_creates_then_updates(org):
    outcome = siasn.sync([record()], agencies=None)
    assert outcome.ok and outcome.created == 1
    employee = Employee.objects.get()
    assert employee.source == "siasn" and employee.full_name == "Siti Aminah, S.AP." and employee.mkg_years == 6
    assert employee.email == "siti@example.go.id" and employee.unit == org["seksi"]
    outcome = siasn.sync([record(golRuangAkhir="III/b", tmtGolAkhir="01-04-2024")])
    assert (outcome.created, outcome.updated) == (0, 1)
    assert Employee.objects.get().grade == "IIIb" and Employee.objects.get().grade_history.count() == 2


def test_sync_with_one_bad_record_writes_nothing(org):
    outcome = siasn.sync([record(), record(nipBaru="199002022015032005", tglLahir="03-02-1990")])
    assert not outcome.ok and outcome.errors[0]["row"] == 3 and outcome.errors[0]["column"] == "TANGGAL_LAHIR"
    assert not Employee.objects.exists()
