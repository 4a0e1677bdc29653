"""Reads of outcome indicator data: how areas compare with their benchmark and a partnership
area's profile for a spine chart (an area's recent trend is in outcomes.trends).

Every function runs a fixed number of queries, whatever the number of areas, and does its
arithmetic with the vectorised functions of childtrust.outcomes.methods.

Only the headline rows are read: no category breakdown, and sex "Persons" (or blank)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from childtrust.outcomes import methods, vocabulary
from childtrust.outcomes.models import Area, AreaType, DataPoint, Indicator, Polarity, ValueType

_POLARITY_WORDS: Final = {
    Polarity.HIGH_IS_GOOD: "high is good",
    Polarity.LOW_IS_GOOD: "low is good",
    Polarity.NO_JUDGEMENT: "no judgement",
}
HEADLINE: Final = Q(category_type="", category="") & Q(sex__in=["", "Persons"])


def headline_points() -> QuerySet[DataPoint]:
    return DataPoint.objects.filter(HEADLINE).order_by("area_id", "period_start", "sex", "age")


def _polarity(indicator: Indicator) -> str:
    return _POLARITY_WORDS.get(Polarity(indicator.polarity), "no judgement")


def _benchmark_of(area: Area, areas: dict[int, Area]) -> Area | None:
    """England for a region or local authority; for a locality or ward, the local authority
    it is in (the nearest one up its parents); nothing for England."""
    if area.area_type == AreaType.ENGLAND:
        return None
    if area.area_type in (AreaType.REGION, AreaType.LOCAL_AUTHORITY):
        return next((a for a in areas.values() if a.area_type == AreaType.ENGLAND), None)
    parent = areas.get(area.parent_id) if area.parent_id else None
    seen: set[int] = set()
    while parent is not None and parent.pk not in seen:
        if parent.area_type == AreaType.LOCAL_AUTHORITY:
            return parent
        seen.add(parent.pk)
        parent = areas.get(parent.parent_id) if parent.parent_id else None
    return None


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _limits(
    indicator: Indicator, points: list[DataPoint]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Values and 95% and 99.8% limits for the points: stored where given, otherwise worked
    out from the count and denominator by the indicator's value type (Wilson for a proportion,
    exact Poisson or Byar's for a crude rate or a count). A directly standardised rate cannot be
    worked out from one count and denominator, nor a mean (it needs every person's value), so
    their missing limits stay missing. An indirectly standardised rate is the observed count
    times the reference rate over the expected count, so its limits are the observed count's
    limits (exact Poisson below 10 events, Byar's from 10) scaled by value / count, as
    PHEindicatormethods' `phe_isr` works them out: this needs the stored value and an observed
    count above 0 (the file's denominator, the expected count, is not needed). Returns value,
    lower_95, upper_95, lower_99_8, upper_99_8 and whether the limits were computed."""
    value = np.array([_nan(p.value) for p in points])
    stored = np.array(
        [
            [_nan(p.lower_95), _nan(p.upper_95), _nan(p.lower_99_8), _nan(p.upper_99_8)]
            for p in points
        ]
    ).reshape(len(points), 4)
    count = np.array([_nan(p.count) for p in points])
    denominator = np.array([_nan(p.denominator) for p in points])
    computed = np.zeros(len(points), dtype=bool)
    usable = ~np.isnan(count) & ~np.isnan(denominator) & (denominator > 0)
    kind = indicator.value_type
    multiplier = float(indicator.multiplier)
    if kind == ValueType.PROPORTION:
        usable &= count <= denominator
    if kind == ValueType.INDIRECTLY_STANDARDISED_RATE:
        _isr_limits(value, count, stored, computed)
    if kind not in (ValueType.PROPORTION, ValueType.CRUDE_RATE, ValueType.COUNT):
        usable[:] = False
    for column, confidence in ((0, 0.95), (2, 0.998)):
        missing = usable & (np.isnan(stored[:, column]) | np.isnan(stored[:, column + 1]))
        if not missing.any():
            continue
        x, n = count[missing], denominator[missing]
        if kind == ValueType.PROPORTION:
            lower, upper = methods.wilson_ci(x, n, confidence)
            centre = x / n * multiplier
            lower, upper = np.asarray(lower) * multiplier, np.asarray(upper) * multiplier
        elif kind == ValueType.CRUDE_RATE:
            centre, lower, upper = methods.rate(x, n, multiplier, confidence)
        else:
            centre = x
            lower, upper = methods.count_limits(x, confidence)
        stored[missing, column] = lower
        stored[missing, column + 1] = upper
        value[missing & np.isnan(value)] = np.asarray(centre)[np.isnan(value[missing])]
        computed |= missing
    return value, stored[:, 0], stored[:, 1], stored[:, 2], stored[:, 3], computed


