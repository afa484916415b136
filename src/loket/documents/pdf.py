"""Render a decision letter to PDF (fpdf2, pure Python) with the letterhead, a QR code and a reserved signature box.

`render()` returns the unsigned PDF and where the visible signature goes; `loket.documents.signing`
then signs that box with pyHanko. Only the core fonts are used (no font files to ship), so text is
reduced to Latin-1 — enough for Indonesian.
"""

import re
from dataclasses import dataclass, field

import segno
from fpdf import FPDF

MM = 72 / 25.4  # points per millimetre
LIST_ITEM_RE = re.compile(r"^(\d{1,2}|[a-z])[.)] ")  # "1. ...", "a. ...": an item of a list
PAGE_H_MM = 297
_REPLACE = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u00a0": " ",
    "\u2022": "-",
}


def latin1(text: str) -> str:
    text = "".join(_REPLACE.get(ch, ch) for ch in str(text))
    return text.encode("latin-1", "replace").decode("latin-1")


@dataclass
class Letter:
    code: str  # verification code (also in the PDF metadata)
    verify_url: str  # what the QR code opens
    title: str  # e.g. "SURAT IZIN USAHA MIKRO"
    number: str  # decision number
    body: str  # rendered template text (paragraphs separated by blank lines)
    letterhead: list[str]  # first line: government, second: agency, then address lines
    place_date: str  # "Bandung, 23 November 2026"
    official_title: str = ""  # e.g. "Kepala DPMPTSP Kota Bandung"
    official_name: str = ""  # the person, with academic titles
    official_nip: str = ""  # printed "NIP. 19..." under the name
    official_rank: str = ""  # pangkat, golongan/ruang, between the name and the NIP
    footer: str = (
        "Dokumen ini ditandatangani secara elektronik menggunakan sertifikat elektronik "
        "(UU 11/2008 jo. UU 1/2024 tentang ITE, Pasal 11; PP 71/2019, Pasal 59-60). "
        "Keaslian dapat diperiksa dengan memindai kode QR."
    )
    keywords: list[str] = field(default_factory=list)


@dataclass
class Rendered:
    pdf: bytes
    page: int  # 0-based page of the signature box
    box: tuple[int, int, int, int]  # signature box in PDF points (x1, y1, x2, y2), origin bottom-left


