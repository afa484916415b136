"""Template variables, body rendering and the letter (letterhead, dates) of an output document."""

import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.template import Context, Engine, TemplateSyntaxError
from django.urls import reverse

from loket.applications.formspec import mask_answers
from loket.core.dates import long_date
from loket.core.i18n import tr
from loket.documents import fields as fields_fmt

# Variables an editor may use in a template body (documented on the editor page).
VARIABLES = [
    ("nomor", "Nomor keputusan", "Decision number"),
    ("tanggal", "Tanggal terbit (mis. 23 November 2026)", "Date of issue (e.g. 23 November 2026)"),
    ("pemohon.nama", "Nama pemohon", "Applicant's name"),
    ("pemohon.nik", "NIK pemohon", "Applicant's NIK"),
    ("pemohon.alamat", "Alamat pemohon", "Applicant's address"),
    ("permohonan.nomor", "Nomor registrasi permohonan", "Application tracking number"),
    ("permohonan.tanggal", "Tanggal permohonan diajukan", "Date the application was submitted"),
    (
        "permohonan.data.<kunci>",
        "Isian formulir siap cetak (label pilihan, tanggal, rupiah), mis. permohonan.data.nama_usaha",
        "A form answer ready to print (option labels, dates, rupiah), e.g. permohonan.data.nama_usaha",
    ),
    (
        "permohonan.kode.<kunci>",
        "Nilai tersimpan isian (untuk syarat {% if %}), mis. permohonan.kode.jenis_dokter",
        "A form answer's stored value (for {% if %} conditions), e.g. permohonan.kode.jenis_dokter",
    ),
    ("layanan.nama", "Nama layanan", "Service name"),
    ("layanan.produk", "Produk layanan menurut standar", "The service's product according to its standard"),
    ("instansi.nama", "Nama perangkat daerah", "Agency name"),
    ("wilayah.nama", "Nama kabupaten/kota/provinsi", "Name of the regency, city or province"),
    ("wilayah.zona", "Zona waktu wilayah (WIB, WITA, WIT)", "The region's time zone (WIB, WITA, WIT)"),
]


def variables() -> list[tuple[str, str]]:
    """(variable, what it holds) in the reader's language, for the template editor."""
    return [(name, tr(indonesian, english)) for name, indonesian, english in VARIABLES]


DEFAULT_BODY = """Berdasarkan permohonan Nomor {{ permohonan.nomor }} tanggal {{ permohonan.tanggal }} dan hasil \
pemeriksaan persyaratan sesuai standar pelayanan {{ layanan.nama }}, Kepala {{ instansi.nama }} menetapkan:

Nama: {{ pemohon.nama }}
NIK: {{ pemohon.nik }}
Alamat: {{ pemohon.alamat|default:"-" }}

diberikan {{ layanan.produk|default:layanan.nama }} sesuai permohonan yang diajukan{% if permohonan.isian %}, dengan \
keterangan sebagai berikut:

{% for key, value in permohonan.isian %}{{ key }}: {{ value }}
{% endfor %}{% else %}.{% endif %}

Keputusan ini berlaku sejak tanggal ditetapkan dan dapat diperiksa keasliannya melalui kode QR di bawah."""

_ENGINE = Engine(autoescape=False, debug=False, libraries={})


def indonesian_date(value: datetime.date) -> str:
    return long_date(value)


def compile_body(body: str):
    try:
        return _ENGINE.from_string(body)
    except TemplateSyntaxError as exc:
        from loket.core.errors import LoketError

        raise LoketError(tr(f"Templat tidak valid: {exc}", f"Invalid template: {exc}"), field="body") from None


def render_body(body: str, variables: dict) -> str:
    return compile_body(body).render(Context(variables)).strip()


PRIVATE_TYPES = {"nik", "phone", "email", "file"}


def _form_fields(application) -> list[dict]:
    try:
        return list(application.standard.form.fields)
    except (ObjectDoesNotExist, AttributeError):  # no form: the answers keep their keys as labels
        return []


