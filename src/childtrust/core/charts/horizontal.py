"""Bars lying down, one row for each: the name at the left, the bar from a zero line (to the
right above zero, to the left below it), the value at the right.

For a few named values that must stay readable on a phone (the link review's evidence: what
each field added to or took from the match weight). Upright bars put their names side by side
under the plot, and a 640-wide chart's 14 px text is 6 px on a 290 px phone; here the names
are stacked, so the chart is drawn 360 wide with 15 px text, about 12 px at 290 px."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from childtrust.core.charts.svg import (
    GRID,
    INK,
    LINE,
    ChartPoint,
    format_number,
    round_up,
    signed_number,
    svg_open,
)

NARROW_WIDTH = 360
FONT_SIZE = 15
ROW = 40  # each bar's row: room for a name on two lines
BAR = 20
NAME_WIDTH = 108  # the names' column, right-aligned against the plot
NAME_CHARACTERS = 13  # about as many as a line of it holds at FONT_SIZE: longer names wrap
LINE_HEIGHT = 16
VALUE_WIDTH = 52  # the values' column, right-aligned at the chart's edge
TOP = 8
TICKS_HEIGHT = 24  # the scale's numbers under the plot
SCALE_NAME_HEIGHT = 22
STEPS = 4  # about this many gridlines' steps across the plot


def horizontal_bar_chart(
    bars: Sequence[ChartPoint],
    *,
    chart_id: str,
    title: str,
    description: str,
    x_label: str = "",
    value_format: Callable[[float], str] | None = None,
    width: int = NARROW_WIDTH,
) -> SafeString:
    """One bar a row, in the order given, on a scale from below zero (if any value is) to above
    it, widened to whole steps of a round number so that zero is a gridline."""
    shown = value_format or signed_number(format_number)
    scale_format = signed_number(format_number)
    values = [b.value for b in bars]
    lowest, highest = min([0.0, *values]), max([0.0, *values])
    if highest - lowest < 1e-9:
        highest = 1.0
    step = round_up((highest - lowest) / STEPS)
    bottom = math.floor(lowest / step + 1e-9) * step
    top = math.ceil(highest / step - 1e-9) * step
    left = NAME_WIDTH
    plot_width = width - NAME_WIDTH - VALUE_WIDTH
    plot_height = ROW * len(bars)
    height = TOP + plot_height + TICKS_HEIGHT + (SCALE_NAME_HEIGHT if x_label else 0)

    def x_of(value: float) -> float:
        return left + plot_width * (value - bottom) / (top - bottom)

    parts = svg_open(chart_id, title, description, width, height)
    parts[0] = parts[0].replace('font-size="14"', f'font-size="{FONT_SIZE}"')
    for index in range(round((top - bottom) / step) + 1):
        value = bottom + step * index
        x = x_of(value)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_height}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{TOP + plot_height + 18}" text-anchor="middle">'
            f"{escape(scale_format(value))}</text>"
        )
    zero = x_of(0.0)
    for index, bar in enumerate(bars):
        y = TOP + ROW * index
        end = x_of(min(max(bar.value, bottom), top))
        middle = y + ROW / 2 + 5  # the text's baseline, its middle on the bar's
        parts.append(
            _name(bar.label, x=left - 8, middle=middle)
            + f'<rect x="{min(zero, end):.1f}" y="{y + (ROW - BAR) / 2:.1f}" '
            f'width="{abs(end - zero):.1f}" height="{BAR}" fill="{LINE}"/>'
            f'<text x="{width - 4}" y="{middle:.1f}" text-anchor="end">'
            f"{escape(shown(bar.value))}</text>"
        )
    parts.append(
        f'<line x1="{zero:.1f}" y1="{TOP}" x2="{zero:.1f}" y2="{TOP + plot_height}" '
        f'stroke="{INK}" stroke-width="2" class="app-chart__zero"/>'
    )
    if x_label:
        parts.append(
            f'<text x="{left + plot_width / 2:.1f}" y="{height - 4}" text-anchor="middle">'
            f"{escape(x_label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


def _name(label: str, *, x: float, middle: float) -> str:
    """A bar's name, right-aligned: on one line, or on two ('Address and' over 'postcode')
    centred on the bar, when one line would run into the bars."""
    lines = name_lines(label)
    first = middle - LINE_HEIGHT * (len(lines) - 1) / 2
    spans = "".join(
        f'<tspan x="{x}" y="{first + LINE_HEIGHT * index:.1f}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text text-anchor="end">{spans}</text>'


def name_lines(label: str) -> list[str]:
    """The label on one line, or split at the space that best shares it between two."""
    if len(label) <= NAME_CHARACTERS or " " not in label:
        return [label]
    spaces = [i for i, character in enumerate(label) if character == " "]
    split = min(spaces, key=lambda i: max(i, len(label) - i - 1))
    return [label[:split], label[split + 1 :]]
