"""Charts drawn on the server as SVG (no JavaScript, CSP-safe: presentation attributes only).

Each chart has a <title> and <desc> and is paired in the page with a data table carrying the same
numbers (WCAG 1.1.1: the table is the text alternative).

Each chart is drawn twice: a wide drawing (640 units across) for screens, and a narrow one (320 units across,
horizontal bars with their labels above them) that insights.css shows instead under 40rem. Scaled down to a phone,
the wide drawing's labels shrank to about 6 px (issue 15); the narrow one is drawn at about the size a phone shows
it, so its labels stay at NARROW_FONT px or more and never share a line with another label."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

COLOURS = ("#1f5f8b", "#e08a00", "#3b7d3b", "#8b1f4f")
WIDE_FONT = 12
NARROW_WIDTH = 320  # a 360 px phone shows it about 328 px wide: drawn at the size it is read
NARROW_FONT = 13
VALUE_ROOM = 64  # right of the longest bar: room for its figure ("100,0%", "1.234")
INSET = 2  # a letter's overhang ("J") stays inside the drawing


def _open(chart_id: str, width: int, height: int, title: str, desc: str, kind: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" class="chart chart-{kind}" focusable="false">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>'
    )


def _text(x, y, content: str, size: int, anchor: str = "start") -> str:
    anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return f'<text x="{x}" y="{y}"{anchor_attr} font-size="{size}" fill="#333">{escape(content)}</text>'


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _num(value) -> str:
    """A figure as the page's language writes it, like the tables beside the chart: 98,3 (98.3 in English)."""
    if isinstance(value, float | Decimal):
        return number_format(value, 1, use_l10n=True)
    return str(value)


def bars(
    *,
    title: str,
    desc: str,
    labels: list[str],
    series: list[tuple[str, list]],
    chart_id: str,
    width: int = 640,
    height: int = 240,
    unit: str = "",
) -> str:
    """Grouped vertical bars: one group per label, one bar per series (None = no data); on a phone, one row per
    label with its bars across (see _narrow_bars)."""
    return mark_safe(
        _wide_bars(title, desc, labels, series, chart_id, width, height, unit)
        + _narrow_bars(title, desc, labels, series, chart_id + "-n", unit)
    )


