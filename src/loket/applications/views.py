from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from loket.applications.models import Application


@login_required
def status(request, tracking: str):
    application = (Application.objects.select_related("service", "agency", "region")
                   .filter(tracking_number=tracking, applicant=request.user).first())
    if application is None:
        raise Http404
    return render(request, "applications/status.html", {"application": application,
                                                        "events": application.events.all()})
