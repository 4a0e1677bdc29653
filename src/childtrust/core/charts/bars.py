"""Bar charts: bars from zero, bars either side of zero (an appraisal's net present values),
bars with a reference line, and paired bars (a budget against its forecast)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from childtrust.core.charts.svg import (
    GRID,
    HEIGHT,
    INK,
    LINE,
    MARGIN_RIGHT,
    WIDTH,
    Y_TICKS,
    ChartPoint,
    format_number,
    format_percent,
    plot_area,
    round_up,
    scale_max,
    signed_number,
    svg_open,
    x_labels,
    y_axis,
    y_gridlines,
)


def bar_chart(
    bars: Sequence[ChartPoint],
    *,
    chart_id: str,
    title: str,
    description: str,
    y_max: float | None = None,
    y_min: float | None = None,
    percent: bool = False,
    x_label: str = "",
    y_label: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> SafeString:
    """One upright bar for each value, in the order given, on a scale from 0 to `y_max`.

    When a value is below zero (or `y_min` is), the scale runs from below zero to above it,
    with gridlines on round numbers, a darker line at zero, bars above zero rising from it and
    bars below zero hanging down from it; the labels stay under the plot, clear of the bars."""
    lowest = min((b.value for b in bars), default=0.0)
    if lowest < 0 or (y_min is not None and y_min < 0):
        return _signed_bar_chart(
            bars,
            chart_id=chart_id,
            title=title,
            description=description,
            y_min=min(lowest, y_min if y_min is not None else 0.0),
            y_max=max([b.value for b in bars] + [y_max or 0.0]),
            percent=percent,
            x_label=x_label,
            y_label=y_label,
            width=width,
            height=height,
        )
    scale = scale_max([b.value for b in bars], y_max)
    y_format = format_percent if percent else format_number
    left, top, plot_width, plot_height = plot_area(width, height)
    slot = plot_width / max(len(bars), 1)
    bar_width = slot * 0.7
    xs = [left + slot * index + slot / 2 for index in range(len(bars))]
    parts = svg_open(chart_id, title, description, width, height)
    parts += y_axis(y_max=scale, width=width, height=height, y_format=y_format, y_label=y_label)
    for x, bar in zip(xs, bars, strict=True):
        bar_height = plot_height * min(max(bar.value, 0.0), scale) / scale
        parts.append(
            f'<rect x="{x - bar_width / 2:.1f}" y="{top + plot_height - bar_height:.1f}" '
            f'width="{bar_width:.1f}" height="{bar_height:.1f}" fill="{LINE}"/>'
        )
    parts += x_labels([b.label for b in bars], xs, height=height, x_label=x_label, width=width)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


def _signed_bar_chart(
    bars: Sequence[ChartPoint],
    *,
    chart_id: str,
    title: str,
    description: str,
    y_min: float,
    y_max: float,
    percent: bool,
    x_label: str,
    y_label: str,
    width: int,
    height: int,
) -> SafeString:
    """bar_chart for values on both sides of zero: `y_min` < 0 <= `y_max` are the least the
    scale must hold; it is widened to whole steps of a round number so that zero is a gridline."""
    step = round_up((y_max - y_min) / Y_TICKS)
    bottom = math.floor(y_min / step + 1e-9) * step
    top = max(math.ceil(y_max / step - 1e-9) * step, 0.0)
    y_format = signed_number(format_percent if percent else format_number)
    left, plot_top, plot_width, plot_height = plot_area(width, height)

    def y_of(value: float) -> float:
        return plot_top + plot_height * (top - value) / (top - bottom)

    values = [bottom + step * index for index in range(round((top - bottom) / step) + 1)]
    parts = svg_open(chart_id, title, description, width, height)
    parts += y_gridlines(
        [(value, y_of(value)) for value in values],
        width=width,
        height=height,
        y_format=y_format,
        y_label=y_label,
    )
    slot = plot_width / max(len(bars), 1)
    bar_width = slot * 0.7
    xs = [left + slot * index + slot / 2 for index in range(len(bars))]
    zero = y_of(0.0)
    for x, bar in zip(xs, bars, strict=True):
        end = y_of(min(max(bar.value, bottom), top))
        parts.append(
            f'<rect x="{x - bar_width / 2:.1f}" y="{min(zero, end):.1f}" '
            f'width="{bar_width:.1f}" height="{abs(end - zero):.1f}" fill="{LINE}"/>'
        )
    # The zero line is drawn over the bars, darker than the gridlines, so that a bar's start
    # is plain whichever way it goes.
    parts.append(
        f'<line x1="{left:.1f}" y1="{zero:.1f}" x2="{left + plot_width:.1f}" y2="{zero:.1f}" '
        f'stroke="{INK}" stroke-width="2" class="app-chart__zero"/>'
    )
    parts += x_labels([b.label for b in bars], xs, height=height, x_label=x_label, width=width)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


def bar_chart_with_line(
    bars: Sequence[ChartPoint],
    *,
    line_value: float,
    line_label: str,
    chart_id: str,
    title: str,
    description: str,
    y_max: float | None = None,
    x_label: str = "",
    y_label: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> SafeString:
    """Upright bars, as bar_chart draws them, with a dashed level line across the chart at
    `line_value` (a benchmark such as the local authority's value), labelled at its right end."""
    scale = scale_max([*(b.value for b in bars), line_value], y_max)
    if y_max is None:
        scale = round_up(scale)
    chart = bar_chart(
        bars,
        chart_id=chart_id,
        title=title,
        description=description,
        y_max=scale,
        x_label=x_label,
        y_label=y_label,
        width=width,
        height=height,
    )
    left, top, plot_width, plot_height = plot_area(width, height)
    y = top + plot_height - plot_height * min(max(line_value, 0.0), scale) / scale
    line = (
        f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{left + plot_width:.1f}" y2="{y:.1f}" '
        f'stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{left + plot_width:.1f}" y="{y - 6:.1f}" text-anchor="end">'
        f"{escape(line_label)}</text>"
    )
    return mark_safe(chart.removesuffix("</svg>") + line + "</svg>")  # noqa: S308 (escaped)


PAIR_FIRST = "#505a5f"  # the first of each pair (such as the budget): dark grey

PAIR_SECOND = LINE  # the second (such as the forecast): blue

PAIR_LABEL_WIDTH = 190

PAIR_ROW_HEIGHT = 44

PAIR_BAR_HEIGHT = 14


@dataclass(frozen=True)
class PairedBar:
    label: str  # the row's name, shown at the left
    first: float
    second: float


def paired_bar_chart(
    rows: Sequence[PairedBar],
    *,
    first_name: str,
    second_name: str,
    chart_id: str,
    title: str,
    description: str,
    x_label: str = "",
    width: int = WIDTH,
) -> SafeString:
    """Two horizontal bars a row, the first dark grey and the second blue, on one scale from 0,
    with a legend naming the two at the top: for comparing two figures (a budget and its
    forecast) across rows whose names are too long to sit under upright bars. Below-zero values
    are drawn as 0; the table beside the chart gives them."""
    top, legend_height, bottom = 8, 28, 44
    height = top + legend_height + PAIR_ROW_HEIGHT * max(len(rows), 1) + bottom
    left = PAIR_LABEL_WIDTH
    plot_width = width - left - MARGIN_RIGHT
    plot_top = top + legend_height
    plot_height = PAIR_ROW_HEIGHT * max(len(rows), 1)
    largest = max([max(r.first, r.second) for r in rows], default=0.0)
    scale = round_up(largest) if largest > 0 else 1.0

    def x_of(value: float) -> float:
        return left + plot_width * min(max(value, 0.0), scale) / scale

    parts = svg_open(chart_id, title, description, width, height)
    for index, (colour, name) in enumerate(((PAIR_FIRST, first_name), (PAIR_SECOND, second_name))):
        x = left + index * plot_width / 2
        parts.append(f'<rect x="{x:.1f}" y="{top}" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20:.1f}" y="{top + 12}">{escape(name)}</text>')
    for tick in range(Y_TICKS + 1):
        value = scale * tick / Y_TICKS
        x = x_of(value)
        parts.append(
            f'<line x1="{x:.1f}" y1="{plot_top}" x2="{x:.1f}" y2="{plot_top + plot_height}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{plot_top + plot_height + 18}" text-anchor="middle">'
            f"{escape(format_number(value))}</text>"
        )
    for index, row in enumerate(rows):
        y = plot_top + PAIR_ROW_HEIGHT * index + (PAIR_ROW_HEIGHT - 2 * PAIR_BAR_HEIGHT) / 2
        parts.append(
            f'<text x="{left - 8}" y="{y + PAIR_BAR_HEIGHT + 5:.1f}" text-anchor="end">'
            f"{escape(row.label)}</text>"
        )
        for offset, (colour, value) in enumerate(
            ((PAIR_FIRST, row.first), (PAIR_SECOND, row.second))
        ):
            parts.append(
                f'<rect x="{left}" y="{y + offset * PAIR_BAR_HEIGHT:.1f}" '
                f'width="{x_of(value) - left:.1f}" height="{PAIR_BAR_HEIGHT}" fill="{colour}"/>'
            )
    if x_label:
        parts.append(
            f'<text x="{left + plot_width / 2:.1f}" y="{height - 6}" text-anchor="middle">'
            f"{escape(x_label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)
