"""The levy a service charges (retribusi daerah), as data of its published standard. Pure, no Django.

UU 1/2022 (HKPD) art. 87 and PP 35/2023 art. 67: a levy is charged at the tariff set by regional regulation
(perda) for the service received; the assessment (SKRD) states the amount due. UU 25/2009 art. 21 (h) makes the
fee part of the published standard. So the same data both *describes* the fee on the public page and *computes*
the assessment: "fee shown = fee charged" holds by construction, and `describe` never reads anything `charge`
does not.

A tariff is a list of items, summed:
- ``{"kind": "flat", "label": "...", "amount": 150000}``
- ``{"kind": "per_unit", "label": "...", "rate": 5000, "unit": "m²", "input": "luas", "minimum": 0, "maximum": null}``
- ``{"kind": "formula", "label": "...", "expression": "luas * shst * indeks", "inputs": {"luas": "m²"},
  "constants": {"shst": 3500000, "indeks": "0.0125"}}`` — arithmetic (+ − × ÷, parentheses, min, max) over
  the application's numeric answers and named constants; the building-approval levy (PBG, PP 16/2021) is the
  typical user.
Amounts are computed in exact decimals and rounded half up to whole rupiah per item, then (optionally) up to
``round_to`` for the total (e.g. 100, if the perda says so).

API: `parse_tariff(data)` -> `Tariff` (raises `TariffError` with an Indonesian message),
`charge(tariff, answers)` -> `Charge` (lines and total), `describe(tariff, english=False)` -> list of lines.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, Inexact, InvalidOperation, localcontext

from loket.core.errors import LoketError
from loket.core.money import rupiah

KINDS = ("flat", "per_unit", "formula")
MAX_ITEMS = 20
MAX_EXPRESSION = 300
_FUNCTIONS = {"min": min, "max": max}


class TariffError(LoketError):
    """A tariff that cannot be published, or answers it cannot be charged on."""


def _decimal(value, what: str) -> Decimal:
    if isinstance(value, bool):
        raise TariffError(f"{what} harus berupa angka.")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise TariffError(f"{what} harus berupa angka, bukan {value!r}.") from None
    if not number.is_finite():
        raise TariffError(f"{what} harus berupa angka terhingga.")
    return number


def _amount(value, what: str) -> Decimal:
    """A money amount of the tariff itself: whole rupiah, never negative (what is shown is what is charged)."""
    number = _decimal(value, what)
    if number < 0:
        raise TariffError(f"{what} tidak boleh negatif.")
    if number != number.to_integral_value():
        raise TariffError(f"{what} harus rupiah bulat.")
    return number


def _name(value, what: str) -> str:
    if not isinstance(value, str) or not value.isidentifier() or value in _FUNCTIONS:
        raise TariffError(f"{what} harus berupa nama isian (huruf, angka, garis bawah), bukan {value!r}.")
    return value


@dataclass(frozen=True)
class Item:
    kind: str
    label: str
    label_en: str = ""
    amount: Decimal = Decimal(0)  # flat
    rate: Decimal = Decimal(0)  # per_unit
    unit: str = ""
    input: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    expression: str = ""  # formula
    inputs: tuple[tuple[str, str], ...] = ()  # (answer name, unit)
    constants: tuple[tuple[str, Decimal], ...] = ()

    @property
    def input_names(self) -> tuple[str, ...]:
        if self.kind == "per_unit":
            return (self.input,)
        return tuple(name for name, _ in self.inputs)


@dataclass(frozen=True)
class Tariff:
    items: tuple[Item, ...]
    round_to: int = 1
    legal_basis: str = ""

    @property
    def free(self) -> bool:
        return all(item.kind == "flat" and item.amount == 0 for item in self.items)

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for item in self.items for name in item.input_names))


def flat(amount: int, *, legal_basis: str = "", label: str = "Retribusi") -> Tariff:
    """The tariff of a standard that only states one amount (ServiceStandard.fee_amount)."""
    return parse_tariff({"items": [{"kind": "flat", "label": label, "amount": amount}], "legal_basis": legal_basis})


def of_standard(standard) -> Tariff | None:
    """A standard version's tariff: its `fee_tariff` when set, else its flat `fee_amount`; None when no fee is
    stated yet (a draft). A published tariff was checked on publication, so this parses without refusal."""
    if standard.fee_tariff:
        return parse_tariff(standard.fee_tariff)
    if standard.fee_amount is None:
        return None
    return flat(int(standard.fee_amount), legal_basis=standard.fee_legal_basis or "")


def _check_expression(expression: str, names: set[str]) -> None:
    if not isinstance(expression, str) or not expression.strip() or len(expression) > MAX_EXPRESSION:
        raise TariffError(f"Rumus tarif harus diisi, paling panjang {MAX_EXPRESSION} karakter.")
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        raise TariffError(f"Rumus tarif tidak dapat dibaca: {expression!r}.") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in names and node.id not in _FUNCTIONS:
            raise TariffError(f"Rumus tarif memakai nama yang tidak dikenal: {node.id}.")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS):
            raise TariffError("Rumus tarif hanya boleh memakai fungsi min dan max.")
        if isinstance(node, ast.Call) and (node.keywords or len(node.args) < 2):
            raise TariffError("min dan max dalam rumus tarif memerlukan paling sedikit dua nilai.")
        allowed = (
            ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load, ast.Call,
            ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.UAdd,
        )  # fmt: skip
        if not isinstance(node, allowed):
            raise TariffError("Rumus tarif hanya boleh memuat angka, nama isian, + − × ÷, kurung, min dan max.")
        if isinstance(node, ast.Constant) and (isinstance(node.value, bool) or not isinstance(node.value, int | float)):
            raise TariffError("Rumus tarif hanya boleh memuat angka sebagai nilai tetap.")


def _parse_item(data, position: int) -> Item:
    where = f"Butir tarif ke-{position}"
    if not isinstance(data, Mapping):
        raise TariffError(f"{where} harus berupa objek.")
    kind = data.get("kind")
    if kind not in KINDS:
        raise TariffError(f"{where}: jenis harus salah satu dari {', '.join(KINDS)}.")
    label = str(data.get("label") or "").strip()
    if not label:
        raise TariffError(f"{where}: uraian (label) harus diisi.")
    common = {"kind": kind, "label": label, "label_en": str(data.get("label_en") or "").strip()}
    if kind == "flat":
        return Item(**common, amount=_amount(data.get("amount"), f"{where}: jumlah"))
    if kind == "per_unit":
        minimum = data.get("minimum")
        maximum = data.get("maximum")
        item = Item(
            **common,
            rate=_amount(data.get("rate"), f"{where}: tarif per satuan"),
            unit=str(data.get("unit") or "").strip(),
            input=_name(data.get("input"), f"{where}: isian jumlah satuan"),
            minimum=None if minimum is None else _amount(minimum, f"{where}: batas bawah"),
            maximum=None if maximum is None else _amount(maximum, f"{where}: batas atas"),
        )
        if not item.unit:
            raise TariffError(f"{where}: satuan (mis. m², hari, buah) harus diisi.")
        if item.minimum is not None and item.maximum is not None and item.minimum > item.maximum:
            raise TariffError(f"{where}: batas bawah lebih besar dari batas atas.")
        return item
    inputs = data.get("inputs") or {}
    constants = data.get("constants") or {}
    if not isinstance(inputs, Mapping) or not isinstance(constants, Mapping):
        raise TariffError(f"{where}: isian dan nilai tetap rumus harus berupa objek nama → nilai.")
    input_pairs = tuple((_name(name, f"{where}: isian"), str(unit)) for name, unit in inputs.items())
    constant_pairs = tuple(
        (_name(name, f"{where}: nilai tetap"), _decimal(value, f"{where}: nilai tetap {name}"))
        for name, value in constants.items()
    )
    clash = {name for name, _ in input_pairs} & {name for name, _ in constant_pairs}
    if clash:
        raise TariffError(f"{where}: nama dipakai sebagai isian dan nilai tetap sekaligus: {', '.join(sorted(clash))}.")
    expression = data.get("expression")
    _check_expression(expression, {name for name, _ in input_pairs} | {name for name, _ in constant_pairs})
    return Item(**common, expression=expression.strip(), inputs=input_pairs, constants=constant_pairs)


def parse_tariff(data) -> Tariff:
    """A tariff from the standard's stored data, checked completely (a broken tariff is never published)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("items"), list) or not data["items"]:
        raise TariffError("Tarif harus memuat paling sedikit satu butir.")
    if len(data["items"]) > MAX_ITEMS:
        raise TariffError(f"Tarif paling banyak {MAX_ITEMS} butir.")
    round_to = data.get("round_to", 1)
    if isinstance(round_to, bool) or not isinstance(round_to, int) or round_to < 1:
        raise TariffError("Pembulatan tarif harus bilangan bulat rupiah, paling kecil 1.")
    items = tuple(_parse_item(item, position) for position, item in enumerate(data["items"], start=1))
    return Tariff(items=items, round_to=round_to, legal_basis=str(data.get("legal_basis") or "").strip())


