"""The generated SOP flowchart: well-formed, escaped, self-contained SVG with a text alternative."""

import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from loket.workflow import flowchart
from loket.workflow.queries import flowchart_for

SVG = "{http://www.w3.org/2000/svg}"

STEPS = [
    {
        "position": 1,
        "name": "Verifikasi <script>alert('x')</script> & berkas",
        "role": "Petugas",
        "unit": "Bidang Perizinan & Non-Perizinan",
        "sla_days": 2,
        "parallel": [],
    },
    {
        "position": 2,
        "name": "Kajian teknis, hukum dan lingkungan oleh tim gabungan lintas bidang dinas",
        "role": "Petugas",
        "unit": "",
        "sla_days": 2,
        "parallel": ["Tim Teknis", "Subbagian Hukum", "Bidang Pengendalian dan Pengawasan Lingkungan Hidup"],
    },
    {
        "position": 3,
        "name": "Penetapan oleh kepala dinas",
        "role": "Kepala perangkat daerah",
        "unit": "",
        "sla_days": 1,
        "parallel": [],
    },
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def all_text(root: ET.Element) -> str:
    return " ".join(span.text or "" for span in root.iter(f"{SVG}tspan"))


def test_svg_is_well_formed_and_fits_a_phone():
    root = parse(flowchart.render_svg(STEPS))
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%" and root.get("role") == "img"
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    assert width <= 640 and height > 300
    for rect in root.iter(f"{SVG}rect"):
        x, w = float(rect.get("x")), float(rect.get("width"))
        assert 0 <= x and x + w <= width, "every box stays inside the drawing"
    assert root.find(f"{SVG}title").text.startswith("Alur prosedur: 3 langkah, total 5 hari kerja")


def test_every_step_name_is_escaped_and_nothing_external_or_executable():
    svg = flowchart.render_svg(STEPS)
    assert "<script" not in svg and "&lt;script&gt;" in svg and "&amp; berkas" in svg
    root = parse(svg)
    text = all_text(root)
    # Names are wrapped over lines, so compare word by word in order.
    for step in STEPS:
        for word in step["name"].split():
            assert word in text
    assert "<script>alert('x')</script>" in root.find(f"{SVG}desc").text
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "title", "desc", "g", "rect", "text", "tspan", "line", "polygon"}
    for element in root.iter():
        assert not any("href" in name or name == "style" or name.startswith("on") for name in element.attrib)


def test_parallel_step_forks_into_one_box_per_unit_and_joins_again():
    root = parse(flowchart.render_svg(STEPS))
    groups = list(root.iter(f"{SVG}g"))
    assert [g.get("class") for g in groups].count("parallel-unit") == 3
    assert [g.get("class") for g in groups].count("step") == 3
    rects = {r.get("class") for r in root.iter(f"{SVG}rect")}
    assert {"fork", "join"} <= rects
    units = [g for g in groups if g.get("class") == "parallel-unit"]
    tops = {g.find(f"{SVG}rect").get("y") for g in units}
    assert len(tops) == 1, "parallel units are drawn side by side"
    assert "Subbagian Hukum" in all_text(root)


def test_no_fork_without_parallel_units():
    root = parse(flowchart.render_svg([STEPS[0], STEPS[2]]))
    assert not [g for g in root.iter(f"{SVG}g") if g.get("class") == "parallel-unit"]
    assert not [r for r in root.iter(f"{SVG}rect") if r.get("class") == "fork"]


def test_long_text_is_wrapped_to_fit_its_box():
    lines = flowchart.wrap("Bidang Pengendalian dan Pengawasan Lingkungan Hidup Kabupaten", 120)
    assert len(lines) > 2
    assert all(flowchart.text_width(line) <= 120 for line in lines)
    assert " ".join(lines) == "Bidang Pengendalian dan Pengawasan Lingkungan Hidup Kabupaten"
    broken = flowchart.wrap("X" * 80, 100)
    assert "".join(broken) == "X" * 80 and all(flowchart.text_width(line) <= 100 for line in broken)


def test_text_alternative_lists_the_steps_in_order():
    text = flowchart.text_alternative(STEPS, "id")
    lines = text.splitlines()
    assert lines[0].startswith("Permohonan diajukan, lalu melalui 3 langkah dengan total paling lama 5 hari kerja")
    assert lines[1].startswith("1. Verifikasi <script>")
    assert "oleh Petugas, Bidang Perizinan & Non-Perizinan; paling lama 2 hari kerja." in lines[1]
    assert lines[2].startswith("2. Kajian teknis")
    assert "Tim Teknis, Subbagian Hukum dan Bidang Pengendalian" in lines[2]
    assert "semuanya harus menyetujui" in lines[2]
    assert lines[3].startswith(
        "3. Penetapan oleh kepala dinas — oleh Kepala perangkat daerah; paling lama 1 hari kerja"
    )
    assert lines[-1] == "Selesai."
    english = flowchart.text_alternative(STEPS, "en")
    assert "within 1 working day." in english and "all must approve" in english


def test_include_template_shows_figure_svg_and_ordered_list():
    html = render_to_string("workflow/_flowchart.html", {"flowchart": flowchart.figure(STEPS)})
    assert "<figure" in html and "<figcaption>" in html and 'role="img"' in html
    assert "<title id=" in html and "<desc id=" in html
    items = html.split("<li>")[1:]
    assert len(items) == 3
    assert items[0].startswith("Verifikasi &lt;script&gt;")  # autoescaped in the list too
    assert "<script>" not in html
    assert render_to_string("workflow/_flowchart.html", {"flowchart": None}).strip() == ""


@pytest.mark.django_db
def test_flowchart_for_a_published_standard_is_cached(process_service, django_assert_num_queries):
    standard = process_service.current
    figure = flowchart_for(standard, "id")
    assert [s["name"] for s in figure["steps"]] == [
        "Verifikasi berkas",
        "Kajian teknis dan hukum",
        "Penetapan oleh kepala dinas",
    ]
    assert figure["steps"][1]["parallel"] == ["Subbagian Hukum", "Tim Teknis"]
    assert figure["steps"][0]["unit"] == "Bidang Perizinan"
    assert figure["steps"][2]["role"] == "Kepala perangkat daerah"
    parse(figure["svg"])
    with django_assert_num_queries(0):
        assert flowchart_for(standard, "id") == figure
    assert flowchart_for(standard, "en")["steps"][2]["role"] == "Head of agency"


@pytest.mark.django_db
def test_flowchart_for_a_standard_without_steps_is_none(draft):
    assert flowchart_for(draft) is None
    assert flowchart_for(None) is None
