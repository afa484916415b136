"""The HR office's page of manual baselines (/kantor/kepegawaian/angka-manual/, issue 17): who may read and change
them, the validation of what is typed (insights.rules.clean_baseline, table-tested), the audit of every change,
and that any civil-service service shows up without code."""

from decimal import Decimal

import pytest

from loket.core.models import AuditEvent
from loket.insights import rules
from loket.insights.models import ServiceBaseline
from loket.org.models import Role
from tests.helpers.catalogue import publish_service
from tests.helpers.org import make_user

LIST = "/kantor/kepegawaian/angka-manual/"


@pytest.mark.parametrize(
    ("days", "minutes", "source", "errors", "values"),
    [
        ("14", "90", "Kajian 2023", set(), (Decimal("14"), Decimal("90"))),
        ("13,5", "", "Kajian 2023", set(), (Decimal("13.5"), None)),  # Indonesian decimal comma; minutes unknown
        (" 13.5 ", " 42,5 ", " Kajian ", set(), (Decimal("13.5"), Decimal("42.5"))),
        ("999,9", "9999,9", "Kajian", set(), (Decimal("999.9"), Decimal("9999.9"))),  # the upper bounds
        ("", "", "Kajian", {"working_days"}, None),  # required
        ("abc", "", "Kajian", {"working_days"}, None),
        ("13,55", "", "Kajian", {"working_days"}, None),  # two decimals
        ("1.000", "", "Kajian", {"working_days"}, None),  # read as 1,000 with a thousands dot: three decimals
        ("1e3", "", "Kajian", {"working_days"}, None),
        ("-3", "", "Kajian", {"working_days"}, None),
        ("0", "", "Kajian", {"working_days"}, None),  # more than 0
        ("1000", "", "Kajian", {"working_days"}, None),  # at most 999.9
        ("١٤", "", "Kajian", {"working_days"}, None),  # digits of another script
        ("14", "0", "Kajian", {"touch_minutes"}, None),
        ("14", "10000", "Kajian", {"touch_minutes"}, None),
        ("14", "sejam", "Kajian", {"touch_minutes"}, None),
        ("14", "90", "   ", {"source"}, None),  # a figure without a source is not published
        ("x", "y", "", {"working_days", "touch_minutes", "source"}, None),  # every error at once
    ],
)
def test_clean_baseline(days, minutes, source, errors, values):
    cleaned, found = rules.clean_baseline(days, minutes, source)
    assert set(found) == errors
    assert all(isinstance(text, str) and text for pair in found.values() for text in pair)  # Indonesian and English
    if values is not None:
        assert (cleaned["working_days"], cleaned["touch_minutes"]) == values and cleaned["source"] == source.strip()
    else:
        assert cleaned == {}


def test_clean_baseline_limits_the_texts():
    _, found = rules.clean_baseline("14", "", "s" * 1001, "p" * 101, "n" * 2001)
    assert set(found) == {"source", "period", "notes"}
    cleaned, found = rules.clean_baseline("14", "", "s" * 1000, "p" * 100, "n" * 2000)
    assert not found and len(cleaned["notes"]) == 2000


@pytest.fixture
def setup(editor_a, agency_a, province_agency, category, kota_bandung, province, service_a):
    """A civil-service app of Kota Bandung added like any other (a transfer app, say), BKD of Kota Bandung and of
    the province, the inspectorate, an officer and a leader."""
    transfer = publish_service(
        editor_a, agency_a, category, "mutasi-asn-uji", "Mutasi Pegawai", name_en="Staff transfer", audience="employee"
    )
    return {
        "service": transfer,
        "public": service_a,
        "bkd": make_user("bkd_bandung", (Role.HR_ADMIN, kota_bandung)),
        "bkd_province": make_user("bkd_provinsi", (Role.HR_ADMIN, province)),
        "inspector": make_user("inspektur", (Role.INSPECTOR, province)),
        "officer": make_user("petugas_uji", (Role.OFFICER, agency_a)),
        "leader": make_user("pimpinan_uji", (Role.LEADER, province)),
    }


def edit_url(service) -> str:
    return f"{LIST}{service.code}/"


FORM = {"working_days": "13,5", "touch_minutes": "90", "source": "Kajian waktu proses BKPSDM 2023, hlm. 12"}


