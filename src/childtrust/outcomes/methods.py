"""Statistical methods for outcome indicators: proportions, crude and directly standardised
rates, their confidence intervals, funnel plot control limits, comparison with a benchmark and
quintiles.

Pure functions with no Django, vectorised over NumPy arrays (scalars and lists are accepted
and broadcast). They follow the methods that public health profiles in England use, as written
down in the OHID (formerly PHE) technical guidance "Confidence intervals" and "Calculating
directly standardised rates", and as implemented in the PHEindicatormethods R package
(`phe_proportion`, `phe_rate`, `phe_dsr`), so that the partnership's figures agree with
Fingertips.

Every interval is two-sided: a confidence of 0.95 leaves 2.5% in each tail, 0.998 leaves 0.1%.
Any confidence strictly between 0 and 1 is accepted.

SciPy is imported inside the functions that use it: importing it costs over a second, which
every page and command that computes no interval would otherwise pay at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    from scipy.stats import rv_discrete

FloatArray = NDArray[np.float64]
Polarity = Literal["high is good", "low is good", "no judgement"]

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

#: Below this many events OHID does not publish a directly standardised rate, and a crude rate's
#: interval comes from the exact Poisson distribution rather than Byar's approximation.
SMALL_COUNT: Final = 10

POLARITIES: Final[tuple[str, ...]] = ("high is good", "low is good", "no judgement")


def _z(confidence: float) -> float:
    """The standard normal quantile for a two-sided interval at this confidence."""
    from scipy import stats

    _check_confidence(confidence)
    return float(stats.norm.ppf(0.5 + confidence / 2))


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(
            f"The confidence must be between 0 and 1 (for example 0.95), not {confidence}."
        )


def _as_float(values: ArrayLike, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if np.any(array < 0):
        raise ValueError(f"The {name} must not be negative.")
    return array


def _check_denominator(denominator: FloatArray, name: str = "denominator") -> None:
    if np.any(denominator <= 0):
        raise ValueError(f"The {name} must be greater than zero.")


def _scalar_or_array(array: FloatArray) -> FloatArray:
    return array[()] if array.ndim == 0 else array


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
    x = _as_float(count, "count")
    n = np.asarray(denominator, dtype=np.float64)
    _check_denominator(n)
    if np.any(x > n):
        raise ValueError("The count must not be greater than its denominator.")
    z = _z(confidence)
    centre = 2 * x + z * z
    spread = z * np.sqrt(z * z + 4 * x * (1 - x / n))
    scale = 2 * (n + z * z)
    lower = np.where(x == 0, 0.0, (centre - spread) / scale)
    upper = np.where(x == n, 1.0, (centre + spread) / scale)
    return _scalar_or_array(lower), _scalar_or_array(upper)


def byars_limits(count: ArrayLike, confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Byar's approximation to the exact Poisson limits of an observed count O.

    lower = O(1 - 1/(9O) - z/(3·sqrt(O)))³, upper = (O+1)(1 - 1/(9(O+1)) + z/(3·sqrt(O+1)))³.
    Source: Breslow & Day (1987), Statistical Methods in Cancer Research vol. II, IARC, p. 69;
    PHEindicatormethods `byars_lower` / `byars_upper`. Good from about 10 events; a count of 0
    has a lower limit of 0.
    """
    o = _as_float(count, "count")
    z = _z(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = np.where(o == 0, 0.0, o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3)
    o1 = o + 1
    upper = o1 * (1 - 1 / (9 * o1) + z / (3 * np.sqrt(o1))) ** 3
    return _scalar_or_array(lower), _scalar_or_array(upper)


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

    o = _as_float(count, "count")
    _check_confidence(confidence)
    alpha = 1 - confidence
    distinct, where = np.unique(o, return_inverse=True)
    with np.errstate(invalid="ignore"):
        lower = np.where(distinct == 0, 0.0, stats.chi2.ppf(alpha / 2, 2 * distinct) / 2)
    upper = stats.chi2.ppf(1 - alpha / 2, 2 * distinct + 2) / 2
    shape = o.shape
    return (
        _scalar_or_array(lower[where].reshape(shape)),
        _scalar_or_array(upper[where].reshape(shape)),
    )


def count_limits(count: ArrayLike, confidence: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Limits for a Poisson count as OHID computes them: exact below 10 events, Byar's method
    from 10 events (PHEindicatormethods `phe_rate`)."""
    o = _as_float(count, "count")
    small = o < SMALL_COUNT
    lower, upper = byars_limits(o, confidence)
    lower, upper = np.array(lower, dtype=np.float64), np.array(upper, dtype=np.float64)
    if np.any(small):
        exact_lower, exact_upper = exact_poisson_limits(o[small], confidence)
        lower[small], upper[small] = exact_lower, exact_upper
    return _scalar_or_array(lower), _scalar_or_array(upper)


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
    o = _as_float(count, "count")
    n = np.asarray(denominator, dtype=np.float64)
    _check_denominator(n)
    o, n = np.broadcast_arrays(o, n)
    lower, upper = count_limits(o, confidence)
    scale = multiplier / n
    return (
        _scalar_or_array(o * scale),
        _scalar_or_array(lower * scale),
        _scalar_or_array(upper * scale),
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
    o = _as_float(counts, "counts")
    n = np.asarray(populations, dtype=np.float64)
    _check_denominator(n, "population in every age band")
    w = _as_float(standard_populations, "standard population")
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
        _scalar_or_array(value * multiplier),
        _scalar_or_array(lower * multiplier),
        _scalar_or_array(upper * multiplier),
    )


def _interpolated_quantile(distribution: rv_discrete, p: float, *args: ArrayLike) -> FloatArray:
    """The quantile of a discrete distribution with Spiegelhalter's interpolation (2005,
    Appendix A.1.1): r is the smallest count with P(y <= r) >= p, and the limit is r - a with
    a = (P(y <= r) - p) / (P(y <= r) - P(y <= r - 1)), so that limits move smoothly with n."""
    r = distribution.ppf(p, *args)
    at_r = distribution.cdf(r, *args)
    below_r = distribution.cdf(r - 1, *args)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(at_r > below_r, (at_r - p) / (at_r - below_r), 0.0)
    return np.asarray(r - a, dtype=np.float64)


def proportion_funnel_limits(
    denominators: ArrayLike, baseline: float, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Funnel plot control limits for a proportion (as fractions) around a baseline proportion.

    For each denominator n the limits are the exact binomial quantiles of Binomial(n, baseline)
    at alpha/2 and 1 - alpha/2, interpolated between counts and divided by n (Spiegelhalter 2005,
    "Funnel plots for comparing institutional performance", Statistics in Medicine
    24:1185-1202, section 2.2 and Appendix A.1.1; the exact method the APHO/PHE "Technical
    briefing 2: Statistical process control methods in public health intelligence" prefers to a
    normal approximation for small denominators). Draw the funnel with 0.95 and 0.998.
    """
    from scipy import stats

    n = np.asarray(denominators, dtype=np.float64)
    _check_denominator(n)
    _check_confidence(confidence)
    if not 0 <= baseline <= 1:
        raise ValueError(f"The baseline proportion must be between 0 and 1, not {baseline}.")
    alpha = 1 - confidence
    lower = _interpolated_quantile(stats.binom, alpha / 2, n, np.float64(baseline)) / n
    upper = _interpolated_quantile(stats.binom, 1 - alpha / 2, n, np.float64(baseline)) / n
    if baseline in (0, 1):
        # Every count is 0 (or n): the limits are the baseline itself, not the interpolation's
        # step below it.
        lower = upper = np.full(n.shape, float(baseline))
    return _scalar_or_array(np.clip(lower, 0, 1)), _scalar_or_array(np.clip(upper, 0, 1))


def rate_funnel_limits(
    denominators: ArrayLike,
    baseline_rate: float,
    multiplier: float = 100_000,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray]:
    """Funnel plot control limits for a crude rate per `multiplier` around a baseline rate.

    For each denominator n the expected count is λ = n x baseline_rate / multiplier; the limits
    are the exact Poisson quantiles of Poisson(λ) at alpha/2 and 1 - alpha/2, interpolated between
    counts (Spiegelhalter 2005, Statistics in Medicine 24:1185-1202, Appendix A.1.1), divided by
    n and multiplied up. Draw the funnel with 0.95 and 0.998.
    """
    from scipy import stats

    n = np.asarray(denominators, dtype=np.float64)
    _check_denominator(n)
    _check_confidence(confidence)
    if baseline_rate < 0:
        raise ValueError(f"The baseline rate must not be negative, not {baseline_rate}.")
    alpha = 1 - confidence
    expected = n * baseline_rate / multiplier
    # Where the expected count is tiny the interpolation can step below zero counts.
    lower = np.maximum(_interpolated_quantile(stats.poisson, alpha / 2, expected), 0.0)
    upper = np.maximum(_interpolated_quantile(stats.poisson, 1 - alpha / 2, expected), 0.0)
    scale = multiplier / n
    return _scalar_or_array(lower * scale), _scalar_or_array(upper * scale)


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
    return _scalar_or_array(result.reshape(array.shape))
