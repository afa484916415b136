"""Application forms: a layout of typed fields becomes a JSON Schema (draft 2020-12) and validates answers.

Editors write the layout (labels id/en, types, conditions, repeatable groups); `to_json_schema` derives
the schema that the API publishes and that validation runs on; `FormSpec.validate` returns field-level
Indonesian messages. Pure module: no Django imports, so it is table-tested and fast.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from jsonschema import Draft202012Validator, FormatChecker

from loket.core.dates import long_date
from loket.core.identifiers import (
    IDENTIFIER_TYPES,
    identifier_kind,
    mask_identifier,
    nik_birth_date_refusal,
    normalize_identifier,
    parse_identifier,
    parse_nik,
)

FIELD_TYPES = (
    "text",
    "textarea",
    "number",
    "date",
    "time",
    "money",
    "choice",
    "nik",
    "kk",
    "passport",
    "licence",
    "nib",
    "npwp",
    "phone",
    "email",
    "address",
    "file",
    "group",
)
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
PHONE_RE = re.compile(r"^\+62[1-9][0-9]{7,12}$")
REGION_CODE_RE = r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"


class SpecError(ValueError):
    """The layout itself is wrong (an editor's mistake); message in Indonesian."""


def normalize_phone(value: str) -> str:
    """0812-3456-789 / 62812… / +62 812 … -> +628123456789 (E.164 for Indonesia)."""
    digits = re.sub(r"[\s\-().]", "", str(value))
    if digits.startswith("0"):
        digits = "+62" + digits[1:]
    elif digits.startswith("62"):
        digits = "+" + digits
    return digits


# Older forms ask for a time in a `text` field keyed like "jam_mulai" or "pukul_lahir": treated as a `time`.
_LEGACY_TIME_KEY = re.compile(r"^(jam|pukul|waktu)(_|$)")
TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def field_kind(field: dict) -> str:
    """The type a field is validated and shown as: its declared type, or `time` for a legacy time field."""
    kind = field.get("type", "")
    if kind == "text" and _LEGACY_TIME_KEY.match(field.get("key", "")):
        return "time"
    return kind


def normalize_time(value: str) -> str:
    """8:30, 08.30 or 0830 -> 08:30 (the range is checked by the format check); anything else as typed."""
    text = value.strip()
    match = re.fullmatch(r"([0-9]{1,2})[:.]([0-9]{2})", text) or re.fullmatch(r"([0-9]{2})([0-9]{2})", text)
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else text


def normalize_date(value: str) -> str:
    """17-08-1990 or 17/08/1990 (the Indonesian order) -> 1990-08-17; anything else as typed."""
    text = value.strip()
    match = re.fullmatch(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})", text)
    return f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}" if match else text


def parse_amount(value, *, integer: bool = True):
    """A number as Indonesians write it: "2.385.000", "Rp 2.385.000", "2385000", "1,5" (decimal comma).

    Returns an int (or a float for a non-integer field), or the text unchanged when it is not a number, so the
    validation can say so and nothing typed is lost. Dots group thousands; a comma is the decimal mark (in a
    non-integer field a lone dot with one or two decimals, "2.5", is read as the decimal mark as well)."""
    if not isinstance(value, str):
        return value
    text = re.sub(r"^rp\.?", "", value.strip().lower()).replace(" ", "").replace("\u00a0", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("-+")
    if re.fullmatch(r"[0-9]+", digits):
        return sign * int(digits)
    if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", digits):
        return sign * int(digits.replace(".", ""))
    match = re.fullmatch(r"([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),([0-9]+)", digits)
    if match:
        whole, fraction = int(match.group(1).replace(".", "")), match.group(2)
        if integer:
            return sign * whole if not fraction.strip("0") else value
        return sign * float(f"{whole}.{fraction}")
    if not integer and re.fullmatch(r"[0-9]+\.[0-9]{1,2}", digits):
        return sign * float(digits)
    return value


FORMAT_CHECKER = FormatChecker()


@FORMAT_CHECKER.checks("nik", raises=ValueError)
def _check_nik(value) -> bool:
    if isinstance(value, str):
        parse_nik(value)
    return True


@FORMAT_CHECKER.checks("nib")
def _check_nib(value) -> bool:
    # NIB from OSS: 13 digits (PP 5/2021 on risk-based licensing).
    return not isinstance(value, str) or bool(re.fullmatch(r"[0-9]{13}", value))


def _identifier_checker(kind: str):
    def check(value) -> bool:
        if isinstance(value, str):
            parse_identifier(kind, value)
        return True

    return check


# NPWP: 15 digits, or 16 since PMK 112/2022 (the NIK for individuals); KK, passport, licence numbers.
for _kind in ("kk", "npwp", "passport", "licence"):
    FORMAT_CHECKER.checks(_kind, raises=ValueError)(_identifier_checker(_kind))


@FORMAT_CHECKER.checks("phone-id")
def _check_phone(value) -> bool:
    return not isinstance(value, str) or bool(PHONE_RE.fullmatch(value))


@FORMAT_CHECKER.checks("date", raises=ValueError)
def _check_date(value) -> bool:
    if isinstance(value, str):
        dt.date.fromisoformat(value)
    return True


@FORMAT_CHECKER.checks("time-hm")
def _check_time(value) -> bool:
    return not isinstance(value, str) or bool(TIME_RE.fullmatch(value))


@FORMAT_CHECKER.checks("email")
def _check_email(value) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value))


