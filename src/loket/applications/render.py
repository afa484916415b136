"""Application forms as plain HTML: a FormSpec layout becomes accessible fields, POST data becomes answers.

Works without JavaScript. Conditional fields are always shown, with a hint saying when they apply (the
server drops answers of fields that do not apply). A repeatable group shows the rows already filled plus
one empty row; saving the draft brings another empty row. Control names follow the answer paths:
`nama`, address parts `alamat-street`, group rows `anak-0-nama`, a chosen file `ktp-berkas`; element ids
are `f-` + name, so a validation path such as `anak.0.nama` maps straight to the control it belongs to.
Names starting with `_` (idempotency key, buttons, requirement uploads) are never answers: keys start
with a letter.
"""

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from loket.applications import lifecycle
from loket.applications.formspec import field_kind, parse_amount
from loket.applications.prefill import PROFILE
from loket.core import uploads as upload_rules
from loket.core.i18n import is_english, tr

RADIO_LIMIT = 6  # more options than this become a <select>
MAX_ROWS = 200  # rows parsed per group, whatever a client posts
DEFAULT_FILE_TYPES = ("pdf", "jpg", "png")
ADDRESS_PARTS = ("region", "street", "postal_code")


# ---------------------------------------------------------------- names


def control_name(path: str) -> str:
    """'anak.0.nama' -> 'anak-0-nama'."""
    return path.replace(".", "-")


def control_id(path: str) -> str:
    return "f-" + control_name(path)


def slot_file_name(slot: str) -> str:
    return f"_{slot}"


def slot_id_name(slot: str) -> str:
    return f"_{slot}_id"


def label_of(item: dict) -> str:
    label = item.get("label") or {}
    if isinstance(label, str):
        return label
    return (label.get("en") if is_english() else "") or label.get("id") or item.get("key", "")


def max_upload_mb() -> int:
    return getattr(settings, "LOKET_MAX_UPLOAD_BYTES", upload_rules.MAX_UPLOAD_BYTES) // (1024 * 1024)


def file_types_text(types) -> str:
    return ", ".join(t.upper() for t in (types or DEFAULT_FILE_TYPES))


# ---------------------------------------------------------------- POST -> answers


@dataclass
class PendingFile:
    """A file chosen in a form `file` field, to store before the answers are used."""

    path: str
    file: object
    allowed: tuple


def parse_answers(fields: list[dict], data, files=None) -> tuple[dict, list[PendingFile]]:
    """Answers as typed (numbers parsed where they parse, otherwise kept as text so nothing is lost)."""
    pending: list[PendingFile] = []
    answers = _parse_level(fields, data, files or {}, "", pending)
    return answers, pending


def _parse_level(fields, data, files, prefix: str, pending: list[PendingFile]) -> dict:
    answers: dict = {}
    for spec in fields:
        path = prefix + spec["key"]
        value = _parse_field(spec, path, data, files, pending)
        if value is not None:
            answers[spec["key"]] = value
    return answers


def _text(data, name: str) -> str:
    value = data.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _parse_field(spec: dict, path: str, data, files, pending: list[PendingFile]):
    kind = spec["type"]
    name = control_name(path)
    if kind == "group":
        return _parse_group(spec, path, data, files, pending)
    if kind == "address":
        parts = {part: _text(data, f"{name}-{part}") for part in ADDRESS_PARTS}
        parts = {part: value for part, value in parts.items() if value}
        return parts or None
    if kind == "choice":
        return _parse_choice(spec, name, data)
    if kind == "file":
        chosen = files.get(f"{name}-berkas")
        if chosen:
            pending.append(PendingFile(path, chosen, tuple(spec.get("file_types") or DEFAULT_FILE_TYPES)))
        return _text(data, name) or None
    raw = _text(data, name)
    if not raw:
        return None
    if field_kind(spec) in ("number", "money"):
        # "2.385.000" and "Rp 2.385.000" are numbers; anything else is kept as typed and validation says so.
        return parse_amount(raw, integer=kind == "money" or spec.get("integer", True))
    return raw


def _option_value(spec: dict, raw: str):
    """Map a posted string back to the option's own value (which may be a number or a boolean)."""
    for option in spec.get("options", []):
        if str(option.get("value")) == raw:
            return option.get("value")
    return raw


