"""Back-office editor of a service's application form, at /kantor/editor/<code>/formulir/.

It works without JavaScript: every button posts the whole editor back and the server answers with the
updated working copy, its preview and its problems. Saving goes through `applications.services.save_form`
(permission check, validation, audit event). Only users who may edit the service's agency see the editor
pages (`editor_page`, shared with the procedure editor in `workflow.editor_views`); everyone else gets 404,
so a service's drafts do not leak.
"""

import html
import json
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from loket.applications import editor
from loket.applications import queries as application_queries
from loket.applications import render as citizen_form
from loket.applications import services as applications
from loket.applications.formspec import FIELD_TYPES, SpecError, to_json_schema
from loket.applications.models import FormDefinition
from loket.catalogue import services as catalogue
from loket.catalogue.models import Service, ServiceStandard
from loket.core.errors import LoketError
from loket.core.i18n import is_english, tr
from loket.org import permissions

EDIT = "catalogue.edit"
INLINE_SCHEMA_CHARS = 16_000  # a larger schema is linked, not inlined: the page stays under 100 KB


def editor_page(view):
    """Login required; the service must lie where the user may edit the catalogue (else 404)."""

    @wraps(view)
    def wrapped(request, code, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        service = get_object_or_404(Service.objects.select_related("agency__region", "current"), code=code)
        if not permissions.can(request.user, EDIT, service.agency_id):
            raise Http404
        return view(request, service, *args, **kwargs)

    return wrapped


def editor_language() -> str:
    return "en" if is_english() else "id"


def posted_standard(service: Service, value: str) -> ServiceStandard:
    """The version the page was showing when it was posted (not whatever is the draft now)."""
    if not str(value).isdigit():
        raise Http404
    return get_object_or_404(ServiceStandard, pk=int(value), service=service)


def open_new_draft(request, service: Service, view_name: str):
    catalogue.open_draft(actor=request.user, service=service)
    messages.success(
        request,
        tr(
            "Draf baru dibuka dari versi yang terbit. Perubahan baru tampil bagi publik setelah draf diterbitkan.",
            "A new draft was opened from the published version. Changes reach the public once the draft is published.",
        ),
    )
    return redirect(reverse(view_name, args=[service.code]))


def shown_standard(service: Service) -> ServiceStandard | None:
    """The draft when there is one; otherwise the published version, read-only."""
    return catalogue.draft_of(service) or service.current


PUBLISHED_MESSAGE = (
    "Versi ini sudah terbit dan tidak dapat diubah; buka draf baru untuk mengubahnya.",
    "This version is published and cannot be changed; open a new draft to change it.",
)


# ---------------------------------------------------------------- form editor


class AddFieldForm(forms.Form):
    """The structured way to append one field to the working layout."""

    key = forms.CharField(max_length=50, required=False)
    type = forms.ChoiceField(choices=[])
    label_id = forms.CharField(max_length=200, required=False)
    label_en = forms.CharField(max_length=200, required=False)
    hint_id = forms.CharField(max_length=300, required=False)
    hint_en = forms.CharField(max_length=300, required=False)
    required = forms.BooleanField(required=False)
    options = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    show_if_field = forms.ChoiceField(choices=[], required=False)
    show_if_equals = forms.CharField(max_length=200, required=False)
    parent = forms.ChoiceField(choices=[], required=False)

    TYPE_LABELS = {
        "text": ("Teks singkat", "Short text"),
        "textarea": ("Teks panjang", "Long text"),
        "number": ("Angka", "Number"),
        "date": ("Tanggal", "Date"),
        "time": ("Jam (JJ:MM)", "Time (HH:MM)"),
        "money": ("Jumlah uang (rupiah)", "Amount of money (rupiah)"),
        "choice": ("Pilihan", "Choice"),
        "nik": ("NIK", "NIK (ID number)"),
        "kk": ("Nomor KK (kartu keluarga)", "Family card (KK) number"),
        "passport": ("Nomor paspor", "Passport number"),
        "licence": ("Nomor izin/registrasi (mis. STR, SIP)", "Licence/registration number (e.g. STR, SIP)"),
        "nib": ("NIB", "NIB (business ID)"),
        "npwp": ("NPWP", "NPWP (tax ID)"),
        "phone": ("Nomor HP", "Phone"),
        "email": ("Email", "Email"),
        "address": ("Alamat (wilayah Kemendagri)", "Address (region code)"),
        "file": ("Berkas", "File"),
        "group": ("Kelompok berulang", "Repeatable group"),
    }

    def __init__(self, *args, layout: list[dict], **kwargs):
        super().__init__(*args, prefix="add", **kwargs)
        f = self.fields
        f["key"].label = tr("Kunci (huruf kecil, angka, garis bawah)", "Key (lowercase letters, digits, underscore)")
        f["key"].help_text = tr(
            "Nama teknis jawaban, mis. nama_usaha. Tidak tampil bagi pemohon.",
            "Technical name of the answer, e.g. business_name. Not shown to applicants.",
        )
        f["type"].label = tr("Jenis isian", "Field type")
        f["type"].choices = [(kind, tr(*self.TYPE_LABELS[kind])) for kind in FIELD_TYPES]
        f["label_id"].label = tr("Label (Bahasa Indonesia)", "Label (Indonesian)")
        f["label_en"].label = tr("Label (Bahasa Inggris)", "Label (English)")
        f["hint_id"].label = tr("Petunjuk (Bahasa Indonesia, boleh kosong)", "Hint (Indonesian, optional)")
        f["hint_en"].label = tr("Petunjuk (Bahasa Inggris, boleh kosong)", "Hint (English, optional)")
        f["required"].label = tr("Wajib diisi", "Required")
        f["options"].label = tr(
            "Pilihan jawaban (untuk jenis Pilihan), satu per baris", "Answer options (for Choice), one per line"
        )
        f["options"].help_text = tr(
            "Tulis label saja, atau nilai | Label Indonesia | English label.",
            "Write the label only, or value | Indonesian label | English label.",
        )
        keys = [(x.get("key"), x.get("key")) for x in layout if isinstance(x, dict) and x.get("type") != "group"]
        f["show_if_field"].label = tr("Tampilkan hanya bila isian ini…", "Show only when this field…")
        f["show_if_field"].choices = [("", tr("— selalu tampil —", "— always shown —"))] + keys
        f["show_if_equals"].label = tr(
            "…bernilai (untuk Pilihan: nilai pilihan)", "…equals (for Choice: the option value)"
        )
        f["parent"].label = tr("Tempatkan di", "Place in")
        f["parent"].choices = [("", tr("Bagian utama formulir", "Main part of the form"))] + [
            (key, tr(f"Kelompok {key}", f"Group {key}")) for key in editor.group_keys(layout)
        ]

    def clean(self):
        data = super().clean()
        if data.get("show_if_field") and data.get("parent"):
            # Conditions refer to a field at the same level; top-level keys are offered.
            raise forms.ValidationError(
                tr(
                    "Syarat tampil hanya untuk isian di bagian utama formulir.",
                    "Conditions are only available for fields in the main part of the form.",
                )
            )
        return data


def _preview(fields: list[dict], requirements: list[dict]) -> tuple[str, str]:
    """The form exactly as the applicant will see it: the citizen pages' own renderer, without values."""
    regions = application_queries.region_options() if citizen_form.needs_regions(fields) else []
    form = citizen_form.render_form(fields, {}, {}, regions=regions)
    return form.html, citizen_form.render_slots(requirements, {}).html


def _form_context(
    standard: ServiceStandard,
    saved: list[dict],
    layout_text: str,
    layout: list[dict] | None,
    layout_error: str,
    add_form: AddFieldForm,
) -> dict:
    lang = editor_language()
    unparsed = layout is None and bool(layout_error)  # the textarea holds text that is not JSON
    working = saved if layout is None else layout
    schema, schema_error = (None, layout_error) if unparsed else editor.schema_of(working)
    schema_text = json.dumps(schema, ensure_ascii=False, indent=1) if schema else ""
    # A layout that is not valid yet cannot be drawn: the preview then shows the last saved form.
    fields_html, slots_html = _preview(saved if schema_error else working, standard.requirements or [])
    return {
        "standard": standard,
        "read_only": not standard.is_draft,
        "layout_text": layout_text,
        "layout_html": _text_html(layout_text),
        "layout_error": layout_error,
        "add_form": add_form,
        "rows": editor.rows(working, lang),
        "preview_html": fields_html,
        "slots_html": slots_html,
        "preview_is_saved": bool(schema_error),
        "schema_html": _text_html(schema_text) if len(schema_text) <= INLINE_SCHEMA_CHARS else "",
        "schema_kb": len(schema_text.encode()) // 1024 + 1,
        "schema_error": schema_error,
        "unsaved": layout is not None and layout != saved,
        "field_count": len(working) if isinstance(working, list) else 0,
    }


def _text_html(text: str) -> str:
    """Text for a <textarea>/<pre>: only & < > escaped; quotes stay as they are (JSON is full of them)."""
    return mark_safe(html.escape(text, quote=False))


def _saved_fields(standard: ServiceStandard) -> list[dict]:
    return FormDefinition.objects.filter(standard=standard).values_list("fields", flat=True).first() or []


def _apply(action: str, layout: list[dict], add_form: AddFieldForm, target: str) -> tuple[list[dict], str]:
    """Apply one editor button to the working copy: the new layout and the path of the field to keep selected.

    SpecError for an edit that cannot be made.
    """
    if action == "add":
        if not add_form.is_valid():
            raise SpecError(tr("Isian baru belum lengkap.", "The new field is incomplete."))
        data = add_form.cleaned_data
        parent = data.get("parent", "")
        siblings = editor.container(layout, parent) if parent else layout
        return editor.add_field(layout, editor.build_field(data, siblings), parent), ""
    if action in ("up", "down", "delete"):
        if not target:
            raise SpecError(
                tr("Pilih dahulu isian yang akan dipindah atau dihapus.", "First choose the field to move or delete.")
            )
        if action == "delete":
            return editor.delete(layout, target), ""
        return editor.move(layout, target, -1 if action == "up" else +1)
    return layout, target  # "preview": show the working copy as it is


@editor_page
def form_editor(request, service: Service):
    if request.method == "POST":
        if request.POST.get("action") == "open_draft":
            return open_new_draft(request, service, "editor:form")
        standard = posted_standard(service, request.POST.get("standard"))
        return _form_post(request, service, standard)
    standard = shown_standard(service)
    if standard is None:
        raise Http404
    saved = _saved_fields(standard)
    if request.GET.get("skema") == "json":  # the saved form's JSON Schema, when too large to show inline
        return HttpResponse(
            json.dumps(to_json_schema(saved), ensure_ascii=False, indent=2),
            content_type="application/schema+json; charset=utf-8",
        )
    context = _form_context(standard, saved, editor.dump(saved), None, "", AddFieldForm(layout=saved))
    return render(request, "applications/editor/form.html", {"service": service, **context})


def _form_post(request, service: Service, standard: ServiceStandard):
    saved = _saved_fields(standard)
    action = request.POST.get("action", "preview")
    target = request.POST.get("target", "")
    text = request.POST.get("layout", "")
    errors = {"layout": "", "add": "", "list": ""}
    try:
        layout = editor.parse(text)
    except SpecError as exc:
        layout, errors["layout"] = None, str(exc)
    add_form = AddFieldForm(request.POST if action == "add" else None, layout=layout or [])
    if layout is not None and not standard.is_draft and action != "preview":
        errors["layout"] = (_save_refusal(request, standard, layout) if action == "save" else "") or tr(
            *PUBLISHED_MESSAGE
        )
    elif layout is not None and action == "save":
        errors["layout"] = editor.problem(layout) or _save_refusal(request, standard, layout)
        if not errors["layout"]:
            messages.success(request, tr("Formulir disimpan.", "Form saved."))
            return redirect(reverse("editor:form", args=[service.code]))
    elif layout is not None:
        try:
            layout, target = _apply(action, layout, add_form, target)
        except SpecError as exc:
            errors["add" if action == "add" else "list"] = str(exc)
        else:
            if action == "add":
                messages.info(
                    request,
                    tr(
                        "Isian ditambahkan. Tekan Simpan formulir untuk menyimpannya.",
                        "Field added. Press Save form to keep it.",
                    ),
                )
                add_form = AddFieldForm(layout=layout)
    if errors["add"]:
        add_form.add_error(None, errors["add"])
    layout_text = editor.dump(layout) if layout is not None else text
    context = _form_context(standard, saved, layout_text, layout, errors["layout"], add_form)
    return render(
        request,
        "applications/editor/form.html",
        {"service": service, **context, "selected": target, "list_error": errors["list"]},
        status=400 if any(errors.values()) and action != "preview" else 200,
    )


def _save_refusal(request, standard: ServiceStandard, layout: list[dict]) -> str:
    """Save through the service; the refusal message, or '' when saved."""
    try:
        applications.save_form(actor=request.user, standard=standard, fields=layout)
    except LoketError as exc:
        return exc.message
    return ""