def _label(field: dict, lang: str = "id") -> str:
    label = field.get("label") or {}
    return label.get(lang) or label.get("id") or field.get("key", "")


def _field_schema(field: dict) -> dict:
    kind = field_kind(field)
    if kind in ("text", "textarea"):
        schema = {"type": "string", "maxLength": int(field.get("max_length", 500 if kind == "text" else 5000))}
        if field.get("min_length"):
            schema["minLength"] = int(field["min_length"])
        return schema
    if kind == "number":
        schema = {"type": "integer" if field.get("integer", True) else "number"}
        for src, dst in (("min", "minimum"), ("max", "maximum")):
            if field.get(src) is not None:
                schema[dst] = field[src]
        return schema
    if kind == "date":
        return {"type": "string", "format": "date"}
    if kind == "time":
        return {"type": "string", "format": "time-hm"}
    if kind == "money":
        # Whole rupiah, never negative (a fee, an income, a value of goods).
        schema = {"type": "integer", "minimum": int(field.get("min") or 0)}
        if field.get("max") is not None:
            schema["maximum"] = int(field["max"])
        return schema
    if kind == "choice":
        values = [option["value"] for option in field.get("options", [])]
        if field.get("multiple"):
            return {"type": "array", "items": {"enum": values}, "uniqueItems": True}
        return {"enum": values}
    if kind == "nik":
        return {"type": "string", "format": "nik"}
    if kind == "nib":
        return {"type": "string", "format": "nib"}
    if kind in ("kk", "npwp", "passport", "licence"):
        return {"type": "string", "format": kind, "maxLength": 60}
    if kind == "phone":
        return {"type": "string", "format": "phone-id"}
    if kind == "email":
        return {"type": "string", "format": "email", "maxLength": 254}
    if kind == "address":
        return {
            "type": "object",
            "properties": {
                "region": {"type": "string", "pattern": REGION_CODE_RE},
                "street": {"type": "string", "minLength": 1, "maxLength": 300},
                "postal_code": {"type": "string", "pattern": "^[0-9]{5}$"},
            },
            "required": ["region", "street"],
            "additionalProperties": False,
        }
    if kind == "file":
        # An upload id (or a Loket document code) returned by the upload endpoint.
        return {"type": "string", "minLength": 1, "maxLength": 64}
    if kind == "group":
        items = _object_schema(field["fields"])
        repeat = field.get("repeat") or {}
        return {
            "type": "array",
            "items": items,
            "minItems": int(repeat.get("min", 0)),
            "maxItems": int(repeat.get("max", 50)),
        }
    raise SpecError(f"Jenis isian tidak dikenal: {kind}")


def _condition_schema(condition: dict) -> dict:
    return {"properties": {condition["field"]: {"const": condition["equals"]}}, "required": [condition["field"]]}


def _object_schema(fields: list[dict]) -> dict:
    properties, required, conditionals = {}, [], []
    for field in fields:
        properties[field["key"]] = _field_schema(field)
        condition = field.get("required_if") or (field.get("show_if") if field.get("required") else None)
        if condition:
            conditionals.append({"if": _condition_schema(condition), "then": {"required": [field["key"]]}})
        elif field.get("required"):
            required.append(field["key"])
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    if conditionals:
        schema["allOf"] = conditionals
    return schema


