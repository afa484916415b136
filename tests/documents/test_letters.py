"""Decision letters read like official paper (issue 15): labels and option labels instead of keys, Indonesian
dates, numbers and money, the address given in the application, the permit's subject (where and when), and the
signer's name, rank and NIP; the signing certificate names the person, not the role."""

import re

import pytest
from cryptography.x509.oid import NameOID

from loket.applications import services as applications
from loket.documents import fields, pki, render, services
from loket.org.models import Role
from tests.helpers.applications import PDF
from tests.helpers.auth import activate_totp
from tests.helpers.documents import complete, sign_now
from tests.helpers.letters import (
    SIP_ANSWERS,
    SIP_FORM,
    SIP_TEMPLATE,
    employee_for,
    pdf_text,
    publish_sip_service,
)
from tests.helpers.org import make_user


@pytest.mark.parametrize(
    ("field", "value", "printed"),
    [
        (SIP_FORM[4], "umum", "Dokter umum"),
        (SIP_FORM[3], "1990-08-17", "17 Agustus 1990"),
        ({"key": "n", "type": "number"}, 4.0, "4"),
        ({"key": "n", "type": "number"}, 1.5, "1,5"),
        ({"key": "n", "type": "number"}, 2385000, "2.385.000"),
        ({"key": "biaya", "type": "number", "format": "rupiah"}, 2385000, "Rp2.385.000"),
        ({"key": "biaya", "type": "money"}, 150000, "Rp150.000"),
        ({"key": "jam", "type": "text"}, "08:00", "08.00"),
        ({"key": "ok", "type": ""}, True, "Ya"),
        ({"key": "a", "type": "address"}, {"region": "32.73.01", "street": "Jl. A 1"}, "Jl. A 1, Kota Bandung"),
        ({"key": "a", "type": "address"}, {"region": "99", "street": "Jl. B", "postal_code": "40111"}, "Jl. B, 40111"),
    ],
)
def test_an_answer_prints_as_paper_writes_it(field, value, printed):
    assert fields.display(field, value, {"32.73": "Kota Bandung"}) == printed


def test_a_group_prints_labelled_rows_without_the_input_hints():
    rows = fields.display(SIP_FORM[7], SIP_ANSWERS["jadwal"], {})
    assert rows[1] == {"hari": "Kamis", "jam_mulai": "16.00", "jam_selesai": "19.30"}
    assert fields.group_lines(SIP_FORM[7], rows)[0] == "1. Hari: Senin; Jam mulai: 08.00; Jam selesai: 11.00"


@pytest.fixture
def sip_service(editor_a, agency_a, category, head_a):
    return publish_sip_service(editor_a, agency_a, category, head_a)


@pytest.fixture
def named_signer(agency_a):
    user = make_user("kadis_bambang_letters", (Role.SIGNING_OFFICIAL, agency_a))
    user.first_name, user.last_name = "Kepala", "Dinas"  # the account's name is a role: the register names him
    user.save()
    user.totp_secret = activate_totp(user)
    employee_for(
        user, agency_a, nip="197005121996031002", name="Bambang Sutrisno", position="Kepala Dinas A",
        back="S.IP., M.Si.",
    )  # fmt: skip
    return user


def test_a_signed_sip_prints_labels_dates_the_applications_address_the_subject_and_the_signer(
    sip_service, applicant, head_a, named_signer
):
    # The profile says one address; the application gives another: the letter follows the application.
    applications.save_profile(
        user=applicant, nik="3273015708900001", full_name="Imas Masitoh", phone="081234567890",
        address="Jl. Profil Lama No. 1",
    )  # fmt: skip
    upload = applications.store_upload(owner=applicant, data=PDF, name="str.pdf")
    application, _ = applications.submit(
        actor=applicant, applicant=applicant, service=sip_service, answers=SIP_ANSWERS,
        upload_ids={"req_0": str(upload.pk)}, idempotency_key="sip-1",
    )  # fmt: skip
    document = complete(application, head_a).documents.get()
    signed = sign_now(document, named_signer)
    text = pdf_text(signed.file.read())
    flat = " ".join(text.split())
    for expected in (
        "SURAT IZIN PRAKTIK DOKTER",
        "Nama : dr. Imas Masitoh",
        "Tanggal lahir : 17 Agustus 1990",
        "Alamat : Jl. Dago No. 7, Kota Bandung 40135",
        "Jenis dokter : Dokter umum",
        "Tempat praktik : Praktik mandiri",
        "Alamat tempat praktik : Jl. Cikutra No. 21, Kota Bandung 40124",
        "Jadwal praktik : - Senin, pukul 08.00 - 11.00 WIB - Kamis, pukul 16.00 - 19.30 WIB",
        "Bambang Sutrisno, S.IP., M.Si.",
        "Pembina Utama Muda, IV/c",
        "NIP. 197005121996031002",
    ):
        assert expected in flat, expected
    assert "untuk menjalankan praktik kedokteran di:" in flat  # prose stays prose
    # The visible signature says when in words of the region's zone, like the rest of the letter.
    assert re.search(r"Waktu: \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
                     r"November|Desember) \d{4} pukul \d{2}\.\d{2} WIB", flat)  # fmt: skip
    for wrong in (": umum", ": mandiri", "1990-08-17", "Profil Lama", "08:00", "Kepala Dinas ", "region"):
        assert wrong not in flat, wrong
    # The name, rank and NIP sit in the signature block, under the signing place and date.
    assert (
        text.index("NIP. 197005121996031002")
        > text.index("Bambang Sutrisno, S.IP., M.Si.")
        > text.index(document.context["place_date"])
    )