def _parse_choice(spec: dict, name: str, data):
    if spec.get("multiple"):
        chosen = [_option_value(spec, raw) for raw in data.getlist(name) if raw] if hasattr(data, "getlist") else []
        return chosen or None
    raw = _text(data, name)
    return _option_value(spec, raw) if raw else None


def _row_indexes(data, files, name: str) -> list[int]:
    pattern = re.compile(rf"^{re.escape(name)}-([0-9]{{1,4}})-")
    found = {int(match.group(1)) for key in list(data.keys()) + list(files.keys()) if (match := pattern.match(key))}
    return sorted(found)[:MAX_ROWS]


def _parse_group(spec: dict, path: str, data, files, pending: list[PendingFile]):
    rows: list[dict] = []
    name = control_name(path)
    for index in _row_indexes(data, files, name):
        row_pending: list[PendingFile] = []
        row = _parse_level(spec["fields"], data, files, f"{path}.{index}.", row_pending)
        if not row and not row_pending:
            continue  # an empty row is a row the applicant did not use (or cleared to remove it)
        position = len(rows)
        rows.append(row)
        # Renumber: paths of posted rows become positions in the answer list.
        old, new = f"{path}.{index}.", f"{path}.{position}."
        pending.extend(PendingFile(new + item.path[len(old) :], item.file, item.allowed) for item in row_pending)
    if rows:
        return rows
    return [] if int((spec.get("repeat") or {}).get("min", 0)) > 0 else None


def set_answer(answers: dict, path: str, value) -> None:
    """Put an upload id at a dotted path such as 'anak.0.ktp'."""
    parts = path.split(".")
    target = answers
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target.setdefault(part, {})
    target[parts[-1]] = value


def file_answer_ids(fields: list[dict], answers: dict) -> list[str]:
    """Upload ids held by `file` fields (to show 'already uploaded: name.pdf')."""
    found: list[str] = []
    for spec in fields:
        value = answers.get(spec["key"]) if isinstance(answers, dict) else None
        if spec["type"] == "file" and isinstance(value, str):
            found.append(value)
        elif spec["type"] == "group" and isinstance(value, list):
            for row in value:
                found.extend(file_answer_ids(spec["fields"], row))
    return found


def parse_slot_ids(requirements: list[dict], data) -> dict[str, str]:
    """Upload ids kept in hidden inputs, by requirement slot."""
    kept = {}
    for slot, _ in document_slots(requirements):
        value = _text(data, slot_id_name(slot))
        if value:
            kept[slot] = value
    return kept


def document_slots(requirements: list[dict]) -> list[tuple[str, dict]]:
    """('req_<index>', requirement) for every document requirement, as services.submit expects them."""
    return [
        (f"req_{index}", item)
        for index, item in enumerate(requirements or [])
        if isinstance(item, dict) and item.get("kind") == "document"
    ]


# ---------------------------------------------------------------- answers -> HTML


@dataclass
class SummaryItem:
    anchor: str  # element id to jump to; "" when the error has no control
    label: str
    message: str
    where: str = ""  # the group row, e.g. "Data anak 2"

    @property
    def text(self) -> str:
        """The message, naming its field when the message itself does not (and its row in a group)."""
        text = self.message if not self.label or self.label in self.message else f"{self.label}: {self.message}"
        return f"{self.where} — {text}" if self.where else text


@dataclass
class RenderedForm:
    html: SafeString
    summary: list[SummaryItem] = dataclass_field(default_factory=list)