@pytest.mark.django_db
def test_who_reads_and_who_changes_the_baselines(client, setup):
    service = setup["service"]
    assert client.get(LIST).status_code == 302  # to the login
    client.force_login(setup["bkd"])
    page = client.get(LIST).content.decode()
    assert "Mutasi Pegawai" in page and f'href="{edit_url(service)}"' in page and "Isi angka manual" in page
    assert setup["public"].name_id not in page  # a public service has no manual baseline here
    assert client.get(edit_url(service)).status_code == 200
    assert client.get(edit_url(setup["public"])).status_code == 404
    # the inspectorate reads (oversight), never changes
    client.force_login(setup["inspector"])
    page = client.get(LIST).content.decode()
    assert "Mutasi Pegawai" in page and f'href="{edit_url(service)}"' not in page
    assert client.get(edit_url(service)).status_code == 403
    assert client.post(edit_url(service), FORM).status_code == 403
    # another region's HR office does not see Kota Bandung's services
    client.force_login(setup["bkd_province"])
    assert "Mutasi Pegawai" not in client.get(LIST).content.decode()
    assert client.get(edit_url(service)).status_code == 404
    assert client.post(edit_url(service), FORM).status_code == 404
    # officers and leaders are refused
    for actor in ("officer", "leader"):
        client.force_login(setup[actor])
        assert client.get(LIST).status_code == 403 and client.post(edit_url(service), FORM).status_code == 403
    assert not ServiceBaseline.objects.exists()


@pytest.mark.django_db
def test_bad_input_is_refused_with_clear_messages_and_nothing_stored(client, setup):
    service = setup["service"]
    client.force_login(setup["bkd"])
    response = client.post(edit_url(service), {"working_days": "13,55", "touch_minutes": "-5", "source": " "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tulis angka dengan paling banyak satu desimal" in page and "Sebutkan sumber angka ini" in page
    assert "Tulis angka menit" in page
    assert page.count('aria-invalid="true"') == 3 and 'href="#working_days"' in page
    assert 'value="13,55"' in page  # what was typed stays
    assert not ServiceBaseline.objects.exists() and not AuditEvent.objects.filter(
        action__startswith="insights.baseline"
    )
    client.cookies["django_language"] = "en"
    page = client.post(edit_url(service), {"working_days": "0", "source": "x"}).content.decode()
    assert "Working days must be more than 0 and at most 999.9." in page and "Hari kerja harus" not in page


@pytest.mark.django_db
def test_a_baseline_is_entered_then_corrected_with_who_and_when_audited(client, setup):
    service = setup["service"]
    client.force_login(setup["bkd"])
    response = client.post(edit_url(service), {**FORM, "period": "2023", "notes": "40 berkas"})
    assert response.status_code == 302 and response["Location"] == LIST
    baseline = ServiceBaseline.objects.get(service=service)
    assert (baseline.working_days, baseline.touch_minutes, baseline.period, baseline.notes) == (
        Decimal("13.5"),
        Decimal("90"),
        "2023",
        "40 berkas",
    )
    assert baseline.updated_by == setup["bkd"]
    created = AuditEvent.objects.get(action="insights.baseline_created")
    assert created.object_id == str(service.pk) and created.actor_id == setup["bkd"].pk
    assert created.data["before"] == {} and created.data["after"]["working_days"] == "13.5"
    # the form shows the stored figures in Indonesian; a correction keeps the old values in the log
    page = client.get(edit_url(service)).content.decode()
    assert 'value="13,5"' in page and "bkd_bandung" in page
    client.post(edit_url(service), {**FORM, "working_days": "12", "touch_minutes": "", "period": "2023"})
    changed = AuditEvent.objects.get(action="insights.baseline_changed")
    assert changed.data["changed"] == ["notes", "touch_minutes", "working_days"]
    assert (changed.data["before"]["working_days"], changed.data["after"]["working_days"]) == ("13.5", "12.0")
    assert changed.data["after"]["touch_minutes"] is None
    history = client.get(edit_url(service)).content.decode()
    assert "«13.5» → «12.0»" in history and "«90.0» → —" in history
    listing = client.get(LIST).content.decode()
    assert "Kajian waktu proses BKPSDM 2023" in listing and "oleh" in listing and "Ubah" in listing


@pytest.mark.django_db
def test_the_hr_office_menu_links_the_page_for_its_readers_only(client, setup):
    client.force_login(setup["bkd"])
    home = client.get("/kantor/kepegawaian/").content.decode()
    assert f'href="{LIST}"' in home
    assert f'<a href="{LIST}" aria-current="page">' in client.get(LIST).content.decode()
    assert f'href="{LIST}" aria-current="true"' in client.get(edit_url(setup["service"])).content.decode()
    client.force_login(setup["officer"])
    assert f'href="{LIST}"' not in client.get("/kantor/").content.decode()
