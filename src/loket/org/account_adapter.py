"""Where a person lands after signing in (issue 15): staff in the back office, citizens on their own page.

allauth follows a safe `?next=` first (its `get_login_redirect_url` asks the adapter only when there is none),
so a link into the back office or to an application still opens where it pointed.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from loket.org import permissions

OFFICE_HOME = "/kantor/"


class LoketAccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        if permissions.is_staff_user(request.user):
            return OFFICE_HOME
        return settings.LOGIN_REDIRECT_URL
