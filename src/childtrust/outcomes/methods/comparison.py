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
    """The quintile (1 lowest to 5 highest) of each value among all the values given, NaN where
    the value is NaN (and NaNs are left out of the ranking).

    With the n present values ranked 1..n (tied values share the lowest rank), quintile =
    ceil(5 x rank / n), so each quintile holds a fifth of the areas as nearly as ties allow.
    """
    from scipy import stats

    array = np.asarray(values, dtype=np.float64)
    flat = array.ravel()
    present = ~np.isnan(flat)
    result = np.full(flat.shape, np.nan)
    count = int(present.sum())
    if count:
        ranks = stats.rankdata(flat[present], method="min")
        result[present] = np.ceil(5 * ranks / count)
    return scalar_or_array(result.reshape(array.shape))
