"""The survey after an application: invitation, one answer per application, refusals."""

import datetime as dt

import pytest

from loket.feedback import services
from loket.feedback.models import SurveyResponse
from loket.notify.messages import render
from loket.notify.models import Notification
from tests.helpers.org import make_user
from tests.helpers.workflow import run_to_end

ANSWERS = {f"u{i}": str(score) for i, score in zip(range(1, 10), (4, 3, 3, 4, 4, 3, 4, 2, 3))}


def url(application):
    return f"/permohonan/{application.tracking_number}/survei/"


@pytest.fixture
def completed(submitted, officers):
    return run_to_end(submitted, officers)


def test_ended_application_is_invited_once(completed):
    assert completed.status == "completed"
    services.invite_ended_applications(lag=dt.timedelta(0))
    services.invite_ended_applications(lag=dt.timedelta(0))
    invites = Notification.objects.filter(template="survey_invite", user=completed.applicant)
    assert invites.count() == 2  # email and SMS, once each
    subject, body = render("survey_invite", "id", invites.first().context)
    assert completed.tracking_number in subject and url(completed) in body


def test_rejected_application_is_invited_too(submitted, officers):
    run_to_end(submitted, officers, reject=True)
    services.invite_ended_applications(lag=dt.timedelta(0))
    assert Notification.objects.filter(
        template="survey_invite", dedupe_key__startswith=f"survey:{submitted.pk}:"
    ).exists()


def test_open_and_withdrawn_applications_are_not_invited(submitted):
    from loket.applications import services as applications

    services.invite_ended_applications(lag=dt.timedelta(0))
    applications.withdraw(actor=submitted.applicant, application=submitted)
    services.invite_ended_applications(lag=dt.timedelta(0))
    assert not Notification.objects.filter(template="survey_invite").exists()


def test_applicant_answers_once(client, completed):
    client.force_login(completed.applicant)
    page = client.get(url(completed))
    assert page.status_code == 200 and b'name="u9"' in page.content and b"<script" not in page.content
    response = client.post(url(completed), {**ANSWERS, "comment": "Cepat, terima kasih"})
    assert response.status_code == 302 and response["Location"] == "/survei/terima-kasih/"
    stored = SurveyResponse.objects.get(application=completed)
    assert stored.scores == (4, 3, 3, 4, 4, 3, 4, 2, 3) and stored.comment == "Cepat, terima kasih"
    assert (stored.agency_id, stored.service_id, stored.source) == (
        completed.agency_id,
        completed.service_id,
        "application",
    )
    again = client.post(url(completed), {**ANSWERS, "u1": "1"})
    assert again.status_code == 409 and b"sudah Anda isi" in again.content
    assert SurveyResponse.objects.count() == 1 and SurveyResponse.objects.get().u1 == 4


def test_missing_or_bad_scores_change_nothing(client, completed):
    client.force_login(completed.applicant)
    response = client.post(url(completed), {**ANSWERS, "u3": "5", "u7": ""})
    assert response.status_code == 400
    assert b"Pilih salah satu jawaban untuk U3" in response.content and b"U7" in response.content
    assert not SurveyResponse.objects.exists()
    with pytest.raises(ValueError, match="tepat 9 nilai"):
        services.answer_for_application(actor=completed.applicant, application=completed, scores=[4] * 8)
    assert not SurveyResponse.objects.exists()


def test_too_long_comment_is_refused(client, completed):
    client.force_login(completed.applicant)
    response = client.post(url(completed), {**ANSWERS, "comment": "x" * 1001})
    assert response.status_code == 400 and not SurveyResponse.objects.exists()


def test_open_application_has_no_survey_yet(client, submitted):
    client.force_login(submitted.applicant)
    assert b'name="u1"' not in client.get(url(submitted)).content
    assert client.post(url(submitted), ANSWERS).status_code == 409
    assert not SurveyResponse.objects.exists()


def test_another_citizen_and_anonymous_are_refused(client, completed):
    client.force_login(make_user("tetangga"))
    assert client.get(url(completed)).status_code == 404
    assert client.post(url(completed), ANSWERS).status_code == 404
    client.logout()
    response = client.post(url(completed), ANSWERS)
    assert response.status_code == 302 and "/akun/login/" in response["Location"]
    assert not SurveyResponse.objects.exists()


def test_status_page_links_to_the_survey_until_answered(client, completed, django_assert_num_queries):
    client.force_login(completed.applicant)
    page = client.get(f"/permohonan/{completed.tracking_number}/").content.decode()
    assert "Survei kepuasan" in page and f'href="{url(completed)}"' in page
    services.answer_for_application(actor=completed.applicant, application=completed, scores=[3] * 9)
    page = client.get(f"/permohonan/{completed.tracking_number}/").content.decode()
    assert url(completed) not in page and "sudah mengisi survei" in page
    with django_assert_num_queries(1):  # the card is read by the view: one query, none from the template
        assert services.status_section(completed).values["answered"] is True


def test_status_page_has_no_survey_while_open(client, submitted, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert services.status_section(submitted) is None
    client.force_login(submitted.applicant)
    assert "Survei kepuasan" not in client.get(f"/permohonan/{submitted.tracking_number}/").content.decode()


def test_first_run_does_not_invite_the_whole_history(completed):
    from django.utils import timezone

    from loket.applications.models import ApplicationEvent

    ApplicationEvent.objects.filter(application=completed).update(occurred_at=timezone.now() - dt.timedelta(days=30))
    services.invite_ended_applications(lag=dt.timedelta(0))
    assert not Notification.objects.filter(template="survey_invite").exists()