def check_layout(fields: list[dict], *, _prefix: str = "") -> None:
    """Refuse a malformed layout with an Indonesian message naming the field."""
    if not isinstance(fields, list):
        raise SpecError("Definisi formulir harus berupa daftar isian.")
    seen: set[str] = set()
    for index, field in enumerate(fields, start=1):
        where = f"Isian {_prefix}{index}"
        if not isinstance(field, dict):
            raise SpecError(f"{where}: harus berupa objek.")
        key = field.get("key", "")
        if not isinstance(key, str) or not KEY_RE.match(key):
            raise SpecError(f"{where}: kunci '{key}' harus huruf kecil, angka atau garis bawah, diawali huruf.")
        if key in seen:
            raise SpecError(f"{where}: kunci '{key}' dipakai dua kali.")
        seen.add(key)
        if field.get("type") not in FIELD_TYPES:
            raise SpecError(f"{where} ({key}): jenis '{field.get('type')}' tidak dikenal.")
        if not isinstance(field.get("label"), dict) or not str(field["label"].get("id", "")).strip():
            raise SpecError(f"{where} ({key}): label Bahasa Indonesia wajib diisi.")
        if field["type"] == "choice":
            options = field.get("options")
            if not options or not isinstance(options, list):
                raise SpecError(f"{where} ({key}): pilihan jawaban belum diisi.")
            if any(not isinstance(o, dict) or "value" not in o for o in options):
                raise SpecError(f"{where} ({key}): setiap pilihan harus punya 'value'.")
        if field["type"] == "group":
            check_layout(field.get("fields"), _prefix=f"{_prefix}{index}.")
        for condition_key in ("show_if", "required_if"):
            condition = field.get(condition_key)
            if condition is None:
                continue
            if (
                not isinstance(condition, dict)
                or condition.get("field") not in seen - {key}
                or "equals" not in condition
            ):
                raise SpecError(
                    f"{where} ({key}): syarat '{condition_key}' harus merujuk isian sebelumnya dengan nilai 'equals'."
                )


def to_json_schema(fields: list[dict]) -> dict:
    check_layout(fields)
    schema = _object_schema(fields)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


