"""Template helpers available in every template (registered as builtins in settings)."""

from django import template
from django.utils.http import urlencode

from loket.core import money
from loket.core.i18n import choice_label, pick, tr

register = template.Library()


@register.simple_tag
def t(indonesian: str, english: str) -> str:
    """{% t "Cari layanan" "Search services" %}"""
    return tr(indonesian, english)


@register.filter
def local(obj, field: str) -> str:
    """{{ service|local:"name" }} picks name_id or name_en by the active language."""
    return pick(obj, field)


@register.filter
def choice(obj, field: str) -> str:
    """{{ doc|choice:"delivery" }}: the label of a choice field's value in the active language."""
    return choice_label(obj, field)


@register.filter
def rupiah(amount) -> str:
    """Whole rupiah with Indonesian thousands separators: 150000 -> Rp150.000."""
    if amount is None or amount == "":
        return ""
    return money.rupiah(amount)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.simple_tag(takes_context=True)
def page_identity(context):
    """{% page_identity as site_identity %}: the identity of the page's region (`identity_region` in the context, set
    by a page that belongs to a region), else the deployment's (loket.core.identity)."""
    from loket.core import identity

    return identity.for_region(context.get("identity_region"))
