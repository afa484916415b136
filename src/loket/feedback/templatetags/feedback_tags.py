"""`{% survey_link application %}`: the survey invitation on the applicant's status page (one query)."""

from django import template

register = template.Library()


@register.inclusion_tag("feedback/_survey_link.html")
def survey_link(application):
    from loket.feedback import services
    from loket.feedback.models import SurveyResponse

    ended = application.status in services.ENDED
    answered = ended and SurveyResponse.objects.filter(application_id=application.pk).exists()
    return {"show": ended, "answered": answered, "url": services.survey_url(application) if ended else ""}