def _wide_bars(title, desc, labels, series, chart_id, width, height, unit) -> str:
    left, bottom, top = 44, 36, 24
    plot_w, plot_h = width - left - 8, height - bottom - top
    values = [v for _, data in series for v in data if v is not None]
    peak = max(values, default=0) or 1
    group_w = plot_w / max(len(labels), 1)
    bar_w = max(group_w * 0.8 / max(len(series), 1), 1)
    parts = [
        _open(chart_id, width, height, title, desc, "wide"),
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#333"/>',
        _text(left - 4, top + 4, f"{_num(peak)}{unit}", WIDE_FONT, "end"),
        _text(left - 4, top + plot_h, "0", WIDE_FONT, "end"),
    ]
    for index, label in enumerate(labels):
        x0 = left + index * group_w + group_w * 0.1
        for position, (_, data) in enumerate(series):
            value = data[index]
            if value is None:
                continue
            h = plot_h * value / peak
            parts.append(
                f'<rect x="{x0 + position * bar_w:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[position % len(COLOURS)]}"/>'
            )
        if len(labels) <= 12 or index % max(len(labels) // 12, 1) == 0:
            # "Des 2026" on two lines (month, then year): twelve labels side by side do not overlap.
            x = f"{x0 + group_w * 0.4:.1f}"
            lines = label.split(" ", 1)
            spans = "".join(
                f'<tspan x="{x}" dy="{0 if number == 0 else WIDE_FONT + 1}">{escape(line)}</tspan>'
                for number, line in enumerate(lines)
            )
            parts.append(
                f'<text x="{x}" y="{height - bottom + 14}" text-anchor="middle" font-size="{WIDE_FONT}" '
                f'fill="#333">{spans}</text>'
            )
    for position, (name, _) in enumerate(series):
        x = left + position * 150
        parts.append(
            f'<rect x="{x}" y="4" width="10" height="10" fill="{COLOURS[position % len(COLOURS)]}"/>'
            + _text(x + 14, 13, name, WIDE_FONT)
        )
    parts.append("</svg>")
    return "".join(parts)


def _legend(series) -> tuple[list[str], float]:
    """The series' swatches and names, one per line at the top of a narrow chart; returns (parts, height)."""
    line = NARROW_FONT + 7
    parts = [
        f'<rect x="{INSET}" y="{index * line + 3}" width="12" height="12" fill="{COLOURS[index % len(COLOURS)]}"/>'
        + _text(INSET + 18, index * line + NARROW_FONT + 1, name, NARROW_FONT)
        for index, (name, _) in enumerate(series)
    ]
    return parts, len(series) * line + 6


def _narrow_bars(title, desc, labels, series, chart_id, unit) -> str:
    """The phone's drawing of `bars`: per label (a month), its name on a line of its own, then one horizontal bar
    per series with its figure after the bar."""
    values = [v for _, data in series for v in data if v is not None]
    peak = max(values, default=0) or 1
    bar_h, gap = NARROW_FONT + 3, 3
    label_h = NARROW_FONT + 6
    plot_w = NARROW_WIDTH - VALUE_ROOM - INSET
    parts, y = _legend(series)
    body = []
    for index, label in enumerate(labels):
        body.append(_text(INSET, y + NARROW_FONT, label, NARROW_FONT))
        y += label_h
        for position, (_, data) in enumerate(series):
            value = data[index]
            colour = COLOURS[position % len(COLOURS)]
            w = 0 if value is None else plot_w * value / peak
            body.append(f'<rect x="{INSET}" y="{y:.1f}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>')
            figure = "—" if value is None else f"{_num(value)}{unit}"
            body.append(_text(f"{INSET + w + 4:.1f}", f"{y + NARROW_FONT:.1f}", figure, NARROW_FONT))
            y += bar_h + gap
        y += 8
    height = int(y) + 2
    return _open(chart_id, NARROW_WIDTH, height, title, desc, "narrow") + "".join(parts + body) + "</svg>"


def ranking(
    *,
    title: str,
    desc: str,
    rows: list[tuple[str, float | None]],
    chart_id: str,
    width: int = 640,
    maximum: float = 100.0,
    unit: str = "%",
) -> str:
    """Horizontal bars, best first (rows without a value are listed last, without a bar); on a phone each row's
    name stands on its own line above its bar."""
    rows = sorted(rows, key=lambda row: (row[1] is None, -(row[1] or 0)))[:20]
    return mark_safe(
        _wide_ranking(title, desc, rows, chart_id, width, maximum, unit)
        + _narrow_ranking(title, desc, rows, chart_id + "-n", maximum, unit)
    )


def _wide_ranking(title, desc, rows, chart_id, width, maximum, unit) -> str:
    label_w, row_h = 250, 22  # 30 characters at WIDE_FONT fit left of the bars
    height = row_h * len(rows) + 10
    plot_w = width - label_w - 70
    parts = [_open(chart_id, width, height, title, desc, "wide")]
    for index, (label, value) in enumerate(rows):
        y = 5 + index * row_h
        parts.append(_text(label_w - 6, y + 14, _shorten(label, 30), WIDE_FONT, "end"))
        if value is None:
            parts.append(_text(label_w + 4, y + 14, "—", WIDE_FONT))
            continue
        w = plot_w * min(float(value), maximum) / maximum
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{COLOURS[0]}"/>'
            + _text(f"{label_w + w + 4:.1f}", y + 14, f"{_num(value)}{unit}", WIDE_FONT)
        )
    parts.append("</svg>")
    return "".join(parts)


def _narrow_ranking(title, desc, rows, chart_id, maximum, unit) -> str:
    bar_h = NARROW_FONT + 3
    row_h = NARROW_FONT + 6 + bar_h + 10
    plot_w = NARROW_WIDTH - VALUE_ROOM - INSET
    parts = []
    for index, (label, value) in enumerate(rows):
        y = index * row_h
        parts.append(_text(INSET, y + NARROW_FONT, _shorten(label, 40), NARROW_FONT))
        bar_y = y + NARROW_FONT + 6
        w = 0 if value is None else plot_w * min(float(value), maximum) / maximum
        if value is not None:
            parts.append(f'<rect x="{INSET}" y="{bar_y}" width="{w:.1f}" height="{bar_h}" fill="{COLOURS[0]}"/>')
        figure = "—" if value is None else f"{_num(value)}{unit}"
        parts.append(_text(f"{INSET + w + 4:.1f}", bar_y + NARROW_FONT, figure, NARROW_FONT))
    height = row_h * len(rows) + 2
    return _open(chart_id, NARROW_WIDTH, height, title, desc, "narrow") + "".join(parts) + "</svg>"
