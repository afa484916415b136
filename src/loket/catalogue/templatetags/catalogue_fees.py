"""The fee as every public page states it (catalogue.queries.fee_text: the data the assessment charges)."""

from django import template

from loket.catalogue import queries

register = template.Library()


@register.simple_tag
def fee_text(amount, tariff=None) -> str:
    return queries.fee_text(amount, tariff)
