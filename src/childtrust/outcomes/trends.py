"""An area's recent trend in an indicator, as the public health profiles mark it: increasing,
decreasing or no significant change over the latest five periods, or could not be calculated
(with the reason). The rule is Fingertips' own, in `methods.trend_marker`; this module reads the
points and says what the trend means for the indicator's polarity."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import numpy as np

from childtrust.outcomes import methods
from childtrust.outcomes.methods import trends as marker
from childtrust.outcomes.models import Area, DataPoint, Indicator, Polarity
from childtrust.outcomes.selectors import _limits, headline_points

#: The number of most recent points a recent trend looks at, as the public health profiles do
#: (Fingertips' PointsToUse).
TREND_POINTS: Final = marker.POINTS
#: The confidence at which a recent trend counts as significant: 99.8% (Fingertips'
#: ChiSquareConfidence, 9.54953570608324, the chi-squared value on 1 degree of freedom with
#: 0.2% above it).
TREND_CONFIDENCE: Final = marker.CONFIDENCE
NOT_CALCULATED: Final = marker.NOT_CALCULATED


@dataclass(frozen=True)
class Trend:
    #: "increasing", "decreasing", "no significant change" or "could not be calculated"
    direction: str
    significant: bool
    #: "getting better", "getting worse" or "" (no judgement, no significant change)
    meaning: str
    p_value: float | None
    statistic: float | None
    periods: tuple[str, ...]
    reason: str = ""


def recent_trend(indicator: Indicator, area: Area) -> Trend:
    """The area's recent trend over its latest five headline points, by the public health
    profiles' rule (`methods.trend_marker`). One query."""
    return trend_of(
        indicator,
        headline_points().filter(indicator=indicator, area=area).order_by("-period_start"),
    )


def trend_of(indicator: Indicator, newest_first: Iterable[DataPoint]) -> Trend:
    """recent_trend's judgement on an area's headline points of the indicator, newest first
    (for a caller that read many indicators' points at once). A value or 95% limit the file
    left out is worked out from the count and denominator, as the comparisons work it out."""
    points = _first_per_period(newest_first)[::-1]
    value, lower, upper = (np.zeros(0),) * 3
    if points:
        value, lower, upper, _, _, _ = _limits(indicator, points)
    found = methods.trend_marker(
        value_type=indicator.value_type,
        values=value,
        lower_95=lower,
        upper_95=upper,
        counts=[_nan(p.count) for p in points],
        denominators=[_nan(p.denominator) for p in points],
        period_starts=[p.period_start for p in points],
        period_years=indicator.period_years,
        periods=[p.period for p in points],
    )
    periods = tuple(points[i].period for i in found.used)
    meaning = ""
    if found.significant and indicator.polarity != Polarity.NO_JUDGEMENT:
        rising = found.direction == marker.INCREASING
        good = rising == (indicator.polarity == Polarity.HIGH_IS_GOOD)
        meaning = "getting better" if good else "getting worse"
    return Trend(
        direction=found.direction,
        significant=found.significant,
        meaning=meaning,
        p_value=found.p_value,
        statistic=found.statistic,
        periods=periods,
        reason=found.reason,
    )


def _nan(value: float | None) -> float:
    return float("nan") if value is None else float(value)


def _first_per_period(points: Iterable[DataPoint]) -> list[DataPoint]:
    chosen: dict[str, DataPoint] = {}
    for point in points:
        chosen.setdefault(point.period, point)
    return list(chosen.values())
