"""Charts drawn on the server as SVG (no JavaScript, CSP-safe: presentation attributes only).

Each chart has a <title> and <desc> and is paired in the page with a data table carrying the same
numbers (WCAG 1.1.1: the table is the text alternative)."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

COLOURS = ("#1f5f8b", "#e08a00", "#3b7d3b", "#8b1f4f")


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
    """Grouped vertical bars: one group per label, one bar per series (None = no data)."""
    left, bottom, top = 44, 36, 24
    plot_w, plot_h = width - left - 8, height - bottom - top
    values = [v for _, data in series for v in data if v is not None]
    peak = max(values, default=0) or 1
    group_w = plot_w / max(len(labels), 1)
    bar_w = max(group_w * 0.8 / max(len(series), 1), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" class="chart" focusable="false">',
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" font-size="11" fill="#333">{_num(peak)}{unit}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" font-size="11" fill="#333">0</text>',
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
                f'<tspan x="{x}" dy="{0 if number == 0 else 12}">{escape(line)}</tspan>'
                for number, line in enumerate(lines)
            )
            parts.append(
                f'<text x="{x}" y="{height - bottom + 14}" text-anchor="middle" font-size="11" fill="#333">{spans}</text>'
            )
    for position, (name, _) in enumerate(series):
        x = left + position * 150
        parts.append(
            f'<rect x="{x}" y="4" width="10" height="10" fill="{COLOURS[position % len(COLOURS)]}"/>'
            f'<text x="{x + 14}" y="13" font-size="11" fill="#333">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


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
    """Horizontal bars, best first (rows without a value are listed last, without a bar)."""
    rows = sorted(rows, key=lambda row: (row[1] is None, -(row[1] or 0)))[:20]
    label_w, row_h = 220, 22
    height = row_h * len(rows) + 10
    plot_w = width - label_w - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" class="chart" focusable="false">',
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        y = 5 + index * row_h
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="11" fill="#333">{escape(short)}</text>'
        )
        if value is None:
            parts.append(f'<text x="{label_w + 4}" y="{y + 14}" font-size="11" fill="#333">—</text>')
            continue
        w = plot_w * min(float(value), maximum) / maximum
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{COLOURS[0]}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="11" fill="#333">{_num(value)}{unit}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
