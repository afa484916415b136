"""Back-office pages: the to-sign list, signing with TOTP, revocation, printing, templates and preview."""

import time

import pytest
from django.core.cache import cache

from loket.catalogue import services as catalogue
from loket.core.errors import LoketError
from loket.core.models import AuditEvent
from loket.documents import services
from loket.documents.models import Document, Letterhead, OutputTemplate
from loket.org.models import Role
from tests.helpers.auth import activate_totp, totp_code
from tests.helpers.org import make_user


def test_official_signs_from_the_to_sign_list(client, completed, official):
    document = completed.documents.get()
    client.force_login(official)
    page = client.get("/kantor/dokumen/tanda-tangan/").content.decode()
    assert document.number in page and 'autocomplete="one-time-code"' in page
    bad = client.post(f"/kantor/dokumen/{document.code}/tanda-tangan", {"otp": "000000"}, follow=True)
    assert "Kode verifikasi salah" in bad.content.decode()
    document.refresh_from_db()
    assert document.status == Document.Status.AWAITING
    cache.clear()
    good = client.post(
        f"/kantor/dokumen/{document.code}/tanda-tangan",
        {"otp": totp_code(official.totp_secret, time.time())},
        follow=True,
    )
    assert "telah ditandatangani" in good.content.decode()
    document.refresh_from_db()
    assert document.status == Document.Status.VALID
    assert document.number not in client.get("/kantor/dokumen/tanda-tangan/").content.decode()


def test_other_agencies_and_citizens_are_refused(client, completed, agency_b, applicant):
    document = completed.documents.get()
    other = make_user("pejabat_kab_bogor", (Role.SIGNING_OFFICIAL, agency_b))
    secret = activate_totp(other)
    client.force_login(other)
    assert document.number not in client.get("/kantor/dokumen/tanda-tangan/").content.decode()
    assert client.get(f"/kantor/dokumen/{document.code}/").status_code == 404
    assert (
        client.post(
            f"/kantor/dokumen/{document.code}/tanda-tangan", {"otp": totp_code(secret, time.time())}
        ).status_code
        == 404
    )
    client.force_login(applicant)
    assert client.get("/kantor/dokumen/tanda-tangan/").status_code == 403
    client.logout()
    assert client.get("/kantor/dokumen/").status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.AWAITING


def test_officer_sees_but_cannot_sign(client, completed):
    document = completed.documents.get()
    officer = make_user("petugas_dok", (Role.OFFICER, document.agency))
    client.force_login(officer)
    page = client.get(f"/kantor/dokumen/{document.code}/").content.decode()
    assert document.number in page and 'name="otp"' not in page
    assert client.post(f"/kantor/dokumen/{document.code}/tanda-tangan", {"otp": "123456"}).status_code == 404


def test_revoke_through_the_page(client, signed, official):
    client.force_login(official)
    page = client.get(f"/kantor/dokumen/{signed.code}/").content.decode()
    assert 'name="reason_code"' in page and "cacat_prosedur" in page and "Minta pencabutan" in page
    response = client.post(f"/kantor/dokumen/{signed.code}/cabut", {"action": "revoke", "reason": ""}, follow=True)
    assert "Pilih alasan pencabutan" in response.content.decode()
    explanation = "Izin dibatalkan karena lokasi usaha berada di luar zona yang diizinkan."
    client.post(
        f"/kantor/dokumen/{signed.code}/cabut",
        {"action": "revoke", "reason_code": "cacat_substansi", "reason": explanation},
    )
    signed.refresh_from_db()
    assert signed.status == Document.Status.VALID  # one person is not enough
    page = client.get(f"/kantor/dokumen/{signed.code}/").content.decode()
    assert "menunggu persetujuan" in page and "Setujui pencabutan" not in page  # the requester cannot approve
    second = make_user("pejabat_kedua", (Role.SIGNING_OFFICIAL, signed.agency))
    client.force_login(second)
    assert "Setujui pencabutan" in client.get(f"/kantor/dokumen/{signed.code}/").content.decode()
    client.post(f"/kantor/dokumen/{signed.code}/cabut", {"action": "approve"})
    signed.refresh_from_db()
    assert signed.status == Document.Status.REVOKED and signed.ended_by == second and explanation in signed.end_reason


def test_printing_at_the_counter_is_counted(client, signed, official):
    client.force_login(official)
    response = client.post(f"/kantor/dokumen/{signed.code}/cetak")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    signed.refresh_from_db()
    assert signed.delivery == Document.Delivery.PRINTED and signed.printed_at is not None