@dataclass
class _State:
    errors: dict
    uploads: dict
    regions: list
    prefilled: dict = dataclass_field(default_factory=dict)  # source by answer path (applications.prefill)
    on_behalf: bool = False  # an officer fills the form in for the citizen (the counter)
    summary: list = dataclass_field(default_factory=list)
    row: str = ""  # the group row being rendered, named in the error summary

    def prefill_note(self, path: str) -> tuple[str, str] | None:
        """(mark, where from) for a prefilled value, e.g. ("Terisi otomatis", "dari profil Anda. …")."""
        source = self.prefilled.get(path)
        if not source:
            return None
        mark = tr("Terisi otomatis", "Filled in")
        if self.on_behalf:
            if source == PROFILE:
                return mark, tr(
                    "dari profil warga. Periksa bersama warga dan ubah bila perlu.",
                    "from the citizen's profile. Check it with the citizen and change it if needed.",
                )
            return mark, tr(
                f"dari permohonan warga sebelumnya ({source}). Periksa bersama warga dan ubah bila perlu.",
                f"from the citizen's earlier application ({source}). Check it with the citizen and change it if needed.",
            )
        if source == PROFILE:
            return mark, tr(
                "dari profil Anda. Periksa dan ubah bila perlu.", "from your profile. Check it and change it if needed."
            )
        return mark, tr(
            f"dari permohonan Anda sebelumnya ({source}). Periksa dan ubah bila perlu.",
            f"from your earlier application ({source}). Check it and change it if needed.",
        )

    def take(self, path: str) -> list[str]:
        return list(self.errors.pop(path, []))


def render_form(
    fields: list[dict],
    values: dict,
    errors: dict | None = None,
    *,
    uploads: dict | None = None,
    regions: list | None = None,
    prefilled: dict | None = None,
    on_behalf: bool = False,
) -> RenderedForm:
    """HTML for the answer fields plus the error summary items in page order.

    errors: messages by dotted path (FormSpec.validate); uploads: Upload by id string (for kept files);
    regions: [(province name, [(code, name), ...])] for address selects; prefilled: where each prefilled
    value came from, by answer path (marked beside the field for the applicant to check); on_behalf: an officer
    fills it in for the citizen (the marks say "the citizen's profile").
    """
    state = _State(
        errors=dict(errors or {}),
        uploads=uploads or {},
        regions=regions or [],
        prefilled=dict(prefilled or {}),
        on_behalf=on_behalf,
    )
    html = _render_level(fields, values if isinstance(values, dict) else {}, "", state)
    for path in list(state.errors):  # errors without a control of their own (unknown fields, etc.)
        for message in state.errors.pop(path):
            state.summary.append(SummaryItem("", "", message))
    return RenderedForm(mark_safe(html), state.summary)


def _render_level(fields, values, prefix, state) -> str:
    return "".join(_render_field(spec, values.get(spec["key"]), prefix + spec["key"], state, fields) for spec in fields)


def _render_field(spec, value, path, state, siblings) -> str:
    kind = field_kind(spec)
    if kind == "group":
        return _render_group(spec, value, path, state)
    if kind == "address":
        return _render_address(spec, value, path, state, siblings)
    if kind == "choice" and (spec.get("multiple") or len(spec.get("options", [])) <= RADIO_LIMIT):
        return _render_choice_set(spec, value, path, state, siblings)
    return _render_single(spec, value, path, state, siblings)


def _required_mark(spec) -> str:
    return tr(" (wajib)", " (required)") if spec.get("required") and not spec.get("show_if") else ""


def _condition_hint(spec, siblings) -> str:
    condition = spec.get("show_if") or spec.get("required_if")
    if not condition:
        return ""
    other = next((item for item in siblings if item["key"] == condition.get("field")), {"key": condition.get("field")})
    answer = condition.get("equals")
    for option in other.get("options", []):
        if option.get("value") == answer:
            answer = label_of(option)
    answer = (
        {True: tr("Ya", "Yes"), False: tr("Tidak", "No")}.get(answer, answer) if isinstance(answer, bool) else answer
    )
    if spec.get("show_if"):
        text = tr(
            f"Isi hanya bila “{label_of(other)}” dijawab “{answer}”.",
            f"Fill in only if “{label_of(other)}” is “{answer}”.",
        )
        return text + (tr(" Dalam hal itu wajib diisi.", " It is then required.") if spec.get("required") else "")
    return tr(
        f"Wajib diisi bila “{label_of(other)}” dijawab “{answer}”.", f"Required if “{label_of(other)}” is “{answer}”."
    )


