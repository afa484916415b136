"""hr.rules.official_refusal: the one rule of who acts as the official a record names (a KGB notice, a promotion,
PAK, pension or transfer decree, a transfer's approval): the official or their stand-in today, while the official
still holds the post the record named them for (PP 11/2017 art. 313; UU 30/2014 art. 14), never the subject."""

import pytest

from loket.hr import rules

OFFICIAL, OFFICIAL_USER = 1, 11
PLH, PLH_USER = 2, 22
SUBJECT = 9


@pytest.mark.parametrize(
    ("me", "subject", "official", "official_user", "acting", "holds", "expected"),
    [
        (OFFICIAL, SUBJECT, OFFICIAL, OFFICIAL_USER, {OFFICIAL_USER}, True, None),  # the official in post
        (PLH, SUBJECT, OFFICIAL, OFFICIAL_USER, {PLH_USER, OFFICIAL_USER}, True, None),  # their plh today
        (PLH, SUBJECT, OFFICIAL, OFFICIAL_USER, {PLH_USER}, True, rules.NOT_THE_OFFICIAL),  # not standing in today
        (PLH, SUBJECT, OFFICIAL, None, {PLH_USER}, True, rules.NOT_THE_OFFICIAL),  # an official without an account
        (OFFICIAL, SUBJECT, None, None, {OFFICIAL_USER}, True, rules.NO_OFFICIAL),  # nobody named (left, none yet)
        (OFFICIAL, OFFICIAL, OFFICIAL, OFFICIAL_USER, {OFFICIAL_USER}, True, rules.OWN_RECORD),  # own decree
        # transferred away or retired: neither they nor their former plh act for the post any more
        (OFFICIAL, SUBJECT, OFFICIAL, OFFICIAL_USER, {OFFICIAL_USER}, False, rules.LEFT_THE_POST),
        (PLH, SUBJECT, OFFICIAL, OFFICIAL_USER, {PLH_USER, OFFICIAL_USER}, False, rules.LEFT_THE_POST),
        # the stronger reasons first: one's own record, then not being the official at all
        (SUBJECT, SUBJECT, OFFICIAL, OFFICIAL_USER, set(), False, rules.OWN_RECORD),
        (PLH, SUBJECT, OFFICIAL, OFFICIAL_USER, {PLH_USER}, False, rules.NOT_THE_OFFICIAL),
    ],
)
def test_who_acts_as_the_official(me, subject, official, official_user, acting, holds, expected):
    asked = []

    def holds_post():
        asked.append(True)
        return holds

    assert (
        rules.official_refusal(
            me_id=me,
            subject_id=subject,
            official_id=official,
            official_user_id=official_user,
            acting_user_ids=frozenset(acting),
            official_holds_post=holds_post,
        )
        == expected
    )
    assert bool(asked) == (expected in (None, rules.LEFT_THE_POST))  # the query is paid only when it decides


def test_every_refusal_has_both_languages():
    assert set(rules.OFFICIAL_MESSAGES) == {
        rules.NO_OFFICIAL,
        rules.OWN_RECORD,
        rules.NOT_THE_OFFICIAL,
        rules.LEFT_THE_POST,
    }
    assert all(indonesian and english for indonesian, english in rules.OFFICIAL_MESSAGES.values())
