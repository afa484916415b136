"""View decorators shared by every back-office page."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from loket.core.errors import NotFound
from loket.core.errors import PermissionDenied as LoketPermissionDenied
from loket.org import permissions


def staff_page(view, *, also=None):
    """Login required; any back-office role required (or `also(user)`: e.g. an employee with a decision in
    their inbox); service refusals become 403/404 pages."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.is_staff_user(request.user) and not (also is not None and also(request.user)):
            raise PermissionDenied
        try:
            return view(request, *args, **kwargs)
        except LoketPermissionDenied as exc:
            raise PermissionDenied(exc.message) from exc
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return wrapped
