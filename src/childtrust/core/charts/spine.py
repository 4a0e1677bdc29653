"""The spine chart: one area's value against the spread of every area (worst, 25th and 75th
percentile, best), as England's public health profiles draw it."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from childtrust.core.charts.svg import (
    INK,
    LINE,
    svg_open,
)

SPINE_WIDTH = 300

SPINE_HEIGHT = 48  # tall enough to read at a phone's width (about 46 px high at 290 px wide)

SPINE_MARKER = 9  # the area's circle: its radius

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
    half = (width - 2 * SPINE_MARKER - 4) / 2
    middle = width / 2
    spread = max(
        abs(v - centre) for v in (worst, best, percentile_25, percentile_75, value or centre)
    )
    spread = spread or 1.0

    def x(v: float) -> float:
        return middle + direction * (v - centre) / spread * half

    band_top, band_height = 8, height - 16
    parts = svg_open(chart_id, title, description, width, height)
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
            f'<circle cx="{x(value):.1f}" cy="{height / 2:.1f}" r="{SPINE_MARKER}" '
            f'fill="{escape(marker_fill)}" '
            f'stroke="{INK}" stroke-width="1.5"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)
