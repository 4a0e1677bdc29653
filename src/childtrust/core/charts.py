"""Charts drawn on the server as SVG, written by hand: no JavaScript and no charting library.

A line or bar chart here is a few dozen SVG elements, so a library (and its fonts, scripts or
headless renderer) would cost more than it saves. Each chart is an image with a title and a
description that screen readers announce (role="img" with aria-labelledby). The page around it
must still show the same figures in a table and say in one sentence what the chart shows.

Colours and lines use SVG presentation attributes, not style attributes, so that the strict
content security policy (no inline styles) lets them through."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
FONT = "GDS Transport, arial, sans-serif"


@dataclass(frozen=True)
class ChartPoint:
    label: str  # what the x axis shows for the point
    value: float


def _number(value: float) -> str:
    return f"{value:g}"


def _percent(value: float) -> str:
    return f"{value:.0f}%"


def _plot_area(width: int, height: int) -> tuple[float, float, float, float]:
    return (
        MARGIN_LEFT,
        MARGIN_TOP,
        width - MARGIN_LEFT - MARGIN_RIGHT,
        height - MARGIN_TOP - MARGIN_BOTTOM,
    )


def _open(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    chart_id = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" focusable="false" class="app-chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}" '
        f'font-size="14" fill="{INK}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _y_axis(
    *, y_max: float, width: int, height: int, y_format: Callable[[float], str], y_label: str
) -> list[str]:
    _, top, _, plot_height = _plot_area(width, height)
    ticks = [
        (y_max * tick / Y_TICKS, top + plot_height - plot_height * tick / Y_TICKS)
        for tick in range(Y_TICKS + 1)
    ]
    return _y_gridlines(ticks, width=width, height=height, y_format=y_format, y_label=y_label)


def _y_gridlines(
    ticks: Sequence[tuple[float, float]],
    *,
    width: int,
    height: int,
    y_format: Callable[[float], str],
    y_label: str,
) -> list[str]:
    """A gridline and its label at each (value, y) of `ticks`, and the scale's name."""
    left, top, plot_width, plot_height = _plot_area(width, height)
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


def _label_positions(count: int) -> list[int]:
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


def _x_labels(
    labels: Sequence[str], xs: Sequence[float], *, width: int, height: int, x_label: str
) -> list[str]:
    left, top, plot_width, plot_height = _plot_area(width, height)
    parts = [
        f'<text x="{xs[index]:.1f}" y="{top + plot_height + 20:.1f}" text-anchor="middle">'
        f"{escape(labels[index])}</text>"
        for index in _label_positions(len(labels))
    ]
    if x_label:
        parts.append(
            f'<text x="{left + plot_width / 2:.1f}" y="{height - 6}" text-anchor="middle">'
            f"{escape(x_label)}</text>"
        )
    return parts


def _scale_max(values: Sequence[float], y_max: float | None) -> float:
    if y_max is not None and y_max > 0:
        return y_max
    largest = max(values, default=0.0)
    return largest if largest > 0 else 1.0


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
    scale = _scale_max([p.value for p in points], y_max)
    y_format = _percent if percent else _number
    left, top, plot_width, plot_height = _plot_area(width, height)
    count = len(points)
    xs = [
        left + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)
        for index in range(count)
    ]
    ys = [top + plot_height - plot_height * min(p.value, scale) / scale for p in points]
    parts = _open(chart_id, title, description, width, height)
    parts += _y_axis(y_max=scale, width=width, height=height, y_format=y_format, y_label=y_label)
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
    parts += _x_labels([p.label for p in points], xs, height=height, x_label=x_label, width=width)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


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
    scale = _scale_max([b.value for b in bars], y_max)
    y_format = _percent if percent else _number
    left, top, plot_width, plot_height = _plot_area(width, height)
    slot = plot_width / max(len(bars), 1)
    bar_width = slot * 0.7
    xs = [left + slot * index + slot / 2 for index in range(len(bars))]
    parts = _open(chart_id, title, description, width, height)
    parts += _y_axis(y_max=scale, width=width, height=height, y_format=y_format, y_label=y_label)
    for x, bar in zip(xs, bars, strict=True):
        bar_height = plot_height * min(max(bar.value, 0.0), scale) / scale
        parts.append(
            f'<rect x="{x - bar_width / 2:.1f}" y="{top + plot_height - bar_height:.1f}" '
            f'width="{bar_width:.1f}" height="{bar_height:.1f}" fill="{LINE}"/>'
        )
    parts += _x_labels([b.label for b in bars], xs, height=height, x_label=x_label, width=width)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


