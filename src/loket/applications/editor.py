"""Pure helpers of the back-office form editor: the layout as editable JSON and the edits its buttons make.

The editor works without JavaScript: the layout travels in a textarea as pretty-printed JSON, and every
button (add, move up/down, delete, preview) posts it back; these functions apply the edit to that working
copy. Nothing here saves (`applications.services.save_form` does) and nothing draws: the preview uses the
citizen pages' own renderer, `applications.render`. No Django imports.
"""

import copy
import json
import re

from loket.applications.formspec import FIELD_TYPES, SpecError, check_layout, to_json_schema

# ---------------------------------------------------------------- the layout as text


def _line(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def dump(fields) -> str:
    """The layout as text: one field per line, a group's fields one per line inside it.

    Easy to scan and to edit by hand, and about half the size of fully indented JSON (the editor page of a
    100-field form stays under 100 KB).
    """
    if not isinstance(fields, list) or not fields:
        return json.dumps(fields, ensure_ascii=False, indent=2)
    lines = []
    for field in fields:
        inner = field.get("fields") if isinstance(field, dict) else None
        if isinstance(inner, list) and inner:
            head = _line({k: v for k, v in field.items() if k != "fields"})[:-1]
            rows = ",\n".join(f"    {_line(sub)}" for sub in inner)
            lines.append(f'  {head}{", " if len(head) > 1 else ""}"fields": [\n{rows}\n  ]}}')
        else:
            lines.append(f"  {_line(field)}")
    return "[\n" + ",\n".join(lines) + "\n]"


def parse(text: str) -> list[dict]:
    """The textarea's JSON -> a list of fields; SpecError (Indonesian) when it is not JSON or not a list."""
    if not (text or "").strip():
        return []
    try:
        fields = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(
            f"Definisi formulir bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}): {_json_reason(exc.msg)}."
        ) from None
    if not isinstance(fields, list):
        raise SpecError("Definisi formulir harus berupa daftar isian: diawali [ dan diakhiri ].")
    return fields


_JSON_REASONS = {
    "Expecting value": "nilai tidak ditemukan",
    "Expecting ',' delimiter": "tanda koma kurang",
    "Expecting property name enclosed in double quotes": "nama properti harus diapit tanda kutip ganda",
    "Expecting ':' delimiter": "tanda titik dua kurang",
    "Unterminated string starting at": "teks tidak ditutup tanda kutip",
    "Extra data": "ada teks setelah akhir daftar",
}


def _json_reason(message: str) -> str:
    return _JSON_REASONS.get(message, message)


def schema_of(fields: list[dict]) -> tuple[dict | None, str]:
    """(JSON Schema, '') for a valid layout; (None, the Indonesian message of its first mistake) otherwise."""
    try:
        return to_json_schema(fields), ""
    except SpecError as exc:
        return None, str(exc)
    except (KeyError, TypeError, ValueError, AttributeError):
        # Shapes check_layout does not look at (an option without a value, ...) still fail to compile.
        return None, "Definisi formulir tidak dapat dibaca; periksa kembali struktur isian."


def problem(fields: list[dict]) -> str:
    return schema_of(fields)[1]


# ---------------------------------------------------------------- editing the working copy


def slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return value[:50]


def parse_options(text: str) -> list[dict]:
    """One option per line: "Label" or "value | Label Indonesia | English label"."""
    options, seen = [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 1:
            value, label_id, label_en = slug(parts[0]) or f"pilihan_{number}", parts[0], ""
        else:
            value, label_id = parts[0], parts[1] or parts[0]
            label_en = parts[2] if len(parts) > 2 else ""
        if value in seen:
            raise SpecError(f"Pilihan baris {number}: nilai '{value}' dipakai dua kali.")
        seen.add(value)
        label = {"id": label_id}
        if label_en:
            label["en"] = label_en
        options.append({"value": value, "label": label})
    return options


def container(fields: list[dict], parent: str) -> list[dict]:
    """The list a new field goes into: the top level, or the `fields` of the top-level group `parent`."""
    if not parent:
        return fields
    for field in fields:
        if field.get("key") == parent and field.get("type") == "group":
            return field.setdefault("fields", [])
    raise SpecError(f"Kelompok '{parent}' tidak ditemukan.")


def _coerce(value: str, target: dict | None):
    """show_if compares answers exactly, so 'equals' takes the referenced field's type."""
    if target and target.get("type") == "number":
        try:
            return int(value) if re.fullmatch(r"-?\d+", value.strip()) else float(value)
        except ValueError:
            raise SpecError(f"Nilai syarat harus angka karena isian '{target['key']}' berupa angka.") from None
    if target and target.get("type") == "choice":
        values = [str(o.get("value")) for o in target.get("options", [])]
        if value not in values:
            raise SpecError(f"Nilai syarat harus salah satu pilihan isian '{target['key']}': {', '.join(values)}.")
    return value


def build_field(data: dict, siblings: list[dict]) -> dict:
    """A field from the structured "add field" form (keys: key, type, label_id, label_en, hint_id, hint_en,
    required, options, show_if_field, show_if_equals)."""
    kind = data.get("type", "")
    if kind not in FIELD_TYPES:
        raise SpecError(f"Jenis isian '{kind}' tidak dikenal.")
    field: dict = {"key": data.get("key", "").strip(), "type": kind, "label": {"id": data.get("label_id", "").strip()}}
    if data.get("label_en", "").strip():
        field["label"]["en"] = data["label_en"].strip()
    hint = {lang: data.get(f"hint_{lang}", "").strip() for lang in ("id", "en")}
    if hint["id"] or hint["en"]:
        field["hint"] = {k: v for k, v in hint.items() if v}
    if data.get("required"):
        field["required"] = True
    if kind == "choice":
        field["options"] = parse_options(data.get("options", ""))
    if kind == "group":
        field["fields"] = []
        field["repeat"] = {"min": 1 if data.get("required") else 0, "max": 10}
    target_key = data.get("show_if_field", "").strip()
    if target_key:
        target = next((f for f in siblings if f.get("key") == target_key), None)
        if target is None:
            raise SpecError(f"Syarat tampil merujuk isian '{target_key}' yang tidak ada di bagian ini.")
        field["show_if"] = {"field": target_key, "equals": _coerce(data.get("show_if_equals", "").strip(), target)}
    return field


def add_field(fields: list[dict], field: dict, parent: str = "") -> list[dict]:
    """A new layout with `field` appended (to the top level or into group `parent`); the input is not changed."""
    layout = copy.deepcopy(fields)
    target = container(layout, parent)
    target.append(field)
    check_layout(layout)
    return layout


def _locate(layout: list[dict], path: str) -> tuple[list[dict], int]:
    """'3' -> (top level, 3); '3.1' -> (fields of group 3, 1). Indexes from 0."""
    try:
        indexes = [int(part) for part in path.split(".")]
    except ValueError:
        raise SpecError("Isian yang dipilih tidak ditemukan.") from None
    items = layout
    for index in indexes[:-1]:
        if not 0 <= index < len(items) or not isinstance(items[index], dict):
            raise SpecError("Isian yang dipilih tidak ditemukan.")
        items = items[index].get("fields") or []
    if not 0 <= indexes[-1] < len(items):
        raise SpecError("Isian yang dipilih tidak ditemukan.")
    return items, indexes[-1]


def move(fields: list[dict], path: str, delta: int) -> tuple[list[dict], str]:
    """A new layout with the field at `path` swapped with its neighbour, and the field's new path."""
    layout = copy.deepcopy(fields)
    items, index = _locate(layout, path)
    other = index + delta
    if not 0 <= other < len(items):
        return layout, path  # already first or last: nothing to do
    items[index], items[other] = items[other], items[index]
    return layout, ".".join(path.split(".")[:-1] + [str(other)])


def delete(fields: list[dict], path: str) -> list[dict]:
    layout = copy.deepcopy(fields)
    items, index = _locate(layout, path)
    del items[index]
    return layout


def rows(fields: list[dict], lang: str = "id", prefix: str = "", depth: int = 0) -> list[dict]:
    """The fields flattened for the editor's list: path '6.0' for the form, number '7.1' for people."""
    result = []
    for index, field in enumerate(fields if isinstance(fields, list) else []):
        if not isinstance(field, dict):
            continue
        path = f"{prefix}{index}"
        number = ".".join(str(int(part) + 1) for part in path.split("."))
        result.append(
            {
                "path": path,
                "number": number,
                "depth": depth,
                "key": field.get("key", ""),
                "type": field.get("type", ""),
                "label": _text(field.get("label"), lang) or field.get("key", ""),
                "required": bool(field.get("required")),
                "condition": bool(field.get("show_if") or field.get("required_if")),
            }
        )
        if field.get("type") == "group":
            result += rows(field.get("fields") or [], lang, f"{path}.", depth + 1)
    return result


def group_keys(fields: list[dict]) -> list[str]:
    return [f.get("key", "") for f in fields if isinstance(f, dict) and f.get("type") == "group"]


def _text(value, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("id") or "")
    return str(value or "")
