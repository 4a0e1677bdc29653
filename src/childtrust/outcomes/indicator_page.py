"""What the indicator page shows: the trend for the partnership's local authority and England
with the local 95% intervals, the comparison with England in each period, and a funnel plot of
the wards and localities around the local authority's value. A fixed number of queries."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import numpy as np
from django.utils.safestring import SafeString

from childtrust.core import charts
from childtrust.outcomes import methods, selectors, units, vocabulary
from childtrust.outcomes.inequality import InequalitySection, inequality_section
from childtrust.outcomes.models import Area, AreaType, DataPoint, Indicator, ValueType

FUNNEL_STEPS = 60
#: The geographies a funnel plot can show, one at a time: the choice's value in the address
#: (?funnel=wards), the area type, and its plural in words.
FUNNEL_GEOGRAPHIES: Final = {
    "wards": (AreaType.WARD, "wards"),
    "localities": (AreaType.LOCALITY, "localities"),
}
EXACT_LIMITS_WORDS: Final = {
    ValueType.PROPORTION: (
        "The limits are exact binomial limits, which hold better than the usual approximation "
        "when a ward or locality has few people."
    ),
    ValueType.CRUDE_RATE: (
        "The limits are exact Poisson limits, which hold better than the usual approximation "
        "when a ward or locality has few events."
    ),
}


def judgement_colour(judgement: str) -> str:
    """The GOV.UK tag colour of a judgement (vocabulary.TAG_COLOURS)."""
    return vocabulary.TAG_COLOURS.get(judgement, "grey")


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
    def compared(self) -> vocabulary.Compared:
        if self.local is not None:
            return self.local.compared
        return vocabulary.Compared(
            vocabulary.NOT_COMPARED, "Not compared: no value for this period"
        )

    @property
    def judgement(self) -> str:
        return self.compared.judgement

    @property
    def colour(self) -> str:
        return self.compared.colour


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
class FunnelChoice:
    """One geography the funnel plot can show, as a link (the one shown is not a link)."""

    key: str
    words: str
    count: int
    current: bool


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
    #: The unit every value is shown with (units.value_unit)
    unit: str = ""
    #: The one sentence stating the comparisons' confidence level
    confidence_statement: str = ""
    #: "wards" or "localities": the one geography the funnel plot shows
    funnel_geography: str = ""
    funnel_choices: tuple[FunnelChoice, ...] = ()
    funnel_legend: tuple[charts.KeyEntry, ...] = ()
    #: What the centre line is, exactly: "Southampton's value in 2023/24, 225.8 per 100,000"
    funnel_centre_words: str = ""
    #: The plain sentence on how the limits are worked out
    funnel_method: str = ""

    @property
    def latest_tagged(self) -> list[tuple[selectors.AreaComparison, str]]:
        return [(c, c.compared.colour) for c in self.latest]

    @property
    def inequality(self) -> InequalitySection:  # the wards by deprivation decile, SII, RII
        return inequality_section(self.indicator)

    @property
    def confidence(self) -> str:
        return vocabulary.confidence_words(vocabulary.comparison_confidence(self.indicator))


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


_DIFFERENT = frozenset({vocabulary.BETTER, vocabulary.WORSE, vocabulary.HIGHER, vocabulary.LOWER})


def _position(
    comparison: selectors.AreaComparison,
    centre: float,
    l95: float,
    u95: float,
    l998: float,
    u998: float,
) -> str:
    """Where an area falls against the funnel, never contradicting its own comparison with the
    same centre (the local authority's value, its benchmark) at the same level: outside the
    95% (or 99.8%) limits exactly when its 95% (or 99.8%) interval excludes the centre. An area
    that could not be compared is placed by the drawn limits alone."""
    value = float(comparison.value or 0)
    side = "above" if value > centre else "below"
    if comparison.compared_95 != vocabulary.NOT_COMPARED:
        if comparison.compared_99_8 in _DIFFERENT:
            return f"{side} the 99.8% limit"
        if comparison.compared_95 in _DIFFERENT:
            return f"{side} the 95% limit"
        return "within the limits"
    if value > u998 or value < l998:
        return f"{side} the 99.8% limit"
    if value > u95 or value < l95:
        return f"{side} the 95% limit"
    return "within the limits"


def _choices(latest: list[selectors.AreaComparison], chosen: str) -> tuple[FunnelChoice, ...]:
    return tuple(
        FunnelChoice(
            key,
            words.capitalize(),
            sum(1 for c in latest if c.area.area_type == area_type and _plottable(c)),
            key == chosen,
        )
        for key, (area_type, words) in FUNNEL_GEOGRAPHIES.items()
    )


def _plottable(c: selectors.AreaComparison) -> bool:
    return c.value is not None and c.denominator is not None and c.denominator > 0


def _geography(latest: list[selectors.AreaComparison], wanted: str | None) -> str:
    """The geography asked for, or else wards where any can be plotted, or else localities."""
    if wanted in FUNNEL_GEOGRAPHIES:
        return str(wanted)
    wards = any(c.area.area_type == AreaType.WARD and _plottable(c) for c in latest)
    return "wards" if wards else "localities"


@dataclass(frozen=True)
class _Funnel:
    rows: list[FunnelRow]
    chart: SafeString | None
    sentence: str
    legend: tuple[charts.KeyEntry, ...] = ()


def _funnel_sentence(rows: list[FunnelRow], plural: str, centre_name: str, unit: str) -> str:
    outside = [r for r in rows if r.outside]
    if not outside and len(rows) == 1:
        return (
            f"{rows[0].comparison.area.name} falls within the 95% limits around {centre_name}: "
            "its difference from it is no more than chance would give."
        )
    if not outside:
        return (
            f"All {len(rows)} {plural} fall within the 95% limits around {centre_name}: their "
            "differences from it are no more than chance would give."
        )
    named = "; ".join(
        f"{r.comparison.area.name}, {units.with_unit(r.comparison.value, unit)} ({r.position})"
        for r in outside
    )
    count = f"{len(outside)} of the {len(rows)} {plural}"
    verb = "falls" if len(outside) == 1 else "fall"
    return f"{count} {verb} outside the 95% limits around {centre_name}: {named}."


def _funnel(
    indicator: Indicator,
    latest: list[selectors.AreaComparison],
    centre: float | None,
    *,
    geography: str,
    centre_name: str,
    england_value: float | None,
    unit: str,
) -> _Funnel:
    if indicator.value_type not in (ValueType.PROPORTION, ValueType.CRUDE_RATE):
        return _Funnel([], None, "A funnel plot is drawn only for proportions and crude rates.")
    if centre is None or math.isnan(centre):
        return _Funnel(
            [], None, "There is no value for the local authority to centre a funnel plot on."
        )
    area_type, plural = FUNNEL_GEOGRAPHIES[geography]
    areas = [c for c in latest if c.area.area_type == area_type and _plottable(c)]
    if not areas:
        return _Funnel([], None, f"No one of the {plural} has a value and a denominator yet.")
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
            _position(c, centre, l95[i], u95[i], l998[i], u998[i]),
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
                    f"{name} limit ({which})",
                    steps.tolist(),
                    np.asarray(values).tolist(),
                    colour,
                    label=f"{name} limit",
                    # the 99.8% limits labelled outside the funnel, the 95% inside
                    label_above=(which == "upper") == (name == "99.8%"),
                )
            )
    sentence = _funnel_sentence(rows, plural, centre_name, unit)
    references = []
    if england_value is not None:
        references.append(
            charts.ReferenceLine(
                f"England, {units.with_unit(england_value, unit)}",
                england_value,
                charts.SECOND_LINE,
                dashed=True,
            )
        )
    y_label = f"Value ({unit})" if unit else "Value"
    chart = charts.funnel_plot(
        [
            charts.FunnelPoint(
                f"{r.comparison.area.name}: {units.with_unit(r.comparison.value, unit)}, "
                f"denominator {units.number(r.comparison.denominator, 0)}, {r.position}",
                float(r.comparison.denominator or 0),
                float(r.comparison.value or 0),
            )
            for r in rows
        ],
        centre=centre,
        limits=lines,
        centre_name=f"{centre_name} (centre line)",
        references=references,
        chart_id="funnel",
        title=f"{indicator.name}: {plural} against {centre_name}",
        description=(
            f"Each of the {plural}' values against its denominator, with {centre_name} as the "
            "centre line, England's value as a dashed line, and the 95% and 99.8% funnel "
            "limits. " + sentence
        ),
        x_label="Denominator",
        y_label=y_label,
    )
    one = "locality" if plural == "localities" else plural[:-1]
    legend = charts.funnel_key(
        f"A {one}'s value", f"{centre_name} (centre line)", references, lines
    )
    return _Funnel(rows, chart, sentence, tuple(legend))


def _trend_sentence(area: Area | None, trend: list[TrendRow], unit: str) -> str:
    if area is None or not trend:
        return "There is no data for the local authority yet."
    first, last = trend[0], trend[-1]
    start = first.local.value if first.local else None
    end = last.local.value if last.local else None
    return (
        f"{area.name}'s value went from {units.with_unit(start, unit) or 'no value'} in "
        f"{first.period} to {units.with_unit(end, unit) or 'no value'} in {last.period}; "
        f"England's was {units.with_unit(last.england_value, unit) or 'no value'} in "
        f"{last.period}."
    )


def indicator_page(indicator: Indicator, funnel_geography: str | None = None) -> IndicatorPage:
    area = partnership_area()
    england = Area.objects.filter(area_type=AreaType.ENGLAND).first()
    unit = units.value_unit(indicator)
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
                        r.local.interval[0] if r.local else None,
                        r.local.interval[1] if r.local else None,
                        words=f"{area.name if area else 'Local authority'}, {r.period}: "
                        f"{units.with_unit(r.local.value if r.local else None, unit)}",
                    )
                    for r in trend
                ],
            ),
            charts.Series(
                "England",
                [
                    charts.IntervalPoint(
                        r.period,
                        r.england_value,
                        words=f"England, {r.period}: {units.with_unit(r.england_value, unit)}",
                    )
                    for r in trend
                ],
                charts.SECOND_LINE,
            ),
        ]
        confidence = vocabulary.confidence_words(vocabulary.comparison_confidence(indicator))
        trend_chart = charts.interval_line_chart(
            series,
            chart_id="trend",
            title=f"{indicator.name}: {area.name if area else 'local authority'} and England",
            description=(
                f"The value in each period ({unit or 'no unit'}), the local authority's with "
                f"its {confidence} confidence interval as error bars. "
                + _trend_sentence(area, trend, unit)
            ),
            x_label="Period",
            y_label=f"Value ({unit})" if unit else "Value",
        )
    latest = selectors.indicator_comparisons(indicator)
    own = next((c for c in latest if area is not None and c.area == area), None)
    centre = own.value if own else None
    england_latest = next((c.value for c in latest if c.area.area_type == AreaType.ENGLAND), None)
    geography = _geography(latest, funnel_geography)
    centre_name = (
        f"{area.name}'s value in {own.period}, {units.with_unit(centre, unit)}"
        if area is not None and own is not None and centre is not None
        else "the local authority's value"
    )
    funnel = _funnel(
        indicator,
        latest,
        centre,
        geography=geography,
        centre_name=centre_name,
        england_value=england_latest,
        unit=unit,
    )
    authority_name = area.name if area else "its local authority"
    return IndicatorPage(
        indicator=indicator,
        area=area,
        england=england,
        trend=trend,
        trend_chart=trend_chart,
        trend_sentence=_trend_sentence(area, trend, unit),
        funnel=funnel.rows,
        funnel_chart=funnel.chart,
        funnel_sentence=funnel.sentence,
        funnel_centre=centre,
        latest=latest,
        unit=unit,
        confidence_statement=vocabulary.confidence_statement(
            f"England, and each ward and locality with {authority_name},",
            [(indicator.name, vocabulary.comparison_confidence(indicator))],
        ),
        funnel_geography=geography,
        funnel_choices=_choices(latest, geography),
        funnel_legend=funnel.legend,
        funnel_centre_words=centre_name,
        funnel_method=EXACT_LIMITS_WORDS.get(ValueType(indicator.value_type), "")
        if indicator.value_type
        else "",
    )


def _cell(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def indicator_page_csv_rows(page: IndicatorPage) -> list[list[str]]:
    """The page's figures as one table: a section column says which part each line is from;
    the headings name the unit and the confidence level, and the comparison is in the page's
    words ("Worse than England", "Not compared: ...")."""
    unit = units.heading(page.unit)
    level = page.confidence
    rows = [
        [
            "Section",
            "Area",
            "Period",
            f"Value{unit}",
            f"Lower {level} limit{unit}",
            f"Upper {level} limit{unit}",
            "Count",
            "Denominator",
            "Compared with",
            f"Benchmark value{unit}",
            f"Comparison at {level} confidence",
            "Where it falls in the funnel plot",
        ]
    ]
    name = page.area.name if page.area else ""
    for row in page.trend:
        c = row.local
        lower, upper = c.interval if c else (None, None)
        rows.append(
            [
                "Trend",
                name,
                row.period,
                _cell(c.value if c else None),
                _cell(lower),
                _cell(upper),
                _cell(c.count if c else None),
                _cell(c.denominator if c else None),
                "England",
                _cell(row.england_value),
                row.compared.words,
                "",
            ]
        )
    for funnel in page.funnel:
        c = funnel.comparison
        lower, upper = (
            (funnel.lower_99_8, funnel.upper_99_8)
            if level == "99.8%"
            else (funnel.lower_95, funnel.upper_95)
        )
        rows.append(
            [
                "Funnel plot",
                c.area.name,
                c.period,
                _cell(c.value),
                _cell(lower),
                _cell(upper),
                _cell(c.count),
                _cell(c.denominator),
                name,
                _cell(page.funnel_centre),
                c.compared.words,
                f"{funnel.position} ({page.funnel_geography})",
            ]
        )
    for c in page.latest:
        lower, upper = c.interval
        rows.append(
            [
                "Latest period",
                c.area.name,
                c.period,
                _cell(c.value),
                _cell(lower),
                _cell(upper),
                _cell(c.count),
                _cell(c.denominator),
                c.benchmark.name if c.benchmark else "",
                _cell(c.benchmark_value),
                c.compared.words,
                "",
            ]
        )
    return rows
