"""Money as Indonesian paper writes it: whole rupiah, dots between thousands, no space ("Rp2.385.000")."""


def rupiah(amount) -> str:
    """150000 -> "Rp150.000"; negative amounts keep their sign before "Rp" ("-Rp5.000")."""
    value = int(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{abs(value):,}".replace(",", ".")
