"""Prefilling an application form with what the applicant already told Loket: their profile and their own
earlier applications. The applicant sees each prefilled value marked and confirms or edits it before sending.

Only the applicant's own data is ever used: `for_applicant` takes the applicant (for a counter filing, the
citizen served, never the officer) and reads their profile and the applications they are the applicant of.
Pure matching (`from_profile`, `from_earlier`) is separate from the reads, so it is table-tested.
"""

from dataclasses import dataclass

from loket.applications.formspec import field_kind

# What a profile holds, by the name a field's `prefill` option may give (e.g. "prefill": "phone").
PROFILE_FACTS = ("nik", "full_name", "address", "phone", "email")

# Older forms name the applicant's own facts by key: the key and the type must both match.
_BY_KEY: dict[str, tuple[str, tuple[str, ...]]] = {
    "nik": ("nik", ("nik",)),
    "nik_pemohon": ("nik", ("nik",)),
    "nama_lengkap": ("full_name", ("text",)),
    "nama_pemohon": ("full_name", ("text",)),
    "alamat": ("address", ("address",)),
    "alamat_domisili": ("address", ("address",)),
    "hp": ("phone", ("phone",)),
    "nomor_hp": ("phone", ("phone",)),
    "telepon": ("phone", ("phone",)),
    "email": ("email", ("email",)),
}
# Never carried over from an earlier application: files belong to that case, groups are that case's rows.
_NOT_CARRIED = ("file", "group")

PROFILE = "profile"


@dataclass(frozen=True)
class Earlier:
    """One earlier application of the applicant: its tracking number, its form's fields and its answers."""

    tracking: str
    fields: list
    data: dict


@dataclass(frozen=True)
class Facts:
    """The applicant's profile as the form needs it ('' where unknown)."""

    nik: str = ""
    full_name: str = ""
    street: str = ""
    region: str = ""  # Kemendagri code of the kabupaten/kota
    phone: str = ""
    email: str = ""


def profile_fact(field: dict) -> str | None:
    """Which profile fact a top-level field asks for, if any: its `prefill` option, or its key and type."""
    declared = field.get("prefill")
    if declared is False:
        return None
    if isinstance(declared, str) and declared in PROFILE_FACTS:
        return declared
    known = _BY_KEY.get(field.get("key", ""))
    if known and field_kind(field) in known[1]:
        return known[0]
    return None


def _profile_value(fact: str, facts: Facts):
    if fact == "address":
        value = {part: text for part, text in (("region", facts.region), ("street", facts.street)) if text}
        return value or None
    value = {"nik": facts.nik, "full_name": facts.full_name, "phone": facts.phone, "email": facts.email}[fact]
    return value or None


def from_profile(fields: list[dict], facts: Facts) -> tuple[dict, dict[str, str]]:
    """(answers, source by key) for the fields that ask for a fact of the applicant's profile."""
    answers, sources = {}, {}
    for field in fields:
        fact = profile_fact(field)
        value = _profile_value(fact, facts) if fact else None
        if value is not None:
            answers[field["key"]] = value
            sources[field["key"]] = PROFILE
    return answers, sources


def _option_values(field: dict) -> set:
    return {str(option.get("value")) for option in field.get("options", [])}


def _fits(field: dict, value) -> bool:
    """Whether an earlier answer still fits this field (a choice must still be one of its options)."""
    if field_kind(field) != "choice":
        return True
    allowed = _option_values(field)
    if field.get("multiple"):
        return isinstance(value, list) and all(str(item) in allowed for item in value)
    return str(value) in allowed


def from_earlier(fields: list[dict], earlier: list[Earlier], skip=()) -> tuple[dict, dict[str, str]]:
    """(answers, source tracking number by key): for each field, the answer of the newest earlier application
    whose form had a field of the same key and type (the same question), `earlier` being newest first."""
    answers, sources = {}, {}
    for field in fields:
        key = field["key"]
        if key in skip or field_kind(field) in _NOT_CARRIED or field.get("prefill") is False:
            continue
        for case in earlier:
            old = next((item for item in case.fields if item.get("key") == key), None)
            value = case.data.get(key) if isinstance(case.data, dict) else None
            if old is None or field_kind(old) != field_kind(field) or value in (None, "", [], {}):
                continue
            if _fits(field, value):
                answers[key], sources[key] = value, case.tracking
                break
    return answers, sources


def initial_answers(fields: list[dict], facts: Facts | None, earlier: list[Earlier]) -> tuple[dict, dict[str, str]]:
    """The profile first (it is what the applicant keeps current), then earlier applications for the rest."""
    answers, sources = from_profile(fields, facts) if facts else ({}, {})
    more, more_sources = from_earlier(fields, earlier, skip=set(answers))
    return {**answers, **more}, {**sources, **more_sources}
