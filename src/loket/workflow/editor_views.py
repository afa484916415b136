"""Back-office editor of a service's procedure (SOP), at /kantor/editor/<code>/prosedur/.

It works without JavaScript like the form editor (`applications.editor_views`, whose access rule and
draft handling it shares): every button posts the whole editor back and the server answers with the
updated working copy, its flowchart and its problems. Saving goes through `workflow.services.save_procedure`
(permission check, validation, audit event).
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from loket.applications.editor_views import (
    editor_language,
    editor_page,
    open_new_draft,
    posted_standard,
    shown_standard,
)
from loket.catalogue.models import Service, ServiceStandard
from loket.core.errors import LoketError
from loket.core.i18n import tr
from loket.org.models import Unit
from loket.workflow import flowchart
from loket.workflow import services as workflow
from loket.workflow.models import ProcedureStep
from loket.workflow.queries import (
    ADDRESSEE_LABELS,
    ROLE_LABELS,
    addressee_label,
    flowchart_for,
    role_label,
    step_dicts,
)

BLANK_ROWS = 2


KIND_EN = ProcedureStep.EN_CHOICES["kind"]


class StepForm(forms.Form):
    order = forms.IntegerField(required=False, min_value=1, max_value=999)
    name_id = forms.CharField(max_length=200, required=False)
    name_en = forms.CharField(max_length=200, required=False)
    role = forms.ChoiceField(choices=[])
    addressee = forms.ChoiceField(choices=[], required=False)
    kind = forms.ChoiceField(choices=[], required=False)
    unit = forms.TypedChoiceField(choices=[], required=False, coerce=int, empty_value=None)
    parallel_units = forms.TypedMultipleChoiceField(
        choices=[], required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    sla_days = forms.IntegerField(required=False, min_value=1, max_value=365)
    same_approver_step = forms.IntegerField(required=False, min_value=1, max_value=999)
    delete = forms.BooleanField(required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["order"].label = tr("Urutan", "Order")
        f["name_id"].label = tr("Nama langkah (Bahasa Indonesia)", "Step name (Indonesian)")
        f["name_en"].label = tr("Nama langkah (Bahasa Inggris)", "Step name (English)")
        f["role"].label = tr("Peran pelaksana", "Acting role")
        f["role"].choices = [(value, tr(*labels)) for value, labels in ROLE_LABELS.items()]
        f["addressee"].label = tr("Ditujukan kepada", "Addressed to")
        f["addressee"].help_text = tr(
            "Selain unit dan peran, tugas dapat ditujukan kepada satu pejabat menurut aturan. Bila pejabat itu "
            "tidak ditemukan, tugas diarahkan ke unit dan peran di atas.",
            "Besides a unit and role, a task may go to one official found by a rule. When nobody is found, it goes "
            "to the unit and role above.",
        )
        f["addressee"].choices = [(value, tr(*labels)) for value, labels in ADDRESSEE_LABELS.items()]
        f["kind"].label = tr("Jenis langkah", "Kind of step")
        f["kind"].choices = [(value, tr(label, KIND_EN[value])) for value, label in ProcedureStep.Kind.choices]
        f["kind"].help_text = tr(
            "Langkah pembayaran dijalankan sistem: retribusi dihitung dari tarif standar ini, pemohon membayar lewat "
            "QRIS atau rekening virtual, dan jam layanan berhenti sampai pembayaran diterima. Layanan gratis "
            "melewatinya. Tidak dapat menjadi langkah pertama.",
            "A payment step is run by the system: the levy is computed from this standard's tariff, the applicant "
            "pays by QRIS or virtual account, and the service clock stops until the payment is confirmed. Free "
            "services pass it over. It cannot be the first step.",
        )
        f["unit"].label = tr("Unit pelaksana", "Acting unit")
        f["unit"].choices = [("", tr("— seluruh perangkat daerah —", "— the whole agency —"))] + [
            (u.pk, u.name) for u in units
        ]
        f["parallel_units"].label = tr(
            "Unit paralel (semua harus menyetujui; pilih minimal dua, atau kosongkan)",
            "Parallel units (all must approve; pick at least two, or none)",
        )
        f["parallel_units"].choices = [(u.pk, u.name) for u in units]
        f["sla_days"].label = tr("SLA (hari kerja)", "SLA (working days)")
        f["same_approver_step"].label = tr(
            "Pemberi persetujuan langkah nomor ini boleh juga memutus langkah ini",
            "The one who approved this step number may also decide this one",
        )
        f["same_approver_step"].help_text = tr(
            "Hanya bila peraturan memberi kedua tindakan kepada pejabat yang sama (mis. pejabat penerima mutasi "
            "yang menyetujui di langkah 2 lalu menetapkan keputusannya). Hanya pemberi persetujuan langkah itu yang "
            "dikecualikan; siapa pun yang menyetujui langkah lain tetap tidak boleh. Kosong: satu orang, satu "
            "persetujuan per permohonan.",
            "Only where the law gives both acts to the same official (e.g. the receiving official of a transfer who "
            "agrees at step 2 and then sets its decree). Only that step's approver is exempt; whoever approved any "
            "other step still may not. Empty: one person, one approval per case.",
        )
        f["delete"].label = tr("Hapus langkah ini", "Delete this step")

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return data.get("delete") or not (
            data.get("name_id", "").strip()
            or data.get("name_en", "").strip()
            or data.get("sla_days")
            or data.get("parallel_units")
        )


StepFormSet = forms.formset_factory(StepForm, extra=0, max_num=100, absolute_max=120, validate_max=True)


def _step_formset(units, data=None, initial=None):
    initial = list(initial or [])
    rows = initial + [{"role": "officer", "order": len(initial) + n} for n in range(1, BLANK_ROWS + 1)]
    return StepFormSet(data, initial=None if data is not None else rows, prefix="steps", form_kwargs={"units": units})


def _initial_rows(standard: ServiceStandard) -> list[dict]:
    steps = ProcedureStep.objects.filter(standard=standard).prefetch_related("parallel_units").order_by("position")
    return [
        {
            "order": s.position,
            "name_id": s.name_id,
            "name_en": s.name_en,
            "role": s.role,
            "addressee": s.addressee,
            "kind": s.kind,
            "same_approver_step": s.same_approver_step,
            "unit": s.unit_id,
            "parallel_units": [u.pk for u in s.parallel_units.all()],
            "sla_days": s.sla_days,
        }
        for s in steps
    ]


def _posted_rows(formset) -> list[dict]:
    """Filled rows, in the order the editor asked for (blank and deleted rows dropped)."""
    numbered = []
    for index, form in enumerate(formset.forms):
        if form.is_blank():
            continue
        data = form.cleaned_data
        numbered.append(
            (
                (data.get("order") or 999, index),
                {
                    "name_id": data.get("name_id", "").strip(),
                    "name_en": data.get("name_en", "").strip(),
                    "role": data.get("role") or "officer",
                    "addressee": data.get("addressee") or "",
                    "kind": data.get("kind") or "",
                    "same_approver_step": data.get("same_approver_step"),
                    "unit": data.get("unit"),
                    "parallel_units": list(data.get("parallel_units") or []),
                    "sla_days": data.get("sla_days"),
                },
            )
        )
    rows = [row for _, row in sorted(numbered, key=lambda pair: pair[0])]
    for position, row in enumerate(rows, start=1):
        row["order"] = position
    return rows


def _preview_dicts(rows: list[dict], units: dict[int, str], lang: str) -> list[dict]:
    return [
        {
            "position": r["order"],
            "name": (r["name_en"] if lang == "en" and r["name_en"] else r["name_id"]),
            "role": role_label(r["role"], lang),
            "unit": addressee_label(r.get("addressee", ""), lang) or (units.get(r["unit"], "") if r["unit"] else ""),
            "sla_days": r["sla_days"] or 0,
            "parallel": [units.get(u, "?") for u in r["parallel_units"]],
        }
        for r in rows
    ]


def _budget(used: int, limit: int | None) -> dict:
    if not limit:
        return {
            "used": used,
            "limit": None,
            "state": "unknown",
            "text": tr(
                f"{used} hari kerja terpakai; jangka waktu layanan belum diisi di standar pelayanan.",
                f"{used} working days used; the standard has no time limit yet.",
            ),
        }
    text = tr(f"{used} dari {limit} hari kerja terpakai", f"{used} of {limit} working days used")
    if used > limit:
        return {
            "used": used,
            "limit": limit,
            "state": "over",
            "text": text
            + tr(
                f" — melebihi jangka waktu layanan {used - limit} hari kerja.",
                f" — {used - limit} over the service's time limit.",
            ),
        }
    return {
        "used": used,
        "limit": limit,
        "state": "ok",
        "text": text + tr(f" (sisa {limit - used}).", f" ({limit - used} left)."),
    }


def _procedure_page(request, service, standard, formset, *, figure, used: int, errors=(), status=200):
    return render(
        request,
        "workflow/editor/procedure.html",
        {
            "service": service,
            "standard": standard,
            "read_only": not standard.is_draft,
            "formset": formset,
            "flowchart": figure,
            "budget": _budget(used, standard.time_limit_days),
            "errors": list(errors),
            "saved_steps": _saved_step_rows(standard) if not standard.is_draft else [],
        },
        status=status,
    )


def _saved_step_rows(standard):
    steps = (
        ProcedureStep.objects.filter(standard=standard)
        .select_related("unit")
        .prefetch_related("parallel_units")
        .order_by("position")
    )
    return step_dicts(steps, editor_language())


@editor_page
def procedure_editor(request, service: Service):
    units = list(Unit.objects.filter(agency_id=service.agency_id).order_by("name"))
    if request.method == "POST":
        if request.POST.get("action") == "open_draft":
            return open_new_draft(request, service, "editor:procedure")
        standard = posted_standard(service, request.POST.get("standard"))
        return _procedure_post(request, service, standard, units)
    standard = shown_standard(service)
    if standard is None:
        raise Http404
    initial = _initial_rows(standard)
    figure = flowchart_for(standard)
    return _procedure_page(
        request,
        service,
        standard,
        _step_formset(units, initial=initial),
        figure=figure,
        used=sum(r["sla_days"] for r in initial if not r["kind"]),
    )


def _procedure_post(request, service, standard, units):
    lang = editor_language()
    unit_names = {u.pk: u.name for u in units}
    formset = _step_formset(units, data=request.POST)
    if not formset.is_valid():
        return _procedure_page(
            request,
            service,
            standard,
            formset,
            figure=None,
            used=0,
            status=400,
            errors=[tr("Periksa isian yang ditandai.", "Check the marked fields.")] + list(formset.non_form_errors()),
        )
    rows = _posted_rows(formset)
    used = sum(r["sla_days"] or 0 for r in rows if not r["kind"])  # a payment step runs on a stopped clock
    figure = flowchart.figure(_preview_dicts(rows, unit_names, lang), lang) if rows else None
    again = _step_formset(units, initial=rows)  # renumbered, so "Langkah N" in messages matches the rows
    action = request.POST.get("action", "preview")
    if action != "save":
        return _procedure_page(request, service, standard, again, figure=figure, used=used)
    steps = [
        {
            "name_id": r["name_id"],
            "name_en": r["name_en"],
            "role": r["role"],
            "addressee": r.get("addressee", ""),
            "unit_id": r["unit"],
            "kind": r["kind"],
            "same_approver_step": r["same_approver_step"],
            "parallel_unit_ids": r["parallel_units"],
            "sla_days": r["sla_days"],
        }
        for r in rows
    ]
    try:
        workflow.save_procedure(actor=request.user, standard=standard, steps=steps)
    except LoketError as exc:
        errors = [message for messages_ in exc.errors.values() for message in messages_] or [exc.message]
        return _procedure_page(
            request,
            service,
            standard,
            again,
            figure=figure,
            used=used,
            status=400,
            errors=[exc.message] + [e for e in errors if e != exc.message],
        )
    messages.success(request, tr("Prosedur (SOP) disimpan.", "Procedure (SOP) saved."))
    return redirect(reverse("editor:procedure", args=[service.code]))