def test_the_signing_certificate_names_the_person_and_keeps_the_position_apart(named_signer, official):
    subject = pki.official_key(named_signer).cert.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Bambang Sutrisno, S.IP., M.Si."
    assert subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Kepala Dinas A"
    assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == "NIP-197005121996031002"
    # Without an employee record the account's own name is the person's (and no title is invented).
    plain = pki.official_key(official).cert.subject
    assert plain.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Asep Sunandar"
    assert not plain.get_attributes_for_oid(NameOID.TITLE)


def test_the_preview_uses_the_services_own_form_and_its_signer(sip_service, named_signer):
    sample = render.sample_for(sip_service.current)
    assert sample["permohonan"]["data"]["jenis_dokter"] == "Dokter umum"
    assert sample["permohonan"]["data"]["tanggal_lahir"] == "17 Agustus 1990"
    assert sample["permohonan"]["data"]["jadwal"][1] == {"hari": "Kamis", "jam_mulai": "11.00", "jam_selesai": "14.00"}
    data = services.preview(standard=sip_service.current, title="Surat Izin Praktik Dokter", body=SIP_TEMPLATE)
    flat = " ".join(pdf_text(data).split())
    assert "Jenis dokter : Dokter umum" in flat and "Jadwal praktik : - Senin, pukul 08.00 - 11.00 WIB" in flat
    assert "PRATINJAU" in flat and "NIP. 197005121996031002" in flat


def test_the_default_letter_lists_labelled_answers(simple_service, applicant, head_a):
    from tests.helpers.documents import file

    document = complete(file(simple_service, applicant), head_a).documents.get()
    assert "Nama usaha: Warung Sunda Bu Imas" in document.body
    assert "nama_usaha" not in document.body and "081234567890" not in document.body


@pytest.mark.parametrize(
    ("paragraph", "rows"),
    [
        ("Nama: Imas\nNIK: 3273", [("Nama", "Imas"), ("NIK", "3273")]),
        ("Jadwal: \n- Senin\nHari: Rabu", [("Jadwal", "- Senin"), ("Hari", "Rabu")]),
        ("Produk: \n1. Opak; Kemasan: karton\nNPWP: 13", [("Produk", "1. Opak; Kemasan: karton"), ("NPWP", "13")]),
        ("Sisa hak cuti tahunan 2026 setelah cuti ini: 11 hari kerja.", None),  # one line: a sentence
        ("untuk menjalankan praktik kedokteran di:", None),
        ("a. Sebelum cuti: serahkan pekerjaan\nb. Setelah cuti: lapor", None),  # a list, not particulars
        ("Berdasarkan permohonan dan hasil pemeriksaan persyaratan, Kepala Dinas menetapkan: ini\nNama: X", None),
    ],
)
def test_particulars_are_told_from_prose(paragraph, rows):
    from loket.documents.pdf import _field_rows

    assert _field_rows(paragraph) == rows


def test_an_introduced_list_of_particulars_is_split_from_its_line():
    from loket.documents.pdf import _blocks

    body = "Dasar:\nGaji pokok lama: Rp2.994.300\nMasa kerja: 15 tahun\n\nDemikian."
    assert _blocks(body) == [
        ("Dasar:", [("Gaji pokok lama", "Rp2.994.300"), ("Masa kerja", "15 tahun")]),
        ("Demikian.", None),
    ]
