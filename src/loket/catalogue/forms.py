"""Back-office forms of the catalogue: plain HTML forms that work without JavaScript.

Forms only parse and check what a person typed; every write goes through `catalogue.services`,
whose refusals (`LoketError.errors`) are attached back to the fields here.
"""

import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.utils import ErrorDict

from loket.catalogue import rules, tariffs
from loket.catalogue.models import Audience, Category, Channel, ServiceStandard
from loket.core.i18n import is_english, pick, tr_lazy
from loket.org.models import Agency, Unit

# Paths under /kantor/layanan/ that a service code must not shadow.
RESERVED_CODES = frozenset({"baru"})
MAX_ROWS = 200  # repeatable rows accepted from one form post
EMPTY_ROWS = 3  # blank rows offered below the filled ones (blank rows are ignored on save)
MAX_FEE = 1_000_000_000_000  # Rp1 trillion: anything above is a typing mistake

AUDIENCE_CHOICES = [
    (Audience.CITIZEN, tr_lazy("Warga", "Citizens")),
    (Audience.BUSINESS, tr_lazy("Pelaku usaha", "Businesses")),
    (Audience.EMPLOYEE, tr_lazy("Pegawai ASN", "Civil servants")),
]
CHANNEL_CHOICES = [
    (Channel.ONLINE, tr_lazy("Daring (dari rumah)", "Online (from home)")),
    (Channel.ASSISTED, tr_lazy("Daring dibantu petugas/fasilitator", "Online with help from an officer")),
    (Channel.COUNTER, tr_lazy("Loket/Mal Pelayanan Publik", "Counter / Public Service Mall")),
]
KIND_CHOICES = [
    ("document", tr_lazy("Dokumen (diunggah)", "Document (uploaded)")),
    ("datum", tr_lazy("Data (diisi di formulir)", "Datum (typed into the form)")),
]
FILE_TYPE_CHOICES = [(t, t.upper()) for t in rules.FILE_TYPES]

REQUIRED = {"required": tr_lazy("Wajib diisi.", "This field is required.")}


class LocalizedCategoryField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return pick(obj, "name")


class AgencyField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.region.name}"


def parse_rupiah(text: str) -> int | None:
    """Whole rupiah from what people type: "150000", "150.000", "Rp 150.000". Blank means not set.

    Decimals ("150.000,50", "1500.5") and negatives are refused: fees are whole rupiah (DESIGN.md).
    """
    value = (text or "").strip()
    if not value:
        return None
    value = re.sub(r"^[Rr][Pp]\.?\s*", "", value).replace(" ", "")
    if value.startswith("-"):
        raise forms.ValidationError(
            tr_lazy(
                "Biaya tidak boleh negatif. Tulis 0 bila layanan gratis.",
                "The fee cannot be negative. Enter 0 if the service is free.",
            ),
            code="negative",
        )
    if re.fullmatch(r"\d+", value):
        amount = int(value)
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
        amount = int(value.replace(".", ""))
    elif re.fullmatch(r"[\d.,]+", value):
        raise forms.ValidationError(
            tr_lazy(
                "Biaya harus rupiah bulat tanpa desimal atau sen, misalnya 150.000 atau 150000.",
                "The fee must be whole rupiah without decimals, e.g. 150.000 or 150000.",
            ),
            code="decimal",
        )
    else:
        raise forms.ValidationError(
            tr_lazy(
                "Biaya harus berupa angka rupiah, misalnya 150.000 atau 150000.",
                "The fee must be a rupiah amount, e.g. 150.000 or 150000.",
            ),
            code="invalid",
        )
    if amount > MAX_FEE:
        raise forms.ValidationError(
            tr_lazy("Biaya terlalu besar; periksa kembali angkanya.", "The fee is too large; check the number."),
            code="max",
        )
    return amount


def format_rupiah_input(amount) -> str:
    """150000 -> "150.000" (how the value is shown back in the input)."""
    if amount in (None, ""):
        return ""
    if isinstance(amount, int):
        return f"{amount:,}".replace(",", ".")
    return str(amount)


class RupiahField(forms.CharField):
    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def prepare_value(self, value):
        return format_rupiah_input(value)

    def to_python(self, value):
        return parse_rupiah(super().to_python(value))


