"""The funnel plot: each area's value against its size, with the 95% and 99.8% control limits
around the comparator."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from childtrust.core.charts.svg import (
    HEIGHT,
    INK,
    LINE,
    WIDTH,
    Y_TICKS,
    format_number,
    plot_area,
    svg_open,
    tidy_max,
    x_labels,
    y_axis,
)


@dataclass(frozen=True)
class FunnelPoint:
    label: str
    denominator: float
    value: float


@dataclass(frozen=True)
class FunnelLine:
    """A limit drawn across the plot: the limit's value at each denominator."""

    name: str
    denominators: Sequence[float]
    values: Sequence[float]
    colour: str


def funnel_plot(
    points: Sequence[FunnelPoint],
    *,
    centre: float,
    limits: Sequence[FunnelLine],
    chart_id: str,
    title: str,
    description: str,
    x_label: str = "",
    y_label: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> SafeString:
    """A scatter of value against denominator with a centre line and funnel limits."""
    x_max = tidy_max(max((p.denominator for p in points), default=0.0))
    found = [p.value for p in points] + [centre] + [v for line in limits for v in line.values]
    found = [v for v in found if not math.isnan(v)]
    scale = tidy_max(max(found, default=0.0))
    left, top, plot_width, plot_height = plot_area(width, height)

    def x_of(n: float) -> float:
        return left + plot_width * min(max(n, 0.0), x_max) / x_max

    def y_of(value: float) -> float:
        return top + plot_height - plot_height * min(max(value, 0.0), scale) / scale

    parts = svg_open(chart_id, title, description, width, height)
    parts += y_axis(
        y_max=scale, width=width, height=height, y_format=format_number, y_label=y_label
    )
    parts.append(
        f'<line x1="{left:.1f}" y1="{y_of(centre):.1f}" x2="{left + plot_width:.1f}" '
        f'y2="{y_of(centre):.1f}" stroke="{INK}" stroke-width="2"/>'
    )
    for line in limits:
        coordinates = " ".join(
            f"{x_of(n):.1f},{y_of(v):.1f}"
            for n, v in zip(line.denominators, line.values, strict=True)
            if not math.isnan(v)
        )
        parts.append(
            f'<polyline points="{coordinates}" fill="none" stroke="{line.colour}" '
            f'stroke-width="1.5" stroke-dasharray="5 3" class="app-funnel-limit">'
            f"<title>{escape(line.name)}</title></polyline>"
        )
    for p in points:
        parts.append(
            f'<circle cx="{x_of(p.denominator):.1f}" cy="{y_of(p.value):.1f}" r="5" '
            f'fill="{LINE}"><title>{escape(p.label)}</title></circle>'
        )
    ticks = [x_max * i / Y_TICKS for i in range(Y_TICKS + 1)]
    parts += x_labels(
        [format_number(round(t)) for t in ticks],
        [x_of(t) for t in ticks],
        height=height,
        x_label=x_label,
        width=width,
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)
