"""Pure rules of the organisation register (no Django): officials' declarations of their relatives.

Conflict of interest (issue 13): UU 30/2014 (Administrasi Pemerintahan) art. 42-43 bars an official with a
conflict of interest from taking a decision, and art. 43(1)(b) names a relation with relatives and family
("hubungan dengan kerabat dan keluarga") among its causes; UU 25/2009 art. 34 asks officers to act without conflict of interest. Loket cannot know an official's
family; the official declares it, by NIK, and the engine refuses them the cases of those NIKs
(workflow.rules.separation_refusal, RELATIVE).
"""

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