def _type_hint(spec) -> str:
    kind = field_kind(spec)
    hints = {
        "nik": tr("16 angka sesuai KTP-el.", "16 digits, as on the e-ID card (KTP-el)."),
        "nib": tr("13 angka Nomor Induk Berusaha dari OSS.", "The 13-digit business ID (NIB) from OSS."),
        "npwp": tr("15 atau 16 angka; titik dan tanda hubung boleh.", "15 or 16 digits; dots and dashes are fine."),
        "phone": tr("Nomor HP Indonesia, mis. 0812 3456 7890.", "An Indonesian mobile number, e.g. 0812 3456 7890."),
        "date": tr(
            "Tanggal yang ada di kalender, mis. 17 Agustus 1990.",
            "A date that exists in the calendar, e.g. 17 August 1990.",
        ),
        "time": tr("Jam 00:00–23:59, format JJ:MM, mis. 08:30.", "A time 00:00–23:59, format HH:MM, e.g. 08:30."),
        "money": tr(
            "Jumlah rupiah tanpa sen; titik pemisah ribuan boleh, mis. 2.385.000.",
            "An amount in rupiah; dots between thousands are fine, e.g. 2.385.000.",
        ),
        "email": tr("Contoh: nama@contoh.id", "Example: name@example.id"),
    }
    if kind == "number":
        parts = [tr("Angka", "A number")]
        if spec.get("min") is not None:
            parts.append(tr(f"minimal {spec['min']}", f"at least {spec['min']}"))
        if spec.get("max") is not None:
            parts.append(tr(f"maksimal {spec['max']}", f"at most {spec['max']}"))
        return ", ".join(parts) + "."
    if kind == "file":
        return _file_hint(spec.get("file_types"))
    return hints.get(kind, "")


def _file_hint(types) -> str:
    return tr(
        f"Jenis berkas: {file_types_text(types)}. Ukuran maksimal {max_upload_mb()} MB.",
        f"File types: {file_types_text(types)}. At most {max_upload_mb()} MB.",
    )


def _hint_text(spec, siblings) -> str:
    own = spec.get("hint") or spec.get("help")
    own = label_of({"label": own}) if isinstance(own, dict) else (own or "")
    return " ".join(part for part in (own, _type_hint(spec), _condition_hint(spec, siblings)) if part)


def _hint_and_error(
    control: str, hint: str, messages: list[str], note: tuple[str, str] | None = None
) -> tuple[str, str]:
    """HTML of the hint, prefill note and error paragraphs, and the ids to put in aria-describedby."""
    html, described = SafeString(""), []
    if hint:
        html += format_html('<p class="hint muted" id="{}-hint">{}</p>', control, hint)
        described.append(f"{control}-hint")
    if note:
        html += format_html('<p class="hint prefill-note" id="{}-prefill"><strong>{}</strong> {}</p>', control, *note)
        described.append(f"{control}-prefill")
    if messages:
        html += format_html(
            '<p class="field-error" id="{}-error"><span class="visually-hidden">{}</span>{}</p>',
            control,
            tr("Kesalahan: ", "Error: "),
            " ".join(messages),
        )
        described.append(f"{control}-error")
    return html, " ".join(described)


def _attrs(described: str, invalid: bool, extra: dict | None = None) -> SafeString:
    attrs = dict(extra or {})
    if described:
        attrs["aria-describedby"] = described
    if invalid:
        attrs["aria-invalid"] = "true"
    return format_html_join("", ' {}="{}"', attrs.items())


def _as_text(value) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)


