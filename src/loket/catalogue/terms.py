"""The terms of a standard version that a citizen is bound by and that need a second approver to change.

The catalogue knows the fee and the requirements; the layers above register their own terms (documents: the
decision template) with `register`, so the catalogue never imports them. Each term gives a comparable snapshot
of one version and a description of what changed between two snapshots, shown to the approver and to the public.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from loket.catalogue import rules, tariffs
from loket.core import money
from loket.core.i18n import is_english, tr


@dataclass(frozen=True)
class Term:
    name: str
    label_id: str
    label_en: str
    snapshot: Callable  # (standard) -> JSON-able value
    describe: Callable  # (before, after) -> list[str], in the active language

    @property
    def label(self) -> str:
        return tr(self.label_id, self.label_en)


_TERMS: dict[str, Term] = {}


def register(term: Term) -> None:
    _TERMS[term.name] = term


def snapshots(standard) -> dict:
    return {name: term.snapshot(standard) for name, term in _TERMS.items()}


def digest(snapshot: dict) -> str:
    """A fingerprint of a version's terms: an approval holds only for the terms that were put to the approver."""
    encoded = json.dumps(snapshot, sort_keys=True, default=str, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def changes(previous, standard) -> list[dict]:
    """What changed in the sensitive terms from `previous` (None for a first version) to `standard`."""
    if previous is None:
        return []
    before, after = snapshots(previous), snapshots(standard)
    return [
        {"name": name, "label": _TERMS[name].label, "lines": _TERMS[name].describe(before[name], after[name])}
        for name in rules.changed_terms(before, after)
    ]


def _rupiah(amount) -> str:
    if amount is None:
        return tr("belum ditetapkan", "not set")
    if int(amount) == 0:
        return tr("Gratis (Rp0)", "Free (Rp0)")
    return money.rupiah(amount)


def _tariff_text(data) -> str:
    if not data:
        return tr("tidak ada", "none")
    try:
        return "; ".join(tariffs.describe(tariffs.parse_tariff(data), english=is_english()))
    except tariffs.TariffError:
        return tr("tarif tidak valid", "invalid tariff")


def _describe_fee(before: dict, after: dict) -> list[str]:
    lines = []
    if before["amount"] != after["amount"]:
        lines.append(tr("Biaya", "Fee") + f": {_rupiah(before['amount'])} → {_rupiah(after['amount'])}")
    if before.get("tariff") != after.get("tariff"):
        lines.append(
            tr("Tarif", "Tariff") + f": {_tariff_text(before.get('tariff'))} → {_tariff_text(after.get('tariff'))}"
        )
    if before["legal_basis"] != after["legal_basis"]:
        lines.append(
            tr("Dasar hukum biaya", "Legal basis of the fee")
            + f": «{before['legal_basis'] or '-'}» → «{after['legal_basis'] or '-'}»"
        )
    return lines


def _describe_requirements(before: list, after: list) -> list[str]:
    found = rules.requirement_changes(before, after)
    lines = [tr("Ditambahkan", "Added") + f": {name}" for name in found["added"]]
    lines += [tr("Dihapus", "Removed") + f": {name}" for name in found["removed"]]
    lines += [tr("Diubah", "Changed") + f": {name}" for name in found["changed"]]
    return lines or [tr("Urutan persyaratan diubah", "The order of the requirements changed")]


register(
    Term(
        "fee",
        "Biaya/tarif",
        "Fee",
        lambda standard: rules.term_snapshot(standard.content())["fee"],
        _describe_fee,
    )
)
register(
    Term(
        "requirements",
        "Persyaratan",
        "Requirements",
        lambda standard: rules.term_snapshot(standard.content())["requirements"],
        _describe_requirements,
    )
)