@dataclass
class FormSpec:
    """A frozen form: layout plus its compiled validator (build once per form version and reuse)."""

    fields: list[dict]

    @cached_property
    def schema(self) -> dict:
        return to_json_schema(self.fields)

    @cached_property
    def _validator(self) -> Draft202012Validator:
        return Draft202012Validator(self.schema, format_checker=FORMAT_CHECKER)

    @cached_property
    def _by_key(self) -> dict[str, dict]:
        index: dict[str, dict] = {}

        def walk(fields, prefix=""):
            for field in fields:
                index[prefix + field["key"]] = field
                if field["type"] == "group":
                    walk(field["fields"], prefix + field["key"] + ".")

        walk(self.fields)
        return index

    def clean(self, answers: dict) -> dict:
        """Drop answers of hidden conditional fields and empty strings; normalize phones and NPWP."""
        return _clean(self.fields, answers if isinstance(answers, dict) else {})

    def precheck(self, answers, lang: str = "id") -> dict[str, list[str]]:
        """Errors of the answers' shape alone (too many rows, keys or characters, too deep), found in time
        proportional to what the form allows rather than to what was sent. The JSON Schema validator walks
        every row of a group before it looks at `maxItems`: 90,000 rows took 13 s to refuse."""
        en = lang == "en"
        if not isinstance(answers, dict):
            return {"__all__": ["The answers must be an object." if en else "Jawaban formulir harus berupa objek."]}
        errors: dict[str, list[str]] = {}
        _precheck_level(self.fields, answers, "", 1, en, errors)
        return errors

    def validate(self, answers: dict, lang: str = "id") -> tuple[dict, dict[str, list[str]]]:
        """(cleaned answers, errors by field path such as 'anak.0.nik'). No errors: valid."""
        shape_errors = self.precheck(answers, lang)
        if shape_errors:  # refused before cleaning and schema validation, whose cost grows with the input
            return (answers if isinstance(answers, dict) else {}), shape_errors
        cleaned = self.clean(answers)
        errors: dict[str, list[str]] = {}
        for error in self._validator.iter_errors(cleaned):
            path, message = self._message(error, lang)
            errors.setdefault(path, [])
            if message not in errors[path]:
                errors[path].append(message)
        for path, message in _consistency_errors(self.fields, cleaned, lang == "en"):
            if path not in errors:  # a field already wrong on its own says that first
                errors[path] = [message]
        return cleaned, errors

    def _message(self, error, lang: str) -> tuple[str, str]:
        path_parts = [str(p) for p in error.absolute_path]
        if error.validator == "required":
            missing = re.search(r"'([^']+)' is a required property", error.message)
            path_parts.append(missing.group(1) if missing else "?")
        path = ".".join(path_parts)
        spec_key = ".".join(p for p in path_parts if not p.isdigit())
        field = self._by_key.get(spec_key, {"key": spec_key, "label": {"id": spec_key}})
        label = _label(field, lang)
        en = lang == "en"
        kind = error.validator
        if kind == "required":
            text = f"{label} is required." if en else f"{label} wajib diisi."
        elif kind == "format":
            text = _format_message(field, error, en)
        elif kind in ("enum", "const"):
            text = f"{label}: choose one of the options." if en else f"{label}: pilih salah satu pilihan yang tersedia."
        elif kind == "type" and field_kind(field) == "money":
            text = (
                f"{label} must be an amount in rupiah, e.g. 2.385.000."
                if en
                else f"{label} harus berupa jumlah rupiah tanpa sen, mis. 2.385.000."
            )
        elif kind == "type":
            wanted = error.validator_value
            text = (
                f"{label} must be a {wanted}."
                if en
                else f"{label} harus berupa {'bilangan bulat' if wanted == 'integer' else 'angka' if wanted == 'number' else 'isian yang benar'}."
            )
        elif kind == "maxLength":
            text = (
                f"{label}: at most {error.validator_value} characters."
                if en
                else f"{label} paling banyak {error.validator_value} karakter."
            )
        elif kind == "minLength":
            text = f"{label} is too short." if en else f"{label} terlalu pendek."
        elif kind == "minimum":
            text = (
                f"{label} must be at least {error.validator_value}."
                if en
                else f"{label} minimal {error.validator_value}."
            )
        elif kind == "maximum":
            text = (
                f"{label} must be at most {error.validator_value}."
                if en
                else f"{label} maksimal {error.validator_value}."
            )
        elif kind == "minItems":
            text = (
                f"{label}: add at least {error.validator_value}."
                if en
                else f"{label}: isi minimal {error.validator_value} baris."
            )
        elif kind == "maxItems":
            text = (
                f"{label}: at most {error.validator_value}."
                if en
                else f"{label}: paling banyak {error.validator_value} baris."
            )
        elif kind == "additionalProperties":
            text = "Unknown field." if en else "Ada isian yang tidak dikenal pada formulir ini."
        elif kind == "pattern":
            text = f"{label} has the wrong format." if en else f"{label} formatnya tidak sesuai."
        else:
            text = f"{label} is not valid." if en else f"{label} tidak valid."
        return path or "__all__", text


# What one answer may hold at most, whatever its type (the schema then checks the real limits).
PRECHECK_MAX_STRING = 10_000
PRECHECK_MAX_DEPTH = 4  # answers -> group rows -> row -> address


def _max_string(field: dict) -> int:
    if field["type"] in ("text", "textarea"):
        return int(field.get("max_length", 500 if field["type"] == "text" else 5000))
    return min(PRECHECK_MAX_STRING, 1000)


def _shape_error(errors: dict, path: str, id_text: str, en_text: str, en: bool) -> None:
    errors.setdefault(path or "__all__", []).append(en_text if en else id_text)