def test_template_editing_preview_and_use(client, editor_a, simple_service, applicant, head_a, editor_b):
    from tests.helpers.catalogue import publish_change
    from tests.helpers.documents import complete, file

    v1 = simple_service.current
    client.force_login(editor_a)
    page = client.get(f"/kantor/templat-dokumen/{v1.pk}/").content.decode()
    assert "Surat Izin Usaha Mikro" in page and "pemohon.nama" in page
    assert "Versi ini sudah terbit" in page and "readonly" in page
    frozen = client.post(
        f"/kantor/templat-dokumen/{v1.pk}/",
        {"title": "SK Izin", "kind": "sk", "classification": "503.1", "body": "Setor Rp 1.000.000 kepada petugas"},
    )
    assert frozen.status_code == 400 and "tidak dapat diubah" in frozen.content.decode()
    assert not OutputTemplate.objects.exists()

    filed_under_v1 = file(simple_service, applicant, key="v1")
    opened = client.post(f"/kantor/templat-dokumen/{v1.pk}/", {"action": "open_draft"})
    draft = catalogue.draft_of(simple_service)
    assert opened.status_code == 302 and opened["Location"] == f"/kantor/templat-dokumen/{draft.pk}/"
    assert client.get(f"/kantor/layanan/{simple_service.code}/templat-dokumen/")["Location"] == opened["Location"]
    broken = client.post(
        f"/kantor/templat-dokumen/{draft.pk}/",
        {"title": "SK Izin", "kind": "sk", "classification": "503.1", "body": "{% if %}"},
    )
    assert broken.status_code == 400 and "Templat tidak valid" in broken.content.decode()
    assert not OutputTemplate.objects.exists()
    client.post(
        f"/kantor/templat-dokumen/{draft.pk}/",
        {
            "title": "Keputusan Izin Usaha Mikro",
            "kind": "sk",
            "classification": "503.1",
            "body": "Diberikan kepada {{ pemohon.nama }} untuk usaha {{ permohonan.data.nama_usaha }}.",
        },
    )
    saved = AuditEvent.objects.get(action="documents.template_saved")
    assert saved.data["changed"]["title"] == {"before": "Surat Izin Usaha Mikro", "after": "Keputusan Izin Usaha Mikro"}
    preview = client.post(
        f"/kantor/templat-dokumen/{draft.pk}/pratinjau",
        {"title": "X", "body": "Halo {{ pemohon.nama }}", "classification": "503"},
    )
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")

    # The changed template is a change of the citizen's terms: a second official publishes it (four eyes).
    publish_change(editor_a, simple_service, approver=head_a)
    simple_service.refresh_from_db()
    assert simple_service.current.version == 2
    public = client.get(f"/layanan/{simple_service.code}/").content.decode()
    assert "Perubahan dari versi 1" in public and "Templat keputusan" in public

    # A case keeps the terms it was filed under: the v1 application gets v1's letter, a new one v2's.
    old = complete(filed_under_v1, head_a).documents.get()
    assert old.title == "Surat Izin Usaha Mikro" and not old.number.startswith("503.1/")
    document = complete(file(simple_service, applicant, key="v2"), head_a).documents.get()
    assert document.title == "Keputusan Izin Usaha Mikro" and document.number.startswith("503.1/")
    assert document.body == "Diberikan kepada Imas Masitoh untuk usaha Warung Sunda Bu Imas."
    client.force_login(editor_b)
    v2 = simple_service.current
    assert client.get(f"/kantor/templat-dokumen/{v2.pk}/").status_code == 404
    assert client.post(f"/kantor/templat-dokumen/{v2.pk}/pratinjau", {"title": "X", "body": "Y"}).status_code == 404
    assert client.post(f"/kantor/templat-dokumen/{v2.pk}/", {"action": "open_draft"}).status_code == 404
    assert OutputTemplate.objects.get(standard=v2).title == "Keputusan Izin Usaha Mikro"


def test_a_published_template_is_frozen_even_below_the_application(editor_a, simple_service):
    from django.db import DatabaseError, connection, transaction

    draft = catalogue.open_draft(actor=editor_a, service=simple_service)
    services.save_template(
        actor=editor_a, standard=draft, title="SK", kind="sk", classification="503", body="Isi {{ pemohon.nama }}"
    )
    from tests.helpers.catalogue import publish_change

    publish_change(editor_a, simple_service)
    template = OutputTemplate.objects.get(standard=draft)
    template.body = "Berlaku setelah menyetor Rp 1.000.000 kepada petugas"
    with pytest.raises(ValueError, match="frozen"):
        template.save()
    with pytest.raises(LoketError, match="tidak dapat diubah"):
        services.save_template(
            actor=editor_a, standard=template.standard, title="SK", kind="sk", classification="503", body="x"
        )
    if connection.vendor == "postgresql":  # the database refuses raw writes too (migration documents 0003)
        with pytest.raises(DatabaseError, match="frozen"), transaction.atomic():
            OutputTemplate.objects.filter(pk=template.pk).update(body="x")


