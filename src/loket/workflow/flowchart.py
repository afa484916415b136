"""The SOP drawn as a flowchart: steps -> a self-contained SVG string, plus its plain-language text alternative.

Pure module (no Django imports). The SVG is built server-side so it works without JavaScript: a vertical
chain start -> steps -> finish; a parallel step forks into side-by-side unit boxes that join again.
Text is wrapped with approximate character widths (no font metrics on the server), every text is XML-escaped,
and nothing is referenced outside the drawing (no fonts, scripts, images or links).

A step is a dict: {"position": int, "name": str, "role": str (label), "unit": str, "sla_days": int,
"parallel": [unit names]} — texts already in the reader's language.
"""

from xml.sax.saxutils import escape

# 480 wide (≤ 640): on a 360 px phone the 14 px text still shows at ~10.5 px; the text alternative has it all.
WIDTH = 480
MARGIN = 16
BOX_WIDTH = 400
FONT_SIZE = 14
LINE_HEIGHT = 18
PADDING = 10
ARROW_GAP = 30
PARALLEL_GAP = 8
BAR_HEIGHT = 6
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

# Colours checked for WCAG AA: text #1b1f24 on #f2f5f8 is 15.6:1, white on #0b5394 is 7.9:1,
# #1b1f24 on #fff8ec is 16:1; lines #4a5360 on white are 7.9:1 (≥ 3:1 for graphics).
INK = "#1b1f24"
MUTED = "#4a5360"
BRAND = "#0b5394"
BOX_FILL = "#f2f5f8"
PARALLEL_FILL = "#fff8ec"
PARALLEL_LINE = "#8a4b00"

# Approximate advance widths in em, on the wide side (DejaVu Sans) so text fits narrower faces too;
# bold text is ~10% wider.
_NARROW = set("ijlI.,:;'|!()[]{}/ ")
_WIDE = set("mwMW@%")


def _char_em(char: str) -> float:
    if char in _NARROW:
        return 0.32
    if char in _WIDE:
        return 0.9
    if char.isupper():
        return 0.7
    if char.isdigit():
        return 0.6
    return 0.58


def text_width(text: str, size: int = FONT_SIZE, bold: bool = False) -> float:
    return sum(_char_em(c) for c in text) * size * (1.1 if bold else 1.0)


def wrap(text: str, max_width: float, size: int = FONT_SIZE, bold: bool = False) -> list[str]:
    """Greedy word wrap to `max_width` pixels; a word longer than a line is broken."""
    lines: list[str] = []
    current = ""
    for word in str(text).split():
        while text_width(word, size, bold) > max_width:
            # Break an over-long word (a code, a URL) where it no longer fits.
            cut = 1
            while cut < len(word) and text_width(word[: cut + 1], size, bold) <= max_width:
                cut += 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= max_width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def _t(lang: str, indonesian: str, english: str) -> str:
    return english if lang == "en" else indonesian


def _days(n, lang: str) -> str:
    return _t(lang, f"{n} hari kerja", f"{n} working day{'s' if n != 1 else ''}")


def _text(x: float, y: float, lines: list[str], *, anchor="middle", bold=False, fill=INK, size=FONT_SIZE) -> str:
    """A multi-line <text>; y is the baseline of the first line."""
    weight = ' font-weight="700"' if bold else ""
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{y + i * LINE_HEIGHT:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}" font-size="{size}" fill="{fill}"{weight}>{spans}</text>'


def _arrow(x: float, y1: float, y2: float) -> str:
    """A vertical arrow from y1 down to y2 (the head drawn as a polygon: no ids, no markers)."""
    return (
        f'<line x1="{x:.1f}" y1="{y1:.1f}" x2="{x:.1f}" y2="{y2 - 6:.1f}" stroke="{MUTED}" stroke-width="2"/>'
        f'<polygon points="{x - 5:.1f},{y2 - 8:.1f} {x + 5:.1f},{y2 - 8:.1f} {x:.1f},{y2:.1f}" fill="{MUTED}"/>'
    )


class _Canvas:
    def __init__(self):
        self.parts: list[str] = []
        self.y = MARGIN

    def add(self, svg: str) -> None:
        self.parts.append(svg)