def _precheck_level(fields: list[dict], answers: dict, prefix: str, depth: int, en: bool, errors: dict) -> None:
    by_key = {field["key"]: field for field in fields}
    if len(answers) > len(by_key):
        _shape_error(
            errors, prefix.rstrip("."), "Ada isian yang tidak dikenal pada formulir ini.", "Unknown field.", en
        )
        return
    for key, value in answers.items():
        field = by_key.get(key)
        if field is None:
            continue  # one unknown key: the schema names it
        label = _label(field, "en" if en else "id")
        path = prefix + key
        if isinstance(value, str):
            limit = _max_string(field)
            if len(value) > limit:
                _shape_error(
                    errors,
                    path,
                    f"{label} paling banyak {limit} karakter.",
                    f"{label}: at most {limit} characters.",
                    en,
                )
        elif isinstance(value, list):
            if field["type"] == "group":
                most = int((field.get("repeat") or {}).get("max", 50))
            elif field["type"] == "choice" and field.get("multiple"):
                most = len(field.get("options", []))
            else:
                most = 0
            if len(value) > most:
                _shape_error(errors, path, f"{label}: paling banyak {most} baris.", f"{label}: at most {most}.", en)
                continue
            for index, item in enumerate(value):
                if isinstance(item, dict) and field["type"] == "group":
                    if depth + 1 > PRECHECK_MAX_DEPTH:
                        _shape_error(errors, path, f"{label} tidak valid.", f"{label} is not valid.", en)
                        break
                    _precheck_level(field["fields"], item, f"{path}.{index}.", depth + 1, en, errors)
                elif isinstance(item, (dict, list)) or (isinstance(item, str) and len(item) > PRECHECK_MAX_STRING):
                    _shape_error(errors, path, f"{label} tidak valid.", f"{label} is not valid.", en)
                    break
        elif isinstance(value, dict):
            # Only an address is an object: at most its three parts, each a short text.
            parts_ok = field["type"] == "address" and len(value) <= 3
            parts_ok = parts_ok and all(isinstance(v, str) and len(v) <= 300 for v in value.values())
            if not parts_ok:
                _shape_error(errors, path, f"{label} tidak valid.", f"{label} is not valid.", en)


def _named(label: str, text: str) -> str:
    """The message naming its field: "NIK ibu: NIK tidak valid: …" (not twice when the text already does)."""
    return text if not label or text.startswith(label) else f"{label}: {text}"


def _format_message(field: dict, error, en: bool) -> str:
    label = _label(field, "en" if en else "id")
    fmt = error.validator_value
    if fmt in IDENTIFIER_TYPES and not en:
        try:
            parse_identifier(fmt, error.instance)
        except (ValueError, TypeError) as exc:
            return _named(label, str(exc))
    messages = {
        "nib": ("NIB harus 13 angka sesuai OSS.", "NIB must be 13 digits."),
        "nik": ("NIK harus 16 angka dan sesuai KTP-el.", "The NIK must be the 16 digits on the ID card."),
        "kk": ("Nomor KK harus 16 angka sesuai kartu keluarga.", "The family card number must be 16 digits."),
        "npwp": (
            "NPWP harus 15 atau 16 angka.",
            "The NPWP must be 15 or 16 digits; a 16-digit NPWP of a person is their NIK.",
        ),
        "passport": ("Nomor paspor tidak valid.", "Passport number: 6–9 letters or digits, starting with a letter."),
        "licence": (
            "Nomor izin/registrasi tidak valid.",
            "Licence/registration number: letters, digits, '.', '/' or '-', with at least 2 digits.",
        ),
        "phone-id": (
            "Nomor HP harus nomor Indonesia, mis. 0812 3456 7890.",
            "Use an Indonesian phone number, e.g. 0812 3456 7890.",
        ),
        "email": (
            "Alamat email tidak valid, mis. nama@contoh.id.",
            "Email address is not valid, e.g. name@example.id.",
        ),
        "date": (
            "tanggal tidak valid: tulis tanggal yang ada di kalender, format HH-BB-TTTT (mis. 17-08-1990).",
            "not a valid date: use a real calendar date, format DD-MM-YYYY (e.g. 17-08-1990).",
        ),
        "time-hm": (
            "jam tidak valid: tulis jam 00:00–23:59 dengan format JJ:MM (mis. 08:30).",
            "not a valid time: use 00:00–23:59 in the format HH:MM (e.g. 08:30).",
        ),
    }
    id_text, en_text = messages.get(fmt, ("tidak valid.", "is not valid."))
    return _named(label, en_text if en else id_text)


def _consistency_errors(fields: list[dict], answers: dict, en: bool, prefix: str = "") -> list[tuple[str, str]]:
    """Answers that contradict each other: a birth date that is not the one in the NIK beside it.

    A date field names its NIK with `birth_date_of` ("nik"); older forms pair `tanggal_lahir` with `nik`."""
    found: list[tuple[str, str]] = []
    by_key = {field["key"]: field for field in fields}
    for field in fields:
        key, value = field["key"], answers.get(field["key"])
        if field["type"] == "group" and isinstance(value, list):
            for index, row in enumerate(value):
                if isinstance(row, dict):
                    found += _consistency_errors(field["fields"], row, en, f"{prefix}{key}.{index}.")
            continue
        nik_key = field.get("birth_date_of") or ("nik" if key == "tanggal_lahir" else None)
        if field_kind(field) != "date" or not nik_key or field_kind(by_key.get(nik_key, {})) != "nik":
            continue
        nik = answers.get(nik_key)
        try:
            birth = dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            birth = None
        if birth is None or not isinstance(nik, str):
            continue
        refusal = nik_birth_date_refusal(nik, birth)
        if refusal:
            label = _label(field, "en" if en else "id")
            nik_label = _label(by_key[nik_key], "en" if en else "id")
            text = (
                f"{label} does not match {nik_label}: digits 7–12 of a NIK are the birth date DDMMYY "
                f"(day + 40 for a woman); this NIK says {long_date(parse_nik(nik).birth_date, english=True)}."
                if en
                else f"{label} tidak sesuai {nik_label}: {refusal.split(': ', 1)[1]}"
            )
            found.append((prefix + key, text))
    return found


