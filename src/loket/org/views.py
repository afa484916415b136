"""Officials' pages of the organisation register, mounted at /kantor/keluarga/: declaring relatives (conflict of
interest, issue 13) and, for those who oversee an agency, the declarations of its officials."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from loket.core.errors import LoketError
from loket.core.i18n import is_english, tr
from loket.core.identifiers import mask_nik
from loket.org import people, queries, rules, services
from loket.org.decorators import staff_page
from loket.org.models import Identity


def official_page(view):
    """Back-office staff, and those who work in an agency without a role (org.people members: an employee who
    decides their team's leave declares relatives too)."""
    return staff_page(view, also=people.is_member)


def _row(relative, english: bool) -> dict:
    return {
        "relative": relative,
        "relation": rules.relation_label(relative.relation, relative.relation_note, english=english),
        "nik": mask_nik(relative.nik),
    }


@official_page
def relatives(request):
    """The official's declared relatives (the withdrawn ones with their reason) and the form to declare one."""
    errors, posted = {}, {}
    if request.method == "POST":
        posted = request.POST
        try:
            services.declare_relative(
                actor=request.user,
                nik=posted.get("nik", ""),
                name=posted.get("name", ""),
                relation=posted.get("relation", ""),
                note=posted.get("relation_note", ""),
            )
        except LoketError as exc:
            errors = exc.errors or {"__all__": [exc.message]}
        else:
            messages.success(
                request,
                tr(
                    "Anggota keluarga tercatat. Permohonan dengan NIK ini tidak akan dapat Anda tangani.",
                    "Relative recorded. You will not be able to act on applications with this NIK.",
                ),
            )
            return redirect("org:relatives")
    english = is_english()
    return render(
        request,
        "org/relatives.html",
        {
            "rows": [_row(relative, english) for relative in queries.relatives_of(request.user)],
            "relations": [(code, en if english else indonesian) for code, indonesian, en in rules.RELATIONS],
            "other": rules.OTHER,
            "errors": errors,
            "posted": posted,
            "oversees": queries.oversees_declarations(request.user),
        },
        status=400 if errors else 200,
    )


@require_POST
@official_page
def remove(request, relative_id: int):
    try:
        services.remove_relative(actor=request.user, relative_id=relative_id, reason=request.POST.get("reason", ""))
    except LoketError as exc:
        if exc.status != 400:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            tr("Pernyataan dicabut; riwayatnya tetap tercatat.", "Declaration withdrawn; its history stays on record."),
        )
    return redirect("org:relatives")


@official_page
def overseen(request):
    """The declarations of the officials of the agencies the reader oversees (supervisor, head, inspectorate)."""
    if not queries.oversees_declarations(request.user):
        raise PermissionDenied
    english = is_english()
    rows = []
    for relative in queries.overseen_relatives(request.user)[:500]:
        row = _row(relative, english)
        agencies = sorted({role.agency.name for role in relative.official.overseen_roles if role.agency})
        row["agencies"] = ", ".join(agencies)
        rows.append(row)
    return render(request, "org/relatives_overseen.html", {"rows": rows})


# --- Visual identity: public crest and colours (issue 15) ---------------------------------------------------------
# Versioned URLs (?v=<last change>): a browser keeps them a year, and a change gives a new address.
LONG_CACHE = "public, max-age=31536000, immutable"


def identity_logo(request, slug: str):
    row = Identity.objects.filter(slug=slug).exclude(logo_type="").only("logo_data", "logo_type").first()
    if row is None or not row.logo_data:
        raise Http404
    response = HttpResponse(bytes(row.logo_data), content_type=row.logo_type)
    response["Cache-Control"] = LONG_CACHE
    # An SVG opened on its own is a document: it may draw, never run anything.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def identity_theme(request, slug: str):
    row = get_object_or_404(Identity.objects.only("colour_primary", "colour_dark", "colour_accent"), slug=slug)
    colours = {
        "--brand": row.colour_primary,
        "--brand-dark": row.colour_dark,
        "--accent": row.colour_accent,
    }
    # Only well-formed colours reach the stylesheet (the admin form checks them; this guards older rows).
    body = (
        ":root{" + ";".join(f"{name}:{value}" for name, value in colours.items() if rules.parse_colour(value)) + "}\n"
    )
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = LONG_CACHE
    return response
