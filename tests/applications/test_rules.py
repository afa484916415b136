"""The pure rules of counter filings (issue 13, finding 5): one-time codes, which proof a filing needs, the
supervisor's review of a signed consent form, and how contacts are shown masked."""

import datetime as dt

import pytest

from loket.applications import rules

NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(minutes=10)
EARLIER = NOW - dt.timedelta(seconds=1)

CODE_CASES = [
    # (given, issued, used, attempts, max, expires_at, matches, expected)
    ("123456", True, False, 0, 5, LATER, True, None),
    ("123456", True, False, 4, 5, LATER, True, None),  # the fifth try may still be right
    ("", True, False, 0, 5, LATER, False, rules.NO_CODE_GIVEN),  # "ok" normalises to no code at all
    ("123456", False, False, 0, 5, None, False, rules.NO_CODE),  # never sent (or sent for another service)
    ("123456", True, True, 0, 5, LATER, True, rules.CODE_USED),  # single use
    ("123456", True, False, 5, 5, LATER, True, rules.TOO_MANY_ATTEMPTS),  # a right guess after the limit fails
    ("123456", True, False, 0, 5, EARLIER, True, rules.CODE_EXPIRED),
    ("123456", True, False, 0, 5, NOW, True, rules.CODE_EXPIRED),  # expiry is exclusive
    ("654321", True, False, 0, 5, LATER, False, rules.WRONG_CODE),
    ("654321", True, True, 9, 5, EARLIER, False, rules.CODE_USED),  # used first, whatever else holds
]


@pytest.mark.parametrize("given, issued, used, attempts, limit, expires_at, matches, expected", CODE_CASES)
def test_code_refusal(given, issued, used, attempts, limit, expires_at, matches, expected):
    assert (
        rules.code_refusal(
            given=given,
            issued=issued,
            used=used,
            attempts=attempts,
            max_attempts=limit,
            now=NOW,
            expires_at=expires_at,
            matches=matches,
        )
        == expected
    )


@pytest.mark.parametrize(
    "typed, digits, expected",
    [
        ("123456", 6, "123456"),
        (" 123 456 ", 6, "123456"),
        ("123-456", 6, "123456"),
        ("ok", 6, ""),
        ("12345", 6, ""),
        ("1234567", 6, ""),
        ("١٢٣٤٥٦", 6, ""),  # Arabic-Indic digits are digits to Python, not to a code
        ("12345678", 8, "12345678"),
        ("", 6, ""),
    ],
)
def test_normalize_code(typed, digits, expected):
    assert rules.normalize_code(typed, digits) == expected


@pytest.mark.parametrize(
    "method, has_contact, expected",
    [
        ("", True, rules.NO_PROOF),  # a free-text note is no proof (finding 5)
        ("", False, rules.NO_PROOF),
        ("note", True, rules.NO_PROOF),
        ("code", True, None),
        ("code", False, rules.NO_CONTACT_FOR_CODE),
        ("scan", False, None),
        ("scan", True, rules.HAS_CONTACT),  # who can receive a code confirms with it
    ],
)
def test_proof_refusal(method, has_contact, expected):
    assert rules.proof_refusal(method=method, has_contact=has_contact) == expected


REVIEW_CASES = [
    # (reviewer, supervises, filer, applicant, review, case open, approving, reason, expected)
    (3, True, 7, 9, "pending", True, True, "", None),
    (3, True, 7, 9, "pending", True, False, "Tanda tangan tidak ada.", None),
    (3, True, 7, 9, "pending", True, False, "  ", rules.REASON_REQUIRED),
    (3, False, 7, 9, "pending", True, True, "", rules.NOT_SUPERVISOR),
    (7, True, 7, 9, "pending", True, True, "", rules.OWN_FILING),  # the filer never reviews their own filing
    (9, True, 7, 9, "pending", True, True, "", rules.OWN_CASE),
    (3, True, 7, 9, "approved", True, True, "", rules.ALREADY_REVIEWED),
    (3, True, 7, 9, "rejected", True, False, "x", rules.ALREADY_REVIEWED),
    (3, True, 7, 9, "pending", False, True, "", rules.ALREADY_REVIEWED),  # withdrawn while it waited
]


@pytest.mark.parametrize(
    "reviewer, supervises, filer, applicant, review, case_open, approving, reason, expected", REVIEW_CASES
)
def test_scan_review_refusal(reviewer, supervises, filer, applicant, review, case_open, approving, reason, expected):
    assert (
        rules.scan_review_refusal(
            reviewer_id=reviewer,
            supervises=supervises,
            filed_by_id=filer,
            applicant_id=applicant,
            review=review,
            case_open=case_open,
            approving=approving,
            reason=reason,
        )
        == expected
    )


@pytest.mark.parametrize(
    "phone, masked",
    [("+6281234567812", "0812****12"), ("081234567812", "0812****12"), ("0812 3456 7812", "0812****12"), ("", "")],
)
def test_mask_phone(phone, masked):
    assert rules.mask_phone(phone) == masked


@pytest.mark.parametrize(
    "email, masked", [("siti.aminah@example.com", "s***@example.com"), ("a@b.id", "a***@b.id"), ("", "")]
)
def test_mask_email(email, masked):
    assert rules.mask_email(email) == masked


@pytest.mark.parametrize(
    "points, point, channel",
    [
        (frozenset(), "kantor", "counter"),  # a role without a unit serves at the office
        (frozenset({""}), "kantor", "counter"),
        (frozenset({"loket"}), "loket", "counter"),
        (frozenset({"desa"}), "desa", "assisted"),
        (frozenset({"telp"}), "telp", "assisted"),
        (frozenset({"rumah"}), "rumah", "assisted"),
        (frozenset({"desa", "telp"}), "desa", "assisted"),
        (frozenset({"desa", "loket"}), "loket", "counter"),  # may have come in person: a visit
        (frozenset({"telp", ""}), "kantor", "counter"),
        (frozenset({"loket", ""}), "loket", "counter"),
    ],
)
def test_assistance_point_and_channel(points, point, channel):
    """Issue 13 finding 5, issue 14 finding 3: assistance away from an office is zero-visit, at a desk it is a visit."""
    assert rules.assistance_point(points) == point
    assert rules.assisted_channel(points) == channel