@dataclass(frozen=True)
class Line:
    label: str
    amount: int
    detail: str = ""  # "120 m² × Rp5.000"


@dataclass(frozen=True)
class Charge:
    lines: tuple[Line, ...]
    total: int


def _whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _evaluate(node, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, values)
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Call):
        return _FUNCTIONS[node.func.id](*(_evaluate(argument, values) for argument in node.args))
    left, right = _evaluate(node.left, values), _evaluate(node.right, values)
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return left * right
    if right == 0:
        raise TariffError("Rumus tarif membagi dengan nol untuk isian ini; petugas akan menetapkan retribusi.")
    return left / right


def _answer(answers: Mapping, name: str) -> Decimal:
    if answers.get(name) in (None, ""):
        raise TariffError(f"Isian {name} diperlukan untuk menghitung retribusi.", field=name)
    value = _decimal(answers[name], f"Isian {name}")
    if value < 0:
        raise TariffError(f"Isian {name} tidak boleh negatif.", field=name)
    return value


def _charge_item(item: Item, answers: Mapping) -> Line:
    if item.kind == "flat":
        return Line(item.label, _whole(item.amount))
    if item.kind == "per_unit":
        quantity = _answer(answers, item.input)
        amount = quantity * item.rate
        if item.minimum is not None:
            amount = max(amount, item.minimum)
        if item.maximum is not None:
            amount = min(amount, item.maximum)
        return Line(item.label, _whole(amount), f"{_number(quantity)} {item.unit} × {rupiah(_whole(item.rate))}")
    values = {name: _answer(answers, name) for name, _ in item.inputs} | dict(item.constants)
    amount = _evaluate(ast.parse(item.expression, mode="eval"), values)
    if amount < 0:
        raise TariffError("Rumus tarif menghasilkan jumlah negatif untuk isian ini; petugas akan menetapkan retribusi.")
    return Line(item.label, _whole(amount), item.expression)