def _is_shown(field: dict, answers: dict) -> bool:
    condition = field.get("show_if")
    return not condition or answers.get(condition["field"]) == condition["equals"]


def _clean(fields: list[dict], answers: dict) -> dict:
    known = {f["key"] for f in fields}
    cleaned: dict = {k: v for k, v in answers.items() if k not in known}  # unknown keys stay: schema refuses them
    for field in fields:
        key = field["key"]
        if key not in answers or not _is_shown(field, cleaned):
            continue
        value = answers[key]
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, str):
            value = value.strip()
        kind = field_kind(field)
        if kind == "phone" and isinstance(value, str):
            value = normalize_phone(value)
        elif kind in IDENTIFIER_TYPES and kind != "nik" and isinstance(value, str):
            value = normalize_identifier(kind, value)
        elif kind in ("number", "money") and isinstance(value, str):
            value = parse_amount(value, integer=kind == "money" or field.get("integer", True))
        elif kind == "time" and isinstance(value, str):
            value = normalize_time(value)
        elif kind == "date" and isinstance(value, str):
            value = normalize_date(value)
        elif field["type"] == "group" and isinstance(value, list):
            value = [_clean(field["fields"], item) if isinstance(item, dict) else item for item in value]
        cleaned[key] = value
    return cleaned


def mask_answers(fields: list[dict], answers: dict, *, reveal=(), _prefix: str = "") -> dict:
    """Answers with every identifier masked (typed fields, and legacy text fields named like one).

    What officers, third parties, documents and logs get; the applicant sees their own answers as
    they are. `reveal`: answer paths (e.g. 'nomor_kk', 'anak.0.nik') shown in full after an audited
    request.
    """
    masked = dict(answers) if isinstance(answers, dict) else {}
    for field in fields:
        key, path = field["key"], _prefix + field["key"]
        value = masked.get(key)
        if field["type"] == "group" and isinstance(value, list):
            masked[key] = [
                mask_answers(field["fields"], item, reveal=reveal, _prefix=f"{path}.{index}.")
                if isinstance(item, dict)
                else item
                for index, item in enumerate(value)
            ]
            continue
        kind = identifier_kind(field["type"], key)
        if kind and value not in (None, "") and path not in reveal:
            masked[key] = mask_identifier(kind, value)
    return masked


def identifier_paths(fields: list[dict], answers: dict, _prefix: str = "") -> list[str]:
    """Answer paths holding an identifier (what an officer may ask to reveal)."""
    paths: list[str] = []
    for field in fields:
        value = answers.get(field["key"]) if isinstance(answers, dict) else None
        if value in (None, "", []):
            continue
        if field["type"] == "group" and isinstance(value, list):
            for index, item in enumerate(value):
                paths += identifier_paths(field["fields"], item, f"{_prefix}{field['key']}.{index}.")
        elif identifier_kind(field["type"], field["key"]):
            paths.append(_prefix + field["key"])
    return paths


def file_refs(fields: list[dict], answers: dict, prefix: str = "") -> dict[str, str]:
    """Upload ids given in `file` fields, by answer path (e.g. 'foto' or 'anak.0.akta')."""
    refs: dict[str, str] = {}
    for field in fields:
        value = answers.get(field["key"]) if isinstance(answers, dict) else None
        if value in (None, ""):
            continue
        if field["type"] == "file" and isinstance(value, str):
            refs[prefix + field["key"]] = value
        elif field["type"] == "group" and isinstance(value, list):
            for index, item in enumerate(value):
                refs.update(file_refs(field["fields"], item, f"{prefix}{field['key']}.{index}."))
    return refs
