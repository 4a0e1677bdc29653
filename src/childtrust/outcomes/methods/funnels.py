"""Funnel plot control limits around a baseline proportion or rate."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from childtrust.outcomes.methods.common import (
    FloatArray,
    check_confidence,
    check_denominator,
    scalar_or_array,
)

if TYPE_CHECKING:
    from scipy.stats import rv_discrete


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
    check_denominator(n)
    check_confidence(confidence)
    if not 0 <= baseline <= 1:
        raise ValueError(f"The baseline proportion must be between 0 and 1, not {baseline}.")
    alpha = 1 - confidence
    lower = _interpolated_quantile(stats.binom, alpha / 2, n, np.float64(baseline)) / n
    upper = _interpolated_quantile(stats.binom, 1 - alpha / 2, n, np.float64(baseline)) / n
    if baseline in (0, 1):
        # Every count is 0 (or n): the limits are the baseline itself, not the interpolation's
        # step below it.
        lower = upper = np.full(n.shape, float(baseline))
    return scalar_or_array(np.clip(lower, 0, 1)), scalar_or_array(np.clip(upper, 0, 1))


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
    check_denominator(n)
    check_confidence(confidence)
    if baseline_rate < 0:
        raise ValueError(f"The baseline rate must not be negative, not {baseline_rate}.")
    alpha = 1 - confidence
    expected = n * baseline_rate / multiplier
    # Where the expected count is tiny the interpolation can step below zero counts.
    lower = np.maximum(_interpolated_quantile(stats.poisson, alpha / 2, expected), 0.0)
    upper = np.maximum(_interpolated_quantile(stats.poisson, 1 - alpha / 2, expected), 0.0)
    scale = multiplier / n
    return scalar_or_array(lower * scale), scalar_or_array(upper * scale)
