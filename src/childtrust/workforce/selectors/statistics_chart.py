"""The national comparison's line chart: the partnership beside England, its region and its
comparators over the census years, drawn as SVG with core.charts' canvas, axes and labels.

Why not core.charts' `interval_line_chart`: that chart names its lines inside the picture, side
by side, where four or five names do not fit, and is drawn 640 wide, so that on a phone its text
shrinks to half its size. This one is drawn 360 wide (its text stays readable at 320 px, and the
page sets it in half the column on a wide screen), and its key is the page's own list beneath
it, which says in words how each line is drawn. Each line differs by its dashes and its markers
as well as its colour, so that none is told apart by colour alone; a published figure its counts
do not give is ringed in red."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from childtrust.core.charts import LIMIT_99_8
from childtrust.core.charts.svg import (
    format_number,
    format_percent,
    plot_area,
    svg_open,
    tidy_max,
    x_labels,
    y_axis,
)

WIDTH = 360
HEIGHT = 260


@dataclass(frozen=True)
class LineStyle:
    colour: str
    dashes: str  # SVG stroke-dasharray; "" for a solid line
    marker: str  # "circle", "square", "triangle" or "diamond"
    words: str  # how the key describes it


#: The styles in the order the page's lines use them: the partnership's published figures, its
#: own figures, England, the region, the comparators' average.
STYLES = (
    LineStyle("#1d70b8", "", "circle", "solid blue line with round markers"),
    LineStyle("#003078", "2 4", "square", "dotted dark blue line with square markers"),
    LineStyle("#505a5f", "9 5", "triangle", "dashed grey line with triangle markers"),
    LineStyle(
        "#912b88",
        "14 4 3 4",
        "diamond",
        "purple line of long and short dashes with diamond markers",
    ),
    LineStyle("#00703c", "5 3", "circle", "short-dashed green line with round markers"),
)


@dataclass(frozen=True)
class ChartLine:
    name: str
    values: Sequence[float | None]  # one for each year of the chart; None leaves a gap
    style: LineStyle
    flagged: Sequence[bool] = ()  # the years whose published figure is flagged


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        return (
            f'<path d="M{x:.1f},{y - 5:.1f}L{x + 5:.1f},{y + 4:.1f}L{x - 5:.1f},{y + 4:.1f}Z" '
            f'fill="{colour}"/>'
        )
    if kind == "diamond":
        return (
            f'<path d="M{x:.1f},{y - 5:.1f}L{x + 5:.1f},{y:.1f}L{x:.1f},{y + 5:.1f}'
            f'L{x - 5:.1f},{y:.1f}Z" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _segments(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """The runs of points with no gap between them: a missing year breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def comparison_chart(
    lines: Sequence[ChartLine],
    years: Sequence[int],
    *,
    percent: bool,
    chart_id: str,
    title: str,
    description: str,
) -> SafeString:
    """One line for each of `lines` over the years, on a scale from 0 to a round number above
    the largest value."""
    found = [v for line in lines for v in line.values if v is not None]
    scale = tidy_max(max(found, default=0.0))
    left, top, plot_width, plot_height = plot_area(WIDTH, HEIGHT)
    count = len(years)
    xs = [
        left + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)
        for index in range(count)
    ]

    def y_of(value: float) -> float:
        return top + plot_height - plot_height * min(max(value, 0.0), scale) / scale

    parts = svg_open(chart_id, title, description, WIDTH, HEIGHT)
    parts += y_axis(
        y_max=scale,
        width=WIDTH,
        height=HEIGHT,
        y_format=format_percent if percent else format_number,
        y_label="",
    )
    for line in lines:
        style = line.style
        points = [
            (xs[index], y_of(value)) if value is not None else None
            for index, value in enumerate(line.values[:count])
        ]
        dash = f' stroke-dasharray="{style.dashes}"' if style.dashes else ""
        for run in _segments(points):
            if len(run) > 1:
                coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline points="{coordinates}" fill="none" stroke="{style.colour}" '
                    f'stroke-width="3" stroke-linejoin="round"{dash}/>'
                )
        for index, point in enumerate(points):
            if point is None:
                continue
            parts.append(_marker(style.marker, *point, style.colour))
            if index < len(line.flagged) and line.flagged[index]:
                parts.append(
                    f'<circle cx="{point[0]:.1f}" cy="{point[1]:.1f}" r="9" fill="none" '
                    f'stroke="{LIMIT_99_8}" stroke-width="2"/>'
                )
    parts += x_labels([str(year) for year in years], xs, width=WIDTH, height=HEIGHT, x_label="")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (svg_open and x_labels escape every text)


def key_swatch(style: LineStyle) -> SafeString:
    """A short piece of the line and its marker, for the key beneath the chart (decorative: the
    key's words say the same)."""
    dash = f' stroke-dasharray="{style.dashes}"' if style.dashes else ""
    return mark_safe(  # noqa: S308 (no text: colours and numbers from STYLES)
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 14" width="48" height="14" '
        'aria-hidden="true" focusable="false">'
        f'<line x1="2" y1="7" x2="46" y2="7" stroke="{style.colour}" stroke-width="3"{dash}/>'
        f"{_marker(style.marker, 24, 7, style.colour)}</svg>"
    )
