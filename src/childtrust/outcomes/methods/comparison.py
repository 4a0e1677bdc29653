"""How an area compares with its benchmark, and the quintile of each area among its peers."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from childtrust.outcomes.methods.common import (
    POLARITIES,
    FloatArray,
    Polarity,
    scalar_or_array,
)


def compare(
    value_lower: ArrayLike,
    value_upper: ArrayLike,
    benchmark: ArrayLike,
    polarity: Polarity | str,
) -> NDArray[np.str_]:
    """How each area compares with a benchmark, by whether the benchmark lies outside the
    area's confidence interval (OHID Fingertips "compared with benchmark"; run it with 95% and
    with 99.8% intervals).

    For "high is good": "better" when the benchmark is below the lower limit, "worse" when it
    is above the upper limit, otherwise "similar"; "low is good" the other way round; for
    "no judgement": "higher", "similar" or "lower". Where a limit or the benchmark is missing
    (NaN, for example a suppressed rate) the answer is "not compared".
    """
    if polarity not in POLARITIES:
        raise ValueError(f"The polarity must be one of {', '.join(POLARITIES)}, not {polarity!r}.")
    lower = np.asarray(value_lower, dtype=np.float64)
    upper = np.asarray(value_upper, dtype=np.float64)
    mark = np.asarray(benchmark, dtype=np.float64)
    above = mark < lower  # the area is significantly higher than the benchmark
    below = mark > upper
    if polarity == "high is good":
        higher, lower_word = "better", "worse"
    elif polarity == "low is good":
        higher, lower_word = "worse", "better"
    else:
        higher, lower_word = "higher", "lower"
    missing = np.isnan(lower) | np.isnan(upper) | np.isnan(mark)
    return np.select(
        [missing, above, below], ["not compared", higher, lower_word], default="similar"
    )


def quintiles(values: ArrayLike) -> FloatArray:
    """The quintile (1 lowest to 5 highest) of each value among all the values given, as
    Fingertips works it out; NaN where the value is NaN (NaNs are left out) and everywhere when
    fewer than five values are present.

    Fingertips (fingertips-open, PholioVisualisationWS/Analysis: QuintilesComparer,
    QuintilesCalculator and ValueCategoriesCalculator.GetCategoryBounds) sorts the present
    values, takes as bounds the minimum, the 20th, 40th, 60th and 80th percentiles and the
    maximum, and gives each value the first quintile whose upper bound it does not exceed. The
    k-th percentile is interpolated between the sorted values v_1..v_N at position
    (N - 1) x k/100 + 1 (as Excel's PERCENTILE.INC), rounded to 10 decimal places. For 12 areas
    the quintiles hold 3, 2, 2, 2 and 3 areas; tied values share a quintile.

    Quintile 1 holds the lowest values whatever the indicator's polarity: Fingertips does not
    turn quintiles round for polarity, and leaves it to the display to say whether the lowest
    values are the best or the worst.
    """
    array = np.asarray(values, dtype=np.float64)
    flat = array.ravel()
    present = ~np.isnan(flat)
    result = np.full(flat.shape, np.nan)
    if np.count_nonzero(present) >= 5:
        bounds = _quintile_bounds(np.sort(flat[present]))
        # The first quintile q (1..5) with value <= bounds[q]; the maximum is bounds[5].
        result[present] = np.searchsorted(bounds[1:], flat[present], side="left") + 1
    return scalar_or_array(result.reshape(array.shape))


def _quintile_bounds(ordered: FloatArray) -> FloatArray:
    """Minimum, 20th, 40th, 60th and 80th percentiles and maximum of sorted values, worked as
    ValueCategoriesCalculator.CalculatePercentile does (same floating-point steps)."""
    count = ordered.size
    step = 1.0 / 5.0
    bounds = [float(ordered[0])]
    for i in range(1, 5):
        position = (float(count) - 1) * (step * i) + 1
        if position == 1.0:
            bound = float(ordered[0])
        elif position == count:
            bound = float(ordered[-1])
        else:
            k = int(position)
            d = position - k
            bound = float(ordered[k - 1] + d * (ordered[k] - ordered[k - 1]))
            # Math.Round(x, 10, MidpointRounding.AwayFromZero)
            bound = float(np.sign(bound) * np.floor(abs(bound) * 1e10 + 0.5) / 1e10)
        bounds.append(bound)
    bounds.append(float(ordered[-1]))
    return np.asarray(bounds, dtype=np.float64)
