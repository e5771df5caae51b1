"""The SVG bar chart builder: proportional bars, round ticks, empty data, escaping, accessibility, palette contrast."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.safestring import SafeString
from hypothesis import given
from hypothesis import strategies as st

import zicht
from zicht.core.charts import PALETTE, Series, bar_chart, nice_ticks

SVG = "{http://www.w3.org/2000/svg}"
CSS = Path(zicht.__file__).parent / "static" / "zicht" / "css" / "zicht.css"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it is well-formed XML


def bars(root: ET.Element) -> list[ET.Element]:
    group = root.find(f"{SVG}g[@class='chart__bars']")
    return [] if group is None else group.findall(f"{SVG}rect")


def chart(**kwargs) -> str:
    defaults = {
        "title": "Aanbod",
        "description": "Bedden per verblijfsduur",
        "categories": ["Short stay", "Mid stay", "Long stay"],
        "series": [Series("Bestaand", [100, 50, 25]), Series("Gepland", [0, 200, 10])],
    }
    defaults.update(kwargs)
    with translation.override("nl"):
        return bar_chart(**defaults)


def test_output_is_safe_accessible_svg_without_style_attributes():
    svg = chart()
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Aanbod" and desc.text == "Bedden per verblijfsduur"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "style=" not in svg  # CSP forbids inline style attributes
    assert "<script" not in svg


def test_grouped_bar_heights_are_proportional_to_values():
    root = parse(chart())
    drawn = {rect.find(f"{SVG}title").text: float(rect.get("height")) for rect in bars(root)}
    # Zero values draw nothing; the table shows them.
    assert len(drawn) == 5
    per_bed = drawn["Short stay, Bestaand: 100"] / 100
    assert drawn["Mid stay, Bestaand: 50"] == pytest.approx(50 * per_bed, abs=0.02)
    assert drawn["Long stay, Bestaand: 25"] == pytest.approx(25 * per_bed, abs=0.02)
    assert drawn["Mid stay, Gepland: 200"] == pytest.approx(200 * per_bed, abs=0.02)
    assert drawn["Long stay, Gepland: 10"] == pytest.approx(10 * per_bed, abs=0.02)


def test_bars_stand_on_the_baseline_and_grouped_bars_sit_side_by_side():
    rects = bars(parse(chart()))
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 1) for r in rects}
    assert len(bottoms) == 1
    short_existing, mid_existing, mid_planned = rects[0], rects[1], rects[2]
    assert float(mid_planned.get("x")) == pytest.approx(float(mid_existing.get("x")) + float(mid_existing.get("width")))
    assert float(mid_existing.get("x")) > float(short_existing.get("x"))


def test_stacked_segments_sum_to_the_total_height():
    root = parse(chart(stacked=True, series=[Series("A", [30, 10, 0]), Series("B", [70, 0, 5])]))
    rects = bars(root)
    first_a, first_b = rects[0], rects[1]
    assert float(first_b.get("x")) == float(first_a.get("x"))
    # B sits on top of A: its bottom is A's top.
    assert float(first_b.get("y")) + float(first_b.get("height")) == pytest.approx(float(first_a.get("y")), abs=0.02)
    assert float(first_b.get("height")) == pytest.approx(float(first_a.get("height")) * 70 / 30, abs=0.05)


def test_the_axis_reaches_the_largest_value_with_round_ticks():
    root = parse(chart(series=[Series("Bestaand", [1234, 0, 7])]))
    axis = root.find(f"{SVG}g[@class='chart__axis']")
    labels = [text.text for text in axis.findall(f"{SVG}text")]
    assert labels == ["0", "500", "1.000", "1.500"]
    # One series: no legend needed.
    assert root.find(f"{SVG}g[@class='chart__legend']") is None


def test_the_legend_names_every_series_in_its_colour():
    root = parse(chart())
    legend = root.find(f"{SVG}g[@class='chart__legend']")
    assert [t.text for t in legend.findall(f"{SVG}text")] == ["Bestaand", "Gepland"]
    assert [r.get("fill") for r in legend.findall(f"{SVG}rect")] == list(PALETTE[:2])


def test_a_long_legend_wraps_onto_more_rows():
    names = [f"Een lange reeksnaam nummer {i}" for i in range(6)]
    root = parse(chart(categories=["x"], series=[Series(name, [i + 1]) for i, name in enumerate(names)]))
    rows = {r.get("y") for r in root.find(f"{SVG}g[@class='chart__legend']").findall(f"{SVG}rect")}
    assert len(rows) > 1


@pytest.mark.parametrize(
    ("categories", "series"),
    [([], [Series("A", [])]), (["x", "y"], []), ([], [])],
)
def test_no_data_gives_a_chart_that_says_so(categories, series):
    root = parse(chart(categories=categories, series=series))
    assert bars(root) == []
    assert "Geen gegevens" in "".join(root.itertext())


def test_all_zero_values_draw_no_bars_and_a_sane_axis():
    root = parse(chart(series=[Series("A", [0, 0, 0])]))
    assert bars(root) == []
    labels = [t.text for t in root.find(f"{SVG}g[@class='chart__axis']").findall(f"{SVG}text")]
    assert labels == ["0", "1"]


def test_labels_are_escaped():
    nasty = '<script>alert("x")</script> & "quotes"'
    svg = chart(title=nasty, description=nasty, categories=[nasty, "b", "c"], series=[Series(nasty, [1, 2, 3])])
    assert "<script>" not in svg
    root = parse(svg)  # still well-formed
    assert root.find(f"{SVG}title").text == nasty
    assert nasty in list(root.itertext())


def test_mismatched_or_negative_values_are_refused():
    with pytest.raises(ValueError):
        chart(series=[Series("A", [1, 2])])
    with pytest.raises(ValueError):
        chart(series=[Series("A", [1, -2, 3])])


def test_ids_follow_the_title_or_the_given_id():
    assert parse(chart(title="Gepland per jaar")).find(f"{SVG}title").get("id") == "chart-gepland-per-jaar-title"
    assert parse(chart(chart_id="mine")).find(f"{SVG}desc").get("id") == "mine-desc"


@given(st.floats(min_value=0.001, max_value=1e9, allow_nan=False))
def test_ticks_are_round_and_cover_the_maximum(maximum):
    ticks = nice_ticks(maximum, integer=False)
    assert ticks[0] == 0 and ticks[-1] >= maximum * (1 - 1e-9)
    step = ticks[1] - ticks[0]
    mantissa = float(f"{step:e}".split("e")[0])
    assert mantissa in (1.0, 2.0, 5.0)
    assert 2 <= len(ticks) <= 11
    assert all(b - a == pytest.approx(step) for a, b in itertools.pairwise(ticks))


@given(st.integers(min_value=0, max_value=10**7))
def test_integer_ticks_are_whole_numbers(maximum):
    ticks = nice_ticks(maximum)
    assert all(isinstance(tick, int) for tick in ticks)
    assert ticks[-1] >= maximum
    assert len(ticks) <= 11


def test_negative_maximum_is_refused():
    with pytest.raises(ValueError):
        nice_ticks(-1)


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_palette_comes_from_the_stylesheet_and_stands_out_against_white():
    root = re.search(r":root\s*\{(.*?)\}", CSS.read_text(), re.S).group(1)
    tokens = {value.lower() for value in re.findall(r"--zicht-[\w-]+:\s*(#[0-9a-fA-F]{6})\s*;", root)}
    for colour in PALETTE:
        assert colour.lower() in tokens
        assert contrast(colour, "#ffffff") >= 3.0  # WCAG 1.4.11 non-text contrast


def test_long_category_labels_wrap_onto_lines_instead_of_overlapping():
    svg = str(
        bar_chart(
            title="Werkgemeente",
            description="Bewoners naar werkgemeente",
            categories=["Werkt in de eigen gemeente", "Werkt elders in de regio", "Werkt buiten de regio", "Onbekend"],
            series=[Series(label="Bewoners", values=[147, 62, 37, 0])],
        )
    )
    assert svg.count("<tspan") > 4, "the long labels were not broken over lines"
    assert ">Werkt in de<" in svg or ">Werkt in de eigen<" in svg
    assert "Werkt in de eigen gemeente<" not in svg
