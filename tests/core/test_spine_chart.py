"""The spine chart and the bar chart with a benchmark line (core/charts.py)."""

from __future__ import annotations

import re

from childtrust.core.charts import ChartPoint, bar_chart_with_line, spine_chart


def _spine(value: float | None, *, worst: float = 0.0, best: float = 100.0) -> str:
    return spine_chart(
        chart_id="s",
        title="Smoking <in> pregnancy",
        description="Where the area stands",
        centre=50.0,
        worst=worst,
        percentile_25=40.0 if worst < best else 60.0,
        percentile_75=60.0 if worst < best else 40.0,
        best=best,
        value=value,
        marker_fill="#00703c",
    )


def _circle_x(svg: str) -> float:
    match = re.search(r'<circle cx="([\d.]+)"', svg)
    assert match is not None
    return float(match.group(1))


def test_the_spine_chart_has_an_escaped_title_and_a_description() -> None:
    svg = _spine(75.0)
    assert 'role="img"' in svg
    assert '<title id="s-title">Smoking &lt;in&gt; pregnancy</title>' in svg
    assert '<desc id="s-desc">Where the area stands</desc>' in svg


def test_the_benchmark_is_the_centre_line_and_better_values_sit_to_the_right() -> None:
    svg = _spine(75.0)
    assert '<line x1="150.0"' in svg
    assert _circle_x(svg) > 150


def test_where_low_is_good_the_lower_value_sits_to_the_right() -> None:
    assert _circle_x(_spine(25.0, worst=100.0, best=0.0)) > 150
    assert _circle_x(_spine(25.0)) < 150


def test_an_area_with_no_value_has_no_marker() -> None:
    assert "<circle" not in _spine(None)


def test_the_bar_chart_draws_the_benchmark_as_a_labelled_dashed_line_on_a_round_scale() -> None:
    svg = bar_chart_with_line(
        [ChartPoint("Bevois", 27.9), ChartPoint("Bassett", 10.4)],
        line_value=19.5,
        line_label="Southampton",
        chart_id="w",
        title="Wards",
        description="Two wards",
    )
    assert svg.count("<rect") == 2
    assert 'stroke-dasharray="6 4"' in svg
    assert ">Southampton</text>" in svg
    assert ">50</text>" in svg  # 27.9 rounds the scale up to 50
    assert svg.endswith("</svg>")


def test_the_spine_chart_is_tall_enough_to_read_on_a_phone_and_keeps_its_circle_inside() -> None:
    """Drawn 300 wide, a chart shown 290 px wide on a phone keeps its height and its circle
    about as drawn: at least 44 high, a circle at least 9 in radius, wholly inside."""
    svg = _spine(0.0)
    view = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    assert view is not None
    assert int(view.group(2)) >= 44
    radius = re.search(r'<circle cx="[\d.]+" cy="[\d.]+" r="(\d+)"', svg)
    assert radius is not None
    assert int(radius.group(1)) >= 9
    assert _circle_x(svg) - int(radius.group(1)) >= 0
