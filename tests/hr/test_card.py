"""e-Kartu services and pages: issuing in bulk, re-issue when a printed fact changes (also after a bulk update that
sends no post_save), revocation through hr.signals.employee_left, the signed revocation list, and the pages of the
holder, BKD and the public."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.core.models import AuditEvent
from loket.hr.card import cose, rules
from loket.hr.card import services as cards
from loket.hr.models import CardWithdrawal, Employee, EmployeeCard
from loket.hr.signals import employee_left

TODAY = dt.date(2026, 12, 7)


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), (200, 180, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


def login(client, employee_or_user):
    client.force_login(getattr(employee_or_user, "user", employee_or_user))
    return client


@pytest.fixture
def issued(staff):
    result = cards.refresh_stale(today=TODAY)
    assert result.issued == len(staff) and result.reissued == 0
    return staff


def in_force(employee) -> EmployeeCard:
    return EmployeeCard.objects.get(employee=employee, revoked_at__isnull=True)


def test_bulk_issue_gives_every_active_employee_one_verifiable_card(issued):
    staf = issued["staf"]
    card = in_force(staf)
    assert card.facts == {
        "name": staf.full_name,
        "nip": staf.nip,
        "grade": "IIIa",
        "position": staf.position_name,
        "agency": staf.agency.name,
    }
    assert card.valid_from == TODAY and card.valid_until <= dt.date(2031, 12, 6)
    verdict = cards.check(cards.qr_text(card), today=TODAY)
    assert verdict.status == rules.VALID and verdict.facts.nip == staf.nip and verdict.facts.grade == "IIIa"
    assert cards.qr_text(card).startswith("https://loket.example.go.id/kartu/v/")
    # the published key set verifies it with the library too
    claims = cose.verify_with_library(cose.unb64url(card.token), cards.jwks()["keys"])
    assert bytes(claims[rules.CTI]).hex() == card.serial
    assert AuditEvent.objects.filter(action="hr.cards_issued").exists()
    # idempotent: nothing changed, nothing issued
    assert cards.refresh_stale(today=TODAY) == cards.Refresh(0, 0)


def test_validity_stops_before_the_pension_date(staff):
    Employee.objects.filter(pk=staff["kasi"].pk).update(birth_date=dt.date(1970, 3, 15))  # pengawas: BUP 58
    card = cards.issue(staff["kasi"], today=TODAY)
    assert card.valid_until == dt.date(2028, 3, 31)  # pension 1 April 2028


def test_a_bulk_promotion_is_noticed_and_the_card_reissued(issued):
    staf = issued["staf"]
    old = in_force(staf)
    Employee.objects.filter(pk=staf.pk).update(grade="IIIb", position_name="Analis Perizinan")  # no post_save
    result = cards.refresh_stale(today=TODAY + dt.timedelta(days=1))
    assert result == cards.Refresh(issued=0, reissued=1)
    new = in_force(staf)
    assert new.facts["grade"] == "IIIb" and new.facts["position"] == "Analis Perizinan"
    old.refresh_from_db()
    assert old.revoke_reason == rules.SUPERSEDED and old.revoked_on == TODAY + dt.timedelta(days=1)
    # the old card still carries a genuine signature, but it is refused as replaced
    verdict = cards.check(old.token, today=TODAY + dt.timedelta(days=1))
    assert verdict.status == rules.REVOKED and verdict.superseded
    assert cards.refresh_stale(today=TODAY + dt.timedelta(days=1)) == cards.Refresh(0, 0)


def test_the_holder_page_reissues_a_stale_card(client, issued):
    staf = issued["staf"]
    Employee.objects.filter(pk=staf.pk).update(back_title="S.Sos.")
    page = login(client, staf).get("/pegawai/kartu/").content.decode()
    assert "Siti Aminah, S.Sos." in page
    assert in_force(staf).facts["name"] == "Siti Aminah, S.Sos."


@pytest.mark.parametrize("reason", rules.LEFT_REASONS)
def test_employee_left_signal_revokes_with_reason_and_date(issued, reason):
    staf = issued["staf"]
    card = in_force(staf)
    on = dt.date(2027, 1, 1)
    employee_left.send(sender=None, employee=staf, on=on, reason=reason)
    card.refresh_from_db()
    assert card.revoke_reason == reason and card.revoked_on == on and card.revoked_at is not None
    assert CardWithdrawal.objects.get(employee=staf).reason == reason
    assert cards.check(card.token, today=on - dt.timedelta(days=1)).status == rules.VALID  # until the day
    assert cards.check(card.token, today=on).status == rules.REVOKED
    # no card again: neither the daily job nor the holder's page issues one
    assert cards.refresh_stale(today=on) == cards.Refresh(0, 0)
    assert cards.card_for(staf, today=on).pk == card.pk
    assert AuditEvent.objects.filter(action="hr.card_revoked", object_id=str(card.pk)).exists()


def test_employee_left_without_a_card_still_stops_issuing(staff):
    employee_left.send(sender=None, employee=staff["staf3"], on=TODAY, reason="meninggal")
    assert cards.refresh_stale(today=TODAY).issued == len(staff) - 1
    assert not EmployeeCard.objects.filter(employee=staff["staf3"]).exists()


def test_revocation_list_is_signed_dated_and_refuses_a_revoked_card(issued):
    staf = issued["staf"]
    card = in_force(staf)
    cards.revoke(card, reason=rules.LOST, on=TODAY)
    region = staf.region
    raw = cards.revocation_list(region)
    keys = cards.public_keys()
    # the revoked card's own payload still verifies cryptographically ...
    assert rules.decoded(cose.verify(cose.unb64url(card.token), keys)).nip == staf.nip
    # ... but the list, itself verified with the region's published key, names it
    code, issued_at, entries = cards.read_revocation_list(raw, keys)
    assert code == region.code and abs(issued_at - dt.datetime.now(dt.UTC).timestamp()) < 120
    assert entries[card.serial] == (TODAY.isoformat(), rules.REVOKED)  # "dicabut": never why
    assert in_force(issued["staf2"]).serial not in entries
    assert cose.verify_with_library(raw, cards.jwks()["keys"])[rules.ISS] == region.code
    tampered = raw.replace(bytes.fromhex(card.serial), bytes(8))
    with pytest.raises(cose.InvalidCard):
        cards.read_revocation_list(tampered, keys)


def test_public_pages_need_no_login(client, issued):
    staf = issued["staf"]
    card = in_force(staf)
    response = client.get(f"/kartu/v/{card.token}")
    page = response.content.decode()
    assert response.status_code == 200 and "BERLAKU" in page and staf.nip in page
    # nothing beyond what the card prints: no birth date, e-mail, unit or NIK
    for private in (staf.user.email, staf.birth_date.isoformat(), "Seksi Perizinan Usaha"):
        assert private not in page
    keys = client.get("/kartu/kunci.json").json()["keys"]
    assert [k["iss"] for k in keys] == [staf.region.code] and "d" not in keys[0]
    assert (keys[0]["tz"], keys[0]["zone"]) == ("Asia/Jakarta", "WIB")  # the offline checker writes dates in it
    listed = client.get(f"/kartu/dicabut/{staf.region.code}.cwt")
    assert listed.status_code == 200 and listed["Content-Type"] == "application/cwt"
    assert client.get("/kartu/dicabut/99.99.cwt").status_code == 404
    assert client.get("/kartu/periksa/").status_code == 200
    unknown = client.get("/kartu/v/" + card.token[:-4] + "AAAA")
    assert unknown.status_code == 404 and "TIDAK DIKENAL" in unknown.content.decode()


@pytest.mark.parametrize("reason", rules.LEFT_REASONS)
def test_the_public_learns_revoked_and_since_when_but_never_why(client, issued, hr_admin, reason):
    staf = issued["staf"]
    card = in_force(staf)
    employee_left.send(sender=None, employee=staf, on=dt.date(2026, 11, 30), reason=reason)
    page = client.get(f"/kartu/v/{card.token}").content.decode()
    assert "DICABUT" in page and "30 November 2026" in page
    for label in rules.REASONS[reason][:2]:
        assert label not in page
    listed = cards.read_revocation_list(cards.revocation_list(staf.region), cards.public_keys())[2]
    assert listed[card.serial] == ("2026-11-30", rules.REVOKED)
    assert reason.encode() not in cards.revocation_list(staf.region)
    # BKD's own page keeps the reason
    bkd = login(client, hr_admin).get(f"/kantor/kepegawaian/pegawai/{staf.nip}/kartu/").content.decode()
    assert rules.REASONS[reason][0] in bkd


def test_a_replaced_card_is_published_as_replaced(client, issued):
    staf = issued["staf"]
    old = in_force(staf)
    Employee.objects.filter(pk=staf.pk).update(grade="IIIb")
    cards.refresh_stale(today=TODAY)
    page = client.get(f"/kartu/v/{old.token}").content.decode()
    assert "DIGANTI" in page and "Diganti kartu baru" not in page
    listed = cards.read_revocation_list(cards.revocation_list(staf.region), cards.public_keys())[2]
    assert listed[old.serial] == (TODAY.isoformat(), rules.SUPERSEDED)


def test_holder_sees_card_and_pdf(client, issued):
    staf = issued["staf"]
    login(client, staf)
    page = client.get("/pegawai/kartu/").content.decode()
    assert staf.nip in page and "<svg" in page and "Penata Muda, III/a" in page and ">SA<" in page
    pdf = client.get("/pegawai/kartu/kartu.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_hr_issues_revokes_and_sets_the_photo(client, issued, hr_admin, hr_admin_bogor):
    staf = issued["staf"]
    login(client, hr_admin)
    assert "Siti Aminah" in client.get("/kantor/kepegawaian/kartu/").content.decode()
    url = f"/kantor/kepegawaian/pegawai/{staf.nip}/kartu/"
    assert client.post(url, {"action": "photo", "photo": SimpleUploadedFile("f.png", PNG)}).status_code == 302
    assert "data:image/png;base64," in client.get(url).content.decode()
    client.post(url, {"action": "photo", "photo": SimpleUploadedFile("f.gif", b"GIF89a" + bytes(10))})
    client.post(url, {"action": "photo", "photo": SimpleUploadedFile("f.png", PNG[:20])})  # a broken PNG
    assert staf.photo.content_type == "image/png"
    old = in_force(staf)
    client.post(url, {"action": "issue"})
    assert in_force(staf).pk != old.pk
    reissued = in_force(staf)
    # by hand, only a lost or damaged card: leaving the registry is e-Pensiun's mark_left (Employee.left_on)
    for reason in rules.LEFT_REASONS:
        client.post(url, {"action": "revoke", "reason": reason, "on": "2026-12-07"})
        assert in_force(staf).pk == reissued.pk
    assert not CardWithdrawal.objects.filter(employee=staf).exists()
    page = client.get(url).content.decode()
    assert 'value="hilang"' in page and 'value="pindah_keluar"' not in page and 'value="meninggal"' not in page
    client.post(url, {"action": "revoke", "reason": "hilang", "on": "2026-12-31"})  # a future date is refused
    assert in_force(staf).pk == reissued.pk
    client.post(url, {"action": "revoke", "reason": "hilang", "on": "2026-12-06"})
    reissued.refresh_from_db()
    assert reissued.revoke_reason == rules.LOST and reissued.revoked_on == dt.date(2026, 12, 6)
    assert in_force(staf).pk != reissued.pk  # a new card at once
    assert not CardWithdrawal.objects.filter(employee=staf).exists()
    assert Employee.objects.get(pk=staf.pk).left_on is None
    assert client.get(f"/kantor/kepegawaian/pegawai/{staf.nip}/kartu.pdf").content.startswith(b"%PDF")
    # another region's BKD neither reads nor acts
    login(client, hr_admin_bogor)
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"action": "issue"}).status_code in (403, 404)
    assert EmployeeCard.objects.filter(employee=staf).count() == 3  # bulk card, re-issue, lost-card re-issue


def test_employee_is_refused_the_hr_pages(client, issued):
    login(client, issued["staf"])
    assert client.get("/kantor/kepegawaian/kartu/").status_code == 403


def test_a_region_key_cannot_vouch_for_another_region_or_card(issued, kab_bogor):
    """A genuine signature is not enough: the payload must be the card on record, of the region whose key signed."""
    import os

    from loket.documents import pki

    staf = issued["staf"]
    card = in_force(staf)
    keys = cards.public_keys()
    key = pki.card_key(staf.region.code).key
    claims = cose.verify(cose.unb64url(card.token), keys)
    other_nip = [2, int(issued["staf2"].nip), *claims[rules.CARD][2:]]  # another holder's NIP on this card
    for change in ({rules.ISS: kab_bogor.code}, {rules.CARD: other_nip}, {rules.CTI: os.urandom(8)}):
        forged = cose.b64url(cose.sign({**claims, **change}, key))
        assert cose.verify(cose.unb64url(forged), keys)  # the signature itself is genuine
        assert cards.check(forged, today=TODAY).status == rules.UNKNOWN


def _teacher(employee, birth: dt.date):
    from loket.hr.models import FunctionalPosition

    Employee.objects.filter(pk=employee.pk).update(
        position_type="fungsional", position_name="Guru Ahli Muda", birth_date=birth
    )
    FunctionalPosition.objects.create(
        employee=employee, name="Guru Ahli Muda", level="ahli_muda", first=dt.date(2020, 1, 1), reason="perpindahan"
    )
    return Employee.objects.get(pk=employee.pk)


def test_validity_follows_e_pensiun_statute_ages_and_the_region_setting(staff, settings):
    """A teacher retires at 60 (PP 11/2017 art. 240, UU 14/2005), not at ahli muda's 58: e-Pensiun's retirement_of."""
    teacher = _teacher(staff["kasi"], dt.date(1970, 3, 15))
    assert cards.issue(teacher, today=TODAY).valid_until == dt.date(2030, 3, 31)  # pension 1 April 2030
    settings.LOKET_PENSION_STATUTE_AGES = {"guru": 59}
    assert cards.issue(teacher, today=TODAY).valid_until == dt.date(2029, 3, 31)


def test_validity_prefers_the_live_pension_file_date(staff):
    from loket.hr.models import PensionFile

    kasi = Employee.objects.get(pk=staff["kasi"].pk)
    PensionFile.objects.create(
        employee=kasi,
        kind=PensionFile.Kind.EARLY,
        status=PensionFile.Status.VERIFICATION,
        pension_date=dt.date(2027, 6, 1),
        service_years=20,
        service_months=0,
        last_grade=kasi.grade,
    )
    assert cards.issue(kasi, today=TODAY).valid_until == dt.date(2027, 5, 31)


def test_a_card_that_ran_out_at_retirement_is_not_reissued_every_day(staff):
    Employee.objects.filter(pk=staff["kasi"].pk).update(birth_date=dt.date(1968, 12, 10))  # pengawas 58: 1 Jan 2027
    cards.refresh_stale(today=TODAY)
    card = in_force(staff["kasi"])
    assert card.valid_until == dt.date(2026, 12, 31)
    for day in (dt.date(2027, 1, 2), dt.date(2027, 1, 3)):
        assert cards.refresh_stale(today=day) == cards.Refresh(0, 0)
    assert EmployeeCard.objects.filter(employee=staff["kasi"]).count() == 1
    assert not EmployeeCard.objects.filter(revoke_reason=rules.SUPERSEDED).exists()  # no daily "diganti" rows
    assert cards.check(card.token, today=dt.date(2027, 1, 3)).status == rules.EXPIRED
