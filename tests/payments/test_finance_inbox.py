"""The receiving treasurer's pages (issue 18): the open discrepancies of their own agencies, a discrepancy with its
evidence, resolving it with a note (audited), the daily report as HTML and CSV; everyone else refused."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from loket.core.errors import LoketError
from loket.core.models import AuditEvent
from loket.org import permissions
from loket.org.models import Role
from loket.payments import services as payments
from loket.payments.models import Assessment, Discrepancy, PaymentEvent, Reconciliation
from tests.helpers.org import make_user
from tests.helpers.payments import file_levy, verify_first_step

DAY = dt.date(2026, 12, 6)


@pytest.fixture
def finance(agency_a, agency_b, settings):
    settings.LOKET_PAYMENT_PROVIDER_BY_REGION = {"32.73": "sim", "*": "lain"}
    now = timezone.now()
    run = Reconciliation.objects.create(
        provider="sim", day=DAY, status="done", finished_at=now, lines=12, settled_total=1_320_000
    )
    other_run = Reconciliation.objects.create(provider="lain", day=DAY, status="done", finished_at=now)

    def finding(kind, reference, agency, loket=None, provider=None, on=run):
        return Discrepancy.objects.create(
            reconciliation=on, kind=kind, reference=reference, agency=agency, loket_amount=loket,
            provider_amount=provider, created_at=now,
        )  # fmt: skip

    return {
        "officer_a": make_user("bendahara_a", (Role.FINANCE_OFFICER, agency_a)),
        "officer_b": make_user("bendahara_b", (Role.FINANCE_OFFICER, agency_b)),
        "mine": finding("amount_differs", "LKT0000000001", agency_a, 110000, 100000),
        "unknown": finding("unknown_bill", "LKT0000009999", None, None, 7500),  # settled by A's provider
        "theirs": finding("paid_not_settled", "LKT0000000002", agency_b, 50000, None, other_run),
        "unknown_elsewhere": finding("unknown_bill", "LKT0000008888", None, None, 1000, other_run),
    }


def _signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_inbox_lists_only_the_officers_own_open_discrepancies_with_labels_and_money(client, finance):
    response = _signed_in(client, finance["officer_a"]).get("/kantor/keuangan/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "LKT0000000001" in page and "LKT0000009999" in page  # its agency's, and unknown bills of its provider
    assert "LKT0000000002" not in page and "LKT0000008888" not in page
    assert "Jumlah berbeda" in page and "amount_differs" not in page  # labels, not keys
    assert "Rp110.000" in page and "Rp100.000" in page and "6 Desember 2026" in page
    client.cookies.load({"django_language": "en"})
    english = client.get("/kantor/keuangan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Amount differs" in english and "Open reconciliation discrepancies" in english


@pytest.mark.django_db
def test_an_empty_inbox_says_so(client, agency_a):
    officer = make_user("bendahara_kosong", (Role.FINANCE_OFFICER, agency_a))
    page = _signed_in(client, officer).get("/kantor/keuangan/").content.decode()
    assert "Tidak ada selisih terbuka" in page
    report = client.get("/kantor/keuangan/laporan/?tanggal=2026-12-06").content.decode()
    assert "Tidak ada selisih pada hari ini" in report and "belum direkonsiliasi" in report


@pytest.mark.django_db
def test_the_inbox_pages(client, finance, agency_a):
    run = Reconciliation.objects.get(provider="sim")
    Discrepancy.objects.bulk_create(
        Discrepancy(reconciliation=run, kind="unknown_bill", reference=f"LKTP{n:06d}", agency=agency_a,
                    provider_amount=1000, created_at=timezone.now())
        for n in range(60)
    )  # fmt: skip
    _signed_in(client, finance["officer_a"])
    first = client.get("/kantor/keuangan/")
    assert first.context["page"].paginator.num_pages == 2 and len(first.context["page"].object_list) == 50
    assert len(client.get("/kantor/keuangan/?page=2").context["page"].object_list) == 12


@pytest.mark.django_db
def test_others_are_refused(client, finance, officer_a, head_a):
    mine = finance["mine"]
    # another agency's treasurer: the discrepancy does not exist for them, and they cannot resolve it
    _signed_in(client, finance["officer_b"])
    assert client.get(f"/kantor/keuangan/selisih/{mine.pk}/").status_code == 404
    response = client.post(f"/kantor/keuangan/selisih/{mine.pk}/selesaikan", {"note": "Sudah dicek ke bank BJB."})
    assert response.status_code == 404
    # officers and heads without the finance role: no finance page at all
    for user in (officer_a, head_a):
        _signed_in(client, user)
        assert client.get("/kantor/keuangan/").status_code == 403
        assert client.get(f"/kantor/keuangan/selisih/{mine.pk}/").status_code == 403
        assert client.get("/kantor/keuangan/laporan/").status_code == 403
        assert client.post(f"/kantor/keuangan/selisih/{mine.pk}/selesaikan", {"note": "x" * 20}).status_code == 403
    client.logout()
    assert client.get("/kantor/keuangan/").status_code == 302
    mine.refresh_from_db()
    assert mine.resolved_at is None
    assert not permissions.can(officer_a, "payments.finance", mine.agency_id)
    assert permissions.can(finance["officer_a"], "payments.finance", mine.agency_id)


@pytest.mark.django_db
def test_resolving_needs_a_note_and_is_audited(client, finance):
    mine = finance["mine"]
    PaymentEvent.objects.create(
        provider="sim", event_id="evt_1", kind="payment.paid", reference=mine.reference, amount=100000, body="{}",
        received_at=timezone.now(), outcome="amount_differs",
    )  # fmt: skip
    _signed_in(client, finance["officer_a"])
    detail = client.get(f"/kantor/keuangan/selisih/{mine.pk}/").content.decode()
    assert "evt_1" in detail and "Tandai selesai" in detail  # the evidence: the provider's callback

    refused = client.post(f"/kantor/keuangan/selisih/{mine.pk}/selesaikan", {"note": "  ok "})
    assert refused.status_code == 400 and "catatan penyelesaian" in refused.content.decode()
    mine.refresh_from_db()
    assert mine.resolved_at is None and not AuditEvent.objects.filter(action="payments.discrepancy_resolved").exists()

    note = "Dikonfirmasi ke bank: pembayar mentransfer kurang Rp10.000; dikembalikan."
    done = client.post(f"/kantor/keuangan/selisih/{mine.pk}/selesaikan", {"note": note})
    assert done.status_code == 302
    mine.refresh_from_db()
    assert mine.resolved_by == finance["officer_a"] and mine.resolution == note and mine.resolved_at
    event = AuditEvent.objects.get(action="payments.discrepancy_resolved")
    assert event.actor_id == finance["officer_a"].pk and event.data["note"] == note
    assert "LKT0000000001" not in client.get("/kantor/keuangan/").content.decode()
    assert "LKT0000000001" in client.get("/kantor/keuangan/?status=selesai").content.decode()
    with pytest.raises(LoketError, match="sudah diselesaikan"):
        payments.resolve_discrepancy(actor=finance["officer_a"], discrepancy_id=mine.pk, note=note)


@pytest.mark.django_db
def test_daily_report_html_and_csv(client, finance, agency_a):
    _signed_in(client, finance["officer_a"])
    page = client.get("/kantor/keuangan/laporan/?tanggal=2026-12-06")
    assert page.status_code == 200
    text = page.content.decode()
    assert "SKRD diterbitkan" in text and "Jumlah berbeda" in text and "Rp1.320.000" in text
    csv_response = client.get(f"/kantor/keuangan/laporan/unduh?instansi={agency_a.pk}&tanggal=2026-12-06")
    assert csv_response.status_code == 200 and csv_response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert rows[0] == ["tanggal", "instansi", "uraian", "jumlah", "nilai_rupiah"]
    assert ["2026-12-06", agency_a.name, "Selisih: Jumlah berbeda", "1", "100000"] in rows
    assert client.get("/kantor/keuangan/laporan/?tanggal=kemarin").context["error"]
    assert client.get("/kantor/keuangan/laporan/unduh?tanggal=kemarin").status_code == 400
    # another agency's id in the query falls back to the officer's own
    other = client.get(f"/kantor/keuangan/laporan/?instansi={finance['theirs'].agency_id}&tanggal=2026-12-06")
    assert other.context["agency"] == agency_a


@pytest.mark.django_db
def test_the_report_counts_the_agencys_assessments_issued_paid_and_settled(
    client, billboard, applicant, officers, agency_a, settings
):
    settings.LOKET_PAYMENT_PROVIDER_BY_REGION = {"*": "sim"}
    cases = [file_levy(billboard, applicant, luas, key=f"k-{luas}") for luas in (1, 2)]
    for case in cases:
        verify_first_step(case, officers["front"])
    Assessment.objects.filter(application=cases[1]).update(status="paid", paid_at=timezone.now())
    today = timezone.now().astimezone(dt.UTC).date()
    _signed_in(client, make_user("bendahara_a", (Role.FINANCE_OFFICER, agency_a)))
    lines = client.get(f"/kantor/keuangan/laporan/?tanggal={today.isoformat()}").context["lines"]
    assert {line.key: (line.count, line.amount) for line in lines} == {
        "issued": (2, 35000 + 60000),
        "paid": (1, 60000),
        "settled": (1, 60000),
    }
    yesterday = client.get(f"/kantor/keuangan/laporan/?tanggal={(today - dt.timedelta(days=1)).isoformat()}")
    assert [(line.count, line.amount) for line in yesterday.context["lines"]] == [(0, 0)] * 3
