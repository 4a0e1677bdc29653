"""The inequality chart: each deprivation decile's value with its confidence interval, placed at
the decile's population midpoint from the most deprived (left) to the least deprived (right),
with the fitted line whose slope is the slope index of inequality.

The points sit at their population midpoints, not evenly spaced, so that the fitted line is the
straight line the slope index was worked out from; each point is labelled with its decile's
number under the axis (a label too close to the one before it is left off, the table beside the
chart gives every figure). The chart is narrower than the others (INEQUALITY_WIDTH), with
larger text, and names its scale in a line above the plot rather than up its side, so that its
text stays readable (about 12 px) when it is shrunk to a phone's 280 pixels."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from childtrust.core.charts.svg import (
    INK,
    LINE,
    format_number,
    plot_area,
    svg_open,
    tidy_max,
    y_axis,
)

INEQUALITY_WIDTH = 360

INEQUALITY_HEIGHT = 330

FONT_SIZE = 15

#: Room above the plot for the scale's name and the key, a line each.
TOP_ROWS = 48

#: The least room, in the chart's units, between two decile labels under the axis.
LABEL_GAP = 18


@dataclass(frozen=True)
class DecilePoint:
    decile: int
    #: The decile's population midpoint: 0 the most deprived end, 1 the least deprived.
    rank: float
    value: float
    lower: float | None = None
    upper: float | None = None


def inequality_chart(
    points: Sequence[DecilePoint],
    *,
    line: tuple[float, float] | None,
    chart_id: str,
    title: str,
    description: str,
    y_label: str = "",
    x_label: str = "Deprivation decile (1 most deprived)",
    width: int = INEQUALITY_WIDTH,
    height: int = INEQUALITY_HEIGHT,
) -> SafeString:
    """The deciles' values as points with their intervals as error bars, on a scale from 0,
    and `line` (the fitted values at rank 0 and rank 1), dashed, drawn across the plot and
    cut at the scale's ends, with the scale's name (`y_label`) and a key naming the two at the
    top."""
    found = [v for p in points for v in (p.value, p.upper) if v is not None and math.isfinite(v)]
    if line is not None:
        found += [v for v in line if math.isfinite(v)]
    scale = tidy_max(max(found, default=0.0))
    left, top, plot_width, plot_height = plot_area(width, height)
    key_height = TOP_ROWS
    top += key_height
    plot_height -= key_height

    def x_of(rank: float) -> float:
        return left + plot_width * min(max(rank, 0.0), 1.0)

    def y_of(value: float) -> float:
        return top + plot_height - plot_height * min(max(value, 0.0), scale) / scale

    parts = svg_open(chart_id, title, description, width, height)
    parts[0] = parts[0].replace('font-size="14"', f'font-size="{FONT_SIZE}"')
    if y_label:
        parts.append(f'<text x="4" y="{top - key_height + 2:.1f}">{escape(y_label)}</text>')
    # The scale's gridlines as every chart draws them, in the plot below the key.
    parts += _gridlines(scale, width, height, key_height)
    for p in points:
        x = x_of(p.rank)
        if p.lower is not None and p.upper is not None:
            y1, y2 = y_of(p.lower), y_of(p.upper)
            parts.append(
                f'<path d="M{x - 5:.1f},{y1:.1f}H{x + 5:.1f}M{x:.1f},{y1:.1f}V{y2:.1f}'
                f'M{x - 5:.1f},{y2:.1f}H{x + 5:.1f}" stroke="{LINE}" stroke-width="1.5" '
                'fill="none"/>'
            )
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y_of(p.value):.1f}" r="5" fill="{LINE}">'
            f"<title>Decile {p.decile}: {escape(format_number(round(p.value, 1)))}</title>"
            "</circle>"
        )
    if line is not None:
        start, end = line
        parts.append(
            f'<line x1="{x_of(0.0):.1f}" y1="{y_of(start):.1f}" x2="{x_of(1.0):.1f}" '
            f'y2="{y_of(end):.1f}" stroke="{INK}" stroke-width="2" stroke-dasharray="6 4" '
            'class="app-inequality-line"/>'
        )
    parts += _key(left, top - 14, plot_width, with_line=line is not None)
    parts += _decile_labels(points, x_of, top + plot_height + 20)
    if x_label:
        parts.append(
            f'<text x="{left + plot_width / 2:.1f}" y="{height - 6}" text-anchor="middle">'
            f"{escape(x_label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


def _key(left: float, y: float, plot_width: float, *, with_line: bool) -> list[str]:
    """What the points and the dashed line are, above the plot."""
    parts = [
        f'<circle cx="{left + 6:.1f}" cy="{y:.1f}" r="5" fill="{LINE}"/>',
        f'<text x="{left + 16:.1f}" y="{y + 5:.1f}">Decile value</text>',
    ]
    if with_line:
        middle = left + plot_width * 0.5
        parts.append(
            f'<line x1="{middle:.1f}" y1="{y:.1f}" x2="{middle + 24:.1f}" y2="{y:.1f}" '
            f'stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        parts.append(f'<text x="{middle + 30:.1f}" y="{y + 5:.1f}">Fitted line</text>')
    return parts


def _decile_labels(
    points: Sequence[DecilePoint], x_of: Callable[[float], float], y: float
) -> list[str]:
    """Each decile's number under its point, left to right, leaving off one too close to the
    label before it."""
    parts = []
    last = -math.inf
    for p in sorted(points, key=lambda p: p.rank):
        x = x_of(p.rank)
        if x - last < LABEL_GAP:
            continue
        last = x
        parts.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{p.decile}</text>')
    return parts


def _gridlines(scale: float, width: int, height: int, key_height: int) -> list[str]:
    """The y scale of svg.y_axis, drawn in a plot `key_height` shorter at the top (the key's
    room): the axis is drawn on a canvas that much shorter and moved down by it."""
    parts = y_axis(
        y_max=scale,
        width=width,
        height=height - key_height,
        y_format=format_number,
        y_label="",
    )
    return [f'<g transform="translate(0 {key_height})">{"".join(parts)}</g>']
