"""The inequality chart (core.charts.inequality): an accessible image with the deciles' points
and intervals at their population midpoints, the fitted line, a key and the decile numbers."""

from __future__ import annotations

import itertools
import re

from childtrust.core.charts.inequality import (
    INEQUALITY_WIDTH,
    DecilePoint,
    inequality_chart,
)


def _chart(points: list[DecilePoint], line: tuple[float, float] | None = (90.0, 30.0)) -> str:
    return str(
        inequality_chart(
            points,
            line=line,
            chart_id="inequality",
            title="Admissions <by> decile",
            description='Each decile & its "interval".',
            y_label="Value (per 100,000)",
        )
    )


TEN = [
    DecilePoint(d, 0.05 + 0.1 * (d - 1), 100.0 - 6 * d, 90.0 - 6 * d, 110.0 - 6 * d)
    for d in range(1, 11)
]
POINT = re.compile(r'<circle cx="([\d.]+)" cy="[\d.]+" r="5" fill="[^"]+"><title>')
LINE = re.compile(
    r'<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"[^>]*'
    r'class="app-inequality-line"'
)


def test_it_is_an_image_named_by_its_escaped_title_and_description() -> None:
    svg = _chart(TEN)
    assert 'role="img"' in svg
    assert 'aria-labelledby="inequality-title inequality-desc"' in svg
    assert '<title id="inequality-title">Admissions &lt;by&gt; decile</title>' in svg
    assert "Each decile &amp; its &quot;interval&quot;." in svg
    assert f'viewBox="0 0 {INEQUALITY_WIDTH} ' in svg
    assert INEQUALITY_WIDTH <= 440  # text stays readable when shrunk to a 280 px phone


def test_each_decile_is_a_point_with_its_interval_and_its_number() -> None:
    svg = _chart(TEN)
    points = re.findall(r"<circle [^>]*><title>Decile (\d+): ([\d.]+)</title>", svg)
    assert [int(d) for d, _ in points] == list(range(1, 11))
    assert points[0][1] == "94"
    assert svg.count('<path d="M') == 10  # one error bar each
    labels = re.findall(r'text-anchor="middle">(\d+)</text>', svg)
    assert labels == [str(d) for d in range(1, 11)]
    assert "Deprivation decile (1 most deprived)" in svg
    assert "Value (per 100,000)" in svg


def test_points_sit_at_their_population_midpoints_left_to_right() -> None:
    svg = _chart(TEN)
    xs = [
        float(x)
        for x in re.findall(r'<circle cx="([\d.]+)" cy="[\d.]+" r="5" fill="[^"]+"><title>', svg)
    ]
    assert xs == sorted(xs)
    gaps = [b - a for a, b in itertools.pairwise(xs)]
    assert max(gaps) - min(gaps) < 0.5  # equal shares, equal spacing


def test_the_fitted_line_runs_from_the_most_to_the_least_deprived_end_and_is_in_the_key() -> None:
    svg = _chart(TEN)
    (line,) = LINE.findall(svg)
    x1, y1, x2, y2 = (float(v) for v in line)
    assert x1 < x2
    assert y1 < y2  # 90 at the most deprived end is drawn higher than 30 at the least
    assert "Fitted line" in svg
    assert "Decile value" in svg
    assert "Fitted line" not in _chart(TEN, line=None)


def test_close_decile_labels_are_not_drawn_over_each_other() -> None:
    crowded = [
        DecilePoint(1, 0.30, 50.0),
        DecilePoint(2, 0.31, 48.0),
        DecilePoint(3, 0.80, 40.0),
    ]
    svg = _chart(crowded)
    labels = re.findall(r'text-anchor="middle">(\d+)</text>', svg)
    assert labels == ["1", "3"]
    assert svg.count("<title>Decile") == 3  # every point is still drawn and named
