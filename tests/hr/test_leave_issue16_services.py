"""Issue 16 on the leave case: the official's deferral (recorded, feeding next year's balance), long leave that
cannot be deferred, travel days on the request and the permit, and a request across 1 January."""

import datetime as dt

import pytest

from loket.core.errors import LoketError
from loket.hr.leave import services
from loket.hr.models import Employee, LeaveDecision, LeaveRequest
from tests.helpers.hr import otp

pytestmark = pytest.mark.django_db

MON, WED = dt.date(2026, 12, 7), dt.date(2026, 12, 9)  # 3 working days


@pytest.fixture
def staf(staff):
    Employee.objects.filter(pk=staff["staf"].pk).update(service_start=dt.date(2010, 3, 1), leave_records_from=2026)
    staff["staf"].refresh_from_db()
    return staff["staf"]


def ask(employee, kind="tahunan", first=MON, last=WED, **details):
    return services.request_leave(
        actor=employee.user, leave_type=kind, first=first, last=last, address="Bandung", details=details
    )


def test_the_officials_deferral_is_recorded_and_carries_the_days_into_next_year(staff, staf):
    assert services.annual_balance(staf, 2027).total == 18  # 12 own + 6 carried (nothing taken in 2026)
    leave = ask(staf)
    services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="approved")
    services.decide(actor=staff["kadis"].user, leave_id=leave.pk, decision="deferred", note="Laporan akhir tahun")
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.DEFERRED
    assert leave.details["deferred_until"] == "2027-12-31"
    decision = LeaveDecision.objects.get(request=leave, level=2)
    assert decision.decision == "deferred" and decision.note.startswith("Ditangguhkan sampai dengan 31 Desember 2027.")
    # 2026: 12 unused, 3 of them deferred by the official -> 3 carry in full, 9 left -> 6 as N-1; 2027: 3 + 6 + 12.
    balance = services.annual_balance(staf, 2027)
    assert (balance.deferred, balance.from_n_minus_1, balance.own, balance.total) == (3, 6, 12, 21)
    leave.case.refresh_from_db()
    assert leave.case.status == "rejected"  # the case ends with the deferral and its reason


def test_a_deferral_by_the_direct_superior_carries_nothing(staff, staf):
    leave = ask(staf)
    services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="deferred", note="Akhir tahun anggaran")
    assert services.annual_balance(staf, 2027).deferred == 0


def test_long_leave_for_the_first_hajj_cannot_be_deferred(staff, staf):
    leave = ask(staf, "besar", dt.date(2027, 3, 1), dt.date(2027, 5, 31), long_leave_reason="haji_pertama")
    services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="approved")
    with pytest.raises(LoketError, match="haji pertama tidak dapat ditangguhkan"):
        services.decide(
            actor=staff["kadis"].user,
            leave_id=leave.pk,
            decision="deferred",
            note="Kegiatan dinas",
            until=dt.date(2027, 9, 1),
        )
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.OFFICIAL and not leave.decisions.filter(level=2).exists()


def test_long_leave_deferred_until_a_named_day_within_a_year(staff, staf):
    leave = ask(staf, "besar", dt.date(2027, 3, 1), dt.date(2027, 5, 31))
    services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="approved")
    with pytest.raises(LoketError, match="paling lama 1 tahun"):
        services.decide(
            actor=staff["kadis"].user, leave_id=leave.pk, decision="deferred", note="Dinas", until=dt.date(2028, 3, 1)
        )
    services.decide(
        actor=staff["kadis"].user, leave_id=leave.pk, decision="deferred", note="Dinas", until=dt.date(2027, 9, 1)
    )
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.DEFERRED and leave.details["deferred_until"] == "2027-09-01"