MAX_AMOUNT = 10**15  # a levy beyond a thousand trillion rupiah is a typing error, never a charge


def charge(tariff: Tariff, answers: Mapping) -> Charge:
    """The assessment's lines and total for an application's answers (exact decimals, half up per line)."""
    # Exact arithmetic in a bounded context of its own: a huge answer or constant is refused, never a crash.
    with localcontext() as context:
        context.prec = 60
        context.Emax, context.Emin = 60, -60
        context.traps[Inexact] = False
        try:
            lines = tuple(_charge_item(item, answers) for item in tariff.items)
        except ArithmeticError:
            raise TariffError("Isian terlalu besar untuk menghitung retribusi; periksa kembali angkanya.") from None
    if any(line.amount > MAX_AMOUNT for line in lines) or sum(line.amount for line in lines) > MAX_AMOUNT:
        raise TariffError("Retribusi yang dihitung tidak wajar (terlalu besar); periksa kembali isian permohonan.")
    total = sum(line.amount for line in lines)
    if tariff.round_to > 1:
        total = int((Decimal(total) / tariff.round_to).to_integral_value(rounding=ROUND_CEILING)) * tariff.round_to
    return Charge(lines=lines, total=total)


def _number(value: Decimal) -> str:
    """Indonesian number writing: 1.250,5 (dots between thousands, comma for decimals)."""
    normalized = value.normalize()
    whole, _, fraction = f"{abs(normalized):f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".") + (f",{fraction}" if fraction else "")
    return f"-{text}" if normalized < 0 else text


def describe(tariff: Tariff, *, english: bool = False) -> list[str]:
    """The fee as the public standard page states it, one line per item, from the same data `charge` uses."""
    lines = []
    for item in tariff.items:
        label = (item.label_en or item.label) if english else item.label
        if item.kind == "flat":
            free = "free" if english else "gratis"
            lines.append(f"{label}: {free if item.amount == 0 else rupiah(_whole(item.amount))}")
            continue
        if item.kind == "per_unit":
            text = f"{label}: {rupiah(_whole(item.rate))} per {item.unit}"
            bounds = []
            if item.minimum is not None:
                bounds.append(f"{'minimum' if english else 'paling sedikit'} {rupiah(_whole(item.minimum))}")
            if item.maximum is not None:
                bounds.append(f"{'maximum' if english else 'paling banyak'} {rupiah(_whole(item.maximum))}")
            lines.append(text + (f" ({', '.join(bounds)})" if bounds else ""))
            continue
        constants = ", ".join(f"{name} = {_number(value)}" for name, value in item.constants)
        where = ("where " if english else "dengan ") + constants if constants else ""
        lines.append(f"{label}: {item.expression}" + (f" ({where})" if where else ""))
    if tariff.round_to > 1:
        rounded = rupiah(tariff.round_to)
        lines.append(f"Total rounded up to {rounded}" if english else f"Jumlah dibulatkan ke atas per {rounded}")
    return lines
