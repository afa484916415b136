"""e-Mutasi's pages with plain form posts (no JavaScript): BKD enters the formation, the employee asks for a transfer
to a vacant position, the officials approve on their list, BKD verifies and records BKN's approval; colleagues and
the other side's BKD are refused what is not theirs."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.hr.models import Formation, Transfer
from tests.hr.test_transfer_case import province_side as province_side
from tests.hr.test_transfer_case import transfer_service as transfer_service

pytestmark = pytest.mark.django_db


def test_a_transfer_through_the_pages(client, staff, province_side, hr_admin):
    bkd, head, kadis = province_side["bkd"], province_side["head"], staff["kadis"]
    client.force_login(bkd)
    page = client.get("/kantor/kepegawaian/formasi/").content.decode()
    assert "Analis Perizinan" in page and "Lowong" in page
    response = client.post(
        "/kantor/kepegawaian/formasi/",
        {
            "agency": province_side["unit"].agency_id,
            "unit": province_side["unit"].pk,
            "position_type": "pelaksana",
            "position_name": "Pengelola Data",
            "grade": "",
            "quota": "3",
            "source": "Formasi 2026",
        },
    )
    assert response.status_code == 302 and Formation.objects.get(position_name="Pengelola Data").quota == 3
    client.post("/kantor/kepegawaian/formasi/", {"agency": staff["staf"].agency_id, "position_type": "pelaksana"})
    assert not Formation.objects.filter(agency_id=staff["staf"].agency_id).exists()  # not the province BKD's agency

    client.force_login(staff["staf"].user)
    page = client.get("/pegawai/mutasi/").content.decode()
    assert "Ajukan mutasi" in page and "Analis Perizinan" in page
    effective = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    response = client.post(
        "/pegawai/mutasi/",
        {"formation": province_side["formation"].pk, "effective": effective, "reason": "Mengikuti suami."},
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get(employee=staff["staf"])
    assert transfer.status == "sender" and transfer.to_position_name == "Analis Perizinan"
    page = client.get("/pegawai/mutasi/").content.decode()
    assert "Menunggu persetujuan pejabat instansi asal" in page and "Ajukan mutasi" not in page

    client.force_login(head.user)  # not the receiving side's turn yet
    assert client.post(f"/pegawai/mutasi/{transfer.pk}/setujui/", {"action": "approve"}).status_code == 403
    client.force_login(kadis.user)
    assert "Siti Aminah" in client.get("/pegawai/mutasi/setujui/").content.decode()
    client.post(f"/pegawai/mutasi/{transfer.pk}/setujui/", {"action": "approve"})
    client.force_login(head.user)
    client.post(f"/pegawai/mutasi/{transfer.pk}/setujui/", {"action": "approve"})
    transfer.refresh_from_db()
    assert transfer.status == "verification"

    client.force_login(hr_admin)  # the sending BKD reads it but does not verify for the receiving side
    page = client.get(f"/kantor/kepegawaian/mutasi/{transfer.pk}/").content.decode()
    assert "Siti Aminah" in page and "Data lengkap dan sesuai" not in page
    client.force_login(bkd)
    client.post(f"/kantor/kepegawaian/mutasi/{transfer.pk}/", {"action": "verify"})
    # The shared BKN action (hr.views.bkn_approval_action): a date that is no date is refused on the page.
    page = client.post(
        f"/kantor/kepegawaian/mutasi/{transfer.pk}/",
        {"action": "bkn", "bkn_number": "PT-9/2026", "bkn_date": "kemarin"},
        follow=True,
    )
    assert "Isi tanggal pertimbangan teknis BKN" in page.content.decode()
    client.post(
        f"/kantor/kepegawaian/mutasi/{transfer.pk}/",
        {"action": "bkn", "bkn_number": "PT-9/2026", "bkn_date": f" {timezone.localdate().isoformat()} "},
    )
    transfer.refresh_from_db()
    assert transfer.status == "signature" and transfer.bkn_number == "PT-9/2026"
    client.force_login(head.user)
    assert "PT-9/2026" in client.get("/pegawai/mutasi/tandatangani/").content.decode()


def test_colleagues_cannot_read_a_transfer(client, staff, province_side):
    from loket.hr.transfer import services

    transfer = services.request(
        actor=staff["staf"].user,
        to_agency_id=province_side["unit"].agency_id,
        to_unit_id=province_side["unit"].pk,
        position_type="pelaksana",
        position_name="Analis Perizinan",
        reason="Pindah.",
        effective=timezone.localdate() + dt.timedelta(days=60),
    )
    client.force_login(staff["staf2"].user)
    assert client.post(f"/pegawai/mutasi/{transfer.pk}/setujui/", {"action": "approve"}).status_code == 403
    assert client.get(f"/kantor/kepegawaian/mutasi/{transfer.pk}/").status_code in (403, 404)