INPUT_TYPES = {
    "text": ("text", {}),
    "nik": ("text", {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    "nib": ("text", {"inputmode": "numeric", "spellcheck": "false"}),
    "npwp": ("text", {"inputmode": "numeric", "spellcheck": "false"}),
    "phone": ("tel", {"autocomplete": "tel"}),
    "email": ("email", {"autocomplete": "email", "spellcheck": "false"}),
    "date": ("date", {}),
    "time": ("text", {"inputmode": "numeric", "autocomplete": "off", "maxlength": "5"}),
    "number": ("text", {"inputmode": "numeric"}),
    "money": ("text", {"inputmode": "numeric", "autocomplete": "off"}),
}


def _shown_value(kind: str, value) -> str:
    """A value as the applicant reads it: money with thousands dots (2.385.000)."""
    if kind == "money" and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", ".")
    return _as_text(value)


def _remember(state: _State, anchor: str, label: str, messages: list[str]) -> None:
    for message in messages:
        state.summary.append(SummaryItem(anchor, label, message, state.row))


def _render_single(spec, value, path, state, siblings) -> str:
    control = control_id(path)
    name = control_name(path)
    label = label_of(spec)
    messages = state.take(path)
    _remember(state, control, label, messages)
    extra_html, described = _hint_and_error(control, _hint_text(spec, siblings), messages, state.prefill_note(path))
    required = {"aria-required": "true"} if spec.get("required") and not spec.get("show_if") else {}
    head = format_html('<label for="{}">{}{}</label>', control, label, _required_mark(spec)) + extra_html
    kind = field_kind(spec)
    if kind == "textarea":
        widget = format_html(
            '<textarea id="{}" name="{}" rows="4"{}>{}</textarea>',
            control,
            name,
            _attrs(described, bool(messages), required),
            _as_text(value),
        )
    elif kind == "choice":
        widget = _select(spec, value, control, name, _attrs(described, bool(messages), required))
    elif kind == "file":
        widget = _file_widget(value, control, name, state, _attrs(described, bool(messages)))
    else:
        input_type, extra = INPUT_TYPES.get(kind, ("text", {}))
        widget = format_html(
            '<input type="{}" id="{}" name="{}" value="{}"{}>',
            input_type,
            control,
            name,
            _shown_value(kind, value),
            _attrs(described, bool(messages), {**extra, **required}),
        )
    return format_html('<div class="form-field">{}{}</div>', head, widget)


def _select(spec, value, control, name, attrs, choices=None) -> SafeString:
    options = format_html('<option value="">{}</option>', tr("— Pilih —", "— Choose —"))
    for option in spec.get("options", []):
        raw = str(option.get("value"))
        selected = mark_safe(" selected") if value is not None and str(value) == raw else ""
        options += format_html('<option value="{}"{}>{}</option>', raw, selected, label_of(option))
    return format_html('<select id="{}" name="{}"{}>{}</select>', control, name, attrs, options)


def _file_widget(value, control, name, state, attrs) -> SafeString:
    kept = state.uploads.get(str(value)) if value else None
    html = SafeString("")
    if kept is not None:
        html = format_html(
            '<p class="muted">{} <strong>{}</strong>. {}</p><input type="hidden" name="{}" value="{}">',
            tr("Sudah diunggah:", "Already uploaded:"),
            kept.original_name,
            tr("Pilih berkas lain hanya bila ingin menggantinya.", "Choose another file only to replace it."),
            name,
            str(kept.pk),
        )
    return html + format_html('<input type="file" id="{}" name="{}-berkas"{}>', control, name, attrs)


def _render_choice_set(spec, value, path, state, siblings) -> str:
    """Radios (one answer) or checkboxes (several) in a fieldset whose legend is the question."""
    base = control_id(path)
    name = control_name(path)
    label = label_of(spec)
    messages = state.take(path)
    _remember(state, f"{base}-0", label, messages)
    extra_html, described = _hint_and_error(base, _hint_text(spec, siblings), messages, state.prefill_note(path))
    multiple = bool(spec.get("multiple"))
    chosen = (
        {str(item) for item in value}
        if multiple and isinstance(value, list)
        else ({str(value)} if value is not None else set())
    )
    items = SafeString("")
    for index, option in enumerate(spec.get("options", [])):
        raw = str(option.get("value"))
        checked = mark_safe(" checked") if raw in chosen else ""
        # The input sits inside its label: one line, one click target, without extra CSS.
        items += format_html(
            '<label for="{}-{}"><input type="{}" id="{}-{}" name="{}" value="{}"{}> {}</label>',
            base,
            index,
            "checkbox" if multiple else "radio",
            base,
            index,
            name,
            raw,
            checked,
            label_of(option),
        )
    return format_html(
        '<fieldset class="form-field" id="{}"{}><legend>{}{}</legend>{}{}</fieldset>',
        base,
        _attrs(described, False),
        label,
        _required_mark(spec),
        extra_html,
        items,
    )


def _address_message(part: str, value: dict, label: str) -> str:
    if part == "region":
        return tr(f"{label}: pilih kabupaten/kota dari daftar.", f"{label}: choose a regency/city from the list.")
    if part == "street":
        if not (value or {}).get("street"):
            return tr(f"{label}: jalan dan nomor rumah wajib diisi.", f"{label}: street and house number are required.")
        return tr(f"{label}: paling banyak 300 karakter.", f"{label}: at most 300 characters.")
    return tr(f"{label}: kode pos harus 5 angka.", f"{label}: the postal code must be 5 digits.")


def region_select(control: str, name: str, value: str, regions: list, attrs) -> SafeString:
    options = format_html('<option value="">{}</option>', tr("— Pilih kabupaten/kota —", "— Choose a regency/city —"))
    for province, members in regions:
        inner = "".join(
            format_html(
                '<option value="{}"{}>{}</option>', code, mark_safe(" selected") if code == value else "", title
            )
            for code, title in members
        )
        options += format_html('<optgroup label="{}">{}</optgroup>', province, mark_safe(inner))
    return format_html('<select id="{}" name="{}" autocomplete="off"{}>{}</select>', control, name, attrs, options)


def _render_address(spec, value, path, state, siblings) -> str:
    value = value if isinstance(value, dict) else {}
    label = label_of(spec)
    base = control_id(path)
    whole = state.take(path)
    _remember(state, f"{base}-region", label, whole)
    extra_html, described = _hint_and_error(base, _condition_hint(spec, siblings), whole, state.prefill_note(path))
    parts_html = ""
    part_labels = {
        "region": tr("Kabupaten/kota", "Regency/city"),
        "street": tr(
            "Jalan, nomor rumah, RT/RW, kelurahan/desa, kecamatan", "Street, house number, RT/RW, village, district"
        ),
        "postal_code": tr("Kode pos (5 angka, boleh dikosongkan)", "Postal code (5 digits, optional)"),
    }
    for part in ADDRESS_PARTS:
        sub_path = f"{path}.{part}"
        control, name = control_id(sub_path), control_name(sub_path)
        messages = [_address_message(part, value, label)] if state.take(sub_path) else []
        _remember(state, control, label, messages)
        error_html, sub_described = _hint_and_error(control, "", messages)
        attrs = _attrs(sub_described, bool(messages))
        if part == "region":
            widget = region_select(control, name, _as_text(value.get("region")), state.regions, attrs)
        elif part == "street":
            widget = format_html(
                '<input type="text" id="{}" name="{}" value="{}" autocomplete="street-address"{}>',
                control,
                name,
                _as_text(value.get("street")),
                attrs,
            )
        else:
            widget = format_html(
                '<input type="text" id="{}" name="{}" value="{}" inputmode="numeric" autocomplete="postal-code"{}>',
                control,
                name,
                _as_text(value.get("postal_code")),
                attrs,
            )
        parts_html += format_html('<label for="{}">{}</label>{}{}', control, part_labels[part], error_html, widget)
    return format_html(
        '<fieldset class="form-field" id="{}"{}><legend>{}{}</legend>{}{}</fieldset>',
        base,
        _attrs(described, False),
        label,
        _required_mark(spec),
        extra_html,
        mark_safe(parts_html),
    )


def _render_group(spec, value, path, state) -> str:
    rows = [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []
    repeat = spec.get("repeat") or {}
    shown = min(max(len(rows), int(repeat.get("min", 0))) + 1, int(repeat.get("max", 50)))
    shown = max(shown, len(rows))
    label = label_of(spec)
    base = control_id(path)
    whole = state.take(path)
    first_control = control_id(f"{path}.0.{spec['fields'][0]['key']}") if spec.get("fields") else base
    _remember(state, first_control, label, whole)
    hint = tr(
        "Isi satu baris untuk setiap data. Perlu baris lagi? Tekan “Simpan draf”; satu baris kosong baru "
        "akan muncul. Kosongkan semua isian sebuah baris untuk menghapusnya.",
        "Fill in one row per entry. Need another row? Press “Save draft”; a new empty row appears. "
        "Clear every field of a row to remove it.",
    )
    extra_html, described = _hint_and_error(base, hint, whole)
    rows_html = ""
    for index in range(shown):
        row_values = rows[index] if index < len(rows) else {}
        outer, state.row = state.row, f"{label} {index + 1}"
        inner = _render_level(spec["fields"], row_values, f"{path}.{index}.", state)
        state.row = outer
        rows_html += format_html(
            '<fieldset class="group-row"><legend>{} {}</legend>{}</fieldset>', label, index + 1, mark_safe(inner)
        )
    return format_html(
        '<fieldset class="form-field" id="{}"{}><legend>{}{}</legend>{}{}</fieldset>',
        base,
        _attrs(described, False),
        label,
        _required_mark(spec),
        extra_html,
        mark_safe(rows_html),
    )


def slot_wallet_name(slot: str) -> str:
    return f"_{slot}_wallet"


def render_slots(
    requirements: list[dict],
    kept: dict,
    errors: dict | None = None,
    *,
    attached: dict | None = None,
    wallet: list[tuple[str, str]] | None = None,
) -> RenderedForm:
    """One file input per document requirement, with accepted types, the size limit and kept files.

    kept: Upload by slot, chosen earlier in this form (carried by a hidden id); attached: Uploads by slot
    already part of the application (a resubmission keeps them; a new file is added next to them).
    """
    errors = dict(errors or {})
    attached = attached or {}
    summary: list[SummaryItem] = []
    html = ""
    for slot, requirement in document_slots(requirements):
        control = control_id(slot)
        name = requirement.get("name", slot)
        messages = errors.pop(slot, [])
        summary.extend(SummaryItem(control, name, message) for message in messages)
        hint = " ".join(
            part for part in (requirement.get("description", ""), _file_hint(requirement.get("file_types"))) if part
        )
        extra_html, described = _hint_and_error(control, hint, messages)
        status = SafeString("")
        in_force = attached.get(slot, [])[-1:]  # oldest first: the newest is in force, the others were replaced
        for upload in in_force:
            status += format_html(
                '<p class="muted">{} <strong>{}</strong></p>', tr("Terlampir:", "Attached:"), upload.original_name
            )
        upload = kept.get(slot)
        if upload is not None:
            status += format_html(
                '<p class="muted">{} <strong>{}</strong>. {}</p><input type="hidden" name="{}" value="{}">',
                tr("Sudah diunggah:", "Already uploaded:"),
                upload.original_name,
                tr("Pilih berkas lain hanya bila ingin menggantinya.", "Choose another file only to replace it."),
                slot_id_name(slot),
                str(upload.pk),
            )
        mandatory = requirement.get("mandatory", True) and not attached.get(slot)
        mark = tr(" (wajib)", " (required)") if mandatory else tr(" (tidak wajib)", " (optional)")
        accept = ",".join(
            f".{kind}" + (",.jpeg" if kind == "jpg" else "")
            for kind in (requirement.get("file_types") or DEFAULT_FILE_TYPES)
        )
        reuse = SafeString("")
        if wallet and "pdf" in (requirement.get("file_types") or DEFAULT_FILE_TYPES):
            options = format_html(
                '<option value="">{}</option>', tr("— tidak, saya unggah berkas —", "— no, I upload a file —")
            )
            for code, label in wallet:
                options += format_html('<option value="{}">{}</option>', code, label)
            reuse = format_html(
                '<label for="{}-wallet">{} {}</label><select id="{}-wallet" name="{}">{}</select>',
                control,
                tr("Atau pakai dokumen dari dompet Anda untuk", "Or use a document from your wallet for"),
                name,
                control,
                slot_wallet_name(slot),
                options,
            )
        html += format_html(
            '<div class="form-field"><label for="{}">{}{}</label>{}{}'
            '<input type="file" id="{}" name="{}" accept="{}"{}>{}</div>',
            control,
            name,
            mark,
            extra_html,
            status,
            control,
            slot_file_name(slot),
            accept,
            _attrs(described, bool(messages)),
            reuse,
        )
    return RenderedForm(mark_safe(html), summary)


# ---------------------------------------------------------------- labels for statuses and history


def status_text(status: str) -> str:
    return lifecycle.status_label(status)


def event_text(kind: str) -> str:
    return lifecycle.event_label(kind)


def needs_regions(fields: list[dict]) -> bool:
    """Whether the layout has an address field (only then is the region list read)."""
    return any(
        spec["type"] == "address" or (spec["type"] == "group" and needs_regions(spec.get("fields", [])))
        for spec in fields
    )