class LinesField(forms.CharField):
    """A list of strings entered one per line; blank lines are dropped."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ServiceDetailsForm(forms.Form):
    """Service-level data that is not versioned (names, category, audience, channels)."""

    name_id = forms.CharField(
        max_length=200,
        label=tr_lazy("Nama layanan (Bahasa Indonesia)", "Service name (Indonesian)"),
        error_messages=REQUIRED,
    )
    name_en = forms.CharField(
        max_length=200, required=False, label=tr_lazy("Nama layanan (Bahasa Inggris)", "Service name (English)")
    )
    category = LocalizedCategoryField(
        queryset=Category.objects.all(),
        label=tr_lazy("Kategori", "Category"),
        empty_label=tr_lazy("— pilih kategori —", "— choose a category —"),
        error_messages=REQUIRED,
    )
    audience = forms.ChoiceField(
        choices=AUDIENCE_CHOICES,
        initial=Audience.CITIZEN,
        widget=forms.RadioSelect,
        label=tr_lazy("Sasaran layanan", "Audience"),
        error_messages=REQUIRED,
    )
    channels = forms.MultipleChoiceField(
        choices=CHANNEL_CHOICES,
        initial=[Channel.ONLINE],
        widget=forms.CheckboxSelectMultiple,
        label=tr_lazy("Saluran layanan", "Channels"),
        error_messages={"required": tr_lazy("Pilih minimal satu saluran layanan.", "Choose at least one channel.")},
    )


class ServiceCreateForm(ServiceDetailsForm):
    field_order = ["agency", "code", "name_id", "name_en", "category", "audience", "channels", "is_template"]

    agency = AgencyField(
        queryset=Agency.objects.none(),
        label=tr_lazy("Perangkat daerah", "Agency"),
        empty_label=tr_lazy("— pilih perangkat daerah —", "— choose an agency —"),
        error_messages={
            **REQUIRED,
            "invalid_choice": tr_lazy("Pilih perangkat daerah yang Anda kelola.", "Choose an agency you manage."),
        },
    )
    code = forms.SlugField(
        max_length=100,
        label=tr_lazy("Kode layanan", "Service code"),
        help_text=tr_lazy(
            "Huruf kecil, angka, dan tanda hubung; menjadi alamat halaman, misalnya izin-praktik-bidan.",
            "Lower-case letters, digits and hyphens; becomes the page address, e.g. izin-praktik-bidan.",
        ),
        error_messages={
            **REQUIRED,
            "invalid": tr_lazy(
                "Kode hanya boleh berisi huruf kecil, angka, dan tanda hubung.",
                "The code may contain only lower-case letters, digits and hyphens.",
            ),
        },
    )
    is_template = forms.BooleanField(
        required=False,
        label=tr_lazy(
            "Layanan model provinsi (dapat diadopsi kabupaten/kota)",
            "Province model service (kabupaten/kota may adopt it)",
        ),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.select_related("region").order_by("region__code", "name")
        # Only a province agency may publish model services; hide the choice from everyone else.
        if not any(a.region.parent_id is None for a in self.fields["agency"].queryset):
            del self.fields["is_template"]

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code != code.lower():
            raise forms.ValidationError(
                tr_lazy("Gunakan huruf kecil untuk kode layanan.", "Use lower-case letters for the code.")
            )
        if code in RESERVED_CODES:
            raise forms.ValidationError(
                tr_lazy("Kode ini dipakai sistem; pilih kode lain.", "This code is reserved; choose another.")
            )
        return code


def attach_errors(form: forms.Form, errors: dict, aliases: dict | None = None) -> None:
    """Put a service's field errors next to the matching fields; the rest become form errors."""
    aliases = aliases or {}
    for key, messages in errors.items():
        field = aliases.get(key, key)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


# --- the standard (14 components) ---------------------------------------------------------------