def _terminal(canvas: _Canvas, label: str, css: str) -> None:
    width, height = max(180, min(WIDTH - 2 * MARGIN, text_width(label, bold=True) + 40)), 36
    x = (WIDTH - width) / 2
    canvas.add(
        f'<g class="{css}"><rect x="{x:.1f}" y="{canvas.y:.1f}" width="{width:.1f}" height="{height}" '
        f'rx="18" fill="{BRAND}"/>' + _text(WIDTH / 2, canvas.y + 23, [label], bold=True, fill="#ffffff") + "</g>"
    )
    canvas.y += height


def _step_lines(step: dict, inner: float, lang: str, parallel: bool) -> tuple[list[str], list[str]]:
    title = wrap(f"{step.get('position', '')}. {step.get('name', '')}".strip(), inner, bold=True)
    details: list[str] = []
    if parallel:
        details += wrap(
            _t(
                lang,
                "Langkah paralel: semua unit di bawah harus menyetujui",
                "Parallel step: every unit below must approve",
            ),
            inner,
        )
    else:
        who = " · ".join(p for p in (step.get("role", ""), step.get("unit", "")) if p)
        if who:
            details += wrap(who, inner)
    details += wrap(f"SLA {_days(step.get('sla_days', ''), lang)}", inner)
    return title, details


def _step_box(canvas: _Canvas, step: dict, lang: str, parallel: bool) -> None:
    inner = BOX_WIDTH - 2 * PADDING
    title, details = _step_lines(step, inner, lang, parallel)
    height = 2 * PADDING + (len(title) + len(details)) * LINE_HEIGHT
    x = (WIDTH - BOX_WIDTH) / 2
    baseline = canvas.y + PADDING + FONT_SIZE
    canvas.add(
        f'<g class="step"><rect x="{x:.1f}" y="{canvas.y:.1f}" width="{BOX_WIDTH}" height="{height}" rx="6" '
        f'fill="{BOX_FILL}" stroke="{BRAND}" stroke-width="2"/>'
        + _text(WIDTH / 2, baseline, title, bold=True)
        + _text(WIDTH / 2, baseline + len(title) * LINE_HEIGHT, details)
        + "</g>"
    )
    canvas.y += height


def _fork(canvas: _Canvas, step: dict, lang: str) -> None:
    """Fork bar -> one box per parallel unit side by side -> join bar."""
    units = list(step.get("parallel") or [])
    count = len(units)
    span = WIDTH - 2 * MARGIN
    box_width = (span - (count - 1) * PARALLEL_GAP) / count
    centres = [MARGIN + box_width / 2 + i * (box_width + PARALLEL_GAP) for i in range(count)]
    inner = box_width - 2 * 6
    bodies = [wrap(name, inner, bold=True) + wrap(step.get("role", ""), inner) for name in units]
    height = 2 * PADDING + max(len(b) for b in bodies) * LINE_HEIGHT

    bar_y = canvas.y
    left, right = centres[0], centres[-1]
    canvas.add(
        f'<rect class="fork" x="{left - 20:.1f}" y="{bar_y:.1f}" width="{right - left + 40:.1f}" '
        f'height="{BAR_HEIGHT}" fill="{MUTED}"/>'
    )
    top = bar_y + BAR_HEIGHT + ARROW_GAP
    for centre, name, body in zip(centres, units, bodies):
        canvas.add(_arrow(centre, bar_y + BAR_HEIGHT, top))
        bold_lines = len(wrap(name, inner, bold=True))
        baseline = top + PADDING + FONT_SIZE
        canvas.add(
            f'<g class="parallel-unit"><rect x="{centre - box_width / 2:.1f}" y="{top:.1f}" '
            f'width="{box_width:.1f}" height="{height}" rx="6" fill="{PARALLEL_FILL}" '
            f'stroke="{PARALLEL_LINE}" stroke-width="2"/>'
            + _text(centre, baseline, body[:bold_lines], bold=True)
            + _text(centre, baseline + bold_lines * LINE_HEIGHT, body[bold_lines:])
            + "</g>"
        )
    bottom = top + height
    join_y = bottom + ARROW_GAP
    for centre in centres:
        canvas.add(_arrow(centre, bottom, join_y))
    canvas.add(
        f'<rect class="join" x="{left - 20:.1f}" y="{join_y:.1f}" width="{right - left + 40:.1f}" '
        f'height="{BAR_HEIGHT}" fill="{MUTED}"/>'
    )
    canvas.y = join_y + BAR_HEIGHT


