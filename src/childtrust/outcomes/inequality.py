"""The inequality view of an indicator held by ward: the partnership's wards grouped by their
Index of Multiple Deprivation decile (1 the most deprived tenth of England, 10 the least), each
decile's value with its 95% confidence interval and standard error, and the slope index of
inequality (SII) and relative index of inequality (RII) across the deciles
(`methods.sii`, as PHEindicatormethods' `phe_sii`).

How a decile's value is worked out depends on the indicator's value type:

- a proportion or a crude rate: the wards' counts and denominators are summed, and the decile's
  value, interval (Wilson; exact Poisson below 10 events and Byar's from 10) and standard error
  (sqrt(p(1 - p)/n) for a proportion, sqrt(O)/n for a rate, times the multiplier) are those of
  the sums: exact, as if the decile were one area;
- an indirectly standardised rate: the wards' observed counts and expected counts (the file's
  denominator) are summed; with one reference rate for every ward, the decile's rate is the
  wards' rates weighted by their expected counts, its standard error rate / sqrt(O) and its
  limits the observed count's Poisson limits scaled, as for one area (`selectors._limits`);
- a directly standardised rate or a mean: a sum of counts is neither, so the decile's value is
  the wards' values weighted by their denominators (exact for a mean, whose denominator is the
  number of people measured; an approximation for a directly standardised rate, which would
  need each age band's counts), and its standard error comes from the wards' 95% limits,
  sqrt(Σ n² se²) / Σ n with se = (upper - lower) / (2 x 1.96): the spread between wards of one
  decile is not counted, so the interval is somewhat narrow;
- a count, or no value type: no inequality is worked out (a count measures the size of a
  population as much as its need).

Only wards with a decile and figures for the period count; a decile with none is shown with no
value and left out of the regression, whose population ranks are then those of the partnership's
own population (a city with no ward in the least deprived tenth of England has no population
there). The SII needs at least MIN_DECILES deciles with a value. Its limits are simulated with a
fixed seed, so the same figures always give the same page."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Final

import numpy as np
from django.db.models import Max
from django.utils.safestring import SafeString

from childtrust.core.charts.inequality import DecilePoint, inequality_chart
from childtrust.outcomes import methods, selectors, units
from childtrust.outcomes.models import AreaType, DataPoint, Indicator, ValueType

DECILES: Final = tuple(range(1, 11))
#: The fewest deciles with a value the SII is worked out from: fewer points than this say
#: little about a gradient (the public health profiles ask for every quantile).
MIN_DECILES: Final = 5
CONFIDENCE: Final = 0.95
#: PHEindicatormethods' default number of simulations for the SII's limits.
REPETITIONS: Final = 100_000
#: The seed of the SII's simulated limits: the page shows the same limits on every visit.
SEED: Final = 2004
_Z_95: Final = 1.959963984540054

POOLED: Final = (ValueType.PROPORTION, ValueType.CRUDE_RATE)
WEIGHTED: Final = (ValueType.DIRECTLY_STANDARDISED_RATE, ValueType.MEAN)

METHOD_WORDS: Final = {
    ValueType.PROPORTION: (
        "Each decile's value is its wards' counts over their denominators, summed, with its "
        "Wilson 95% confidence interval."
    ),
    ValueType.CRUDE_RATE: (
        "Each decile's rate is its wards' counts over their denominators, summed, with its "
        "exact Poisson (below 10 events) or Byar's 95% confidence interval."
    ),
    ValueType.INDIRECTLY_STANDARDISED_RATE: (
        "Each decile's rate is its wards' rates weighted by their expected counts (the "
        "observed over the expected events of the whole decile), with the Poisson limits of "
        "its observed count."
    ),
    ValueType.DIRECTLY_STANDARDISED_RATE: (
        "Each decile's rate is its wards' rates weighted by their populations, an "
        "approximation (a directly standardised rate would need each age band's counts); its "
        "interval is worked out from the wards' own intervals."
    ),
    ValueType.MEAN: (
        "Each decile's mean is its wards' means weighted by how many people each measured, "
        "with an interval worked out from the wards' own intervals."
    ),
}


@dataclass(frozen=True)
class DecileRow:
    decile: int
    #: The names of the decile's wards with figures for the period.
    wards: tuple[str, ...]
    value: float | None = None
    lower_95: float | None = None
    upper_95: float | None = None
    standard_error: float | None = None
    count: float | None = None
    #: The summed denominators (the expected counts for an ISR): the decile's weight.
    denominator: float | None = None
    #: The decile's population midpoint on the relative rank scale (0 the most deprived end of
    #: the partnership's population, 1 the least), where it has a value.
    rank: float | None = None
    #: The fitted SII line's value at `rank`.
    fitted: float | None = None


@dataclass(frozen=True)
class Inequality:
    indicator: Indicator
    period: str
    deciles: tuple[DecileRow, ...]
    #: Why the SII could not be worked out, or "" when it was.
    reason: str = ""
    sii: float | None = None
    sii_lower: float | None = None
    sii_upper: float | None = None
    rii: float | None = None
    rii_lower: float | None = None
    rii_upper: float | None = None
    #: The fitted line's value at the most deprived (rank 0) and least deprived (rank 1) ends.
    line: tuple[float, float] | None = None
    method: str = ""
    #: Where the wards' deciles come from (each source named once).
    sources: tuple[str, ...] = ()
    #: Wards with figures for the period but no decile, so left out.
    wards_without_decile: int = 0

    @property
    def calculated(self) -> bool:
        return self.sii is not None

    @property
    def with_value(self) -> tuple[DecileRow, ...]:
        return tuple(row for row in self.deciles if row.value is not None)


def _optional(value: float) -> float | None:
    """A figure, or None where it has none (a relative index whose most deprived end is 0)."""
    return float(value) if math.isfinite(value) else None


def _ward_points(indicator: Indicator) -> tuple[str, list[selectors.AreaComparison], int]:
    """The latest period the indicator has ward figures for, each ward's comparison (its
    value and limits, stored or worked out) and how many wards had figures but no decile.
    Three queries."""
    wards = selectors.headline_points().filter(indicator=indicator, area__area_type=AreaType.WARD)
    latest = wards.aggregate(latest=Max("period_start"))["latest"]
    if latest is None:
        return "", [], 0
    chosen: dict[int, DataPoint] = {}
    for point in wards.filter(period_start=latest).select_related("area"):
        chosen.setdefault(point.area_id, point)  # one per ward: the headline row first
    points = list(chosen.values())
    areas = {point.area_id: point.area for point in points}
    with_decile = [p for p in points if p.area.imd_decile is not None]
    comparisons = selectors.compare_points(indicator, with_decile, areas)
    return points[0].period, comparisons, len(points) - len(with_decile)


def _pooled(kind: str, multiplier: float, count: float, n: float) -> tuple[float, ...]:
    """A proportion's or crude rate's value, limits and standard error from summed figures."""
    if kind == ValueType.PROPORTION:
        p = count / n
        lower, upper = methods.wilson_ci(count, n, CONFIDENCE)
        se = math.sqrt(p * (1 - p) / n)
        return p * multiplier, float(lower) * multiplier, float(upper) * multiplier, se * multiplier
    value, lower, upper = methods.rate(count, n, multiplier, CONFIDENCE)
    return float(value), float(lower), float(upper), math.sqrt(count) / n * multiplier


def _decile_row(
    kind: str, multiplier: float, decile: int, members: list[selectors.AreaComparison]
) -> DecileRow:
    """One decile's figures from its wards' (see the module's docstring for each value type)."""
    if kind in POOLED:
        usable = [c for c in members if c.count is not None and c.denominator]
        if kind == ValueType.PROPORTION:
            usable = [c for c in usable if (c.count or 0) <= (c.denominator or 0)]
        names = tuple(c.area.name for c in usable)
        if not usable:
            return DecileRow(decile, names)
        count = sum(float(c.count or 0) for c in usable)
        n = sum(float(c.denominator or 0) for c in usable)
        value, lower, upper, se = _pooled(kind, multiplier, count, n)
        return DecileRow(decile, names, value, lower, upper, se, count, n)
    if kind == ValueType.INDIRECTLY_STANDARDISED_RATE:
        usable = [
            c for c in members if c.value is not None and c.count is not None and c.denominator
        ]
        names = tuple(c.area.name for c in usable)
        observed = sum(float(c.count or 0) for c in usable)
        if not usable or observed <= 0:
            return DecileRow(decile, names)
        expected = sum(float(c.denominator or 0) for c in usable)
        value = sum(float(c.value or 0) * float(c.denominator or 0) for c in usable) / expected
        low, high = methods.count_limits(observed, CONFIDENCE)
        scale = value / observed
        return DecileRow(
            decile,
            names,
            value,
            float(low) * scale,
            float(high) * scale,
            value / math.sqrt(observed),
            observed,
            expected,
        )
    usable = [
        c
        for c in members
        if c.value is not None
        and c.denominator
        and c.lower_95 is not None
        and c.upper_95 is not None
    ]
    names = tuple(c.area.name for c in usable)
    if not usable:
        return DecileRow(decile, names)
    weights = np.array([float(c.denominator or 0) for c in usable])
    values = np.array([float(c.value or 0) for c in usable])
    widths = np.array([float(c.upper_95 or 0) - float(c.lower_95 or 0) for c in usable])
    ses = widths / (2 * _Z_95)
    total = float(weights.sum())
    value = float((weights * values).sum()) / total
    se = math.sqrt(float((weights * weights * ses * ses).sum())) / total
    return DecileRow(decile, names, value, value - _Z_95 * se, value + _Z_95 * se, se, None, total)


def _not_worked_out(indicator: Indicator) -> str:
    kind = indicator.value_type
    if kind == ValueType.COUNT:
        return (
            "The inequality between deciles is not worked out for a count: a count depends on "
            "how many people live in each decile as much as on their need."
        )
    if kind not in (*POOLED, *WEIGHTED, ValueType.INDIRECTLY_STANDARDISED_RATE):
        return (
            "The inequality between deciles cannot be worked out until the indicator's value "
            "type is set."
        )
    return ""


def indicator_inequality(indicator: Indicator) -> Inequality:
    """The indicator's inequality view for the latest period with ward figures (see the
    module's docstring). Three queries; the SII's limits are simulated once."""
    empty = tuple(DecileRow(decile, ()) for decile in DECILES)
    refused = _not_worked_out(indicator)
    if refused:
        return Inequality(indicator, "", empty, reason=refused)
    period, comparisons, without = _ward_points(indicator)
    sources = tuple(sorted({c.area.imd_decile_source for c in comparisons} - {""}))
    if not comparisons:
        reason = (
            "No ward has both a deprivation decile and figures for this indicator, so the "
            "inequality between deciles cannot be calculated."
            if period
            else "No ward figures are held for this indicator, so the inequality between "
            "deprivation deciles cannot be calculated."
        )
        return Inequality(indicator, period, empty, reason=reason, wards_without_decile=without)
    multiplier = float(indicator.multiplier)
    kind = indicator.value_type
    rows = [
        _decile_row(
            kind, multiplier, decile, [c for c in comparisons if c.area.imd_decile == decile]
        )
        for decile in DECILES
    ]
    shown = [row for row in rows if row.value is not None and row.standard_error is not None]
    method = METHOD_WORDS.get(ValueType(kind), "")
    if len(shown) < MIN_DECILES:
        reason = (
            f"The slope index of inequality needs at least {MIN_DECILES} deprivation deciles "
            f"with a value; {len(shown)} {'has' if len(shown) == 1 else 'have'} one, so it "
            "cannot be calculated."
        )
        return Inequality(
            indicator,
            period,
            tuple(rows),
            reason=reason,
            method=method,
            sources=sources,
            wards_without_decile=without,
        )
    values = np.array([row.value for row in shown], dtype=np.float64)
    populations = np.array([row.denominator for row in shown], dtype=np.float64)
    errors = np.array([row.standard_error for row in shown], dtype=np.float64)
    sii, sii_lower, sii_upper, rii, rii_lower, rii_upper = methods.sii(
        values, populations, errors, confidence=CONFIDENCE, repetitions=REPETITIONS, seed=SEED
    )
    # The regression weighted by population share on the population midpoints passes through
    # the population-weighted mean value at the mean rank, 0.5 (phe_sii's regression).
    share = populations / populations.sum()
    ranks = np.cumsum(share) - share / 2
    centre = float((share * values).sum())
    slope = float(sii)
    fitted = {
        row.decile: replace(row, rank=float(r), fitted=centre + slope * (float(r) - 0.5))
        for row, r in zip(shown, ranks, strict=True)
    }
    return Inequality(
        indicator,
        period,
        tuple(fitted.get(row.decile, row) for row in rows),
        sii=_optional(float(sii)),
        sii_lower=_optional(float(sii_lower)),
        sii_upper=_optional(float(sii_upper)),
        rii=_optional(float(rii)),
        rii_lower=_optional(float(rii_lower)),
        rii_upper=_optional(float(rii_upper)),
        line=(centre - slope / 2, centre + slope / 2),
        method=method,
        sources=sources,
        wards_without_decile=without,
    )


# --- The indicator page's section ---------------------------------------------------------------

#: The decile source the demonstration wards carry (outcomes.demo): the page says so.
DEMONSTRATION_SOURCE: Final = "Demonstration deciles, not published figures"


@dataclass(frozen=True)
class InequalitySection:
    inequality: Inequality
    unit: str
    chart: SafeString | None
    sentence: str

    @property
    def demonstration(self) -> bool:
        return DEMONSTRATION_SOURCE in self.inequality.sources


def _gap_unit(unit: str) -> str:
    """A difference between two percentages is in percentage points."""
    return "percentage points" if unit == units.PERCENT else unit


def _figure(value: float | None, unit: str) -> str:
    return units.with_unit(value, _gap_unit(unit)) if value is not None else "no value"


def inequality_sentence(inequality: Inequality, unit: str) -> str:
    """What the chart shows, in one or two sentences: the gap between the most and least
    deprived ends of the fitted line (the SII) with its interval, and the RII."""
    if not inequality.calculated:
        return inequality.reason
    sii = inequality.sii or 0.0
    lower, upper = inequality.sii_lower, inequality.sii_upper
    deciles = len(inequality.with_value)
    wards = sum(len(row.wards) for row in inequality.with_value)
    if sii < 0:
        where = "higher among the most deprived"
        gap, low, high = (
            -sii,
            (-upper if upper is not None else None),
            (-lower if lower is not None else None),
        )
    else:
        where = "higher among the least deprived" if sii > 0 else "the same at both ends"
        gap, low, high = sii, lower, upper
    text = (
        f"Across {wards} wards in {deciles} deprivation deciles ({inequality.period}), the gap "
        f"between the most and least deprived is {_figure(gap, unit)} (95% confidence "
        f"interval {_figure(low, '')} to {_figure(high, '')}): the value is {where}."
    )
    if low is not None and high is not None and low <= 0 <= high:
        text += " The interval includes no gap at all, so the difference may be chance."
    if inequality.rii is not None:
        text += (
            " The relative index of inequality, the fitted value at the least deprived end over "
            f"that at the most deprived end, is {inequality.rii:,.2f} (95% confidence interval "
            f"{_ratio(inequality.rii_lower)} to {_ratio(inequality.rii_upper)})."
        )
    return text


def _ratio(value: float | None) -> str:
    return "not available" if value is None else f"{value:,.2f}"


def inequality_section(indicator: Indicator) -> InequalitySection:
    """The indicator page's inequality section: the figures, the chart and its sentence."""
    inequality = indicator_inequality(indicator)
    unit = units.value_unit(indicator)
    sentence = inequality_sentence(inequality, unit)
    shown = [row for row in inequality.deciles if row.value is not None and row.rank is not None]
    chart = None
    if inequality.calculated and shown:
        chart = inequality_chart(
            [
                DecilePoint(
                    row.decile, row.rank or 0.0, row.value or 0.0, row.lower_95, row.upper_95
                )
                for row in shown
            ],
            line=inequality.line,
            chart_id="inequality",
            title=f"{indicator.name}: by ward deprivation decile, {inequality.period}",
            description=(
                "Each deprivation decile's value with its 95% confidence interval, from the most "
                "deprived (decile 1, left) to the least deprived, placed at the middle of its "
                "share of the population, with the fitted line of the slope index of "
                "inequality. " + sentence
            ),
            y_label=f"Value{units.heading(unit)}",
        )
    return InequalitySection(inequality, unit, chart, sentence)
