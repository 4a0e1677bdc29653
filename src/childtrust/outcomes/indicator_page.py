"""What the indicator page shows: the trend for the partnership's local authority and England
with the local intervals, the comparison with England in each period, a funnel plot of the
wards or the localities around the local authority's value (funnel_page.py), every value with
its unit and every comparison in the one vocabulary. A fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from childtrust.core import charts
from childtrust.outcomes import selectors, units, vocabulary
from childtrust.outcomes.funnel_page import (
    EXACT_LIMITS_WORDS,
    FunnelChoice,
    FunnelRow,
    choices_of,
    funnel_of,
    geography_of,
)
from childtrust.outcomes.inequality import InequalitySection, inequality_section
from childtrust.outcomes.models import Area, AreaType, DataPoint, Indicator, ValueType


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
    geography = geography_of(latest, funnel_geography)
    centre_name = (
        f"{area.name}'s value in {own.period}, {units.with_unit(centre, unit)}"
        if area is not None and own is not None and centre is not None
        else "the local authority's value"
    )
    funnel = funnel_of(
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
        funnel_choices=choices_of(latest, geography),
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
