"""What the indicator page shows: the trend for the partnership's local authority and England
with the local 95% intervals, the comparison with England in each period, and a funnel plot of
the wards and localities around the local authority's value. A fixed number of queries."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from django.utils.safestring import SafeString

from childtrust.core import charts
from childtrust.outcomes import methods, selectors
from childtrust.outcomes.models import Area, AreaType, DataPoint, Indicator, ValueType

FUNNEL_STEPS = 60
FUNNEL_AREAS = (AreaType.LOCALITY, AreaType.WARD)
#: The GOV.UK tag colour for each judgement, as the public health profiles colour them.
JUDGEMENT_COLOURS = {
    "best": "green",
    "better": "green",
    "similar": "yellow",
    "worse": "red",
    "worst": "red",
    "higher": "blue",
    "lower": "light-blue",
    "not compared": "grey",
}


def judgement_colour(judgement: str) -> str:
    return JUDGEMENT_COLOURS.get(judgement, "grey")


def partnership_area() -> Area | None:
    """The partnership's local authority: the one its localities sit in (or, without
    localities, the first local authority held). Two queries.

    The funnel plots the partnership's wards and localities around this authority's value, so
    it is the one they sit in even before its own figures are loaded; the profile's first
    authority (profiles.profile_area) is instead one with figures to show."""
    authorities = list(Area.objects.filter(area_type=AreaType.LOCAL_AUTHORITY).order_by("name"))
    with_children = set(
        Area.objects.filter(parent__in=authorities).values_list("parent_id", flat=True)
    )
    for authority in authorities:
        if authority.pk in with_children:
            return authority
    return authorities[0] if authorities else None


@dataclass(frozen=True)
class TrendRow:
    period: str
    local: selectors.AreaComparison | None
    england_value: float | None

    @property
    def judgement(self) -> str:
        return self.local.judgement if self.local else "not compared"

    @property
    def colour(self) -> str:
        return judgement_colour(self.judgement)


@dataclass(frozen=True)
class FunnelRow:
    comparison: selectors.AreaComparison
    lower_95: float
    upper_95: float
    lower_99_8: float
    upper_99_8: float
    #: "above the 99.8% limit", "above the 95% limit", "within the limits", ...
    position: str

    @property
    def outside(self) -> bool:
        return self.position != "within the limits"


@dataclass(frozen=True)
class IndicatorPage:
    indicator: Indicator
    area: Area | None
    england: Area | None
    trend: list[TrendRow]
    trend_chart: SafeString | None
    trend_sentence: str
    funnel: list[FunnelRow]
    funnel_chart: SafeString | None
    funnel_sentence: str
    funnel_centre: float | None
    latest: list[selectors.AreaComparison]

    @property
    def latest_tagged(self) -> list[tuple[selectors.AreaComparison, str]]:
        return [(c, judgement_colour(c.judgement)) for c in self.latest]


def _number(value: float | None) -> str:
    return "no value" if value is None else f"{value:.1f}"


def _trend(indicator: Indicator, area: Area | None, england: Area | None) -> list[TrendRow]:
    wanted = [a for a in (area, england) if a is not None]
    if not wanted:
        return []
    points = list(selectors.headline_points().filter(indicator=indicator, area__in=wanted))
    areas = {a.pk: a for a in wanted}
    by_period: dict[str, dict[int, DataPoint]] = {}
    starts: dict[str, object] = {}
    for point in points:
        by_period.setdefault(point.period, {}).setdefault(point.area_id, point)
        starts.setdefault(point.period, point.period_start)
    rows = []
    for period in sorted(by_period, key=lambda p: str(starts[p])):
        found = by_period[period]
        comparisons = selectors.compare_points(indicator, list(found.values()), areas)
        local = next((c for c in comparisons if area is not None and c.area == area), None)
        mark = found.get(england.pk) if england is not None else None
        rows.append(TrendRow(period, local, mark.value if mark else None))
    return rows


def _funnel_limits(
    indicator: Indicator, denominators: np.ndarray, centre: float, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    multiplier = float(indicator.multiplier)
    if indicator.value_type == ValueType.PROPORTION:
        lower, upper = methods.proportion_funnel_limits(
            denominators, min(max(centre / multiplier, 0.0), 1.0), confidence
        )
        return np.asarray(lower) * multiplier, np.asarray(upper) * multiplier
    lower, upper = methods.rate_funnel_limits(denominators, centre, multiplier, confidence)
    return np.asarray(lower), np.asarray(upper)


def _position(value: float, l95: float, u95: float, l998: float, u998: float) -> str:
    if value > u998:
        return "above the 99.8% limit"
    if value < l998:
        return "below the 99.8% limit"
    if value > u95:
        return "above the 95% limit"
    if value < l95:
        return "below the 95% limit"
    return "within the limits"


def _funnel(
    indicator: Indicator, latest: list[selectors.AreaComparison], centre: float | None
) -> tuple[list[FunnelRow], SafeString | None, str]:
    if indicator.value_type not in (ValueType.PROPORTION, ValueType.CRUDE_RATE):
        return [], None, "A funnel plot is drawn only for proportions and crude rates."
    if centre is None or math.isnan(centre):
        return [], None, "There is no value for the local authority to centre a funnel plot on."
    areas = [
        c
        for c in latest
        if c.area.area_type in FUNNEL_AREAS
        and c.value is not None
        and c.denominator is not None
        and c.denominator > 0
    ]
    if not areas:
        return [], None, "No ward or locality has a value and a denominator for this period."
    n = np.array([c.denominator for c in areas], dtype=np.float64)
    l95, u95 = _funnel_limits(indicator, n, centre, 0.95)
    l998, u998 = _funnel_limits(indicator, n, centre, 0.998)
    rows = [
        FunnelRow(
            c,
            float(l95[i]),
            float(u95[i]),
            float(l998[i]),
            float(u998[i]),
            _position(float(c.value or 0), l95[i], u95[i], l998[i], u998[i]),
        )
        for i, c in enumerate(areas)
    ]
    # Whole denominators: the binomial limits are defined only for whole numbers of trials.
    steps = np.unique(
        np.round(np.linspace(max(1.0, float(n.min()) / 2), float(n.max()) * 1.1, FUNNEL_STEPS))
    )
    lines = []
    for confidence, colour, name in (
        (0.95, charts.LIMIT_95, "95%"),
        (0.998, charts.LIMIT_99_8, "99.8%"),
    ):
        low, high = _funnel_limits(indicator, steps, centre, confidence)
        for which, values in (("lower", low), ("upper", high)):
            lines.append(
                charts.FunnelLine(
                    f"{which} {name} limit", steps.tolist(), np.asarray(values).tolist(), colour
                )
            )
    outside = [r for r in rows if r.outside]
    if outside:
        sentence = (
            f"{len(outside)} of the {len(rows)} wards and localities fall outside the 95% limits "
            "around the local authority's value: "
            + "; ".join(f"{r.comparison.area.name} ({r.position})" for r in outside)
            + "."
        )
    else:
        sentence = (
            f"All {len(rows)} wards and localities fall within the 95% limits around the "
            "local authority's value: their differences are no more than chance would give."
        )
    chart = charts.funnel_plot(
        [
            charts.FunnelPoint(
                r.comparison.area.name,
                float(r.comparison.denominator or 0),
                float(r.comparison.value or 0),
            )
            for r in rows
        ],
        centre=centre,
        limits=lines,
        chart_id="funnel",
        title=f"{indicator.name}: wards and localities against the local authority",
        description=(
            f"Each area's value against its denominator, with the local authority's value "
            f"({_number(centre)}) as the centre line and the 95% and 99.8% funnel limits. "
            + sentence
        ),
        x_label="Denominator",
        y_label="Value",
    )
    return rows, chart, sentence


def _trend_sentence(area: Area | None, trend: list[TrendRow]) -> str:
    if area is None or not trend:
        return "There is no data for the local authority yet."
    first, last = trend[0], trend[-1]
    start = first.local.value if first.local else None
    end = last.local.value if last.local else None
    return (
        f"{area.name}'s value went from {_number(start)} in {first.period} to {_number(end)} in "
        f"{last.period}; England's was {_number(last.england_value)} in {last.period}."
    )


def indicator_page(indicator: Indicator) -> IndicatorPage:
    area = partnership_area()
    england = Area.objects.filter(area_type=AreaType.ENGLAND).first()
    trend = _trend(indicator, area, england)
    trend_chart = None
    if trend:
        series = [
            charts.Series(
                area.name if area else "Local authority",
                [
                    charts.IntervalPoint(
                        r.period,
                        r.local.value if r.local else None,
                        r.local.lower_95 if r.local else None,
                        r.local.upper_95 if r.local else None,
                    )
                    for r in trend
                ],
            ),
            charts.Series(
                "England",
                [charts.IntervalPoint(r.period, r.england_value) for r in trend],
                charts.SECOND_LINE,
            ),
        ]
        trend_chart = charts.interval_line_chart(
            series,
            chart_id="trend",
            title=f"{indicator.name}: {area.name if area else 'local authority'} and England",
            description=(
                "The value in each period, the local authority's with its 95% confidence "
                "interval as error bars. " + _trend_sentence(area, trend)
            ),
            x_label="Period",
            y_label="Value",
        )
    latest = selectors.indicator_comparisons(indicator)
    centre = next((c.value for c in latest if area is not None and c.area == area), None)
    funnel, funnel_chart, funnel_sentence = _funnel(indicator, latest, centre)
    return IndicatorPage(
        indicator=indicator,
        area=area,
        england=england,
        trend=trend,
        trend_chart=trend_chart,
        trend_sentence=_trend_sentence(area, trend),
        funnel=funnel,
        funnel_chart=funnel_chart,
        funnel_sentence=funnel_sentence,
        funnel_centre=centre,
        latest=latest,
    )


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def indicator_page_csv_rows(page: IndicatorPage) -> list[list[str]]:
    """The page's figures as one table: a section column says which part each line is from."""
    rows = [
        [
            "Section",
            "Area",
            "Period",
            "Value",
            "Lower 95%",
            "Upper 95%",
            "Count",
            "Denominator",
            "Compared with",
            "Benchmark value",
            "Judgement",
        ]
    ]
    name = page.area.name if page.area else ""
    for row in page.trend:
        c = row.local
        rows.append(
            [
                "Trend",
                name,
                row.period,
                _cell(c.value if c else None),
                _cell(c.lower_95 if c else None),
                _cell(c.upper_95 if c else None),
                _cell(c.count if c else None),
                _cell(c.denominator if c else None),
                "England",
                _cell(row.england_value),
                c.judgement if c else "not compared",
            ]
        )
    for funnel in page.funnel:
        c = funnel.comparison
        rows.append(
            [
                "Funnel plot",
                c.area.name,
                c.period,
                _cell(c.value),
                _cell(funnel.lower_95),
                _cell(funnel.upper_95),
                _cell(c.count),
                _cell(c.denominator),
                name,
                _cell(page.funnel_centre),
                funnel.position,
            ]
        )
    for c in page.latest:
        rows.append(
            [
                "Latest period",
                c.area.name,
                c.period,
                _cell(c.value),
                _cell(c.lower_95),
                _cell(c.upper_95),
                _cell(c.count),
                _cell(c.denominator),
                c.benchmark.name if c.benchmark else "",
                _cell(c.benchmark_value),
                c.judgement,
            ]
        )
    return rows
