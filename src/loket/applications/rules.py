"""Pure rules of the case engine: proof of a citizen's consent to a filing by an officer, and account claims.

No Django imports: the services gather the facts, these functions decide.

UU 27/2022 (Pelindungan Data Pribadi) art. 20(2)(a) and 22 (confirm article numbers): processing a person's data
needs their explicit consent, given in writing or recorded, electronically or on paper. UU 25/2009 art. 34: an
officer acts only on the citizen's request. A counter officer filing for a citizen therefore needs proof that the
citizen asked for it (issue 13, finding 5): a one-time code sent to the citizen's own phone or e-mail, or, for a
citizen who has neither, their signed consent form, reviewed by a supervisor. A note typed by the officer ("ok")
proves nothing.
"""

import datetime as dt

# ---------------------------------------------------------------- one-time codes (consent and account claims)

NO_CODE = "no_code"  # no code was sent for this citizen, officer and service
CODE_USED = "code_used"  # single use: the code already proved one filing (or claimed the account)
TOO_MANY_ATTEMPTS = "too_many_attempts"  # wrong codes used up the code's attempts: send a new one
CODE_EXPIRED = "code_expired"
WRONG_CODE = "wrong_code"
NO_CODE_GIVEN = "no_code_given"


def code_refusal(
    *,
    given: str,
    issued: bool,
    used: bool,
    attempts: int,
    max_attempts: int,
    now: dt.datetime,
    expires_at: dt.datetime | None,
    matches: bool,
) -> str | None:
    """Why a one-time code does not prove what it should, or None. `attempts`: wrong codes given so far;
    `matches`: whether `given` is the code that was sent. The order matters: a used or locked code is refused
    before it is compared, so a right guess after the limit proves nothing."""
    if not given:
        return NO_CODE_GIVEN
    if not issued:
        return NO_CODE
    if used:
        return CODE_USED
    if attempts >= max_attempts:
        return TOO_MANY_ATTEMPTS
    if expires_at is None or now >= expires_at:
        return CODE_EXPIRED
    if not matches:
        return WRONG_CODE
    return None


def normalize_code(value: str, digits: int) -> str:
    """What the officer typed, as the digits of a code ("123 456" and "123-456" are 123456); "" if it is not one."""
    cleaned = "".join(ch for ch in (value or "") if not ch.isspace() and ch != "-")
    return cleaned if len(cleaned) == digits and cleaned.isascii() and cleaned.isdigit() else ""


# ---------------------------------------------------------------- which proof a filing needs

CODE, SCAN = "code", "scan"
NO_PROOF = "no_proof"
NO_CONTACT_FOR_CODE = "no_contact_for_code"  # a code needs the citizen's registered phone or e-mail
HAS_CONTACT = "has_contact"  # a citizen who can receive a code confirms with it, not with a scan


def proof_refusal(*, method: str, has_contact: bool) -> str | None:
    """Why this kind of proof cannot stand for this citizen's consent, or None."""
    if method not in (CODE, SCAN):
        return NO_PROOF
    if method == CODE and not has_contact:
        return NO_CONTACT_FOR_CODE
    if method == SCAN and has_contact:
        return HAS_CONTACT
    return None


# ---------------------------------------------------------------- the supervisor's review of a consent scan

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
NOT_SUPERVISOR = "not_supervisor"
OWN_FILING = "own_filing"  # the officer who filed never reviews the proof of their own filing
OWN_CASE = "own_case"
ALREADY_REVIEWED = "already_reviewed"
REASON_REQUIRED = "reason_required"


def scan_review_refusal(
    *,
    reviewer_id: int,
    supervises: bool,
    filed_by_id: int,
    applicant_id: int,
    review: str,
    case_open: bool,
    approving: bool,
    reason: str,
    related: bool = False,
) -> str | None:
    """Why this person may not decide on this consent scan, or None. UU 30/2014 art. 42 (conflict of interest):
    whoever filed the case cannot certify its consent, nor the applicant or anyone who declared them a relative
    (`related`); a supervisor of the case's agency decides."""
    if not supervises:
        return NOT_SUPERVISOR
    if reviewer_id == filed_by_id:
        return OWN_FILING
    if reviewer_id == applicant_id or related:
        return OWN_CASE
    if review != PENDING or not case_open:  # reviewed already, or the applicant withdrew meanwhile
        return ALREADY_REVIEWED
    if not approving and not reason.strip():
        return REASON_REQUIRED
    return None


# ---------------------------------------------------------------- contacts shown masked


