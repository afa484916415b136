"""The public page where a citizen registered at a counter claims their account (/akun/klaim/, issue 13)."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from loket.applications import claims
from loket.core.client import client_address
from loket.core.errors import LoketError
from loket.core.i18n import tr

ANCHORS = {"nik": "claim-nik", "code": "claim-code", "password1": "claim-password1", "password2": "claim-password2"}


def _summary(errors: dict) -> list[dict]:
    return [{"anchor": ANCHORS.get(key, ""), "text": text} for key, texts in errors.items() for text in texts]


@never_cache
@require_http_methods(["GET", "POST"])
def claim(request):
    posted = {key: request.POST.get(key, "") for key in ("nik", "code")} if request.method == "POST" else {}
    context = {"errors": {}, "posted": posted, "resent": False, "digits": claims.DIGITS}
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("step") == "resend":
                claims.request_new_code(nik=posted["nik"], client=client_address(request))
                context["resent"] = True
            else:
                user = claims.claim_account(
                    nik=posted["nik"],
                    code=posted["code"],
                    password1=request.POST.get("password1", ""),
                    password2=request.POST.get("password2", ""),
                    client=client_address(request),
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    tr(
                        f"Akun Anda aktif. Nama pengguna Anda: {user.get_username()}. Berikut permohonan Anda.",
                        f"Your account is active. Your username: {user.get_username()}. Here are your applications.",
                    ),
                )
                return redirect("my_applications")
        except LoketError as exc:
            context["errors"] = exc.errors or {"__all__": [exc.message]}
            status = exc.status
    context["summary"] = _summary(context["errors"])
    return render(request, "applications/claim.html", context, status=status)