def test_letterhead_of_the_region_is_frozen_into_the_document(
    editor_a, kota_bandung, simple_service, applicant, head_a, editor_b
):
    from loket.core.errors import PermissionDenied
    from tests.helpers.documents import complete, file

    services.save_letterhead(
        actor=editor_a,
        region=kota_bandung,
        government_line="PEMERINTAH KOTA BANDUNG",
        address_lines="Jl. Wastukencana No. 2, Bandung 40117",
        place="Bandung",
    )
    try:
        services.save_letterhead(actor=editor_b, region=kota_bandung, government_line="PALSU")
    except PermissionDenied:
        pass
    else:
        raise AssertionError("another region's editor changed the letterhead")
    document = complete(file(simple_service, applicant), head_a).documents.get()
    assert document.context["letterhead"][:3] == [
        "PEMERINTAH KOTA BANDUNG",
        "DPMPTSP Kota Bandung",
        "Jl. Wastukencana No. 2, Bandung 40117",
    ]
    assert document.context["place_date"].startswith("Bandung, ")
    Letterhead.objects.filter(region=kota_bandung).update(government_line="BERUBAH")
    document.refresh_from_db()
    assert document.context["letterhead"][0] == "PEMERINTAH KOTA BANDUNG"


def test_a_new_standard_version_starts_from_the_previous_template(editor_a, simple_service):
    first = catalogue.open_draft(actor=editor_a, service=simple_service)
    services.save_template(
        actor=editor_a,
        standard=first,
        title="SK Izin Usaha Mikro",
        kind="sk",
        classification="503.2",
        body="Isi {{ pemohon.nama }}",
    )
    from tests.helpers.catalogue import publish_change

    publish_change(editor_a, simple_service)
    draft = catalogue.open_draft(actor=editor_a, service=simple_service)
    carried = services.template_for(draft)
    assert carried.pk is not None and carried.standard == draft  # copied into the draft, editable there
    assert (carried.title, carried.kind, carried.classification, carried.body) == (
        "SK Izin Usaha Mikro",
        "sk",
        "503.2",
        "Isi {{ pemohon.nama }}",
    )


def test_navigation_links(client, official, applicant):
    client.force_login(applicant)
    assert 'href="/dompet/"' in client.get("/permohonan/").content.decode()
    client.force_login(official)
    office = client.get("/kantor/").content.decode()
    assert 'href="/kantor/dokumen/tanda-tangan/"' in office and 'href="/kantor/dokumen/"' in office


def test_batch_signing_with_one_code(client, official, simple_service, applicant, head_a, agency_b):
    from tests.helpers.documents import complete, file

    first = complete(file(simple_service, applicant, key="b-1"), head_a).documents.get()
    second = complete(file(simple_service, applicant, key="b-2"), head_a).documents.get()
    client.force_login(official)
    empty = client.post("/kantor/dokumen/tanda-tangan/", {"otp": "123456"}, follow=True)
    assert "Pilih dokumen yang akan ditandatangani" in empty.content.decode()
    unknown = client.post(
        "/kantor/dokumen/tanda-tangan/",
        {"codes": [first.code, "BUKANKODE234"], "otp": totp_code(official.totp_secret, time.time())},
        follow=True,
    )
    assert "bukan wewenang Anda" in unknown.content.decode()
    assert Document.objects.filter(status="awaiting").count() == 2
    cache.clear()
    done = client.post(
        "/kantor/dokumen/tanda-tangan/",
        {"codes": [first.code, second.code], "otp": totp_code(official.totp_secret, time.time())},
        follow=True,
    )
    assert "2 dokumen telah ditandatangani" in done.content.decode()
    assert set(Document.objects.values_list("status", flat=True)) == {"valid"}
    assert {d.signed_by_id for d in Document.objects.all()} == {official.pk}


def test_letterhead_page(client, editor_a, editor_b, kota_bandung):
    client.force_login(editor_a)
    page = client.get("/kantor/kop-surat/32.73/").content.decode()
    assert 'value="PEMERINTAH KOTA BANDUNG"' in page
    bad = client.post("/kantor/kop-surat/32.73/", {"government_line": " ", "address_lines": "", "place": ""})
    assert bad.status_code == 400 and not Letterhead.objects.exists()
    client.post(
        "/kantor/kop-surat/32.73/",
        {
            "government_line": "PEMERINTAH KOTA BANDUNG",
            "address_lines": "Balai Kota, Jl. Wastukencana No. 2",
            "place": "Bandung",
        },
    )
    assert Letterhead.objects.get(region=kota_bandung).address_lines == "Balai Kota, Jl. Wastukencana No. 2"
    client.force_login(editor_b)
    assert client.get("/kantor/kop-surat/32.73/").status_code == 404
    assert client.post("/kantor/kop-surat/32.73/", {"government_line": "PALSU"}).status_code == 404
    assert Letterhead.objects.get(region=kota_bandung).government_line == "PEMERINTAH KOTA BANDUNG"
