"""The hand-written SVG charts: accessible names, escaped text, points and bars in place."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from childtrust.core.charts import ChartPoint, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)


def test_line_chart_is_an_image_named_by_its_title_and_description() -> None:
    svg = line_chart(
        [ChartPoint("Day 0", 10), ChartPoint("Day 1", 50)],
        chart_id="reach",
        title="Share reached",
        description="Half were reached by day 1.",
    )
    root = parsed(svg)

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "reach-title reach-desc"
    assert root.find(f"{SVG}title").text == "Share reached"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Half were reached by day 1."  # type: ignore[union-attr]


def test_chart_text_is_escaped() -> None:
    svg = line_chart(
        [ChartPoint("<b>", 1)],
        chart_id="x",
        title="A & B <script>",
        description='"quoted"',
    )

    assert "<script>" not in svg
    assert "A &amp; B &lt;script&gt;" in svg
    parsed(svg)  # still well-formed


def test_line_runs_from_bottom_left_to_top_right_on_a_percent_scale() -> None:
    svg = line_chart(
        [ChartPoint("Day 0", 0), ChartPoint("Day 1", 100)],
        chart_id="c",
        title="t",
        description="d",
        y_max=100,
        percent=True,
        width=200,
        height=100,
    )
    points = parsed(svg).find(f"{SVG}polyline").get("points")  # type: ignore[union-attr]
    (x0, y0), (x1, y1) = (tuple(map(float, p.split(","))) for p in points.split())  # type: ignore[union-attr]

    assert x0 < x1
    assert y0 > y1
    assert y0 == 100 - 48  # the bottom of the plot area
    assert y1 == 16  # the top
    assert "100%" in svg
    assert "0%" in svg


def test_values_above_the_scale_are_drawn_at_its_top() -> None:
    svg = line_chart(
        [ChartPoint("a", 500)], chart_id="c", title="t", description="d", y_max=100, height=100
    )
    circle = parsed(svg).find(f"{SVG}circle")

    assert circle is not None
    assert float(circle.get("cy", "0")) == 16


def test_long_series_show_a_few_x_labels_including_first_and_last() -> None:
    points = [ChartPoint(f"Day {n}", n) for n in range(60)]
    svg = line_chart(points, chart_id="c", title="t", description="d")
    labels = [t.text for t in parsed(svg).iter(f"{SVG}text") if (t.text or "").startswith("Day")]

    assert labels[0] == "Day 0"
    assert labels[-1] == "Day 59"
    assert len(labels) <= 9
    assert not parsed(svg).findall(f"{SVG}circle")  # too many points for markers


def test_an_empty_line_chart_still_draws_its_scale() -> None:
    svg = line_chart([], chart_id="c", title="t", description="d")

    assert parsed(svg).find(f"{SVG}polyline") is None
    assert len(re.findall("<line ", svg)) == 5


def test_bar_chart_draws_one_bar_per_value_in_proportion() -> None:
    svg = bar_chart(
        [ChartPoint("Level 1", 100), ChartPoint("Level 2", 50), ChartPoint("Level 3", 0)],
        chart_id="levels",
        title="Reached by level",
        description="All of level 1, half of level 2.",
        y_max=100,
        percent=True,
    )
    heights = [float(r.get("height", "0")) for r in parsed(svg).iter(f"{SVG}rect")]

    assert len(heights) == 3
    assert heights[0] == 2 * heights[1]
    assert heights[2] == 0


def _bars(svg: str) -> list[tuple[float, float]]:
    """Each bar's top and bottom edge, in SVG units (y grows downwards)."""
    return [
        (float(r.get("y", "0")), float(r.get("y", "0")) + float(r.get("height", "0")))
        for r in parsed(svg).iter(f"{SVG}rect")
    ]


def _zero_line_y(svg: str) -> float:
    [zero] = [
        line for line in parsed(svg).iter(f"{SVG}line") if line.get("class") == "app-chart__zero"
    ]
    assert zero.get("y1") == zero.get("y2")
    return float(zero.get("y1", "0"))


def _scale_labels(svg: str) -> list[str]:
    return [
        text.text or ""
        for text in parsed(svg).iter(f"{SVG}text")
        if text.get("text-anchor") == "end"
    ]


def test_a_bar_below_zero_hangs_down_from_a_zero_line() -> None:
    svg = bar_chart(
        [ChartPoint("Gain", 8), ChartPoint("Loss", -2), ChartPoint("Nil", 0)],
        chart_id="npv",
        title="Net present value",
        description="One option loses money.",
        y_max=10,
    )
    zero = _zero_line_y(svg)
    (gain_top, gain_bottom), (loss_top, loss_bottom), (nil_top, nil_bottom) = _bars(svg)

    assert gain_bottom == pytest.approx(zero)
    assert gain_top < zero
    assert loss_top == pytest.approx(zero)
    assert loss_bottom > zero
    assert nil_top == nil_bottom == pytest.approx(zero)
    # In proportion: the gain is four times the loss, on either side of the line.
    assert (zero - gain_top) == pytest.approx(4 * (loss_bottom - zero), abs=0.2)


def test_the_scale_below_zero_falls_on_round_numbers_with_a_true_minus_sign() -> None:
    svg = bar_chart(
        [ChartPoint("A", 8.3), ChartPoint("B", -2.1)],
        chart_id="npv",
        title="t",
        description="d",
        y_max=10,
    )
    assert _scale_labels(svg) == ["\u22125", "0", "5", "10"]
    assert "-" not in "".join(_scale_labels(svg))


def test_below_zero_the_bar_labels_stay_under_the_plot_clear_of_the_bars() -> None:
    svg = bar_chart(
        [ChartPoint("Gain", 3), ChartPoint("Loss", -3)],
        chart_id="npv",
        title="t",
        description="d",
    )
    lowest_bar = max(bottom for _, bottom in _bars(svg))
    labels = {
        text.text: float(text.get("y", "0"))
        for text in parsed(svg).iter(f"{SVG}text")
        if text.get("text-anchor") == "middle"
    }
    assert labels["Gain"] > lowest_bar
    assert labels["Loss"] > lowest_bar


def test_every_value_below_zero_still_draws_zero_at_the_top() -> None:
    svg = bar_chart(
        [ChartPoint("A", -4), ChartPoint("B", -1)],
        chart_id="npv",
        title="t",
        description="d",
        percent=True,
    )
    zero = _zero_line_y(svg)
    assert all(top == pytest.approx(zero) for top, _ in _bars(svg))
    assert _scale_labels(svg)[-1] == "0%"
    assert _scale_labels(svg)[0].startswith("\u2212")


def test_a_chart_without_values_below_zero_is_drawn_as_before() -> None:
    bars = [ChartPoint("A", 3), ChartPoint("B", 1)]
    svg = bar_chart(bars, chart_id="c", title="t", description="d", y_max=4)
    assert "app-chart__zero" not in svg
    assert _scale_labels(svg) == ["0", "1", "2", "3", "4"]
    assert svg == bar_chart(bars, chart_id="c", title="t", description="d", y_max=4, y_min=0)