def _isr_limits(
    value: np.ndarray, count: np.ndarray, stored: np.ndarray, computed: np.ndarray
) -> None:
    """Fills in an indirectly standardised rate's missing limits, in place: the observed
    count's Poisson limits times value / count (see `_limits`)."""
    usable = ~np.isnan(value) & ~np.isnan(count) & (count > 0)
    for column, confidence in ((0, 0.95), (2, 0.998)):
        missing = usable & (np.isnan(stored[:, column]) | np.isnan(stored[:, column + 1]))
        if not missing.any():
            continue
        lower, upper = methods.count_limits(count[missing], confidence)
        scale = value[missing] / count[missing]
        stored[missing, column] = np.asarray(lower) * scale
        stored[missing, column + 1] = np.asarray(upper) * scale
        computed |= missing


@dataclass(frozen=True)
class AreaComparison:
    area: Area
    period: str
    value: float | None
    lower_95: float | None
    upper_95: float | None
    lower_99_8: float | None
    upper_99_8: float | None
    count: float | None
    denominator: float | None
    limits_computed: bool
    benchmark: Area | None
    benchmark_value: float | None
    #: better / similar / worse (or higher / similar / lower, or not compared) at 95%
    compared_95: str
    #: the same at 99.8%
    compared_99_8: str
    #: better / similar / worse, higher / similar / lower, or not compared: at `confidence`,
    #: the one level the indicator is compared at (vocabulary.comparison_confidence)
    judgement: str
    #: 1 (lowest values) to 5 (highest) among comparable areas, or None
    quintile: int | None
    value_note: str
    confidence: float = vocabulary.CONFIDENCE_95

    @property
    def compared(self) -> vocabulary.Compared:
        """The judgement in the one vocabulary ("Better than England", "Not compared: ..."),
        with its colour."""
        lower, upper = self.interval
        return vocabulary.compared(
            judgement=self.judgement,
            area=self.area.name,
            benchmark=self.benchmark.name if self.benchmark else None,
            value=self.value,
            value_note=self.value_note,
            lower=lower,
            upper=upper,
            benchmark_value=self.benchmark_value,
        )

    @property
    def interval(self) -> tuple[float | None, float | None]:
        """The confidence interval at the level the value is compared at."""
        if self.confidence == vocabulary.CONFIDENCE_99_8:
            return self.lower_99_8, self.upper_99_8
        return self.lower_95, self.upper_95


