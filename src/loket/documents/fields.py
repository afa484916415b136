"""Form answers as a decision letter prints them: option labels, Indonesian dates, numbers and money, addresses
with their region's name, repeatable groups as lists of rows.

A letter is read by third parties, so it never prints a stored key (`neon_box`), an ISO date (`1990-08-17`)
or a float (`4.0`). Pure apart from `region_names` (one query for the addresses' regions).
"""

import datetime as dt
import re

from loket.core.dates import long_date
from loket.core.money import rupiah

TIME_RE = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")
# Input hints in a label ("Jam mulai (JJ:MM)") belong to the form, not to the letter.
HINT_RE = re.compile(r"\s*\((JJ:MM|HH:MM|JJ\.MM|dd/mm/yyyy|DD-MM-YYYY)\)\s*$", re.I)
MONEY_TYPES = {"money", "rupiah"}


def label_of(field: dict) -> str:
    label = field.get("label")
    text = (label.get("id") or field.get("key", "")) if isinstance(label, dict) else (label or field.get("key", ""))
    return HINT_RE.sub("", str(text)).strip()


def option_label(field: dict, value) -> str:
    for option in field.get("options", []) or []:
        if str(option.get("value")) == str(value):
            label = option.get("label", value)
            return str(label.get("id") or value) if isinstance(label, dict) else str(label)
    return str(value)


def number(value) -> str:
    """2385000 -> "2.385.000"; 1.5 -> "1,5"; 4.0 -> "4" (Indonesian separators)."""
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return str(value)
    if amount == int(amount):
        return f"{int(amount):,}".replace(",", ".")
    whole, _, fraction = f"{amount:,.2f}".rstrip("0").partition(".")
    return f"{whole.replace(',', '.')},{fraction}" if fraction else whole.replace(",", ".")


def is_money(field: dict) -> bool:
    return field.get("type") in MONEY_TYPES or field.get("format") == "rupiah" or field.get("unit") == "Rp"


def address(value: dict, regions: dict[str, str]) -> str:
    """ "Jl. Cihampelas No. 10, Kota Bandung 40131": the street, the nearest known region's name, the postal code."""
    code = str(value.get("region") or "")
    place = ""
    while code:
        if code in regions:
            place = regions[code]
            break
        code = code.rpartition(".")[0]
    postal = str(value.get("postal_code") or "")
    tail = " ".join(part for part in (place, postal) if part)
    return ", ".join(part for part in (str(value.get("street") or "").strip(), tail) if part)


def display(field: dict, value, regions: dict[str, str]):
    """One answer as text; a group becomes a list of {key: text} rows."""
    kind = field.get("type")
    if value in (None, "", []):
        return ""
    if kind == "group":
        subfields = field.get("fields", [])
        return [
            {sub["key"]: display(sub, item.get(sub["key"]), regions) for sub in subfields}
            for item in value
            if isinstance(item, dict)
        ]
    if kind == "choice":
        values = value if isinstance(value, list) else [value]
        return ", ".join(option_label(field, item) for item in values)
    if kind == "address" and isinstance(value, dict):
        return address(value, regions)
    if kind == "date" and isinstance(value, str):
        try:
            return long_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if is_money(field):
        try:
            return rupiah(value)
        except (TypeError, ValueError):
            return str(value)
    if kind == "number" or isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, str) and TIME_RE.match(value.strip()):
        hours, minutes = TIME_RE.match(value.strip()).groups()
        return f"{int(hours):02d}.{minutes}"  # official Indonesian writes times with a dot
    return str(value)


def region_codes(fields: list[dict], answers: dict, found: set | None = None) -> set[str]:
    """Every prefix of every address's region code (the nearest one known names the place)."""
    found = set() if found is None else found
    for field in fields:
        value = answers.get(field.get("key")) if isinstance(answers, dict) else None
        if field.get("type") == "address" and isinstance(value, dict) and value.get("region"):
            parts = str(value["region"]).split(".")
            found.update(".".join(parts[: index + 1]) for index in range(len(parts)))
        elif field.get("type") == "group" and isinstance(value, list):
            for item in value:
                region_codes(field.get("fields", []), item, found)
    return found


def region_names(fields: list[dict], answers: dict) -> dict[str, str]:
    from loket.org.models import Region

    codes = region_codes(fields, answers)
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}


def formatted(fields: list[dict], answers: dict, regions: dict[str, str]) -> dict:
    """key -> printable value for every answered field of the form (keys the form does not know stay as they are)."""
    known = {field["key"]: field for field in fields if field.get("key")}
    out = {}
    for key, value in (answers or {}).items():
        field = known.get(key, {"key": key, "type": ""})
        out[key] = display(field, value, regions)
    return out


def group_lines(field: dict, rows: list[dict]) -> list[str]:
    """A repeatable group as numbered lines: "1. Hari: Senin; Jam mulai: 08.00; Jam selesai: 11.00"."""
    subfields = field.get("fields", [])
    lines = []
    for index, row in enumerate(rows, start=1):
        parts = [
            f"{label_of(sub)}: {row.get(sub['key'])}" for sub in subfields if row.get(sub["key"]) not in ("", None)
        ]
        lines.append(f"{index}. " + "; ".join(parts))
    return lines
