"""Charts drawn on the server as SVG, written by hand: no JavaScript and no charting library.

A line or bar chart here is a few dozen SVG elements, so a library (and its fonts, scripts or
headless renderer) would cost more than it saves. Each chart is an image with a title and a
description that screen readers announce (role="img" with aria-labelledby). The page around it
must still show the same figures in a table and say in one sentence what the chart shows.

Colours and lines use SVG presentation attributes, not style attributes, so that the strict
content security policy (no inline styles) lets them through."""

from childtrust.core.charts.bars import PairedBar, bar_chart, bar_chart_with_line, paired_bar_chart
from childtrust.core.charts.funnel import (
    CENTRE,
    FunnelLine,
    FunnelPoint,
    KeyEntry,
    ReferenceLine,
    funnel_key,
    funnel_plot,
)
from childtrust.core.charts.horizontal import horizontal_bar_chart
from childtrust.core.charts.lines import (
    LIMIT_95,
    LIMIT_99_8,
    SECOND_LINE,
    IntervalPoint,
    Series,
    interval_line_chart,
    line_chart,
)
from childtrust.core.charts.spine import spine_chart
from childtrust.core.charts.svg import LINE, ChartPoint

__all__ = [
    "CENTRE",
    "LIMIT_95",
    "LIMIT_99_8",
    "LINE",
    "SECOND_LINE",
    "ChartPoint",
    "FunnelLine",
    "FunnelPoint",
    "IntervalPoint",
    "KeyEntry",
    "PairedBar",
    "ReferenceLine",
    "Series",
    "bar_chart",
    "bar_chart_with_line",
    "funnel_key",
    "funnel_plot",
    "horizontal_bar_chart",
    "interval_line_chart",
    "line_chart",
    "paired_bar_chart",
    "spine_chart",
]
