"""The recent trend marker of the public health profiles: whether an area's latest five values
are significantly increasing, significantly decreasing, or show no significant change.

The rule is Fingertips' own (ukhsa-collaboration/fingertips-open,
PholioVisualisationWS/Analysis/TrendMarkers/TrendMarkerCalculator.cs and TrendRequest.cs, and
the calculator's tests in PholioVisualisationWS/AnalysisTest/TrendMarkerCalculatorTest.cs; the
same calculator carried into dhsc-govuk/FingertipsNext as
trend-analysis/TrendAnalysisApp/Calculator/Legacy/TrendMarkerCalculator.cs):

- Only proportions and crude rates get a trend ("The recent trend cannot be calculated for this
  value type").
- Fingertips works trends out only for single-year periods ("... for this year range"). Issue
  15 allows longer periods that do not overlap (2011 - 13, 2014 - 16, ...): their values share
  no data. Periods that overlap (rolling 2015 - 17, 2016 - 18, ...) share two thirds of their
  data, so the test would count the same events three times; their trend is not worked out.
- It needs at least five periods, and the latest five must each have a value, a count and a
  denominator above 0: the run of valid periods is read back from the latest and stops at the
  first that is not valid.
- No period of that run may have a count equal to its denominator (100%): Fingertips refuses
  the trend ("The recent trend cannot be calculated"). For a proportion, none of the five may
  have a count of 0 either (0%): Fingertips' sign check takes the log odds, log(0), which has
  no value, so its answer there means nothing; issue 15 asks for no trend at 0% or 100%.
- A proportion: the chi-squared test for trend in proportions (Cochran-Armitage, as R's
  `prop.trend.test`) on the five counts and denominators, with times 1 to 5. The slope whose
  sign must hold is the ordinary least squares slope of the log odds log(x / (n - x)) on time.
  (Fingertips takes this path for proportions compared by its "SPC for proportions" method;
  childtrust takes it for every proportion, as issue 15 asks.)
- A crude rate: a regression of the value on time (1 to 5) weighted by the inverse variance
  that each value's 95% interval implies: standard error = (upper - lower) / 3.92, weight =
  1 / standard error squared. The statistic is (slope / its standard error) squared.
- Significant when the statistic exceeds 9.54953570608324, the chi-squared value on 1 degree
  of freedom with 0.2% above it (99.8% confidence), and the slope keeps its sign both with all
  five points and with each point left out in turn (six fits); otherwise "no significant
  change". A slope of exactly 0 counts as positive in the sign check, as Fingertips counts it.
- The marker is "increasing" for a positive slope and "decreasing" for a negative one.
  (fingertips-open never sets the slope on the proportion path, so its marker there would fall
  to "decreasing" whatever the data; FingertipsNext's tests expect "increasing" for a rising
  proportion. The log odds slope with all five points gives the direction here.)

Pure: no Django. Arrays run in time order, oldest first, one entry per period, NaN where a
figure is missing.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from childtrust.outcomes.methods.common import FloatArray

#: The number of most recent periods a trend looks at (Fingertips' PointsToUse).
POINTS: Final = 5
#: The chi-squared value on 1 degree of freedom with 0.2% above it (Fingertips'
#: ChiSquareConfidence): a trend is significant at 99.8% when its statistic exceeds this.
CHI_SQUARED_998: Final = 9.54953570608324
#: The confidence of that value.
CONFIDENCE: Final = 0.998
#: The width of a 95% interval in standard errors (2 x 1.96), as Fingertips divides by.
WIDTH_95_IN_ERRORS: Final = 3.92

INCREASING: Final = "increasing"
DECREASING: Final = "decreasing"
NO_CHANGE: Final = "no significant change"
NOT_CALCULATED: Final = "could not be calculated"

#: The value types a trend is worked out for, as Fingertips' TrendRequest.IsValid.
TREND_VALUE_TYPES: Final = ("proportion", "crude_rate")
_VALUE_TYPE_WORDS: Final = {
    "dsr": "directly standardised rates",
    "isr": "indirectly standardised rates",
    "mean": "means",
    "count": "counts",
}


@dataclass(frozen=True)
class TrendMarker:
    #: "increasing", "decreasing", "no significant change" or "could not be calculated"
    direction: str
    #: The chi-squared statistic on 1 degree of freedom, where worked out.
    statistic: float | None = None
    #: The slope with all five points (per period: of the log odds for a proportion, of the
    #: value for a rate), where worked out.
    slope: float | None = None
    #: Whether the slope kept its sign with all five points and with each left out.
    sign_holds: bool = False
    #: Why the trend could not be calculated, in words; "" otherwise.
    reason: str = ""
    #: The positions (oldest first) of the periods the trend was worked out on.
    used: tuple[int, ...] = ()

    @property
    def significant(self) -> bool:
        return self.direction in (INCREASING, DECREASING)

    @property
    def p_value(self) -> float | None:
        if self.statistic is None or math.isnan(self.statistic):
            return None
        from scipy import stats  # slow to import; only a worked-out trend needs it

        return float(stats.chi2.sf(self.statistic, 1))


def _refused(reason: str, used: tuple[int, ...] = ()) -> TrendMarker:
    return TrendMarker(NOT_CALCULATED, reason=reason, used=used)


def _array(values: ArrayLike, size: int, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64).reshape(-1)
    if array.size != size:
        raise ValueError(f"{name} has {array.size} entries where the values have {size}.")
    return array


def _months_apart(earlier: datetime.date, later: datetime.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _apart_words(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return "a year" if years == 1 else f"{years} years"
    return "a month" if months == 1 else f"{months} months"


def overlap_reason(period_starts: Sequence[datetime.date], period_years: int) -> str:
    """Why periods of `period_years` years beginning on these dates (oldest first) overlap, or
    "" where they do not: consecutive periods overlap when they begin fewer than
    `period_years` years apart. Periods of one year (or a quarter, or a month) are taken as
    they come, as Fingertips takes its single-year periods."""
    if period_years < 1:
        raise ValueError(f"A period covers at least 1 year, not {period_years}.")
    if period_years == 1:
        return ""
    gaps = [_months_apart(a, b) for a, b in itertools.pairwise(period_starts)]
    closest = min(gaps, default=12 * period_years)
    if closest >= 12 * period_years:
        return ""
    return (
        f"Each period covers {period_years} years but they begin {_apart_words(closest)} apart, "
        "so they overlap and share their data: a recent trend is worked out only on single "
        "years or on periods that do not overlap."
    )


def _signs_hold(times: FloatArray, y: FloatArray, weights: FloatArray) -> tuple[float, bool]:
    """The weighted least squares slope of y on time with every point, and whether the slope
    has the same sign (0 counted as positive, as Fingertips counts it) with every point and
    with each point left out in turn."""
    slopes = []
    for left_out in range(-1, times.size):
        keep = np.arange(times.size) != left_out
        w, t, v = weights[keep], times[keep], y[keep]
        s_w, s_t, s_tt = w.sum(), (w * t).sum(), (w * t * t).sum()
        rise = s_w * (w * t * v).sum() - s_t * (w * v).sum()
        slopes.append(float(rise / (s_w * s_tt - s_t**2)))
    positive = [slope >= 0 for slope in slopes]
    return slopes[0], all(positive) or not any(positive)


def _proportion_trend(counts: FloatArray, denominators: FloatArray) -> tuple[float, float, bool]:
    """The chi-squared statistic for trend in proportions over times 1 to 5, with the log odds
    slope and whether its sign holds (TrendMarkerCalculator.IsSignificantForProportions and
    NoOutliersCheckForProportion)."""
    times = np.arange(1, counts.size + 1, dtype=np.float64)
    total, events = denominators.sum(), counts.sum()
    s_xt, s_nt = (counts * times).sum(), (denominators * times).sum()
    s_ntt = (denominators * times * times).sum()
    statistic = float(
        total
        * (total * s_xt - events * s_nt) ** 2
        / (events * (total - events) * (total * s_ntt - s_nt**2))
    )
    log_odds = np.log(counts / (denominators - counts))
    slope, holds = _signs_hold(times, log_odds, np.ones_like(times))
    return statistic, slope, holds


def _rate_trend(
    values: FloatArray, lower: FloatArray, upper: FloatArray
) -> tuple[float, float, bool]:
    """The regression of value on times 1 to 5 weighted by the inverse variance each 95%
    interval implies, its statistic (slope / standard error) squared, and whether the slope's
    sign holds (TrendMarkerCalculator.IsSignificant and NoOutliersCheck)."""
    times = np.arange(1, values.size + 1, dtype=np.float64)
    weights = 1 / ((upper - lower) / WIDTH_95_IN_ERRORS) ** 2
    slope, holds = _signs_hold(times, values, weights)
    s_w, s_t, s_tt = weights.sum(), (weights * times).sum(), (weights * times * times).sum()
    error = math.sqrt(s_w / (s_w * s_tt - s_t**2))
    return float((slope / error) ** 2), slope, holds


@dataclass(frozen=True)
class _Series:
    value: FloatArray
    lower: FloatArray
    upper: FloatArray
    count: FloatArray
    denominator: FloatArray
    periods: Sequence[str]

    @property
    def latest(self) -> tuple[int, ...]:
        size = self.value.size
        return tuple(range(max(size - POINTS, 0), size))


def trend_marker(
    *,
    value_type: str,
    values: ArrayLike,
    lower_95: ArrayLike,
    upper_95: ArrayLike,
    counts: ArrayLike,
    denominators: ArrayLike,
    period_starts: Sequence[datetime.date] = (),
    period_years: int = 1,
    periods: Sequence[str] = (),
) -> TrendMarker:
    """The recent trend of one area's series (oldest first, one entry per period; NaN where a
    figure is missing) by Fingertips' rule (see the module's docstring). `value_type` is the
    indicator's ("proportion", "crude_rate", ...), `period_starts` when each period begins and
    `period_years` how many years each covers; `periods` names them for the reasons given."""
    value = np.asarray(values, dtype=np.float64).reshape(-1)
    size = value.size
    series = _Series(
        value,
        _array(lower_95, size, "lower_95"),
        _array(upper_95, size, "upper_95"),
        _array(counts, size, "counts"),
        _array(denominators, size, "denominators"),
        periods,
    )
    if period_starts and len(period_starts) != size:
        raise ValueError(f"period_starts has {len(period_starts)} entries, the values {size}.")
    latest = series.latest
    reason = _series_refusal(value_type, series, period_starts, period_years) or _point_refusal(
        value_type, series
    )
    if reason:
        return _refused(reason, latest)
    used = np.array(latest)
    if value_type == "proportion":
        statistic, slope, holds = _proportion_trend(series.count[used], series.denominator[used])
    else:
        statistic, slope, holds = _rate_trend(
            series.value[used], series.lower[used], series.upper[used]
        )
    direction = NO_CHANGE
    if holds and statistic > CHI_SQUARED_998 and slope != 0:
        direction = INCREASING if slope > 0 else DECREASING
    return TrendMarker(direction, statistic, slope, holds, "", latest)


def _series_refusal(
    value_type: str,
    series: _Series,
    period_starts: Sequence[datetime.date],
    period_years: int,
) -> str:
    """Why the series as a whole gets no trend (TrendRequest.IsValid's checks in its order,
    with the overlap of issue 15 in place of the year range), or ""."""
    if value_type not in TREND_VALUE_TYPES:
        kind = _VALUE_TYPE_WORDS.get(value_type, "an indicator whose value type is not set")
        return (
            "The public health profiles work out recent trends only for proportions and crude "
            f"rates, not for {kind}."
        )
    if period_starts:
        reason = overlap_reason([period_starts[i] for i in series.latest], period_years)
        if reason:
            return reason
    size = series.value.size
    if size < POINTS:
        return f"A recent trend needs {POINTS} periods; there are {size}."
    if _valid_run(series) < POINTS:
        return (
            f"A recent trend needs a value, a count and a denominator for each of the latest "
            f"{POINTS} periods; {_missing(size - 1 - _valid_run(series), series.periods)} "
            "does not have them."
        )
    return ""


def _valid_run(series: _Series) -> int:
    """How many periods, back from the latest, have a value, a count and a denominator above 0
    (TrendRequest.GetValidDataList: the run stops at the first period without them)."""
    valid = (
        ~np.isnan(series.value)
        & ~np.isnan(series.count)
        & (series.count >= 0)
        & (series.denominator > 0)
    )
    size, run = valid.size, 0
    while run < size and valid[size - 1 - run]:
        run += 1
    return run


def _point_refusal(value_type: str, series: _Series) -> str:
    """Why a period's figures give no trend: 100% anywhere in the valid run (Fingertips'
    IsPossibleDivideByZeroErrors), 0% among a proportion's five, a rate's interval missing or
    of no width among the five; or ""."""
    count, denominator, size = series.count, series.denominator, series.value.size
    run = range(size - _valid_run(series), size)
    full = [i for i in run if count[i] == denominator[i]]
    if full:
        return (
            f"{_named(full[-1], series.periods)} is at 100% (its count equals its denominator), "
            "where the public health profiles' trend test cannot be worked out."
        )
    if value_type == "proportion":
        empty = [i for i in series.latest if count[i] == 0]
        if empty:
            return (
                f"{_named(empty[-1], series.periods)} is at 0% (its count is 0), where the "
                "public health profiles' trend test cannot be worked out."
            )
        return ""
    used = np.array(series.latest)
    width = series.upper[used] - series.lower[used]
    if np.isnan(width).any() or (width <= 0).any():
        return (
            "A recent trend of a rate needs the 95% confidence interval of each of the latest "
            f"{POINTS} periods, and each interval must have some width."
        )
    return ""


def _named(index: int, periods: Sequence[str]) -> str:
    return f"The period {periods[index]}" if periods else "A period"


def _missing(index: int, periods: Sequence[str]) -> str:
    return f"the period {periods[index]}" if periods else "one of them"
