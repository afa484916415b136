"""The questionnaire of the satisfaction survey, Indonesian and English.

PermenPANRB 14/2017 lampiran (contoh kuesioner SKM): one question per element U1..U9, four answers
scored 1 (worst) to 4 (best). Element order and codes come from loket.feedback.rules.ELEMENTS.
"""

from loket.feedback.rules import ELEMENTS

# (question id, question en, ((answer id, answer en) × 4, score 1..4))
QUESTIONS: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    "U1": (
        "Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        "How well do the requirements fit the service?",
        (
            ("Tidak sesuai", "Not appropriate"),
            ("Kurang sesuai", "Somewhat appropriate"),
            ("Sesuai", "Appropriate"),
            ("Sangat sesuai", "Very appropriate"),
        ),
    ),
    "U2": (
        "Bagaimana kemudahan prosedur pelayanan?",
        "How easy was the procedure?",
        (
            ("Tidak mudah", "Not easy"),
            ("Kurang mudah", "Somewhat easy"),
            ("Mudah", "Easy"),
            ("Sangat mudah", "Very easy"),
        ),
    ),
    "U3": (
        "Bagaimana kecepatan waktu pelayanan?",
        "How fast was the service?",
        (
            ("Tidak cepat", "Not fast"),
            ("Kurang cepat", "Somewhat fast"),
            ("Cepat", "Fast"),
            ("Sangat cepat", "Very fast"),
        ),
    ),
    "U4": (
        "Bagaimana kewajaran biaya/tarif pelayanan?",
        "How fair was the fee?",
        (
            ("Sangat mahal", "Very expensive"),
            ("Cukup mahal", "Rather expensive"),
            ("Murah", "Cheap"),
            ("Gratis", "Free"),
        ),
    ),
    "U5": (
        "Apakah produk pelayanan sesuai dengan yang tercantum di standar pelayanan?",
        "Did the result match what the service standard promises?",
        (
            ("Tidak sesuai", "Not matching"),
            ("Kurang sesuai", "Partly matching"),
            ("Sesuai", "Matching"),
            ("Sangat sesuai", "Fully matching"),
        ),
    ),
    "U6": (
        "Bagaimana kompetensi/kemampuan petugas?",
        "How competent were the officers?",
        (
            ("Tidak kompeten", "Not competent"),
            ("Kurang kompeten", "Somewhat competent"),
            ("Kompeten", "Competent"),
            ("Sangat kompeten", "Very competent"),
        ),
    ),
    "U7": (
        "Bagaimana kesopanan dan keramahan petugas?",
        "How polite and friendly were the officers?",
        (
            ("Tidak sopan dan ramah", "Not polite"),
            ("Kurang sopan dan ramah", "Somewhat polite"),
            ("Sopan dan ramah", "Polite"),
            ("Sangat sopan dan ramah", "Very polite"),
        ),
    ),
    "U8": (
        "Bagaimana kualitas sarana dan prasarana (termasuk situs dan aplikasi)?",
        "How good were the facilities (including this website)?",
        (("Buruk", "Poor"), ("Cukup", "Fair"), ("Baik", "Good"), ("Sangat baik", "Very good")),
    ),
    "U9": (
        "Bagaimana penanganan pengaduan, saran dan masukan?",
        "How are complaints and suggestions handled?",
        (
            ("Tidak ada", "Not available"),
            ("Ada tetapi tidak berfungsi", "Exists but does not work"),
            ("Berfungsi kurang maksimal", "Works, not fully"),
            ("Dikelola dengan baik", "Handled well"),
        ),
    ),
}
assert tuple(QUESTIONS) == tuple(code for code, *_ in ELEMENTS)
