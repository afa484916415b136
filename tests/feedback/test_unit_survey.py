"""The per-unit survey link (QR poster): signed token, abuse limits, posters in scope; IKM per unit and month."""

import datetime as dt

import pytest

from loket.core.errors import LoketError
from loket.feedback import rules, services
from loket.feedback.models import SurveyResponse
from loket.insights import queries
from loket.insights import services as insights
from loket.org.models import Role, Unit
from tests.helpers.org import make_user

ALL_FOURS = {f"u{i}": "4" for i in range(1, 10)}


@pytest.fixture
def unit(agency_a):
    return Unit.objects.get(agency=agency_a, name="Bidang Perizinan")


def link(unit):
    return services.unit_url(unit)


def test_signed_link_answers_without_login(client, unit):
    page = client.get(link(unit))
    assert page.status_code == 200 and unit.name.encode() in page.content
    response = client.post(link(unit), {**ALL_FOURS, "comment": "Ramah"})
    assert response.status_code == 302
    stored = SurveyResponse.objects.get()
    assert (stored.unit_id, stored.agency_id, stored.source, stored.application_id) == (
        unit.pk,
        unit.agency_id,
        "unit",
        None,
    )


def test_forged_or_other_units_token_is_refused(client, unit, agency_b):
    other = Unit.objects.create(agency=agency_b, name="Seksi Pelayanan")
    assert client.get(f"/survei/{unit.pk}/{'0' * 20}/").status_code == 404
    assert client.post(f"/survei/{unit.pk}/{services.unit_token(other.pk)}/", ALL_FOURS).status_code == 404
    assert client.get(f"/survei/999999/{services.unit_token(999999)}/").status_code == 404
    assert not SurveyResponse.objects.exists()


def test_rate_limit_per_client(client, unit, settings):
    for _ in range(services.UNIT_LIMIT_PER_CLIENT):
        assert client.post(link(unit), ALL_FOURS).status_code == 302
    blocked = client.post(link(unit), ALL_FOURS)
    assert blocked.status_code == 429 and b"Terlalu banyak" in blocked.content
    assert SurveyResponse.objects.count() == services.UNIT_LIMIT_PER_CLIENT
    # another address is still welcome
    assert client.post(link(unit), ALL_FOURS, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_rate_limit_per_unit(client, unit, monkeypatch):
    monkeypatch.setattr(services, "UNIT_LIMIT_PER_UNIT", 2)
    for number in range(2):
        assert client.post(link(unit), ALL_FOURS, REMOTE_ADDR=f"10.0.0.{number}").status_code == 302
    assert client.post(link(unit), ALL_FOURS, REMOTE_ADDR="10.0.0.9").status_code == 429
    assert SurveyResponse.objects.count() == 2


def test_service_of_another_agency_is_not_attached(client, unit, agency_b, category, editor_b):
    from tests.helpers.catalogue import publish_service

    foreign = publish_service(editor_b, agency_b, category, "akta-bogor", "Akta Kelahiran")
    client.post(link(unit), {**ALL_FOURS, "service": str(foreign.pk)})
    assert SurveyResponse.objects.get().service_id is None
    with pytest.raises(LoketError):
        services.answer_for_unit(unit=unit, scores=[4] * 9, service=foreign)
    assert SurveyResponse.objects.count() == 1


def test_posters_only_for_units_in_scope(client, unit, agency_a, agency_b):
    other = Unit.objects.create(agency=agency_b, name="Seksi Pelayanan")
    head = make_user("kepala_poster", (Role.AGENCY_HEAD, agency_a))
    client.force_login(head)
    listing = client.get("/kantor/survei/")
    assert (
        listing.status_code == 200
        and b"Bidang Perizinan" in listing.content
        and b"Seksi Pelayanan" not in listing.content
    )
    poster = client.get(f"/kantor/survei/unit/{unit.pk}/")
    assert poster.status_code == 200 and b"data:image/svg+xml" in poster.content
    assert link(unit).encode() in poster.content
    assert client.get(f"/kantor/survei/unit/{other.pk}/").status_code == 404
    client.force_login(make_user("warga_poster"))
    assert client.get("/kantor/survei/").status_code == 403
    client.force_login(make_user("editor_poster", (Role.CATALOGUE_EDITOR, agency_a)))
    assert client.get("/kantor/survei/").status_code == 403
    client.logout()
    assert client.get("/kantor/survei/").status_code == 302


def _answer(unit, scores, moment):
    response = services.answer_for_unit(unit=unit, scores=scores)
    SurveyResponse.objects.filter(pk=response.pk).update(created_at=moment)


def test_ikm_per_unit_and_per_month_from_the_summaries(unit, agency_a):
    from tests.feedback.test_ikm_rules import WORKED_EXAMPLE_TOTALS, responses_with_column_totals

    other = Unit.objects.create(agency=agency_a, name="UPT Pelayanan Timur")
    march = dt.datetime(2025, 3, 10, 3, tzinfo=dt.UTC)
    april = dt.datetime(2025, 4, 10, 3, tzinfo=dt.UTC)
    worked = responses_with_column_totals(WORKED_EXAMPLE_TOTALS, 29)  # the regulation's example: 91.4751, A
    for row in worked:
        _answer(unit, row, march)
    low = [[2] * 9, [3, 2, 2, 3, 2, 2, 3, 2, 2], [1] * 9]
    for row in low:
        _answer(other, row, april)
    insights.catch_up(lag=dt.timedelta(0))
    by_month = queries.summarize([agency_a.pk], since=dt.date(2025, 3, 1), until=dt.date(2025, 4, 1), group="month")
    march_ikm = by_month[dt.date(2025, 3, 1)].ikm
    assert march_ikm == rules.ikm(worked) and march_ikm.grade == "A"
    assert float(march_ikm.index) == pytest.approx(91.4751, abs=1e-4)
    assert by_month[dt.date(2025, 4, 1)].ikm == rules.ikm(low)
    both = queries.summarize([agency_a.pk], since=dt.date(2025, 3, 1), until=dt.date(2025, 4, 1))[None]
    assert both.ikm == rules.ikm(worked + low) and both.respondents == 32
    per_unit = {
        row["unit"]: row
        for row in queries.unit_ikm([agency_a.pk], since=dt.date(2025, 1, 1), until=dt.date(2025, 12, 1))
    }
    assert per_unit["Bidang Perizinan"]["ikm"] == rules.ikm(worked)
    assert per_unit["UPT Pelayanan Timur"]["ikm"].grade == rules.ikm(low).grade == "D"


def test_sample_adequacy_against_population_served(unit, agency_a, service_a):
    kpi = queries.Kpi()
    kpi.counts["received"] = 1000
    kpi.respondents = 277
    assert (kpi.sample.required, kpi.sample.adequate) == (278, False)
    kpi.respondents = 278
    assert kpi.sample.adequate