class StandardForm(forms.Form):
    summary = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=tr_lazy("Ringkasan layanan", "Summary")
    )
    time_limit_days = forms.IntegerField(
        required=False,
        label=tr_lazy("Jangka waktu penyelesaian (hari kerja)", "Time limit (working days)"),
        validators=[MinValueValidator(1), MaxValueValidator(rules.MAX_TIME_LIMIT_DAYS)],
        widget=forms.NumberInput(attrs={"min": 1, "max": rules.MAX_TIME_LIMIT_DAYS}),
        error_messages={
            "invalid": tr_lazy("Tulis jumlah hari kerja sebagai bilangan bulat.", "Enter a whole number of days."),
            "min_value": tr_lazy("Jangka waktu harus lebih dari 0 hari kerja.", "The time limit must be over 0 days."),
            "max_value": tr_lazy(
                f"Jangka waktu paling lama {rules.MAX_TIME_LIMIT_DAYS} hari kerja.",
                f"The time limit is at most {rules.MAX_TIME_LIMIT_DAYS} working days.",
            ),
        },
    )
    fee_amount = RupiahField(
        required=False,
        label=tr_lazy("Biaya/tarif (rupiah)", "Fee (rupiah)"),
        help_text=tr_lazy(
            "Rupiah bulat, misalnya 150.000. Tulis 0 bila gratis.", "Whole rupiah, e.g. 150.000. Enter 0 if free."
        ),
    )
    fee_legal_basis = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=tr_lazy("Dasar hukum biaya", "Legal basis of the fee"),
        help_text=tr_lazy(
            "Wajib bila biaya lebih dari Rp0, misalnya Perda tentang Retribusi.",
            "Required when the fee is above Rp0, e.g. the regional regulation on charges.",
        ),
    )
    product = forms.CharField(required=False, max_length=300, label=tr_lazy("Produk pelayanan", "Service product"))
    complaints = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=tr_lazy("Penanganan pengaduan, saran, dan masukan", "Complaints, suggestions and input"),
    )
    legal_basis = LinesField(
        required=False,
        label=tr_lazy("Dasar hukum", "Legal basis"),
        help_text=tr_lazy("Satu peraturan per baris.", "One regulation per line."),
    )
    facilities = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=tr_lazy(
            "Sarana, prasarana, dan/atau fasilitas (termasuk bagi kelompok rentan)",
            "Facilities and infrastructure (including for vulnerable groups)",
        ),
    )
    competence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=tr_lazy("Kompetensi pelaksana", "Officer competence"),
    )
    supervision = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=tr_lazy("Pengawasan internal", "Internal supervision"),
    )
    staffing = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=tr_lazy("Jumlah pelaksana", "Number of officers"),
    )
    guarantee = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=tr_lazy("Jaminan pelayanan", "Service guarantee"),
    )
    security = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=tr_lazy("Jaminan keamanan dan keselamatan pelayanan", "Security and safety guarantee"),
    )
    evaluation = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=tr_lazy("Evaluasi kinerja pelaksana", "Officer performance evaluation"),
    )
    contact = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=tr_lazy("Kontak dan alamat layanan", "Contact and address"),
    )
    handling_unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=tr_lazy("Unit pelaksana", "Handling unit"),
        empty_label=tr_lazy("— belum ditentukan —", "— not set —"),
        error_messages={
            "invalid_choice": tr_lazy("Pilih unit dari perangkat daerah ini.", "Choose a unit of this agency.")
        },
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling_unit"].queryset = Unit.objects.filter(agency=agency).order_by("name")


class RowForm(forms.Form):
    """One repeatable row; a row whose text fields are all empty is ignored."""

    text_fields: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        return not any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.text_fields)

    def full_clean(self):
        # A blank row is not an error: it is simply not there (and is shown again unmarked).
        if self.is_bound and self.is_blank():
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


