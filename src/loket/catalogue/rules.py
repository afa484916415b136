"""Pure rules of the service standard (no Django imports).

UU 25/2009 art. 21 and PermenPANRB 15/2014 (lampiran I) list fourteen components of a service
standard: six on service delivery and eight on management. A standard is *complete* when all
fourteen are filled in; it may be *published* once the delivery components citizens rely on are
valid (time limit > 0, fee >= 0, at least one requirement, a named product, a procedure).
"""

from dataclasses import dataclass

from loket.catalogue import tariffs

# (key, Indonesian label, English label, group) in the order of PermenPANRB 15/2014.
COMPONENTS: tuple[tuple[str, str, str, str], ...] = (
    ("requirements", "Persyaratan", "Requirements", "delivery"),
    ("procedure", "Sistem, mekanisme, dan prosedur", "System, mechanism and procedure", "delivery"),
    ("time_limit_days", "Jangka waktu penyelesaian", "Time limit", "delivery"),
    ("fee", "Biaya/tarif", "Fee", "delivery"),
    ("product", "Produk pelayanan", "Service product", "delivery"),
    ("complaints", "Penanganan pengaduan, saran, dan masukan", "Complaints, suggestions and input", "delivery"),
    ("legal_basis", "Dasar hukum", "Legal basis", "management"),
    ("facilities", "Sarana, prasarana, dan/atau fasilitas", "Facilities and infrastructure", "management"),
    ("competence", "Kompetensi pelaksana", "Officer competence", "management"),
    ("supervision", "Pengawasan internal", "Internal supervision", "management"),
    ("staffing", "Jumlah pelaksana", "Number of officers", "management"),
    ("guarantee", "Jaminan pelayanan", "Service guarantee", "management"),
    ("security", "Jaminan keamanan dan keselamatan pelayanan", "Security and safety guarantee", "management"),
    ("evaluation", "Evaluasi kinerja pelaksana", "Officer performance evaluation", "management"),
)
COMPONENT_KEYS = tuple(key for key, *_ in COMPONENTS)
REQUIREMENT_KINDS = ("document", "datum")
FILE_TYPES = ("pdf", "jpg", "png")
MAX_TIME_LIMIT_DAYS = 365


