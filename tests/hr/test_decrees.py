"""hr.decrees: one rule for who may sign an HR decree (the KGB notice and its deferral, the promotion decree, the PAK):
the record's authorized official, or whoever stands in for them today (org.permissions.acting_persons), and never the
decree's own subject (ADR 13: nobody decides their own case)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from loket.core.errors import LoketError
from loket.hr import decrees
from loket.hr.decrees import may_sign_as_official, signer_title

OFFICIAL = SimpleNamespace(pk=1, user_id=11, position_name="Kepala Dinas")
STAND_IN = SimpleNamespace(pk=2, user_id=22, position_name="Sekretaris Dinas")
OTHER = SimpleNamespace(pk=3, user_id=33, position_name="Kepala Bidang")


def record(official, employee_id=9):
    return SimpleNamespace(official=official, employee_id=employee_id)


@pytest.mark.parametrize(
    ("decree", "me", "persons", "may"),
    [
        (record(OFFICIAL), OFFICIAL, frozenset(), True),  # the official themself
        (record(OFFICIAL), STAND_IN, frozenset({11}), True),  # the official's plh today
        (record(OFFICIAL), STAND_IN, frozenset(), False),  # not standing in today
        (record(OFFICIAL), OTHER, frozenset({44}), False),  # standing in for someone else
        (record(None), OFFICIAL, frozenset(), False),  # no official set: nobody signs until BKD sets one
        (record(OFFICIAL, employee_id=1), OFFICIAL, frozenset(), False),  # the official's own decree
        (record(OFFICIAL, employee_id=2), STAND_IN, frozenset({11}), False),  # the plh's own decree
    ],
)
def test_who_may_sign(decree, me, persons, may, monkeypatch):
    monkeypatch.setattr(decrees.queries, "holds_post", lambda official_id, agency_id: True)  # in post
    assert may_sign_as_official(decree, me, persons, post_agency_id=5) is may


def test_signer_title_names_the_plh():
    assert signer_title(OFFICIAL, OFFICIAL) == "Kepala Dinas"
    assert signer_title(STAND_IN, OFFICIAL) == "Plh. Kepala Dinas"
    assert signer_title(STAND_IN, None) == "Sekretaris Dinas"


@pytest.mark.parametrize(
    ("number", "day", "field"),
    [
        ("", dt.date(2026, 12, 1), "number"),
        ("   ", dt.date(2026, 12, 1), "number"),
        ("PT-1/2026", None, "day"),
        ("PT-1/2026", dt.date(2026, 12, 8), "day"),  # tomorrow: an approval is not dated ahead
    ],
)
def test_bkn_approval_needs_a_number_and_a_date_not_in_the_future(number, day, field):
    with pytest.raises(LoketError) as refused:
        decrees.bkn_approval(number, day, dt.date(2026, 12, 7))
    assert refused.value.field == field


def test_bkn_approval_keeps_the_number_trimmed_and_the_day():
    assert decrees.bkn_approval(" PT-1/2026 ", dt.date(2026, 12, 7), dt.date(2026, 12, 7)) == (
        "PT-1/2026",
        dt.date(2026, 12, 7),
    )


@pytest.mark.parametrize(
    ("note", "expected", "refusal"),
    [
        ("  Data tanggal lahir keliru di SIASN ", "Data tanggal lahir keliru di SIASN", None),
        ("x" * 400, "x" * 300, None),  # cut to what the record and the case keep
        ("", None, "Tuliskan alasan pembatalan"),
        ("   ", None, "Tuliskan alasan pembatalan"),
        ("Setor biaya Rp 500.000 dahulu", None, "tidak boleh meminta pembayaran"),
        ("Silakan transfer uang jasa", None, "tidak boleh meminta pembayaran"),
    ],
)
def test_a_cancellation_reason_is_given_and_never_asks_for_money(note, expected, refusal):
    """BKD's reason to stop a promotion, PAK, pension or transfer file: one check for every kind."""
    if refusal is None:
        assert decrees.cancellation_note(note) == expected
    else:
        with pytest.raises(LoketError, match=refusal) as refused:
            decrees.cancellation_note(note)
        assert refused.value.field == "note"
