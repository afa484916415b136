"""Money as Indonesian paper writes it: whole rupiah, dots between thousands, no space ("Rp2.385.000")."""


def rupiah(amount) -> str:
    """150000 -> "Rp150.000"; negative amounts keep their sign before "Rp" ("-Rp5.000")."""
    value = int(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{abs(value):,}".replace(",", ".")


_ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"))


def _below_thousand(value: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(value, 100)
    if hundreds:
        words.append("seratus" if hundreds == 1 else f"{_ONES[hundreds]} ratus")
    if rest < 12:
        if rest:
            words.append(_ONES[rest])
    elif rest < 20:
        words.append(f"{_ONES[rest - 10]} belas")
    else:
        tens, ones = divmod(rest, 10)
        words.append(f"{_ONES[tens]} puluh")
        if ones:
            words.append(_ONES[ones])
    return words


def terbilang(amount) -> str:
    """An amount of whole rupiah in Indonesian words, as a receipt writes it beside the figures (PUEBI: "seribu",
    "seratus", "sebelas"; "miliar", not "milyar"): 110000 -> "seratus sepuluh ribu rupiah"."""
    value = int(amount)
    if value < 0:
        return "minus " + terbilang(-value)
    if value == 0:
        return "nol rupiah"
    if value >= 10**15:
        raise ValueError("Jumlah terlalu besar untuk dieja.")
    words: list[str] = []
    for scale, name in _SCALES:
        count, value = divmod(value, scale)
        if count:
            words += [*_below_thousand(count), name]
    thousands, value = divmod(value, 1000)
    if thousands == 1:
        words.append("seribu")
    elif thousands:
        words += [*_below_thousand(thousands), "ribu"]
    words += _below_thousand(value)
    return " ".join(words) + " rupiah"