def mask_phone(phone: str) -> str:
    """+6281234567812 or 081234567812 → 0812****12: enough for the citizen to recognise their number, not to
    reuse it (shown as Indonesians write it, with the leading 0)."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit() or ch == "+")
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    if len(digits) <= 6:
        return "*" * len(digits)
    return f"{digits[:4]}****{digits[-2:]}"


def mask_email(email: str) -> str:
    """siti.aminah@example.com → s***@example.com."""
    local, at, domain = (email or "").partition("@")
    if not at:
        return mask_phone(email)
    return f"{local[:1]}***@{domain}"


# ---------------------------------------------------------------- the channel of a filing by an officer

# The channel says where the citizen was served (UU 25/2009 art. 21(a): the standard names its channels; the
# command centre counts zero-visit filings from it). It follows from where the officer files, never from a choice:
# at the office or a counter the citizen came in person ("counter"); at a village service point, on the phone line
# or on a home visit an officer files online for them without an office visit ("assisted"). Finding 5 of issue 13:
# a counter officer marked his filings "assisted" and so counted visits as zero-visit; finding 3 of issue 14: the
# place of assistance is recorded with the application (Application.assistance_point), so the zero-visit figure
# can be recomputed from the records.
OFFICE, COUNTER_POINT, VILLAGE_POINT, PHONE_POINT, HOME_POINT = "", "loket", "desa", "telp", "rumah"  # org.Unit
IN_PERSON_POINTS = (COUNTER_POINT, OFFICE)  # the citizen came to an office
REMOTE_POINTS = (VILLAGE_POINT, PHONE_POINT, HOME_POINT)  # served where they are
OFFICE_PLACE = "kantor"  # Application.assistance_point of an officer filing from an office (OFFICE is "")


def assistance_point(points: frozenset[str]) -> str:
    """Where an officer whose places of service (the service points of the units they file from; OFFICE for a role
    without a unit) are `points` serves the citizen, as Application.assistance_point records it: an office or
    counter when any of them is one (the citizen may have come in person), else the remote point."""
    if not points:
        return OFFICE_PLACE
    for point in IN_PERSON_POINTS:
        if point in points:
            return point or OFFICE_PLACE
    return next(point for point in REMOTE_POINTS if point in points)


def assisted_channel(points: frozenset[str]) -> str:
    """The channel of a filing by an officer serving at `points`: "assisted" only when the citizen was served
    where they are (a village point, the phone line, a home visit), "counter" when they may have come in person."""
    return "assisted" if assistance_point(points) in REMOTE_POINTS else "counter"


# ---------------------------------------------------------------- tracking numbers as people type them

# A tracking number is the Kemendagri code of the agency's region without dots (2 digits for a province, 4 for
# a kabupaten/kota, 6 for a kecamatan, 10 for a desa: Permendagri 72/2019 on region codes), the two-digit
# year and a sequence of at least 7 digits: 3273-25-0000123 (`services._next_tracking_number`).
REGION_CODE_LENGTHS = (2, 4, 6, 10)
SEQUENCE_MIN_DIGITS = 7
TRACKING_MAX_CHARS = 32


def compact_tracking(typed: str) -> str:
    """The digits (and letters, upper case) of a typed tracking number, without dashes, dots or spaces:
    the one form under which limits count a number, however it was typed."""
    return "".join(ch for ch in str(typed or "").upper() if ch.isascii() and ch.isalnum())[:TRACKING_MAX_CHARS]


def tracking_candidates(typed: str) -> list[str]:
    """The tracking numbers a citizen may have meant: "3273-25-0000123", "3273250000123", "3273 25 0000123"
    and lower case all mean 3273-25-0000123. A number typed with its dashes is taken as written; one typed
    without them is split after each possible region code length (never more than four candidates)."""
    text = str(typed or "").strip().upper()[:TRACKING_MAX_CHARS]
    parts = [part for part in text.replace(" ", "-").replace(".", "-").split("-") if part]
    if len(parts) == 3:
        return ["-".join(parts)]
    digits = compact_tracking(text)
    if not digits.isdigit():
        return [text] if text else []
    return [
        f"{digits[:size]}-{digits[size : size + 2]}-{digits[size + 2 :]}"
        for size in REGION_CODE_LENGTHS
        if len(digits) - size - 2 >= SEQUENCE_MIN_DIGITS
    ]


# ---------------------------------------------------------------- files replaced in a revision


def replacements(uploads) -> dict:
    """When each replaced file was replaced: {upload id: the time its successor was uploaded}.

    `uploads`: (id, slot, uploaded_at) of a case's files. A return for revision keeps the first files and adds
    the corrected ones in the same requirement slot (`services.resubmit`): in each slot the newest file is the
    one in force and every older one was replaced by the next (PermenPANRB 15/2014: requirements are judged on
    the documents in force)."""
    by_slot: dict[str, list] = {}
    for upload_id, slot, uploaded_at in uploads:
        by_slot.setdefault(slot, []).append((uploaded_at, upload_id))
    replaced = {}
    for rows in by_slot.values():
        rows.sort(key=lambda row: (row[0], str(row[1])))
        for (_at, upload_id), (successor_at, _successor) in zip(rows, rows[1:], strict=False):
            replaced[upload_id] = successor_at
    return replaced