def _qr(pdf: FPDF, data: str, x: float, y: float, size: float, error: str = "m", boost_error: bool = False) -> None:
    """Draw the QR code as vector rectangles (one per dark run in a row): crisp, no image library."""
    # A fixed mask pattern (any of the 8 is valid, ISO/IEC 18004 7.8) spares scoring all eight per document.
    code = segno.make(data, error=error, boost_error=boost_error, mask=2, micro=False)
    matrix = [list(row) for row in code.matrix]
    border = 2
    count = len(matrix) + 2 * border
    cell = size / count
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                pdf.rect(x + (start + border) * cell, y + (r + border) * cell, (c - start) * cell, cell, style="F")
            else:
                c += 1


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Greedy word wrap with per-word widths (fpdf2's multi_cell re-measures the whole line per character)."""
    space = pdf.get_string_width(" ")
    lines = []
    for raw in text.split("\n"):
        line, used = "", 0.0
        for word in raw.split(" "):
            w = pdf.get_string_width(word)
            if line and used + space + w > width:
                lines.append(line)
                line, used = word, w
            else:
                line, used = (f"{line} {word}", used + space + w) if line else (word, w)
        lines.append(line)
    return lines


def _paragraph(pdf: FPDF, text: str, width: float, line_height: float, align: str = "L") -> None:
    for line in _wrap(pdf, text, width):
        pdf.cell(width, line_height, line, align=align, new_x="LMARGIN", new_y="NEXT")


def _field_rows(text: str) -> list[tuple[str, str]] | None:
    """A paragraph of "Label: value" lines as (label, value) rows, or None when it is prose.

    Lines that carry no label of their own ("- Senin, pukul 08.00 - 11.00", "1. ...") continue the value above,
    so a list under "Jadwal praktik:" stays in the value column.
    """
    rows: list[tuple[str, str]] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        label, colon, value = stripped.partition(": ") if ": " in stripped else stripped.partition(":")
        continuation = stripped.startswith(("- ", "\u2022")) or bool(LIST_ITEM_RE.match(stripped))
        if continuation and not rows:
            return None  # a list ("a. ...", "1. ..."), not particulars
        if rows and continuation:
            previous = rows[-1]
            rows[-1] = (previous[0], f"{previous[1]}\n{stripped}" if previous[1] else stripped)
        elif colon and 0 < len(label) <= 60 and not label.endswith((".", ",")):
            rows.append((label.strip(), value.strip()))
        else:
            return None
    if any(not value for _, value in rows):  # "... sebagai berikut:" introduces a list: prose, not a field
        return None
    # One "x: y" line alone is a sentence ("Sisa hak cuti tahunan 2026 setelah cuti ini: 11 hari kerja.").
    return rows if len(rows) >= 2 else None


def _blocks(body: str) -> list[tuple[str, list[tuple[str, str]] | None]]:
    """The body's paragraphs as (prose, particulars): an introducing line ending in ":" followed by "Label: value"
    lines ("diberikan kenaikan gaji berkala hingga memperoleh:" + "Gaji pokok baru: Rp3.088.600") is split in two."""
    blocks = []
    for paragraph in body.replace("\r\n", "\n").split("\n\n"):
        text = paragraph.strip("\n")
        if not text.strip():
            continue
        rows = _field_rows(text)
        if rows:
            blocks.append(("", rows))
            continue
        intro, _, rest = text.partition("\n")
        rows = _field_rows(rest) if rest and intro.rstrip().endswith(":") else None
        blocks.append((intro, rows) if rows else (text, None))
    return blocks


def _table(pdf: FPDF, rows: list[tuple[str, str]], width: float, line_height: float, label_w: float) -> None:
    """Labels, aligned colons and wrapped values, as official letters set out the particulars."""
    colon_w = 4
    value_w = width - label_w - colon_w
    for label, value in rows:
        label_lines = _wrap(pdf, label, label_w - 2)
        value_lines = [line for part in value.split("\n") for line in _wrap(pdf, part, value_w)] or [""]
        if pdf.get_y() + line_height * max(len(label_lines), len(value_lines)) > PAGE_H_MM - 20:
            pdf.add_page()
        top = pdf.get_y()
        for index in range(max(len(label_lines), len(value_lines))):
            y = top + index * line_height
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(label_w, line_height, label_lines[index] if index < len(label_lines) else "")
            pdf.cell(colon_w, line_height, ":" if index == 0 else "")
            pdf.cell(value_w, line_height, value_lines[index] if index < len(value_lines) else "")
        pdf.set_xy(pdf.l_margin, top + line_height * max(len(label_lines), len(value_lines)))


def page_label(number: int, total: int) -> str:
    return f"Halaman {number} dari {total}"


def _number_pages(pdf: FPDF) -> None:
    """Page numbers ("Halaman 1 dari 2") at the foot of every page of a letter of more than one page, drawn before
    the letter is signed: the numbers are part of what the signature covers."""
    total = pdf.pages_count
    if total < 2:
        return
    last = pdf.page
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", "", 8)
    for number in range(1, total + 1):
        pdf.page = number
        pdf.set_xy(pdf.l_margin, PAGE_H_MM - 13)
        pdf.cell(pdf.w - pdf.l_margin - pdf.r_margin, 4, page_label(number, total), align="C")
    pdf.page = last


def render(letter: Letter) -> Rendered:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_title(latin1(letter.title))
    pdf.set_subject(latin1(f"loket:{letter.code}"))
    pdf.set_keywords(latin1(" ".join([f"loket:{letter.code}", *letter.keywords])))
    pdf.set_creator("Loket")
    pdf.set_author(latin1(letter.letterhead[1] if len(letter.letterhead) > 1 else "Loket"))
    pdf.set_lang("id")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    # Kop surat
    for index, line in enumerate(letter.letterhead):
        if index == 0:
            pdf.set_font("Helvetica", "B", 13)
        elif index == 1:
            pdf.set_font("Helvetica", "B", 12)
        else:
            pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(
            width,
            5.5 if index < 2 else 4.5,
            latin1(line.upper() if index < 2 else line),
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    y = pdf.get_y() + 2
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, y + 1.2, pdf.w - pdf.r_margin, y + 1.2)
    pdf.set_y(y + 7)

    # Title and number
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(width, 6, latin1(letter.title.upper()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(width, 5, latin1(f"Nomor: {letter.number}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)

    # Body
    pdf.set_font("Helvetica", "", 10.5)
    blocks = _blocks(latin1(letter.body))
    labels = [label for _, rows in blocks if rows for label, _ in rows]
    # One label column for the whole letter, so every list of particulars lines up.
    label_w = min(max((pdf.get_string_width(label) for label in labels), default=0) + 3, width * 0.4)
    for prose, rows in blocks:
        if prose:
            _paragraph(pdf, prose, width, 5.2)
        if rows:
            _table(pdf, rows, width, 5.2, label_w)
        pdf.ln(2.5)

    # Signature area: place and date, position, the signature box, name, rank and NIP, above the footer (which
    # starts 28 mm from the bottom). It moves to a new page only when it does not fit.
    pdf.set_font("Helvetica", "B", 10)
    title_lines = len(_wrap(pdf, latin1(letter.official_title), 80)) if letter.official_title else 0
    name_lines = sum(1 for line in (letter.official_name, letter.official_rank, letter.official_nip) if line)
    needed = 2 + 5 * (1 + title_lines) + 1 + 30 + 1 + 5 * name_lines + 3
    if pdf.get_y() + needed > PAGE_H_MM - 28:
        pdf.add_page()
    pdf.ln(2)
    top = pdf.get_y()
    sig_x = 108
    pdf.set_xy(sig_x, top)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(82, 5, latin1(letter.place_date), align="L", new_x="LMARGIN", new_y="NEXT")
    if letter.official_title:
        pdf.set_x(sig_x)
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(82, 5, latin1(letter.official_title), align="L", new_x="LMARGIN", new_y="NEXT")
    box_top = pdf.get_y() + 1
    box_h = 30
    pdf.set_xy(sig_x, box_top + box_h + 1)
    if letter.official_name:
        pdf.set_font("Helvetica", "BU", 10)
        pdf.multi_cell(82, 5, latin1(letter.official_name), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for line in (letter.official_rank, f"NIP. {letter.official_nip}" if letter.official_nip else ""):
        if line:
            pdf.set_x(sig_x)
            pdf.multi_cell(82, 5, latin1(line), align="L", new_x="LMARGIN", new_y="NEXT")

    qr_size = 32
    _qr(pdf, letter.verify_url, pdf.l_margin, top, qr_size)
    pdf.set_xy(pdf.l_margin, top + qr_size + 1)
    pdf.set_font("Helvetica", "", 7.5)
    pdf.multi_cell(
        80, 3.6, latin1(f"Kode verifikasi: {letter.code}\n{letter.verify_url}"), new_x="LMARGIN", new_y="NEXT"
    )

    # Footer on the signature page
    pdf.set_xy(pdf.l_margin, PAGE_H_MM - 28)
    pdf.set_font("Helvetica", "I", 7.5)
    _paragraph(pdf, latin1(letter.footer), width, 3.6, align="C")

    page = pdf.page - 1
    _number_pages(pdf)
    box = (
        round(sig_x * MM),
        round((PAGE_H_MM - box_top - box_h) * MM),
        round((sig_x + 82) * MM),
        round((PAGE_H_MM - box_top) * MM),
    )
    return Rendered(pdf=bytes(pdf.output()), page=page, box=box)


def draw_qr(
    pdf: FPDF, data: str, x: float, y: float, size: float, *, error: str = "m", boost_error: bool = False
) -> None:
    """Draw a QR code of `data` at (x, y), `size` points wide, as vector rectangles (other apps' PDFs: e-Kartu, which
    asks for the smallest version at level L with the error correction raised as far as that version allows)."""
    _qr(pdf, data, x, y, size, error=error, boost_error=boost_error)