def printable_answers(application) -> dict:
    """The answers a document may print: identifiers masked (KK, NPWP, passport, licence numbers).

    A field whose number is the point of the document (e.g. the STR number on a SIP) is marked
    `"print_full": true` in the form definition and is printed in full.
    """
    fields = _form_fields(application)
    full = {field["key"] for field in fields if field.get("print_full")}
    return mask_answers(fields, application.data or {}, reveal=full)


def _labelled_answers(fields: list[dict], answers: dict, shown: dict) -> list[tuple[str, str]]:
    """(label, printable value) rows for the default body: option labels, dates and money as paper writes them."""
    known = {item.get("key"): item for item in fields}
    private = {key for key, item in known.items() if item.get("type") in PRIVATE_TYPES}
    rows = []
    for key, value in answers.items():
        # Contact data and identity numbers stay out of a document meant to be shown to third parties.
        if key in private or key.startswith(("nik", "hp", "email", "telepon")) or value in (None, "", []):
            continue
        field = known.get(key, {"key": key, "type": ""})
        text = shown.get(key)
        if isinstance(text, list):  # a repeatable group: one numbered line per row
            text = "\n" + "\n".join(fields_fmt.group_lines(field, text)) if text else ""
        elif isinstance(value, dict) and field.get("type") != "address":
            continue
        if text:
            rows.append((fields_fmt.label_of(field), str(text)))
    return rows[:16]


def applicant_address(fields: list[dict], answers: dict, shown: dict, profile) -> str:
    """The address given in the application (its applicant's "alamat" field, else its first address field);
    the profile's only when the form asks for none."""
    addresses = [item["key"] for item in fields if item.get("type") == "address" and answers.get(item["key"])]
    key = "alamat" if "alamat" in addresses else (addresses[0] if addresses else None)
    if key:
        return str(shown.get(key) or "")
    if isinstance(answers.get("alamat"), str) and answers["alamat"].strip():
        return answers["alamat"].strip()
    return profile.address if profile else ""


def variables_for(application, *, number: str, issued: datetime.date) -> dict:
    profile = getattr(application.applicant, "citizen", None)
    name = (
        profile.full_name
        if profile
        else (application.applicant.get_full_name() or application.applicant.get_username())
    )
    local_submitted = application.submitted_at.astimezone(application.region.zoneinfo).date()
    standard = application.standard
    answers = printable_answers(application)
    fields = _form_fields(application)
    shown = fields_fmt.formatted(fields, answers, fields_fmt.region_names(fields, answers))
    return {
        "nomor": number,
        "tanggal": indonesian_date(issued),
        "pemohon": {
            "nama": name,
            "nik": profile.nik if profile else "-",
            "alamat": applicant_address(fields, answers, shown, profile),
        },
        "permohonan": {
            "nomor": application.tracking_number,
            "tanggal": indonesian_date(local_submitted),
            "data": shown,  # printable: option labels, dates, money, addresses in words
            "kode": answers,  # the stored values (for conditions such as {% if ... == "spesialis" %})
            "isian": _labelled_answers(fields, answers, shown),
        },
        "layanan": {"nama": application.service.name_id, "produk": standard.product},
        "instansi": {"nama": application.agency.name, "singkatan": application.agency.short_name},
        "wilayah": {"nama": application.region.name, "zona": application.region.time_zone},
    }


SAMPLE = {
    "nomor": "503/0001/DPMPTSP/2026",
    "tanggal": "23 November 2026",
    "pemohon": {"nama": "Imas Masitoh", "nik": "3273014101900001", "alamat": "Jl. Cihampelas No. 10, Bandung"},
    "permohonan": {
        "nomor": "3273-26-0000001",
        "tanggal": "16 November 2026",
        "data": {"nama_usaha": "Warung Sunda Bu Imas"},
        "isian": [("Nama usaha", "Warung Sunda Bu Imas")],
    },
    "layanan": {"nama": "Izin Usaha Mikro", "produk": "Surat Izin Usaha Mikro"},
    "instansi": {"nama": "DPMPTSP Kota Bandung", "singkatan": "DPMPTSP"},
    "wilayah": {"nama": "Kota Bandung", "zona": "WIB"},
}


