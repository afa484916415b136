"""The task page shows answers as people write them (issue 15): option labels, and dates as "17 Agustus 1990"
instead of the stored ISO text."""

from django.utils import translation

from loket.workflow.queries import answer_rows

FIELDS = [
    {"key": "birth_date", "type": "date", "label": {"id": "Tanggal lahir", "en": "Date of birth"}},
    {
        "key": "kind",
        "type": "choice",
        "label": {"id": "Jenis dokter", "en": "Kind of doctor"},
        "options": [{"value": "umum", "label": {"id": "Dokter umum", "en": "General practitioner"}}],
    },
]


def _values(lang: str) -> dict[str, str]:
    with translation.override(lang):
        return {
            row["key"]: row["value"] for row in answer_rows(FIELDS, {"birth_date": "1990-08-17", "kind": "umum"}, {})
        }


def test_dates_and_options_read_as_words():
    assert _values("id") == {"birth_date": "17 Agustus 1990", "kind": "Dokter umum"}
    assert _values("en") == {"birth_date": "17 August 1990", "kind": "General practitioner"}


def test_a_date_that_is_not_one_is_shown_as_typed():
    rows = answer_rows(FIELDS[:1], {"birth_date": "17/08/1990"}, {})
    assert rows[0]["value"] == "17/08/1990"
