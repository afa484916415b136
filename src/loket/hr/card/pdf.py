"""The printable e-Kartu: one ID-1 card (85.6 x 54 mm, ISO/IEC 7810) drawn with fpdf2 like the decision letters
(loket.documents.pdf): the region's line, the photo or the holder's initials, the printed facts, validity and the QR.
"""

import io

from fpdf import FPDF

from loket.core.dates import long_date
from loket.documents.pdf import MM, draw_qr, latin1
from loket.documents.render import government_line
from loket.hr.card import rules
from loket.hr.grades import rank_label

WIDTH, HEIGHT = 85.6 * MM, 54 * MM


def render(card, *, qr_text: str, photo: bytes | None = None) -> bytes:
    facts = card.facts
    pdf = FPDF(unit="pt", format=(WIDTH, HEIGHT))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(latin1(f"e-Kartu {facts['nip']}"))
    pdf.set_author(latin1(government_line(card.region)))
    pdf.set_keywords(latin1(f"e-Kartu {card.serial}"))
    pdf.add_page()
    pad = 3 * MM
    # band: the government line and the card's title
    pdf.set_fill_color(22, 70, 120)
    pdf.rect(0, 0, WIDTH, 9 * MM, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("Helvetica", "B", 6.5)
    pdf.set_xy(pad, 1.2 * MM)
    pdf.cell(WIDTH - 2 * pad, 3.2 * MM, latin1(government_line(card.region)))
    pdf.set_font("Helvetica", "", 6)
    pdf.set_xy(pad, 4.6 * MM)
    pdf.cell(WIDTH - 2 * pad, 3 * MM, "KARTU PEGAWAI ELEKTRONIK (e-KARTU)")
    pdf.set_text_color(0, 0, 0)
    # photo, or the initials in a grey square
    photo_x, photo_y, photo_w, photo_h = pad, 11 * MM, 18 * MM, 24 * MM
    if photo:
        pdf.image(io.BytesIO(photo), x=photo_x, y=photo_y, w=photo_w, h=photo_h)
    else:
        pdf.set_fill_color(215, 222, 230)
        pdf.rect(photo_x, photo_y, photo_w, photo_h, style="F")
        pdf.set_font("Helvetica", "B", 16)
        pdf.set_xy(photo_x, photo_y + photo_h / 2 - 4 * MM)
        pdf.cell(photo_w, 8 * MM, latin1(rules.initials(facts["name"])), align="C")
    # the facts
    text_x = photo_x + photo_w + 2.5 * MM
    qr_size = 24 * MM
    text_w = WIDTH - text_x - qr_size - 2 * pad
    y = 11 * MM
    rows = [
        ("B", 7, facts["name"]),
        ("", 6, f"NIP {facts['nip']}"),
        ("", 6, rank_label(facts["grade"])),
        ("", 6, facts["position"]),
        ("", 6, facts["agency"]),
    ]
    for style, size, text in rows:
        pdf.set_font("Helvetica", style, size)
        pdf.set_xy(text_x, y)
        pdf.multi_cell(text_w, size * 1.2, latin1(text), align="L")
        y = pdf.get_y() + 0.6 * MM
    draw_qr(pdf, qr_text, WIDTH - pad - qr_size, 10.5 * MM, qr_size, error=rules.QR_ERROR, boost_error=rules.QR_BOOST)
    pdf.set_font("Helvetica", "", 5.5)
    pdf.set_xy(pad, HEIGHT - 8.5 * MM)
    pdf.cell(
        WIDTH - 2 * pad,
        3 * MM,
        latin1(f"Berlaku {long_date(card.valid_from)} s.d. {long_date(card.valid_until)}  -  No. {card.serial}"),
    )
    pdf.set_xy(pad, HEIGHT - 5.5 * MM)
    pdf.cell(
        WIDTH - 2 * pad,
        3 * MM,
        latin1("Pindai kode QR untuk memeriksa keaslian dan status kartu (juga tanpa internet)."),
    )
    return bytes(pdf.output())
