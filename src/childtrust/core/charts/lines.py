"""Line charts: one series over time, and several series with their confidence intervals (the
outcomes indicator page's trend against England)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from childtrust.core.charts.svg import (
    HEIGHT,
    LINE,
    MAX_MARKERS,
    WIDTH,
    ChartPoint,
    format_number,
    format_percent,
    plot_area,
    scale_max,
    svg_open,
    tidy_max,
    x_labels,
    y_axis,
)


def line_chart(
    points: Sequence[ChartPoint],
    *,
    chart_id: str,
    title: str,
    description: str,
    y_max: float | None = None,
    percent: bool = False,
    x_label: str = "",
    y_label: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> SafeString:
    """A line through the points, left to right, on a scale from 0 to `y_max` (the largest
    value when not given). `percent` labels the scale as percentages."""
    scale = scale_max([p.value for p in points], y_max)
    y_format = format_percent if percent else format_number
    left, top, plot_width, plot_height = plot_area(width, height)
    count = len(points)
    xs = [
        left + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)
        for index in range(count)
    ]
    ys = [top + plot_height - plot_height * min(p.value, scale) / scale for p in points]
    parts = svg_open(chart_id, title, description, width, height)
    parts += y_axis(y_max=scale, width=width, height=height, y_format=y_format, y_label=y_label)
    if points:
        coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
        parts.append(
            f'<polyline points="{coordinates}" fill="none" stroke="{LINE}" stroke-width="3" '
            'stroke-linejoin="round"/>'
        )
        if count <= MAX_MARKERS:
            parts += [
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE}"/>'
                for x, y in zip(xs, ys, strict=True)
            ]
    parts += x_labels([p.label for p in points], xs, height=height, x_label=x_label, width=width)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


SECOND_LINE = "#505a5f"


LIMIT_95 = "#f47738"


LIMIT_99_8 = "#d4351c"


@dataclass(frozen=True)
class IntervalPoint:
    label: str
    value: float | None
    lower: float | None = None
    upper: float | None = None
    #: what the point's tooltip says, such as "2023/24: 225.7 per 100,000 aged under 18"
    words: str = ""


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[IntervalPoint]
    colour: str = LINE


def interval_line_chart(
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    x_label: str = "",
    y_label: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> SafeString:
    """One line for each series over the same labels (those of the first series), with each
    point's interval, where given, drawn as an error bar, and a key naming the series."""
    labels = [p.label for p in series[0].points] if series else []
    found = [v for s in series for p in s.points for v in (p.value, p.upper) if v is not None]
    scale = tidy_max(max(found, default=0.0))
    left, top, plot_width, plot_height = plot_area(width, height)
    count = len(labels)
    xs = {
        label: left + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)
        for index, label in enumerate(labels)
    }

    def y_of(value: float) -> float:
        return top + plot_height - plot_height * min(max(value, 0.0), scale) / scale

    parts = svg_open(chart_id, title, description, width, height)
    parts += y_axis(
        y_max=scale, width=width, height=height, y_format=format_number, y_label=y_label
    )
    for index, line in enumerate(series):
        shown = [p for p in line.points if p.value is not None and p.label in xs]
        for p in shown:
            if p.lower is not None and p.upper is not None:
                x = xs[p.label]
                y1, y2 = y_of(p.lower), y_of(p.upper)
                parts.append(
                    f'<path d="M{x - 5:.1f},{y1:.1f}H{x + 5:.1f}M{x:.1f},{y1:.1f}V{y2:.1f}'
                    f'M{x - 5:.1f},{y2:.1f}H{x + 5:.1f}" stroke="{line.colour}" '
                    'stroke-width="1.5" fill="none"/>'
                )
        if shown:
            coordinates = " ".join(f"{xs[p.label]:.1f},{y_of(p.value or 0):.1f}" for p in shown)
            dash = ' stroke-dasharray="6 4"' if index else ""
            parts.append(
                f'<polyline points="{coordinates}" fill="none" stroke="{line.colour}" '
                f'stroke-width="3"{dash}/>'
            )
            parts += [
                f'<circle cx="{xs[p.label]:.1f}" cy="{y_of(p.value or 0):.1f}" r="4" '
                f'fill="{line.colour}">'
                + (f"<title>{escape(p.words)}</title>" if p.words else "")
                + "</circle>"
                for p in shown
            ]
        parts.append(
            f'<text x="{left + 8 + 200 * index:.1f}" y="{top + 12:.1f}" fill="{line.colour}">'
            f"{'—' if not index else '- -'} {escape(line.name)}</text>"
        )
    parts += x_labels(labels, list(xs.values()), height=height, x_label=x_label, width=width)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)
