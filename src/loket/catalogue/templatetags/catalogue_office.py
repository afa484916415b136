"""What a back-office page of one service links to: only the pages the reader may open (issue 15).

The decisions are `org.permissions`' (one question per action over the service's agency); templates ask
`{% service_access service as may %}` and show a link only where `may.<page>` is true.
"""

from django import template

from loket.org import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def service_access(context, service) -> dict:
    user = context["request"].user
    agency = service.agency_id
    return {
        # the standard, the service data, the form and the procedure editors
        "edit": permissions.can(user, "catalogue.edit", agency),
        "publish": permissions.can(user, "catalogue.publish", agency),
        # the decision template (documents), for a service with a standard to attach it to
        "template": bool(service.current_id or service.standards.exists())
        and permissions.can(user, "document.template", agency),
    }
