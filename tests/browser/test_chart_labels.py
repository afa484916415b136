"""Chart labels a person can read (issue 15): on a 360 px phone the dashboard's and transparency pages' SVG charts
were the 640-unit drawing scaled down, their labels about 6 px high. Now each chart comes with a narrow drawing that
the stylesheet shows under 40rem. In Chromium, with the site's own stylesheets and the charts the views draw (13
months, 20 long agency names, missing values): every label of the chart shown is rendered at 12 px or more at
360 px, and no two labels overlap or leave the drawing, at 360 px and at 1280 px. Works without JavaScript: the
page below has none."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from loket.insights import charts

pytestmark = [pytest.mark.browser]

STATIC = Path(__file__).resolve().parents[2] / "src" / "loket"
STYLES = [STATIC / "core/static/loket/loket.css", STATIC / "insights/static/insights/insights.css"]
MONTHS = ["Des 2025", *(f"{m} 2026" for m in "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov".split()), "Des 2026*"]
AGENCIES = [
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kota Bandung",
    "Dinas Kependudukan dan Pencatatan Sipil Kota Banjarmasin",
    "Dinas Kesehatan Kabupaten Bandung",
    "Dinas Sosial Kota Depok",
    "Badan Kepegawaian Daerah Provinsi Jawa Barat",
]

# Each label of the charts shown: its rendered font size (font-size in user units × the drawing's scale) and box.
LABELS = """() => [...document.querySelectorAll('svg.chart')]
  .filter(svg => svg.getClientRects().length && getComputedStyle(svg).display !== 'none')
  .map(svg => { const frame = svg.getBoundingClientRect();
    return {id: svg.id || svg.getAttribute('aria-labelledby'), width: frame.width,
      frame: {left: frame.left, right: frame.right, top: frame.top, bottom: frame.bottom},
      labels: [...svg.querySelectorAll('text')].map(text => { const box = text.getBoundingClientRect();
        return {text: text.textContent, px: parseFloat(getComputedStyle(text).fontSize) * svg.getScreenCTM().a,
                left: box.left, right: box.right, top: box.top, bottom: box.bottom}; })}; })"""


def page_html(extra_style: str = "") -> str:
    with translation.override("id"):
        trend = charts.bars(
            title="Permohonan masuk dan selesai per bulan",
            desc="Diagram batang",
            labels=MONTHS,
            chart_id="trend",
            series=[
                ("Diterima", [1234, 980, 1011, 0, 15, 870, 1200, 1190, 640, 700, 1100, None, 90]),
                ("Selesai", [1200, 950, 1000, 0, 12, 800, 1180, 1100, 600, 690, 1050, None, 40]),
            ],
        )
        ranking = charts.ranking(
            title="Kepatuhan waktu layanan per perangkat daerah",
            desc="Persentase selesai tepat waktu",
            rows=[
                (f"{AGENCIES[i % len(AGENCIES)]} {i}", None if i == 7 else Decimal(100) - Decimal(i) * Decimal("3.7"))
                for i in range(20)
            ],
            chart_id="ranking",
        )
    styles = "\n".join(path.read_text() for path in STYLES) + extra_style
    return (
        '<!DOCTYPE html><html lang="id"><head><meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Grafik</title><style>{styles}</style></head><body><main class="wrap"><h1>Dasbor</h1>'
        f"<h2>Tren bulanan</h2>{trend}<h2>Peringkat</h2>{ranking}</main></body></html>"
    )


def overlapping(labels: list[dict]) -> list[str]:
    found = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            width = min(a["right"], b["right"]) - max(a["left"], b["left"])
            height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if width > 0.5 and height > 0.5:
                found.append(f"{a['text']!r} over {b['text']!r}")
    return found


def outside(chart: dict) -> list[str]:
    frame = chart["frame"]
    return [
        label["text"]
        for label in chart["labels"]
        if label["left"] < frame["left"] - 0.5 or label["right"] > frame["right"] + 0.5
    ]


@pytest.fixture
def chart_page(chromium):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_content(page_html())
    yield page
    context.close()


def test_on_a_phone_chart_labels_are_readable_and_apart(chart_page):
    chart_page.set_viewport_size({"width": 360, "height": 740})
    shown = chart_page.evaluate(LABELS)
    assert [chart["id"] for chart in shown] == ["trend-n-t trend-n-d", "ranking-n-t ranking-n-d"]  # the narrow ones
    scroll = chart_page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= 360, f"the page scrolls sideways ({scroll} px)"
    for chart in shown:
        assert len(chart["labels"]) > 20
        small = [f"{label['text']} ({label['px']:.1f} px)" for label in chart["labels"] if label["px"] < 12]
        assert not small, f"{chart['id']}: labels under 12 px at 360 px: {small[:5]}"
        assert not overlapping(chart["labels"]), f"{chart['id']}: {overlapping(chart['labels'])[:5]}"
        assert not outside(chart), f"{chart['id']}: labels cut off at the edge: {outside(chart)[:5]}"


def test_on_a_wide_screen_the_wide_drawing_shows_and_its_labels_stay_apart(chart_page):
    chart_page.set_viewport_size({"width": 1280, "height": 800})
    shown = chart_page.evaluate(LABELS)
    assert [chart["id"] for chart in shown] == ["trend-t trend-d", "ranking-t ranking-d"]
    for chart in shown:
        assert min(label["px"] for label in chart["labels"]) >= 12
        assert not overlapping(chart["labels"]), f"{chart['id']}: {overlapping(chart['labels'])[:5]}"
        assert not outside(chart), f"{chart['id']}: labels cut off at the edge: {outside(chart)[:5]}"


def test_the_measure_catches_the_wide_drawing_shrunk_onto_a_phone(chart_page):
    """A negative control: the wide drawing forced onto a 360 px screen is what issue 15 saw (labels about 6 px)."""
    chart_page.set_content(
        page_html(".chart-wide { display:block !important; } .chart-narrow { display:none !important; }")
    )
    shown = chart_page.evaluate(LABELS)
    assert [chart["id"] for chart in shown] == ["trend-t trend-d", "ranking-t ranking-d"]
    assert max(label["px"] for chart in shown for label in chart["labels"]) < 7