def test_travel_days_are_asked_added_to_the_absence_and_stated_on_the_permit(staff, staf):
    leave = ask(staf, travel_days="12")
    assert leave.working_days == 3 and leave.calendar_days == 3 + 12 and leave.details["travel_days"] == 12
    services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="approved")
    services.decide(actor=staff["kadis"].user, leave_id=leave.pk, decision="approved", otp=otp(staff["kadis"]))
    body = services.permit_subject(leave, services.permit_context(leave)).body
    assert (
        "ditambah 12 hari kalender untuk perjalanan ke tempat yang sulit perhubungannya sampai dengan tanggal "
        "21 Desember 2026" in body
    )
    # The travel days keep the days after the leave taken: another request on them overlaps.
    with pytest.raises(LoketError, match="bertabrakan"):
        ask(staf, first=dt.date(2026, 12, 14), last=dt.date(2026, 12, 15))


def test_travel_days_beyond_12_or_not_a_number_are_refused(staf):
    with pytest.raises(LoketError, match="paling lama 12 hari kalender"):
        ask(staf, travel_days="13")
    with pytest.raises(LoketError, match="angka 0 sampai 12"):
        ask(staf, travel_days="dua")
    assert not LeaveRequest.objects.filter(employee=staf).exists()


def test_a_request_across_new_year_is_charged_to_each_year(staf):
    # 28-31 Dec 2026: 4 working days; 1 Jan 2027 holiday, 4 Jan, 5 Jan holiday (estimate), 6 Jan: 2.
    leave = ask(staf, first=dt.date(2026, 12, 28), last=dt.date(2027, 1, 6))
    assert leave.working_days == 6 and leave.details["days_by_year"] == {"2026": 4, "2027": 2}
    assert services.annual_balance(staf, 2026).taken == 4
    # 2026: 8 left -> 6 carry; 2027: 6 + 12, 2 taken.
    balance = services.annual_balance(staf, 2027)
    assert (balance.taken, balance.total, balance.remaining) == (2, 18, 16)
    body = services.permit_subject(leave, services.permit_context(leave)).body
    assert (
        "Sisa hak cuti tahunan 2026 setelah cuti ini: 8 hari kerja. Sisa hak cuti tahunan 2027: 16 hari kerja." in body
    )


def test_the_form_asks_for_travel_days_and_the_detail_page_states_them(staff, staf, client):
    client.force_login(staf.user)
    form = client.get("/pegawai/cuti/baru/").content.decode()
    assert 'name="travel_days"' in form and "sulit perhubungannya" in form
    response = client.post(
        "/pegawai/cuti/baru/",
        {"leave_type": "tahunan", "first": "2026-12-28", "last": "2027-01-06", "travel_days": "4", "address": "Nias"},
    )
    leave = LeaveRequest.objects.get(employee=staf)
    assert response.status_code == 302 and leave.details["travel_days"] == 4
    page = client.get(f"/pegawai/cuti/{leave.pk}/").content.decode()
    assert 'id="leave-travel-days"' in page and "4 hari pada tahun 2026" in page and "2 hari pada tahun 2027" in page
    refused = client.post(
        "/pegawai/cuti/baru/",
        {"leave_type": "tahunan", "first": "2026-08-03", "last": "2026-08-04", "travel_days": "20"},
    )
    assert refused.status_code == 400 and "paling lama 12 hari kalender" in refused.content.decode()


def test_the_api_shows_deferred_days_and_takes_the_deferral_date(staff, staf, client):
    leave = ask(staf, "besar", dt.date(2027, 3, 1), dt.date(2027, 5, 31))
    services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="approved")
    client.force_login(staff["kadis"].user)
    url = f"/api/v1/hr/leave/{leave.pk}/decision"
    refused = client.post(url, {"decision": "deferred", "note": "Dinas"}, content_type="application/json")
    assert refused.status_code == 400 and "sampai tanggal berapa" in refused.content.decode()
    body = {"decision": "deferred", "note": "Dinas", "until": "2027-09-01"}
    assert client.post(url, body, content_type="application/json").status_code == 200
    annual = ask(staf)
    services.decide(actor=staff["kasi"].user, leave_id=annual.pk, decision="approved")
    services.decide(actor=staff["kadis"].user, leave_id=annual.pk, decision="deferred", note="Tutup buku")
    client.force_login(staf.user)
    assert client.get("/api/v1/hr/me").json()["annual_leave"]["deferred"] == 0  # this year: nothing deferred into it