def _nice_step(rough: float) -> float:
    """The round number (1, 2, 2.5 or 5 times a power of ten) at or above `rough`."""
    power = 10.0 ** math.floor(math.log10(rough))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= rough * (1 - 1e-9))


def _signed_number(format_: Callable[[float], str]) -> Callable[[float], str]:
    """A scale label with a true minus sign (easier to read than a hyphen) and no "-0"."""

    def label(value: float) -> str:
        if abs(value) < 1e-9:
            return format_(0.0)
        text = format_(abs(value))
        return f"\u2212{text}" if value < 0 else text

    return label


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
    step = _nice_step((y_max - y_min) / Y_TICKS)
    bottom = math.floor(y_min / step + 1e-9) * step
    top = max(math.ceil(y_max / step - 1e-9) * step, 0.0)
    y_format = _signed_number(_percent if percent else _number)
    left, plot_top, plot_width, plot_height = _plot_area(width, height)

    def y_of(value: float) -> float:
        return plot_top + plot_height * (top - value) / (top - bottom)

    values = [bottom + step * index for index in range(round((top - bottom) / step) + 1)]
    parts = _open(chart_id, title, description, width, height)
    parts += _y_gridlines(
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
    parts += _x_labels([b.label for b in bars], xs, height=height, x_label=x_label, width=width)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


SPINE_WIDTH = 300
SPINE_HEIGHT = 36
SPINE_RANGE = "#c4d7ea"  # the full range among areas: pale blue, as the public profiles show
SPINE_BAND = "#5694ca"  # the 25th to 75th percentile band: darker


def spine_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    centre: float,
    worst: float,
    percentile_25: float,
    percentile_75: float,
    best: float,
    value: float | None,
    marker_fill: str = LINE,
    width: int = SPINE_WIDTH,
    height: int = SPINE_HEIGHT,
) -> SafeString:
    """One row of a spine chart, as the public health profiles draw it: the range among areas
    from worst (left) to best (right), the 25th to 75th percentile band darker, the benchmark
    (`centre`) as an upright line in the middle, and the area's value as a circle. The scale is
    the same on both sides of the centre, wide enough for the furthest of the values."""
    direction = 1.0 if worst <= best else -1.0
    half = (width - 16) / 2
    middle = width / 2
    spread = max(
        abs(v - centre) for v in (worst, best, percentile_25, percentile_75, value or centre)
    )
    spread = spread or 1.0

    def x(v: float) -> float:
        return middle + direction * (v - centre) / spread * half

    band_top, band_height = 8, height - 16
    parts = _open(chart_id, title, description, width, height)
    low, high = sorted((x(worst), x(best)))
    parts.append(
        f'<rect x="{low:.1f}" y="{band_top}" width="{high - low:.1f}" height="{band_height}" '
        f'fill="{SPINE_RANGE}"/>'
    )
    low, high = sorted((x(percentile_25), x(percentile_75)))
    parts.append(
        f'<rect x="{low:.1f}" y="{band_top}" width="{high - low:.1f}" height="{band_height}" '
        f'fill="{SPINE_BAND}"/>'
    )
    parts.append(
        f'<line x1="{middle:.1f}" y1="2" x2="{middle:.1f}" y2="{height - 2}" stroke="{INK}" '
        'stroke-width="2"/>'
    )
    if value is not None:
        parts.append(
            f'<circle cx="{x(value):.1f}" cy="{height / 2:.1f}" r="7" fill="{escape(marker_fill)}" '
            f'stroke="{INK}" stroke-width="1.5"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


def _round_up(largest: float) -> float:
    """The next 1, 2, 2.5 or 5 times a power of ten at or above the value, so that the scale's
    gridlines fall on round numbers."""
    power = 10.0 ** math.floor(math.log10(largest))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= largest)


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
    scale = _scale_max([*(b.value for b in bars), line_value], y_max)
    if y_max is None:
        scale = _round_up(scale)
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
    left, top, plot_width, plot_height = _plot_area(width, height)
    y = top + plot_height - plot_height * min(max(line_value, 0.0), scale) / scale
    line = (
        f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{left + plot_width:.1f}" y2="{y:.1f}" '
        f'stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{left + plot_width:.1f}" y="{y - 6:.1f}" text-anchor="end">'
        f"{escape(line_label)}</text>"
    )
    return mark_safe(chart.removesuffix("</svg>") + line + "</svg>")  # noqa: S308 (escaped)


