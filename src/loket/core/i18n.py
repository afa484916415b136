"""Bilingual text kept side by side: Indonesian first, English second.

See docs/adr/0002-bilingual-text.md: every user-facing string is written once in both languages at
the place it is used, so no Indonesian text can silently fall back to English and no compile step is
needed on a fresh machine.
"""

from django.utils.functional import lazy
from django.utils.translation import get_language


def is_english() -> bool:
    return (get_language() or "id").startswith("en")


def tr(indonesian: str, english: str) -> str:
    """Return the text in the active language."""
    return english if is_english() else indonesian


tr_lazy = lazy(tr, str)


def pick(obj, field: str) -> str:
    """Pick `field_en` or `field_id` of a model instance, falling back to Indonesian."""
    if is_english():
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    return getattr(obj, f"{field}_id", "")


def choice_label(obj, field: str) -> str:
    """The label of a choice field's value in the active language. A model's choices carry their Indonesian labels
    (Django's `get_<field>_display`); the English ones sit beside them in `EN_CHOICES = {field: {value: label}}`."""
    return value_label(type(obj), field, getattr(obj, field))


def value_label(model, field: str, value) -> str:
    """`choice_label` for a value read without its model instance (e.g. with `.values()`)."""
    if is_english():
        english = getattr(model, "EN_CHOICES", {}).get(field, {}).get(value)
        if english:
            return english
    return str(dict(model._meta.get_field(field).flatchoices).get(value, value))


def choices(model, field: str) -> list[tuple[str, str]]:
    """A model field's (value, label) choices in the active language (filters and select boxes)."""
    english = getattr(model, "EN_CHOICES", {}).get(field, {}) if is_english() else {}
    return [(value, english.get(value) or label) for value, label in model._meta.get_field(field).choices]
