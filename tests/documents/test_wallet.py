"""The citizen's wallet: list, download, time-limited share links, and reuse in a new application."""

import time

import pytest
from django.core import signing as django_signing

from loket.applications.models import Upload
from loket.core.errors import LoketError, NotFound
from loket.documents import queries, services
from loket.documents.models import Document, ReusedDocument
from tests.helpers.applications import ANSWERS
from tests.helpers.documents import complete, revoke
from tests.helpers.org import make_user


def test_wallet_lists_and_downloads_only_own_documents(client, signed, applicant):
    client.force_login(applicant)
    page = client.get("/dompet/").content.decode()
    assert signed.number in page and "Unduh PDF" in page
    response = client.get(f"/dompet/{signed.code}/unduh")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == signed.file.read()
    stranger = make_user("warga_lain")
    client.force_login(stranger)
    assert signed.number not in client.get("/dompet/").content.decode()
    assert client.get(f"/dompet/{signed.code}/unduh").status_code == 404
    client.logout()
    assert client.get(f"/dompet/{signed.code}/unduh").status_code == 302  # to the login page


def test_awaiting_documents_stay_out_of_the_wallet(client, completed, applicant):
    client.force_login(applicant)
    document = completed.documents.get()
    assert document.number not in client.get("/dompet/").content.decode()
    assert client.get(f"/dompet/{document.code}/unduh").status_code == 404


def test_share_link_works_until_it_expires(client, signed, applicant, monkeypatch):
    client.force_login(applicant)
    response = client.post(f"/dompet/{signed.code}/bagikan", {"days": "7"})
    assert response.status_code == 200
    link = response.context["link"]
    path = link.split("testserver", 1)[1]
    client.logout()
    page = client.get(path).content.decode()
    assert "Dokumen ini SAH" in page and signed.number in page and "Unduh PDF" in page
    assert client.get(path + "/unduh").status_code == 200
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 8 * 86400)
    assert client.get(path).status_code == 404
    assert client.get(path + "/unduh").status_code == 404


def test_forged_or_foreign_share_requests_are_refused(client, signed, applicant):
    forged = django_signing.dumps({"c": signed.code, "e": int(time.time()) + 999}, salt="lain")
    assert client.get(f"/bagikan/{forged}").status_code == 404
    stranger = make_user("warga_iseng")
    client.force_login(stranger)
    assert client.post(f"/dompet/{signed.code}/bagikan", {"days": "7"}).status_code == 404
    with pytest.raises(LoketError):
        services.share_token(holder=applicant, document=signed, days=365)
    with pytest.raises(NotFound):
        services.share_token(holder=stranger, document=signed, days=7)


def test_revoked_shared_document_shows_revoked(client, signed, applicant, official):
    token = services.share_token(holder=applicant, document=signed, days=1)
    revoke(signed, official)
    assert "DICABUT" in client.get(f"/bagikan/{token}").content.decode()


def test_reuse_in_a_new_application_without_uploading_again(client, signed, applicant, simple_service, head_a):
    """The second application meets its PDF requirement with the wallet document; the officer sees it verified."""
    client.force_login(applicant)
    form = client.get(f"/layanan/{simple_service.code}/ajukan/")
    assert form.status_code == 200, form.status_code
    html = form.content.decode()
    assert "dompet" in html and signed.code in html
    uploads_before = Upload.objects.filter(owner=applicant).count()
    data = {"_key": "kunci-kedua", "_req_0_wallet": signed.code, **{f"{k}": v for k, v in ANSWERS.items()}}
    response = client.post(f"/layanan/{simple_service.code}/ajukan/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    second = applicant.applications.exclude(pk=signed.application_id).get()
    upload = second.uploads.get()
    assert Upload.objects.filter(owner=applicant).count() == uploads_before + 1
    assert upload.sha256 == signed.sha256 and upload.file.name == signed.file.name  # same bytes, not a copy
    assert "Dokumen Loket terverifikasi" in upload.original_name
    assert queries.verified_uploads(second) == {str(upload.pk): signed}
    assert ReusedDocument.objects.get(upload=upload).document == signed


def test_reuse_of_someone_elses_or_a_revoked_document_is_refused(signed, applicant, official):
    stranger = make_user("warga_penyusup")
    with pytest.raises(NotFound):
        services.reuse_as_upload(holder=stranger, code=signed.code)
    revoke(signed, official)
    with pytest.raises(LoketError) as refused:
        services.reuse_as_upload(holder=applicant, code=signed.code)
    assert "tidak sah lagi" in refused.value.message
    assert not ReusedDocument.objects.exists()


def test_paperless_counts(signed, official, simple_service, applicant, head_a):
    from tests.helpers.documents import file, sign_now

    second = sign_now(complete(file(simple_service, applicant, key="k-3"), head_a).documents.get(), official)
    services.mark_printed(actor=official, document=second)
    counts = queries.paperless_counts()
    assert counts == {"digital": 1, "printed": 1, "total": 2, "paperless_percent": 50.0}
    assert queries.paperless_counts(agencies=[signed.agency])["total"] == 2
    assert queries.paperless_counts(region=signed.region.parent)["total"] == 2  # the province covers its kota
    Document.objects.filter(pk=second.pk).update(delivery=Document.Delivery.DIGITAL)
    assert queries.paperless_counts()["paperless_percent"] == 100.0


def test_status_page_of_the_application_links_the_document(client, completed, applicant, official):
    from tests.helpers.documents import sign_now

    client.force_login(applicant)
    page = client.get(f"/permohonan/{completed.tracking_number}/").content.decode()
    assert "menunggu tanda tangan pejabat" in page
    document = sign_now(completed.documents.get(), official)
    page = client.get(f"/permohonan/{completed.tracking_number}/").content.decode()
    assert f"/dompet/{document.code}/unduh" in page and "SAH" in page


@pytest.mark.parametrize("end", ["revoke", "supersede"])
def test_share_link_refuses_the_pdf_of_an_ended_document(client, signed, applicant, official, end):
    """A share link made while the document was valid must not keep serving its PDF once it has ended."""
    token = services.share_token(holder=applicant, document=signed, days=7)
    if end == "revoke":
        revoke(signed, official)
    else:
        services.supersede(actor=official, document=signed, reason="Salah data pemohon")
    signed.refresh_from_db()
    response = client.get(f"/bagikan/{token}/unduh")
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert ("dicabut" if end == "revoke" else "diganti") in page
    assert signed.ended_at.strftime("%Y") in page and f"/verifikasi/{signed.code}" in page
    with pytest.raises(services.Gone):
        services.resolve_share_download(token, actor=applicant)
    share_page = client.get(f"/bagikan/{token}")
    assert share_page.status_code == 200 and f"/bagikan/{token}/unduh" not in share_page.content.decode()
