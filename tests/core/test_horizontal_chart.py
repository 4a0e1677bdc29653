"""Bars lying down: a row each, named at the left, from a zero line, the value at the right."""

from __future__ import annotations

from xml.etree import ElementTree

from childtrust.core.charts import ChartPoint, horizontal_bar_chart
from childtrust.core.charts.horizontal import (
    NAME_CHARACTERS,
    NAME_WIDTH,
    NARROW_WIDTH,
    VALUE_WIDTH,
    name_lines,
)

SVG = "{http://www.w3.org/2000/svg}"


def _chart(*values: float) -> ElementTree.Element:
    svg = horizontal_bar_chart(
        [ChartPoint(f"Field {index} <&>", value) for index, value in enumerate(values)],
        chart_id="evidence",
        title="What each field added",
        description="The dates agree.",
        x_label="Match weight (units)",
    )
    return ElementTree.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)


def _zero_x(root: ElementTree.Element) -> float:
    zero = root.find(f"{SVG}line[@class='app-chart__zero']")
    assert zero is not None
    return float(zero.get("x1", "nan"))


def test_the_chart_is_an_image_named_by_its_title_and_description_with_readable_text() -> None:
    root = _chart(3.0)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "evidence-title evidence-desc"
    assert root.get("viewBox", "").startswith(f"0 0 {NARROW_WIDTH} ")
    assert root.get("font-size") == "15"


def test_each_bar_has_its_name_and_its_value_in_its_row_escaped() -> None:
    root = _chart(3.0, -1.5)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Field 0 <&>" in texts
    assert "Field 1 <&>" in texts
    assert "3" in texts  # the value, and a gridline's number
    assert "\u22121.5" in texts  # a true minus sign
    assert "Match weight (units)" in texts


def test_a_bar_above_zero_goes_right_and_one_below_goes_left_of_the_zero_line() -> None:
    root = _chart(4.0, -2.0)
    zero = _zero_x(root)
    above, below = root.findall(f"{SVG}rect")
    assert float(above.get("x", "nan")) == zero
    assert float(above.get("width", "0")) > 0
    assert float(below.get("x", "nan")) + float(below.get("width", "nan")) == zero
    assert float(below.get("width", "0")) > 0
    assert float(below.get("x", "nan")) >= NAME_WIDTH
    assert zero + float(above.get("width", "0")) <= NARROW_WIDTH - VALUE_WIDTH + 0.1


def test_all_zero_values_draw_no_bar_but_a_scale() -> None:
    root = _chart(0.0, 0.0)
    assert all(float(rect.get("width", "1")) == 0 for rect in root.findall(f"{SVG}rect"))
    assert _zero_x(root) == NAME_WIDTH


def test_a_name_too_long_for_its_column_is_on_two_lines_not_cut_off() -> None:
    assert name_lines("Sex") == ["Sex"]
    assert name_lines("Address and postcode") == ["Address and", "postcode"]
    assert name_lines("Starting weight") == ["Starting", "weight"]
    assert all(len(line) <= NAME_CHARACTERS for line in name_lines("Address and postcode"))
    svg = horizontal_bar_chart(
        [ChartPoint("Address and postcode", -3.4)],
        chart_id="evidence",
        title="What each field added",
        description="The homes differ.",
    )
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)
    spans = [span.text for span in root.iter(f"{SVG}tspan")]
    assert spans == ["Address and", "postcode"]