def title_text(steps: list[dict], lang: str = "id") -> str:
    total = total_sla(steps)
    return _t(
        lang,
        f"Alur prosedur: {len(steps)} langkah, total {_days(total, lang)}",
        f"Procedure flow: {len(steps)} step{'s' if len(steps) != 1 else ''}, {_days(total, lang)} in total",
    )


def render_svg(steps: list[dict], lang: str = "id", id_prefix: str = "flowchart") -> str:
    """The procedure as an inline SVG (fits a phone: viewBox + width 100%; the stylesheet caps it at its own 480 px).

    No style attribute: the site's Content-Security-Policy (style-src 'self') would block it.
    """
    canvas = _Canvas()
    _terminal(canvas, _t(lang, "Permohonan diajukan", "Application submitted"), "start")
    for number, step in enumerate(steps, start=1):
        step = {**step, "position": step.get("position") or number}
        parallel = len(step.get("parallel") or []) >= 2
        canvas.add(_arrow(WIDTH / 2, canvas.y, canvas.y + ARROW_GAP))
        canvas.y += ARROW_GAP
        _step_box(canvas, step, lang, parallel)
        if parallel:
            canvas.add(_arrow(WIDTH / 2, canvas.y, canvas.y + ARROW_GAP))
            canvas.y += ARROW_GAP
            _fork(canvas, step, lang)
    canvas.add(_arrow(WIDTH / 2, canvas.y, canvas.y + ARROW_GAP))
    canvas.y += ARROW_GAP
    _terminal(canvas, _t(lang, "Selesai", "Done"), "finish")
    height = canvas.y + MARGIN
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    description = text_alternative(steps, lang)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="{FONT}" class="flowchart">'
        f'<title id="{title_id}">{escape(title_text(steps, lang))}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>' + "".join(canvas.parts) + "</svg>"
    )


def total_sla(steps: list[dict]) -> int:
    """A parallel step costs its SLA once (its units work at the same time)."""
    return sum(int(s.get("sla_days") or 0) for s in steps)


def _join(names: list[str], lang: str) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {_t(lang, 'dan', 'and')} {names[-1]}"


def describe_step(step: dict, lang: str = "id") -> str:
    """One step in plain language, e.g. "Verifikasi berkas — oleh Petugas, Bidang Perizinan; paling lama 2 hari kerja."."""
    name = step.get("name", "")
    days = _days(step.get("sla_days", ""), lang)
    units = [u for u in step.get("parallel") or [] if u]
    if len(units) >= 2:
        who = _t(
            lang,
            f"langkah paralel: {_join(units, lang)} bekerja bersamaan dan semuanya harus menyetujui",
            f"parallel step: {_join(units, lang)} work at the same time and all must approve",
        )
        if step.get("role"):
            who += f" ({step['role']})"
    else:
        actor = ", ".join(p for p in (step.get("role", ""), step.get("unit", "")) if p)
        who = _t(lang, f"oleh {actor}", f"by {actor}") if actor else ""
    limit = _t(lang, f"paling lama {days}", f"within {days}")
    return f"{name} — {who}; {limit}." if who else f"{name} — {limit}."


def text_alternative(steps: list[dict], lang: str = "id") -> str:
    """The whole procedure as ordered plain text (for screen readers, text browsers and print)."""
    lines = [
        _t(
            lang,
            f"Permohonan diajukan, lalu melalui {len(steps)} langkah "
            f"dengan total paling lama {_days(total_sla(steps), lang)}:",
            f"After the application is submitted it goes through {len(steps)} step{'s' if len(steps) != 1 else ''} "
            f"taking at most {_days(total_sla(steps), lang)} in total:",
        )
    ]
    lines += [f"{index}. {describe_step(step, lang)}" for index, step in enumerate(steps, start=1)]
    lines.append(_t(lang, "Selesai.", "Done."))
    return "\n".join(lines)


def figure(steps: list[dict], lang: str = "id", id_prefix: str = "flowchart") -> dict:
    """What `workflow/_flowchart.html` expects: the SVG, the steps each with its sentence, and the title."""
    described = [{**step, "text": describe_step(step, lang)} for step in steps]
    return {
        "svg": render_svg(steps, lang, id_prefix),
        "steps": described,
        "title": title_text(steps, lang),
        "total_days": total_sla(steps),
    }