class RequirementRowForm(RowForm):
    text_fields = ("name", "description")

    name = forms.CharField(required=False, max_length=200, label=tr_lazy("Nama persyaratan", "Requirement"))
    description = forms.CharField(required=False, max_length=1000, label=tr_lazy("Keterangan", "Description"))
    mandatory = forms.BooleanField(required=False, initial=True, label=tr_lazy("Wajib", "Mandatory"))
    kind = forms.ChoiceField(choices=KIND_CHOICES, initial="document", label=tr_lazy("Jenis", "Kind"))
    file_types = forms.MultipleChoiceField(
        choices=FILE_TYPE_CHOICES,
        required=False,
        initial=["pdf"],
        widget=forms.CheckboxSelectMultiple,
        label=tr_lazy("Jenis berkas yang diterima (untuk dokumen)", "Accepted file types (documents)"),
    )

    def clean(self):
        data = super().clean()
        if not (data.get("name") or "").strip():
            self.add_error("name", tr_lazy("Nama persyaratan wajib diisi.", "Name the requirement."))
        if data.get("kind") == "document" and not data.get("file_types"):
            self.add_error(
                "file_types",
                tr_lazy(
                    "Pilih minimal satu jenis berkas untuk persyaratan dokumen.",
                    "Choose at least one file type for a document.",
                ),
            )
        return data

    def item(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "name": data["name"].strip(),
            "description": data["description"].strip(),
            "mandatory": bool(data["mandatory"]),
            "kind": kind,
            "file_types": list(data["file_types"]) if kind == "document" else [],
        }


class ProcedureRowForm(RowForm):
    text_fields = ("title", "description")

    title = forms.CharField(required=False, max_length=300, label=tr_lazy("Langkah", "Step"))
    description = forms.CharField(required=False, max_length=1000, label=tr_lazy("Keterangan", "Description"))

    def clean(self):
        data = super().clean()
        if not (data.get("title") or "").strip():
            self.add_error("title", tr_lazy("Tuliskan nama langkah.", "Name the step."))
        return data

    def item(self) -> dict:
        return {"title": self.cleaned_data["title"].strip(), "description": self.cleaned_data["description"].strip()}


class Rows:
    """A list of row forms posted as prefix-0-field, prefix-1-field, … plus prefix-TOTAL.

    Django formsets would do, but their "unchanged extra form" rule trips over checkbox defaults
    when JavaScript is off; here a row counts only when one of its text fields holds text.
    """

    def __init__(self, form_class, prefix: str, *, items=None, data=None):
        self.prefix = prefix
        self.form_class = form_class
        self.errors: list[str] = []
        if data is not None:
            # Without the row count the post is truncated or forged: refuse it rather than save an
            # empty list over the existing rows.
            try:
                total = int(data[f"{prefix}-TOTAL"])
            except (KeyError, TypeError, ValueError):
                total = 0
                self.errors.append(
                    tr_lazy(
                        "Formulir tidak lengkap; muat ulang halaman lalu coba lagi.",
                        "The form was incomplete; reload the page and try again.",
                    )
                )
            total = max(0, min(total, MAX_ROWS))
            self.forms = [form_class(data, prefix=f"{prefix}-{i}") for i in range(total)]
        else:
            items = list(items or [])
            self.forms = [
                form_class(prefix=f"{prefix}-{i}", initial=self._initial(item)) for i, item in enumerate(items)
            ]
            self.forms += [form_class(prefix=f"{prefix}-{len(items) + i}") for i in range(EMPTY_ROWS)]

    def _initial(self, item) -> dict:
        # Rows stored as plain text (e.g. a procedure step written by an API client) keep their text.
        if isinstance(item, dict):
            return dict(item)
        return {self.form_class.text_fields[0]: str(item)}

    @property
    def total(self) -> int:
        return len(self.forms)

    @property
    def total_name(self) -> str:
        return f"{self.prefix}-TOTAL"

    def filled(self):
        return [form for form in self.forms if not form.is_blank()]

    def is_valid(self) -> bool:
        return all(form.is_valid() for form in self.filled()) and not self.errors

    def items(self) -> list[dict]:
        return [form.item() for form in self.filled()]


TARIFF_KIND_CHOICES = [
    ("flat", tr_lazy("Tetap (satu jumlah)", "Flat (one amount)")),
    ("per_unit", tr_lazy("Per satuan (tarif × jumlah satuan dari formulir)", "Per unit (rate × units from the form)")),
    ("formula", tr_lazy("Rumus (dari isian formulir)", "Formula (from the form's answers)")),
]
_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


def _rupiah_text(value: str):
    """ "25.000" or "25000" as whole rupiah; anything else as typed, for the tariff's own check to explain."""
    text = (value or "").strip().replace("Rp", "").replace(" ", "")
    if _THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    return int(text) if text.isdigit() else (value or "").strip()


