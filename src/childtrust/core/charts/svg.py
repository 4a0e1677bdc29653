"""What every chart shares: the canvas and its margins, the colours, the opening <svg> with its
title and description, the y scale and its gridlines, the x labels, and round numbers for
scales. Text is escaped here, once, for every chart."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape

WIDTH = 640

HEIGHT = 280

MARGIN_LEFT = 56

MARGIN_RIGHT = 28  # room for half of the last x label

MARGIN_TOP = 16

MARGIN_BOTTOM = 48

Y_TICKS = 4  # gridlines above the axis: 0, 25, 50, 75 and 100% of the scale

MAX_X_LABELS = 8

MAX_MARKERS = 40  # past this many points, markers crowd the line and are left off

INK = "#0b0c0c"

GRID = "#b1b4b6"

LINE = "#1d70b8"

FONT = "arial, sans-serif"  # the service's font (GDS Transport is for GOV.UK alone)


@dataclass(frozen=True)
class ChartPoint:
    label: str  # what the x axis shows for the point
    value: float


def format_number(value: float) -> str:
    return f"{value:g}"


def format_percent(value: float) -> str:
    return f"{value:.0f}%"


def plot_area(width: int, height: int) -> tuple[float, float, float, float]:
    return (
        MARGIN_LEFT,
        MARGIN_TOP,
        width - MARGIN_LEFT - MARGIN_RIGHT,
        height - MARGIN_TOP - MARGIN_BOTTOM,
    )


def svg_open(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    chart_id = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" focusable="false" class="app-chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}" '
        f'font-size="14" fill="{INK}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def y_axis(
    *, y_max: float, width: int, height: int, y_format: Callable[[float], str], y_label: str
) -> list[str]:
    _, top, _, plot_height = plot_area(width, height)
    ticks = [
        (y_max * tick / Y_TICKS, top + plot_height - plot_height * tick / Y_TICKS)
        for tick in range(Y_TICKS + 1)
    ]
    return y_gridlines(ticks, width=width, height=height, y_format=y_format, y_label=y_label)


def y_gridlines(
    ticks: Sequence[tuple[float, float]],
    *,
    width: int,
    height: int,
    y_format: Callable[[float], str],
    y_label: str,
) -> list[str]:
    """A gridline and its label at each (value, y) of `ticks`, and the scale's name."""
    left, top, plot_width, plot_height = plot_area(width, height)
    parts = []
    for value, y in ticks:
        parts.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{left + plot_width:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 8:.1f}" y="{y + 5:.1f}" text-anchor="end">'
            f"{escape(y_format(value))}</text>"
        )
    if y_label:
        parts.append(
            f'<text x="14" y="{top + plot_height / 2:.1f}" text-anchor="middle" '
            f'transform="rotate(-90 14 {top + plot_height / 2:.1f})">{escape(y_label)}</text>'
        )
    return parts


def label_positions(count: int) -> list[int]:
    """Which points get an x label: at most about MAX_X_LABELS, evenly spaced, always the
    first and the last."""
    if count == 0:
        return []
    step = max(1, -(-count // MAX_X_LABELS))  # ceiling division
    shown = list(range(0, count, step))
    if shown[-1] != count - 1:
        if len(shown) > 1 and count - 1 - shown[-1] < step / 2:
            shown[-1] = count - 1  # too close to fit both: the last point wins
        else:
            shown.append(count - 1)
    return shown


def x_labels(
    labels: Sequence[str], xs: Sequence[float], *, width: int, height: int, x_label: str
) -> list[str]:
    left, top, plot_width, plot_height = plot_area(width, height)
    parts = [
        f'<text x="{xs[index]:.1f}" y="{top + plot_height + 20:.1f}" text-anchor="middle">'
        f"{escape(labels[index])}</text>"
        for index in label_positions(len(labels))
    ]
    if x_label:
        parts.append(
            f'<text x="{left + plot_width / 2:.1f}" y="{height - 6}" text-anchor="middle">'
            f"{escape(x_label)}</text>"
        )
    return parts


def scale_max(values: Sequence[float], y_max: float | None) -> float:
    if y_max is not None and y_max > 0:
        return y_max
    largest = max(values, default=0.0)
    return largest if largest > 0 else 1.0


def round_up(rough: float) -> float:
    """The round number (1, 2, 2.5 or 5 times a power of ten) at or above `rough`."""
    power = 10.0 ** math.floor(math.log10(rough))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= rough * (1 - 1e-9))


def tidy_max(largest: float) -> float:
    """A round number a little above the largest value (1, 2, 2.5 or 5 times a power of ten),
    so that the scale's gridlines fall on round numbers."""
    if not largest > 0 or largest == float("inf"):
        return 1.0
    target = largest * 1.05
    power = 10.0 ** math.floor(math.log10(target))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= target)


def signed_number(format_: Callable[[float], str]) -> Callable[[float], str]:
    """A scale label with a true minus sign (easier to read than a hyphen) and no "-0"."""

    def label(value: float) -> str:
        if abs(value) < 1e-9:
            return format_(0.0)
        text = format_(abs(value))
        return f"\u2212{text}" if value < 0 else text

    return label
