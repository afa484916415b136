"""Pure rules of the organisation register (no Django): officials' declarations of their relatives.

Conflict of interest (issue 13): UU 30/2014 (Administrasi Pemerintahan) art. 42-43 bars an official with a
conflict of interest from taking a decision, and art. 43(1)(b) names a relation with relatives and family
("hubungan dengan kerabat dan keluarga") among its causes; UU 25/2009 art. 34 asks officers to act without conflict of interest. Loket cannot know an official's
family; the official declares it, by NIK, and the engine refuses them the cases of those NIKs
(workflow.rules.separation_refusal, RELATIVE).
"""

import re

from loket.core.identifiers import parse_nik

# The relations an official declares (code, Indonesian, English). Data, not a database choice: a region may add
# more (e.g. kakek/nenek, cucu) here without a migration; "lainnya" takes a short description. UU 30/2014 art.
# 43(1)(b) says "kerabat dan keluarga" without listing degrees: these are the close family by blood and marriage
# of issue 13 (confirm the degree a region's code of ethics applies).
OTHER = "lainnya"
RELATIONS: tuple[tuple[str, str, str], ...] = (
    ("suami_istri", "Suami/istri", "Husband/wife"),
    ("anak", "Anak", "Child"),
    ("orang_tua", "Orang tua", "Parent"),
    ("saudara_kandung", "Saudara kandung", "Sibling"),
    ("mertua", "Mertua", "Parent-in-law"),
    ("menantu", "Menantu", "Son/daughter-in-law"),
    ("ipar", "Ipar", "Brother/sister-in-law"),
    (OTHER, "Lainnya", "Other"),
)
RELATION_CODES = frozenset(code for code, _, _ in RELATIONS)


def relation_label(code: str, note: str = "", *, english: bool = False) -> str:
    """How a declared relation is shown: its label, or the official's own words for "lainnya"."""
    for known, indonesian, en in RELATIONS:
        if known == code:
            label = en if english else indonesian
            return f"{label}: {note}" if code == OTHER and note else label
    return code


def declaration_errors(
    *, nik: str, name: str, relation: str, note: str, own_niks: frozenset[str], live_niks: frozenset[str]
) -> dict[str, tuple[str, str]]:
    """Field -> (Indonesian, English) message for a declaration that cannot be recorded; empty when it can.

    `own_niks`: the official's own NIKs (one does not declare oneself); `live_niks`: relatives already declared and
    not withdrawn (each NIK once)."""
    errors = {}
    try:
        number = parse_nik(nik).number
    except ValueError as exc:
        errors["nik"] = (str(exc), "The NIK is not valid: 16 digits with a real region code and birth date.")
        number = ""
    if number and number in own_niks:
        errors["nik"] = (
            "Ini NIK Anda sendiri; permohonan Anda sendiri memang tidak dapat Anda tangani.",
            "This is your own NIK; you cannot act on your own applications anyway.",
        )
    elif number and number in live_niks:
        errors["nik"] = ("NIK ini sudah Anda nyatakan sebagai keluarga.", "You already declared this NIK.")
    if not name.strip():
        errors["name"] = ("Nama anggota keluarga wajib diisi.", "The relative's name is required.")
    elif len(name.strip()) > 200:
        errors["name"] = ("Nama paling panjang 200 karakter.", "The name is at most 200 characters.")
    if relation not in RELATION_CODES:
        errors["relation"] = ("Pilih hubungan keluarga.", "Choose the family relation.")
    elif relation == OTHER and not note.strip():
        errors["relation_note"] = (
            "Jelaskan hubungan keluarga (mis. paman, sepupu).",
            "Describe the relation (e.g. uncle, cousin).",
        )
    elif len(note.strip()) > 100:
        errors["relation_note"] = (
            "Keterangan hubungan paling panjang 100 karakter.",
            "The description is at most 100 characters.",
        )
    return errors


# --- Visual identity (issue 15) ---------------------------------------------------------------------------------
# WCAG 2.1 success criterion 1.4.3 (Contrast, Minimum, level AA): text at least 4.5:1 against its background. The
# header and buttons write white text on an identity's primary and dark colours, so both must reach 4.5:1 with
# white; the accent (focus ring, the header's edge) is a non-text colour: 3:1 against white (SC 1.4.11).
TEXT_CONTRAST = 4.5
NON_TEXT_CONTRAST = 3.0
HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
EVENT_ATTRIBUTE = re.compile(rb"\son[a-z]+\s*=")  # onload=, onclick=, ...


def parse_colour(value: str) -> tuple[int, int, int] | None:
    """#rrggbb → (r, g, b); anything else → None."""
    if len(value) != 7 or value[0] != "#" or not set(value[1:]) <= HEX_DIGITS:
        return None
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """WCAG 2.1 contrast ratio (L1 + 0.05) / (L2 + 0.05), the lighter first."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


WHITE = (255, 255, 255)


def colour_refusal(value: str, *, minimum: float) -> str | None:
    """Why a colour cannot be used against white (Indonesian), or None."""
    rgb = parse_colour(value)
    if rgb is None:
        return "Tulis warna sebagai #rrggbb, misalnya #0b5394."
    ratio = contrast_ratio(rgb, WHITE)
    if ratio < minimum:
        shown = f"{ratio:.2f}".replace(".", ",")
        needed = f"{minimum:g}".replace(".", ",")
        return f"Kontras warna ini dengan putih hanya {shown}:1; paling sedikit {needed}:1 (WCAG 2.1 AA). Pilih warna lebih gelap."
    return None


def logo_kind(data: bytes) -> str | None:
    """The content type of an uploaded crest: PNG by its signature, SVG by its root element; None otherwise.

    An SVG that could run a script (a script element, an event attribute, a javascript: link, an external
    reference) is refused: the crest is served from this site."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    head = data[:2048].lstrip().lower()
    if not head.startswith((b"<svg", b"<?xml")) or b"<svg" not in data[:4096].lower():
        return None
    text = data.lower()
    if b"<script" in text or b"javascript:" in text or b"<foreignobject" in text or b"<!entity" in text:
        return None
    if b'xlink:href="http' in text or b'href="http' in text:
        return None
    if EVENT_ATTRIBUTE.search(text):
        return None
    return "image/svg+xml"
