"""Query-count baselines of the hot pages: a change that adds queries fails here (issue 3).

Each ceiling is today's count; page caches are off so the real work is counted.
"""

import pytest

from tests.helpers.applications import ANSWERS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.LOKET_PAGE_CACHE_SECONDS = 0


def test_service_page(client, process_service, django_assert_max_num_queries):
    client.get(f"/layanan/{process_service.code}/")  # the first view draws and caches the SOP flowchart
    with django_assert_max_num_queries(QUERIES["service_page"]):
        response = client.get(f"/layanan/{process_service.code}/")
    assert response.status_code == 200 and "Ajukan permohonan" in response.content.decode()


def test_status_page(client, submitted, django_assert_max_num_queries):
    client.force_login(submitted.applicant)
    url = f"/permohonan/{submitted.tracking_number}/"
    client.get(url)
    with django_assert_max_num_queries(QUERIES["status_page"]):
        response = client.get(url)
    assert response.status_code == 200 and submitted.tracking_number in response.content.decode()


def test_apply_post(client, process_service, applicant, django_assert_max_num_queries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.helpers.applications import PDF

    client.force_login(applicant)
    client.get(f"/layanan/{process_service.code}/ajukan/")  # warms the per-process form and SOP caches
    data = {
        "_key": "baseline",
        "_action": "submit",
        **ANSWERS,
        "_req_0": SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf"),
    }
    with django_assert_max_num_queries(QUERIES["apply_post"]):
        response = client.post(f"/layanan/{process_service.code}/ajukan/", data)
    assert response.status_code == 302 and "/tanda-terima/" in response["Location"]


# Today's counts. apply_post includes the session, the upload stored from the form, the submission's
# 12 statements of work and the draft cleanup.
QUERIES = {"service_page": 3, "status_page": 7, "apply_post": 28}
