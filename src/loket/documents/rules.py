"""Revocation of a signed decision: the fixed reason codes and the check of the written explanation.

Pure functions (no Django): table-tested in tests/documents/test_revocation_rules.py.

UU 30/2014 tentang Administrasi Pemerintahan, Pasal 64 ayat (1): a decision may be revoked only where it
is defective in a. authority (wewenang), b. procedure (prosedur) and/or c. substance (substansi). The codes
below name those grounds and the usual concrete cases of them; every revocation also needs a written
explanation a reader can follow (shown on the public verification page) and a second person (services).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    indonesian: str
    english: str


REASONS: tuple[Reason, ...] = (
    Reason(
        "cacat_wewenang",
        "Cacat wewenang: diterbitkan oleh pejabat yang tidak berwenang (UU 30/2014 Pasal 64 ayat 1 huruf a)",
        "Defective authority: issued by an official without authority (Law 30/2014 art. 64(1)(a))",
    ),
    Reason(
        "cacat_prosedur",
        "Cacat prosedur: tahapan atau persyaratan standar tidak dipenuhi (Pasal 64 ayat 1 huruf b)",
        "Defective procedure: steps or requirements of the standard not met (art. 64(1)(b))",
    ),
    Reason(
        "cacat_substansi",
        "Cacat substansi: isi keputusan atau data pemegang keliru (Pasal 64 ayat 1 huruf c)",
        "Defective substance: the decision's content or the holder's data is wrong (art. 64(1)(c))",
    ),
    Reason(
        "persyaratan_tidak_benar",
        "Dokumen persyaratan ternyata tidak benar atau dipalsukan",
        "The supporting documents turned out to be untrue or forged",
    ),
    Reason(
        "pelanggaran_ketentuan",
        "Pemegang melanggar ketentuan yang ditetapkan dalam keputusan",
        "The holder breached the conditions set in the decision",
    ),
    Reason(
        "permintaan_pemegang",
        "Atas permintaan tertulis pemegang",
        "At the holder's written request",
    ),
    Reason(
        "putusan_pengadilan",
        "Melaksanakan putusan pengadilan atau keputusan atasan",
        "Carrying out a court ruling or a superior's decision",
    ),
)
BY_CODE = {reason.code: reason for reason in REASONS}

MIN_EXPLANATION = 30  # characters, after trimming
MIN_WORDS = 4  # words of two or more letters
MIN_DISTINCT_LETTERS = 6
MAX_RUN = 4  # the same character more than this many times in a row is not writing ("aaaaa")


def explanation_problem(text: str) -> tuple[str, str] | None:
    """Why `text` is not an acceptable explanation (Indonesian, English), or None when it is."""
    text = " ".join((text or "").split())
    if len(text) < MIN_EXPLANATION:
        return (
            f"Penjelasan terlalu pendek: tulis minimal {MIN_EXPLANATION} karakter yang menjelaskan apa yang keliru.",
            f"The explanation is too short: write at least {MIN_EXPLANATION} characters saying what is wrong.",
        )
    run, previous = 1, ""
    for char in text.lower():
        run = run + 1 if char == previous and not char.isspace() else 1
        previous = char
        if run > MAX_RUN:
            return (
                "Penjelasan tidak bermakna (huruf yang sama berulang). Jelaskan alasan pencabutan dengan kalimat.",
                "The explanation is not meaningful (one character repeated). Explain the revocation in sentences.",
            )
    words = [w for w in "".join(c if c.isalpha() else " " for c in text).split() if len(w) >= 2]
    letters = {c for c in text.lower() if c.isalpha()}
    if len(words) < MIN_WORDS or len(letters) < MIN_DISTINCT_LETTERS or len({w.lower() for w in words}) < 3:
        return (
            f"Penjelasan tidak bermakna: tulis setidaknya {MIN_WORDS} kata yang menjelaskan alasan pencabutan.",
            f"The explanation is not meaningful: write at least {MIN_WORDS} words explaining the revocation.",
        )
    return None
