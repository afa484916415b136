"""Issue 15 findings on typed input and files: tracking numbers typed without dashes or in lower case, the
accepted file types named in an upload error, and files replaced in a revision listed once and marked."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from loket.applications import rules
from loket.applications.models import Upload
from loket.core import uploads
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import ANSWERS, PDF
from tests.helpers.auth import login
from tests.helpers.workflow import first_requirement

# --- tracking numbers --------------------------------------------------------------------------------------


@pytest.mark.sqlite
@pytest.mark.parametrize(
    "typed, expected",
    [
        ("3273-25-0000123", ["3273-25-0000123"]),
        (" 3273 25 0000123 ", ["3273-25-0000123"]),
        ("3273.25.0000123", ["3273-25-0000123"]),
        ("3273250000123", ["32-73-250000123", "3273-25-0000123"]),
        ("32250000123", ["32-25-0000123"]),
        ("327325000012345", ["32-73-25000012345", "3273-25-000012345", "327325-00-0012345"]),
        ("3273-25-0000123x", ["3273-25-0000123X"]),
        ("", []),
        ("abc", ["ABC"]),
    ],
)
def test_tracking_candidates(typed, expected):
    assert rules.tracking_candidates(typed) == expected


@pytest.mark.sqlite
def test_compact_tracking_is_one_key_however_typed():
    assert {rules.compact_tracking(t) for t in ("3273-25-0000123", "3273 25 0000123", "3273250000123")} == {
        "3273250000123"
    }


@pytest.mark.django_db
@pytest.mark.parametrize("shape", ["compact", "spaced", "lower"])
def test_status_lookup_accepts_the_number_typed_any_way(filed, shape):
    application, pin = filed
    number = application.tracking_number
    typed = {"compact": number.replace("-", ""), "spaced": number.replace("-", " "), "lower": number.lower()}[shape]
    page = Client(REMOTE_ADDR="203.0.113.9").post("/cek-status/", {"tracking": typed, "pin": pin})
    assert page.status_code == 200 and "Izin Usaha Mikro" in page.content.decode()
    api = Client(REMOTE_ADDR="203.0.113.10").get(f"/api/v1/status/{typed.replace(' ', '')}", {"pin": pin})
    assert api.status_code == 200 and api.json()["tracking_number"] == number


@pytest.mark.django_db
def test_wrong_pins_count_on_one_number_however_it_is_typed(filed):
    from loket.applications import lookup

    application, pin = filed
    wrong = "000000" if pin != "000000" else "111111"
    number = application.tracking_number
    for index in range(lookup.NUMBER_FAILURES):
        typed = number.replace("-", "") if index % 2 else number
        Client(REMOTE_ADDR=f"10.9.0.{index}").post("/cek-status/", {"tracking": typed, "pin": wrong})
    assert Client(REMOTE_ADDR="10.9.1.1").post("/cek-status/", {"tracking": number, "pin": pin}).status_code == 429


@pytest.mark.django_db
def test_api_detail_accepts_a_compact_number(filed, applicant):
    application, _pin = filed
    client = Client()
    client.force_login(applicant)
    response = client.get(f"/api/v1/applications/{application.tracking_number.replace('-', '').lower()}")
    assert response.status_code == 200 and response.json()["tracking_number"] == application.tracking_number


# --- accepted file types named in the error ------------------------------------------------------------------


@pytest.mark.sqlite
@pytest.mark.parametrize(
    "allowed, message",
    [
        (["pdf"], "Jenis berkas tidak dikenali. Unggah PDF."),
        (["pdf", "jpg"], "Jenis berkas tidak dikenali. Unggah PDF atau JPG."),
        (["pdf", "jpg", "png"], "Jenis berkas tidak dikenali. Unggah PDF, JPG atau PNG."),
    ],
)
def test_unknown_type_error_names_the_fields_own_types(allowed, message):
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.check(b"PK\x03\x04 a word document", "surat.docx", allowed)
    assert str(refused.value) == message


@pytest.mark.django_db
def test_an_upload_field_names_its_own_types_on_the_apply_page(client, applicant, process_service):
    # "Foto lokasi" takes PNG or JPG only: a Word file is refused naming those two, not every type Loket knows.
    client.force_login(applicant)
    docx = SimpleUploadedFile("foto.docx", b"PK\x03\x04 a word document", content_type="application/msword")
    ktp = SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/layanan/{process_service.code}/ajukan/",
        {"_key": "k-docx", "_action": "submit", **ANSWERS, "_req_0": ktp, "_req_1": docx},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Foto lokasi: Jenis berkas tidak dikenali. Unggah PNG atau JPG." in page
    assert "PDF, JPG atau PNG" not in page


# --- files replaced in a revision ----------------------------------------------------------------------------


@pytest.mark.sqlite
def test_replacements_mark_every_older_file_of_a_slot():
    at = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)
    hour = dt.timedelta(hours=1)
    files = [("a", "req_0", at), ("b", "req_1", at), ("c", "req_0", at + hour), ("d", "req_0", at + 2 * hour)]
    assert rules.replacements(files) == {"a": at + hour, "c": at + 2 * hour}
    assert rules.replacements([("a", "req_0", at)]) == {}


@pytest.mark.django_db
def test_a_replaced_file_is_listed_once_and_marked_for_citizen_and_officer(client, submitted, applicant, officers):
    task = Task.objects.get(application=submitted, status="open")
    workflow.act(
        actor=officers["front"],
        task_id=task.pk,
        action="return",
        note="KTP buram.",
        requirements=first_requirement(task),
    )
    client.force_login(applicant)
    url = f"/permohonan/{submitted.tracking_number}/perbaiki/"
    sharper = SimpleUploadedFile("ktp-jelas.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {**ANSWERS, "_req_0": sharper}).status_code == 302
    assert Upload.objects.filter(application=submitted).count() == 2

    page = client.get(f"/permohonan/{submitted.tracking_number}/").content.decode()
    section = page.split("Dokumen yang diunggah", 1)[1].split("</ul>", 1)[0]
    assert section.count("ktp.pdf") == 1 and section.count("ktp-jelas.pdf") == 1
    old_line = next(line for line in section.split("<li>") if "ktp.pdf" in line)
    new_line = next(line for line in section.split("<li>") if "ktp-jelas.pdf" in line)
    assert "<strong>diganti</strong> pada" in old_line and "diganti" not in new_line
    assert section.index("ktp-jelas.pdf") < section.index("ktp.pdf")  # the file in force first

    # The officer who takes the resubmitted step sees the same marks.
    task = Task.objects.get(application=submitted, status="open")
    if task.claimed_by_id is None:
        workflow.claim(actor=officers["front"], task_id=task.pk)
        task.refresh_from_db()
    officer = Client()
    login(officer, task.claimed_by)
    task_page = officer.get(f"/kantor/tugas/{task.pk}/").content.decode()
    files = task_page.split('id="files-heading"', 1)[1].split("</table>", 1)[0]
    assert files.count("ktp.pdf") == 1 and files.count("ktp-jelas.pdf") == 1
    assert files.count("<strong>Diganti</strong> pada") == 1
