"""Choice labels in the reader's language (ADR 0002): Indonesian from the model's choices, English from EN_CHOICES."""

import pytest
from django.template import Context, Template
from django.utils import translation

from loket.core.i18n import choice_label, choices, value_label
from loket.documents.models import Document


@pytest.mark.parametrize(("language", "label"), [("id", "Dicetak di loket"), ("en", "Printed at the counter")])
def test_a_choice_prints_in_the_active_language(language, label):
    document = Document(delivery="printed", status="valid")
    with translation.override(language):
        assert choice_label(document, "delivery") == label
        assert value_label(Document, "delivery", "printed") == label
        assert Template('{{ doc|choice:"delivery" }}').render(Context({"doc": document})) == label
        assert ("printed", label) in choices(Document, "delivery")


def test_an_unknown_value_prints_as_itself_and_every_field_of_en_choices_is_used():
    with translation.override("en"):
        assert value_label(Document, "delivery", "tak-dikenal") == "tak-dikenal"  # unknown: the value itself
        assert choice_label(Document(kind="izin"), "kind") == "Permit"