def _pairs(text: str, separator: str) -> dict:
    """ "luas:m², lama:hari" -> {"luas": "m²", "lama": "hari"} (names checked by catalogue.tariffs)."""
    pairs = {}
    for part in (text or "").split(","):
        if part.strip():
            name, _, value = part.partition(separator)
            pairs[name.strip()] = value.strip()
    return pairs


class TariffRowForm(RowForm):
    """One item of a levy's tariff (catalogue.tariffs): flat, per unit, or a formula over the form's answers. The
    whole tariff is checked by `tariffs.parse_tariff` when the draft is saved (messages in Indonesian)."""

    text_fields = ("label",)

    kind = forms.ChoiceField(choices=TARIFF_KIND_CHOICES, initial="flat", label=tr_lazy("Jenis tarif", "Kind"))
    label = forms.CharField(required=False, max_length=200, label=tr_lazy("Uraian", "Item"))
    label_en = forms.CharField(
        required=False, max_length=200, label=tr_lazy("Uraian (bahasa Inggris)", "Item (English)")
    )
    amount = forms.CharField(
        required=False, max_length=20, label=tr_lazy("Jumlah (Rp) — jenis tetap", "Amount (Rp) — flat")
    )
    rate = forms.CharField(
        required=False, max_length=20, label=tr_lazy("Tarif per satuan (Rp) — per satuan", "Rate per unit (Rp)")
    )
    unit = forms.CharField(
        required=False, max_length=20, label=tr_lazy("Satuan (mis. m², hari) — per satuan", "Unit (e.g. m², day)")
    )
    minimum = forms.CharField(
        required=False, max_length=20, label=tr_lazy("Paling sedikit (Rp, boleh kosong)", "Minimum (Rp, optional)")
    )
    maximum = forms.CharField(
        required=False, max_length=20, label=tr_lazy("Paling banyak (Rp, boleh kosong)", "Maximum (Rp, optional)")
    )
    input = forms.CharField(
        required=False,
        max_length=200,
        label=tr_lazy(
            "Isian formulir: nama isian jumlah satuan, atau untuk rumus nama:satuan dipisah koma",
            "Form answer: the answer holding the units, or for a formula name:unit separated by commas",
        ),
    )
    expression = forms.CharField(
        required=False, max_length=300, label=tr_lazy("Rumus (mis. luas * tarif_dasar)", "Formula (e.g. luas * rate)")
    )
    constants = forms.CharField(
        required=False,
        max_length=300,
        label=tr_lazy("Nilai tetap rumus (nama=nilai, dipisah koma)", "Formula constants (name=value, commas)"),
    )

    def item(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        item = {"kind": kind, "label": data["label"].strip()}
        if data["label_en"].strip():
            item["label_en"] = data["label_en"].strip()
        if kind == "flat":
            item["amount"] = _rupiah_text(data["amount"])
        elif kind == "per_unit":
            item.update(rate=_rupiah_text(data["rate"]), unit=data["unit"].strip(), input=data["input"].strip())
            for bound in ("minimum", "maximum"):
                if data[bound].strip():
                    item[bound] = _rupiah_text(data[bound])
        else:
            constants = {name: _rupiah_text(value) for name, value in _pairs(data["constants"], "=").items()}
            item.update(expression=data["expression"].strip(), inputs=_pairs(data["input"], ":"), constants=constants)
        return item


def tariff_rows(tariff: dict | None) -> list[dict]:
    """A stored tariff's items as the editor's rows (a formula's inputs and constants as text)."""
    rows = []
    for item in (tariff or {}).get("items") or []:
        keys = ("kind", "label", "label_en", "amount", "rate", "unit", "minimum", "maximum", "input", "expression")
        row = {key: "" if item.get(key) is None else item.get(key) for key in keys}
        if item.get("kind") == "formula":
            row["input"] = ", ".join(f"{name}:{unit}" for name, unit in (item.get("inputs") or {}).items())
            row["constants"] = ", ".join(f"{name}={value}" for name, value in (item.get("constants") or {}).items())
        rows.append(row)
    return rows


def tariff_preview(tariff: dict | None) -> list[str]:
    """What the public page will state for this tariff (`tariffs.describe`, the same data the assessment charges)."""
    if not tariff:
        return []
    try:
        return tariffs.describe(tariffs.parse_tariff(tariff), english=is_english())
    except tariffs.TariffError:
        return []


class StandardEditor:
    """The whole edit page: the scalar form plus requirement and procedure rows."""

    def __init__(self, *, agency: Agency, standard: ServiceStandard | None, data=None):
        initial = {}
        if standard is not None:
            initial = {field: getattr(standard, field) for field in rules.CONTENT_FIELDS}
            initial["handling_unit"] = standard.handling_unit_id
        self.form = StandardForm(data, initial=initial, agency=agency)
        self.requirements = Rows(RequirementRowForm, "req", data=data, items=standard.requirements if standard else [])
        self.procedure = Rows(ProcedureRowForm, "step", data=data, items=standard.procedure if standard else [])
        stored = (standard.fee_tariff if standard else None) or None
        # A post without the tariff's rows (an older page, a script) leaves the stored tariff as it is.
        self.tariff_posted = data is not None and "tariff-TOTAL" in data
        self.tariff = Rows(
            TariffRowForm, "tariff", data=data if self.tariff_posted else None, items=tariff_rows(stored)
        )
        self.tariff_extra = {key: value for key, value in (stored or {}).items() if key != "items"}
        self.tariff_preview = tariff_preview(stored)

    def is_valid(self) -> bool:
        valid = all(
            [self.form.is_valid(), self.requirements.is_valid(), self.procedure.is_valid(), self.tariff.is_valid()]
        )
        if valid and self.tariff_posted and self.tariff.filled():
            # Checked whole when saved, not only at publishing: the editor sees at once what the public page and
            # the assessment could not read (catalogue.tariffs' messages, in Indonesian).
            try:
                tariffs.parse_tariff({**self.tariff_extra, "items": self.tariff.items()})
            except tariffs.TariffError as error:
                self.tariff.errors.append(error.message)
                valid = False
        return valid

    def changes(self) -> dict:
        data = self.form.cleaned_data
        changes = {
            field: data[field]
            for field in rules.CONTENT_FIELDS
            if field not in ("requirements", "procedure", "fee_tariff")
        }
        for key in (
            "summary",
            "fee_legal_basis",
            "product",
            "complaints",
            "facilities",
            "competence",
            "supervision",
            "staffing",
            "guarantee",
            "security",
            "evaluation",
            "contact",
        ):
            changes[key] = changes[key].strip()
        changes["requirements"] = self.requirements.items()
        changes["procedure"] = self.procedure.items()
        if self.tariff_posted:
            items = self.tariff.items()
            changes["fee_tariff"] = {**self.tariff_extra, "items": items} if items else None
        unit = data.get("handling_unit")
        changes["handling_unit_id"] = unit.pk if unit else None
        return changes

    def attach_errors(self, errors: dict) -> None:
        for key, messages in errors.items():
            if key == "requirements":
                self.requirements.errors.extend(messages)
            elif key == "procedure":
                self.procedure.errors.extend(messages)
            elif key == "fee_tariff":
                self.tariff.errors.extend(messages)
            else:
                field = "handling_unit" if key == "handling_unit_id" else key
                for message in messages:
                    self.form.add_error(field if field in self.form.fields else None, message)

    @property
    def has_errors(self) -> bool:
        rows = self.requirements.filled() + self.procedure.filled() + self.tariff.filled()
        return bool(
            self.form.errors
            or self.requirements.errors
            or self.procedure.errors
            or self.tariff.errors
            or any(row.errors for row in rows)
        )


class AdoptForm(forms.Form):
    agency = AgencyField(
        queryset=Agency.objects.none(),
        label=tr_lazy("Diadopsi oleh perangkat daerah", "Adopting agency"),
        empty_label=tr_lazy("— pilih perangkat daerah —", "— choose an agency —"),
        error_messages={
            **REQUIRED,
            "invalid_choice": tr_lazy(
                "Pilih perangkat daerah kabupaten/kota yang Anda kelola.", "Choose a kabupaten/kota agency you manage."
            ),
        },
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.select_related("region").order_by("region__code", "name")
