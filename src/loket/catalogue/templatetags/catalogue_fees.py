"""The fee as every public page states it, from the same data the assessment charges (catalogue.tariffs)."""

from django import template

from loket.catalogue import tariffs
from loket.core import money
from loket.core.i18n import is_english, tr

register = template.Library()


@register.simple_tag
def fee_text(amount, tariff=None) -> str:
    """One line: "Gratis", "Rp150.000", or the tariff's items ("Sewa titik reklame: Rp25.000 per m²; …")."""
    if tariff:
        try:
            return "; ".join(tariffs.describe(tariffs.parse_tariff(tariff), english=is_english()))
        except tariffs.TariffError:
            return tr(
                "Tarif sedang diperbaiki; hubungi perangkat daerah.", "The tariff is being corrected; ask the agency."
            )
    if amount is None:
        return tr("Belum ditetapkan", "Not set")
    return tr("Gratis", "Free") if int(amount) == 0 else money.rupiah(amount)


@register.filter
def is_free(amount) -> bool:
    return amount is not None and int(amount) == 0