# --- Charts with intervals and funnel plots (outcomes indicator page)

SECOND_LINE = "#505a5f"
LIMIT_95 = "#f47738"
LIMIT_99_8 = "#d4351c"


@dataclass(frozen=True)
class IntervalPoint:
    label: str
    value: float | None
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[IntervalPoint]
    colour: str = LINE


def _tidy_max(largest: float) -> float:
    """A round number a little above the largest value (1, 2, 2.5 or 5 times a power of ten),
    so that the scale's gridlines fall on round numbers."""
    if not largest > 0 or largest == float("inf"):
        return 1.0
    target = largest * 1.05
    power = 10.0 ** math.floor(math.log10(target))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= target)


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
    scale = _tidy_max(max(found, default=0.0))
    left, top, plot_width, plot_height = _plot_area(width, height)
    count = len(labels)
    xs = {
        label: left + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)
        for index, label in enumerate(labels)
    }

    def y_of(value: float) -> float:
        return top + plot_height - plot_height * min(max(value, 0.0), scale) / scale

    parts = _open(chart_id, title, description, width, height)
    parts += _y_axis(y_max=scale, width=width, height=height, y_format=_number, y_label=y_label)
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
                f'fill="{line.colour}"/>'
                for p in shown
            ]
        parts.append(
            f'<text x="{left + 8 + 200 * index:.1f}" y="{top + 12:.1f}" fill="{line.colour}">'
            f"{'—' if not index else '- -'} {escape(line.name)}</text>"
        )
    parts += _x_labels(labels, list(xs.values()), height=height, x_label=x_label, width=width)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


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
    x_max = _tidy_max(max((p.denominator for p in points), default=0.0))
    found = [p.value for p in points] + [centre] + [v for line in limits for v in line.values]
    found = [v for v in found if not math.isnan(v)]
    scale = _tidy_max(max(found, default=0.0))
    left, top, plot_width, plot_height = _plot_area(width, height)

    def x_of(n: float) -> float:
        return left + plot_width * min(max(n, 0.0), x_max) / x_max

    def y_of(value: float) -> float:
        return top + plot_height - plot_height * min(max(value, 0.0), scale) / scale

    parts = _open(chart_id, title, description, width, height)
    parts += _y_axis(y_max=scale, width=width, height=height, y_format=_number, y_label=y_label)
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
    parts += _x_labels(
        [_number(round(t)) for t in ticks],
        [x_of(t) for t in ticks],
        height=height,
        x_label=x_label,
        width=width,
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


# --- Paired horizontal bars (resources: budget against forecast by partner)

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
    scale = _round_up(largest) if largest > 0 else 1.0

    def x_of(value: float) -> float:
        return left + plot_width * min(max(value, 0.0), scale) / scale

    parts = _open(chart_id, title, description, width, height)
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
            f"{escape(_number(value))}</text>"
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
