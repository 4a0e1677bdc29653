"""The funnel plot: each area's value against its size, with the 95% and 99.8% control limits
around the comparator (the centre line), other reference values (England's) as dashed lines,
each limit labelled where it ends, and the key naming the points and every line."""

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
    format_number,
    plot_area,
    round_up,
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
    """A limit drawn across the plot: the limit's value at each denominator. `label`, where
    given, is written at the line's right-hand end ("95% limit")."""

    name: str
    denominators: Sequence[float]
    values: Sequence[float]
    colour: str
    label: str = ""
    #: whether the label sits just above the line (or just below it), so that labels of
    #: neighbouring limits fall on their own sides: the outer limits' outside, the inner inside
    label_above: bool = True


@dataclass(frozen=True)
class ReferenceLine:
    """A level drawn straight across the plot: the centre (solid) or another benchmark such
    as England's value (dashed), named in the key."""

    name: str
    value: float
    colour: str
    dashed: bool = False


CENTRE = INK


def funnel_plot(
    points: Sequence[FunnelPoint],
    *,
    centre: float,
    limits: Sequence[FunnelLine],
    centre_name: str = "The centre",
    references: Sequence[ReferenceLine] = (),
    chart_id: str,
    title: str,
    description: str,
    x_label: str = "",
    y_label: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> SafeString:
    """A scatter of value against denominator with funnel limits around the centre and the
    reference lines, each line named by its <title> and each labelled limit named at its
    right-hand end. The page draws the key beside it in HTML (funnel_key), where its words stay
    readable on a phone, as a key inside a scaled-down image would not."""
    x_max = tidy_max(max((p.denominator for p in points), default=0.0))
    found = (
        [p.value for p in points]
        + [centre]
        + [r.value for r in references]
        + [v for line in limits for v in line.values]
    )
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
        f'y2="{y_of(centre):.1f}" stroke="{CENTRE}" stroke-width="2">'
        f"<title>{escape(centre_name)}</title></line>"
    )
    for reference in references:
        dash = ' stroke-dasharray="8 4"' if reference.dashed else ""
        parts.append(
            f'<line x1="{left:.1f}" y1="{y_of(reference.value):.1f}" '
            f'x2="{left + plot_width:.1f}" y2="{y_of(reference.value):.1f}" '
            f'stroke="{reference.colour}" stroke-width="2"{dash}>'
            f"<title>{escape(reference.name)}</title></line>"
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
        ends = [
            (n, v) for n, v in zip(line.denominators, line.values, strict=True) if not math.isnan(v)
        ]
        if line.label and ends:
            # At the line's left end, where the funnel is widest and the limits furthest apart.
            n, v = ends[0]
            y = y_of(v) - 4 if line.label_above else y_of(v) + 13
            parts.append(
                f'<text x="{x_of(n):.1f}" y="{y:.1f}" text-anchor="start" '
                f'font-size="12" fill="{line.colour}" class="app-funnel-limit-label">'
                f"{escape(line.label)}</text>"
            )
    for p in points:
        parts.append(
            f'<circle cx="{x_of(p.denominator):.1f}" cy="{y_of(p.value):.1f}" r="5" '
            f'fill="{LINE}"><title>{escape(p.label)}</title></circle>'
        )
    # Round steps (1, 2, 2.5 or 5 times a power of ten) up to the scale's end.
    step = round_up(x_max / 5)
    ticks = [step * i for i in range(int(x_max / step + 1e-9) + 1)]
    parts += x_labels(
        [f"{t:,g}" for t in ticks],
        [x_of(t) for t in ticks],
        height=height,
        x_label=x_label,
        width=width,
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text above is escaped)


@dataclass(frozen=True)
class KeyEntry:
    """One line of a funnel plot's key: how it is drawn ("point", "line" or "dashed"), its
    colour and its words."""

    kind: str
    colour: str
    words: str


def funnel_key(
    point_words: str,
    centre_name: str,
    references: Sequence[ReferenceLine],
    limits: Sequence[FunnelLine],
) -> list[KeyEntry]:
    """The key to a funnel plot drawn with these lines: the points, the centre, each reference
    line, and each labelled kind of limit once ("95% limits")."""
    key = [KeyEntry("point", LINE, point_words), KeyEntry("line", CENTRE, centre_name)]
    key += [KeyEntry("dashed" if r.dashed else "line", r.colour, r.name) for r in references]
    seen: set[str] = set()
    for line in limits:
        if line.label and line.label not in seen:
            seen.add(line.label)
            key.append(KeyEntry("dashed", line.colour, f"{line.label}s"))
    return key
