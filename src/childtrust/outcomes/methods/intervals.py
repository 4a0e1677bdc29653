"""Confidence intervals for proportions, counts and crude and directly standardised rates."""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import ArrayLike

from childtrust.outcomes.methods.common import (
    SMALL_COUNT,
    FloatArray,
    check_confidence,
    check_denominator,
    not_negative,
    scalar_or_array,
    z_value,
)

#: The 2013 European Standard Population in 19 five-year age bands, 0-4, 5-9 ... 85-89, 90+
#: (Eurostat, "Revision of the European Standard Population", 2013), which OHID uses for
#: directly standardised rates. It sums to 100,000.
# fmt: off
ESP2013: Final[FloatArray] = np.array(
    [
        5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
        7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000,
    ],
    dtype=np.float64,
)
# fmt: on
ESP2013.setflags(write=False)


def wilson_ci(
    count: ArrayLike, denominator: ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """The Wilson score interval for a proportion, as fractions (0 to 1).

    lower, upper = (2x + z² ∓ z·sqrt(z² + 4x(1 - x/n))) / (2(n + z²)), where x is the count, n
    the denominator and z the normal quantile for the confidence. Source: Wilson (1927), J. Am.
    Stat. Assoc. 22:209-212; Newcombe (1998), Statistics in Medicine 17:857-872, method 3; the
    OHID "Confidence intervals" technical guidance and PHEindicatormethods `phe_proportion`.

    A count of 0 gives a lower limit of exactly 0 and a count equal to the denominator an upper
    limit of exactly 1. Raises ValueError for a negative count, a denominator of zero or less,
    or a count above its denominator.
    """
    x = not_negative(count, "count")
    n = np.asarray(denominator, dtype=np.float64)
    check_denominator(n)
    if np.any(x > n):
        raise ValueError("The count must not be greater than its denominator.")
    z = z_value(confidence)
    centre = 2 * x + z * z
    spread = z * np.sqrt(z * z + 4 * x * (1 - x / n))
    scale = 2 * (n + z * z)
    lower = np.where(x == 0, 0.0, (centre - spread) / scale)
    upper = np.where(x == n, 1.0, (centre + spread) / scale)
    return scalar_or_array(lower), scalar_or_array(upper)


def byars_limits(count: ArrayLike, confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Byar's approximation to the exact Poisson limits of an observed count O.

    lower = O(1 - 1/(9O) - z/(3·sqrt(O)))³, upper = (O+1)(1 - 1/(9(O+1)) + z/(3·sqrt(O+1)))³.
    Source: Breslow & Day (1987), Statistical Methods in Cancer Research vol. II, IARC, p. 69;
    PHEindicatormethods `byars_lower` / `byars_upper`. Good from about 10 events; a count of 0
    has a lower limit of 0.
    """
    o = not_negative(count, "count")
    z = z_value(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = np.where(o == 0, 0.0, o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3)
    o1 = o + 1
    upper = o1 * (1 - 1 / (9 * o1) + z / (3 * np.sqrt(o1))) ** 3
    return scalar_or_array(lower), scalar_or_array(upper)


def exact_poisson_limits(
    count: ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """The exact Poisson limits of an observed count O, from the chi-squared distribution:
    lower = χ²(alpha/2; 2O)/2, upper = χ²(1 - alpha/2; 2O + 2)/2 with alpha = 1 - confidence
    (Garwood 1936, Biometrika 28:437-442; PHEindicatormethods `poisson_lower` and
    `poisson_upper`). A count of 0 has a lower limit of exactly 0.

    Counts are usually few distinct small integers, so each distinct count is worked out once.
    """
    from scipy import stats

    o = not_negative(count, "count")
    check_confidence(confidence)
    alpha = 1 - confidence
    distinct, where = np.unique(o, return_inverse=True)
    with np.errstate(invalid="ignore"):
        lower = np.where(distinct == 0, 0.0, stats.chi2.ppf(alpha / 2, 2 * distinct) / 2)
    upper = stats.chi2.ppf(1 - alpha / 2, 2 * distinct + 2) / 2
    shape = o.shape
    return (
        scalar_or_array(lower[where].reshape(shape)),
        scalar_or_array(upper[where].reshape(shape)),
    )


def count_limits(count: ArrayLike, confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Limits for a Poisson count as OHID computes them: exact below 10 events, Byar's method
    from 10 events (PHEindicatormethods `phe_rate`)."""
    o = not_negative(count, "count")
    small = o < SMALL_COUNT
    lower, upper = byars_limits(o, confidence)
    lower, upper = np.array(lower, dtype=np.float64), np.array(upper, dtype=np.float64)
    if np.any(small):
        exact_lower, exact_upper = exact_poisson_limits(o[small], confidence)
        lower[small], upper[small] = exact_lower, exact_upper
    return scalar_or_array(lower), scalar_or_array(upper)


def rate(
    count: ArrayLike,
    denominator: ArrayLike,
    multiplier: float = 100_000,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """A crude rate per `multiplier` with its confidence interval: (value, lower, upper).

    value = O / n x multiplier. The limits are the count's limits (exact Poisson below 10
    events, Byar's method from 10) divided by n and multiplied up, as in the OHID "Confidence
    intervals" guidance and PHEindicatormethods `phe_rate`. Raises ValueError for a negative
    count or a denominator of zero or less.
    """
    o = not_negative(count, "count")
    n = np.asarray(denominator, dtype=np.float64)
    check_denominator(n)
    o, n = np.broadcast_arrays(o, n)
    lower, upper = count_limits(o, confidence)
    scale = multiplier / n
    return (
        scalar_or_array(o * scale),
        scalar_or_array(lower * scale),
        scalar_or_array(upper * scale),
    )


def dsr(
    counts: ArrayLike,
    populations: ArrayLike,
    standard_populations: ArrayLike = ESP2013,
    multiplier: float = 100_000,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """A directly standardised rate per `multiplier` with its confidence interval by Dobson's
    method: (value, lower, upper).

    The last axis holds the age bands (for 2-D input, one row per area); `standard_populations`
    has one weight per band (by default ESP2013). With O = Σ Oᵢ and W = Σ wᵢ:
    DSR = Σ wᵢ Oᵢ / nᵢ / W, var(DSR) = Σ wᵢ² Oᵢ / nᵢ² / W², and each limit is
    DSR + sqrt(var / O) x (O_limit - O), where O_limit is the exact Poisson (below 10) or Byar's
    limit for the total count. Sources: Dobson et al. (1991), Statistics in Medicine 10:457-462;
    OHID technical guide "Calculating directly standardised rates"; PHEindicatormethods
    `phe_dsr`. Where the total count is below 10 the value and its limits are NaN (suppressed),
    as OHID does.
    """
    o = not_negative(counts, "counts")
    n = np.asarray(populations, dtype=np.float64)
    check_denominator(n, "population in every age band")
    w = not_negative(standard_populations, "standard population")
    o, n = np.broadcast_arrays(o, n)
    if o.ndim == 0 or o.shape[-1] != w.shape[-1]:
        raise ValueError(
            f"The counts have {o.shape[-1] if o.ndim else 1} age bands but the standard "
            f"population has {w.shape[-1]}."
        )
    total_weight = w.sum()
    total = o.sum(axis=-1)
    value = (w * o / n).sum(axis=-1) / total_weight
    variance = (w * w * o / (n * n)).sum(axis=-1) / total_weight**2
    count_lower, count_upper = count_limits(total, confidence)
    suppressed = total < SMALL_COUNT
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.sqrt(variance / total)
    lower = np.where(suppressed, np.nan, value + spread * (count_lower - total))
    upper = np.where(suppressed, np.nan, value + spread * (count_upper - total))
    value = np.where(suppressed, np.nan, value)
    return (
        scalar_or_array(value * multiplier),
        scalar_or_array(lower * multiplier),
        scalar_or_array(upper * multiplier),
    )