def _sample_value(field: dict, index: int = 0):
    """A made-up answer of the field's type, so the preview shows labels, dates and money as the letter will."""
    kind = field.get("type")
    if kind == "choice":
        options = field.get("options") or [{"value": "-"}]
        value = options[min(index, len(options) - 1)]["value"]
        return [value] if field.get("multiple") else value
    if kind == "date":
        return "1990-08-17"
    if kind == "address":
        return {"region": "32.73", "street": "Jl. Cihampelas No. 10", "postal_code": "40131"}
    if kind == "number":
        return 2385000 if fields_fmt.is_money(field) else 2
    if kind in fields_fmt.MONEY_TYPES:
        return 2385000
    if kind == "group":
        return [{sub["key"]: _sample_value(sub, row) for sub in field.get("fields", [])} for row in range(2)]
    if kind == "file":
        return ""
    raw = field.get("label")
    if "JJ:MM" in str(raw.get("id", "") if isinstance(raw, dict) else raw or ""):
        ends = any(word in field.get("key", "") for word in ("selesai", "sampai", "akhir"))
        return f"{8 + 3 * index + (3 if ends else 0):02d}:00"
    return f"<{fields_fmt.label_of(field)}>"


def sample_for(standard) -> dict:
    """The template variables with sample answers made from the standard's own form (for the preview)."""
    try:
        fields = list(standard.form.fields)
    except (ObjectDoesNotExist, AttributeError):
        fields = []
    if not fields:
        return SAMPLE
    answers = {field["key"]: _sample_value(field) for field in fields if field.get("type") not in PRIVATE_TYPES}
    answers = {key: value for key, value in answers.items() if value not in ("", None)}
    shown = fields_fmt.formatted(fields, answers, fields_fmt.region_names(fields, answers))
    agency = standard.service.agency
    return {
        **SAMPLE,
        "pemohon": {**SAMPLE["pemohon"], "alamat": applicant_address(fields, answers, shown, None) or "-"},
        "permohonan": {
            **SAMPLE["permohonan"],
            "data": shown,
            "kode": answers,
            "isian": _labelled_answers(fields, answers, shown),
        },
        "layanan": {"nama": standard.service.name_id, "produk": standard.product},
        "instansi": {"nama": agency.name, "singkatan": agency.short_name},
        "wilayah": {"nama": agency.region.name, "zona": agency.region.time_zone},
    }


def government_line(region) -> str:
    level = {"province": "PROVINSI", "kabupaten": "", "kota": ""}.get(region.level, "")
    name = region.name.upper()
    return f"PEMERINTAH {level + ' ' if level and not name.startswith(level) else ''}{name}"


def letterhead_for(agency) -> tuple[list[str], str]:
    """Kop surat lines and the place name for an agency (the region's letterhead, or one derived from it)."""
    from loket.documents.models import Letterhead

    region = agency.region
    head = Letterhead.objects.filter(region=region).first()
    lines = [head.government_line if head else government_line(region), agency.name]
    contact = ", ".join(
        x for x in [agency.address, f"Telp. {agency.phone}" if agency.phone else "", agency.email, agency.website] if x
    )
    if head and head.address_lines.strip():
        lines.extend(line.strip() for line in head.address_lines.splitlines() if line.strip())
    if contact:
        lines.append(contact)
    place = (
        head.place
        if head and head.place
        else region.name.replace("Kabupaten ", "").replace("Kota ", "").replace("Provinsi ", "")
    )
    return lines, place


def public_url(path: str) -> str:
    base = (getattr(settings, "LOKET_PUBLIC_URL", "") or "http://localhost:8000").rstrip("/")
    return base + path


def verify_url(code: str) -> str:
    return public_url(reverse("documents:verify", args=[code]))


def body_diff(before: str, after: str, *, limit: int = 40) -> list[str]:
    """The changed lines of a template body, '- ' removed and '+ ' added (what an approver and the public read)."""
    import difflib

    lines = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    lines = [f"{line[0]} {line[1:]}" for line in lines]
    if len(lines) > limit:
        lines = lines[:limit] + [tr(f"… dan {len(lines) - limit} baris lagi", f"… and {len(lines) - limit} more lines")]
    return lines