def _optional(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def compare_points(
    indicator: Indicator, points: list[DataPoint], areas: dict[int, Area]
) -> list[AreaComparison]:
    """Comparisons for one period's headline points (one per area)."""
    if not points:
        return []
    value, l95, u95, l998, u998, computed = _limits(indicator, points)
    by_area = {p.area_id: i for i, p in enumerate(points)}
    benchmarks = [_benchmark_of(areas[p.area_id], areas) for p in points]
    mark = np.array(
        [
            value[by_area[b.pk]] if b is not None and b.pk in by_area else math.nan
            for b in benchmarks
        ]
    )
    polarity = _polarity(indicator)
    at_95 = methods.compare(l95, u95, mark, polarity)
    at_99_8 = methods.compare(l998, u998, mark, polarity)
    confidence = vocabulary.comparison_confidence(indicator)
    judged = at_99_8 if confidence == vocabulary.CONFIDENCE_99_8 else at_95
    # Comparable areas: the same type with the same benchmark (all local authorities; the wards
    # of one local authority).
    groups: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for i, (point, benchmark) in enumerate(zip(points, benchmarks, strict=True)):
        groups[(areas[point.area_id].area_type, benchmark.pk if benchmark else None)].append(i)
    quintile = np.full(len(points), np.nan)
    for members in groups.values():
        # Quintiles mean something only among at least five areas with values.
        if np.count_nonzero(~np.isnan(value[members])) >= 5:
            quintile[members] = methods.quintiles(value[members])
    return [
        AreaComparison(
            area=areas[point.area_id],
            period=point.period,
            value=_optional(value[i]),
            lower_95=_optional(l95[i]),
            upper_95=_optional(u95[i]),
            lower_99_8=_optional(l998[i]),
            upper_99_8=_optional(u998[i]),
            count=point.count,
            denominator=point.denominator,
            limits_computed=bool(computed[i]),
            benchmark=benchmarks[i],
            benchmark_value=_optional(mark[i]),
            compared_95=str(at_95[i]),
            compared_99_8=str(at_99_8[i]),
            judgement=str(judged[i]),
            quintile=None if math.isnan(quintile[i]) else int(quintile[i]),
            value_note=point.value_note,
            confidence=confidence,
        )
        for i, point in enumerate(points)
    ]


def _first_per_area(points: Iterable[DataPoint]) -> list[DataPoint]:
    chosen: dict[int, DataPoint] = {}
    for point in points:
        chosen.setdefault(point.area_id, point)
    return list(chosen.values())


def _all_areas() -> dict[int, Area]:
    return {area.pk: area for area in Area.objects.all()}


def indicator_comparisons(indicator: Indicator, period: str | None = None) -> list[AreaComparison]:
    """Every area with a value for the indicator in the period (by default the latest), compared
    with its benchmark at 95% and 99.8% (the benchmark lies outside or inside the area's
    interval, as Fingertips compares), with its quintile among comparable areas. Three queries."""
    points_qs = headline_points().filter(indicator=indicator)
    if period is None:
        latest = points_qs.aggregate(latest=Max("period_start"))["latest"]
        if latest is None:
            return []
        points_qs = points_qs.filter(period_start=latest)
    else:
        points_qs = points_qs.filter(period=period)
    points = _first_per_area(points_qs)
    comparisons = compare_points(indicator, points, _all_areas())
    order = list(AreaType.values)
    return sorted(comparisons, key=lambda c: (order.index(c.area.area_type), c.area.name))


@dataclass(frozen=True)
class SpineRow:
    """One indicator on an area's spine chart."""

    indicator: Indicator
    comparison: AreaComparison
    england_value: float | None
    #: Among local authorities in the same period: None where no local authority has data.
    worst: float | None
    percentile_25: float | None
    percentile_75: float | None
    best: float | None


def partnership_profile(area: Area) -> list[SpineRow]:
    """Every indicator's latest headline value for the area, compared with its benchmark, with
    England's value and the spread among local authorities (worst, 25th and 75th percentile,
    best; for "no judgement" indicators worst is the lowest and best the highest) for a spine
    chart. Four queries whatever the number of indicators."""
    areas = _all_areas()
    own = list(headline_points().filter(area=area).select_related("indicator"))
    latest: dict[int, DataPoint] = {}
    for point in own:  # ordered by period, so the last one seen is the latest
        current = latest.get(point.indicator_id)
        if current is None or point.period_start > current.period_start:
            latest[point.indicator_id] = point
    if not latest:
        return []
    benchmark = _benchmark_of(area, areas)
    wanted = Q(area__area_type__in=[AreaType.ENGLAND, AreaType.LOCAL_AUTHORITY])
    if benchmark is not None:
        wanted |= Q(area=benchmark)
    pairs = Q()
    for point in latest.values():
        pairs |= Q(indicator_id=point.indicator_id, period=point.period)
    others = headline_points().filter(wanted).filter(pairs).exclude(area=area)
    by_indicator: dict[int, list[DataPoint]] = defaultdict(list)
    for point in others:
        by_indicator[point.indicator_id].append(point)
    rows = []
    for point in sorted(latest.values(), key=lambda p: p.indicator.name):
        indicator = point.indicator
        context = _first_per_area(by_indicator[indicator.pk])
        comparison = next(
            c for c in compare_points(indicator, [point, *context], areas) if c.area == area
        )
        england = next(
            (p.value for p in context if areas[p.area_id].area_type == AreaType.ENGLAND), None
        )
        authorities = np.array(
            [
                p.value
                for p in context
                if areas[p.area_id].area_type == AreaType.LOCAL_AUTHORITY and p.value is not None
            ]
            + (
                [point.value]
                if area.area_type == AreaType.LOCAL_AUTHORITY and point.value is not None
                else []
            ),
            dtype=np.float64,
        )
        worst = best = p25 = p75 = None
        if authorities.size:
            low, p25, p75, high = (float(v) for v in np.percentile(authorities, [0, 25, 75, 100]))
            worst, best = (high, low) if indicator.polarity == Polarity.LOW_IS_GOOD else (low, high)
        rows.append(
            SpineRow(
                indicator=indicator,
                comparison=comparison,
                england_value=england,
                worst=worst,
                percentile_25=p25,
                percentile_75=p75,
                best=best,
            )
        )
    return rows


def indicators_held() -> QuerySet[Indicator]:
    """Every indicator with its latest period and how many data points it holds, for the index."""
    latest = DataPoint.objects.filter(indicator=OuterRef("pk")).order_by("-period_start", "-period")
    return Indicator.objects.annotate(
        latest_period=Subquery(latest.values("period")[:1]),
        data_point_count=Count("data_points"),
    ).order_by("name", "pk")


def indicators_by_name() -> QuerySet[Indicator]:
    """Every indicator, by name, for the API's list."""
    return Indicator.objects.order_by("name", "pk")


def indicator_with_id(indicator_id: int) -> Indicator | None:
    """One indicator with the framework priority and indicator it is linked to, or None."""
    return (
        Indicator.objects.select_related("priority", "framework_indicator")
        .filter(pk=indicator_id)
        .first()
    )


def area_with_code(code: str) -> Area | None:
    """An area by its ONS code (or the partnership's own code for a locality), or None."""
    return Area.objects.filter(code=code).first()


@dataclass(frozen=True)
class AreaLatest:
    """An indicator's latest headline value for one area, with its 95% limits and its
    judgement against its benchmark (England for a local authority)."""

    indicator: Indicator
    comparison: AreaComparison
    period_start: date


def latest_values_for_area(indicators: Iterable[Indicator], area: Area) -> dict[int, AreaLatest]:
    """For each indicator (by id) with a headline value for the area, its latest one compared
    with the area's benchmark as `partnership_profile` compares it. Three queries whatever the
    number of indicators: the areas, the area's own points, and the benchmark's points for the
    same indicators and periods. Indicators with no value for the area are left out."""
    wanted = {indicator.pk: indicator for indicator in indicators}
    if not wanted:
        return {}
    areas = _all_areas()
    latest: dict[int, DataPoint] = {}
    for point in headline_points().filter(area=area, indicator_id__in=wanted):
        current = latest.get(point.indicator_id)
        if current is None or point.period_start > current.period_start:
            latest[point.indicator_id] = point
    if not latest:
        return {}
    benchmark = _benchmark_of(area, areas)
    context: dict[int, list[DataPoint]] = defaultdict(list)
    if benchmark is not None:
        pairs = Q()
        for point in latest.values():
            pairs |= Q(indicator_id=point.indicator_id, period=point.period)
        for point in headline_points().filter(area=benchmark).filter(pairs):
            context[point.indicator_id].append(point)
    found = {}
    for indicator_id, point in latest.items():
        indicator = wanted[indicator_id]
        points = [point, *_first_per_area(context[indicator_id])]
        comparison = next(c for c in compare_points(indicator, points, areas) if c.area == area)
        found[indicator_id] = AreaLatest(indicator, comparison, point.period_start)
    return found
