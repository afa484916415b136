"""Table tests of the complaint rules (loket.complaints.rules; Perpres 76/2013, PermenPANRB 3/2015, PP 60/2008)."""

import datetime as dt

import pytest

from loket.complaints import rules as r

NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "kind, handler",
    [
        (r.SERVICE, r.AGENCY),
        (r.APPLICATION, r.AGENCY),
        (r.SUGGESTION, r.AGENCY),
        (r.CONDUCT, r.INSPECTORATE),
        (r.PUNGLI, r.INSPECTORATE),
        (r.GRATUITY, r.INSPECTORATE),
    ],
)
def test_conduct_and_fees_go_to_the_inspectorate_never_to_the_unit(kind, handler):
    assert r.handler_for(kind) == handler


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        r.handler_for("gossip")


@pytest.mark.parametrize(
    "mode, reader, handler, visible",
    [
        (r.IDENTIFIED, r.READER_HANDLER, r.AGENCY, True),
        (r.IDENTIFIED, r.READER_INSPECTOR, r.AGENCY, True),
        (r.IDENTIFIED, r.READER_OTHER, r.AGENCY, False),
        (r.IDENTIFIED, r.READER_HANDLER, r.INSPECTORATE, False),  # the reported unit never learns who
        (r.IDENTIFIED, r.READER_INSPECTOR, r.INSPECTORATE, True),
        (r.CONFIDENTIAL, r.READER_HANDLER, r.AGENCY, False),
        (r.CONFIDENTIAL, r.READER_INSPECTOR, r.AGENCY, True),
        (r.CONFIDENTIAL, r.READER_OTHER, r.INSPECTORATE, False),
        (r.ANONYMOUS, r.READER_INSPECTOR, r.INSPECTORATE, False),
        (r.ANONYMOUS, r.READER_HANDLER, r.AGENCY, False),
        (r.ANONYMOUS, r.READER_REPORTER, r.AGENCY, False),
        (r.CONFIDENTIAL, r.READER_REPORTER, r.AGENCY, True),
    ],
)
def test_who_sees_the_reporter(mode, reader, handler, visible):
    assert r.identity_visible(mode, reader, handler=handler) is visible


@pytest.mark.parametrize("code, days", [("ringan", 2), ("normatif", 5), ("tanpa_pemeriksaan", 14), ("pemeriksaan", 60)])
def test_default_tiers(code, days):
    assert r.tier_deadline_days(r.DEFAULT_TIERS, code) == days


@pytest.mark.parametrize(
    "days, ok",
    [((2, 5, 14, 60), True), ((3, 10), True), ((5, 5), False), ((5, 2), False), ((0, 5), False), ((), False)],
)
def test_a_regions_tiers_are_checked(days, ok):
    tiers = tuple(r.Tier(f"t{i}", d, "x", "x") for i, d in enumerate(days))
    if ok:
        r.check_tiers(tiers)
    else:
        with pytest.raises(ValueError):
            r.check_tiers(tiers)


def test_receipt_codes_round_trip_and_forgive_typing():
    for seed in range(300):
        code = r.new_receipt_code(seed.to_bytes(5, "big") if seed % 2 else bytes([seed % 256] * 5))
        assert r.normalise_receipt_code(code) == code
        assert r.normalise_receipt_code(code.lower().replace("-", " ")) == code
        assert r.normalise_receipt_code(code[4:].replace("-", "")) == code


def test_receipt_code_reads_i_l_o_as_digits():
    code = r.new_receipt_code(bytes(5))  # all zeros and ones read alike
    assert code.startswith("ADU-0000-0000-")
    assert r.normalise_receipt_code(code.replace("0", "O")) == code


@pytest.mark.parametrize("typed", ["", "ADU-", "ADU-7K2Q-M9XD", "ADU-7K2Q-M9XD-FF", "hello world"])
def test_malformed_receipt_codes_are_refused(typed):
    assert r.normalise_receipt_code(typed) is None


def test_one_wrong_character_is_caught_by_the_check():
    code = r.new_receipt_code(b"\x12\x34\x56\x78\x9a")
    body = code.replace("-", "")[3:]
    caught = 0
    for i in range(8):
        for c in "0123456789ABCDEFGHJKMNPQRSTVWXYZ":
            if c != body[i]:
                caught += r.normalise_receipt_code(body[:i] + c + body[i + 1 :]) is None
    assert caught == 8 * 31  # a single substitution never passes
    swapped = body[1] + body[0] + body[2:]
    assert body[0] == body[1] or r.normalise_receipt_code(swapped) is None  # nor a transposition


def test_secrets_are_bound_to_their_code_and_typed_loosely():
    secret = r.new_secret(bytes(range(12)))
    assert len(secret) == 14 and secret.count("-") == 2
    digest = r.secret_digest(b"key", "ADU-0000-0000-0", secret)
    assert digest == r.secret_digest(b"key", "ADU-0000-0000-0", secret.lower().replace("-", " "))
    assert digest != r.secret_digest(b"key", "ADU-0000-0001-1", secret)
    assert digest != r.secret_digest(b"other", "ADU-0000-0000-0", secret)


@pytest.mark.parametrize(
    "answered, reopened, reason, days_later, allowed",
    [
        (True, 0, "Jawaban tidak menjawab pertanyaan saya", 3, True),
        (True, 1, "Jawaban tidak menjawab pertanyaan saya", 3, False),  # once only
        (False, 0, "Jawaban tidak menjawab pertanyaan saya", 3, False),
        (True, 0, "tidak", 3, False),  # a reason is required
        (True, 0, "Jawaban tidak menjawab pertanyaan saya", 31, False),
        (True, 0, "Jawaban tidak menjawab pertanyaan saya", 30, True),
    ],
)
def test_reopening(answered, reopened, reason, days_later, allowed):
    answered_at = NOW if answered else None
    refusal = r.reopen_refusal(
        answered_at=answered_at, reopened=reopened, reason=reason, now=NOW + dt.timedelta(days=days_later)
    )
    assert (refusal is None) is allowed
    if refusal:
        assert all(refusal)  # said in both languages


@pytest.mark.parametrize(
    "a, b, same_target, duplicate",
    [
        ("Petugas minta uang Rp50.000 untuk percepat KTP", "Petugas meminta uang 50.000 agar KTP cepat", True, True),
        ("Petugas minta uang Rp50.000 untuk percepat KTP", "Jalan berlubang di depan pasar", True, False),
        ("Lampu jalan mati di Jl. Merdeka", "Lampu jalan mati di jalan Merdeka", True, True),
        ("Lampu jalan mati di Jl. Merdeka", "Lampu jalan mati di jalan Merdeka", False, False),
        ("Antrian panjang di loket", "Saran: tambah kursi tunggu", True, False),
    ],
)
def test_duplicate_suggestions(a, b, same_target, duplicate):
    assert r.likely_duplicate(a, b, same_target=same_target) is duplicate


def test_similarity_is_pg_trgm_like():
    assert r.similarity("word", "word") == 1.0
    assert r.similarity("", "word") == 0.0
    assert r.shingles("cat") == {"  c", " ca", "cat", "at "}  # pg_trgm's show_trgm('cat')