def _filled(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return len(value) > 0
    return True


def is_present(content: dict, key: str) -> bool:
    """Whether one component is filled in. The fee is present when an amount is set (0 is a valid fee)."""
    if key == "fee":
        return content.get("fee_amount") is not None or bool(content.get("fee_tariff"))
    if key == "time_limit_days":
        value = content.get("time_limit_days")
        return isinstance(value, int) and value > 0
    return _filled(content.get(key))


@dataclass(frozen=True)
class Compliance:
    present: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(COMPONENT_KEYS)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def percent(self) -> int:
        """Share of components present, rounded down to a whole percent."""
        return len(self.present) * 100 // self.total

    def as_dict(self) -> dict:
        return {
            "present": list(self.present),
            "missing": list(self.missing),
            "total": self.total,
            "complete": self.complete,
            "percent": self.percent,
        }


def compliance(content: dict) -> Compliance:
    present = tuple(k for k in COMPONENT_KEYS if is_present(content, k))
    return Compliance(present=present, missing=tuple(k for k in COMPONENT_KEYS if k not in present))


def validate_requirement(item: dict) -> list[str]:
    errors = []
    if not str(item.get("name", "")).strip():
        errors.append("Nama persyaratan wajib diisi.")
    if item.get("kind") not in REQUIREMENT_KINDS:
        errors.append("Jenis persyaratan harus 'dokumen' atau 'data'.")
    file_types = item.get("file_types") or []
    unknown = [t for t in file_types if t not in FILE_TYPES]
    if unknown:
        errors.append(f"Jenis berkas tidak dikenal: {', '.join(unknown)}. Pilih dari: {', '.join(FILE_TYPES)}.")
    if item.get("kind") == "document" and not file_types:
        errors.append("Persyaratan dokumen harus menyebutkan jenis berkas yang diterima.")
    return errors


def publish_errors(content: dict) -> dict[str, list[str]]:
    """Field -> Indonesian messages that block publishing. Empty dict: publishable."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    time_limit = content.get("time_limit_days")
    if not isinstance(time_limit, int) or time_limit <= 0:
        add("time_limit_days", "Jangka waktu penyelesaian harus lebih dari 0 hari kerja.")
    elif time_limit > MAX_TIME_LIMIT_DAYS:
        add("time_limit_days", f"Jangka waktu penyelesaian paling lama {MAX_TIME_LIMIT_DAYS} hari kerja.")
    fee = content.get("fee_amount")
    tariff = content.get("fee_tariff")
    if tariff:
        # A levy by unit or formula (catalogue.tariffs): checked whole, so a published tariff always charges.
        try:
            parsed = tariffs.parse_tariff(tariff)
        except tariffs.TariffError as error:
            add("fee_tariff", error.message)
        else:
            if fee is not None:
                add("fee_amount", "Isi biaya tetap atau tarif, tidak keduanya.")
            if not parsed.free and not str(content.get("fee_legal_basis", "")).strip():
                add("fee_legal_basis", "Tarif retribusi wajib menyebutkan dasar hukumnya (peraturan daerah).")
    elif fee is None:
        add("fee_amount", "Biaya wajib diisi; tulis 0 bila layanan gratis.")
    elif not isinstance(fee, int) or fee < 0:
        add("fee_amount", "Biaya harus bilangan bulat rupiah, tidak boleh negatif.")
    elif fee > 0 and not str(content.get("fee_legal_basis", "")).strip():
        add("fee_legal_basis", "Biaya lebih dari Rp0 wajib menyebutkan dasar hukumnya (peraturan daerah).")
    requirements = content.get("requirements") or []
    if not requirements:
        add("requirements", "Minimal satu persyaratan harus dicantumkan.")
    for index, item in enumerate(requirements, start=1):
        for message in validate_requirement(item):
            add("requirements", f"Persyaratan {index}: {message}")
    if not str(content.get("product", "")).strip():
        add("product", "Produk layanan wajib disebutkan.")
    if not content.get("procedure"):
        add("procedure", "Prosedur layanan wajib memuat minimal satu langkah.")
    return errors


# Components a kabupaten/kota may set itself when it adopts a province model service: the fee under
# its own regional regulation (perda retribusi), its contact and handling unit, facilities and staffing.
LOCAL_FIELDS = ("fee_amount", "fee_tariff", "fee_legal_basis", "contact", "facilities", "staffing")
CONTENT_FIELDS = (
    "summary",
    "requirements",
    "procedure",
    "time_limit_days",
    "fee_amount",
    "fee_tariff",
    "fee_legal_basis",
    "product",
    "complaints",
    "legal_basis",
    "facilities",
    "competence",
    "supervision",
    "staffing",
    "guarantee",
    "security",
    "evaluation",
    "contact",
)
SHARED_FIELDS = tuple(f for f in CONTENT_FIELDS if f not in LOCAL_FIELDS)


def template_changes(base: dict, template: dict, mine: dict) -> list[dict]:
    """Fields the template changed since `base` (the version adopted or last merged).

    Each entry says what the template had, what it has now, what the adopter has, and whether
    merging would overwrite a local edit (the adopter changed the same field too).
    """
    changes = []
    for field in SHARED_FIELDS:
        before, after = base.get(field), template.get(field)
        if before == after:
            continue
        changes.append(
            {
                "field": field,
                "template_before": before,
                "template_after": after,
                "mine": mine.get(field),
                "conflict": mine.get(field) not in (before, after),
            }
        )
    return changes


def merge_template(template: dict, mine: dict) -> dict:
    """The adopter's content with every shared field taken from the template; local fields kept."""
    merged = dict(mine)
    for field in SHARED_FIELDS:
        merged[field] = template.get(field)
    return merged


# ---------------------------------------------------------------- terms that need a second approver

# What a citizen pays and must bring is where an illegal demand hides (UU 25/2009 art. 21 c, d, f; Perpres
# 87/2016 on Saber Pungli): a published change to any of these needs a second official (four eyes). Other layers
# add their own terms (the decision template) through `catalogue.terms.register`.


def term_snapshot(content: dict) -> dict:
    """The catalogue's own sensitive terms of one version, comparable across versions."""
    return {
        "fee": {
            "amount": content.get("fee_amount"),
            "tariff": content.get("fee_tariff") or None,
            "legal_basis": (content.get("fee_legal_basis") or "").strip(),
        },
        "requirements": list(content.get("requirements") or []),
    }


def requirement_changes(before: list[dict], after: list[dict]) -> dict[str, list[str]]:
    """Requirements added, removed and changed between two versions, by name (pure)."""
    old = {str(item.get("name", "")).strip(): item for item in before}
    new = {str(item.get("name", "")).strip(): item for item in after}
    return {
        "added": [name for name in new if name not in old],
        "removed": [name for name in old if name not in new],
        "changed": [name for name in new if name in old and old[name] != new[name]],
    }


def changed_terms(before: dict | None, after: dict) -> list[str]:
    """Names of the sensitive terms whose snapshot differs. A first version (no `before`) changes nothing: it
    is the first publication of the whole standard, which the public sees in full."""
    if before is None:
        return []
    return [name for name in after if before.get(name) != after.get(name)]
