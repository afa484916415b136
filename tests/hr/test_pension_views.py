"""e-Pensiun's pages with plain form posts (no JavaScript): the employee completes and confirms their file, BKD opens
a file on death and reads the bank account number only through a logged read, colleagues are refused."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.applications.models import CaseAccess
from loket.core.models import AuditEvent
from loket.hr.models import Employee, PensionFile
from loket.hr.pension import services
from tests.hr.test_pension_case import confirmed
from tests.hr.test_pension_case import pension_service as pension_service
from tests.hr.test_pension_case import retiring as retiring

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(retiring):
    services.open_due(today=timezone.localdate())
    return retiring


def test_the_employee_sees_their_retirement_date_and_completes_the_file(client, opened):
    client.force_login(opened["staf2"].user)
    page = client.get("/pegawai/pensiun/").content.decode()
    assert "1 April 2027" in page and "Menunggu konfirmasi pegawai" in page
    file = PensionFile.objects.get(employee=opened["staf2"])
    response = client.post(
        "/pegawai/pensiun/",
        {"action": "family_add", "relation": "pasangan", "name": "Sri Wahyuni", "birth_date": "1972-01-05"},
    )
    assert response.status_code == 302 and file.family.get().name == "Sri Wahyuni"
    client.post("/pegawai/pensiun/", {"action": "account", "bank": "bni", "bank_account": "12", "account_holder": "A"})
    page = client.get("/pegawai/pensiun/").content.decode()
    assert "terdiri atas 10 angka" in page
    client.post(
        "/pegawai/pensiun/",
        {"action": "account", "bank": "bni", "bank_account": "0123456789", "account_holder": "Agus Salim"},
    )
    client.post("/pegawai/pensiun/", {"action": "confirm"})
    file.refresh_from_db()
    assert file.status == "verification" and file.case_id


def test_a_younger_employee_sees_when_their_file_opens(client, opened):
    client.force_login(opened["staf"].user)  # pelaksana born 2 February 1990: BUP 58, pension 1 March 2048
    page = client.get("/pegawai/pensiun/").content.decode()
    assert "1 Maret 2048" in page and "1 Desember 2046" in page  # the file opens 15 months ahead
    assert "Ajukan pensiun dini" in page


def test_bkd_reads_the_account_number_only_through_a_logged_read(client, opened, hr_admin):
    file = confirmed(opened)
    client.force_login(hr_admin)
    page = client.get(f"/kantor/kepegawaian/pensiun/{file.pk}/").content.decode()
    assert "0123456789" not in page and "••••••6789" in page and "Sri Wahyuni" in page
    assert CaseAccess.objects.filter(application=file.case, actor=hr_admin, kind="opened").count() == 1
    page = client.post(f"/kantor/kepegawaian/pensiun/{file.pk}/", {"action": "reveal"}).content.decode()
    assert "0123456789" in page
    assert CaseAccess.objects.filter(application=file.case, actor=hr_admin, kind="identifier").count() == 1
    assert AuditEvent.objects.filter(action="hr.pension_read").count() == 2


def test_a_colleague_reads_nothing(client, opened):
    file = PensionFile.objects.get(employee=opened["staf2"])
    client.force_login(opened["staf"].user)
    assert client.get(f"/kantor/kepegawaian/pensiun/{file.pk}/").status_code in (302, 403, 404)
    client.post(
        "/pegawai/pensiun/", {"action": "family_add", "relation": "anak", "name": "X", "birth_date": "2000-1-1"}
    )
    assert not file.family.exists()


def test_bkd_opens_a_survivors_pension_from_the_register(client, opened, hr_admin):
    client.force_login(hr_admin)
    response = client.post(
        "/kantor/kepegawaian/pensiun/",
        {
            "action": "death",
            "nip": opened["kasi"].nip,
            "death_date": (timezone.localdate() - dt.timedelta(3)).isoformat(),
        },
    )
    file = PensionFile.objects.get(employee=opened["kasi"])
    assert response["Location"].endswith(f"/kantor/kepegawaian/pensiun/{file.pk}/")
    assert Employee.objects.get(pk=opened["kasi"].pk).left_reason == "meninggal"
    page = client.get("/kantor/kepegawaian/pensiun/?status=confirmation").content.decode()
    assert opened["kasi"].full_name in page and opened["staf2"].full_name in page
    assert opened["kasi"].full_name not in client.get("/kantor/kepegawaian/").content.decode()  # left the registry


def test_the_pages_show_the_rank_and_the_configured_banks_name_not_their_codes(client, opened, hr_admin, settings):
    settings.LOKET_PENSION_BANKS = {"bni": ["Bank Negara Indonesia (BNI) Kantor Cabang Bandung", [10]]}
    file = confirmed(opened)
    client.force_login(opened["staf2"].user)
    page = client.get("/pegawai/pensiun/").content.decode()
    assert "Penata Tingkat I, III/d" in page and ">IIId<" not in page
    assert "Bank Negara Indonesia (BNI) Kantor Cabang Bandung 0123456789" in page and "BNI 0123" not in page
    client.force_login(hr_admin)
    page = client.get(f"/kantor/kepegawaian/pensiun/{file.pk}/").content.decode()
    assert "Penata Tingkat I, III/d" in page
    assert "Bank Negara Indonesia (BNI) Kantor Cabang Bandung ••••••6789" in page and "BNI ••••" not in page


def test_a_bkd_officer_reads_their_own_file_without_its_actions(client, opened, hr_admin, kota_bandung):
    from loket.org.models import Role, RoleAssignment

    officer = opened["staf2"]
    RoleAssignment.objects.create(user=officer.user, role=Role.HR_ADMIN, region=kota_bandung)
    file = confirmed(opened)
    client.force_login(officer.user)
    page = client.get(f"/kantor/kepegawaian/pensiun/{file.pk}/").content.decode()
    assert "Ini berkas pensiun Anda sendiri" in page and 'value="verify"' not in page
    assert client.post(f"/kantor/kepegawaian/pensiun/{file.pk}/", {"action": "verify"}).status_code == 403
    file.refresh_from_db()
    assert file.status == "verification"
    client.force_login(hr_admin)
    page = client.get(f"/kantor/kepegawaian/pensiun/{file.pk}/").content.decode()
    assert 'value="verify"' in page and "Ini berkas pensiun Anda sendiri" not in page


def test_bkd_sees_who_entered_a_survivors_data_and_may_not_verify_its_own_entry(client, opened, hr_admin, kota_bandung):
    from loket.org.models import Role
    from tests.helpers.org import make_user

    file = services.open_on_death(actor=hr_admin, nip=opened["kasi"].nip, death_date=dt.date(2026, 11, 20))
    services.add_family_member(
        actor=hr_admin, file_id=file.pk, relation="pasangan", name="Budi", birth_date=dt.date(1989, 4, 4)
    )
    services.save_account(actor=hr_admin, file_id=file.pk, bank="bni", number="0123456789", holder="Budi")
    services.confirm(actor=hr_admin, file_id=file.pk)
    client.force_login(hr_admin)
    page = client.get(f"/kantor/kepegawaian/pensiun/{file.pk}/").content.decode()
    assert "prinsip empat mata" in page and 'value="verify"' not in page and "bkd_bandung" in page
    page = client.post(f"/kantor/kepegawaian/pensiun/{file.pk}/", {"action": "verify"}, follow=True).content.decode()
    assert "petugas BKD lain (prinsip empat mata)" in page  # the refusal, said on the page
    file.refresh_from_db()
    assert file.status == "verification"
    client.force_login(make_user("bkd_bandung_2", (Role.HR_ADMIN, kota_bandung)))
    page = client.get(f"/kantor/kepegawaian/pensiun/{file.pk}/").content.decode()
    assert "prinsip empat mata" not in page and 'value="verify"' in page
    client.post(f"/kantor/kepegawaian/pensiun/{file.pk}/", {"action": "verify"})
    file.refresh_from_db()
    assert file.status == "bkn"
