"""Reads for views and the API."""

from django.urls import reverse

from loket.applications.models import Application


def status_url(application: Application) -> str:
    return reverse("application_status", args=[application.tracking_number])


def applications_of(user):
    return (Application.objects.filter(applicant=user).select_related("service", "agency")
            .order_by("-submitted_at"))
